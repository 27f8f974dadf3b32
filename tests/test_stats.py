"""``wpkld stats``: the figures agree with counts taken straight from the store's quads."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import wpkld
from wpkld.cli import cli
from wpkld.stats import compute

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
WPK = "https://w3id.org/wpkld/ontology#"
STATEMENTS = {WPK + "Claim", WPK + "Membership", WPK + "Quantity"}


def test_figures_match_a_count_of_the_quads(ds: wpkld.Dataset) -> None:
    quads = ds.store.quads()  # type: ignore[attr-defined]
    types = {(q.subject.value, q.object.value) for q in quads
             if q.predicate.value == RDF_TYPE and q.object.value.startswith(WPK)}
    per_class = Counter(cls for _, cls in types)
    statements = {s for s, cls in types if cls in STATEMENTS}
    quoted = {q.subject.value for q in quads if q.predicate.value == WPK + "quote"} & statements
    figures = compute(ds.store)
    assert {c.iri: c.count for c in figures.classes} == dict(per_class)
    assert figures.statements == len(statements) and figures.quoted == len(quoted)
    assert figures.conflicts == per_class[WPK + "Conflict"] > 0
    assert sum(s.count for s in figures.sources) == figures.statements
    assert len(figures.sources) == 5, "one row per source text"
    assert figures.share_quoted == len(quoted) / len(statements)
    assert 0 < figures.linked <= figures.entities


def test_same_figures_on_rdflib(ds: wpkld.Dataset, ds_rdflib: wpkld.Dataset) -> None:
    assert compute(ds_rdflib.store) == compute(ds.store)


LINKS = """\
@prefix link: <https://w3id.org/wpkld/link/> .
@prefix link-status: <https://w3id.org/wpkld/link-status/> .
@prefix person: <https://w3id.org/wpkld/person/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix wpk: <https://w3id.org/wpkld/ontology#> .
person:a a wpk:Person ; rdfs:label "A"@en .
person:b a wpk:Person ; rdfs:label "B"@en .
person:c a wpk:Person ; rdfs:label "C"@en .
link:person-a a wpk:WikidataLink ; wpk:linkedResource person:a ;
    wpk:wikidataItem <http://www.wikidata.org/entity/Q1> ; wpk:linkStatus link-status:verified .
link:person-b a wpk:WikidataLink ; wpk:linkedResource person:b ;
    wpk:wikidataItem <http://www.wikidata.org/entity/Q2> ; wpk:linkStatus link-status:candidate .
"""


def test_only_published_links_count(tmp_path: Path) -> None:
    """A verified link counts; a candidate does not (it is never published)."""
    data = tmp_path / "links.ttl"
    data.write_text(LINKS, encoding="utf-8")
    figures = compute(wpkld.open(data=[data]).store)
    assert (figures.entities, figures.linked, figures.candidates) == (3, 1, 1)
    assert figures.share_linked == pytest.approx(1 / 3)
    assert figures.statements == 0 and figures.share_quoted == 0.0


def test_stats_command() -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["stats"])
    assert table.exit_code == 0, table.output
    assert "with a quote" in table.output and "with a Wikidata link" in table.output
    assert "Bastion of Juche" in table.output and "person" in table.output
    figures = json.loads(runner.invoke(cli, ["stats", "--format", "json"]).output)
    assert figures["statements"] == sum(s["count"] for s in figures["sources"])
    assert 0 <= figures["share_linked"] <= 1
