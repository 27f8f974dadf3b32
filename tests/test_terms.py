"""wpkld.terms: native values, and round trips through rdflib and SPARQL JSON lose nothing."""

from __future__ import annotations

import datetime

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode

from wpkld.namespaces import XSD
from wpkld.terms import from_rdflib, from_sparql_json, to_python, to_rdflib, to_sparql_json

TERMS = [
    NamedNode("https://w3id.org/wpkld/person/pak-hon-yong"),
    BlankNode("b0"),
    Literal("Pak Hon-yong"),
    Literal("박헌영", language="ko"),
    Literal("1956-08", datatype=NamedNode(XSD + "gYearMonth")),
    Literal("7", datatype=NamedNode(XSD + "integer")),
]


@pytest.mark.parametrize("term", TERMS, ids=str)
def test_rdflib_round_trip(term: object) -> None:
    assert from_rdflib(to_rdflib(term)) == term  # type: ignore[arg-type]


@pytest.mark.parametrize("term", [*TERMS, Literal("07", datatype=NamedNode(XSD + "integer"))], ids=str)
def test_sparql_json_round_trip(term: object) -> None:
    """Exact, lexical forms included (rdflib would normalize "07" to "7")."""
    assert from_sparql_json(to_sparql_json(term)) == term  # type: ignore[arg-type]


def test_a_plain_string_is_a_plain_literal_in_rdflib() -> None:
    """RDF 1.1: "c" and "c"^^xsd:string are one term; rdflib must see the plain form to match data."""
    import rdflib

    assert to_rdflib(Literal("c", datatype=NamedNode(XSD + "string"))) == rdflib.Literal("c")


@pytest.mark.parametrize(("term", "value"), [
    (Literal("1956", datatype=NamedNode(XSD + "gYear")), 1956),
    (Literal("1956-08-30", datatype=NamedNode(XSD + "date")), datetime.date(1956, 8, 30)),
    (Literal("12", datatype=NamedNode(XSD + "integer")), 12),
    (Literal("2.5", datatype=NamedNode(XSD + "decimal")), 2.5),
    (Literal("3.0", datatype=NamedNode(XSD + "decimal")), 3),
    (Literal("true", datatype=NamedNode(XSD + "boolean")), True),
    (Literal("1956-08", datatype=NamedNode(XSD + "gYearMonth")), "1956-08"),
    (Literal("not a year", datatype=NamedNode(XSD + "gYear")), "not a year"),
    (BlankNode("b1"), "_:b1"),
])
def test_native_values(term: object, value: object) -> None:
    assert to_python(term) == value  # type: ignore[arg-type]
    assert type(to_python(term)) is type(value)  # type: ignore[arg-type]
