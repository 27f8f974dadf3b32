"""A remote SPARQL 1.1 endpoint as a store (SPARQL 1.1 Protocol, JSON results)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pyoxigraph import RdfFormat, Triple, parse

from .binding import inline_bindings
from .errors import EndpointError, QueryError
from .store import Results
from .terms import Term, from_sparql_json

if TYPE_CHECKING:
    import requests

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class EndpointStore:
    """A SPARQL 1.1 server (Oxigraph, Fuseki, Virtuoso, GraphDB, QLever) as a store.

    :param url: the query endpoint.
    :param timeout: seconds to wait for an answer.
    :param retries: retries on timeouts, 429 and 5xx (``Retry-After`` honoured).
    :param headers: extra headers, e.g. ``{"Authorization": "Bearer ..."}``.
    """

    name = "endpoint"

    def __init__(self, url: str, *, timeout: float = 60.0, retries: int = 4,
                 headers: dict[str, str] | None = None,
                 http: requests.Session | None = None) -> None:
        from .http_session import session

        self.url = url
        self.timeout = timeout
        self.http = http or session(retries=retries, headers=headers)

    def _post(self, query: str, accept: str = SPARQL_JSON) -> requests.Response:
        import requests

        try:
            response = self.http.post(self.url, data={"query": query},
                                      headers={"Accept": accept}, timeout=self.timeout)
        except requests.RequestException as exc:
            raise EndpointError(f"SPARQL endpoint unreachable: {exc.__class__.__name__}",
                                url=self.url) from exc
        if response.status_code == 400:
            raise QueryError(f"the endpoint rejected the query: {response.text.strip()[:300]}")
        if response.status_code in (401, 403):
            raise EndpointError("the endpoint refused access (check --auth)",
                                url=self.url, status=response.status_code)
        if not response.ok:
            raise EndpointError("the endpoint failed", url=self.url, status=response.status_code)
        return response

    def _json(self, query: str) -> dict[str, Any]:
        response = self._post(query)
        try:
            document: dict[str, Any] = response.json()
        except ValueError as exc:
            raise EndpointError("the endpoint did not answer SPARQL JSON",
                                url=self.url, status=response.status_code) from exc
        return document

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        document = self._json(inline_bindings(query, bindings or {}))
        variables = document.get("head", {}).get("vars", [])
        if "results" not in document:
            raise QueryError("expected a SELECT query")
        rows = [{k: from_sparql_json(v) for k, v in b.items()}
                for b in document["results"]["bindings"]]
        return Results(variables, rows)

    def ask(self, query: str) -> bool:
        document = self._json(query)
        if "boolean" not in document:
            raise QueryError("expected an ASK query")
        return bool(document["boolean"])

    def construct(self, query: str) -> list[Triple]:
        response = self._post(query, accept=N_TRIPLES)
        try:
            return [quad.triple for quad in parse(input=response.content, format=RdfFormat.N_TRIPLES)]
        except (SyntaxError, ValueError) as exc:
            raise EndpointError(f"the endpoint did not answer N-Triples ({' '.join(str(exc).split())})",
                                url=self.url, status=response.status_code) from exc

    def __len__(self) -> int:
        # The default graph only: stores that make it the union of all graphs would
        # count twice with a GRAPH branch, and Virtuoso's system graphs would count too.
        from .queries import internal_catalogue

        rows = internal_catalogue()["triples"].run(self).rows
        return int(rows[0]["n"].value) if rows else 0
