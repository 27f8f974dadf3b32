"""The ``wpkld`` command: one click group, one module per verb.

Heavy libraries (rdflib, pyshacl, requests) are imported inside the commands
that need them, so that ``wpkld --help`` and ``wpkld query`` start fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import WpkldError
from .options import Context

EPILOG = """\b
Exit status:
  0  success; the data conforms
  1  the data does not conform, or a check (e.g. wikidata verify) failed
  2  usage error, unknown query or parameter, unreadable or malformed input
  3  a remote service (SPARQL endpoint, Graph Store, Wikidata) failed

\b
Examples:
  wpkld query purges --param faction=yanan
  wpkld query person -p person="Park Hun-young" --format json
  wpkld resolve "Mu Chng"
  wpkld validate --data my-additions.ttl
  wpkld --endpoint http://localhost:7878/query query timeline -p from=1956 -p to=1958

The data: https://w3id.org/wpkld/ (see README.md for the namespace policy).
"""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"],
                                              "max_content_width": 100})
@click.version_option(package_name="wpkld")
@click.option("--backend", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
              show_default=True, help="Embedded store for the bundled data.")
@click.option("--endpoint", metavar="URL",
              help="Query a SPARQL 1.1 endpoint that holds the data instead of an embedded store.")
@click.option("--auth", metavar="HEADER",
              help='HTTP Authorization header for --endpoint, e.g. "Bearer TOKEN".')
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=60.0, show_default=True,
              help="Seconds one exchange with a remote service may take in all: connecting, "
                   "retries and reading the answer.")
@click.pass_context
def cli(ctx: click.Context, backend: str, endpoint: str | None, auth: str | None,
        timeout: float) -> None:
    """Query, validate, export and link the history of the Workers' Party of Korea.

    wpkld bundles a sourced linked-data dataset (persons, factions, parties,
    party bodies, meetings, purges, trials, fates and numbers, each claim with
    its source text and a verbatim quote) and answers canned SPARQL queries
    on it, embedded or against any SPARQL 1.1 server.
    """
    ctx.obj = Context(backend=backend, endpoint=endpoint, auth=auth, timeout=timeout)


def _register() -> None:
    from . import commands

    for command in commands.ALL:
        cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> Any:
    """Run the command line; errors become one line on stderr, never a traceback."""
    try:
        return cli.main(args=argv, prog_name="wpkld", standalone_mode=False)
    except WpkldError as exc:
        click.echo(f"wpkld: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("wpkld: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
