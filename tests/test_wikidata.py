"""Wikidata links: the records, the API client and ``wpkld wikidata`` (no network).

HTTP answers come from tests/data/wikidata/ through ``responses``, which
also plays urllib3's retries; a request that matches no registered answer
fails, so nothing here can reach the network.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import replace
from pathlib import Path
from unittest import mock

import pytest
import requests
import responses
from urllib3.response import HTTPResponse

import wpkld
from support import run_cli
from wpkld.errors import DataError, ParameterError, WikidataError
from wpkld.http_session import session
from wpkld.wikidata.client import API, Client
from wpkld.wikidata.links import (
    CANDIDATE,
    ENTITY,
    EVIDENCED,
    SAME_AS,
    VERIFIED,
    Link,
    read_links,
    render_links,
    write_links,
)
from wpkld.wikidata.verify import MATCH, MISMATCH, MISSING, REDIRECTED, apply, verify

DATA = Path(__file__).parent / "data" / "wikidata"
BASE = "https://w3id.org/wpkld/"


def answer(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def link(slug: str, item: str) -> Link:
    kind, _, rest = slug.partition(":")
    return Link(f"{BASE}link/{kind}-{rest}", f"{BASE}{kind}/{rest}", item, SAME_AS, EVIDENCED,
                f"{rest} = Wikidata {item}", evidence=("test fixture",))


LINKS = [link("person:kim-il-sung", "Q41117"), link("person:kim-jong-il", "Q10665"),
         link("organization:workers-party-of-korea", "Q49623")]


def fast_client(**kwargs: object) -> Client:
    """A client whose retries do not wait (responses plays them without sleeping anyway)."""
    return Client(session=session(retries=2, backoff=0), **kwargs)  # type: ignore[arg-type]


def serve(name: str) -> None:
    """Answer every wbgetentities request with a fixture, whatever the ids."""
    responses.add(responses.GET, API, json=answer(name))


def by_status(report: object) -> dict[str, str]:
    return {c.link.resource.rsplit("/", 1)[1]: c.status for c in report.checks}  # type: ignore[attr-defined]


# -- the link records --------------------------------------------------------------------------

def test_bundled_links_are_in_canonical_form() -> None:
    links = read_links()
    text = (Path(__file__).parent.parent / "dataset" / "alignment" / "wikidata.ttl").read_text(
        encoding="utf-8")
    assert render_links(links) == text  # what verify --write writes for unchanged links


def test_bundled_links_are_evidenced_and_cite_their_files() -> None:
    for record in read_links():
        assert record.status in (EVIDENCED, VERIFIED, CANDIDATE)
        if record.status == EVIDENCED:
            assert record.evidence and record.evidence_urls, record.iri
            assert all(u.startswith("https://github.com/") for u in record.evidence_urls)
            assert len(record.evidence) == len(record.evidence_urls), record.iri
        assert record.iri == f"{BASE}link/{record.resource[len(BASE):].replace('/', '-')}"


def test_every_linked_resource_exists(ds: wpkld.Dataset) -> None:
    typed = {row["x"] for row in ds.sparql_rows(
        "SELECT ?x WHERE { ?x a ?c FILTER(STRSTARTS(STR(?c), 'https://w3id.org/wpkld/ontology#')) }")}
    assert {record.resource for record in read_links()} <= typed


def test_published_links_are_derived_and_candidates_are_not(tmp_path: Path) -> None:
    records = [LINKS[0], replace(LINKS[1], status=CANDIDATE)]
    path = tmp_path / "links.ttl"
    write_links(records, path)
    data = [p for p in wpkld.graph.bundled_sources()
            if not str(p).replace("\\", "/").endswith("alignment/wikidata.ttl")]
    ds = wpkld.open(data=[*data, path])
    same = {(r["s"], r["o"]) for r in ds.sparql_rows(
        "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }")}
    assert (LINKS[0].resource, ENTITY + "Q41117") in same
    assert not any(s == LINKS[1].resource for s, _ in same)


def test_a_record_with_an_unknown_property_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "links.ttl"
    path.write_text(render_links(LINKS[:1]).replace(
        "wpk:linkStatus", "<http://example.org/note> \"x\" ;\n    wpk:linkStatus"), encoding="utf-8")
    with pytest.raises(DataError, match="unknown property <http://example.org/note>"):
        read_links(path)


# -- verify -------------------------------------------------------------------------------------

@responses.activate
def test_all_match(ds: wpkld.Dataset) -> None:
    serve("all-match.json")
    report = verify(ds.store, LINKS, fast_client())
    assert by_status(report) == {"kim-il-sung": MATCH, "kim-jong-il": MATCH,
                                 "workers-party-of-korea": MATCH}
    assert not report.failed and report.error is None
    ask = responses.calls[0].request.params  # type: ignore[union-attr]
    assert ask["action"] == "wbgetentities" and ask["ids"] == "Q10665|Q41117|Q49623"
    assert "wpkld/" in responses.calls[0].request.headers["User-Agent"]
    matched = {c.link.item: c.matched_label for c in report.checks}
    assert matched["Q49623"] == "Workers' Party of Korea"


@responses.activate
def test_label_mismatch_names_what_differs(ds: wpkld.Dataset) -> None:
    serve("label-mismatch.json")
    report = verify(ds.store, LINKS, fast_client())
    assert by_status(report)["kim-il-sung"] == MISMATCH and report.failed
    problems = " ".join(next(c for c in report.checks if c.link.item == "Q41117").problems)
    assert "no English or Korean label or alias matches" in problems
    assert "date of death (P570) 2017, our texts 1994" in problems


@responses.activate
def test_wrong_kind_is_a_mismatch(ds: wpkld.Dataset) -> None:
    served = answer("all-match.json")
    served["entities"]["Q49623"]["claims"]["P31"][0]["mainsnak"]["datavalue"]["value"]["id"] = "Q5"
    responses.add(responses.GET, API, json=served)
    report = verify(ds.store, LINKS, fast_client())
    check = next(c for c in report.checks if c.link.item == "Q49623")
    assert check.status == MISMATCH
    assert check.problems == ("instance of (P31) is Q5, not Q7278",)


@responses.activate
def test_missing_item(ds: wpkld.Dataset) -> None:
    serve("missing.json")
    report = verify(ds.store, LINKS, fast_client())
    assert by_status(report)["kim-jong-il"] == MISSING and report.failed


@responses.activate
def test_redirected_item_names_its_target(ds: wpkld.Dataset) -> None:
    serve("redirected.json")
    merged = [*LINKS[:2], replace(LINKS[2], item="Q1000000001")]
    report = verify(ds.store, merged, fast_client())
    check = next(c for c in report.checks if c.link.item == "Q1000000001")
    assert (check.status, check.redirect_to) == (REDIRECTED, "Q49623")
    assert check.problems[0] == "Q1000000001 was merged into Q49623: link Q49623 instead"
    assert check.matched_label == "Workers' Party of Korea"  # compared with the target's names
    assert report.failed


@responses.activate
def test_429_then_success_retries_after_the_wait_asked_for(ds: wpkld.Dataset) -> None:
    responses.add(responses.GET, API, status=429, headers={"Retry-After": "3"})
    serve("all-match.json")
    client = Client()  # the real session: urllib3 Retry that respects Retry-After
    report = verify(ds.store, LINKS, client)
    assert len(responses.calls) == 2 and not report.failed
    # responses replays urllib3's retry decisions but not its sleep: check that the
    # session's Retry asks to sleep for the Retry-After of a 429 (and not its own backoff).
    retry = client.session.get_adapter(API).max_retries
    assert retry.respect_retry_after_header and 429 in retry.status_forcelist
    with mock.patch("urllib3.util.retry.time.sleep") as sleep:
        retry.sleep(HTTPResponse(status=429, headers={"Retry-After": "3"}))
    sleep.assert_called_once_with(3.0)


@responses.activate
def test_timeout_gives_up_with_partial_results(ds: wpkld.Dataset) -> None:
    many = [replace(LINKS[0], iri=f"{BASE}link/x-{n}", item=f"Q{n}") for n in range(1, 61)]
    first = {"entities": {f"Q{n}": {"id": f"Q{n}", "missing": ""} for n in range(1, 51)}}
    responses.add(responses.GET, API, json=first)
    responses.add(responses.GET, API, body=requests.exceptions.ConnectTimeout("slow"))
    report = verify(ds.store, many, fast_client())
    assert isinstance(report.error, WikidataError)
    assert str(report.error) == f"Wikidata did not answer: timed out ({API})"
    assert len(report.checks) == 50  # the first batch is kept


@responses.activate
def test_more_than_50_ids_go_in_batches_of_50(ds: wpkld.Dataset) -> None:
    many = [replace(LINKS[0], iri=f"{BASE}link/x-{n}", item=f"Q{n}") for n in range(1, 121)]

    def missing(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        ids = request.params["ids"].split("|")  # type: ignore[attr-defined]
        return 200, {}, json.dumps({"entities": {q: {"id": q, "missing": ""} for q in ids}})

    responses.add_callback(responses.GET, API, callback=missing)
    report = verify(ds.store, many, fast_client())
    sizes = [len(c.request.params["ids"].split("|")) for c in responses.calls]  # type: ignore[union-attr]
    assert sizes == [50, 50, 20]
    assert {c.status for c in report.checks} == {MISSING} and len(report.checks) == 120


@responses.activate
def test_answers_are_cached(ds: wpkld.Dataset, tmp_path: Path) -> None:
    serve("all-match.json")
    verify(ds.store, LINKS, fast_client(cache_dir=tmp_path))
    report = verify(ds.store, LINKS, fast_client(cache_dir=tmp_path))
    assert len(responses.calls) == 1 and not report.failed
    [cached] = tmp_path.glob("wbgetentities-*.json")
    day_old = cached.stat().st_mtime - 24 * 3600
    os.utime(cached, (day_old, day_old))  # stale: verified today means fetched today
    verify(ds.store, LINKS, fast_client(cache_dir=tmp_path))
    assert len(responses.calls) == 2


def test_only_selects_by_curie_and_rejects_unknown(ds: wpkld.Dataset) -> None:
    with responses.RequestsMock() as mocked:
        mocked.add(responses.GET, API, json=answer("all-match.json"))
        report = verify(ds.store, LINKS, fast_client(), only=["person:kim-jong-il"])
        assert [c.link.item for c in report.checks] == ["Q10665"]
        assert mocked.calls[0].request.params["ids"] == "Q10665"  # type: ignore[union-attr]
    with pytest.raises(ParameterError, match="no Wikidata link for https://w3id.org/wpkld/person/nobody"):
        verify(ds.store, LINKS, fast_client(), only=["person:nobody"])


@responses.activate
def test_apply_marks_only_matches_verified(ds: wpkld.Dataset) -> None:
    serve("label-mismatch.json")
    report = verify(ds.store, LINKS, fast_client())
    day = dt.date(2026, 11, 23)
    after = {x.item: x for x in apply(LINKS, report, day)}
    assert after["Q41117"] == LINKS[0]
    assert (after["Q10665"].status, after["Q10665"].verified_on,
            after["Q10665"].matched_label) == (VERIFIED, day, "Kim Jong-il")


# -- suggest ------------------------------------------------------------------------------------

@responses.activate
def test_suggest_lists_search_hits() -> None:
    responses.add(responses.GET, API, json={"search": [
        {"id": "Q41117", "label": "Kim Il-sung", "description": "leader of North Korea",
         "concepturi": ENTITY + "Q41117"}], "success": 1})
    hits = fast_client().search("Kim Il-sung")
    assert [(h.id, h.description) for h in hits] == [("Q41117", "leader of North Korea")]
    assert responses.calls[0].request.params["action"] == "wbsearchentities"  # type: ignore[union-attr]


@responses.activate
def test_api_error_is_a_wikidata_error() -> None:
    responses.add(responses.GET, API, json={"error": {"code": "badvalue", "info": "bad ids"}})
    with pytest.raises(WikidataError, match="Wikidata's API said: bad ids"):
        fast_client().search("x")


# -- the command --------------------------------------------------------------------------------

@pytest.fixture
def links_file(tmp_path: Path) -> Path:
    path = tmp_path / "links.ttl"
    write_links(LINKS, path)
    return path


@responses.activate
def test_cli_verify_write_records_matches(links_file: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    serve("all-match.json")
    args = ["wikidata", "verify", "--links", str(links_file), "--cache-dir", str(tmp_path / "c")]
    code, out, _ = run_cli(capsys, *args, "--write")
    assert code == 0 and re.search(r"person:kim-il-sung\s+Q41117\s+match", out)
    written = links_file.read_text(encoding="utf-8")
    assert written.count("link-status:verified") == 3
    assert f'wpk:verifiedOn "{dt.date.today().isoformat()}"^^xsd:date' in written
    assert 'wpk:matchedLabel "Kim Il-sung"' in written
    run_cli(capsys, *args, "--write")  # from the cache; the file is rewritten identically
    assert links_file.read_text(encoding="utf-8") == written


@responses.activate
def test_cli_verify_mismatch_exits_1(links_file: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    serve("label-mismatch.json")
    code, out, _ = run_cli(capsys, "wikidata", "verify", "--links", str(links_file),
                        "--cache-dir", str(tmp_path))
    assert code == 1 and re.search(r"Q41117\s+mismatch", out)


@responses.activate
def test_cli_network_failure_exits_3_without_traceback(links_file: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    responses.add(responses.GET, API, body=requests.exceptions.ConnectionError("down"))
    code, out, err = run_cli(capsys, "wikidata", "verify", "--links", str(links_file),
                          "--cache-dir", str(tmp_path))
    assert code == 3
    assert err == f"wpkld: error: Wikidata did not answer: could not connect ({API})\n"
    assert "Traceback" not in out + err


def test_cli_quickstatements_only_links_published_ends(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "wikidata", "quickstatements")
    lines = out.splitlines()
    assert code == 0 and lines
    published = {x.item for x in read_links() if x.published}
    for line in lines:
        cells = line.split("\t")
        assert cells[0] in published and cells[2] in published, line
        assert cells[1] in ("P102", "P793", "P1399")
        assert cells[-2] == "S1683" and cells[-1].startswith('en:"')
    assert "Q41117\tP102\tQ49623\t" in out
