"""Faults and hostile input: every failure is one line, the right exit code, within a bounded time.

The commands run in a subprocess, as a user runs them, against
``tests/faultserver.py`` (a loopback server that hangs, drips, fails, asks
to come back in an hour, resets, or answers garbage). Each case asserts the
exit status (3: network or store), a single ``wpkld: error:`` line on
standard error, and an upper bound on the time before wpkld gives up.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from faultserver import FAULTS, MALFORMED, fault_server
from wpkld.sparql_scan import outbound

pytestmark = pytest.mark.slow

#: --timeout in the fault cases, and the start-up and data loading allowed on
#: top of it on a busy machine. Without the deadline, "hang" took 5 attempts
#: plus backoff (> 24 s here), "drip" and "503-long" hours.
TIMEOUT = 2.0
SLACK = 15.0

WIKIDATA_API = "WPKLD_WIKIDATA_API"


@pytest.fixture(scope="module")
def server() -> Iterator[object]:
    with fault_server() as running:
        yield running


def base(server: object) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]


def wpkld(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
          cwd: Path | None = None) -> tuple[int, str, str, float]:
    """Run ``python -m wpkld ARGS``; return the exit status, stdout, stderr and seconds taken."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "wpkld", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout, cwd=cwd or "/")
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


def command(name: str, url: str, tmp: Path) -> tuple[list[str], dict[str, str]]:
    """Return the arguments and environment that point one command at ``url``."""
    limit = ["--timeout", str(TIMEOUT)]
    if name == "query":
        return ["query", "factions", "--endpoint", url, *limit], {}
    if name == "sparql":
        return ["sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint", url, *limit], {}
    if name == "load":
        return ["load", "--store", url, "--endpoint", url, "--default", "--replace", *limit], {}
    return (["wikidata", "verify", "--only", "person:kim-il-sung",
             "--cache-dir", str(tmp / "cache"), *limit], {WIKIDATA_API: url})


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("wpkld: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", ["query", "sparql", "load", "verify"])
def test_network_fault_is_one_line_exit_3_within_the_deadline(
        server: object, name: str, fault: str, tmp_path: Path) -> None:
    args, env = command(name, f"{base(server)}/{fault}/x", tmp_path)
    code, _, err, took = wpkld(*args, env=env)
    line = one_error_line(err)
    assert code == 3, err
    assert took < TIMEOUT + SLACK, f"{name} gave up on {fault} after {took:.1f} s"
    expected = {"hang": "no answer within", "drip": "still arriving", "503-long": "3600 s",
                "401": "HTTP 401", "truncated": "connection broke", "reset": "reset",
                "500": "HTTP 500", "503-short": "HTTP 503"}[fault]
    assert expected in line


@pytest.mark.parametrize("fault", sorted(MALFORMED))
@pytest.mark.parametrize("name", ["sparql", "query"])
def test_malformed_sparql_json_is_one_line_exit_3(server: object, name: str, fault: str,
                                                  tmp_path: Path) -> None:
    args, env = command(name, f"{base(server)}/{fault}/x", tmp_path)
    code, out, err, _ = wpkld(*args, env=env)
    assert code == 3, err
    assert "the endpoint answered malformed SPARQL JSON: " in one_error_line(err)
    assert out == ""  # never a table of garbage


@pytest.mark.parametrize("fault", ["foo", "top-level-list", "not-json", "truncated-json"])
def test_malformed_wikidata_answer_is_one_line_exit_3_and_not_cached(
        server: object, fault: str, tmp_path: Path) -> None:
    args, env = command("verify", f"{base(server)}/{fault}/x", tmp_path)
    code, _, err, _ = wpkld(*args, env=env)
    assert code == 3, err
    assert "Wikidata" in one_error_line(err)
    assert not list((tmp_path / "cache").glob("*.json"))


def test_a_timeout_that_is_not_positive_is_a_usage_error() -> None:
    for value in ("0", "-1"):
        code, _, err, _ = wpkld("stats", "--timeout", value, "--endpoint", "http://127.0.0.1:9/")
        assert code == 2 and "Traceback" not in err and "--timeout" in err


