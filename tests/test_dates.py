"""The one date rule: every row of docs/model.md's table, and every date statement of the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import wpkld
from wpkld.dates import DateReading, DateWordingError, read_date

MODEL = Path(__file__).resolve().parent.parent / "docs" / "model.md"
WPK = "https://w3id.org/wpkld/ontology#"
DATE_PROPERTIES = ("date", "earliestDate", "latestDate", "startDate", "endDate")
# The wordings issue 12 asks the table to cover, at least.
REQUIRED = ["in 1956", "by 1960", "the early 1960s", "the mid-1950s", "the late 1960s",
            "after 1965", "before 1948", "the 1930s", "1955 or 1956", "around 1956",
            "spring 1953", "since 1974", "until 1960", "between 1958 and 1959",
            "on August 30, 1956", "in August 1956", "by the early 1960s"]


def table_rows() -> list[tuple[str, str | None, dict[str, str], bool]]:
    """Return the rows of the Dates table: wording, context, properties, approximate."""
    section = MODEL.read_text(encoding="utf-8").split("## Dates\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("the text says", "---"):
            continue
        said, encoded, approximate = cells
        m = re.fullmatch(r"(.*?) \(context: (.*)\)", said)
        wording, context = (m.group(1), m.group(2)) if m else (said, None)
        props = dict(pair.split(" ") for pair in encoded.split(", "))
        rows.append((wording, context, props, approximate == "true"))
    return rows


ROWS = table_rows()


def test_the_table_covers_the_wordings_the_issue_names() -> None:
    assert {r[0] for r in ROWS} >= set(REQUIRED)


@pytest.mark.parametrize(("wording", "context", "properties", "approximate"), ROWS,
                         ids=[r[0] for r in ROWS])
def test_table_row(wording: str, context: str | None, properties: dict[str, str],
                   approximate: bool) -> None:
    reading = read_date(wording, context=context)
    assert reading.properties() == properties
    assert reading.approximate is approximate


def test_by_gives_no_earliest_bound() -> None:
    assert read_date("by the early 1960s").earliest is None


def test_precision_follows_the_wording() -> None:
    assert read_date("in 1956").precision == "year"
    assert read_date("in August 1956").precision == "month"
    assert read_date("on August 30, 1956").precision == "day"


@pytest.mark.parametrize("wording", ["At present", "In March", "in the winter of 1950",
                                     "1953, 1955 and 1956"])
def test_wordings_the_rule_cannot_read_alone_are_refused(wording: str) -> None:
    with pytest.raises(DateWordingError):
        read_date(wording)


STATEMENTS = f"""
SELECT ?statement ?text ?context ?note ?kind ?approximate
       ?value ?date ?earliestDate ?latestDate ?startDate ?endDate WHERE {{
  ?statement <{WPK}dateText> ?text ; a ?kind .
  VALUES ?kind {{ <{WPK}Claim> <{WPK}Membership> <{WPK}Quantity> }}
  OPTIONAL {{ ?statement <{WPK}dateContext> ?context }}
  OPTIONAL {{ ?statement <{WPK}dateNote> ?note }}
  OPTIONAL {{ ?statement <{WPK}approximate> ?approximate }}
  OPTIONAL {{ ?statement <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?value }}
  OPTIONAL {{ ?statement <{WPK}date> ?date }}
  OPTIONAL {{ ?statement <{WPK}earliestDate> ?earliestDate }}
  OPTIONAL {{ ?statement <{WPK}latestDate> ?latestDate }}
  OPTIONAL {{ ?statement <{WPK}startDate> ?startDate }}
  OPTIONAL {{ ?statement <{WPK}endDate> ?endDate }}
}}"""


def lexical(value: object) -> str:
    """The lexical form of a date the store returns as int (gYear), date or string."""
    if isinstance(value, int):
        return f"{value:04d}"
    return str(value)


def disagreement(row: dict[str, object]) -> str | None:
    """Return how a date statement differs from its wording read by the rule, or None."""
    stored = {p: lexical(row[p]) for p in DATE_PROPERTIES if row.get(p) is not None}
    if row.get("value") is not None:
        stored["date"] = lexical(row["value"])
    context = row.get("context")
    try:
        reading: DateReading = read_date(str(row["text"]),
                                         context=None if context is None else str(context))
    except DateWordingError as exc:
        return str(exc)
    expected = reading.properties()
    if stored != expected:
        point = expected.get("date")
        # A membership or a quantity may hold a point as the start or end it marks.
        moved = (row["kind"] != WPK + "Claim" and point is not None and len(stored) == 1
                 and next(iter(stored)) in ("startDate", "endDate") and point in stored.values())
        if not moved:
            return f"stored {stored}, the rule reads {expected}"
    stored_approximate = row.get("approximate") in (True, "true")
    if row["kind"] == WPK + "Quantity":
        # A quantity's wpk:approximate may come from its number ("some 500,000").
        if reading.approximate and not stored_approximate:
            return "the rule reads an approximate date; wpk:approximate true is missing"
    elif reading.approximate != stored_approximate:
        return f"wpk:approximate should be {str(reading.approximate).lower()}"
    return None


@pytest.fixture(scope="module")
def date_statements(ds: wpkld.Dataset) -> list[dict[str, object]]:
    return ds.sparql_rows(STATEMENTS)


def test_every_date_statement_follows_the_rule(date_statements: list[dict[str, object]]) -> None:
    assert len(date_statements) > 300, "the dataset holds hundreds of date statements"
    found = []
    for row in date_statements:
        if row.get("note") is not None:
            continue
        problem = disagreement(row)
        if problem:
            found.append(f"{row['statement']} ({row['text']!r}): {problem}")
    assert not found, "\n".join(found)


def test_exceptions_are_few_and_say_why(date_statements: list[dict[str, object]]) -> None:
    noted = [row for row in date_statements if row.get("note") is not None]
    assert 0 < len(noted) <= 15, [row["statement"] for row in noted]
    for row in noted:
        assert len(str(row["note"]).split()) >= 5, f"{row['statement']}: the note says too little"


def test_the_check_catches_a_wrong_encoding() -> None:
    """The recomputation is not vacuous: "by 1960" stored as an exact year disagrees."""
    row: dict[str, object] = {"statement": "x", "text": "By 1960", "kind": WPK + "Claim",
                              "value": 1960}
    assert disagreement(row) is not None
    row = {"statement": "x", "text": "By 1960", "kind": WPK + "Claim", "latestDate": 1960}
    assert disagreement(row) is None
