"""Statement ranks as Wikidata has them: stated on every loaded statement, and deprecated ones derive nothing."""

from __future__ import annotations

import datetime

import wpkld

W = "https://w3id.org/wpkld/"
RANKS = """
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX wpk: <https://w3id.org/wpkld/ontology#>
SELECT ?statement (COUNT(?rank) AS ?ranks) WHERE {
  VALUES ?class { wpk:Claim wpk:Membership wpk:Quantity }
  ?statement a ?class .
  OPTIONAL { ?statement wikibase:rank ?rank }
} GROUP BY ?statement
"""


def test_every_loaded_statement_has_exactly_one_rank(ds: wpkld.Dataset) -> None:
    counts = {r["statement"]: r["ranks"] for r in ds.sparql_rows(RANKS)}
    assert len(counts) > 1000
    assert {n for n in counts.values()} == {1}


def test_every_deprecated_statement_gives_a_reason(ds: wpkld.Dataset) -> None:
    rows = ds.sparql_rows("""
        PREFIX wikibase: <http://wikiba.se/ontology#>
        PREFIX wpk: <https://w3id.org/wpkld/ontology#>
        SELECT ?statement ?reason WHERE {
          ?statement wikibase:rank wikibase:DeprecatedRank .
          OPTIONAL { ?statement wpk:deprecationReason ?reason }
        }""")
    assert rows and all(r["reason"] for r in rows)
    assert W + "claim/000-august-faction-incident-date-september-1953" in {r["statement"] for r in rows}


def test_a_deprecated_date_is_not_derived(ds: wpkld.Dataset) -> None:
    dates = {r["date"] for r in ds.sparql_rows(
        "SELECT ?date WHERE { <https://w3id.org/wpkld/event/1956-08-august-faction-incident> "
        "<https://w3id.org/wpkld/ontology#date> ?date }")}
    assert dates and not any(str(d).startswith("1953") for d in dates)


def _year(value: object) -> int:
    return value.year if isinstance(value, datetime.date) else int(str(value)[:4])


def test_purges_of_1953_are_not_the_purges_of_1956(ds: wpkld.Dataset) -> None:
    # Source 000's "September 1953" for the overthrow attempt is a slip for August 1956.
    rows = ds.rows("purges", {"from": "1953", "to": "1953"}, faction="yanan")
    assert W + "event/1956-08-august-faction-incident" not in {r["event"] for r in rows}
    for row in rows:
        first, last = row["date"], row.get("until") or row["date"]
        assert _year(first) <= 1953 <= _year(last), row
