"""Serialize the bundled graph to Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML.

The graph is the one :func:`wpkld.graph.canonical` makes: the ontology, the
dataset and the derived direct triples. Every format is written by pyoxigraph
from triples in one canonical order, so that an export is the same bytes on
every run; N-Triples and N-Quads lines are, in addition, sorted.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .atomic import check_target, write_bytes
from .errors import DataError, ParameterError
from .graph import DATASET, RDF_TYPE, Graph, canonical
from .namespaces import PrefixMap
from .store import Source

#: Export formats by the name ``wpkld export --format`` takes.
FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}

_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)


def rdf_format_of(fmt: str) -> ox.RdfFormat:
    """Return the pyoxigraph format of an export format name.

    >>> rdf_format_of("nt").media_type
    'application/n-triples'
    >>> rdf_format_of("owl")
    Traceback (most recent call last):
    ...
    wpkld.errors.ParameterError: parameter 'format': unknown format 'owl' (use ttl, nt, nq, trig, jsonld, xml)
    """
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ParameterError("format", f"unknown format {fmt!r} (use {', '.join(FORMATS)})") from None


def serialize(graph: Graph, fmt: str) -> bytes:
    """Return the graph in one format of :data:`FORMATS`.

    :raises ParameterError: when the format is unknown.

    >>> graph = Graph([ox.Triple(ox.NamedNode("https://w3id.org/wpkld/person/b"),
    ...     ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("B", language="en"))],
    ...     {"person": "https://w3id.org/wpkld/person/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
    >>> print(serialize(graph, "ttl").decode(), end="")
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix person: <https://w3id.org/wpkld/person/> .
    person:b rdfs:label "B"@en .
    >>> print(serialize(graph, "nq").decode(), end="")
    <https://w3id.org/wpkld/person/b> <http://www.w3.org/2000/01/rdf-schema#label> "B"@en <https://w3id.org/wpkld/dataset> .
    """
    rdf_format = rdf_format_of(fmt)
    if rdf_format == ox.RdfFormat.JSON_LD:
        return jsonld(graph)
    statements: list[ox.Triple] | list[ox.Quad] = graph.triples
    if rdf_format.supports_datasets:
        name = ox.NamedNode(DATASET)
        statements = [ox.Quad(t.subject, t.predicate, t.object, name) for t in graph.triples]
    try:
        text = _serialized(statements, rdf_format,
                           prefixes=graph.prefixes if rdf_format in _PREFIXED else None)
    except ValueError as exc:  # e.g. RDF/XML cannot write a predicate it cannot split
        raise DataError(f"cannot write {fmt}: {exc}") from exc
    if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        # One statement a line: sorted bytes make diffs between releases clean.
        text = b"".join(sorted(text.splitlines(keepends=True)))
    return text


def _serialized(statements: Sequence[ox.Triple] | Sequence[ox.Quad], rdf_format: ox.RdfFormat,
                *, prefixes: dict[str, str] | None = None) -> bytes:
    output = io.BytesIO()
    ox.serialize(statements, output, rdf_format, prefixes=prefixes)
    return output.getvalue()


def context(graph: Graph) -> dict[str, Any]:
    """Return the JSON-LD context of the exports: the project's prefixes.

    >>> context(Graph([], {"wpk": "https://w3id.org/wpkld/ontology#"}))
    {'@context': {'wpk': 'https://w3id.org/wpkld/ontology#'}}
    """
    return {"@context": dict(graph.prefixes)}


def jsonld(graph: Graph) -> bytes:
    """Return the graph as compact JSON-LD with the project's prefixes as context.

    pyoxigraph writes expanded JSON-LD (full IRIs, every value an array),
    exact and deterministic; this shortens it only in ways JSON-LD 1.1
    expansion undoes: IRIs become compact IRIs of the context's prefixes,
    ``rdf:type`` becomes ``@type``, one-element arrays and plain string
    values lose their wrappers. No value is converted to a JSON number or
    boolean, so every literal keeps its lexical form.

    >>> g = Graph([ox.Triple(ox.NamedNode("https://w3id.org/wpkld/faction/yanan"),
    ...     ox.NamedNode(RDF_TYPE), ox.NamedNode("https://w3id.org/wpkld/ontology#Faction"))],
    ...     {"faction": "https://w3id.org/wpkld/faction/", "wpk": "https://w3id.org/wpkld/ontology#"})
    >>> json.loads(jsonld(g))["@graph"]
    [{'@id': 'faction:yanan', '@type': 'wpk:Faction'}]
    """
    # Only the context's prefixes: a CURIE with an undeclared prefix would read as an IRI.
    compact = PrefixMap(graph.prefixes).compress

    def value(obj: dict[str, str]) -> Any:
        if "@id" in obj:
            return {"@id": compact(obj["@id"])}
        if set(obj) == {"@value"}:
            return obj["@value"]
        return {k: compact(v) if k == "@type" else v for k, v in obj.items()}

    def one(items: list[Any]) -> Any:
        return items[0] if len(items) == 1 else items

    nodes = []
    for node in json.loads(_serialized(graph.triples, ox.RdfFormat.JSON_LD)):
        out: dict[str, Any] = {"@id": compact(node.pop("@id"))}
        types = node.pop(RDF_TYPE, [])
        if types:
            out["@type"] = one([compact(t["@id"]) for t in types])
        for predicate, objects in node.items():
            out[compact(predicate)] = one([value(o) for o in objects])
        nodes.append(out)
    document = {**context(graph), "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export(fmt: str, out: Path | None = None, *, data: Sequence[Source] | None = None,
           force: bool = False) -> bytes:
    """Serialize the bundled graph and, given a path, write it there atomically.

    :param fmt: a format of :data:`FORMATS` (``ttl``, ``nt``, ``nq``, ``trig``,
        ``jsonld``, ``xml``).
    :param out: the file to write; nothing is written when ``None``.
    :param data: files to export instead of the bundled dataset.
    :param force: replace ``out`` if it exists.
    :returns: the serialization.
    :raises ParameterError: when the format is unknown.
    :raises DataError: when a file cannot be read, parsed or written, or
        ``out`` exists (without ``force``) or is in a missing folder.
    """
    rdf_format_of(fmt)  # fail on a bad format before building the graph
    if out is not None:
        check_target(out, force=force)  # before the work, not after it
    text = serialize(canonical(data), fmt)
    if out is not None:
        write_bytes(out, text, force=force)
    return text
