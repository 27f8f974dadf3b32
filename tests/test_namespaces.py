"""wpkld.namespaces: the one prefix map agrees with every prefix the files declare."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

import wpkld
from support import ROOT
from wpkld.namespaces import (
    BASE,
    DEFAULT,
    KINDS,
    PREFIXES,
    PrefixMap,
    compress,
    expand,
    sparql_prologue,
    turtle_prologue,
    used,
)

DECLARED = re.compile(r"^\s*@?prefix\s+([\w-]*):\s*<([^>]*)>", re.I | re.M)
FILES = sorted([*ROOT.glob("ontology/*.ttl"), *ROOT.glob("dataset/**/*.ttl"), *ROOT.glob("shapes/*.ttl"),
                *ROOT.glob("wpkld/**/*.rq"), *ROOT.glob("wpkld/**/*.ru")])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_declared_prefix_is_the_map_s(path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    for prefix, namespace in DECLARED.findall(text):
        assert PREFIXES.get(prefix) == namespace, f"{prefix}: <{namespace}> is not in wpkld.namespaces"


def test_the_model_s_prefix_block_is_the_map_s() -> None:
    model = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    block = model.split("## Prefix block", 1)[1].split("```", 2)[1]
    declared = dict(DECLARED.findall(block))
    assert declared and all(PREFIXES[p] == ns for p, ns in declared.items())
    assert {f"{BASE}{kind}/" for kind in KINDS} <= set(declared.values())


def test_compress_and_expand_are_inverse_on_every_namespace() -> None:
    for prefix, namespace in PREFIXES.items():
        iri = namespace + "x-1"
        assert compress(iri) == f"{prefix}:x-1"
        assert expand(f"{prefix}:x-1") == iri


def test_what_cannot_be_a_prefixed_name_stays_an_iri() -> None:
    for iri in (BASE + "person/", BASE + "person/a/b", BASE + "person/a#b", "http://example.org/x"):
        assert compress(iri) == iri
    assert expand("person:") is None and expand("nope:x") is None and expand("http://x") is None


def test_prologues_and_used() -> None:
    assert sparql_prologue(["wpk", "rdfs"]).splitlines() == [
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>", "PREFIX wpk: <https://w3id.org/wpkld/ontology#>"]
    assert turtle_prologue().count("@prefix") == len(PREFIXES)
    assert used([BASE + "faction/yanan"]) == {"faction": BASE + "faction/"}


def test_the_prefix_map_agrees_with_curies_on_every_iri_of_the_graph(ds: wpkld.Dataset) -> None:
    # wpkld.namespaces does not import curies at run time (0.2 s): curies is the reference here.
    import curies

    reference = curies.Converter.from_prefix_map(PREFIXES)
    iris = {term.value for quad in ds.store.quads() for term in quad if isinstance(term, ox.NamedNode)}
    iris |= {quad.object.datatype.value for quad in ds.store.quads() if isinstance(quad.object, ox.Literal)}
    iris |= {namespace + local for namespace in PREFIXES.values() for local in ("", "a/b", "a#b", "x-1", "é")}
    assert len(iris) > 5000
    for iri in sorted(iris):
        found = DEFAULT.split(iri)
        expected = reference.compress(iri)
        assert (f"{found[0]}:{found[1]}" if found else None) == expected, iri
        if found and found[1]:
            assert expand(f"{found[0]}:{found[1]}") == reference.expand(expected) == iri


def test_a_part_of_the_map_compresses_only_with_its_own_prefixes() -> None:
    part = PrefixMap({"wpk": PREFIXES["wpk"]})
    assert part.compress(PREFIXES["wpk"] + "Person") == "wpk:Person"
    assert part.compress(BASE + "faction/yanan") == BASE + "faction/yanan"
