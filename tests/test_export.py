"""Exports round-trip, N-Triples is deterministic, VoID counts what is there, releases check out."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from wpkld import resources
from wpkld.cli import cli
from wpkld.errors import DataError, ParameterError
from wpkld.export import FORMATS, export, jsonld, serialize
from wpkld.graph import DATASET, Graph, canonical
from wpkld.release import release
from wpkld.void import VOID, describe

WPK = "https://w3id.org/wpkld/ontology#"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return canonical()


def parsed(text: bytes, fmt: str) -> set[ox.Triple]:
    """Parse an export back with pyoxigraph, quads folded to triples."""
    return {q.triple for q in ox.parse(text, format=FORMATS[fmt])}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_round_trips(graph: Graph, fmt: str) -> None:
    back = parsed(serialize(graph, fmt), fmt)
    source = set(graph.triples)
    assert back - source == set(), "triples added or literals changed"
    assert source - back == set(), "triples lost"


@pytest.fixture(scope="module")
def rdflib_triples(graph: Graph) -> set:
    import rdflib

    assert not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
                   for t in graph.triples), "blank nodes: compare with rdflib.compare.isomorphic"
    return set(rdflib.Graph().parse(data=serialize(graph, "nt"), format="nt"))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_rdflib_reads_every_format_as_the_same_graph(graph: Graph, rdflib_triples: set, fmt: str) -> None:
    """A second, independent parser agrees (rdflib normalises literals alike on both sides)."""
    import rdflib

    names = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "xml": "xml"}
    back = rdflib.Dataset()
    back.parse(data=serialize(graph, fmt), format=names[fmt])
    assert {(s, p, o) for s, p, o, _ in back.quads()} == rdflib_triples


def test_quad_formats_name_the_dataset_graph(graph: Graph) -> None:
    for fmt in ("nq", "trig"):
        names = {q.graph_name for q in ox.parse(serialize(graph, fmt), format=FORMATS[fmt])}
        assert names == {ox.NamedNode(DATASET)}


def test_n_triples_is_sorted_and_byte_identical_across_processes(tmp_path: Path) -> None:
    outs = [tmp_path / "one.nt", tmp_path / "two.nt"]
    for out in outs:  # separate processes: hash seeds and blank node ids differ
        subprocess.run([sys.executable, "-m", "wpkld", "export", "--format", "nt", "--out", str(out)],
                       check=True, cwd=tmp_path)
    one, two = (o.read_bytes() for o in outs)
    assert one == two
    lines = one.splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))


def test_turtle_uses_the_project_prefixes(graph: Graph) -> None:
    text = serialize(graph, "ttl").decode("utf-8")
    assert "@prefix wpk: <https://w3id.org/wpkld/ontology#> ." in text
    assert "@prefix person: <https://w3id.org/wpkld/person/> ." in text
    assert not re.search(r"<https://w3id.org/wpkld/person/[^>]", text), "a person IRI not prefixed"


def test_jsonld_is_compact_and_its_context_is_the_published_one(graph: Graph, tmp_path: Path) -> None:
    document = json.loads(jsonld(graph))
    assert document["@context"]["wpk"] == WPK
    person = next(n for n in document["@graph"] if n["@type"] == "wpk:Person")
    assert person["@id"].startswith("person:")
    written = release(tmp_path / "dist")
    published = json.loads((tmp_path / "dist" / "context.jsonld").read_text(encoding="utf-8"))
    assert published["@context"] == document["@context"]
    assert tmp_path / "dist" / "context.jsonld" in written


def test_literals_keep_their_lexical_form_in_jsonld() -> None:
    """No value becomes a JSON number: "07"^^xsd:integer stays "07"."""
    odd = ox.Literal("07", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    g = Graph([ox.Triple(ox.NamedNode("https://w3id.org/wpkld/quantity/q"),
                         ox.NamedNode(WPK + "value"), odd)],
              {"quantity": "https://w3id.org/wpkld/quantity/", "wpk": WPK})
    assert parsed(jsonld(g), "jsonld") == set(g.triples)


def test_export_writes_the_file_and_rejects_an_unknown_format(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "wpkld.ttl"
    text = export("ttl", out)
    assert out.read_bytes() == text
    with pytest.raises(ParameterError, match="unknown format 'owl'"):
        export("owl")


def test_void_counts_equal_counts_made_another_way(graph: Graph) -> None:
    """Count with SPARQL over the N-Triples export, compare with the VoID description."""
    store = ox.Store()
    store.load(serialize(graph, "nt"), format=ox.RdfFormat.N_TRIPLES)
    about = ox.Store()
    about.extend(ox.Quad(t.subject, t.predicate, t.object) for t in describe(graph))

    def ints(query: str, target: ox.Store) -> dict[str, int]:
        return {row[0].value: int(row[1].value) for row in target.query(query)}

    ds = f"<{DATASET}>"
    described = ints(f"""PREFIX void: <{VOID}>
        SELECT ?k ?n WHERE {{ VALUES ?k {{ "triples" "classes" "properties" "distinctSubjects" }}
          {ds} ?p ?n FILTER(STR(?p) = CONCAT(STR(void:), ?k)) }}""", about)
    counted = ints("""SELECT ?k ?n WHERE {
          { SELECT ("triples" AS ?k) (COUNT(*) AS ?n) WHERE { ?s ?p ?o } } UNION
          { SELECT ("classes" AS ?k) (COUNT(DISTINCT ?c) AS ?n) WHERE { ?x a ?c } } UNION
          { SELECT ("properties" AS ?k) (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o } } UNION
          { SELECT ("distinctSubjects" AS ?k) (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o } } }""", store)
    assert described == counted
    per_class = ints(f"""PREFIX void: <{VOID}> SELECT ?c ?n WHERE {{
        {ds} void:classPartition ?part . ?part void:class ?c ; void:entities ?n }}""", about)
    assert per_class == ints("SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c", store)
    per_property = ints(f"""PREFIX void: <{VOID}> SELECT ?p ?n WHERE {{
        {ds} void:propertyPartition ?part . ?part void:property ?p ; void:triples ?n }}""", about)
    assert per_property == ints("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p", store)
    linksets = ints(f"""PREFIX void: <{VOID}> SELECT ?p ?n WHERE {{
        ?set a void:Linkset ; void:subjectsTarget {ds} ; void:linkPredicate ?p ; void:triples ?n }}""", about)
    assert linksets == ints("""SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o
        FILTER(isIRI(?o) && STRSTARTS(STR(?o), "http://www.wikidata.org/")) } GROUP BY ?p""", store)


def test_void_example_resources_are_typed_members_of_the_graph(graph: Graph) -> None:
    examples = [t.object for t in describe(graph) if t.predicate.value == VOID + "exampleResource"]
    assert examples
    typed = {t.subject for t in graph.triples if t.predicate.value.endswith("#type")}
    assert set(examples) <= typed


def test_release_holds_everything_and_its_checksums_verify(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["release", "--out", str(out),
                                      "--sparql-endpoint", "https://example.org/sparql"])
    assert result.exit_code == 0, result.output
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {f"wpkld.{f.file_extension}" for f in FORMATS.values()} <= names
    assert {"void.ttl", "context.jsonld", "SHA256SUMS", "ontology/wpkld.ttl"} <= names
    assert any(n.startswith("shapes/") for n in names)
    if resources.mapping_file("wikidata.sssom.tsv").is_file():
        assert "mappings/wikidata.sssom.tsv" in names
    sums = dict(reversed(line.split("  ", 1)) for line in (out / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == names - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    about = parsed((out / "void.ttl").read_bytes(), "ttl")
    dumps = {t.object.value for t in about if t.predicate.value == VOID + "dataDump"}
    assert len(dumps) == len(FORMATS)
    assert any(t.predicate.value == VOID + "sparqlEndpoint" for t in about)
    sizes = Counter(t.object.value for t in about if t.predicate.value.endswith("#byteSize"))
    assert str((out / "wpkld.nt").stat().st_size) in sizes


def test_release_refuses_a_directory_with_files(tmp_path: Path) -> None:
    (tmp_path / "stale.txt").write_text("old")
    with pytest.raises(DataError, match="not an empty directory"):
        release(tmp_path)


def test_export_command_writes_standard_output_and_refuses_an_unknown_format() -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "nt"])
    assert result.exit_code == 0
    assert result.stdout_bytes == export("nt")
    assert CliRunner().invoke(cli, ["export", "--format", "owl"]).exit_code == 2
