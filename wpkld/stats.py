"""Figures that describe the dataset, computed by the internal ``stats-*`` queries."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .terms import to_python

if TYPE_CHECKING:
    from .store import Store


@dataclass(frozen=True)
class Count:
    """How many of something, with the IRI and label of what is counted."""

    iri: str
    label: str
    count: int
    #: For a source: how many of its statements carry a verbatim quote.
    quoted: int | None = None


@dataclass(frozen=True)
class Stats:
    """The dataset in figures."""

    #: Resources per ``wpk:`` class, most numerous first.
    classes: list[Count]
    #: Statements per source text, with how many carry a quote.
    sources: list[Count]
    statements: int
    quoted: int
    conflicts: int
    entities: int
    #: Entities with a published (verified or evidenced) Wikidata link.
    linked: int
    #: Links recorded as candidates, not published.
    candidates: int

    @property
    def share_quoted(self) -> float:
        """The share of statements that carry a verbatim quote (0 to 1)."""
        return self.quoted / self.statements if self.statements else 0.0

    @property
    def share_linked(self) -> float:
        """The share of entities with a published Wikidata link (0 to 1)."""
        return self.linked / self.entities if self.entities else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as plain data (for JSON), shares included."""
        return {**asdict(self), "share_quoted": self.share_quoted,
                "share_linked": self.share_linked}


def compute(store: Store) -> Stats:
    """Run the ``stats-*`` queries on a store and collect the figures.

    >>> import wpkld
    >>> figures = compute(wpkld.open().store)
    >>> figures.statements == sum(s.count for s in figures.sources)
    True
    """
    from .queries import internal_catalogue

    def rows(name: str) -> list[dict[str, Any]]:
        results = internal_catalogue()[name].run(store)
        return [{k: to_python(v) for k, v in row.items()} for row in results.rows]

    summary = rows("stats-summary")[0]
    return Stats(
        classes=[Count(r["class"], r.get("classLabel", r["class"]), r["resources"])
                 for r in rows("stats-classes")],
        sources=[Count(r["source"], r.get("sourceLabel", r["source"]), r["statements"],
                       r["withQuote"]) for r in rows("stats-sources")],
        statements=summary["statements"], quoted=summary["withQuote"],
        conflicts=summary["conflicts"], entities=summary["entities"],
        linked=summary["linkedEntities"], candidates=summary["candidateLinks"])
