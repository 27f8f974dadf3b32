"""Load-test ``wpkld serve`` on loopback: concurrent clients, a fixed mix of requests, latency percentiles.

Starts its own server on a free loopback port (or uses ``--url``, which
must be a loopback address), renders every distinct request once (the
first render of a page draws its pictures; the timings of that pass are
reported apart), then sends the measured requests from N concurrent
clients and prints p50/p99 latency and errors per kind of request.

    python bench/serve_load.py                     # 16 clients, 2,000 requests
    python bench/serve_load.py --clients 4 --requests 400
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from support import start_wpkld_serve, stop

PEOPLE = ["pak-hon-yong", "mu-chong", "kim-tu-bong", "choe-chang-ik", "ho-ka-i", "kim-il-sung",
          "yi-sung-yop", "pak-chang-ok", "pang-hak-se", "kim-chaek"]
SPELLINGS = ["Park Hun-young", "Pak Hŏn-yŏng", "Choi Chang-ik", "Kim Il Sung", "Lee Sung-yop",
             "박헌영", "Heo Ga-i", "Mu Jung", "Kim Doo-bong", "Bak Chang-ok"]


def requests_by_kind() -> dict[str, list[tuple[str, str, dict[str, object]]]]:
    """(method, path, httpx keyword arguments) per kind of request."""
    pages = [("GET", f"/person/{p}", {"headers": {"Accept": accept}})
             for p in PEOPLE for accept in ("text/html", "text/turtle")]
    pages += [("GET", f"/faction/{f}", {"headers": {"Accept": "text/html"}})
              for f in ("yanan", "soviet", "domestic", "guerrilla", "kapsan")]
    canned = [("GET", "/queries/purges?faction=yanan", {}), ("GET", "/queries/faction-leaders?faction=soviet", {}),
              ("GET", "/queries/person?person=Park%20Hun-young", {"headers": {"Accept": "text/csv"}}),
              ("GET", "/queries/conflicts", {}), ("GET", "/queries/timeline?from=1956&to=1958", {})]
    sparql = [("GET", "/sparql?" + urllib.parse.urlencode({"query": q}), {})
              for q in ("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/wpkld/ontology#Person> }",
                        "SELECT ?p ?o WHERE { <https://w3id.org/wpkld/person/mu-chong> ?p ?o }",
                        "ASK { ?s <http://www.w3.org/ns/org#memberOf> <https://w3id.org/wpkld/faction/yanan> }")]
    reconcile = [("POST", "/reconcile", {"data": {"queries": json.dumps({"q0": {"query": s, "type": "wpk:Person"}})}})
                 for s in SPELLINGS]
    return {"page": pages, "canned query": canned, "sparql": sparql, "reconcile": reconcile}


FAILURES: list[str] = []


async def one(client: httpx.AsyncClient, method: str, path: str, kwargs: dict[str, object]) -> tuple[float, bool]:
    started = time.perf_counter()
    try:
        response = await client.request(method, path, **kwargs)  # type: ignore[arg-type]
        ok = response.status_code == 200
        if not ok:
            FAILURES.append(f"{response.status_code} {method} {path[:80]}: {response.text[:120].strip()}")
    except httpx.HTTPError as exc:
        ok = False
        FAILURES.append(f"{type(exc).__name__} {method} {path[:80]}")
    return (time.perf_counter() - started) * 1000, ok


async def run(base: str, clients: int, total: int, pid: int | None) -> None:
    kinds = requests_by_kind()
    rng = random.Random(0)
    plan = [(kind, *rng.choice(kinds[kind])) for kind in rng.choices(list(kinds), k=total)]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        first = {kind: [await one(client, *r) for r in reqs] for kind, reqs in kinds.items()}
        for kind, timings in first.items():
            print(f"first request of each ({kind}): max {max(t for t, _ in timings):.0f} ms,"
                  f" errors {sum(not ok for _, ok in timings)}")
        queue: asyncio.Queue[tuple[str, str, str, dict[str, object]]] = asyncio.Queue()
        for item in plan:
            queue.put_nowait(item)
        results: dict[str, list[tuple[float, bool]]] = {kind: [] for kind in kinds}

        async def worker() -> None:
            while not queue.empty():
                kind, method, path, kwargs = queue.get_nowait()
                results[kind].append(await one(client, method, path, kwargs))

        started, cpu = time.perf_counter(), _cpu_seconds(pid) if pid else 0.0
        await asyncio.gather(*(worker() for _ in range(clients)))
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds(pid) - cpu if pid else 0.0
    print(f"\n{total} requests, {clients} concurrent clients, {seconds:.1f} s, {total / seconds:.0f} requests/s")
    print(f"{'kind':<14} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}")
    for kind, timings in results.items():
        ms = sorted(t for t, _ in timings)
        if not ms:
            continue
        p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
        print(f"{kind:<14} {len(ms):>5} {statistics.median(ms):>8.1f} {p99:>8.1f} {ms[-1]:>8.1f}"
              f" {sum(not ok for _, ok in timings):>6}")
    if pid:
        print(f"server CPU time {cpu:.1f} s: {cpu * 1000 / total:.1f} ms per request"
              f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measuring)")
    for failure in FAILURES[:10]:
        print("error:", failure)


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process (Linux /proc): independent of what else the machine runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    args = parser.parse_args()
    proc: subprocess.Popen[bytes] | None = None
    if args.url:
        host = urllib.parse.urlsplit(args.url).hostname or ""
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            parser.error("the benchmark only runs against loopback")
        base = args.url.rstrip("/")
    else:
        log = Path(tempfile.mkdtemp()) / "serve.log"
        proc, base = start_wpkld_serve(log)
        started = [json.loads(line) for line in log.read_text().splitlines() if '"started"' in line][0]
        print(f"server: start-up {started['startup_s']} s, max RSS {started['max_rss_mb']} MB")
    try:
        asyncio.run(run(base, args.clients, args.requests, proc.pid if proc else None))
    finally:
        if proc is not None:
            stop(proc)


if __name__ == "__main__":
    main()
