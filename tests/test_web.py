"""The web layer: content negotiation, paths, per-resource descriptions, pages, determinism."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import wpkld
from wpkld.errors import DataError, ParameterError
from wpkld.namespaces import BASE, PROV, WPK
from wpkld.web import conneg, paths, site
from wpkld.web.describe import description
from wpkld.web.pages import page
from wpkld.web.render import render_page

PAK = BASE + "person/pak-hon-yong"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize("accept, chosen", [
    (BROWSER, "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"), ("*/*", "html"), (None, "html"), ("text/*", "html"),
    ("text/turtle;q=0.2, application/n-triples;q=0.3", "nt"),
    ("text/html;q=0, text/turtle", "ttl"), ("application/*", "jsonld"),
    ("image/png", None), ("text/html;q=0", None), ("application/json", None),
])
def test_negotiate(accept: str | None, chosen: str | None) -> None:
    assert conneg.negotiate(accept) == chosen


def test_description_holds_statements_sources_quotes_and_labels(ds: wpkld.Dataset) -> None:
    triples = description(ds, PAK).triples
    subjects = {t.subject.value for t in triples}
    statements = {t.subject.value for t in triples
                  if t.predicate.value == PROV + "wasDerivedFrom"}
    assert len(statements) > 20
    quoted = {t.subject.value for t in triples if t.predicate.value == WPK + "quote"}
    assert statements <= quoted
    # every source it cites has its label there too
    sources = {t.object.value for t in triples if t.predicate.value == PROV + "wasDerivedFrom"}
    labelled = {t.subject.value for t in triples if t.predicate.value.endswith("#label")}
    assert sources <= labelled
    # a conflict over one of his statements (the party he led: SWPK or WPSK), with its label
    assert BASE + "conflict/name-of-south-korean-workers-party" in subjects & labelled


def test_description_is_the_same_on_rdflib(ds: wpkld.Dataset, ds_rdflib: wpkld.Dataset) -> None:
    for iri in (BASE + "conflict/pak-hon-yong-execution-year", BASE + "faction/kapsan"):
        assert set(description(ds, iri).triples) == set(description(ds_rdflib, iri).triples)


def test_description_of_a_conflict_has_every_side_in_full(ds: wpkld.Dataset) -> None:
    iri = BASE + "conflict/pak-hon-yong-execution-year"
    triples = description(ds, iri).triples
    sides = {t.object.value for t in triples
             if t.subject.value == iri and t.predicate.value == WPK + "conflictingStatement"}
    assert len(sides) >= 2
    store = ds.store.store  # type: ignore[attr-defined]
    for side in sides:
        full = {q.triple for q in store.quads_for_pattern(ox.NamedNode(side), None, None)}
        assert full <= set(triples)


def test_page_shows_no_fact_without_its_source(ds: wpkld.Dataset) -> None:
    view = page(PAK, description(ds, PAK).triples)
    cards = [c for _, group in view.groups for c in group]
    assert cards and all(c.source and c.source.iri and c.quote for c in cards)
    # derived direct triples (fate, memberOf) appear only as their statements' cards
    shown = {p.iri for p, _ in view.facts}
    assert WPK + "fate" not in shown and "http://www.w3.org/ns/org#memberOf" not in shown
    assert any(k.iri == BASE + "conflict/name-of-south-korean-workers-party" and len(k.cards) >= 2
               for k in view.conflicts)


def test_derived_links_and_org_inverses_are_not_shown_as_editors_facts(ds: wpkld.Dataset) -> None:
    org = "http://www.w3.org/ns/org#"
    wpk_page = page(BASE + "organization/workers-party-of-korea",
                    description(ds, BASE + "organization/workers-party-of-korea").triples)
    assert not {org + "resultedFrom", org + "changedBy"} & {p.iri for p, _ in wpk_page.facts}
    claim = BASE + "claim/000-return-of-kim-il-sung-to-korea-participant-kim-il-sung"
    claim_page = page(claim, description(ds, claim).triples)
    assert WPK + "sameSourceDate" not in {p.iri for p, _ in claim_page.facts}
    event = BASE + "event/1945-return-of-kim-il-sung-to-korea"
    cards = [c for _, group in page(event, description(ds, event).triples).groups for c in group]
    assert cards and not [d for c in cards for d, _ in c.details if d.iri == WPK + "sameSourceDate"]


def test_render_page_refuses_what_has_no_page(ds: wpkld.Dataset) -> None:
    with pytest.raises(ParameterError):
        render_page(ds, "http://example.org/x")
    with pytest.raises(ParameterError):
        render_page(ds, BASE + "person/no-such-person")


def test_paths_round_trip() -> None:
    assert paths.file_path(PAK, "ttl") == "person/pak-hon-yong.ttl"
    assert paths.href("pictures/timeline.html", PAK) == "../person/pak-hon-yong.html"
    with pytest.raises(ParameterError):
        paths.check_base_url("not a url")


def test_failed_build_leaves_nothing_behind(ds: wpkld.Dataset, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def failing(*args: object, **kwargs: object) -> str:
        calls.append(1)
        if len(calls) > 5:
            raise DataError("disk full (simulated)")
        return "<html></html>"

    monkeypatch.setattr(site, "render_page", failing)
    with pytest.raises(DataError):
        site.build_site(ds, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


_FINGERPRINT = """
import hashlib, sys, wpkld
from wpkld.web.describe import describe
from wpkld.web.render import render_page
ds = wpkld.open()
iri = "https://w3id.org/wpkld/"
for rest in ("pictures/timeline", "pictures/network", "pictures/composition", "person/pak-hon-yong", ""):
    print(rest, hashlib.sha256(render_page(ds, iri + rest).encode()).hexdigest())
for fmt in ("ttl", "jsonld", "nt"):
    print(fmt, hashlib.sha256(describe(ds, iri + "person/pak-hon-yong", fmt)).hexdigest())
"""


@pytest.mark.slow
def test_pages_and_pictures_are_the_same_bytes_in_every_process(tmp_path: Path) -> None:
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _FINGERPRINT], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(done.stdout)
    assert runs[0] == runs[1] and runs[0].count("\n") == 8


@pytest.mark.slow
def test_the_whole_site_is_the_same_bytes_twice(ds: wpkld.Dataset, built_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    site.build_site(wpkld.open(), again, base_url="http://127.0.0.1:8000/")

    def digests(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    first, second = digests(built_site), digests(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