# --- outbound requests from queries -------------------------------------------------


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib", "endpoint"])
def test_service_is_refused_without_allow_network(server: object, backend: str) -> None:
    before = dict(server.hits)  # type: ignore[attr-defined]
    where = (["--endpoint", f"{base(server)}/foo/x"] if backend == "endpoint"
             else ["--backend", backend])
    query = f"SELECT * WHERE {{ SeRvIcE <{base(server)}/probe/x> {{ ?s ?p ?o }} }}"
    code, _, err, _ = wpkld("sparql", query, *where)
    assert code == 2
    assert "SERVICE" in one_error_line(err) and "--allow-network" in err
    assert server.hits == before  # type: ignore[attr-defined]  # not one request left


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("fault", ["hang", "500", "reset"])
def test_a_failing_service_call_is_one_line_exit_3(server: object, backend: str, fault: str) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{base(server)}/{fault}/x> {{ ?s ?p ?o }} }}"
    code, _, err, took = wpkld("sparql", query, "--backend", backend, "--allow-network",
                               "--query-timeout", str(TIMEOUT))
    one_error_line(err)
    assert code == 3, err
    assert took < TIMEOUT + SLACK


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_a_runaway_query_is_abandoned_at_the_time_limit(backend: str) -> None:
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    code, _, err, took = wpkld("sparql", cross, "--backend", backend, "--query-timeout", "1")
    assert code == 3 and "ran longer than 1 s" in one_error_line(err)
    assert took < 1 + SLACK


def test_federated_canned_queries_say_they_need_the_network() -> None:
    from wpkld.queries import catalogue

    federated = [q for q in catalogue().values() if outbound(q.sparql)]
    assert {q.name for q in federated} >= {"wikidata-birth-death", "wikidata-labels"}
    for query in federated:
        assert "--allow-network" in query.example and "--allow-network" in query.description


