"""wpkld.store: both embedded backends read every format alike and fail with clear errors."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from wpkld.errors import DataError, QueryError
from wpkld.store import FORMATS, OxigraphStore, RdflibStore, format_of

TRIPLE = ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c", language="en"))

#: One triple in every format the stores read (quads: in a named graph, folded into the default).
TEXTS = {
    ".ttl": '<urn:a> <urn:b> "c"@en .',
    ".nt": '<urn:a> <urn:b> "c"@en .',
    ".nq": '<urn:a> <urn:b> "c"@en <urn:g> .',
    ".trig": '<urn:g> { <urn:a> <urn:b> "c"@en . }',
    ".jsonld": '{"@id": "urn:a", "urn:b": {"@value": "c", "@language": "en"}}',
    ".rdf": '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="urn:a"><b xmlns="urn:" xml:lang="en">c</b></rdf:Description></rdf:RDF>',
}

BACKENDS = [OxigraphStore, RdflibStore]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("suffix", sorted(TEXTS))
def test_every_format_loads_the_same_triple(backend: type, suffix: str) -> None:
    store = backend()
    store.load_text(TEXTS[suffix], name="inline" + suffix)
    assert [q.triple for q in store.quads()] == [TRIPLE]
    assert len(store) == 1


def test_every_extension_has_a_format_for_both_backends() -> None:
    for suffix, fmt in FORMATS.items():
        assert fmt.oxigraph.file_extension in suffix or fmt.oxigraph == ox.RdfFormat.JSON_LD \
            or fmt.oxigraph == ox.RdfFormat.RDF_XML
        assert fmt.rdflib


def test_a_file_without_extension_is_named_in_full(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=f"{tmp_path}/README: no file extension"):
        format_of(tmp_path / "README")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_syntax_error_names_the_file_and_line(backend: type, tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text('<urn:a> <urn:b> "c" .\n<urn:a> <urn:b> .\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        backend().load([path])
    assert caught.value.path == str(path)
    assert caught.value.line == 2


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_missing_file_is_a_data_error(backend: type, tmp_path: Path) -> None:
    with pytest.raises(DataError, match="none.ttl"):
        backend().load([tmp_path / "none.ttl"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_select_ask_construct_and_update_agree(backend: type) -> None:
    store = backend()
    store.load_text(TEXTS[".ttl"], name="x.ttl")
    store.update('INSERT DATA { <urn:a> <urn:d> 1 }')
    rows = store.select("SELECT ?p ?o WHERE { <urn:a> ?p ?o } ORDER BY ?p").rows
    assert [r["p"].value for r in rows] == ["urn:b", "urn:d"]
    assert rows[1]["o"] == ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert store.ask("ASK { <urn:a> <urn:b> ?o }") is True
    built = store.construct("CONSTRUCT { ?s <urn:copy> ?o } WHERE { ?s <urn:b> ?o }")
    assert built == [ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:copy"), TRIPLE.object)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_bindings_are_terms_not_text(backend: type) -> None:
    store = backend()
    store.load_text(TEXTS[".ttl"], name="x.ttl")
    rows = store.select("SELECT ?s ?o WHERE { ?s <urn:b> ?o }", {"o": ox.Literal('c"@en } #')}).rows
    assert rows == []
    rows = store.select("SELECT ?s ?o WHERE { ?s <urn:b> ?o }", {"o": TRIPLE.object}).rows
    assert [r["s"].value for r in rows] == ["urn:a"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("call", "query", "message"), [
    ("select", "ASK {}", "expected a SELECT query"),
    ("ask", "SELECT * WHERE {}", "expected an ASK query"),
    ("construct", "SELECT * WHERE {}", "expected a CONSTRUCT or DESCRIBE query"),
    ("select", "SELECT WHERE {", "SPARQL"),
])
def test_the_wrong_query_form_or_bad_syntax_is_a_query_error(backend: type, call: str, query: str,
                                                             message: str) -> None:
    with pytest.raises(QueryError, match=message):
        getattr(backend(), call)(query)


def test_a_bug_in_rdflib_use_is_not_reported_as_malformed_sparql(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the parser's and engine's own errors become QueryError; a TypeError stays a bug."""
    store = RdflibStore()

    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("a programming error")

    monkeypatch.setattr(store.graph, "query", broken)
    with pytest.raises(TypeError, match="a programming error"):
        store.select("SELECT * WHERE {}")
