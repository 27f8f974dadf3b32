"""Open the data on a backend and ask it questions: the public entry point."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .graph import build, sources_for
from .limits import QUERY_TIMEOUT
from .prebuilt import open_store as open_prebuilt
from .store import OxigraphStore, RdflibStore, Results, Store
from .terms import to_python

if TYPE_CHECKING:
    from .names import Match, Resolver
    from .queries import Value

Backend = Literal["oxigraph", "rdflib"]

#: The embedded default; docs/benchmarks.md shows why.
DEFAULT_BACKEND: Backend = "oxigraph"


def open(*, backend: Backend = DEFAULT_BACKEND, endpoint: str | None = None,
         data: Sequence[Path] | None = None, timeout: float = 60.0,
         headers: dict[str, str] | None = None, allow_network: bool = False,
         query_timeout: float | None = QUERY_TIMEOUT, prebuilt: bool = False) -> Dataset:
    """Open the data.

    :param backend: the embedded store, ``"oxigraph"`` (default) or ``"rdflib"``.
    :param endpoint: a SPARQL 1.1 query endpoint to use instead of an embedded
        store (the data must already be loaded there, see ``wpkld load``).
    :param data: files to load instead of the bundled dataset (the ontology is
        always loaded with them).
    :param timeout: seconds one exchange with a remote endpoint may take in
        all (connecting, reading, retries).
    :param headers: extra HTTP headers for a remote endpoint (e.g. auth).
    :param allow_network: let queries use SERVICE (and JSON-LD files remote
        contexts); refused by default, so that a query cannot probe other hosts.
    :param query_timeout: seconds a query may run (``None``: no limit).
    :param prebuilt: on ``"oxigraph"`` with the bundled data, open the graph
        the wheel ships prebuilt (:mod:`wpkld.prebuilt`), read-only: it opens
        in about 15 ms instead of about 100 ms, but queries run up to 5 times slower,
        so it suits a few queries, not many. Without a matching prebuilt graph
        (a source checkout, an edited data file) the graph is built as usual.
    :returns: a :class:`Dataset`.
    :raises DataError: when a data file cannot be read or parsed.

    >>> ds = open(backend="rdflib")
    >>> ds.store.name
    'rdflib'
    """
    store: Store
    if endpoint is not None:
        from .endpoint import EndpointStore

        store = EndpointStore(endpoint, timeout=min(timeout, query_timeout or timeout),
                              headers=headers, allow_network=allow_network)
    else:
        shipped = open_prebuilt() if prebuilt and backend == "oxigraph" and data is None else None
        if shipped is not None:
            store = OxigraphStore(allow_network=allow_network, timeout=query_timeout, read_only=shipped)
        else:
            embedded = (OxigraphStore if backend == "oxigraph" else RdflibStore)(
                allow_network=allow_network, timeout=query_timeout)
            build(embedded, sources_for(data))
            store = embedded
    return Dataset(store)


class Dataset:
    """The WPK history graph on one backend, with its canned queries.

    Canned queries take their parameters as a mapping of typed values (as
    pyoxigraph's ``substitutions=`` does), or as keywords where the name is a
    Python identifier; the two may be mixed:

    >>> ds = open()
    >>> rows = ds.rows("faction-leaders", faction="Yan'an faction")
    >>> "Mu Chong" in {row["leaderLabel"] for row in rows}
    True
    >>> len(ds.rows("purges", {"from": 1956, "to": 1956}, faction="yanan")) > 0
    True
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._resolver: Resolver | None = None

    def results(self, query: str, params: Mapping[str, Value] | None = None, /, *,
                limit: int | None = None, offset: int = 0, **keywords: Value) -> Results:
        """Run a canned query and return its result terms (pyoxigraph terms).

        :param query: a query of ``wpkld queries`` (e.g. ``"purges"``).
        :param params: its parameters; entities by IRI, CURIE, slug or any
            spelling, dates as ``int`` years, ``datetime.date`` or text.
        :param limit: return at most this many rows (one page of a long listing).
        :param offset: skip this many rows first.
        :param keywords: more parameters, for names that are Python identifiers.
        :raises QueryNotFound: when no query has this name.
        :raises ParameterError: when a parameter is unknown, missing or malformed.
        """
        from .queries import catalogue

        canned = catalogue()[query]
        values = {**(params or {}), **keywords}
        # Names are resolved only when an entity parameter is given by name: building
        # the resolver costs a query (a round trip on an endpoint) and ~30 ms at start-up.
        resolver = self.resolver if canned.needs_resolver(values) else None
        return canned.run(self.store, values, resolver=resolver, limit=limit, offset=offset)

    def rows(self, query: str, params: Mapping[str, Value] | None = None, /, *,
             limit: int | None = None, offset: int = 0, **keywords: Value) -> list[dict[str, Any]]:
        """Run a canned query and return rows of native Python values.

        Takes the same arguments as :meth:`results`. IRIs become strings, dates
        ``datetime.date`` or ``int`` years, numbers numbers.
        """
        return rows_of(self.results(query, params, limit=limit, offset=offset, **keywords))

    def sparql_results(self, text: str) -> Results:
        """Run an ad-hoc SELECT query and return its result terms."""
        return self.store.select(text)

    def sparql_rows(self, text: str) -> list[dict[str, Any]]:
        """Run an ad-hoc SELECT query and return rows of native Python values.

        >>> open().sparql_rows("SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/wpkld/ontology#Person> }")[0]["n"] > 50
        True
        """
        return rows_of(self.sparql_results(text))

    @property
    def resolver(self) -> Resolver:
        """The name resolver over this dataset's labels (built once)."""
        if self._resolver is None:
            from .names import Resolver

            self._resolver = Resolver.from_store(self.store)
        return self._resolver

    def resolve(self, name: str, *, limit: int = 5) -> list[Match]:
        """Return the resources whose label or spelling best matches ``name``.

        >>> open().resolve("Park Hun-young")[0].iri
        'https://w3id.org/wpkld/person/pak-hon-yong'
        """
        return self.resolver.resolve(name, limit=limit)

    def __len__(self) -> int:
        return len(self.store)


def rows_of(results: Results) -> list[dict[str, Any]]:
    """Convert result terms to native Python values, variable by variable."""
    return [{k: to_python(v) for k, v in row.items()} for row in results.rows]
