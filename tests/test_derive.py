"""wpkld/derive.ru beyond the direct triples: a statement's dates in its own text, and ORG's inverses."""

from __future__ import annotations

import pytest

import wpkld

PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX wpk: <https://w3id.org/wpkld/ontology#>
"""
W = "https://w3id.org/wpkld/"


def pairs(ds: wpkld.Dataset, where: str) -> set[tuple[str, str]]:
    return {(r["a"], r["b"]) for r in ds.sparql_rows(PREFIXES + f"SELECT ?a ?b WHERE {{ {where} }}")}


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_a_statement_is_linked_to_the_dates_its_own_text_gives_its_subject(
        backend: str, ds: wpkld.Dataset, ds_rdflib: wpkld.Dataset) -> None:
    data = ds if backend == "oxigraph" else ds_rdflib
    linked = pairs(data, "?a wpk:sameSourceDate ?b")
    expected = pairs(data, """
        ?b rdf:predicate wpk:date ; rdf:subject ?s ; prov:wasDerivedFrom ?source .
        ?a rdf:subject ?s ; prov:wasDerivedFrom ?source .
        FILTER (?a != ?b)
        FILTER NOT EXISTS { ?b wikibase:rank wikibase:DeprecatedRank }""")
    assert len(linked) > 300 and linked == expected


def test_a_deprecated_date_is_linked_to_nothing(ds: wpkld.Dataset) -> None:
    slip = W + "claim/000-august-faction-incident-date-september-1953"  # deprecated (tests/test_ranks.py)
    assert pairs(ds, f"?a wpk:date ?b FILTER (?a = <{W}event/1956-08-august-faction-incident>)")
    assert not pairs(ds, f"?a wpk:sameSourceDate ?b FILTER (?b = <{slip}>)")


def test_every_link_stays_within_one_text_and_one_subject(ds: wpkld.Dataset) -> None:
    rows = ds.sparql_rows(PREFIXES + """
        SELECT ?rowSource ?dateSource WHERE {
          ?row wpk:sameSourceDate ?date ; prov:wasDerivedFrom ?rowSource .
          ?date prov:wasDerivedFrom ?dateSource ; rdf:subject ?event .
          ?row rdf:subject ?event .
        }""")
    assert rows and all(r["rowSource"] == r["dateSource"] for r in rows)


def test_an_organization_reads_its_changes_forward_with_org_s_inverses(ds: wpkld.Dataset) -> None:
    assert pairs(ds, "?a org:resultedFrom ?b") == pairs(ds, "?b org:resultingOrganization ?a")
    assert pairs(ds, "?a org:changedBy ?b") == pairs(ds, "?b org:originalOrganization ?a")
    assert W + "organization/workers-party-of-korea" in {a for a, _ in pairs(ds, "?a org:resultedFrom ?b")}
