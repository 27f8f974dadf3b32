"""wpkld.validate: the bundled data conforms; reports, input formats and errors behave."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
import rdflib

from support import INVALID, VALID
from wpkld import DataError, resources
from wpkld.store import OxigraphStore
from wpkld.validate import Report, load_shapes, validate

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def test_the_bundled_data_conforms() -> None:
    report = validate()
    violations = [f"{r.focus} {r.shape} {r.value}: {r.message}" for r in report.results
                  if r.severity == "Violation"]
    assert not violations, "\n".join(violations[:30])
    assert report.conforms


@pytest.fixture(scope="module")
def mixed() -> Report:
    """A report with violations and a warning on nodes of several kinds."""
    return validate(data=[*VALID, *(INVALID / f"{name}.ttl" for name in (
        "statement-without-quote", "entity-not-mentioned", "date-malformed", "object-person-is-faction"))])


def test_results_are_grouped_by_node_violations_first(mixed: Report) -> None:
    groups = mixed.by_focus()
    assert [g.results[0].severity for g in groups] == ["Violation"] * 3 + ["Warning"]
    assert sum(len(g.results) for g in groups) == len(mixed.results) == 4
    assert len({g.node for g in groups}) == len(groups)


def test_each_node_has_the_label_a_person_knows_it_by(mixed: Report) -> None:
    labels = {g.node.rsplit("/", 1)[1]: g.label for g in mixed.by_focus()}
    assert labels == {
        "ho-ka-i": "Ho Ka-i",  # an entity: its rdfs:label
        "000-mu-chong-fate": "Mu Chong wpk:fate executed",  # a claim: what it says
        "000-party-members-disciplined-1950": "members disciplined of Workers' Party of Korea",
        "000-trial-of-pak-hon-yong-victim-domestic": "Trial of Pak Hon-yong wpk:victim Domestic faction",
    }


def test_a_result_names_shape_constraint_path_value_and_message(mixed: Report) -> None:
    (result,) = [r for r in mixed.results if r.focus.endswith("000-party-members-disciplined-1950")]
    assert result.shape == "https://w3id.org/wpkld/shapes#Statement-start-date"
    assert result.component == str(SH.NodeConstraintComponent)
    assert result.path == "<https://w3id.org/wpkld/ontology#startDate>"
    assert result.value == '"1950-13"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    assert "wpk:startDate" in result.message and "1900-2030" in result.message


def test_warnings_fail_only_when_strict() -> None:
    data = [*VALID, INVALID / "entity-not-mentioned.ttl"]
    lenient, strict = validate(data=data), validate(data=data, strict=True)
    assert lenient.count("Warning") == strict.count("Warning") == 1
    assert lenient.conforms and not strict.conforms
    assert (None, SH.conforms, rdflib.Literal(True)) in lenient.graph
    assert (None, SH.conforms, rdflib.Literal(False)) in strict.graph


def test_the_report_as_json_and_as_the_shacl_report_graph(mixed: Report) -> None:
    as_json = json.loads(json.dumps(mixed.as_dict()))
    assert as_json["conforms"] is False
    assert (as_json["violations"], as_json["warnings"], as_json["infos"]) == (3, 1, 0)
    assert [g["label"] for g in as_json["focusNodes"]] == [g.label for g in mixed.by_focus()]
    graph = rdflib.Graph().parse(data=mixed.turtle(), format="turtle")
    assert len(set(graph.objects(None, SH.result))) == len(mixed.results)


def serialize_valid(tmp_path: Path, suffix: str, fmt: pyoxigraph.RdfFormat) -> Path:
    """Write the valid data in another format; in TriG, spread over three named graphs."""
    store = OxigraphStore()
    store.load(VALID)
    quads = [pyoxigraph.Quad(q.subject, q.predicate, q.object,
                             pyoxigraph.NamedNode(f"urn:graph:{hash(q.subject) % 3}"))
             if suffix == ".trig" else q for q in store.quads()]
    path = tmp_path / f"valid{suffix}"
    if fmt == pyoxigraph.RdfFormat.N_TRIPLES:
        path.write_bytes(pyoxigraph.serialize((q.triple for q in quads), format=fmt))
    else:
        path.write_bytes(pyoxigraph.serialize(quads, format=fmt))
    return path


#: Statements spread over named graphs validate like the same triples in one graph.
TRIG_IN_NAMED_GRAPHS = pytest.param(".trig", pyoxigraph.RdfFormat.TRIG, id="trig-named-graphs")


@pytest.mark.parametrize("suffix, fmt", [(".nt", pyoxigraph.RdfFormat.N_TRIPLES),
                                         (".nq", pyoxigraph.RdfFormat.N_QUADS),
                                         (".jsonld", pyoxigraph.RdfFormat.JSON_LD),
                                         TRIG_IN_NAMED_GRAPHS])
def test_other_rdf_formats_validate_alike(tmp_path: Path, suffix: str,
                                          fmt: pyoxigraph.RdfFormat) -> None:
    path = serialize_valid(tmp_path, suffix, fmt)
    assert validate(data=[path]).results == []
    broken = validate(data=[path, INVALID / "statement-without-quote.ttl"])
    assert [r.shape.rsplit("#", 1)[1] for r in broken.results] == ["Statement-quote"]


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix wpk: <https://w3id.org/wpkld/ontology#> .\n\n<urn:a> wpk:quote ;\n",
                   encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate(data=[bad])
    assert caught.value.path == str(bad) and caught.value.line == 3


@pytest.mark.parametrize("name", ["missing.ttl", "notes.txt"])
def test_an_unreadable_file_is_a_data_error(tmp_path: Path, name: str) -> None:
    (tmp_path / "notes.txt").write_text("not RDF", encoding="utf-8")
    with pytest.raises(DataError, match=name):
        validate(data=[tmp_path / name])


def test_derived_direct_triples_are_validated() -> None:
    # The claim gives skos:altLabel a plain string; the loader derives the
    # direct triple onto the party, where the spelling rule fails too.
    report = validate(data=[*VALID, INVALID / "object-spelling-without-language.ttl"])
    assert {(r.focus.rsplit("/", 1)[1], r.shape.rsplit("#", 1)[1]) for r in report.results} == {
        ("003-wpk-alt-label-kwp", "ClaimOfName"), ("workers-party-of-korea", "altLabel")}


def test_sparql_targets_select_what_pyshacl_itself_selects() -> None:
    """Evaluating SHACL-AF targets with Oxigraph changes no result (wpkld/validate.py)."""
    data = [*VALID, *sorted(INVALID.glob("*.ttl"))]
    ours = validate(data=data)
    store = OxigraphStore()
    from wpkld.graph import build

    build(store, data)
    graph = rdflib.Graph()
    graph.parse(data=pyoxigraph.serialize((q.triple for q in store.quads()),
                                          format=pyoxigraph.RdfFormat.N_TRIPLES), format="nt")
    ontology = rdflib.Graph()
    for file in resources.ontology_files():
        ontology.parse(data=file.read_text(encoding="utf-8"), format="turtle")
    _, theirs, _ = pyshacl.validate(graph, shacl_graph=load_shapes(), ont_graph=ontology,
                                    advanced=True, allow_warnings=True)
    expected = {(str(theirs.value(r, SH.focusNode)), str(theirs.value(r, SH.sourceShape)),
                 str(theirs.value(r, SH.sourceConstraintComponent)))
                for r in theirs.objects(None, SH.result)}
    assert len(expected) > 150
    assert {(r.focus, r.shape, r.component) for r in ours.results} == expected
