"""Serialize the bundled graph to Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML.

The graph is the one :func:`wpkld.dataset.build` makes: the ontology, the
dataset and the derived direct triples. Every format is written by pyoxigraph
from triples in one canonical order, so that an export is the same bytes on
every run; N-Triples and N-Quads lines are, in addition, sorted.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import resources
from .atomic import build_folder, check_target, write_bytes
from .dataset import build, bundled_sources
from .errors import DataError, ParameterError
from .store import OxigraphStore, Source, read_source

#: The dataset's IRI: subject of its VoID/DCAT description, and the graph
#: name of the quad formats (N-Quads, TriG).
DATASET = "https://w3id.org/wpkld/dataset"

#: Export formats by the name ``wpkld export --format`` takes.
FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)


@dataclass(frozen=True)
class Graph:
    """The bundled graph, ready to serialize.

    :ivar triples: every triple, subjects together, ``rdf:type`` first.
    :ivar prefixes: the prefixes the source files declare, restricted to the
        namespaces the triples use.
    """

    triples: list[ox.Triple]
    prefixes: dict[str, str]


def bundled(data: Sequence[Source] | None = None) -> Graph:
    """Build the bundled graph (ontology, dataset, derived triples) in canonical order.

    :param data: files to use instead of the bundled dataset (the ontology is
        always included, as :func:`wpkld.open` does).
    :raises DataError: when a file cannot be read or parsed.

    >>> graph = bundled()
    >>> graph.prefixes["wpk"]
    'https://w3id.org/wpkld/ontology#'
    >>> len(graph.triples) > 1000
    True
    """
    sources = bundled_sources() if data is None else [*resources.ontology_files(), *data]
    store = OxigraphStore()
    build(store, sources)
    dataset = ox.Dataset(store.quads())
    if any(isinstance(term, ox.BlankNode) for quad in dataset for term in (quad.subject, quad.object)):
        # Blank node labels are arbitrary; canonical ones (RDFC-style) keep
        # exports byte-identical across runs even if a file ever has one.
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    triples = sorted({quad.triple for quad in dataset}, key=reading_order)
    return Graph(triples, used_prefixes(declared_prefixes(sources), triples))


def reading_order(triple: ox.Triple) -> tuple[str, bool, str, str]:
    """Sort key that keeps a subject's triples together, ``rdf:type`` first."""
    return (str(triple.subject), triple.predicate.value != RDF_TYPE,
            str(triple.predicate), str(triple.object))


def declared_prefixes(sources: Iterable[Source]) -> dict[str, str]:
    """Return the prefixes the Turtle files declare; the first file wins a clash.

    The dataset files all open with the prefix block of ``docs/model.md``, so
    the exports use exactly the project's prefixes, read rather than copied.
    """
    found: dict[str, str] = {}
    for source in sources:
        if not source.name.endswith((".ttl", ".trig")):
            continue
        fmt = ox.RdfFormat.TURTLE if source.name.endswith(".ttl") else ox.RdfFormat.TRIG
        parser = ox.parse(read_source(source), format=fmt)
        for _ in parser:  # the prefixes are known once the file is read
            pass
        for prefix, namespace in parser.prefixes.items():
            found.setdefault(prefix, namespace)
    return found


def used_prefixes(prefixes: dict[str, str], triples: Sequence[ox.Triple]) -> dict[str, str]:
    """Return the prefixes whose namespace some IRI of the triples is in, sorted."""
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object)
            if isinstance(term, ox.NamedNode)}
    iris |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    namespaces = {iri[:max(iri.rfind("#"), iri.rfind("/")) + 1] for iri in iris}
    return {p: ns for p, ns in sorted(prefixes.items()) if ns in namespaces}


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
    by_namespace = sorted(((ns, p) for p, ns in graph.prefixes.items()),
                          key=lambda item: (-len(item[0]), item[1]))

    def compact(iri: str) -> str:
        for namespace, prefix in by_namespace:
            # A suffix starting "//" would read as an absolute IRI (JSON-LD 1.1 §4.1.3).
            if iri.startswith(namespace) and not iri[len(namespace):].startswith("//"):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

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
    text = serialize(bundled(data), fmt)
    if out is not None:
        write_bytes(out, text, force=force)
    return text


def release(out_dir: Path, *, base_url: str | None = None,
            endpoint: str | None = None, force: bool = False) -> list[Path]:
    """Write a release: every format, the ontology, shapes, mappings, VoID/DCAT, SHA256SUMS.

    :param out_dir: an empty or new directory; it appears whole or not at all
        (built in a temporary sibling, then renamed).
    :param base_url: where the release will be published (download URLs in
        the DCAT description); by default ``https://w3id.org/wpkld/release/VERSION/``.
    :param endpoint: a public SPARQL endpoint serving the data, if any.
    :param force: replace a non-empty ``out_dir``.
    :returns: the files written, ``SHA256SUMS`` last.
    :raises DataError: when ``out_dir`` is not empty (without ``force``) or cannot be written.
    """
    import hashlib

    from . import __version__
    from .void import PREFIXES, Distribution, describe

    base = base_url or f"https://w3id.org/wpkld/release/{__version__}/"
    base = base if base.endswith("/") else base + "/"
    graph = bundled()
    files: dict[str, tuple[bytes, str, str | None, str]] = {}  # name: content, type, format, title
    for fmt, rdf_format in FORMATS.items():
        files[f"wpkld.{rdf_format.file_extension}"] = (
            serialize(graph, fmt), rdf_format.media_type, rdf_format.iri,
            f"The dataset with its ontology and derived triples, in {rdf_format.name}")
    files["context.jsonld"] = ((json.dumps(context(graph), indent=1) + "\n").encode("utf-8"),
                               "application/ld+json", None, "The JSON-LD context of the exports")
    for folder, entries in (("ontology", resources.ontology_files()),
                            ("shapes", resources.shapes_files())):
        for entry in entries:
            files[f"{folder}/{entry.name}"] = (read_source(entry), "text/turtle", None,
                                               f"{folder.capitalize()}: {entry.name}")
    mappings = resources.mapping_file("wikidata.sssom.tsv")
    if mappings.is_file():
        files["mappings/wikidata.sssom.tsv"] = (read_source(mappings), "text/tab-separated-values",
                                                None, "Wikidata mappings (SSSOM)")
    distributions = [Distribution(base + name, media_type, format_iri, len(content),
                                  hashlib.sha256(content).hexdigest(), title)
                     for name, (content, media_type, format_iri, title) in sorted(files.items())]
    about = describe(graph, distributions=distributions, endpoint=endpoint)
    prefixes = used_prefixes({**graph.prefixes, **PREFIXES}, about)
    files["void.ttl"] = (serialize(Graph(about, prefixes), "ttl"), "text/turtle", None, "")
    names = sorted(files)
    sums = "".join(f"{hashlib.sha256(files[name][0]).hexdigest()}  {name}\n" for name in names)
    contents = {**{name: files[name][0] for name in names}, "SHA256SUMS": sums.encode("ascii")}
    # A stale file from an older release would be shipped unchecked: the folder is
    # built whole in a temporary sibling and renamed, so a killed run leaves none.
    with build_folder(out_dir, force=force) as building:
        for name, content in contents.items():
            (building / name).parent.mkdir(exist_ok=True)
            (building / name).write_bytes(content)
    return [out_dir / name for name in contents]
