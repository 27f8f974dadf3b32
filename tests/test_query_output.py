"""What the canned queries show: each row's own statement, and the same bytes everywhere.

Issue 12: a row's date is the date its own text gives (never a range merged
from every text), with its wording, rank and doubts; undated rows on request;
sources and quotes in meetings and factions; a body-members query. Issue 14:
parameters bound as VALUES, identifiers bound without the name resolver,
pages, and output that is byte-identical across backends and runs.
"""

from __future__ import annotations

import pytest

import wpkld
from support import catalogue_output
from wpkld.errors import ParameterError

W = "https://w3id.org/wpkld/"


def date_claims(ds: wpkld.Dataset, subject: str) -> set[tuple[str, str]]:
    """Return (source, dateText) of every date statement about ``subject`` that is not deprecated."""
    rows = ds.sparql_rows(f"""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX wikibase: <http://wikiba.se/ontology#>
        PREFIX wpk: <https://w3id.org/wpkld/ontology#>
        SELECT ?source ?text WHERE {{
          ?c rdf:subject <{subject}> ; rdf:predicate wpk:date ; prov:wasDerivedFrom ?source ;
             wpk:dateText ?text .
          FILTER NOT EXISTS {{ ?c wikibase:rank wikibase:DeprecatedRank }}
        }}""")
    return {(r["source"], r["text"]) for r in rows}


def test_the_1953_filter_lists_no_one_purged_in_1956(ds: wpkld.Dataset) -> None:
    rows = ds.rows("purges", faction="yanan", **{"from": "1953", "to": "1953"})
    for row in rows:
        assert "1956" not in row.get("dateText", ""), row
        assert str(row.get("date", "")).startswith("1953") or str(row.get("until", "")).startswith("1953")


def test_a_purge_row_shows_the_date_its_own_text_gives(ds: wpkld.Dataset) -> None:
    rows = ds.rows("purges", faction="yanan")
    dated = [r for r in rows if "dateText" in r]
    assert dated
    for row in dated:
        own = {text for source, text in date_claims(ds, row["event"]) if source == row["source"]}
        assert set(row["dateText"].split("; ")) <= own, row


def test_undated_rows_are_kept_on_request(ds: wpkld.Dataset) -> None:
    period = {"from": "1956", "to": "1957"}
    dated = ds.rows("purges", **period)
    both = ds.rows("purges", undated="include", **period)
    assert dated and all("date" in r or "until" in r for r in dated)
    undated = [r for r in both if "date" not in r and "until" not in r]
    assert undated and len(both) == len(dated) + len(undated)
    with pytest.raises(ParameterError, match="undated"):
        ds.rows("purges", undated="yes")


def test_the_6th_congress_shows_each_texts_date_not_a_merged_range(ds: wpkld.Dataset) -> None:
    rows = [r for r in ds.rows("meetings") if r["meeting"] == W + "event/1980-10-6th-congress"]
    assert len(rows) == len(date_claims(ds, W + "event/1980-10-6th-congress")) >= 2
    for row in rows:
        assert "until" not in row, row  # no text gives a span: "1980 – Oct 1980" was a merge
        assert (row["source"], row["dateText"]) in date_claims(ds, row["meeting"])


def test_party_lineage_prints_each_sources_own_date(ds: wpkld.Dataset) -> None:
    rows = ds.rows("party-lineage", party="workers-party-of-korea")
    assert len({r["source"] for r in rows if "dateText" in r}) >= 3
    for row in rows:
        own = {text for source, text in date_claims(ds, row["change"]) if source == row["source"]}
        assert set(row.get("dateText", "").split("; ")) - {""} <= own, row


@pytest.mark.parametrize("name", ["meetings", "factions"])
def test_meetings_and_factions_show_source_and_quote(ds: wpkld.Dataset, name: str) -> None:
    rows = ds.rows(name)
    assert rows and all(r.get("source") and r.get("quote") and r.get("rank") for r in rows)


def test_body_members_says_who_held_which_post_and_who_says_so(ds: wpkld.Dataset) -> None:
    rows = ds.rows("body-members", body="wpk-politburo")
    people = {r["personLabel"] for r in rows}
    assert {"Kim Dong-kyu", "Yi Chong-ok", "Yim Ch'un-ch'u"} <= people
    assert all(r["quote"] and r["source"] and r["membership"].startswith(W + "membership/") for r in rows)
    assert ds.rows("body-members", body="wpk-politburo", date="1961") == []
    assert len(ds.rows("body-members", body="wpk-politburo", date="1961", undated="include")) == len(rows)


def test_identifiers_are_bound_without_the_name_resolver(monkeypatch: pytest.MonkeyPatch) -> None:
    from wpkld.names import Resolver

    ds = wpkld.open()
    expected = ds.rows("purges", faction="Yan'an faction")  # a name: the resolver is built

    def refuse(store: object) -> Resolver:
        raise AssertionError("the name resolver was built")

    monkeypatch.setattr(Resolver, "from_store", classmethod(lambda cls, store: refuse(store)))
    fresh = wpkld.open()
    for value in ("yanan", "faction:yanan", W + "faction/yanan"):
        assert fresh.rows("purges", faction=value) == expected


def test_a_page_is_a_slice_of_the_whole_answer(ds: wpkld.Dataset) -> None:
    whole = ds.rows("timeline")
    assert ds.rows("timeline", limit=5, offset=3) == whole[3:8]
    with pytest.raises(ParameterError, match="limit"):
        ds.rows("timeline", limit=-1)


def test_lists_come_sorted(ds: wpkld.Dataset) -> None:
    listed = [r["outcome"] for r in ds.rows("repression-chain", person="choe-chang-ik") if "outcome" in r]
    assert any("; " in x for x in listed)
    assert all(x.split("; ") == sorted(x.split("; ")) for x in listed)


def test_the_catalogue_gives_the_same_bytes_on_rdflib_oxigraph_and_every_run(
        ds: wpkld.Dataset, ds_rdflib: wpkld.Dataset) -> None:
    oxigraph = catalogue_output(ds)
    assert catalogue_output(wpkld.open()) == oxigraph
    different = [key for key, text in catalogue_output(ds_rdflib).items() if text != oxigraph[key]]
    assert different == []


def test_a_reappointment_makes_its_person_a_beneficiary_not_a_victim(ds: wpkld.Dataset) -> None:
    """000: Yim Chun-chu was removed from the Politburo in the 1960s and reappointed in the 1970s."""
    parts = {r["event"].rsplit("/", 1)[1]: r["partLabel"] for r in ds.rows("repression-chain", person="yim-chun-chu")}
    assert parts == {"1960s-removal-of-yim-chun-chu-from-politburo": "victim",
                     "1970s-reappointment-of-yim-chun-chu-to-politburo": "beneficiary"}
    assert not [r for r in ds.rows("purges") if "reappointment" in r["event"] or "pardon" in r["event"]]
