"""The ``queries``, ``query``, ``sparql`` and ``resolve`` commands, their output and their errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from support import run_cli
from wpkld.cli import cli
from wpkld.cli.commands import MODULES
from wpkld.queries import catalogue


def one_line_error(code: int, err: str) -> str:
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("wpkld: error: "), err
    assert "Traceback" not in err
    return err


def test_queries_lists_every_query(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "queries")
    assert code == 0
    listed = {line.split()[0] for line in out.splitlines()[2:]}
    assert listed == set(catalogue())
    assert "faction*, from, to" not in out and "faction, from, to" in out  # purges: all optional
    assert "body*, date" in out


def test_queries_as_turtle(capsys: pytest.CaptureFixture[str]) -> None:
    import rdflib

    code, out, _ = run_cli(capsys, "queries", "--format", "ttl")
    assert code == 0
    graph = rdflib.Graph().parse(data=out, format="turtle")
    assert len(set(graph.subjects(rdflib.RDF.type, rdflib.SH.SPARQLSelectExecutable))) == len(catalogue())


def test_query_csv_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "query", "purges", "-p", "faction=Yenan faction", "--format", "csv")
    assert code == 0
    people = {row["personLabel"] for row in csv.DictReader(io.StringIO(out))}
    assert {"Choe Chang-ik", "Kim Tu-bong"} <= people
    code, out, _ = run_cli(capsys, "query", "body-composition", "--param", "body=nwpk-politburo",
                       "--format", "json")
    seats = {b["factionLabel"]["value"]: int(b["seats"]["value"])
             for b in json.loads(out)["results"]["bindings"]}
    assert seats["Yan'an faction"] == 6


def test_query_table_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "query", "faction-leaders", "-p", "faction=yanan")
    assert code == 0 and out.startswith("leader ")
    assert "Mu Chong" in out and "https://" not in out


def test_the_backends_print_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("query", "fates", "-p", "faction=soviet", "--format", "csv")
    oxigraph = run_cli(capsys, *args)[1]
    rdflib = run_cli(capsys, *args, "--backend", "rdflib")[1]
    assert sorted(oxigraph.splitlines()) == sorted(rdflib.splitlines()) and "Ho Ka-i" in oxigraph


@pytest.mark.parametrize(("args", "message"), [
    (["query", "purgez"], "no query named 'purgez'; did you mean: purges"),
    (["query", "person"], "parameter 'person': missing"),
    (["query", "purges", "-p", "from=56"], "parameter 'from': '56' is not a year or date"),
    (["query", "purges", "-p", "faction"], "parameter 'faction': expected KEY=VALUE"),
    (["query", "purges", "-p", "from=1956", "-p", "from=1957"], "parameter 'from': given more than once"),
    (["query", "purges", "-p", "colour=red"], "parameter 'colour': unknown parameter of query 'purges'"),
    (["query", "purges", "-p", "faction=Nobody faction"], "parameter 'faction': no wpk:Faction named"),
    (["sparql", "SELECT ?x WHERE { ?x"], "malformed SPARQL"),
    (["sparql", "CONSTRUCT WHERE { ?s ?p ?o }"], "expected a SELECT query"),
    (["sparql", "--file", "/nonexistent/q.rq"], "/nonexistent/q.rq: No such file"),
    (["resolve", "Kim", "--type", "Persn"], "parameter 'type': no class wpk:Persn"),
])
def test_errors_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], args: list[str],
                                       message: str) -> None:
    code, _, err = run_cli(capsys, *args)
    assert message in one_line_error(code, err)


def test_sparql_text_stdin_and_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                    tmp_path: Path) -> None:
    query = ("SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/wpkld/ontology#Person> }")
    code, text, _ = run_cli(capsys, "sparql", query, "--format", "csv")
    assert code == 0 and int(text.splitlines()[1]) > 50
    assert run_cli(capsys, "sparql", "-", "--format", "csv", stdin=query, monkeypatch=monkeypatch)[1] == text
    path = tmp_path / "count.rq"
    path.write_text(query, encoding="utf-8")
    assert run_cli(capsys, "sparql", "--file", str(path), "--format", "csv")[1] == text
    # A path given as QUERY is text, never guessed: the error says to use --file.
    code, _, err = run_cli(capsys, "sparql", str(path))
    assert f"use --file {path}" in one_line_error(code, err)


def test_sparql_needs_exactly_one_query(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run_cli(capsys, "sparql")[0] == 2
    path = tmp_path / "q.rq"
    path.write_text("SELECT * WHERE {}", encoding="utf-8")
    code, _, err = run_cli(capsys, "sparql", "SELECT * WHERE {}", "--file", str(path))
    assert code == 2 and "exactly" not in err and "--file PATH" in err


def test_resolve(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "resolve", "Park Hun-young")
    first = out.splitlines()[2].split()
    assert code == 0 and first[:2] == ["1.00", "https://w3id.org/wpkld/person/pak-hon-yong"]
    assert "Park Hun-young" in out.splitlines()[2]
    code, out, _ = run_cli(capsys, "resolve", "Mu Chng", "--format", "json")
    best = json.loads(out)[0]
    assert best == {"iri": "https://w3id.org/wpkld/person/mu-chong", "label": "Mu Chong",
                    "matched": "Mu Chng", "score": 1.0,
                    "class": "https://w3id.org/wpkld/ontology#Person"}
    code, out, _ = run_cli(capsys, "resolve", "yanan", "--type", "Place", "--format", "json")
    assert {m["iri"] for m in json.loads(out)} == {"https://w3id.org/wpkld/place/yanan"}


def test_resolve_nothing_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "resolve", "qqqqqqqqqq")
    assert code == 1 and out == "" and "no resource matches" in err


@pytest.mark.slow
def test_query_path_stays_light(tmp_path: Path) -> None:
    """``wpkld query`` on Oxigraph imports no heavy library, no other command's module, and none
    of the standard modules start-up was made to do without (docs/benchmarks.md, cold start);
    nor does it compile the SPARQL lexer (its texts name no SERVICE or LOAD)."""
    heavy = ("rdflib", "pyshacl", "requests", "curies", "pydantic", "wpkld.cli.wikidata", "wpkld.cli.serve",
             "wpkld.cli.validate", "wpkld.names",
             "importlib.resources", "hashlib", "tempfile", "json", "shlex", "decimal")
    for fmt in ("csv", "table"):
        probe = ("import sys\nfrom wpkld.cli import main\n"
                 f"main(['query', 'purges', '-p', 'faction=yanan', '--format', '{fmt}'])\n"
                 "from wpkld.sparql_scan import _lexer\n"
                 f"print(sorted(m for m in {heavy!r} if m in sys.modules)"
                 " + (['the SPARQL lexer'] if _lexer.cache_info().currsize else []), file=sys.stderr)")
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                              cwd=tmp_path)  # the installed package, not the checkout
        assert "Choe Chang-ik" in done.stdout
        assert done.stderr.strip().splitlines()[-1] == "[]", fmt


def test_every_command_is_found_under_its_name() -> None:
    context = click.Context(cli)
    for name in MODULES:
        command = cli.get_command(context, name)
        assert command is not None and command.name == name
    assert cli.list_commands(context) == sorted(MODULES)
    assert cli.get_command(context, "nope") is None
