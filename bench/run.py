"""Measure what each backend costs, print the figures and write docs/benchmarks.md.

Run from the checkout, in an environment where wpkld and the test extra are
installed (the remote backend is the ``oxigraph`` server package)::

    python bench/run.py                    # what docs/benchmarks.md shows: x1, x10, x100
    python bench/run.py --scales 10 100 1000  # Oxigraph up to x1000 (gigabytes of memory)
    python bench/run.py --no-write         # print only

Figures: load time of the bundled data per backend; each canned query's
median latency per backend, with the rdflib/Oxigraph ratio and its
geometric mean; whole-dataset SHACL validation; the cold start of
``wpkld query purges`` against a bare ``python -c pass``; and query
latencies on synthetic copies of the data (every IRI of the dataset
renamed per copy, the ontology kept) at x10 and x100. All in one run,
on one machine, side by side.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
import requests

import wpkld
from benchmarks_md import report
from wpkld import resources
from wpkld.binding import inline_bindings
from wpkld.errors import QueryTimeout
from wpkld.export import serialize
from wpkld.graph import build, bundled_sources, canonical
from wpkld.names import Resolver
from wpkld.prebuilt import STORE
from wpkld.prebuilt import open_store as open_prebuilt
from wpkld.queries import Query, catalogue
from wpkld.store import OxigraphStore, RdflibStore, Store

ROOT = Path(__file__).resolve().parent.parent
#: Example parameter values per query (entities as IRIs), and the resolver that binds them.
Parameters = tuple[dict[str, dict[str, str]], Resolver]
#: Seconds past which a query is not run again at the next, larger scale.
SLOW = 5.0
#: Resources of the dataset are renamed per synthetic copy; ontology terms are not.
RESOURCE = re.compile(rb"<https://w3id\.org/wpkld/(?!ontology)")


def paired_medians(runs: dict[str, Callable[[], object]], *, budget: float = 1.0, least: int = 3,
                   most: int = 25) -> dict[str, float]:
    """Run each once to warm up, then all in turns within a time budget; return each one's median.

    Taking turns exposes every contender to the same drift of the machine
    (other load, CPU frequency), which separate series do not: the ratios of
    the medians are then fair. Each round takes its turns in a new order
    (seeded, so a run can be repeated): in a fixed order, whoever ran right
    after a thread hand-off paid for the other's wake-up. Calls slower than
    the whole budget are not repeated: their one time is the figure.
    """
    times: dict[str, list[float]] = {name: [] for name in runs}
    for name, run in runs.items():
        t = time.perf_counter()
        run()
        times[name].append(time.perf_counter() - t)
    if sum(ts[0] for ts in times.values()) > budget:
        return {name: ts[0] for name, ts in times.items()}
    for ts in times.values():
        ts.clear()
    order = list(runs.items())
    shuffle = random.Random(len(order)).shuffle
    started = time.perf_counter()
    rounds = 0
    while rounds < least or (rounds < most and time.perf_counter() - started < budget):
        shuffle(order)
        for name, run in order:
            t = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - t)
        rounds += 1
    return {name: statistics.median(ts) for name, ts in times.items()}


def median_seconds(run: Callable[[], object], *, budget: float = 1.0, least: int = 3, most: int = 25) -> float:
    """Run once to warm up, then repeat within a time budget; return the median (see :func:`paired_medians`)."""
    return paired_medians({"run": run}, budget=budget, least=least, most=most)["run"]


def runnable() -> dict[str, Query]:
    """The catalogue without federated queries (they need the network)."""
    return {name: q for name, q in sorted(catalogue().items())
            if not re.search(r"\bSERVICE\b", re.sub(r"#[^\n]*", "", q.text), re.I)}


class OxigraphServer:
    """``oxigraph serve`` in memory on a free loopback port."""

    def __init__(self) -> None:
        exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([exe, "serve", "--bind", f"127.0.0.1:{port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(self.base + "/query", params={"query": "ASK {}"}, timeout=1).raise_for_status()
                return
            except requests.RequestException:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.05)

    def put(self, body: bytes) -> None:
        requests.put(self.base + "/store?default", data=body, timeout=3600,
                     headers={"Content-Type": "application/n-triples"}).raise_for_status()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
        memory = f"{mem / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    libraries = ", ".join(f"{name} {version(name)}" for name in
                          ("wpkld", "pyoxigraph", "oxigraph", "rdflib", "pyshacl", "requests", "click"))
    return {"CPU": cpu, "cores": str(os.cpu_count()), "memory": memory,
            "OS": f"{platform.system()} {platform.release()}",
            "Python": f"{platform.python_implementation()} {platform.python_version()}",
            "libraries": libraries, "date": datetime.date.today().isoformat()}


def load_times(nt: bytes) -> dict[str, float]:
    """Seconds to load the bundled files into each backend (parse + derive), and to upload them."""
    sources = bundled_sources()
    times = {
        "oxigraph": median_seconds(lambda: build(OxigraphStore(), sources), least=5),
        "oxigraph, parse only": median_seconds(lambda: OxigraphStore().load(sources), least=5),
        "rdflib": median_seconds(lambda: build(RdflibStore(), sources), budget=5.0, least=3, most=5),
    }
    if resources.prebuilt_graph() is not None:
        # Checking its fingerprint against the installed files included (wpkld.prebuilt).
        times["oxigraph, open the prebuilt graph"] = median_seconds(open_prebuilt, least=5)
    server = OxigraphServer()
    try:
        times["endpoint"] = median_seconds(lambda: server.put(nt), least=5)
    finally:
        server.stop()
    return times


def bare_text(query: Query, values: dict[str, str], resolver: Resolver) -> str:
    """The text wpkld sends to Oxigraph for a call: its blocks chosen, its VALUES inlined."""
    bindings = query.bind(values, resolver=resolver)
    return inline_bindings(query.text_for({k for k, v in bindings.items() if v.value}), bindings)


def query_times(stores: dict[str, Store], queries: dict[str, Query], params: Parameters,
                skip: dict[str, dict[str, float]] | None = None, *,
                plan: bool = False) -> dict[str, dict[str, float]]:
    """Median seconds of each query on each store: {query: {backend: seconds}}.

    Beside the ``oxigraph`` store, in turns with it (:func:`paired_medians`),
    ``bare pyoxigraph`` runs the same text as pyoxigraph alone would
    (``Store.query``, every value of every solution read by position): the
    yardstick of wpkld's overhead. ``oxigraph, no time limit`` is wpkld
    without the worker thread that enforces the query time limit
    (``query_timeout=None``), which shows what the limit costs. ``rows`` is
    the size of the answer.

    :param skip: times at the previous scale; a query that took longer than
        :data:`SLOW` there is not run (its cost grows with the data: minutes here).
    :param plan: also run the bare text on an empty store (``plan``, in turns
        with the others): what pyoxigraph spends parsing and planning the
        query, which no data layout or binding can save.
    """
    empty = ox.Store()
    out: dict[str, dict[str, float]] = {}
    values, resolver = params
    for name, query in queries.items():
        out[name] = {}
        for backend, store in stores.items():
            if skip and skip.get(name, {}).get(backend, 0.0) > SLOW:
                print(f"  {name:<24} {backend:<9} skipped", flush=True)
                continue
            runs: dict[str, Callable[[], object]] = {
                backend: lambda q=query, s=store, n=name: q.run(s, values[n], resolver=resolver)}
            if isinstance(store, OxigraphStore) and backend == "oxigraph":
                # The same pyoxigraph store, wrapped without a time limit.
                free = OxigraphStore(timeout=None, read_only=store.store)
                text = bare_text(query, values[name], resolver)
                runs["oxigraph, no time limit"] = lambda q=query, s=free, n=name: q.run(s, values[n],
                                                                                      resolver=resolver)
                runs["bare pyoxigraph"] = lambda s=store, t=text: [tuple(row) for row in s.store.query(t)]
                if plan:
                    runs["plan"] = lambda t=text: [tuple(row) for row in empty.query(t)]
            try:  # wpkld against bare: more turns, for ratios of a few percent
                out[name].update(paired_medians(runs, budget=3.0, least=10, most=60) if len(runs) > 1
                                 else paired_medians(runs))
            except QueryTimeout:  # reported as missing, like a query skipped at this scale
                print(f"  {name:<24} {backend:<9} past the query time limit", flush=True)
                continue
            print(f"  {name:<24} {backend:<9} {out[name][backend] * 1000:9.2f} ms", flush=True)
            if "bare pyoxigraph" in runs:
                out[name]["rows"] = len(query.run(store, values[name], resolver=resolver).rows)
    return out


def resolved_parameters(queries: dict[str, Query]) -> Parameters:
    """The example parameters, entities resolved once to IRIs, and the bundled data's resolver.

    Every backend and scale binds the same IRIs through the same resolver, so
    no backend pays for building a name index.
    """
    ds = wpkld.open()
    out: dict[str, dict[str, str]] = {}
    for name, query in queries.items():
        given = query.example_parameters()
        bound = query.bind(given, resolver=ds.resolver)
        out[name] = {k: bound[k].value if isinstance(bound[k], ox.NamedNode) else v for k, v in given.items()}
    return out, ds.resolver


def validation_time() -> float | None:
    try:
        from wpkld.validate import validate
    except ImportError:
        return None
    return median_seconds(validate, least=3, most=5, budget=10.0)


#: The call the cold-start target names (issue 14).
COLD_CALL = ["query", "purges", "-p", "faction=yanan"]

#: The same work done bare: import click, open the prebuilt graph, run the text wpkld sends, print rows.
BARE_CALL = """import sys, click, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
for row in store.query(text):
    print("\t".join("" if t is None else t.value for t in row))
