"""Virtuoso (Debian's ``virtuoso-opensource``): load by Graph Store and bulk loader, then the catalogue.

The fixture runs ``virtuoso-t`` on a fresh database in a temporary folder,
with its own ``virtuoso.ini`` on free loopback ports, and stops it after the
module. ``.ci/run`` installs the package; without it these tests are skipped.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from requests.auth import HTTPDigestAuth

import wpkld
from support import comparable, free_port, printed
from wpkld.cli import cli
from wpkld.errors import EndpointError
from wpkld.export import serialize
from wpkld.graph import canonical
from wpkld.load import load
from wpkld.queries import catalogue, internal_catalogue
from wpkld.sparql_scan import outbound
from wpkld.store import OxigraphStore, Results

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None,
                       reason="Virtuoso is not installed (apt-get install virtuoso-opensource; .ci/run does)"),
]

GRAPH = "https://w3id.org/wpkld/dataset"
INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
; the bulk loader (ld_dir) reads only from these folders
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


class Virtuoso:
    """A running ``virtuoso-t``: its HTTP base URL, SQL port and data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sql, http = free_port(), free_port()
        (folder / "virtuoso.ini").write_text(INI.format(d=folder, sql=self.sql, http=http))
        self.base = f"http://127.0.0.1:{http}"
        self.proc = subprocess.Popen(["virtuoso-t", "-f", "-c", "virtuoso.ini"], cwd=folder,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120  # a fresh database takes a few seconds to create
        while True:
            try:
                requests.get(self.base + "/sparql", params={"query": "ASK {}"}, timeout=2).raise_for_status()
                return
            except requests.RequestException as exc:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    log = folder / "virtuoso.log"
                    self.stop()
                    raise RuntimeError("virtuoso-t did not start: " +
                                       (log.read_text()[-2000:] if log.exists() else "no log")) from exc
                time.sleep(0.25)

    def isql(self, statements: str) -> str:
        """Run SQL through ``isql-vt`` as dba (the password of a fresh database is dba)."""
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql}", "dba", "dba", f"exec={statements}"],
                              capture_output=True, text=True, timeout=300, check=True)
        assert "Error" not in done.stdout + done.stderr, done.stdout + done.stderr
        return done.stdout

    def count(self, graph: str) -> int:
        response = requests.post(self.base + "/sparql", data={
            "query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
            headers={"Accept": "application/sparql-results+json"}, timeout=30)
        response.raise_for_status()
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        server.stop()


DATE_TYPES = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("gYear", "gYearMonth", "date")}


def first_day_groups(triples: list[ox.Triple]) -> list[set[ox.Triple]]:
    """Group the triples Virtuoso 7 cannot tell apart, and return groups of two or more.

    Virtuoso stores xsd:gYear, xsd:gYearMonth and xsd:date as one DATE type:
    "2021"^^xsd:gYear, "2021-01"^^xsd:gYearMonth and "2021-01-01"^^xsd:date on
    one subject and predicate are one value to it, and it keeps one of them.
    """
    groups: dict[tuple[str, str, str], set[ox.Triple]] = {}
    for t in triples:
        if isinstance(t.object, ox.Literal) and t.object.datatype.value in DATE_TYPES:
            day = (t.object.value + "-01-01")[:10] if len(t.object.value) < 10 else t.object.value
            groups.setdefault((t.subject.value, t.predicate.value, day), set()).add(t)
    return [g for g in groups.values() if len(g) > 1]


@pytest.fixture(scope="module")
def source() -> list[ox.Triple]:
    return canonical().triples


