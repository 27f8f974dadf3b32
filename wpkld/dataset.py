"""Open the data on a backend and ask it questions: the public entry point."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import resources
from .store import OxigraphStore, RdflibStore, Results, Source, Store
from .terms import to_python

if TYPE_CHECKING:
    from .names import Match

Backend = Literal["oxigraph", "rdflib"]

#: The embedded default; docs/benchmarks.md shows why.
DEFAULT_BACKEND: Backend = "oxigraph"


def bundled_sources() -> list[Source]:
    """Return the files of the bundled graph: the ontology and the dataset."""
    return [*resources.ontology_files(), *resources.dataset_files()]


def build(store: OxigraphStore | RdflibStore, sources: Iterable[Source]) -> None:
    """Load files into an embedded store and derive the direct triples."""
    store.load(sources)
    store.update(resources.derive_update())


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
        sources = bundled_sources() if data is None else [*resources.ontology_files(), *data]
        build(embedded, sources)
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

    def select(self, name: str, *, limit: int | None = None, offset: int = 0,
               **params: str) -> Results:
        """Run a canned query by name and return the raw result terms.

        :param limit: return at most this many rows (one page of a long listing).
        :param offset: skip this many rows first.
        """
        from .queries import catalogue

        query = catalogue()[name]
        # Names are resolved only when an entity parameter is given by name: building
        # the resolver costs a query (a round trip on an endpoint) and ~30 ms at start-up.
        resolver = self.resolver if query.needs_resolver(params) else None
        return query.run(self.store, params, resolver=resolver, limit=limit, offset=offset)

    def query(self, name: str, *, limit: int | None = None, offset: int = 0,
              **params: str) -> list[dict[str, Any]]:
        """Run a canned query and return rows of native Python values.

        :param name: a query of ``wpkld queries`` (e.g. ``"purges"``).
        :param limit: return at most this many rows (one page of a long listing).
        :param offset: skip this many rows first.
        :param params: its parameters; entities by IRI, slug or any spelling.
        :raises QueryNotFound: when no query has this name.
        :raises ParameterError: when a parameter is unknown, missing or malformed.
        """
        return rows_of(self.select(name, limit=limit, offset=offset, **params))

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
