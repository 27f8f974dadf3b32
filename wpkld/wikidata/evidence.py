"""Read the Wikidata candidate table: items seen in stored outputs of real Wikidata queries.

The table, ``dataset/alignment/evidence/wikidata-candidates.tsv``, has one row
per item per source row: the Q-id, the labels, description, birth and death
dates, instance-of and identifiers the source gives, and where the row is
(repository, path, commit, line). ``#`` lines before the header explain the
columns. Nothing here talks to Wikidata; docs/wikidata-search.md says how the
rows were found.

:func:`facts_turtle` gives the rows' facts as RDF in Wikidata's own terms
(``rdfs:label``, ``schema:description``, ``wdt:P569``, ``wdt:P570``), so the
query that compares the texts with Wikidata runs offline on the same triples
it reads through ``SERVICE`` online.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path

import pyoxigraph as ox

from .. import resources
from ..errors import DataError

ENTITY = "http://www.wikidata.org/entity/"
COLUMNS = ["qid", "labels", "description", "birth", "death", "instance_of", "identifiers",
           "repository", "path", "commit", "line", "excerpt"]

#: What each source query returns, by (repository, path): the kind of thing a
#: row is, whatever its label says. "human" rows are persons; the others are
#: matched against the classes in ``wpkld.wikidata.match.KINDS``.
SOURCE_KINDS = {
    ("akngs/k-families-data", "persons.csv"): "human",
    ("akngs/smallworld", "data/persons.csv"): "human",
    ("dixus/zeitkette", "public/people.json"): "human",
    ("every-politician-scrapers/north-korea", "html/bio.csv"): "human",
    ("every-politician-scrapers/north-korea", "html/family.csv"): "human",
    ("hdigital/partyfactsdata", "import/wikipedia/wikidata.csv"): "party",
    ("DinisSousa2003/Historical-Events-Search-Engine", "retrieved_queries/historicEvents.json"):
        "event",
    ("every-politician-scrapers/world", "wikidata/results/country-cabinets.csv"): "state",
    ("every-politician-scrapers/world", "badges/rawdata/pob.csv"): "place",
    ("every-politician-scrapers/north-korea", "badges/rawdata/pob.csv"): "place",
}

_QID = re.compile(r"Q[1-9][0-9]*")
_DATE = re.compile(r"^-?\d{4}(-\d\d-\d\d)?$")


@dataclass(frozen=True)
class Row:
    """One row of the candidate table: what one source row says about one item."""

    qid: str
    labels: tuple[tuple[str, str], ...]
    description: str
    birth: str
    death: str
    instance_of: str
    identifiers: tuple[str, ...]
    repository: str
    path: str
    commit: str
    line: str

    @property
    def kind(self) -> str:
        """The kind of thing the source query returns (``human``, ``party``, ...)."""
        return SOURCE_KINDS.get((self.repository, self.path), "")

    @property
    def url(self) -> str:
        """Where the row can be read: the file at its commit, with the line when known.

        >>> Row("Q1", (), "", "", "", "", (), "o/r", "a.csv", "c0ffee", "12").url
        'https://github.com/o/r/blob/c0ffee/a.csv#L12'
        """
        anchor = f"#L{self.line}" if self.line.isdigit() else ""
        return f"https://github.com/{self.repository}/blob/{self.commit}/{self.path}{anchor}"

    @property
    def where(self) -> str:
        """The row's place in a few words, for a link's evidence (``repo path:line @ commit``)."""
        sep = ":" if self.line.isdigit() else ""
        return f"{self.repository} {self.path}{sep}{self.line} @ {self.commit[:7]}"


@dataclass
class Item:
    """Everything the table says about one Q-id, from all its rows."""

    qid: str
    rows: list[Row] = field(default_factory=list)

    def labels(self, language: str) -> set[str]:
        """Return the labels in a language (``ko``, ``en``, ``native`` ...)."""
        return {value for row in self.rows for lang, value in row.labels if lang == language}

    def years(self, which: str) -> set[int]:
        """Return the years of ``birth`` or ``death`` the rows give."""
        return {_year(getattr(row, which)) for row in self.rows if getattr(row, which)}

    def descriptions(self) -> set[str]:
        """Return the descriptions the rows give."""
        return {row.description for row in self.rows if row.description}

    def identifiers(self) -> set[str]:
        """Return the identifiers and other facts (``P27:Q423`` ...) the rows give."""
        return {i for row in self.rows for i in row.identifiers}

    def kinds(self) -> set[str]:
        """Return the kinds of thing the source queries say the item is."""
        return {row.kind for row in self.rows if row.kind}


def table_file() -> Traversable:
    """Return the bundled candidate table."""
    return resources.alignment_file("evidence/wikidata-candidates.tsv")


def read_rows(source: Traversable | Path | None = None) -> list[Row]:
    """Read the candidate table.

    :param source: a table file; the bundled one by default.
    :raises DataError: when the header is not the expected one, a row has the
        wrong number of fields, or a Q-id or date is malformed (with the line).

    >>> rows = read_rows()
    >>> any(row.qid == "Q334297" for row in rows)
    True
    """
    entry = table_file() if source is None else source
    try:
        text = entry.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(exc.strerror or str(exc), path=str(entry)) from exc
    rows: list[Row] = []
    header_seen = False
    for number, fields in enumerate(csv.reader(io.StringIO(text), delimiter="\t",
                                               quoting=csv.QUOTE_NONE), 1):
        if not fields or fields[0].startswith("#"):
            continue
        if not header_seen:
            if fields != COLUMNS:
                raise DataError(f"the header must be {' '.join(COLUMNS)}", path=str(entry),
                                line=number)
            header_seen = True
            continue
        rows.append(_row(fields, str(entry), number))
    return rows


def read_items(rows: Iterable[Row] | None = None) -> dict[str, Item]:
    """Group rows by Q-id (the bundled table by default)."""
    items: dict[str, Item] = {}
    for row in read_rows() if rows is None else rows:
        items.setdefault(row.qid, Item(row.qid)).rows.append(row)
    return items


FACTS_HEADER = """\
# Facts of the Wikidata items the dataset links to (published links only), as
# stored outputs of real Wikidata queries give them: labels, descriptions,
# dates of birth (P569) and death (P570). Generated from the candidate table
# (wikidata-candidates.tsv, which says where each row comes from) by
# `wpkld wikidata facts --out dataset/alignment/evidence/wikidata-facts.ttl`;
# never edited by hand. They let wikidata-dates-check compare offline.
"""


def facts_turtle(rows: Iterable[Row] | None = None, *, items: Iterable[str] | None = None) -> str:
    """Return the table's facts as Turtle: labels, descriptions, birth and death dates.

    :param rows: the table rows (the bundled table by default).
    :param items: keep only these Q-ids (all by default).

    >>> "<http://www.wikidata.org/prop/direct/P570>" in facts_turtle(items=["Q334297"])
    True
    """
    wdt = "http://www.wikidata.org/prop/direct/"
    keep = None if items is None else set(items)
    triples: set[str] = set()
    for row in read_rows() if rows is None else rows:
        if keep is not None and row.qid not in keep:
            continue
        item = ox.NamedNode(ENTITY + row.qid)
        for lang, value in row.labels:
            label = ox.Literal(value, language=lang) if lang != "native" else ox.Literal(value)
            triples.add(f"{item} <http://www.w3.org/2000/01/rdf-schema#label> {label} .")
        if row.description:
            triples.add(f"{item} <https://schema.org/description> {ox.Literal(row.description)} .")
        for prop, value in (("P569", row.birth), ("P570", row.death)):
            if value:
                triples.add(f"{item} <{wdt}{prop}> {_date_literal(value)} .")
    return FACTS_HEADER + "\n" + "\n".join(sorted(triples)) + "\n"


def _row(fields: list[str], path: str, number: int) -> Row:
    if len(fields) != len(COLUMNS):
        raise DataError(f"expected {len(COLUMNS)} tab-separated fields, found {len(fields)}",
                        path=path, line=number)
    values = dict(zip(COLUMNS, fields, strict=True))
    if not _QID.fullmatch(values["qid"]):
        raise DataError(f"{values['qid']!r} is not a Q-id", path=path, line=number)
    for column in ("birth", "death"):
        if values[column] and not _DATE.match(values[column]):
            raise DataError(f"{column} {values[column]!r} is not YYYY or YYYY-MM-DD", path=path,
                            line=number)
    labels = []
    for part in filter(None, values["labels"].split("|")):
        lang, sep, value = part.partition(":")
        if not sep or not value:
            raise DataError(f"label {part!r} is not lang:value", path=path, line=number)
        labels.append((lang, value))
    return Row(values["qid"], tuple(labels), values["description"], values["birth"],
               values["death"], values["instance_of"],
               tuple(filter(None, values["identifiers"].split("|"))), values["repository"],
               values["path"], values["commit"], values["line"])


def _year(date: str) -> int:
    return int(date[:5]) if date.startswith("-") else int(date[:4])


def _date_literal(value: str) -> ox.Literal:
    if len(value) == 4:
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))
    return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
