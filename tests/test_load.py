"""``wpkld load`` against a real Oxigraph server, and HTTP failures against fakes."""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import requests
import responses
from click.testing import CliRunner

from support import oxigraph_executable, start_oxigraph
from wpkld.cli import cli
from wpkld.errors import EndpointError, ParameterError
from wpkld.graph import canonical
from wpkld.http_session import session
from wpkld.load import load

GRAPH = "https://w3id.org/wpkld/dataset"
PERSON = "https://w3id.org/wpkld/person/"


@pytest.fixture
def oxigraph_server() -> Iterator[Callable[[], str]]:
    """Start in-memory Oxigraph servers on free loopback ports; stop them after the test."""
    exe = oxigraph_executable()
    started: list[subprocess.Popen[bytes]] = []

    def start() -> str:
        proc, base = start_oxigraph(exe)
        started.append(proc)
        return base

    yield start
    for proc in started:
        proc.terminate()
        proc.wait(timeout=10)


def count(base: str, where: str) -> int:
    response = requests.post(base + "/query", data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=10)
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def sent() -> int:
    return len(canonical().triples)


def test_put_default_replaces_and_the_data_answers_queries(oxigraph_server: Callable[[], str], sent: int) -> None:
    base = oxigraph_server()
    result = CliRunner().invoke(cli, ["load", "--store", base + "/store", "--endpoint", base + "/query",
                                      "--default", "--replace"])
    assert result.exit_code == 0, result.output
    assert f"loaded {sent} triples into the default graph" in result.output
    assert count(base, "?s ?p ?o") == sent
    assert count(base, "GRAPH ?g { ?s ?p ?o }") == 0
    assert count(base, f"<{PERSON}pak-hon-yong> ?p ?o") > 0


def test_post_merges_into_what_is_there(oxigraph_server: Callable[[], str], sent: int) -> None:
    base = oxigraph_server()
    requests.post(base + "/update", data={"update": "INSERT DATA { <urn:x> <urn:y> <urn:z> }"},
                  timeout=10).raise_for_status()
    report = load(base + "/store", endpoint=base + "/query", default=True)
    assert (report.sent, report.held, report.replaced) == (sent, sent + 1, False)
    again = load(base + "/store", endpoint=base + "/query", default=True)  # idempotent: a set of triples
    assert again.held == sent + 1


def test_graph_target_leaves_the_default_graph_alone(oxigraph_server: Callable[[], str], sent: int) -> None:
    base = oxigraph_server()
    report = load(base + "/store", endpoint=base + "/query", graph=GRAPH)
    assert report.graph == GRAPH and report.held == sent
    assert count(base, f"GRAPH <{GRAPH}> {{ ?s ?p ?o }}") == sent
    assert count(base, "?s ?p ?o") == 0


def test_replace_drops_what_the_graph_held(oxigraph_server: Callable[[], str], sent: int) -> None:
    base = oxigraph_server()
    requests.post(base + "/update", data={"update": f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:stale> <urn:y> 1 }} }}"},
                  timeout=10).raise_for_status()
    report = load(base + "/store", endpoint=base + "/query", graph=GRAPH, replace=True)
    assert report.held == sent
    assert count(base, "GRAPH ?g { <urn:stale> ?p ?o }") == 0


def test_the_target_must_be_named_because_of_oxigraphs_bare_post(oxigraph_server: Callable[[], str]) -> None:
    """Oxigraph's POST /store without ?default makes a new named graph (Graph Store Protocol §5.5)."""
    base = oxigraph_server()
    requests.post(base + "/store", data=b"<urn:a> <urn:b> <urn:c> .",
                  headers={"Content-Type": "application/n-triples"}, timeout=10).raise_for_status()
    assert count(base, "?s ?p ?o") == 0 and count(base, "GRAPH ?g { ?s ?p ?o }") == 1
    with pytest.raises(ParameterError, match="name the target"):
        load(base + "/store", endpoint=base + "/query")
    with pytest.raises(ParameterError, match="not both"):
        load(base + "/store", endpoint=base + "/query", graph=GRAPH, default=True)
    result = CliRunner().invoke(cli, ["load", "--store", base + "/store", "--endpoint", base + "/query",
                                      "--graph", "not an iri"])
    assert isinstance(result.exception, ParameterError)


def test_a_count_that_does_not_match_fails_the_load(oxigraph_server: Callable[[], str], sent: int) -> None:
    """The upload succeeds, but the endpoint (another, empty store) does not hold the data."""
    base, elsewhere = oxigraph_server(), oxigraph_server()
    with pytest.raises(EndpointError, match=f"counts 0 triples in the target graph, expected {sent}") as caught:
        load(base + "/store", endpoint=elsewhere + "/query", default=True, replace=True)
    assert caught.value.url == elsewhere + "/query"
    assert count(base, "?s ?p ?o") == sent  # it was uploaded, yet not reported as a success


@responses.activate
def test_auth_failure_names_the_url_and_status() -> None:
    responses.put("http://store.test/data", status=401, body="Unauthorized")
    with pytest.raises(EndpointError) as caught:
        load("http://store.test/data", endpoint="http://store.test/sparql", graph=GRAPH,
             replace=True, headers={"Authorization": "Bearer wrong"})
    assert caught.value.status == 401 and caught.value.url == "http://store.test/data"
    assert "refused access" in str(caught.value) and "HTTP 401" in str(caught.value)
    assert responses.calls[0].request.headers["Authorization"] == "Bearer wrong"


@responses.activate
def test_a_rejected_upload_is_an_error_with_the_servers_words() -> None:
    responses.post("http://store.test/sparql", json={"head": {"vars": ["n"]}, "results": {"bindings": [
        {"n": {"type": "literal", "value": "0", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}})
    responses.post("http://store.test/data", status=415, body="<p>Unsupported   media type</p>")
    with pytest.raises(EndpointError, match="rejected the POST: <p>Unsupported media type</p>") as caught:
        load("http://store.test/data", endpoint="http://store.test/sparql", graph=GRAPH,
             http=session(retries=0))
    assert caught.value.status == 415


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answer the first PUT with 429 and Retry-After, then accept; count like a store."""

    puts: list[float] = []
    sent = 0

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).puts.append(time.monotonic())
        if len(self.puts) == 1:
            self.send_response(429)
            self.send_header("Retry-After", "2")
        else:
            self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
            {"n": {"type": "literal", "value": str(self.sent),
                   "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_429_then_success_waits_as_retry_after_says(sent: int) -> None:
    """A real socket, so that urllib3 really sleeps; the backoff alone would not wait at all."""
    _Flaky.puts, _Flaky.sent = [], sent
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        report = load(base + "/store", endpoint=base + "/query", graph=GRAPH, replace=True,
                      http=session(retries=2, backoff=0.0))
    finally:
        server.shutdown()
        server.server_close()
    assert report.held == sent
    assert len(_Flaky.puts) == 2 and _Flaky.puts[1] - _Flaky.puts[0] >= 1.9


@responses.activate
def test_429_then_success_is_retried_under_responses(sent: int) -> None:
    responses.put("http://store.test/data", status=429, headers={"Retry-After": "1"})
    responses.put("http://store.test/data", status=201)
    responses.post("http://store.test/sparql", json={"head": {"vars": ["n"]}, "results": {"bindings": [
        {"n": {"type": "literal", "value": str(sent), "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}})
    report = load("http://store.test/data", endpoint="http://store.test/sparql", graph=GRAPH, replace=True)
    assert report.held == sent
    assert [c.response.status_code for c in responses.calls if c.request.method == "PUT"] == [429, 201]
