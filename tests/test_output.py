"""Result formats: W3C SPARQL JSON and CSV that other tools read back, and a table for people."""

from __future__ import annotations

import io
import json

import pytest
from pyoxigraph import Literal, NamedNode

import wpkld
from wpkld.output import columns, format_results, readable, to_csv, to_json, to_table
from wpkld.store import Results
from wpkld.terms import XSD, from_sparql_json

P = "https://w3id.org/wpkld/"
ROWS = Results(
    ["person", "personLabel", "date", "n", "note", "hangul"],
    [{"person": NamedNode(P + "person/pak-hon-yong"), "personLabel": Literal("Pak Hon-yong", language="en"),
      "date": Literal("1956-08-30", datatype=NamedNode(XSD + "date")),
      "n": Literal("3", datatype=NamedNode(XSD + "integer")),
      "note": Literal('says "shot",\nthen, "1956"'), "hangul": Literal("박헌영")},
     {"person": NamedNode(P + "person/mu-chong"),
      "date": Literal("1950-12", datatype=NamedNode(XSD + "gYearMonth"))}])


def test_json_is_w3c_sparql_results_that_rdflib_reads() -> None:
    from rdflib.plugins.sparql.results.jsonresults import JSONResultParser

    document = json.loads(to_json(ROWS))
    assert document["head"]["vars"] == ROWS.variables
    first = document["results"]["bindings"][0]
    assert first["person"] == {"type": "uri", "value": P + "person/pak-hon-yong"}
    assert first["personLabel"] == {"type": "literal", "value": "Pak Hon-yong", "xml:lang": "en"}
    assert first["n"]["datatype"] == XSD + "integer"
    assert "personLabel" not in document["results"]["bindings"][1], "unbound stays absent"
    assert [{k: from_sparql_json(v) for k, v in b.items()} for b in document["results"]["bindings"]] == ROWS.rows
    parsed = JSONResultParser().parse(io.StringIO(to_json(ROWS)))
    assert [str(v) for v in parsed.vars] == ROWS.variables and len(parsed.bindings) == 2


def test_csv_is_w3c_sparql_csv_that_rdflib_reads() -> None:
    from rdflib.plugins.sparql.results.csvresults import CSVResultParser

    text = to_csv(ROWS)
    assert text.startswith("person,personLabel,date,n,note,hangul\r\n")
    parsed = CSVResultParser().parse(io.StringIO(text))
    first = {str(k): str(v) for k, v in parsed.bindings[0].items()}
    assert first["note"] == 'says "shot",\nthen, "1956"'
    assert first["person"] == P + "person/pak-hon-yong" and first["date"] == "1956-08-30"
    assert len(parsed.bindings) == 2


def test_table_shows_labels_curies_and_readable_dates() -> None:
    table = to_table(ROWS)
    lines = table.splitlines()
    assert lines[0].split() == ["person", "date", "n", "note", "hangul"]
    assert "Pak Hon-yong" in lines[2] and "30 Aug 1956" in lines[2]
    assert "person:mu-chong" in lines[3] and "Dec 1950" in lines[3]
    assert "https://" not in table
    assert 'says "shot", then, "1956"' in lines[2], "newlines inside a cell are folded"


def test_table_aligns_double_width_hangul() -> None:
    rows = Results(["name", "x"], [{"name": Literal("박헌영"), "x": Literal("a")},
                                  {"name": Literal("Pak"), "x": Literal("b")}])
    lines = to_table(rows).splitlines()
    # Hangul takes two terminal columns: the second column starts at the same screen column.
    assert lines[2].index("a") + 3 == lines[3].index("b")


def test_table_clips_long_cells_and_says_when_empty() -> None:
    long = Results(["quote"], [{"quote": Literal("x" * 200)}])
    assert to_table(long, width=20).splitlines()[2] == "x" * 19 + "…"
    quoted = Results(["quote"], [{"quote": Literal("‘purged’ — " * 20)}])
    assert to_table(quoted, width=20).splitlines()[2] == ("‘purged’ — " * 2)[:19] + "…"
    # Ten columns of Hangul are five syllables: a wide one does not straddle the edge.
    hangul = Results(["quote"], [{"quote": Literal("박헌영" * 10)}])
    assert to_table(hangul, width=10).splitlines()[2] == "박헌영박" + "…"
    assert to_table(Results(["a", "aLabel"], [])).splitlines() == ["a", "-", "(no rows)"]


def test_columns_put_labels_in_place_of_iris() -> None:
    assert columns(["leader", "leaderLabel", "sequence", "sourceLabel", "source"]) == [
        "leader", "sequence", "source"]
    assert columns(["matchedLabel"]) == ["matchedLabel"], "a label of nothing stays"


@pytest.mark.parametrize(("term", "text"), [
    (Literal("1956-08-30", datatype=NamedNode(XSD + "date")), "30 Aug 1956"),
    (Literal("1956-08", datatype=NamedNode(XSD + "gYearMonth")), "Aug 1956"),
    (Literal("1956", datatype=NamedNode(XSD + "gYear")), "1956"),
    (Literal("1956-02-30", datatype=NamedNode(XSD + "date")), "1956-02-30"),
    (NamedNode("http://www.wikidata.org/entity/Q39051"), "wd:Q39051"),
    (NamedNode("http://example.org/x"), "http://example.org/x"),
])
def test_readable(term: Literal | NamedNode, text: str) -> None:
    assert readable(term) == text


def test_a_real_query_in_every_format(ds: wpkld.Dataset) -> None:
    results = ds.results("faction-leaders", faction="yanan")
    table = format_results(results, "table")
    assert "Mu Chong" in table and "Yan'an faction" in table and "https://" not in table
    assert json.loads(format_results(results, "json"))["head"]["vars"] == results.variables
    assert format_results(results, "csv").count("\r\n") == len(results.rows) + 1
