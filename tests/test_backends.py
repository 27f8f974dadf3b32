"""The whole canned catalogue gives the same answers on rdflib, Oxigraph and a SPARQL server.

The server is Oxigraph's (pip package ``oxigraph``), started on a free
loopback port and filled by ``wpkld load``. A user's canned query must print
the same bytes (JSON, CSV, table) on the server as embedded. The internal
queries, which need no order, are compared as multisets of rows; when one
orders, the sequence of its ORDER BY keys must match too, and GROUP_CONCAT
parts are compared as sorted lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

import wpkld
from support import INVALID, VALID, comparable, oxigraph_executable, printed, start_oxigraph
from wpkld.cli import cli
from wpkld.queries import Query, catalogue, internal_catalogue
from wpkld.store import Results

#: The user's catalogue and the queries wpkld runs for itself (names, stats, Wikidata).
CATALOGUE: dict[str, Query] = {**catalogue(), **internal_catalogue()}
QUERIES = sorted(CATALOGUE)
#: An audit finds nothing in the bundled data: it is compared on data with a finding.
AUDIT_DATA = {"unlinked-disagreements": [*VALID, INVALID / "unlinked-disagreement.ttl"]}


@pytest.fixture(scope="module")
def remote() -> Iterator[wpkld.Dataset]:
    """An Oxigraph server on loopback holding the bundled graph, loaded by ``wpkld load``."""
    proc, base = start_oxigraph(oxigraph_executable())
    try:
        loaded = CliRunner().invoke(cli, ["load", "--store", base + "/store", "--endpoint",
                                          base + "/query", "--default", "--replace"])
        assert loaded.exit_code == 0, loaded.output
        yield wpkld.open(endpoint=base + "/query")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def answers(ds: wpkld.Dataset, name: str) -> Results:
    query = CATALOGUE[name]
    if re.search(r"\bSERVICE\b", re.sub(r"#[^\n]*", "", query.text), re.I):
        pytest.skip(f"{name} is federated (SERVICE): it needs the network")
    resolver = ds.resolver if query.needs_resolver(query.example_parameters()) else None
    return query.run(ds.store, query.example_parameters(), resolver=resolver)


@pytest.mark.parametrize("name", QUERIES)
def test_rdflib_answers_as_oxigraph_does(name: str, ds: wpkld.Dataset, ds_rdflib: wpkld.Dataset) -> None:
    if "named-graphs" in CATALOGUE[name].keywords:
        pytest.skip(f"{name} asks about named graphs, which an in-memory rdflib Graph does not hold")
    if "slow-on-rdflib" in CATALOGUE[name].keywords:
        pytest.skip(f"{name} runs past the query time limit on rdflib (it joins every entity with a union)")
    if name in AUDIT_DATA:
        ds, ds_rdflib = (wpkld.open(backend=b, data=AUDIT_DATA[name]) for b in ("oxigraph", "rdflib"))
    expected = answers(ds, name)
    assert expected.rows, f"{name}: the example call returns nothing, so it proves nothing"
    assert comparable(CATALOGUE[name], answers(ds_rdflib, name)) == comparable(CATALOGUE[name], expected)


@pytest.mark.server
@pytest.mark.parametrize("name", QUERIES)
def test_a_remote_endpoint_answers_as_oxigraph_does(name: str, ds: wpkld.Dataset,
                                                    remote: wpkld.Dataset) -> None:
    expected = answers(ds, name)
    if name in catalogue():  # a user's query has a total order and sorted lists: the same bytes
        assert printed(answers(remote, name)) == printed(expected)
    else:
        assert comparable(CATALOGUE[name], answers(remote, name)) == comparable(CATALOGUE[name], expected)


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