@pytest.fixture(scope="module")
def loaded(virtuoso: Virtuoso, source: list[ox.Triple]) -> set[ox.Triple]:
    """Load through ``/sparql-graph-crud-auth`` (HTTP Digest, dba) with ``wpkld load``; return what Virtuoso holds."""
    result = CliRunner().invoke(cli, [
        "load", "--store", virtuoso.base + "/sparql-graph-crud-auth", "--endpoint", virtuoso.base + "/sparql",
        "--graph", GRAPH, "--replace", "--user", "dba:dba", "--digest"])
    if first_day_groups(source):  # the count check must catch Virtuoso's merge of dates
        assert isinstance(result.exception, EndpointError), result.output
        assert "the load is incomplete" in str(result.exception)
    else:
        assert result.exit_code == 0, result.output
    dump = requests.get(virtuoso.base + "/sparql-graph-crud-auth", params={"graph": GRAPH},
                        headers={"Accept": "application/n-triples"}, auth=HTTPDigestAuth("dba", "dba"),
                        timeout=60)
    dump.raise_for_status()
    return {q.triple for q in ox.parse(dump.content, format=ox.RdfFormat.N_TRIPLES)}


def test_graph_store_load_loses_only_what_virtuoso_merges(loaded: set[ox.Triple], source: list[ox.Triple],
                                                         virtuoso: Virtuoso) -> None:
    groups = first_day_groups(source)
    assert loaded <= set(source), "Virtuoso changed a triple"
    lost = set(source) - loaded
    assert len(lost) == sum(len(g) - 1 for g in groups)
    assert all(any(t in g for g in groups) for t in lost)
    assert virtuoso.count(GRAPH) == len(loaded)


def test_graph_store_refuses_a_wrong_password(virtuoso: Virtuoso) -> None:
    with pytest.raises(EndpointError, match="refused access") as caught:
        load(virtuoso.base + "/sparql-graph-crud-auth", endpoint=virtuoso.base + "/sparql",
             graph="urn:wpkld:denied", replace=True, auth=HTTPDigestAuth("dba", "wrong"))
    assert caught.value.status == 401


def test_virtuoso_has_no_default_graph_to_write(virtuoso: Virtuoso) -> None:
    """Its Graph Store rejects ``?default``: load into a named graph instead."""
    with pytest.raises(EndpointError, match="rejected the PUT"):
        load(virtuoso.base + "/sparql-graph-crud-auth", endpoint=virtuoso.base + "/sparql",
             default=True, replace=True, auth=HTTPDigestAuth("dba", "dba"))


def test_bulk_loader_reads_from_dirs_allowed(virtuoso: Virtuoso, loaded: set[ox.Triple],
                                             source: list[ox.Triple]) -> None:
    """The isql bulk loader (``ld_dir`` + ``rdf_loader_run``) stores what the Graph Store did."""
    other = "urn:wpkld:bulk"
    folder = virtuoso.folder / "bulk"
    folder.mkdir()
    (folder / "wpkld.nt").write_bytes(serialize(canonical(), "nt"))
    try:
        virtuoso.isql(f"ld_dir('{folder}', 'wpkld.nt', '{other}'); rdf_loader_run(); checkpoint;")
        assert virtuoso.count(other) == len(loaded)
    finally:  # the catalogue runs on the union of graphs: do not leave a second copy
        virtuoso.isql(f"SPARQL CLEAR GRAPH <{other}>; DELETE FROM DB.DBA.load_list;")


@pytest.fixture(scope="module")
def embedded_twin(loaded: set[ox.Triple]) -> wpkld.Dataset:
    """Embedded Oxigraph holding exactly what Virtuoso holds, so that query answers compare."""
    store = OxigraphStore()
    store.store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in loaded)
    return wpkld.Dataset(store)


def _federated(query_text: str) -> bool:
    return "SERVICE" in outbound(query_text)


