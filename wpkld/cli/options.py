"""Options shared by several commands, declared once: where the data is, and how to print rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeVar, cast

import click

if TYPE_CHECKING:
    from ..api import Dataset

F = TypeVar("F", bound=Callable[..., object])

#: Seconds: positive and finite; 0 or a negative number is a usage error.
TIMEOUT = click.FloatRange(min=0, min_open=True, max=24 * 3600)


@dataclass
class DataSource:
    """Where a command reads the data: an embedded backend or a SPARQL endpoint."""

    backend: Literal["oxigraph", "rdflib"]
    endpoint: str | None
    auth: str | None
    timeout: float
    _dataset: Dataset | None = field(default=None, repr=False)

    def dataset(self) -> Dataset:
        """Open the data as the options say (once)."""
        if self._dataset is None:
            from ..api import open

            headers = {"Authorization": self.auth} if self.auth else None
            self._dataset = open(backend=self.backend, endpoint=self.endpoint,
                                 timeout=self.timeout, headers=headers)
        return self._dataset


def timeout_option(help: str = "Seconds to wait for a remote service.") -> Callable[[F], F]:
    """The ``--timeout`` option."""
    return click.option("--timeout", type=TIMEOUT, default=60.0, show_default=True, help=help)


def data_source(command: F) -> F:
    """Add ``--backend``, ``--endpoint``, ``--auth`` and ``--timeout`` to a command that reads the data.

    The command receives them as one :class:`DataSource` argument called ``source``.
    """
    options = [
        click.option("--backend", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
                     show_default=True, help="Embedded store for the bundled data."),
        click.option("--endpoint", metavar="URL",
                     help="Query a SPARQL 1.1 endpoint that holds the data instead of an embedded store."),
        click.option("--auth", metavar="HEADER",
                     help='HTTP Authorization header for --endpoint, e.g. "Bearer TOKEN".'),
        timeout_option(),
    ]

    def wrapper(*args: object, backend: str, endpoint: str | None, auth: str | None,
                timeout: float, **kwargs: object) -> object:
        source = DataSource(cast(Literal["oxigraph", "rdflib"], backend), endpoint, auth, timeout)
        return command(*args, source=source, **kwargs)

    wrapper.__name__, wrapper.__doc__ = command.__name__, command.__doc__
    # Options declared below this decorator are already attached to the command.
    wrapper.__click_params__ = list(getattr(command, "__click_params__", []))  # type: ignore[attr-defined]
    wrapped: Callable[..., object] = wrapper
    for option in reversed(options):
        wrapped = option(wrapped)
    return cast(F, wrapped)


#: --format for commands that print result rows.
result_format = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
    show_default=True,
    help="table for people (labels, readable dates); csv; json is W3C SPARQL 1.1 Query Results JSON.")
