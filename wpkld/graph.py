"""Build the bundled graph: load the ontology and data files, derive the direct triples.

One function builds what every reader of the data sees, so that queries
(:mod:`wpkld.api`), exports (:mod:`wpkld.export`) and validation
(:mod:`wpkld.validate`) agree on it: the ontology, the dataset, the direct
triples derived from its statements (``wpkld/derive.ru``) and the Wikidata
links published from the link records (``wpkld/wikidata/publish.ru``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from . import resources
from .namespaces import BASE, RDF, used
from .store import EmbeddedStore, OxigraphStore, Source

#: The dataset's IRI: subject of its VoID/DCAT description, and the graph
#: name of the quad formats (N-Quads, TriG).
DATASET = BASE + "dataset"

RDF_TYPE = RDF + "type"


def bundled_sources() -> list[Source]:
    """Return the files of the bundled graph: the ontology and the dataset."""
    return [*resources.ontology_files(), *resources.dataset_files()]


def sources_for(data: Sequence[Source] | None) -> list[Source]:
    """Return the bundled files, or the ontology with ``data`` instead of the dataset."""
    return bundled_sources() if data is None else [*resources.ontology_files(), *data]


def build(store: EmbeddedStore, sources: Iterable[Source]) -> None:
    """Load files into an embedded store and derive the direct triples."""
    store.load(sources)
    for update in resources.derive_updates():
        store.update(update)


@dataclass(frozen=True)
class Graph:
    """The bundled graph, ready to serialize.

    :ivar triples: every triple, subjects together, ``rdf:type`` first.
    :ivar prefixes: the part of :data:`wpkld.namespaces.PREFIXES` the triples use.
    """

    triples: list[ox.Triple]
    prefixes: dict[str, str]


def canonical(data: Sequence[Source] | None = None) -> Graph:
    """Build the bundled graph (ontology, dataset, derived triples) in canonical order.

    :param data: files to use instead of the bundled dataset (the ontology is
        always included, as :func:`wpkld.open` does).
    :raises DataError: when a file cannot be read or parsed.

    >>> graph = canonical()
    >>> graph.prefixes["wpk"]
    'https://w3id.org/wpkld/ontology#'
    >>> len(graph.triples) > 1000
    True
    """
    store = OxigraphStore()
    build(store, sources_for(data))
    dataset = ox.Dataset(store.quads())
    if any(isinstance(term, ox.BlankNode) for quad in dataset for term in (quad.subject, quad.object)):
        # Blank node labels are arbitrary; canonical ones (RDFC-style) keep
        # exports byte-identical across runs even if a file ever has one.
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    triples = sorted({quad.triple for quad in dataset}, key=reading_order)
    return Graph(triples, prefixes_of(triples))


def prefixes_of(triples: Iterable[ox.Triple]) -> dict[str, str]:
    """Return the prefixes whose namespace some IRI (or datatype) of the triples is in."""
    iris: set[str] = set()
    for t in triples:
        iris.update(term.value for term in (t.subject, t.predicate, t.object)
                    if isinstance(term, ox.NamedNode))
        if isinstance(t.object, ox.Literal):
            iris.add(t.object.datatype.value)
    return used(iris)


def reading_order(triple: ox.Triple) -> tuple[str, bool, str, str]:
    """Sort key that keeps a subject's triples together, ``rdf:type`` first."""
    return (str(triple.subject), triple.predicate.value != RDF_TYPE,
            str(triple.predicate), str(triple.object))
