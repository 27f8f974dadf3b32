"""The static site (``wpkld site``): every IRI has its page and RDF, links resolve, pages are accessible."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pyoxigraph as ox
import pytest

import wpkld
from wpkld.cli import main
from wpkld.namespaces import BASE
from wpkld.stats import compute
from wpkld.web import paths
from wpkld.web.catalogue import resources


class Page(HTMLParser):
    """The parts of an HTML page the checks need: lang, title, headings, links, images, ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title = ""
        self.headings: list[int] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.images_without_alt = 0
        self.svgs_without_label = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "title":
            self._in_title = True
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        for name in ("href", "src", "xlink:href"):
            if a.get(name) and tag in ("a", "link", "script", "img"):
                self.links.append(a[name] or "")
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "img" and not a.get("alt"):
            self.images_without_alt += 1
        if tag == "svg" and not a.get("aria-label"):
            self.svgs_without_label += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parsed(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_resource_has_its_page_and_rdf_files(ds: wpkld.Dataset, built_site: Path) -> None:
    rows = resources(ds)
    assert len(rows) > 1500  # every resource of the bundled graph, statements included
    kinds = {paths.page_path(r["resource"]).split("/")[0] for r in rows}  # type: ignore[union-attr]
    assert {"person", "faction", "organization", "event", "place", "source", "claim", "membership",
            "quantity", "conflict", "charge", "fate", "event-kind", "role"} <= kinds
    for row in rows:
        iri = row["resource"]
        for ext in ("html", "ttl", "jsonld", "nt", "var"):
            assert (built_site / paths.file_path(iri, ext)).is_file(), (iri, ext)


def test_each_ttl_parses_and_holds_every_triple_of_its_subject(ds: wpkld.Dataset, built_site: Path) -> None:
    store = ds.store.store  # type: ignore[attr-defined]
    for row in resources(ds):
        iri = ox.NamedNode(row["resource"])
        text = (built_site / paths.file_path(iri.value, "ttl")).read_bytes()
        described = {(t.subject, t.predicate, t.object) for t in ox.parse(text, format=ox.RdfFormat.TURTLE)}
        own = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(iri, None, None)}
        assert own and own <= described, iri.value
        # the other formats say the same
        nt = {(t.subject, t.predicate, t.object) for t in ox.parse(
            (built_site / paths.file_path(iri.value, "nt")).read_bytes(), format=ox.RdfFormat.N_TRIPLES)}
        assert nt == described, iri.value


def test_jsonld_parses_to_the_same_triples(built_site: Path) -> None:
    base = built_site / "person" / "pak-hon-yong"
    ttl = set(ox.parse(base.with_suffix(".ttl").read_bytes(), format=ox.RdfFormat.TURTLE))
    jsonld = set(ox.parse(base.with_suffix(".jsonld").read_bytes(), format=ox.RdfFormat.JSON_LD))
    assert ttl == jsonld and len(ttl) > 100


def test_no_broken_internal_links(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    ids = {p: parsed(p).ids for p in pages}
    broken = []
    for page in pages:
        for link in parsed(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:")):
                continue
            target, fragment = urldefrag(link)
            path = (page.parent / unquote(target)).resolve() if target else page
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file() or fragment and path.suffix == ".html" and fragment not in ids.get(path, set()):
                broken.append((page.relative_to(built_site).as_posix(), link))
    assert not broken, broken[:10]
    assert len(pages) > 1500


def test_pages_are_accessible(built_site: Path) -> None:
    problems = []
    for path in sorted(built_site.rglob("*.html")):
        page = parsed(path)
        name = path.relative_to(built_site).as_posix()
        if page.lang != "en" or not page.title.strip():
            problems.append((name, "lang or title"))
        if not page.headings or page.headings[0] != 1 or page.headings.count(1) != 1:
            problems.append((name, "one h1 first"))
        if any(b - a > 1 for a, b in zip(page.headings, page.headings[1:], strict=False)):
            problems.append((name, f"heading levels skip: {page.headings}"))
        if page.images_without_alt or page.svgs_without_label:
            problems.append((name, "picture without a text equivalent"))
    assert not problems, problems[:10]


def test_person_page_shows_claim_cards_with_quotes_and_sources(built_site: Path) -> None:
    html = (built_site / "person" / "pak-hon-yong.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="card.*?</article>', html, flags=re.S)
    assert len(cards) > 10
    for card in cards:
        assert '<blockquote class="quote"' in card and '<dd class="source"><a href="../source/' in card
    assert "Park Hun-young" in html and "박헌영" in html
    assert 'class="conflict"' in html  # the execution year is disputed
    assert "<svg" in html  # the career line


def test_conflict_page_shows_both_sides(ds: wpkld.Dataset, built_site: Path) -> None:
    conflicts = [r["resource"] for r in resources(ds) if r["resource"].startswith(BASE + "conflict/")]
    assert len(conflicts) >= 20
    for iri in conflicts:
        html = (built_site / paths.file_path(iri, "html")).read_text(encoding="utf-8")
        section = html[html.index('<section class="conflict"'):]
        sides = re.findall(r'data-statement="([^"]+)"', section)
        expected = {row["statement"] for row in ds.rows("conflicts") if row["conflict"] == iri}
        assert expected <= set(sides) and len(expected) >= 2, iri


def test_search_index_holds_every_spelling_and_hangul(built_site: Path) -> None:
    index = json.loads((built_site / "search-index.json").read_text(encoding="utf-8"))
    by_path = {e["path"]: {n for n, _ in e["names"]} for e in index}
    assert {"Park Hun-young", "박헌영", "Pak Hon-yong"} <= by_path["person/pak-hon-yong.html"]


def test_downloads_and_checksums(ds: wpkld.Dataset, built_site: Path) -> None:
    folder = built_site / "download"
    lines = (folder / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    named = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        named[name] = digest
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert {"wpkld.ttl", "wpkld.nt", "wpkld.jsonld", "wpkld.rdf", "void.ttl", "statements.csv",
            "mappings/wikidata.sssom.tsv"} <= set(named)
    rows = list(csv.DictReader(io.StringIO((folder / "statements.csv").read_text(encoding="utf-8"))))
    assert len(rows) == compute(ds.store).statements
    assert len({r["statement"] for r in rows}) == len(rows)
    assert all(r["source"] and r["quote"] for r in rows)
    void = {(t.subject.value, t.predicate.value): t.object for t in
            ox.parse((folder / "void.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)}
    dataset = BASE + "dataset"
    for key in ("license", "issued", "modified", "creator"):
        assert (dataset, "http://purl.org/dc/terms/" + key) in void, key
    creator = void[(dataset, "http://purl.org/dc/terms/creator")]
    assert isinstance(creator, ox.NamedNode) and (creator.value, "http://xmlns.com/foaf/0.1/name") in void
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '"@type": "Dataset"' in home and '"license": "https://creativecommons.org/licenses/by/4.0/"' in home
    for name in ("statements.csv", "void.ttl", "SHA256SUMS", "wpkld.nt"):
        assert f'href="download/{name}"' in home


def test_cli_refuses_a_non_empty_out_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["site", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err
    assert (tmp_path / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("args, words", [
    (["--base-url", "ftp://example.org/"], "base-url"),
    (["--data", "no-such-file.ttl"], "no-such-file.ttl"),
])
def test_cli_bad_input_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          args: list[str], words: str) -> None:
    assert main(["site", "--out", str(tmp_path / "out"), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]


def test_cli_unwritable_out_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["site", "--out", str(blocker / "site")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
