"""The whole canned catalogue gives the same answers on rdflib, Oxigraph and a SPARQL server.

The server is Oxigraph's (pip package ``oxigraph``), started on a free
loopback port and filled by ``wpkld load``. Results are compared as
multisets of rows; when a query orders, the sequence of its ORDER BY keys
must match too (ties may come in any order). GROUP_CONCAT has no defined
order, so its parts are compared as sorted lists.
"""

from __future__ import annotations

import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

import wpkld
from wpkld.cli import cli
from wpkld.queries import Query, catalogue
from wpkld.store import Results

QUERIES = sorted(catalogue())


def example_parameters(query: Query) -> dict[str, str]:
    """Return the ``-p key=value`` pairs of a query's example call.

    >>> from wpkld.queries import parse
    >>> example_parameters(parse("x", "# title: X\\n# description: Y\\n# example: wpkld query x -p a=1 -p 'b=Kim Il Sung'\\nSELECT * {}"))
    {'a': '1', 'b': 'Kim Il Sung'}
    """
    words = shlex.split(query.example)
    pairs = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-p", "--param")]
    return dict(pair.split("=", 1) for pair in pairs)


def comparable(query: Query, results: Results) -> tuple[Counter[tuple[str, ...]], list[tuple[str, ...]]]:
    """Return the rows as a multiset, and the ORDER BY keys in order (empty if unordered)."""
    text = re.sub(r"#[^\n]*", "", query.text)
    concatenated = {var: sep or " " for sep, var in re.findall(
        r'GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?(?:separator\s*=\s*"([^"]*)")?\s*\)\s*AS\s+\?(\w+)', text, re.I)}

    def cell(row: dict, var: str) -> str:
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def remote() -> Iterator[wpkld.Dataset]:
    """An Oxigraph server on loopback holding the bundled graph, loaded by ``wpkld load``."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(exe).exists():
        pytest.skip("the Oxigraph server (pip package 'oxigraph', in the test extra) is not installed")
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(base + "/query", params={"query": "ASK {}"}, timeout=1).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.05)
        loaded = CliRunner().invoke(cli, ["load", "--store", base + "/store", "--endpoint",
                                          base + "/query", "--default", "--replace"])
        assert loaded.exit_code == 0, loaded.output
        yield wpkld.open(endpoint=base + "/query")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def answers(ds: wpkld.Dataset, name: str) -> Results:
    query = catalogue()[name]
    if re.search(r"\bSERVICE\b", re.sub(r"#[^\n]*", "", query.text), re.I):
        pytest.skip(f"{name} is federated (SERVICE): it needs the network")
    return ds.select(name, **example_parameters(query))


@pytest.mark.parametrize("name", QUERIES)
def test_rdflib_answers_as_oxigraph_does(name: str, ds: wpkld.Dataset, ds_rdflib: wpkld.Dataset) -> None:
    expected = answers(ds, name)
    assert expected.rows, f"{name}: the example call returns nothing, so it proves nothing"
    assert comparable(catalogue()[name], answers(ds_rdflib, name)) == comparable(catalogue()[name], expected)


@pytest.mark.server
@pytest.mark.parametrize("name", QUERIES)
def test_a_remote_endpoint_answers_as_oxigraph_does(name: str, ds: wpkld.Dataset,
                                                    remote: wpkld.Dataset) -> None:
    expected = answers(ds, name)
    assert comparable(catalogue()[name], answers(remote, name)) == comparable(catalogue()[name], expected)


def test_the_comparison_sees_a_changed_value_and_a_changed_order() -> None:
    """The check itself can fail: a different literal, or ordered keys swapped."""
    from pyoxigraph import Literal

    from wpkld.queries import parse

    q = parse("x", "# title: X\n# description: Y\nSELECT ?a (GROUP_CONCAT(?b; separator=\"; \") AS ?c) "
                   "WHERE { ?a ?p ?b } GROUP BY ?a ORDER BY ?a")
    one = Results(["a", "c"], [{"a": Literal("1"), "c": Literal("x; y")}, {"a": Literal("2"), "c": Literal("z")}])
    same = Results(["a", "c"], [{"a": Literal("1"), "c": Literal("y; x")}, {"a": Literal("2"), "c": Literal("z")}])
    swapped = Results(["a", "c"], list(reversed(one.rows)))
    changed = Results(["a", "c"], [{"a": Literal("1"), "c": Literal("x; y")}, {"a": Literal("2"), "c": Literal("Z")}])
    assert comparable(q, one) == comparable(q, same)
    assert comparable(q, one) != comparable(q, swapped)
    assert comparable(q, one) != comparable(q, changed)
