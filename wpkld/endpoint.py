"""A remote SPARQL 1.1 endpoint as a store (SPARQL 1.1 Protocol, JSON results)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pyoxigraph import RdfFormat, Triple, parse

from .binding import inline_bindings
from .errors import EndpointError, MalformedAnswer, QueryError
from .sparql_scan import check_network, form
from .store import Results
from .terms import Term, from_sparql_json, short

if TYPE_CHECKING:
    import requests

    from .exchange import Answer

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class EndpointStore:
    """A SPARQL 1.1 server (Oxigraph, Fuseki, Virtuoso, GraphDB, QLever) as a store.

    :param url: the query endpoint.
    :param timeout: seconds one exchange may take in all: connecting, every
        retry and reading the answer (:func:`wpkld.exchange.exchange`).
    :param retries: retries on timeouts, 429 and 5xx (``Retry-After`` honoured
        up to :data:`wpkld.exchange.MAX_RETRY_AFTER`).
    :param headers: extra headers, e.g. ``{"Authorization": "Bearer ..."}``.
    :param allow_network: send queries that use SERVICE (the endpoint would
        call other hosts); refused by default, as on the embedded stores.
    """

    name = "endpoint"

    def __init__(self, url: str, *, timeout: float = 60.0, retries: int = 4,
                 headers: dict[str, str] | None = None,
                 http: requests.Session | None = None, allow_network: bool = False) -> None:
        from .http_session import session

        self.url = url
        self.timeout = timeout
        self.allow_network = allow_network
        self.http = http or session(retries=retries, headers=headers)

    def _post(self, query: str, accept: str = SPARQL_JSON) -> Answer:
        from .exchange import exchange

        check_network(query, allow_network=self.allow_network)
        try:
            response = exchange(self.http, "POST", self.url, timeout=self.timeout,
                                error=EndpointError, data={"query": query}, headers={"Accept": accept})
        except EndpointError as exc:
            raise EndpointError(f"SPARQL endpoint unreachable: {exc.reason}", url=self.url,
                                status=exc.status) from exc
        if response.status == 400:
            raise QueryError("the endpoint rejected the query: "
                             + " ".join(response.text.split())[:300])
        if response.status in (401, 403):
            raise EndpointError("the endpoint refused access (check --auth)",
                                url=self.url, status=response.status)
        if not response.ok:
            raise EndpointError("the endpoint failed", url=self.url, status=response.status)
        return response

    def _json(self, query: str) -> object:
        response = self._post(query)
        try:
            return response.json()
        except ValueError as exc:
            raise MalformedAnswer(f"the endpoint answered malformed SPARQL JSON: not JSON, "
                                  f"{short(response.body, 40)}",
                                  url=self.url, status=response.status) from exc

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        if form(query) not in ("SELECT", None):  # as the embedded stores say, before sending it
            raise QueryError("expected a SELECT query")
        return read_select(self._json(inline_bindings(query, bindings or {})), url=self.url)

    def ask(self, query: str) -> bool:
        if form(query) not in ("ASK", None):
            raise QueryError("expected an ASK query")
        return read_ask(self._json(query), url=self.url)

    def construct(self, query: str) -> list[Triple]:
        if form(query) not in ("CONSTRUCT", "DESCRIBE", None):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        response = self._post(query, accept=N_TRIPLES)
        try:
            return [quad.triple for quad in parse(input=response.body, format=RdfFormat.N_TRIPLES)]
        except (SyntaxError, ValueError, MemoryError) as exc:
            raise MalformedAnswer(f"the endpoint did not answer N-Triples ({' '.join(str(exc).split())[:200]})",
                                  url=self.url, status=response.status) from exc

    def __len__(self) -> int:
        # The default graph only: stores that make it the union of all graphs would
        # count twice with a GRAPH branch, and Virtuoso's system graphs would count too.
        from .queries import internal_catalogue

        rows = internal_catalogue()["triples"].run(self).rows
        return int(rows[0]["n"].value) if rows else 0


def read_select(document: object, *, url: str) -> Results:
    """Read a SPARQL 1.1 Query Results JSON document of a SELECT query, checking every part.

    :raises MalformedAnswer: naming the first thing that is wrong.

    >>> read_select({"head": {"vars": ["x"]}, "results": {"bindings": [
    ...     {"x": {"type": "literal", "value": "1"}}]}}, url="u").rows
    [{'x': <Literal value=1 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>}]
    >>> read_select({"foo": 1}, url="http://h/q")
    Traceback (most recent call last):
    ...
    wpkld.errors.MalformedAnswer: the endpoint answered malformed SPARQL JSON: no "results" object (http://h/q)
    """
    def bad(why: str) -> MalformedAnswer:
        return MalformedAnswer(f"the endpoint answered malformed SPARQL JSON: {why}", url=url)

    if not isinstance(document, dict):
        raise bad(f"the document is not an object but {short(document, 40)}")
    head = document.get("head", {})
    variables = head.get("vars", []) if isinstance(head, dict) else None
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise bad(f'"head" has no list of variable names: {short(head, 40)}')
    results = document.get("results")
    if not isinstance(results, dict):
        raise bad('no "results" object' if results is None else f'"results" is {short(results, 40)}')
    bindings = results.get("bindings")
    if not isinstance(bindings, list):
        raise bad(f'"bindings" is not a list but {short(bindings, 40)}')
    rows = []
    for number, binding in enumerate(bindings, 1):
        if not isinstance(binding, dict):
            raise bad(f"solution {number} is not an object but {short(binding, 40)}")
        unknown = binding.keys() - set(variables)
        if unknown:
            raise bad(f"solution {number} binds {short(sorted(unknown)[0], 40)}, not a variable of the head")
        try:
            rows.append({k: from_sparql_json(v) for k, v in binding.items()})
        except ValueError as exc:
            raise bad(f"solution {number}: {exc}") from exc
    return Results(variables, rows)


def read_ask(document: object, *, url: str) -> bool:
    """Read the SPARQL JSON document of an ASK query.

    :raises MalformedAnswer: when it has no boolean.
    """
    if not isinstance(document, dict) or not isinstance(document.get("boolean"), bool):
        raise MalformedAnswer(f"the endpoint answered malformed SPARQL JSON: no boolean in "
                              f"{short(document, 40)}", url=url)
    return bool(document["boolean"])
