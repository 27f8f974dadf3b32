"""Helpers shared by several test modules (importable: pyproject puts tests/ on sys.path)."""

from __future__ import annotations

import io
import re
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import wpkld
from wpkld.cli import main
from wpkld.queries import Query
from wpkld.store import Results

#: The checkout, and the test data: valid files that conform together, and one
#: invalid example per rule (tests/data/invalid/RULE.ttl).
ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
VALID = sorted((DATA / "valid").glob("*.ttl"))
INVALID = DATA / "invalid"


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_executable() -> str:
    """Return the Oxigraph server of the test extra, or skip the test saying why."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(exe).exists():
        pytest.skip("the Oxigraph server (pip package 'oxigraph', in the test extra) is not installed")
    return exe


def start_oxigraph(exe: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start an in-memory ``oxigraph serve`` on a free loopback port; return it and its URL."""
    import requests

    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            requests.get(base + "/query", params={"query": "ASK {}"}, timeout=1).raise_for_status()
            return proc, base
        except requests.RequestException:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"oxigraph serve did not start: {proc.stderr.read().decode() if proc.stderr else ''}")


def comparable(query: Query, results: Results) -> tuple[Counter[tuple[str, ...]], list[tuple[str, ...]]]:
    """Return the rows as a multiset, and the ORDER BY keys in order (empty if unordered).

    GROUP_CONCAT parts are compared as sorted lists: SPARQL defines no order for them.
    """
    text = re.sub(r"#[^\n]*", "", query.text)
    concatenated = {var: sep or " " for sep, var in re.findall(
        r'GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?(?:separator\s*=\s*"([^"]*)")?\s*\)\s*AS\s+\?(\w+)', text, re.I)}

    def cell(row: dict, var: str) -> str:  # type: ignore[type-arg]
        term = row.get(var)
        if term is None:
            return "UNBOUND"
        if var in concatenated:
            return f"{sorted(term.value.split(concatenated[var]))}"
        return str(term)

    rows = [tuple(cell(row, v) for v in results.variables) for row in results.rows]
    order = re.search(r"ORDER\s+BY\s+(.*?)(?:LIMIT|OFFSET|$)", text, re.I | re.S)
    keys = [v for v in re.findall(r"\?(\w+)", order[1]) if v in results.variables] if order else []
    return Counter(rows), [tuple(cell(row, k) for k in keys) for row in results.rows] if keys else []


def printed(results: Results) -> dict[str, str]:
    """Return what ``wpkld query`` prints of the results in each format: the bytes users diff."""
    from wpkld.output import format_results

    return {fmt: format_results(results, fmt) for fmt in ("json", "csv", "table")}


def catalogue_output(ds: wpkld.Dataset) -> dict[tuple[str, str], str]:
    """Return what ``wpkld query`` prints for each example call of the catalogue, in each format.

    Queries with a SERVICE block call Wikidata: they are left out.
    """
    from wpkld.output import format_results
    from wpkld.queries import catalogue

    return {(name, fmt): format_results(ds.results(name, query.example_parameters()), fmt)
            for name, query in sorted(catalogue().items())
            if not re.search(r"\bSERVICE\b", query.sparql, re.I)
            for fmt in ("json", "csv", "table")}


def run_cli(capsys: pytest.CaptureFixture[str], *args: str, stdin: str | None = None,
            monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    """Run ``wpkld ARGS`` in-process as the console script does: exit code, stdout, stderr."""
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def start_wpkld_serve(log: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``wpkld serve`` on a free loopback port, its log to ``log``; return it and its URL once /health answers."""
    import requests

    port = free_port()
    exe = shutil.which("wpkld") or str(Path(sys.executable).with_name("wpkld"))
    with log.open("wb") as out:  # a file, not a pipe: nobody reads a pipe while tests run
        proc = subprocess.Popen([exe, "serve", "--port", str(port), *args],
                                stdout=subprocess.DEVNULL, stderr=out)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            requests.get(base + "/health", timeout=1).raise_for_status()
            return proc, base
        except requests.RequestException:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"wpkld serve did not start: {log.read_text(errors='replace')}")


def stop(proc: subprocess.Popen[bytes]) -> int:
    """Stop a server gracefully (SIGTERM); return its exit status."""
    proc.terminate()
    try:
        return proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()