@pytest.mark.parametrize("name", sorted({**catalogue(), **internal_catalogue()}))
def test_the_catalogue_answers_as_embedded(name: str, virtuoso: Virtuoso, embedded_twin: wpkld.Dataset) -> None:
    query = {**catalogue(), **internal_catalogue()}[name]
    if _federated(query.text):
        pytest.skip(f"{name} is federated (SERVICE): it needs the network")
    if "store-layout" in query.keywords:
        pytest.skip(f"{name} counts what a store holds: Virtuoso keeps the data in a named graph beside its "
                    "system graphs, the twin in its default graph")
    params = query.example_parameters()
    remote = wpkld.open(endpoint=virtuoso.base + "/sparql")
    def run(ds: wpkld.Dataset) -> Results:
        return query.run(ds.store, params, resolver=ds.resolver if query.needs_resolver(params) else None)

    if name in catalogue():  # a user's query has a total order and sorted lists: the same bytes
        assert printed(run(remote)) == printed(run(embedded_twin))
    else:
        assert comparable(query, run(remote)) == comparable(query, run(embedded_twin))


@pytest.mark.parametrize("name", sorted(n for n, q in catalogue().items()
                                        if any(not p.required for p in q.parameters)))
def test_a_query_without_its_optional_parameters_answers_as_embedded(name: str, virtuoso: Virtuoso,
                                                                      embedded_twin: wpkld.Dataset) -> None:
    # The example calls give every parameter; without them a query starts elsewhere, and
    # Virtuoso 7 compiles it differently (purges without a faction failed with SQ156).
    query = catalogue()[name]
    if _federated(query.text):
        pytest.skip(f"{name} is federated (SERVICE): it needs the network")
    params = {k: v for k, v in query.example_parameters().items() if query.parameter(k).required}
    remote = wpkld.open(endpoint=virtuoso.base + "/sparql")
    def run(ds: wpkld.Dataset) -> Results:
        return query.run(ds.store, params, resolver=ds.resolver if query.needs_resolver(params) else None)

    answer = printed(run(remote))
    assert answer == printed(run(embedded_twin))
    assert answer["csv"].count("\n") > 1, "an empty answer proves nothing"


def every_value(name: str, twin: wpkld.Dataset) -> list[dict[str, ox.NamedNode | str]]:
    """Calls of a query: resources its entity parameters take (25, spread), and a few dates.

    The required parameters keep their example values where a call does not vary them.
    """
    query = catalogue()[name]
    example = query.example_parameters()
    base: dict[str, ox.NamedNode | str] = {p.name: example[p.name] for p in query.parameters if p.required}
    calls: list[dict[str, ox.NamedNode | str]] = [base]
    for p in query.parameters:
        if p.kind == "entity":
            # Of its classes, or for any entity what the texts make statements about.
            pattern = ("VALUES ?c { " + " ".join(f"<{c}>" for c in p.classes) + " } "
                       "?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c" if p.classes
                       else "?claim <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?x")
            found = [row["x"] for row in twin.store.select(f"SELECT DISTINCT ?x WHERE {{ {pattern} }} ORDER BY ?x").rows]
            spread = found[::max(1, len(found) // 25)][:25]  # across the alphabet, not the first slugs
            calls += [{**base, p.name: x} for x in spread if isinstance(x, ox.NamedNode)]
        elif p.kind == "year-or-date":
            calls += [{**base, p.name: day} for day in ("1948", "1956-08", "1953-08-03")]
    return calls


@pytest.mark.parametrize("name", sorted(n for n, q in catalogue().items()
                                        if any(p.kind in ("entity", "year-or-date") for p in q.parameters)))
def test_every_value_of_a_parameter_answers_as_embedded(name: str, virtuoso: Virtuoso,
                                                        embedded_twin: wpkld.Dataset) -> None:
    # Example calls and empty parameters miss what only some values reach: party-lineage of
    # a party whose founding has a dated and an undated row came out in another order.
    query = catalogue()[name]
    if _federated(query.text):
        pytest.skip(f"{name} is federated (SERVICE): it needs the network")
    remote = wpkld.open(endpoint=virtuoso.base + "/sparql")
    calls = every_value(name, embedded_twin)
    differ = [{k: str(v) for k, v in call.items()} for call in calls
              if printed(query.run(remote.store, call)) != printed(query.run(embedded_twin.store, call))]
    assert len(calls) > 1
    assert not differ, f"{len(differ)} of {len(calls)} calls differ: {differ[:3]}"
