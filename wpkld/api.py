"""Open the data on a backend and ask it questions: the public entry point."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .graph import build, sources_for
from .store import OxigraphStore, RdflibStore, Results, Store
from .terms import to_python

if TYPE_CHECKING:
    from .names import Match

Backend = Literal["oxigraph", "rdflib"]

#: The embedded default; docs/benchmarks.md shows why.
DEFAULT_BACKEND: Backend = "oxigraph"


def open(*, backend: Backend = DEFAULT_BACKEND, endpoint: str | None = None,
         data: Sequence[Path] | None = None, timeout: float = 60.0,
         headers: dict[str, str] | None = None) -> "Dataset":
    """Open the data.

    :param backend: the embedded store, ``"oxigraph"`` (default) or ``"rdflib"``.
    :param endpoint: a SPARQL 1.1 query endpoint to use instead of an embedded
        store (the data must already be loaded there, see ``wpkld load``).
    :param data: files to load instead of the bundled dataset (the ontology is
        always loaded with them).
    :param timeout: seconds to wait for a remote endpoint.
    :param headers: extra HTTP headers for a remote endpoint (e.g. auth).
    :returns: a :class:`Dataset`.
    :raises DataError: when a data file cannot be read or parsed.

    >>> ds = open(backend="rdflib")
    >>> ds.store.name
    'rdflib'
    """
    store: Store
    if endpoint is not None:
        from .endpoint import EndpointStore

        store = EndpointStore(endpoint, timeout=timeout, headers=headers)
    else:
        embedded = OxigraphStore() if backend == "oxigraph" else RdflibStore()
        build(embedded, sources_for(data))
        if data is None:  # the stored Wikidata facts, for queries that compare offline
            from .wikidata.evidence import facts_turtle

            embedded.load_text(facts_turtle(), name="wikidata-candidates.ttl")
        store = embedded
    return Dataset(store)


class Dataset:
    """The WPK history graph on one backend, with its canned queries.

    >>> ds = open()
    >>> rows = ds.query("faction-leaders", faction="Yan'an faction")
    >>> "Mu Chong" in {row["leaderLabel"] for row in rows}
    True
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def select(self, name: str, **params: str) -> Results:
        """Run a canned query by name and return the raw result terms."""
        from .queries import catalogue

        query = catalogue()[name]
        # Names are resolved only when an entity parameter is given: building the
        # resolver costs a query (a round trip on an endpoint) and ~30 ms at start-up.
        resolver = self.resolver if query.needs_resolver(params) else None
        return query.run(self.store, params, resolver=resolver)

    def query(self, name: str, **params: str) -> list[dict[str, Any]]:
        """Run a canned query and return rows of native Python values.

        :param name: a query of ``wpkld queries`` (e.g. ``"purges"``).
        :param params: its parameters; entities by IRI, slug or any spelling.
        :raises QueryNotFound: when no query has this name.
        :raises ParameterError: when a parameter is unknown, missing or malformed.
        """
        return rows_of(self.select(name, **params))

    def sparql(self, text: str) -> list[dict[str, Any]]:
        """Run an ad-hoc SELECT query and return rows of native Python values.

        >>> open().sparql("SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/wpkld/ontology#Person> }")[0]["n"] > 50
        True
        """
        return rows_of(self.store.select(text))

    @property
    def resolver(self) -> "Resolver":
        """The name resolver over this dataset's labels (built once)."""
        if not hasattr(self, "_resolver"):
            from .names import Resolver

            self._resolver = Resolver.from_store(self.store)
        return self._resolver

    def resolve(self, name: str, *, limit: int = 5) -> list["Match"]:
        """Return the resources whose label or spelling best matches ``name``.

        >>> open().resolve("Park Hun-young")[0].iri
        'https://w3id.org/wpkld/person/pak-hon-yong'
        """
        return self.resolver.resolve(name, limit=limit)

    def __len__(self) -> int:
        return len(self.store)


if TYPE_CHECKING:
    from .names import Resolver


def rows_of(results: Results) -> list[dict[str, Any]]:
    """Convert result terms to native Python values, variable by variable."""
    return [{k: to_python(v) for k, v in row.items()} for row in results.rows]
