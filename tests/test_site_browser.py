"""The static site in a real headless Chromium (Playwright driving Debian's chromium).

Opens the home page, a person page, a conflict page, the search and each
picture; checks what a reader sees, that no page logs a console error, and
saves screenshots (in the test's temporary folder, or $WPKLD_SCREENSHOTS).
Skips, saying why, when Chromium or Playwright is absent.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from wpkld.web.catalogue import resources

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    """Serve the site over HTTP on loopback (as ``python -m http.server`` does)."""
    handler = functools.partial(_Quiet, directory=str(built_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium (Debian package chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (test extra) is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox", "--disable-gpu"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("WPKLD_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Visit:
    """One page opened in a fresh tab, with the console errors it logged."""

    def __init__(self, browser: Any, url: str) -> None:
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.response = self.page.goto(url, wait_until="networkidle")

    def close(self, shots: Path, name: str, *, full: bool = True) -> None:
        self.page.screenshot(path=str(shots / f"{name}.png"), full_page=full)
        self.page.close()
        assert not self.errors, self.errors


def test_home_page(browser: Any, server: str, shots: Path) -> None:
    visit = Visit(browser, server + "/index.html")
    page = visit.page
    assert page.locator("h1").inner_text().startswith("The history of the Workers' Party of Korea")
    assert page.locator("table.figures").first.is_visible()
    assert page.locator('a[href="download/statements.csv"]').count() == 1
    visit.close(shots, "home")


def test_person_page_cards_show_quotes_and_sources(browser: Any, server: str, shots: Path) -> None:
    visit = Visit(browser, server + "/person/pak-hon-yong.html")
    page = visit.page
    assert page.locator("h1").inner_text() == "Pak Hon-yong"
    cards = page.locator("article.card")
    assert cards.count() > 10
    for i in range(cards.count()):
        card = cards.nth(i)
        assert card.locator("blockquote.quote").inner_text().strip()
        assert card.locator("dd.source a").get_attribute("href", timeout=1000).startswith("../source/")
    assert page.get_by_text("박헌영").first.is_visible()
    career = page.locator("#h-career + figure svg")
    assert career.is_visible() and career.locator("a").count() >= 5
    assert "../event/1955-trial-of-pak-hon-yong.html" in career.evaluate(
        "s => Array.from(s.querySelectorAll('a'), a => a.getAttribute('xlink:href'))")
    visit.close(shots, "person-pak-hon-yong")


def test_conflict_page_shows_both_sides(browser: Any, server: str, shots: Path) -> None:
    visit = Visit(browser, server + "/conflict/pak-hon-yong-execution-year.html")
    page = visit.page
    conflict = page.locator("section.conflict").first
    sides = conflict.locator("article.card")
    assert sides.count() >= 2
    boxes = [sides.nth(i).bounding_box() for i in range(2)]
    assert all(b and b["width"] > 100 for b in boxes)
    assert boxes[0]["y"] == boxes[1]["y"]  # side by side, not one under the other
    sources = {sides.nth(i).locator("dd.source").inner_text() for i in range(sides.count())}
    assert len(sources) >= 1 and all(sides.nth(i).locator("blockquote").is_visible() for i in range(2))
    visit.close(shots, "conflict", full=False)


@pytest.mark.parametrize("name, marks", [("timeline", "g.mark"), ("network", "g.node a"),
                                         ("composition", "g.mark")])
def test_pictures_render_with_marks(browser: Any, server: str, shots: Path, name: str, marks: str) -> None:
    visit = Visit(browser, server + f"/pictures/{name}.html")
    page = visit.page
    svg = page.locator("figure.picture svg").first
    box = svg.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    assert svg.locator(marks).count() >= 5
    hrefs = set(svg.evaluate("s => Array.from(s.querySelectorAll('a'), "
                             "a => a.getAttribute('href') || a.getAttribute('xlink:href'))"))
    if name == "timeline":  # marks for known events link to their pages
        assert "../event/1955-trial-of-pak-hon-yong.html" in hrefs
        assert "../event/1955-execution-of-pak-hon-yong.html" in hrefs
    if name == "network":
        assert {"../person/pak-hon-yong.html", "../faction/yanan.html"} <= hrefs
    if name == "composition":
        assert "../organization/nwpk-politburo.html" in hrefs
    assert page.locator("table.equivalent tbody tr").count() >= 5
    visit.close(shots, f"picture-{name}")


@pytest.mark.parametrize("query", ["Park Hun-young", "박헌영"])
def test_search_finds_pak_hon_yong(browser: Any, server: str, shots: Path, query: str) -> None:
    visit = Visit(browser, server + "/search.html")
    page = visit.page
    page.fill("#q", query)
    page.press("#q", "Enter")
    first = page.locator("#search-results li a").first
    first.wait_for(timeout=5000)
    assert first.inner_text() == "Pak Hon-yong"
    assert first.get_attribute("href").endswith("person/pak-hon-yong.html")
    visit.close(shots, "search-hangul" if query.startswith("박") else "search", full=False)


def test_list_filter(browser: Any, server: str, shots: Path) -> None:
    visit = Visit(browser, server + "/person/index.html")
    page = visit.page
    total = page.locator("#resources tbody tr").count()
    page.fill("#filter-text", "pak")
    shown = page.locator("#resources tbody tr:not([hidden])").count()
    assert 0 < shown < total
    visit.close(shots, "persons", full=False)


def test_statement_pages_render(browser: Any, server: str, ds: Any) -> None:
    # One page of every kind opens without console errors.
    seen: set[str] = set()
    for row in resources(ds):
        kind = row["resource"].split("/")[-2]
        if kind in seen:
            continue
        seen.add(kind)
        visit = Visit(browser, f"{server}/{kind}/{row['resource'].rsplit('/', 1)[-1]}.html")
        assert visit.response.status == 200
        visit.page.close()
        assert not visit.errors, (kind, visit.errors)
