"""Upload the bundled graph to a running triple store, then prove that it arrived.

The upload speaks the SPARQL 1.1 Graph Store HTTP Protocol
(https://www.w3.org/TR/sparql11-http-rdf-update/): ``PUT`` replaces the
target graph, ``POST`` merges into it, and the target is named by
``?graph=IRI`` or ``?default``. The target is always explicit, because
stores disagree about a bare URL: Oxigraph's ``POST /store`` without
``?default`` creates a *new named graph* (§5.5 of the protocol), where the
data is invisible to queries on the default graph. After the upload the
triples are counted through the SPARQL query endpoint; a store that does
not hold the expected number fails the load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .endpoint import EndpointStore
from .errors import EndpointError, ParameterError
from .store import Source

if TYPE_CHECKING:
    import requests


N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class LoadReport:
    """What a load did.

    :ivar store: the Graph Store URL written to.
    :ivar graph: the graph IRI, or ``None`` for the default graph.
    :ivar sent: the triples sent.
    :ivar held: the triples the graph holds afterwards, counted by the endpoint.
    :ivar replaced: whether the graph was replaced (``PUT``) or merged into (``POST``).
    """

    store: str
    graph: str | None
    sent: int
    held: int
    replaced: bool

    def __str__(self) -> str:
        target = f"graph <{self.graph}>" if self.graph else "the default graph"
        how = "replacing it" if self.replaced else "merging"
        return (f"loaded {self.sent} triples into {target} at {self.store} ({how}); "
                f"the endpoint counts {self.held} there")


def target_url(store_url: str, *, graph: str | None, default: bool) -> tuple[str, dict[str, str]]:
    """Return the URL and query parameters that name the target graph.

    >>> target_url("http://localhost:7878/store", graph=None, default=True)
    ('http://localhost:7878/store?default', {})
    >>> target_url("http://localhost:7878/store", graph="https://w3id.org/wpkld/dataset", default=False)
    ('http://localhost:7878/store', {'graph': 'https://w3id.org/wpkld/dataset'})
    >>> target_url("http://localhost:7878/store", graph=None, default=False)
    Traceback (most recent call last):
    ...
    wpkld.errors.ParameterError: parameter 'graph': name the target: a graph IRI, or the default graph
    """
    from pyoxigraph import NamedNode

    if (graph is None) == (not default):
        raise ParameterError("graph", "name the target: a graph IRI, or the default graph"
                             if graph is None else "give a graph IRI or the default graph, not both")
    if graph is not None:
        try:
            NamedNode(graph)
        except ValueError as exc:
            raise ParameterError("graph", f"not an absolute IRI: {graph!r}") from exc
        return store_url, {"graph": graph}
    # ``?default`` is a bare key (protocol §4.2); requests would write ``default=``.
    return store_url + ("&" if "?" in store_url else "?") + "default", {}


def load(store_url: str, *, endpoint: str, graph: str | None = None, default: bool = False,
         replace: bool = False, data: Sequence[Source] | None = None,
         headers: dict[str, str] | None = None,
         auth: requests.auth.AuthBase | tuple[str, str] | None = None,
         timeout: float = 300.0, http: requests.Session | None = None) -> LoadReport:
    """Upload the bundled graph (ontology, dataset, derived triples) and check the count.

    :param store_url: the Graph Store endpoint (Oxigraph ``/store``, Fuseki
        ``/ds/data``, Virtuoso ``/sparql-graph-crud-auth``, GraphDB
        ``/repositories/ID/rdf-graphs/service``).
    :param endpoint: the SPARQL query endpoint of the same store, for the count.
    :param graph: the named graph to write, or ``None`` with ``default=True``.
    :param default: write the default graph (not supported by Virtuoso).
    :param replace: ``PUT`` (replace the graph) instead of ``POST`` (merge).
    :param data: files to upload instead of the bundled dataset.
    :param headers: extra headers, e.g. ``{"Authorization": "Bearer ..."}``.
    :param auth: a requests auth, e.g. ``HTTPDigestAuth("dba", "dba")`` for Virtuoso.
    :param timeout: seconds to wait for each request.
    :param http: the session to use (default: :func:`wpkld.http_session.session`).
    :returns: what was sent and what the store holds.
    :raises ParameterError: when the target graph is not named exactly once.
    :raises EndpointError: when the upload or the count fails, access is
        refused, or the store does not hold the expected number of triples.
    """
    import requests

    from .export import serialize
    from .graph import canonical
    from .http_session import session

    url, params = target_url(store_url, graph=graph, default=default)
    upload = canonical(data)  # a data error stops the load before any request
    body = serialize(upload, "nt")
    sent = len(upload.triples)
    if http is None:
        http = session(headers=headers)
    else:
        http.headers.update(headers or {})
    if auth is not None:
        http.auth = auth
    count_store = EndpointStore(endpoint, timeout=timeout, http=http)
    before = 0 if replace else _count(count_store, graph)
    method = "PUT" if replace else "POST"
    try:
        response = http.request(method, url, params=params, data=body, timeout=timeout,
                                headers={"Content-Type": N_TRIPLES})
    except requests.RequestException as exc:
        raise EndpointError(f"Graph Store unreachable ({exc.__class__.__name__}); "
                            "the store may hold part of the data", url=store_url) from exc
    if response.status_code in (401, 403):
        raise EndpointError("the Graph Store refused access (check --auth or --user)",
                            url=store_url, status=response.status_code)
    if not response.ok:
        detail = " ".join(response.text.split())[:200]
        raise EndpointError(f"the Graph Store rejected the {method}: {detail}",
                            url=store_url, status=response.status_code)
    held = _count(count_store, graph)
    # After PUT, or POST into an empty graph, the graph holds exactly what was
    # sent. Merging into a non-empty graph can only be bounded: the old and new
    # triples may overlap.
    low, high = (sent, sent) if replace or before == 0 else (max(before, sent), before + sent)
    if not low <= held <= high:
        expected = str(low) if low == high else f"between {low} and {high}"
        raise EndpointError(f"after the {method} the endpoint counts {held} triples in the "
                            f"target graph, expected {expected}: the load is incomplete",
                            url=endpoint)
    return LoadReport(store_url, graph, sent, held, replace)


def _count(store: EndpointStore, graph: str | None) -> int:
    """Count the triples of the target graph through the query endpoint.

    The default graph is counted as the endpoint defines it: where it is the
    union of all graphs (Virtuoso, Fuseki's ``unionDefaultGraph``,
    ``oxigraph serve --union-default-graph``), load into a named graph.
    """
    from .queries import internal_catalogue

    if graph is None:
        rows = internal_catalogue()["triples"].run(store).rows
    else:
        rows = internal_catalogue()["graph-triples"].run(store, {"graph": graph}).rows
    try:
        return int(rows[0]["n"].value)
    except (IndexError, KeyError, ValueError) as exc:
        raise EndpointError("the endpoint did not return a triple count", url=store.url) from exc
