"""wpkld.endpoint: a SPARQL 1.1 server as a store, its answers and its failures (recorded responses)."""

from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox
import pytest
import responses

from wpkld.binding import inline_bindings
from wpkld.endpoint import EndpointStore
from wpkld.errors import EndpointError, QueryError
from wpkld.http_session import session

URL = "http://127.0.0.1:9/sparql"


def store() -> EndpointStore:
    return EndpointStore(URL, timeout=5, http=session(retries=1, backoff=0))


def sent_query(call: int = 0) -> str:
    body = responses.calls[call].request.body
    text = body.decode() if isinstance(body, bytes) else str(body)
    return parse_qs(text)["query"][0]


@responses.activate
def test_select_reads_sparql_json_and_sends_bindings_as_values() -> None:
    responses.add(responses.POST, URL, json={
        "head": {"vars": ["s", "label"]},
        "results": {"bindings": [{"s": {"type": "uri", "value": "urn:a"},
                                  "label": {"type": "literal", "value": "A", "xml:lang": "en"}}]}})
    results = store().select("SELECT ?s ?label WHERE { ?s ?p ?label }", {"label": ox.Literal("A", language="en")})
    assert results.variables == ["s", "label"]
    assert results.rows == [{"s": ox.NamedNode("urn:a"), "label": ox.Literal("A", language="en")}]
    assert 'VALUES (?label) { ("A"@en) }' in sent_query()
    assert responses.calls[0].request.headers["Accept"] == "application/sparql-results+json"


def test_inline_bindings_escape_the_value_and_skip_braces_in_strings() -> None:
    query = 'SELECT ?x WHERE { ?x ?p "}" FILTER(?x != ?y) }'
    out = inline_bindings(query, {"y": ox.Literal('a" } DROP ALL #')})
    assert out.startswith('SELECT ?x WHERE { VALUES (?y) { ("a\\" } DROP ALL #") }')


@responses.activate
def test_ask_and_construct() -> None:
    responses.add(responses.POST, URL, json={"head": {}, "boolean": True})
    responses.add(responses.POST, URL, body='<urn:a> <urn:b> "c" .\n', content_type="application/n-triples")
    assert store().ask("ASK {}") is True
    assert store().construct("CONSTRUCT WHERE { ?s ?p ?o }") == [
        ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"))]
    assert responses.calls[1].request.headers["Accept"] == "application/n-triples"


@responses.activate
@pytest.mark.parametrize(("status", "error", "message"), [
    (400, QueryError, "the endpoint rejected the query: bad"),
    (401, EndpointError, "refused access"),
    (403, EndpointError, "refused access"),
    (500, EndpointError, "the endpoint failed"),
])
def test_http_failures_are_wpkld_errors(status: int, error: type, message: str) -> None:
    responses.add(responses.POST, URL, status=status, body="bad")
    with pytest.raises(error, match=message) as caught:
        store().select("SELECT * WHERE {}")
    assert caught.value.exit_code == (2 if status == 400 else 3)


@responses.activate
def test_an_answer_that_is_not_json_is_an_endpoint_error() -> None:
    responses.add(responses.POST, URL, body="<html>proxy error</html>")
    with pytest.raises(EndpointError, match="malformed SPARQL JSON: not JSON"):
        store().select("SELECT * WHERE {}")


@responses.activate
def test_a_select_answered_with_a_boolean_is_a_query_error() -> None:
    responses.add(responses.POST, URL, json={"head": {}, "boolean": True})
    with pytest.raises(QueryError, match="expected a SELECT query"):
        store().select("ASK {}")


def test_an_unreachable_endpoint_names_its_url() -> None:
    with pytest.raises(EndpointError, match="unreachable.*127.0.0.1:9"):
        EndpointStore(URL, timeout=1, http=session(retries=0)).select("SELECT * WHERE {}")
