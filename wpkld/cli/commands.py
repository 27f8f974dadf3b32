"""The commands of the ``wpkld`` group, one module per verb, each imported when it is used.

Importing every command's module costs more than a ``wpkld query`` call
needs (docs/benchmarks.md, cold start): the group imports the one it runs,
and all of them only for ``wpkld --help``.
"""

from __future__ import annotations

import importlib

import click

#: Each command, by name, and the module of ``wpkld.cli`` that defines it under that name.
MODULES = {
    "export": "export", "load": "load", "queries": "query", "query": "query", "quotes": "quotes",
    "release": "export", "resolve": "query", "serve": "serve", "site": "site", "sparql": "query",
    "stats": "stats", "validate": "validate", "wikidata": "wikidata",
}


class LazyGroup(click.Group):
    """A click group whose commands are imported on first use (click's documented lazy-loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = MODULES.get(cmd_name)
        if module is None:
            return None
        command: click.Command = getattr(importlib.import_module(f"{__package__}.{module}"), cmd_name)
        return command
