"""Quotes carry their claim and are anchored in their texts by W3C Web Annotation selectors."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import Literal, URIRef

from wpkld.cli import cli
from wpkld.namespaces import OA
from wpkld.quotes import check, load_graph, quoted_statements, write_selectors

WPK = "https://w3id.org/wpkld/ontology#"
ROOT = Path(__file__).resolve().parent.parent
CLAIM = URIRef("https://w3id.org/wpkld/claim/000-trial-of-pak-hon-yong-date")


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return load_graph()


def mutated(graph: rdflib.Graph) -> rdflib.Graph:
    copy = rdflib.Graph()
    copy += graph
    return copy


# Checks that need no source text: they always run.

def test_every_quote_has_a_selector_that_agrees_with_it(graph: rdflib.Graph) -> None:
    assert len(quoted_statements(graph)) > 1000
    assert [str(p) for p in check(graph)] == []


def test_a_changed_quote_makes_its_selector_stale(graph: rdflib.Graph) -> None:
    g = mutated(graph)
    g.set((CLAIM, URIRef(WPK + "quote"), Literal("In 1955, Pak Hon-yong was put on trial, said X")))
    problems = [str(p) for p in check(g)]
    assert problems == [f"{CLAIM}: the selector's exact text is not the quote "
                        "(stale: run `wpkld quotes selectors`)"]


def test_a_wording_outside_the_quote_is_reported(graph: rdflib.Graph) -> None:
    g = mutated(graph)
    g.set((CLAIM, URIRef(WPK + "dateText"), Literal("In 1956")))
    assert [str(p) for p in check(g)] == [f"{CLAIM}: the quote does not contain its wpk:dateText 'In 1956'"]


def test_a_statement_without_a_selector_is_reported(graph: rdflib.Graph) -> None:
    g = mutated(graph)
    g.remove((CLAIM, URIRef(WPK + "quoteTarget"), None))
    assert [str(p) for p in check(g)] == [f"{CLAIM}: no selector: run `wpkld quotes selectors`"]


def test_every_source_records_the_digest_of_its_text(graph: rdflib.Graph) -> None:
    g = mutated(graph)
    g.remove((None, URIRef(WPK + "sha256"), None))
    assert len(check(g)) == 5


def test_the_quote_check_runs_on_the_command_line() -> None:
    result = CliRunner().invoke(cli, ["quotes", "check"])
    assert result.exit_code == 0, result.output
    assert "0 problem(s) (texts not checked" in result.output


# Checks against the texts: they skip, saying why, without them.

def test_every_selector_matches_its_text(graph: rdflib.Graph, sources_dir: Path) -> None:
    assert [str(p) for p in check(graph, sources_dir)] == []


def test_a_moved_offset_is_caught(graph: rdflib.Graph, sources_dir: Path) -> None:
    g = mutated(graph)
    target = g.value(CLAIM, URIRef(WPK + "quoteTarget"))
    (position,) = [s for s in g.objects(target, URIRef(OA + "hasSelector")) if "position" in str(s)]
    start = int(g.value(position, URIRef(OA + "start")).toPython())
    end = int(g.value(position, URIRef(OA + "end")).toPython())
    g.set((position, URIRef(OA + "start"), Literal(start + 1)))
    g.set((position, URIRef(OA + "end"), Literal(end + 1)))
    assert [str(p) for p in check(g, sources_dir)] == [
        f"{CLAIM}: the selector does not match 000_62be97de25176a51.txt at {start + 1}-{end + 1}"]


def test_another_copy_of_a_text_is_caught(graph: rdflib.Graph, sources_dir: Path, tmp_path: Path) -> None:
    for text in sources_dir.glob("*.txt"):
        (tmp_path / text.name).write_bytes(text.read_bytes())
    copy = tmp_path / "000_62be97de25176a51.txt"
    copy.write_bytes(copy.read_bytes().replace(b"\n", b"\r\n"))
    problems = [str(p) for p in check(graph, tmp_path)]
    assert problems[0].startswith("000_62be97de25176a51.txt: the text's SHA-256 is ")
    assert any("the selector does not match 000_62be97de25176a51.txt" in p for p in problems)


def test_the_bundled_selectors_are_what_the_generator_writes(graph: rdflib.Graph, sources_dir: Path,
                                                             tmp_path: Path) -> None:
    """Regenerating gives the committed files byte for byte: they are current and re-runnable."""
    written, problems = write_selectors(graph, sources_dir, tmp_path)
    assert problems == []
    bundled = ROOT / "dataset" / "selectors"
    assert sorted(p.name for p in written) == sorted(p.name for p in bundled.glob("*.ttl"))
    for path in written:
        assert path.read_text(encoding="utf-8") == (bundled / path.name).read_text(encoding="utf-8"), path.name


def test_the_generator_refuses_to_overwrite_without_force(sources_dir: Path, tmp_path: Path) -> None:
    args = ["quotes", "selectors", "--sources", str(sources_dir), "--out", str(tmp_path)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    again = CliRunner().invoke(cli, args)
    assert again.exit_code != 0 and "pass --force" in str(again.exception or again.output)
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0