"""


def cold_start(params: Parameters) -> dict[str, float | str]:
    """Median wall times of a bare interpreter, of ``wpkld query purges -p faction=yanan``, and of the same work bare.

    The bare figure is the floor: the interpreter, click and pyoxigraph
    imported, the prebuilt graph opened, the text wpkld sends run and printed.
    :returns: seconds per command, ``tool`` and, when a figure could not be
        taken, why (``missing``).
    """
    exe = shutil.which("wpkld") or str(Path(sys.executable).with_name("wpkld"))
    call = "wpkld " + shlex.join(COLD_CALL)
    commands = {"python -c pass": [sys.executable, "-c", "pass"], call: [exe, *COLD_CALL],
                # The part of the floor no wpkld change can move: the command-line framework.
                "python -c 'import click'": [sys.executable, "-c", "import click"]}
    missing: list[str] = []
    trial = subprocess.run(commands[call], capture_output=True, text=True, cwd=tempfile.gettempdir())
    if trial.returncode != 0 or not trial.stdout.strip():
        last = (trial.stderr.strip().splitlines() or ["no output"])[-1]
        return {"missing": f"`{call}` failed (exit {trial.returncode}): {last[:200]}"}
    folder = resources.prebuilt_graph()
    work = Path(tempfile.mkdtemp())
    if folder is None:
        missing.append("the same work bare: this install has no prebuilt graph (an editable install?)")
    else:
        (work / "bare.py").write_text(BARE_CALL, encoding="utf-8")
        text = bare_text(catalogue()["purges"], {"faction": "https://w3id.org/wpkld/faction/yanan"}, params[1])
        (work / "purges.rq").write_text(text, encoding="utf-8")
        commands["same work bare"] = [sys.executable, str(work / "bare.py"), str(folder / STORE),
                                      str(work / "purges.rq")]
    try:
        if shutil.which("hyperfine"):
            out = work / "hyperfine.json"
            subprocess.run(["hyperfine", "--warmup", "3", "--runs", "40", "--export-json", str(out), "-N",
                            *[shlex.join(c) for c in commands.values()]],
                           check=True, capture_output=True, cwd=tempfile.gettempdir())
            results = json.loads(out.read_text())["results"]
            figures: dict[str, float | str] = {name: r["median"] for name, r in zip(commands, results, strict=True)}
            figures["tool"] = "hyperfine"
        else:
            def wall(cmd: list[str]) -> float:
                t = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True, cwd=tempfile.gettempdir())
                return time.perf_counter() - t
            # In turns: the floor and the call then meet the same drift of the machine.
            figures = paired_medians({name: lambda cmd=cmd: wall(cmd)  # type: ignore[misc]
                                      for name, cmd in commands.items()}, budget=0.0, least=40, most=40)
            figures["tool"] = "subprocess"
    finally:
        shutil.rmtree(work)
    if missing:
        figures["missing"] = "; ".join(missing)
    return figures


def site_build_time() -> dict[str, float]:
    """Build the static site of the bundled data once (``wpkld site``): wall and CPU seconds, pages."""
    from wpkld.web.site import build_site

    ds = wpkld.open()
    with tempfile.TemporaryDirectory() as tmp:
        wall, cpu = time.perf_counter(), time.process_time()
        report = build_site(ds, Path(tmp) / "site")
        return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                "pages": report.pages, "files": report.files}


def copy(nt: bytes, k: int) -> bytes:
    """Return copy ``k`` of the graph: the original for 0, else the dataset's IRIs renamed."""
    return nt if k == 0 else RESOURCE.sub(b"<https://w3id.org/wpkld/copy%d/" % k, nt)


