"""Describe one resource as RDF: the triples of its page, in Turtle, JSON-LD, N-Triples or RDF/XML.

The description is the CONSTRUCT query ``queries/describe.rq`` run with the
resource bound, so the page, the static files and the server all show the
same triples. Serialization reuses :mod:`wpkld.export` (canonical order,
project prefixes), so each description is the same bytes on every run.
"""

from __future__ import annotations

import functools
from importlib.resources import files

import pyoxigraph as ox

from ..api import Dataset
from ..errors import QueryError, WpkldError
from ..export import serialize
from ..graph import Graph, prefixes_of, reading_order
from ..store import OxigraphStore, RdflibStore
from ..terms import from_rdflib, to_rdflib

#: The formats a description is published in, by file extension.
FORMATS = ("ttl", "jsonld", "nt", "xml")


@functools.cache
def query_text(name: str) -> str:
    """Return the text of one of the web layer's internal queries (``queries/NAME.rq``)."""
    return (files("wpkld.web") / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def construct(ds: Dataset, name: str, **bindings: str) -> list[ox.Triple]:
    """Run an internal CONSTRUCT query with IRIs bound; return its triples in reading order.

    :raises WpkldError: when the dataset is on a remote endpoint (not supported here).
    """
    store = ds.store
    terms = {k: ox.NamedNode(v) for k, v in bindings.items()}
    if isinstance(store, OxigraphStore):
        try:
            answer = store.store.query(query_text(name),
                                       substitutions={ox.Variable(k): v for k, v in terms.items()})
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise QueryError(f"{name}.rq failed: {' '.join(str(exc).split())}") from exc
        if not isinstance(answer, ox.QueryTriples):
            raise QueryError(f"{name}.rq is not a CONSTRUCT query")
        triples: set[ox.Triple] = set(answer)
    elif isinstance(store, RdflibStore):
        result = store.graph.query(query_text(name), initBindings={k: to_rdflib(v) for k, v in terms.items()})
        triples = set()
        for found in result:
            s, p, o = (from_rdflib(term) for term in found)  # type: ignore[union-attr]
            triples.add(ox.Triple(s, p, o))  # type: ignore[arg-type]
    else:
        raise WpkldError(f"describing resources needs an embedded store, not {store.name}")
    return sorted(triples, key=reading_order)


def description(ds: Dataset, iri: str) -> Graph:
    """Return the description of a resource as a :class:`~wpkld.export.Graph`.

    >>> import wpkld
    >>> graph = description(wpkld.open(), "https://w3id.org/wpkld/person/pak-hon-yong")
    >>> any(t.predicate.value.endswith("#quote") for t in graph.triples)
    True
    """
    triples = construct(ds, "describe", this=iri)
    return Graph(triples, prefixes_of(triples))


def describe(ds: Dataset, iri: str, fmt: str = "ttl") -> bytes:
    """Return the description of a resource in one format of :data:`FORMATS`.

    :param ds: the dataset (on an embedded store).
    :param iri: the resource's IRI.
    :param fmt: ``ttl``, ``jsonld``, ``nt`` or ``xml``.
    :raises ParameterError: when the format is unknown.

    >>> import wpkld
    >>> b"Pak Hon-yong" in describe(wpkld.open(), "https://w3id.org/wpkld/person/pak-hon-yong", "nt")
    True
    """
    return serialize(description(ds, iri), fmt)