TRICKY = [
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
    "SELECT * WHERE { ?s <http://x/SERVICE> ?o }",
    "PREFIX service: <http://x/> SELECT * WHERE { ?s service:SERVICE ?service }",
    'SELECT * WHERE { ?s ?p """a " SERVICE""" }',
    "SELECT * WHERE { ?s ?p ?o.SERVICE <http://x/> { ?a ?b ?c } }",
    "select * where { service silent <http://x/> { ?a ?b ?c } }",
    "SELECT * WHERE {\n  OPTIONAL { SERVICE <http://x/> { ?a ?b ?c } }\n}",
    "SELECT * WHERE { ?s ?p 'x'@en-service }",
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_service_check_agrees_with_rdflibs_parser(text: str) -> None:
    """The lexical check sees SERVICE exactly where the full SPARQL grammar does."""
    assert bool(outbound(text)) == _rdflib_sees_service(text)


def test_the_service_check_agrees_with_rdflibs_parser_on_every_canned_query() -> None:
    from wpkld.queries import catalogue

    for query in catalogue().values():
        assert bool(outbound(query.sparql)) == _rdflib_sees_service(query.sparql), query.name


def _rdflib_sees_service(text: str) -> bool:
    """Whether rdflib's parser puts a ServiceGraphPattern in the query's algebra."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    def walk(node: object) -> bool:
        if getattr(node, "name", None) == "ServiceGraphPattern":
            return True
        if isinstance(node, dict):
            return any(walk(child) for child in node.values())
        if isinstance(node, (list, tuple)):
            return any(walk(child) for child in node)
        return False

    return walk(translateQuery(parseQuery(text)).algebra)


def test_remote_json_ld_context_is_refused_on_rdflib(server: object, tmp_path: Path) -> None:
    before = dict(server.hits)  # type: ignore[attr-defined]
    doc = tmp_path / "remote.jsonld"
    doc.write_text(json.dumps({"@context": f"{base(server)}/ctx/x",
                               "@id": "https://w3id.org/wpkld/person/x", "name": "X"}))
    import wpkld as api
    from wpkld.errors import NetworkRefused

    with pytest.raises(NetworkRefused, match="would be fetched"):
        api.open(backend="rdflib", data=[doc])
    assert server.hits == before  # type: ignore[attr-defined]


# --- the Wikidata cache --------------------------------------------------------------


@pytest.mark.parametrize("content", ["{}", "[]", "{\"entities\": {}}", "not json"])
def test_a_corrupt_cache_file_is_fetched_again_not_believed(content: str, tmp_path: Path) -> None:
    from wpkld.cache import JsonCache
    from wpkld.wikidata.client import entities_problem

    cache = JsonCache(tmp_path, max_age=3600)
    (tmp_path / "k.json").write_text(content)
    fresh = {"entities": {"Q1": {"id": "Q1"}}}
    assert cache.get("k", lambda: fresh, check=entities_problem) == fresh
    assert json.loads((tmp_path / "k.json").read_text()) == fresh


def test_parallel_verify_runs_fetch_a_batch_once(tmp_path: Path) -> None:
    answer = (Path(__file__).parent / "data" / "wikidata" / "all-match.json").read_bytes()
    with fault_server(answers={"entities": (answer, 1.0)}) as counting:
        url = f"{base(counting)}/entities/w/api.php"
        runs = [subprocess.Popen([sys.executable, "-m", "wpkld", "wikidata", "verify",
                                  "--cache-dir", str(tmp_path)],
                                 env={**os.environ, WIKIDATA_API: url},
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd="/")
                for _ in range(4)]
        codes = [run.wait(timeout=120) for run in runs]
        assert all(code in (0, 1) for code in codes), [r.stderr.read() for r in runs]  # type: ignore[union-attr]
        assert counting.hits["entities"] == len(list(tmp_path.glob("wbgetentities-*.json")))


def test_verify_write_never_targets_the_installed_package() -> None:
    code, _, err, _ = wpkld("wikidata", "verify", "--write")
    assert code == 2 and "--write needs --links" in err


# --- atomic writes -------------------------------------------------------------------


def big_data(folder: Path, triples: int = 60_000) -> Path:
    path = folder / "big.nt"
    with path.open("w") as out:
        for n in range(triples):
            out.write(f"<https://w3id.org/wpkld/person/p{n}> <http://www.w3.org/2000/01/"
                      f"rdf-schema#label> \"Person number {n} of a big export\"@en .\n")
    return path


def kill_when(path_appears: Callable[[], bool], process: subprocess.Popen[bytes]) -> bool:
    """Kill the process as soon as ``path_appears()``; return whether it was caught in time."""
    while process.poll() is None:
        if path_appears():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.0005)
    return False


def test_export_killed_mid_write_leaves_the_previous_file(tmp_path: Path) -> None:
    data = big_data(tmp_path)
    out = tmp_path / "out" / "wpkld.nt"
    out.parent.mkdir()
    out.write_bytes(b"the previous export\n")
    for _ in range(3):  # the write lasts milliseconds: try again if the kill came late
        process = subprocess.Popen([sys.executable, "-m", "wpkld", "export", "--format", "nt",
                                    "--data", str(data), "--out", str(out), "--force"], cwd="/")
        caught = kill_when(lambda: any(p.name.endswith(".tmp") for p in out.parent.iterdir()),
                           process)
        if caught:
            break
        out.write_bytes(b"the previous export\n")
    assert caught, "never caught the export while it wrote"
    assert out.read_bytes() == b"the previous export\n"


def test_release_killed_mid_write_leaves_no_folder_and_keeps_an_old_one(tmp_path: Path) -> None:
    new, old = tmp_path / "new", tmp_path / "old"
    old.mkdir()
    (old / "SHA256SUMS").write_text("the previous release\n")
    for out, force in ((new, []), (old, ["--force"])):
        process = subprocess.Popen([sys.executable, "-m", "wpkld", "release", "--out", str(out),
                                    *force], cwd="/", stdout=subprocess.DEVNULL)
        prefix = f".{out.name}."
        assert kill_when(lambda: any(p.name.startswith(prefix) for p in tmp_path.iterdir()),  # noqa: B023
                         process), "never caught the release while it wrote"
    assert not new.exists()
    assert (old / "SHA256SUMS").read_text() == "the previous release\n"
    assert [p.name for p in old.iterdir()] == ["SHA256SUMS"]


def test_export_refuses_to_overwrite_or_to_create_folders(tmp_path: Path) -> None:
    existing = tmp_path / "keep.ttl"
    existing.write_text("mine")
    code, _, err, _ = wpkld("export", "--out", str(existing))
    assert code == 2 and "--force" in one_error_line(err) and existing.read_text() == "mine"
    code, _, err, _ = wpkld("export", "--out", str(tmp_path / "typo" / "x.ttl"))
    assert code == 2 and "does not exist" in one_error_line(err)
    assert not (tmp_path / "typo").exists()


# --- hostile input files -------------------------------------------------------------

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/wpkld/person/laughs"><rdfs:label>&e;</rdfs:label></rdf:Description>
</rdf:RDF>
"""


def hostile(kind: str, folder: Path) -> Path:
    """Write one hostile input file."""
    if kind == "billion-laughs":
        path = folder / "laughs.rdf"
        path.write_text(LAUGHS)
    elif kind == "huge-literal":
        path = folder / "huge.nt"
        path.write_text(f'<https://w3id.org/wpkld/person/huge> <http://www.w3.org/2000/01/rdf-schema#label> '
                        f'"{"x" * 20_000_000}"@en .\n')
    elif kind == "no-extension":
        path = folder / "persons"
        path.write_text("<urn:a> <urn:b> <urn:c> .\n")
    elif kind == "empty":
        path = folder / "empty.ttl"
        path.write_text("")
    else:  # foreign-only
        path = folder / "foreign.ttl"
        path.write_text("<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> \"A\" .\n")
    return path


@pytest.mark.parametrize("verb", ["validate", "export"])
@pytest.mark.parametrize("kind", ["billion-laughs", "huge-literal", "no-extension", "empty",
                                  "foreign-only"])
def test_hostile_input_is_refused_or_handled_in_bounded_time(verb: str, kind: str,
                                                             tmp_path: Path) -> None:
    path = hostile(kind, tmp_path)
    args = ["validate", "--data", str(path)] if verb == "validate" else \
        ["export", "--format", "nt", "--data", str(path), "--out", str(tmp_path / "out.nt")]
    code, out, err, took = wpkld(*args, timeout=300)
    assert "Traceback" not in err
    assert took < 120
    assert len(out) < 100_000  # a report names a huge value, it does not print it
    if kind == "billion-laughs":
        assert code == 2 and "XML entity" in one_error_line(err)
    elif kind == "no-extension":
        assert code == 2 and str(path) in one_error_line(err)  # the full path, not the base name
    elif kind == "huge-literal":  # past the parser's 16 MB token buffer
        assert code == 2 and "too large" in one_error_line(err)
    elif verb == "validate":  # empty, foreign-only: never "conforms"
        assert code == 2 and "nothing" in one_error_line(err)
        assert "conforms" not in out


# --- exit codes through both entry points -------------------------------------------


def test_python_dash_m_and_the_script_exit_1_on_nonconforming_data(tmp_path: Path) -> None:
    invalid = sorted((Path(__file__).parent / "data" / "invalid").glob("*.ttl"))[0]
    code, _, _, _ = wpkld("validate", "--data", str(invalid))
    assert code == 1
    script = Path(sys.executable).with_name("wpkld")
    done = subprocess.run([str(script), "validate", "--data", str(invalid)], capture_output=True, cwd="/")
    assert done.returncode == 1


def test_the_library_refuses_service_too_unless_allowed() -> None:
    import wpkld as api
    from wpkld.errors import NetworkRefused

    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"
    with pytest.raises(NetworkRefused):
        api.open().sparql_rows(query)
    with pytest.raises(NetworkRefused):
        api.open(endpoint="http://127.0.0.1:9/sparql").sparql_rows(query)


def test_a_short_retry_after_is_obeyed_within_the_deadline(server: object, tmp_path: Path) -> None:
    before = server.hits.get("503-short", 0)  # type: ignore[attr-defined]
    args, env = command("sparql", f"{base(server)}/503-short/x", tmp_path)
    code, _, err, _ = wpkld(*args, env=env)
    assert code == 3 and "HTTP 503" in one_error_line(err)
    assert server.hits["503-short"] - before >= 2  # type: ignore[attr-defined]  # it did retry