def synthetic(nt: bytes, copies: int) -> bytes:
    """Return ``copies`` copies of the graph, one after the other."""
    return b"".join(copy(nt, k) for k in range(copies))


def scale_up(nt: bytes, scales: list[int], queries: dict[str, Query], params: Parameters, rdflib_max: int,
             endpoint_max: int) -> dict[int, dict]:
    out: dict[int, dict] = {}
    previous: dict[str, dict[str, float]] = {}
    for scale in scales:
        print(f"scale x{scale}", flush=True)
        stores: dict[str, Store] = {}
        loads: dict[str, float] = {}
        oxi = OxigraphStore()
        t = time.perf_counter()
        for k in range(scale):  # copy by copy: the whole text at x1000 would be gigabytes
            oxi.store.bulk_load(copy(nt, k), format=ox.RdfFormat.N_TRIPLES)
        loads["oxigraph"] = time.perf_counter() - t
        stores["oxigraph"] = oxi
        triples = len(oxi)
        if scale <= rdflib_max:
            rdf = RdflibStore()
            t = time.perf_counter()
            rdf.graph.parse(data=synthetic(nt, scale), format="nt")
            loads["rdflib"] = time.perf_counter() - t
            stores["rdflib"] = rdf
        server = None
        if scale <= endpoint_max:
            from wpkld.endpoint import EndpointStore

            server = OxigraphServer()
            t = time.perf_counter()
            server.put(synthetic(nt, scale))
            loads["endpoint"] = time.perf_counter() - t
            stores["endpoint"] = EndpointStore(server.base + "/query", timeout=600)
        try:
            out[scale] = {"triples": triples, "load": loads,
                          "queries": query_times(stores, queries, params, skip=previous)}
            previous = {name: {b: max(t.get(b, 0.0), previous.get(name, {}).get(b, 0.0)) for b in stores}
                        for name, t in out[scale]["queries"].items()}
        finally:
            if server:
                server.stop()
        del stores, oxi
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="*", default=[10, 100])
    # rdflib only at x1 by default: past the time limit an rdflib query is abandoned but keeps
    # running on its thread, holding the GIL, and every figure after it is slowed (x10: tenfold).
    parser.add_argument("--rdflib-max", type=int, default=1, help="largest scale run on rdflib")
    parser.add_argument("--endpoint-max", type=int, default=100, help="largest scale run on the endpoint")
    parser.add_argument("--no-write", action="store_true", help="print, do not write docs/benchmarks.md")
    args = parser.parse_args()
    # A killed run must still stop the servers it started (the finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    graph = canonical()
    nt = serialize(graph, "nt")
    queries = runnable()
    params = resolved_parameters(queries)
    fig: dict = {"machine": machine(), "triples": len(graph.triples), "slow": SLOW,
                 # Queries whose example call narrows them to one entity (the others list).
                 "selective": sorted(n for n, q in queries.items()
                                     if any(p.kind in ("entity", "iri") for p in q.parameters
                                            if p.name in q.example_parameters()))}
    print("load", flush=True)
    fig["load"] = load_times(nt)
    print("queries", flush=True)
    oxi, rdf = OxigraphStore(), RdflibStore()
    build(oxi, bundled_sources())
    build(rdf, bundled_sources())
    server = OxigraphServer()
    try:
        from wpkld.endpoint import EndpointStore

        server.put(nt)
        fig["queries"] = query_times({"oxigraph": oxi, "rdflib": rdf,
                                      "endpoint": EndpointStore(server.base + "/query")}, queries, params,
                                     plan=True)
    finally:
        server.stop()
    print("validation", flush=True)
    fig["validation"] = validation_time()
    print("cold start", flush=True)
    fig["cold"] = cold_start(params)
    print("site", flush=True)
    fig["site"] = site_build_time()
    fig["scales"] = scale_up(nt, args.scales, queries, params, args.rdflib_max, args.endpoint_max)
    text = report(fig)
    print(text)
    if not args.no_write:
        (ROOT / "docs" / "benchmarks.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
