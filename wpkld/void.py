"""Describe the dataset in VoID and DCAT, counted from the graph itself.

Every number (triples, entities, class and property partitions, links to
Wikidata) is computed from the triples being described, never typed in; the
title, licence and creator are read from the ontology header, the version and
keywords from the package metadata.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import metadata

import pyoxigraph as ox

from ._version import __version__
from .graph import DATASET, RDF_TYPE, Graph, reading_order
from .namespaces import (
    BASE,
    DCAT,
    DCTERMS,
    FOAF,
    OWL,
    PROV,
    SPDX,
    VOID,
    WPK,
    XSD,
    compress,
)

#: Where the dataset's own resources live (``void:uriSpace``).
URI_SPACE = BASE
#: Wikidata's IRIs: an object in this space is a link to Wikidata.
WIKIDATA_SPACE = "http://www.wikidata.org/"
LANDING_PAGE = BASE
ONTOLOGY = BASE + "ontology"

#: Classes whose best-connected member is given as ``void:exampleResource``.
EXAMPLE_CLASSES = ("Person", "Faction", "PoliticalParty", "Meeting", "RepressionEvent")


@dataclass(frozen=True)
class Distribution:
    """One file of a release, as DCAT describes it.

    :ivar url: where it can be downloaded.
    :ivar media_type: its IANA media type.
    :ivar format_iri: its W3C format IRI (``void:feature``), if it is an RDF dump.
    :ivar byte_size: its size in bytes.
    :ivar sha256: its SHA-256 checksum, in hex.
    :ivar title: what it is, for people.
    """

    url: str
    media_type: str
    format_iri: str | None
    byte_size: int
    sha256: str
    title: str


def describe(graph: Graph, *, distributions: Sequence[Distribution] = (),
             endpoint: str | None = None) -> list[ox.Triple]:
    """Return the VoID and DCAT description of a graph.

    :param graph: the graph described (see :func:`wpkld.graph.canonical`).
    :param distributions: the files it is published as; RDF dumps also become
        ``void:dataDump``.
    :param endpoint: a public SPARQL endpoint serving it, if there is one.

    >>> from wpkld.graph import canonical
    >>> about = describe(canonical())
    >>> triples = [t.object for t in about if t.subject.value == DATASET
    ...            and t.predicate.value == VOID + "triples"]
    >>> int(triples[0].value) == len(canonical().triples)
    True
    """
    d = _Description()
    ds = ox.NamedNode(DATASET)
    triples = graph.triples
    header = {t.predicate.value: t.object for t in triples if t.subject == ox.NamedNode(ONTOLOGY)
              and isinstance(t.object, (ox.NamedNode, ox.Literal))}
    meta = metadata("wpkld")

    d.add(ds, RDF_TYPE, ox.NamedNode(VOID + "Dataset"), ox.NamedNode(DCAT + "Dataset"))
    d.add(ds, DCTERMS + "title", ox.Literal("wpkld: a sourced linked-data history of the "
                                            "Workers' Party of Korea", language="en"))
    d.add(ds, DCTERMS + "description", ox.Literal(meta["Summary"], language="en"))
    for key in ("license", "creator"):
        if DCTERMS + key in header:
            d.add(ds, DCTERMS + key, header[DCTERMS + key])
    d.add(ds, DCAT + "version", ox.Literal(__version__))
    d.add(ds, OWL + "versionInfo", ox.Literal(__version__))
    d.add(ds, DCAT + "landingPage", ox.NamedNode(LANDING_PAGE))
    d.add(ds, FOAF + "homepage", ox.NamedNode(LANDING_PAGE))
    for keyword in sorted(k.strip() for k in (meta["Keywords"] or "").split(",") if k.strip()):
        d.add(ds, DCAT + "keyword", ox.Literal(keyword, language="en"))
    d.add(ds, VOID + "uriSpace", ox.Literal(URI_SPACE))
    d.add(ds, VOID + "rootResource", ox.NamedNode(ONTOLOGY))
    sources = {t.object for t in triples if t.predicate.value == PROV + "wasDerivedFrom"}
    d.add(ds, DCTERMS + "source", *sorted(_iris(sources), key=str))
    _counts(d, ds, triples, graph.prefixes)
    _examples(d, ds, triples)
    _linksets(d, ds, triples)
    _distributions(d, ds, distributions)
    if endpoint:
        service = ox.NamedNode(DATASET + "#sparql")
        d.add(ds, VOID + "sparqlEndpoint", ox.NamedNode(endpoint))
        d.add(service, RDF_TYPE, ox.NamedNode(DCAT + "DataService"))
        d.add(service, DCAT + "endpointURL", ox.NamedNode(endpoint))
        d.add(service, DCAT + "servesDataset", ds)
        d.add(service, DCTERMS + "conformsTo", ox.NamedNode("https://www.w3.org/TR/sparql11-protocol/"))
    return sorted(d.triples, key=reading_order)


class _Description:
    def __init__(self) -> None:
        self.triples: set[ox.Triple] = set()

    def add(self, subject: ox.NamedNode, predicate: str, *objects: ox.NamedNode | ox.Literal) -> None:
        for obj in objects:
            self.triples.add(ox.Triple(subject, ox.NamedNode(predicate), obj))


def _iris(terms: Iterable[object]) -> list[ox.NamedNode]:
    """Keep the IRIs (no blank nodes, literals or quoted triples)."""
    return [t for t in terms if isinstance(t, ox.NamedNode)]


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


def _slug(iri: str) -> str:
    """Name a partition after its class or property, e.g. ``wpk-Person``."""
    name = compress(iri)
    return re.sub(r"[^A-Za-z0-9_-]", "-", name.split("://", 1)[-1])


def _counts(d: _Description, ds: ox.NamedNode, triples: Sequence[ox.Triple],
            prefixes: dict[str, str]) -> None:
    subjects = {t.subject for t in triples}
    members: dict[str, set[object]] = {}
    for t in triples:
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            members.setdefault(t.object.value, set()).add(t.subject)
    per_property = Counter(t.predicate.value for t in triples)
    d.add(ds, VOID + "triples", _integer(len(triples)))
    d.add(ds, VOID + "entities", _integer(sum(1 for s in _iris(subjects) if s.value.startswith(URI_SPACE))))
    d.add(ds, VOID + "distinctSubjects", _integer(len(subjects)))
    d.add(ds, VOID + "distinctObjects", _integer(len({t.object for t in triples})))
    d.add(ds, VOID + "classes", _integer(len(members)))
    d.add(ds, VOID + "properties", _integer(len(per_property)))
    terms = [*members, *per_property]
    vocabularies = {ns for ns in prefixes.values() if any(iri.startswith(ns) for iri in terms)}
    d.add(ds, VOID + "vocabulary", *(ox.NamedNode(ns) for ns in sorted(vocabularies)))
    for cls, entities in members.items():
        partition = ox.NamedNode(f"{DATASET}#class-{_slug(cls)}")
        d.add(ds, VOID + "classPartition", partition)
        d.add(partition, VOID + "class", ox.NamedNode(cls))
        d.add(partition, VOID + "entities", _integer(len(entities)))
    for prop, count in per_property.items():
        partition = ox.NamedNode(f"{DATASET}#property-{_slug(prop)}")
        d.add(ds, VOID + "propertyPartition", partition)
        d.add(partition, VOID + "property", ox.NamedNode(prop))
        d.add(partition, VOID + "triples", _integer(count))


def _examples(d: _Description, ds: ox.NamedNode, triples: Sequence[ox.Triple]) -> None:
    """Give, for a few main classes, the member most triples mention."""
    degree = Counter(_iris(term for t in triples for term in (t.subject, t.object)))
    for name in EXAMPLE_CLASSES:
        members = _iris(t.subject for t in triples
                        if t.predicate.value == RDF_TYPE and t.object == ox.NamedNode(WPK + name))
        if members:
            d.add(ds, VOID + "exampleResource",
                  min(members, key=lambda m: (-degree[m], m.value)))


def _linksets(d: _Description, ds: ox.NamedNode, triples: Sequence[ox.Triple]) -> None:
    """One ``void:Linkset`` per predicate that links to Wikidata, with its count."""
    links = Counter(t.predicate.value for t in triples
                    if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(WIKIDATA_SPACE))
    if not links:
        return
    wikidata = ox.NamedNode(DATASET + "#wikidata")
    d.add(wikidata, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    d.add(wikidata, DCTERMS + "title", ox.Literal("Wikidata", language="en"))
    d.add(wikidata, FOAF + "homepage", ox.NamedNode("https://www.wikidata.org/"))
    d.add(wikidata, VOID + "uriSpace", ox.Literal(WIKIDATA_SPACE + "entity/"))
    d.add(wikidata, VOID + "sparqlEndpoint", ox.NamedNode("https://query.wikidata.org/sparql"))
    for predicate, count in links.items():
        linkset = ox.NamedNode(f"{DATASET}#wikidata-{_slug(predicate)}")
        d.add(ds, VOID + "subset", linkset)
        d.add(linkset, RDF_TYPE, ox.NamedNode(VOID + "Linkset"))
        d.add(linkset, VOID + "subjectsTarget", ds)
        d.add(linkset, VOID + "objectsTarget", wikidata)
        d.add(linkset, VOID + "linkPredicate", ox.NamedNode(predicate))
        d.add(linkset, VOID + "triples", _integer(count))


def _distributions(d: _Description, ds: ox.NamedNode,
                   distributions: Sequence[Distribution]) -> None:
    for item in distributions:
        node = ox.NamedNode(item.url)
        d.add(ds, DCAT + "distribution", node)
        d.add(node, RDF_TYPE, ox.NamedNode(DCAT + "Distribution"))
        d.add(node, DCTERMS + "title", ox.Literal(item.title, language="en"))
        d.add(node, DCAT + "downloadURL", node)
        d.add(node, DCAT + "mediaType",
              ox.NamedNode("https://www.iana.org/assignments/media-types/" + item.media_type))
        d.add(node, DCAT + "byteSize", ox.Literal(str(item.byte_size),
                                                   datatype=ox.NamedNode(XSD + "nonNegativeInteger")))
        checksum = ox.NamedNode(f"{item.url}#sha256")
        d.add(node, SPDX + "checksum", checksum)
        d.add(checksum, RDF_TYPE, ox.NamedNode(SPDX + "Checksum"))
        d.add(checksum, SPDX + "algorithm", ox.NamedNode(SPDX + "checksumAlgorithm_sha256"))
        d.add(checksum, SPDX + "checksumValue", ox.Literal(item.sha256, datatype=ox.NamedNode(XSD + "hexBinary")))
        if item.format_iri:
            d.add(ds, VOID + "dataDump", node)
            d.add(ds, VOID + "feature", ox.NamedNode(item.format_iri))
            d.add(node, DCTERMS + "format", ox.NamedNode(item.format_iri))
