"""The ``stats`` command: the dataset in figures."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from .options import DataSource, data_source

if TYPE_CHECKING:
    from ..stats import Stats


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table for people; json for programs.")
@data_source
def stats(source: DataSource, fmt: str) -> None:
    """Show the dataset in figures: resources per class, statements per source,
    conflicts, the share of statements with a quote and the share of entities
    with a Wikidata link.

    \b
    Examples:
      wpkld stats
      wpkld stats --backend rdflib --format json
    """
    from ..stats import compute

    figures = compute(source.dataset().store)
    if fmt == "json":
        click.echo(json.dumps(figures.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report(figures))


def report(figures: Stats) -> str:
    """Return the figures as text for people: totals, then two tables."""
    from pyoxigraph import Literal

    from ..output import to_table
    from ..store import Results

    def table(heads: list[str], rows: list[list[object]]) -> str:
        return to_table(Results(heads, [{h: Literal(str(v)) for h, v in zip(heads, row, strict=True)}
                                        for row in rows]), width=80)

    totals = table(["figure", "count", "share"], [
        ["statements", figures.statements, f"{figures.share_quoted:.1%} with a quote"],
        ["conflicts between sources", figures.conflicts, ""],
        ["entities", figures.entities, f"{figures.share_linked:.1%} with a Wikidata link"],
        ["candidate Wikidata links (unpublished)", figures.candidates, ""]])
    sources = table(["source", "statements", "quoted"],
                    [[s.label, s.count, s.quoted] for s in figures.sources])
    classes = table(["class", "resources"], [[c.label, c.count] for c in figures.classes])
    return "\n\n".join([totals, sources, classes])
