"""``wpkld serve`` as a client sees it: SPARQL protocol forms and formats, canned queries, limits, bad input.

One real server per module, started as a subprocess on a free loopback
port with a short time limit and a small row cap, so that both can be hit.
Every error case is followed by a request that proves the server still serves.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
import requests
from click.testing import CliRunner

import wpkld
from support import comparable, start_wpkld_serve, stop
from wpkld.cli import cli
from wpkld.queries import catalogue
from wpkld.serve import guard

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PERSON = "https://w3id.org/wpkld/person/pak-hon-yong"
CONSTRUCT = f"CONSTRUCT WHERE {{ <{PERSON}> ?p ?o }}"
# A claim-by-claim-by-place join (~0.8 M claim pairs times 20 places, about 15 M rows) that
# yields its one row only at the end: it runs well past a 1 s limit even on an idle machine
# (the claim pairs alone finished within it), yet ends on its own in its worker soon after.
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/wpkld/ontology#Claim> . "
        "?d a <https://w3id.org/wpkld/ontology#Claim> . FILTER (STR(?a) < STR(?d)) "
        "?e a <https://w3id.org/wpkld/ontology#Place> }")
MAX_ROWS = 10_000  # the default; the bundled graph has more triples


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    proc, base = start_wpkld_serve(log, "--timeout", "1", "--max-rows", str(MAX_ROWS),
                                   "--query-workers", "2")
    try:
        yield base
    finally:
        # uvicorn re-raises SIGTERM after its graceful shutdown: -15 is the clean exit here.
        assert stop(proc) in (0, -15)
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        assert lines[0]["event"] == "started" and lines[0]["startup_s"] > 0
        assert any(line.get("path") == "/sparql" for line in lines), "no access log lines"
        assert lines[-1]["event"] == "stopped", "the lifespan did not shut down"


def still_serving(base: str) -> None:
    assert requests.get(base + "/health", timeout=5).json()["status"] == "ok"


def one_line(response: requests.Response) -> str:
    text = response.text
    assert text.endswith("\n") and text.count("\n") == 1, f"not one line: {text!r}"
    return text.strip()


# -- the SPARQL protocol ----------------------------------------------------------------

@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_each_protocol_form_gives_the_number_of_triples(server: str, how: str) -> None:
    url = server + "/sparql"
    accept = {"Accept": "application/sparql-results+json"}
    if how == "get":
        r = requests.get(url, params={"query": COUNT}, headers=accept, timeout=10)
    elif how == "form":
        r = requests.post(url, data={"query": COUNT}, headers=accept, timeout=10)
    else:
        r = requests.post(url, data=COUNT.encode(), timeout=10,
                          headers={**accept, "Content-Type": "application/sparql-query"})
    assert r.status_code == 200, r.text
    n = int(r.json()["results"]["bindings"][0]["n"]["value"])
    assert n == requests.get(server + "/health", timeout=5).json()["triples"] > 5000


@pytest.mark.parametrize("media_type", ["application/sparql-results+json", "application/sparql-results+xml",
                                        "text/csv", "text/tab-separated-values"])
def test_select_results_parse_in_every_format(server: str, media_type: str) -> None:
    query = f"SELECT ?p ?o WHERE {{ <{PERSON}> ?p ?o }} ORDER BY ?p ?o"
    r = requests.get(server + "/sparql", params={"query": query}, headers={"Accept": media_type}, timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media_type)
    assert "Accept" in r.headers["vary"]
    if media_type == "text/csv":  # lossy by design (no term types): pyoxigraph does not read it
        values = {row["o"] for row in csv.DictReader(io.StringIO(r.text))}
    else:
        fmt = pyoxigraph.QueryResultsFormat.from_media_type(media_type)
        values = {s["o"].value for s in pyoxigraph.parse_query_results(r.content, format=fmt)}
    assert "Pak Hon-yong" in values and "박헌영" in values


@pytest.mark.parametrize("media_type", ["application/sparql-results+json", "application/sparql-results+xml",
                                        "text/csv", "text/tab-separated-values"])
def test_ask_answers_in_every_format(server: str, media_type: str) -> None:
    for query, expected in ((f"ASK {{ <{PERSON}> ?p ?o }}", True), ("ASK { <urn:none> ?p ?o }", False)):
        r = requests.get(server + "/sparql", params={"query": query}, headers={"Accept": media_type}, timeout=10)
        assert r.status_code == 200
        fmt = pyoxigraph.QueryResultsFormat.from_media_type(media_type)
        if fmt in (pyoxigraph.QueryResultsFormat.CSV, pyoxigraph.QueryResultsFormat.TSV):
            assert r.text.strip().splitlines()[-1] == str(expected).lower()
        else:
            assert bool(pyoxigraph.parse_query_results(r.content, format=fmt)) is expected


@pytest.mark.parametrize("media_type,rdflib_format", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                      ("application/ld+json", "json-ld"),
                                                      ("application/rdf+xml", "xml")])
def test_construct_parses_in_every_format(server: str, media_type: str, rdflib_format: str) -> None:
    r = requests.post(server + "/sparql", data={"query": CONSTRUCT}, headers={"Accept": media_type}, timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media_type)
    graph = rdflib.Graph().parse(data=r.text, format=rdflib_format)
    assert (rdflib.URIRef(PERSON), rdflib.RDFS.label, rdflib.Literal("Pak Hon-yong", lang="en")) in graph
    expected = wpkld.open().sparql_rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{PERSON}> ?p ?o }}")[0]["n"]
    assert len(graph) == expected


def test_describe_and_format_override(server: str) -> None:
    r = requests.get(server + "/sparql", params={"query": f"DESCRIBE <{PERSON}>", "format": "nt"}, timeout=10)
    assert r.headers["content-type"].startswith("application/n-triples")
    assert len(rdflib.Graph().parse(data=r.text, format="nt")) > 10


def test_service_description_without_a_query(server: str) -> None:
    r = requests.get(server + "/sparql", headers={"Accept": "text/turtle"}, timeout=10)
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = rdflib.URIRef(server + "/sparql#service")
    assert (service, sd.endpoint, rdflib.URIRef(server + "/sparql")) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV")) in graph


def test_the_row_cap_cuts_and_flags(server: str) -> None:
    r = requests.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=10)
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    assert r.headers["wpkld-truncated"] == f"max-rows={MAX_ROWS}"
    small = requests.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}, timeout=10)
    assert "wpkld-truncated" not in small.headers


def test_cors_preflight_and_header(server: str) -> None:
    r = requests.options(server + "/sparql", timeout=10, headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    got = requests.get(server + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://x.org"}, timeout=10)
    assert got.headers["access-control-allow-origin"] == "*"


# -- refusals and bad input: a clear 4xx, one line, and the server goes on ----------------

@pytest.mark.parametrize("send,status,words", [
    (lambda u: requests.post(u, data={"update": "DROP ALL"}, timeout=10), 403, "read-only"),
    (lambda u: requests.post(u, data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"},
                             timeout=10), 403, "read-only"),
    (lambda u: requests.post(u, data={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, timeout=10),
     403, "read-only"),
    (lambda u: requests.get(u, params={"query": "SELECT * { ?s ?p ?o .SERVICE <http://127.0.0.1:1/> { ?a ?b ?c } }"},
                            timeout=10), 403, "--allow-federation"),
    (lambda u: requests.get(u, params={"query": "SELEC * WHERE { ?s ?p ?o }"}, timeout=10), 400, "malformed SPARQL"),
    (lambda u: requests.get(u, params={"query": "  "}, timeout=10), 400, "empty"),
    (lambda u: requests.post(u, data=b"x", headers={"Content-Type": "text/plain"}, timeout=10), 415, "Content-Type"),
    (lambda u: requests.get(u, params={"query": COUNT}, headers={"Accept": "image/png"}, timeout=10),
     406, "text/csv"),
    (lambda u: requests.post(u, data={"query": "ASK {} #" + "x" * 10_000_000}, timeout=30), 413, "bytes"),
    (lambda u: requests.get(u, params={"query": SLOW}, timeout=30), 400, "time limit"),
], ids=["form-update", "update-body", "insert-as-query", "service", "malformed", "empty",
        "content-type", "not-acceptable", "10MB-body", "timeout"])
def test_bad_requests_get_one_clear_line(server: str, send, status: int, words: str) -> None:  # type: ignore[no-untyped-def]
    r = send(server + "/sparql")
    assert r.status_code == status, r.text
    assert words in one_line(r)
    still_serving(server)


def test_service_hidden_in_strings_iris_and_names_is_no_service_call() -> None:
    query = ('PREFIX service: <urn:x#> SELECT ?service WHERE { ?service <urn:SERVICE> "SERVICE" ; '
             "service:SERVICE 'it''s a SERVICE' . } # SERVICE <http://x/>")
    guard.check(query, allow_federation=False)
    for hidden in ("SELECT * { FILTER (?a <3) SERVICE <http://x/> { } }",
                   "SELECT * {\nservice\n<http://x/> { } }",
                   'SELECT * { ?s ?p "a\\"" . SERVICE SILENT <http://x/> { } }'):
        with pytest.raises(guard.Refused):
            guard.check(hidden, allow_federation=False)
    guard.check("SELECT * { SERVICE <http://x/> { } }", allow_federation=True)


# -- canned queries --------------------------------------------------------------------

def test_catalogue_as_html_and_turtle(server: str) -> None:
    html = requests.get(server + "/queries", headers={"Accept": "text/html"}, timeout=10)
    assert html.headers["content-type"].startswith("text/html")
    assert all(f"queries/{name}?" in html.text for name in catalogue())
    ttl = requests.get(server + "/queries", headers={"Accept": "text/turtle"}, timeout=10)
    graph = rdflib.Graph().parse(data=ttl.text, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert len(set(graph.subjects(rdflib.RDF.type, sh.SPARQLSelectExecutable))) == len(catalogue())


def test_canned_query_binds_names_like_the_cli(server: str, ds: wpkld.Dataset) -> None:
    r = requests.get(server + "/queries/purges", params={"faction": "Yenan faction"},
                     headers={"Accept": "text/csv"}, timeout=10)
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.text)))
    expected = ds.rows("purges", faction="yanan")
    assert len(rows) == len(expected) > 0
    assert {row["person"] for row in rows} == {row["person"] for row in expected}
    assert "faction" not in rows[0], "parameters are not result columns"


@pytest.mark.parametrize("path,status,words", [
    ("/queries/purge", 404, "did you mean: purges"),
    ("/queries/purges?faction=nonexistent-group", 400, "parameter 'faction'"),
    ("/queries/purges?colour=red", 400, "unknown parameter"),
    ("/queries/timeline?from=Aug%201956", 400, "not a year or date"),
    ("/queries/person", 400, "missing"),
])
def test_canned_query_errors(server: str, path: str, status: int, words: str) -> None:
    r = requests.get(server + path, timeout=10)
    assert r.status_code == status and words in one_line(r)
    still_serving(server)


def test_the_whole_catalogue_through_the_cli_endpoint_equals_embedded(server: str, ds: wpkld.Dataset) -> None:
    """``wpkld query NAME --endpoint http://127.0.0.1:PORT/sparql`` answers as the embedded store does."""
    remote = wpkld.open(endpoint=server + "/sparql")
    for name in sorted(catalogue()):
        query = catalogue()[name]
        if "service" in guard.keywords(query.text):
            continue  # federated (SERVICE to Wikidata): refused here by design, and needs the network
        params = query.example_parameters()
        assert comparable(query, remote.results(name, params)) == comparable(query, ds.results(name, params)), name
    result = CliRunner().invoke(cli, ["query", "purges", "-p", "faction=yanan", "--endpoint", server + "/sparql",
                                      "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") - 1 == len(ds.rows("purges", faction="yanan"))


def test_page_not_found(server: str) -> None:
    assert requests.get(server + "/no/such/thing/here", timeout=10).status_code == 404
    still_serving(server)


def test_health_answers_json(server: str) -> None:
    body = requests.get(server + "/health", timeout=10).json()
    assert body["status"] == "ok" and body["triples"] > 5000


def test_help_lists_the_routes() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "/reconcile" in result.output and "--allow-federation" in result.output


# -- resources: the site's pages and descriptions, by content negotiation ------------------

@pytest.mark.parametrize("accept,media_type,parse", [
    ("text/html", "text/html", None),
    ("*/*", "text/html", None),
    (None, "text/html", None),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", None),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("text/turtle;q=0.5, application/n-triples", "application/n-triples", "nt"),
])
def test_conneg_matrix(server: str, accept: str | None, media_type: str, parse: str | None) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    r = requests.get(server + "/person/pak-hon-yong", headers=headers, timeout=60)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media_type)
    assert r.headers["vary"].startswith("Accept") and r.headers["etag"] and r.headers["last-modified"]
    if parse is None:
        assert "Pak Hon-yong" in r.text and "<html" in r.text
    else:
        graph = rdflib.Graph().parse(data=r.text, format=parse)
        assert (rdflib.URIRef(PERSON), rdflib.RDFS.label, rdflib.Literal("Pak Hon-yong", lang="en")) in graph


