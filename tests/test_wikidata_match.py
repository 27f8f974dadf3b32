"""The Wikidata matcher, the candidate table and the rules every published link keeps (no network)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest

import wpkld
from support import run_cli
from wpkld.errors import DataError
from wpkld.namespaces import WPK
from wpkld.wikidata.align import align, link_iri
from wpkld.wikidata.evidence import COLUMNS, Item, Row, facts_turtle, read_items, read_rows
from wpkld.wikidata.links import CANDIDATE, EVIDENCED, SAME_AS, VERIFIED, read_links
from wpkld.wikidata.match import Profile, compare, decide, fold, name_profile, profiles, south

PERSON = WPK + "Person"
BASE = "https://w3id.org/wpkld/"


def row(qid: str, labels: tuple[tuple[str, str], ...], description: str = "", birth: str = "",
        death: str = "", ids: tuple[str, ...] = (), source: tuple[str, str] = (
            "akngs/k-families-data", "persons.csv"), line: str = "2") -> Row:
    return Row(qid, labels, description, birth, death, "", ids, *source, "c0ffee", line)


def person(slug: str, label: str, hangul: str = "", **years: set[int]) -> Profile:
    profile = Profile(BASE + "person/" + slug, PERSON, label, hangul={hangul} if hangul else set())
    profile.years.update(years)
    return profile


# -- the rules the bundled links keep ------------------------------------------------------------

def test_every_published_link_has_two_independent_agreeing_signals() -> None:
    for link in read_links():
        if link.status != EVIDENCED:
            continue
        groups = {s.split("/", 1)[0] for s in link.signals if " agrees: " in s}
        assert "name" in groups and len(groups) >= 2, link.iri


def test_every_published_same_as_in_the_data_comes_from_such_a_record(ds: wpkld.Dataset) -> None:
    backed = {(x.resource, x.item_iri) for x in read_links()
              if x.published and x.match_type == SAME_AS}
    same = {(r["s"], r["o"]) for r in ds.sparql_rows(
        "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o "
        "FILTER (STRSTARTS(STR(?o), 'http://www.wikidata.org/')) }")}
    assert same and same == backed


def test_no_item_is_linked_to_two_resources() -> None:
    counts = Counter(link.item for link in read_links())
    assert [qid for qid, n in counts.items() if n > 1] == []


def test_every_linked_item_was_read_in_the_candidate_table() -> None:
    items = read_items()
    assert {link.item for link in read_links()} <= set(items)


def test_candidates_never_reach_the_export(tmp_path: Path) -> None:
    from wpkld.export import export

    candidates = [x for x in read_links() if x.status == CANDIDATE]
    assert candidates, "the bundled data has candidate links (US, Cuban CP, Kapsan incident)"
    text = export("nt").decode("utf-8")
    for link in candidates:
        assert f"<{link.resource}> <http://www.w3.org/2002/07/owl#sameAs> <{link.item_iri}>" not in text
        assert f"<{link.resource}> <http://www.w3.org/2004/02/skos/core#closeMatch> <{link.item_iri}>" not in text


def test_the_purge_era_leaders_are_linked() -> None:
    linked = {x.resource.rsplit("/", 1)[1]: x for x in read_links() if x.published}
    for slug in ("pak-hon-yong", "kim-tu-bong", "ho-ka-i", "mu-chong", "choe-chang-ik",
                 "pak-chang-ok", "yi-sung-yop"):
        assert slug in linked, slug


def test_rerunning_the_matcher_changes_nothing(ds: wpkld.Dataset) -> None:
    old = read_links()
    items = read_items()
    outcomes = align(decide(profiles(ds.store).values(), items, {x.resource: x.item for x in old}),
                     items, old, dt.date(2026, 12, 1))
    new = {o.new.iri: o.new for o in outcomes if o.new is not None}
    for link in old:
        assert new[link.iri].item == link.item and new[link.iri].status == link.status, link.iri
        assert new[link.iri].signals == link.signals, link.iri


# -- the candidate table -------------------------------------------------------------------------

def test_the_table_rows_name_their_source_and_commit() -> None:
    rows = read_rows()
    assert len(rows) > 90
    for r in rows:
        assert len(r.commit) == 40 and r.repository.count("/") == 1 and r.line, r
        assert r.kind, f"{r.repository} {r.path} has no kind in SOURCE_KINDS"


def test_a_bad_table_is_refused_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "t.tsv"
    bad.write_text("# comment\n" + "\t".join(COLUMNS) + "\n"
                   + "\t".join(["Q0x", "ko:x", "", "", "", "", "", "o/r", "p", "c", "1", ""]) + "\n",
                   encoding="utf-8")
    with pytest.raises(DataError, match=r"t.tsv:3: 'Q0x' is not a Q-id"):
        read_rows(bad)
    bad.write_text("qid\tlabels\n", encoding="utf-8")
    with pytest.raises(DataError, match="t.tsv:1: the header must be"):
        read_rows(bad)


def test_facts_are_wikidata_triples() -> None:
    text = facts_turtle([row("Q1", (("ko", "박헌영"),), birth="1900-05-28", death="1956")])
    assert '<http://www.wikidata.org/entity/Q1> <http://www.wikidata.org/prop/direct/P569> ' \
           '"1900-05-28"^^<http://www.w3.org/2001/XMLSchema#date> .' in text
    assert '"1956"^^<http://www.w3.org/2001/XMLSchema#gYear>' in text
    assert '"박헌영"@ko' in text


# -- the matcher ---------------------------------------------------------------------------------

def test_names_fold_and_spell_as_north_and_south_do() -> None:
    assert fold("Ch'oe Ch'ang-ik") == fold("Choe Chang Ik")
    assert fold("Pak Hŏn-yŏng") == "pak hon yong"
    assert south("리승엽") == south("이승엽") == "이승엽"
    assert south("녀성") == "여성" and south("로동") == "노동"


def test_hangul_name_and_death_year_agree() -> None:
    item = Item("Q1", [row("Q1", (("ko", "박헌영"),), "정치인", "1900-05-28", "1956-12-01",
                           ("P27:Q423",))])
    match = compare(person("pak-hon-yong", "Pak Hon-yong", "박헌영", died={1955, 1956}), item)
    assert {s.name for s in match.signals if s.agrees} == {
        "hangul-label", "death-year", "description", "nationality"}
    assert match.evidenced and str(match.confidence) == "0.95"


def test_a_name_alone_is_only_a_candidate() -> None:
    item = Item("Q1", [row("Q1", (("ko", "김일"),), "", "1929-02-24", "", ("P27:Q884",))])
    match = compare(person("kim-il", "Kim Il", "김일"), item)
    assert match.full_name and not match.evidenced


def test_a_namesake_born_too_late_is_ruled_out() -> None:
    wrestler = Item("Q2", [row("Q2", (("ko", "김일"),), "North Korean wrestler", "1971-07-25", "",
                               ("P27:Q423",))])
    match = compare(person("kim-il", "Kim Il", "김일", active={1976}, died={1984}), wrestler)
    assert match.veto is not None and "born in 1971" in match.veto and not match.evidenced


def test_a_death_year_that_disagrees_is_recorded_and_lowers_confidence() -> None:
    item = Item("Q3", [row("Q3", (("ko", "김용범"),), "공산주의 운동가", "1902", "1947",
                           ("P27:Q423",))])
    match = compare(person("kim-yong-bom", "Kim Yong-bom", "김용범", died={1945}), item)
    assert [s.name for s in match.disagreements] == ["death-year"]
    assert match.evidenced and match.confidence < compare(
        person("kim-yong-bom", "Kim Yong-bom", "김용범"), item).confidence


def test_of_three_kim_il_sungs_the_dates_choose() -> None:
    items = {q: Item(q, [row(q, (("ko", "김일성"),), d, b, e, ("P27:Q423",) if q == "Q41117" else ())])
             for q, d, b, e in (("Q41117", "조선민주주의인민공화국의 지도자", "1912-04-15", "1994-07-08"),
                                ("Q12588436", "1901년", "1901-04-12", "1952-10-27"),
                                ("Q49249320", "1888년", "1888", "1926"))}
    [decision] = decide([person("kim-il-sung", "Kim Il-sung", "김일성", died={1994},
                                active={1926, 1945})], items)
    assert decision.chosen is not None and decision.chosen.qid == "Q41117"
    assert {m.qid for m in decision.others} == {"Q12588436", "Q49249320"}
    assert all(not m.evidenced for m in decision.others)


def test_one_item_goes_to_one_resource_and_a_prior_link_wins_a_tie() -> None:
    item = Item("Q15180", [row("Q15180", (("en", "Soviet Union"),),
                               source=("every-politician-scrapers/world", "badges/rawdata/pob.csv"))])
    state = Profile(BASE + "organization/soviet-union", WPK + "State", "Soviet Union")
    place = Profile(BASE + "place/soviet-union", WPK + "Place", "Soviet Union")
    decisions = {d.profile.iri: d for d in decide([place, state], {"Q15180": item},
                                                   {state.iri: "Q15180"})}
    assert decisions[state.iri].chosen is not None
    assert decisions[place.iri].chosen is None
    assert "linked to" in (decisions[place.iri].others[0].veto or "")


def test_the_source_kind_must_fit_the_class() -> None:
    party = Item("Q49623", [row("Q49623", (("en", "Workers' Party of Korea"),),
                                source=("hdigital/partyfactsdata", "import/wikipedia/wikidata.csv"))])
    event = Profile(BASE + "event/x", WPK + "Event", "Workers' Party of Korea")
    assert compare(event, party).veto is not None
    wpk = Profile(BASE + "organization/workers-party-of-korea", WPK + "PoliticalParty",
                  "Workers' Party of Korea")
    assert compare(wpk, party).evidenced


def test_a_bare_name_profile() -> None:
    assert name_profile("김일").cls == PERSON and name_profile("Kim Il").cls == ""


def test_link_records_are_named_after_their_resource() -> None:
    assert link_iri(BASE + "event/1956-08-august-faction-incident") == \
        BASE + "link/event-1956-08-august-faction-incident"


def test_a_verified_link_stays_verified_when_the_matcher_agrees(ds: wpkld.Dataset) -> None:
    from dataclasses import replace

    old = [replace(x, status=VERIFIED, verified_on=dt.date(2026, 11, 30), matched_label="x")
           if x.resource.endswith("/pak-hon-yong") else x for x in read_links()]
    items = read_items()
    outcomes = align(decide(profiles(ds.store).values(), items, {x.resource: x.item for x in old}),
                     items, old, dt.date(2026, 12, 1))
    [pak] = [o.new for o in outcomes if o.resource.endswith("/pak-hon-yong")]
    assert pak is not None and pak.status == VERIFIED and pak.verified_on == dt.date(2026, 11, 30)


# -- the commands, offline -----------------------------------------------------------------------

def no_network(*args: object, **kwargs: object) -> None:
    raise AssertionError("the offline path must not call Wikidata")


def test_suggest_offline_uses_the_table_and_never_the_network(
        capsys: pytest.CaptureFixture[str]) -> None:
    with mock.patch("wpkld.wikidata.client.Client.get", no_network):
        code, out, err = run_cli(capsys, "wikidata", "suggest", "--offline", "김일")
    assert code == 0, err
    lines = out.splitlines()
    assert "Q482645" in lines[2] and "evidenced" in lines[2]  # the politician, first
    assert "Q1741512" in out and "rejected" in out  # the wrestler


def test_suggest_offline_judges_a_resource_by_any_spelling(
        capsys: pytest.CaptureFixture[str]) -> None:
    with mock.patch("wpkld.wikidata.client.Client.get", no_network):
        code, out, err = run_cli(capsys, "wikidata", "suggest", "--offline", "Park Hun-young")
    assert code == 0, err
    assert "Q334297" in out.splitlines()[2] and "dates/death-year" in out


def test_match_writes_records_only_when_asked(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from wpkld.wikidata.links import links_file

    path = tmp_path / "links.ttl"
    path.write_text(links_file().read_text(encoding="utf-8"), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    code, out, err = run_cli(capsys, "wikidata", "match", "--links", str(path))
    assert code == 0, err
    assert "person:pak-hon-yong" in out and path.read_text(encoding="utf-8") == before
    assert "0 new" in err and "0 downgraded" in err  # the bundled file is up to date
    code, out, err = run_cli(capsys, "wikidata", "match", "--write", "--links", str(path))
    assert code == 0 and "wrote" in err
    assert read_links(path) == read_links(links_file())  # a rerun is a fixed point


def test_the_bundled_facts_are_generated_from_the_table_for_published_links_only() -> None:
    bundled = (Path(__file__).parent.parent / "dataset" / "alignment" / "evidence"
               / "wikidata-facts.ttl").read_text(encoding="utf-8")
    published = [x.item for x in read_links() if x.published]
    assert bundled == facts_turtle(items=published), \
        "regenerate: wpkld wikidata facts --out dataset/alignment/evidence/wikidata-facts.ttl"
    for link in read_links():
        if not link.published:
            assert f"<{link.item_iri}>" not in bundled, link.iri
