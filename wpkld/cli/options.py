"""Options shared by several commands, declared once: where the data is, and how to print rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import click

from ..limits import QUERY_TIMEOUT

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
    allow_network: bool = False
    query_timeout: float = QUERY_TIMEOUT
    _dataset: Dataset | None = field(default=None, repr=False)

    def dataset(self) -> Dataset:
        """Open the data as the options say (once)."""
        if self._dataset is None:
            from ..api import open

            headers = {"Authorization": self.auth} if self.auth else None
            self._dataset = open(backend=self.backend, endpoint=self.endpoint,
                                 timeout=self.timeout, headers=headers,
                                 allow_network=self.allow_network, query_timeout=self.query_timeout,
                                 prebuilt=True)
        return self._dataset


def timeout_option(help: str = "Seconds one exchange with a remote service may take in all: "
                                "connecting, retries and reading the answer.") -> Callable[[F], F]:
    """The ``--timeout`` option."""
    return click.option("--timeout", type=TIMEOUT, default=60.0, show_default=True, help=help)


def data_source(command: F) -> F:
    """Add ``--backend``, ``--endpoint``, ``--auth`` and ``--timeout`` to a command that reads the data.

    The command receives them as one :class:`DataSource` argument called ``source``.
    """
    options = [
        click.option("--backend", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
                     show_default=True,
                     help="Embedded store for the bundled data. oxigraph opens the graph prebuilt in the "
                          "package (read-only, on disk) when it matches the installed files, else builds it."),
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

    return _wrapped(wrapper, command, options)


def query_limits(command: F) -> F:
    """Add ``--allow-network`` and ``--query-timeout`` to a command decorated with :func:`data_source`.

    They are set on its ``source`` (:class:`DataSource`); put this decorator below ``data_source``.
    """
    options = [
        click.option("--allow-network", is_flag=True,
                     help="Let the query send requests to other hosts (SPARQL SERVICE, as the "
                          "wikidata-* queries do); refused otherwise."),
        click.option("--query-timeout", type=TIMEOUT, default=QUERY_TIMEOUT, show_default=True,
                     metavar="SECONDS", help="Give up on a query that runs longer (exit 3)."),
    ]

    def wrapper(*args: object, source: DataSource, allow_network: bool, query_timeout: float,
                **kwargs: object) -> object:
        source.allow_network, source.query_timeout = allow_network, query_timeout
        return command(*args, source=source, **kwargs)

    return _wrapped(wrapper, command, options)


def _wrapped(wrapper: Callable[..., object], command: F, options: Sequence[Callable[[Any], Any]]) -> F:
    """Give ``wrapper`` the command's name, help and options, then add ``options`` to it."""
    wrapper.__name__, wrapper.__doc__ = command.__name__, command.__doc__
    # Options declared below the decorator are already attached to the command.
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