def test_a_resource_is_what_the_site_writes(server: str, ds: wpkld.Dataset) -> None:
    """The server shares the site's renderer: same description bytes, format override, site file names."""
    from wpkld.web.describe import describe

    ttl = requests.get(server + "/person/pak-hon-yong", params={"format": "ttl"}, timeout=60)
    assert ttl.content == describe(ds, PERSON, "ttl")
    assert requests.get(server + "/person/pak-hon-yong.nt", timeout=60).content == describe(ds, PERSON, "nt")
    assert requests.get(server + "/person/pak-hon-yong.html", timeout=60).headers["content-type"].startswith("text/html")
    assert requests.get(server + "/person/", timeout=60).status_code == 200


def test_conditional_requests_and_406(server: str) -> None:
    first = requests.get(server + "/faction/yanan", headers={"Accept": "text/turtle"}, timeout=60)
    again = requests.get(server + "/faction/yanan", timeout=60,
                         headers={"Accept": "text/turtle", "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and not again.content
    since = requests.get(server + "/faction/yanan", timeout=60,
                         headers={"Accept": "text/turtle", "If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    refused = requests.get(server + "/faction/yanan", headers={"Accept": "image/png"}, timeout=60)
    assert refused.status_code == 406
    assert "text/turtle" in one_line(refused) and "application/rdf+xml" in refused.text
    still_serving(server)


def test_unknown_iri_gets_a_404_page_with_the_closest_names(server: str) -> None:
    r = requests.get(server + "/person/pak-hon-yung", timeout=60)
    assert r.status_code == 404 and 'href="/person/pak-hon-yong"' in r.text
    still_serving(server)


def test_workers_each_load_the_data_and_serve(tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    proc, base = start_wpkld_serve(log, "--workers", "2")
    try:
        assert requests.get(base + "/health", timeout=10).json()["triples"] > 5000
        deadline = time.monotonic() + 30
        while log.read_text().count('"started"') < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop(proc)
    started = {json.loads(line)["pid"] for line in log.read_text().splitlines() if '"started"' in line}
    assert len(started) == 2
