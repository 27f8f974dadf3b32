"""Export facts our texts state as QuickStatements (v1) for a Wikidata editor to review.

Only facts whose both ends are linked to Wikidata by a published (not
candidate) ``owl:sameAs`` link are exported, one line per statement node,
each with its reference: the source's URL (S854) where the source has one
(``schema:url``), and the text's own words as quotation (S1683). Our sources
have no Wikidata items, so there is no "stated in" (S248).

- member of political party (P102): a membership of a person in a party,
  with start time (P580) and end time (P582) where the text dates them;
- significant event (P793): a repression event whose victim the person was;
- convicted of (P1399): a charge in a repression event that ended in a
  sentence, for its victim.

Format: https://www.wikidata.org/wiki/Help:QuickStatements (v1, tab-separated).
The result is for a person to check before running it, never to run blindly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyoxigraph import Literal

from ..namespaces import XSD
from ..queries import internal_catalogue

if TYPE_CHECKING:
    from ..store import Store

_PRECISION = {XSD + "gYear": 9, XSD + "gYearMonth": 10, XSD + "date": 11}


@dataclass(frozen=True, order=True)
class Statement:
    """One QuickStatements line: item, property, value, qualifiers and reference."""

    item: str
    property: str
    value: str
    qualifiers: tuple[tuple[str, str], ...] = ()
    url: str | None = None
    quote: str = ""

    def line(self) -> str:
        """Return the tab-separated v1 line.

        >>> Statement("Q1", "P102", "Q2", (("P580", "+1946-00-00T00:00:00Z/9"),),
        ...           None, 'called a "spy"').line().split("\\t")
        ['Q1', 'P102', 'Q2', 'P580', '+1946-00-00T00:00:00Z/9', 'S1683', 'en:"called a \\'spy\\'"']
        """
        cells = [self.item, self.property, self.value]
        for prop, value in self.qualifiers:
            cells += [prop, value]
        if self.url:
            cells += ["S854", _string(self.url)]
        cells += ["S1683", "en:" + _string(self.quote)]
        return "\t".join(cells)


def statements(store: Store) -> list[Statement]:
    """Return the exportable facts of a store that holds the data (derived triples included)."""
    found = set()
    for row in internal_catalogue()["quickstatements-facts"].run(store).rows:
        dates = [(prop, row.get(var)) for prop, var in (("P580", "start"), ("P582", "end"))]
        qualifiers = tuple((prop, _time(value)) for prop, value in dates
                           if isinstance(value, Literal) and value.datatype.value in _PRECISION)
        found.add(Statement(_qid(row["s"].value), row["property"].value, _qid(row["o"].value),
                            qualifiers, row["url"].value if "url" in row else None,
                            row["quote"].value))
    return sorted(found)


def as_text(store: Store) -> str:
    """Return the QuickStatements v1 text of the exportable facts (may be empty)."""
    return "".join(s.line() + "\n" for s in statements(store))


def _qid(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def _time(literal: Literal) -> str:
    """Return a date literal in QuickStatements' time format with its precision.

    >>> from pyoxigraph import Literal, NamedNode
    >>> _time(Literal("1956-08", datatype=NamedNode(XSD + "gYearMonth")))
    '+1956-08-00T00:00:00Z/10'
    """
    parts = (literal.value.split("-") + ["00", "00"])[:3]
    return f"+{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z/{_PRECISION[literal.datatype.value]}"


def _string(text: str) -> str:
    """Quote a string for QuickStatements v1, which has no escape for ``"``: use ``'``."""
    return '"' + re.sub(r"\s+", " ", text).replace('"', "'").strip() + '"'
