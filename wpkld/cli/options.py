"""Options and state shared by every command (defined once)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, TypeVar

import click

from ..limits import QUERY_TIMEOUT

if TYPE_CHECKING:
    from ..api import Dataset

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Context:
    """The global options, and the dataset opened from them on first use."""

    backend: str
    endpoint: str | None
    auth: str | None
    timeout: float
    allow_network: bool = False
    query_timeout: float | None = None
    _dataset: "Dataset | None" = field(default=None, repr=False)

    def dataset(self) -> "Dataset":
        """Open the data as the global options say (once)."""
        if self._dataset is None:
            from ..api import open

            headers = {"Authorization": self.auth} if self.auth else None
            self._dataset = open(backend=self.backend,  # type: ignore[arg-type]
                                 endpoint=self.endpoint, timeout=self.timeout, headers=headers,
                                 allow_network=self.allow_network,
                                 query_timeout=self.query_timeout or QUERY_TIMEOUT)
        return self._dataset


pass_context = click.make_pass_decorator(Context)


def query_limits(command: F) -> F:
    """Add --allow-network and --query-timeout to a command that runs queries."""

    def allow(ctx: click.Context, _: click.Parameter, value: bool) -> None:
        ctx.ensure_object(Context).allow_network = value

    def limit(ctx: click.Context, _: click.Parameter, value: float) -> None:
        ctx.ensure_object(Context).query_timeout = value

    command = click.option(
        "--allow-network", is_flag=True, expose_value=False, callback=allow,
        help="Let the query send requests to other hosts (SPARQL SERVICE, as the "
             "wikidata-* queries do); refused otherwise.")(command)
    return click.option(
        "--query-timeout", type=click.FloatRange(0, min_open=True), default=QUERY_TIMEOUT,
        show_default=True, expose_value=False, callback=limit, metavar="SECONDS",
        help="Give up on a query that runs longer (exit 3).")(command)

#: --format for commands that print result rows.
result_format = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
    show_default=True,
    help="table for people (labels, readable dates); csv; json is W3C SPARQL 1.1 Query Results JSON.")
