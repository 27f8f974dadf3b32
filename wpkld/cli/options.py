"""Options and state shared by every command (defined once)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..api import Dataset


@dataclass
class Context:
    """The global options, and the dataset opened from them on first use."""

    backend: str
    endpoint: str | None
    auth: str | None
    timeout: float
    _dataset: "Dataset | None" = field(default=None, repr=False)

    def dataset(self) -> "Dataset":
        """Open the data as the global options say (once)."""
        if self._dataset is None:
            from ..api import open

            headers = {"Authorization": self.auth} if self.auth else None
            self._dataset = open(backend=self.backend,  # type: ignore[arg-type]
                                 endpoint=self.endpoint, timeout=self.timeout, headers=headers)
        return self._dataset


pass_context = click.make_pass_decorator(Context)

#: --format for commands that print result rows.
result_format = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
    show_default=True,
    help="table for people (labels, readable dates); csv; json is W3C SPARQL 1.1 Query Results JSON.")
