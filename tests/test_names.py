"""Name resolution: any spelling the texts use, a slug, a CURIE or an IRI finds the resource."""

from __future__ import annotations

import pytest

import wpkld
from wpkld.errors import ParameterError
from wpkld.names import Resolver, fold
from wpkld.namespaces import WPK, compress, expand

P = "https://w3id.org/wpkld/"


@pytest.fixture(scope="module")
def small() -> Resolver:
    """Three resources, two of which share a spelling, and a class hierarchy."""
    return Resolver(
        [(P + "faction/yanan", WPK + "Faction", "Yan'an faction", "Yan'an faction"),
         (P + "faction/yanan", WPK + "Faction", "Yan'an faction", "Yenan faction"),
         (P + "place/yanan", WPK + "Place", "Yanan", "Yanan"),
         (P + "event/1956-08-august-plenum", WPK + "Meeting", "August plenum", "August plenum"),
         (P + "organization/nwpk", WPK + "PoliticalParty", "North Workers' Party of Korea", "WPK"),
         (P + "organization/wpk", WPK + "PoliticalParty", "WPK", "WPK")],
        {WPK + "Meeting": {WPK + "Meeting", WPK + "Event"}})


@pytest.mark.parametrize(("a", "b"), [("Chŏng", "Chong"), ("Ch'oe Ch'ang-ik", "Choe Changik"),
                                      ("Yan’an", "yanan"), ("KIM IL SUNG", "Kim Il-sung"),
                                      ("Hŏ Ka-i", "ho ka i")])
def test_fold_ignores_case_hyphens_spaces_apostrophes_and_diacritics(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_different_names_apart() -> None:
    assert fold("Pak Hon-yong") != fold("Pak Hon-yang")
    assert fold("박헌영") == fold("박헌영") != ""


@pytest.mark.parametrize("iri", [P + "person/pak-hon-yong", P + "event-kind/plenum",
                                 WPK + "Person", "http://www.w3.org/ns/org#memberOf"])
def test_compact_and_expand_round_trip(iri: str) -> None:
    assert compress(iri) != iri
    assert expand(compress(iri)) == iri


def test_identify_restricts_to_the_parameter_class(small: Resolver) -> None:
    assert small.identify("yanan", classes=[WPK + "Faction"]).iri == P + "faction/yanan"
    assert small.identify("yanan", classes=[WPK + "Place"]).iri == P + "place/yanan"
    assert small.identify("august plenum", classes=[WPK + "Event"]).iri == P + "event/1956-08-august-plenum"
    with pytest.raises(ParameterError, match="'where': 'yanan' names more than one resource") as caught:
        small.identify("yanan", parameter="where")
    assert caught.value.parameter == "where"
    assert "faction:yanan" in str(caught.value) and "place:yanan" in str(caught.value)


def test_a_label_beats_another_texts_use_of_the_name(small: Resolver) -> None:
    """003 calls the 1946 party "WPK"; the WPK's own label wins over that alternative spelling."""
    assert small.identify("WPK").iri == P + "organization/wpk"
    assert small.identify("organization:nwpk").iri == P + "organization/nwpk"


def test_unknown_names_list_the_closest(small: Resolver) -> None:
    with pytest.raises(ParameterError, match="no resource named 'Yenan factoin'.*closest: Yan'an faction"):
        small.identify("Yenan factoin")
    with pytest.raises(ParameterError, match="no wpk:Faction <https://example.org/x> in the data"):
        small.identify("https://example.org/x", classes=[WPK + "Faction"])
    with pytest.raises(ParameterError, match="place:yanan is a wpk:Place, expected a wpk:Faction"):
        small.identify("place:yanan", classes=[WPK + "Faction"])


def test_resolve_ranks_exact_matches_first(small: Resolver) -> None:
    near = small.resolve("Yenan")
    assert {m.iri for m in near} >= {P + "place/yanan", P + "faction/yanan"}
    assert all(m.score < 1 for m in near)
    assert [m.iri for m in small.resolve("yenan faction")][0] == P + "faction/yanan"
    assert small.resolve("yenan faction")[0].matched == "Yenan faction"
    assert small.resolve("zzzzzz") == []


# ---------------------------------------------------------------------------
# On the bundled data: the spellings the source texts use
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("spelling", "slug"), [
    ("Park Hun-young", "person/pak-hon-yong"),   # 000
    ("Pak Hn-yng", "person/pak-hon-yong"),       # mojibake in a text, kept as an altLabel
    ("pak-hon-yong", "person/pak-hon-yong"),     # the slug
    ("Mu Chng", "person/mu-chong"),
    ("Mu Jong", "person/mu-chong"),
    ("Mu Chŏng", "person/mu-chong"),             # diacritics fold
    ("Huh Ga-i", "person/ho-ka-i"),
    ("Hagai", "person/ho-ka-i"),
    ("Hegai", "person/ho-ka-i"),
    ("Yenan faction", "faction/yanan"),
    ("Kapsan", "faction/kapsan"),
])
def test_resolve_spellings_the_texts_use(ds: wpkld.Dataset, spelling: str, slug: str) -> None:
    best = ds.resolve(spelling)[0]
    assert best.iri == P + slug
    assert best.score == 1.0


def test_resolver_is_the_same_on_both_backends(ds: wpkld.Dataset, ds_rdflib: wpkld.Dataset) -> None:
    assert len(ds.resolver) == len(ds_rdflib.resolver) > 100
    for name in ("Kim Il Sung", "Choi Chang-ik", "NWPK", "Namno"):
        assert ds.resolve(name) == ds_rdflib.resolve(name)


def test_resolve_a_near_miss_finds_the_person(ds: wpkld.Dataset) -> None:
    matches = ds.resolve("Pak Hon-yung")
    assert matches[0].iri == P + "person/pak-hon-yong" and 0.5 <= matches[0].score < 1
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_identify_on_the_data(ds: wpkld.Dataset) -> None:
    faction = [WPK + "Faction"]
    assert ds.resolver.identify("Chinese faction", classes=faction).iri == P + "faction/yanan"
    assert ds.resolver.identify(P + "faction/soviet", classes=faction).label == "Soviet Korean faction"
    with pytest.raises(ParameterError, match="closest: .*Kim Il-sung"):
        ds.resolver.identify("Kim Il-sunk", classes=[WPK + "Person"])


def test_an_acronym_names_the_party_whose_initials_it_is(ds: wpkld.Dataset) -> None:
    """Two texts write "WPK"; one of them for the 1946 party. A reader means the Workers' Party of Korea."""
    assert {m.iri for m in ds.resolve("WPK") if m.score == 1.0} >= {
        P + "organization/workers-party-of-korea", P + "organization/north-workers-party-of-korea"}
    assert ds.resolver.identify("WPK").iri == P + "organization/workers-party-of-korea"
    assert ds.rows("party-lineage", party="WPK") == ds.rows("party-lineage", party="workers-party-of-korea")


def test_an_ambiguous_name_lists_its_choices_with_their_years(ds: wpkld.Dataset) -> None:
    with pytest.raises(ParameterError) as caught:
        ds.rows("party-lineage", party="Korean Workers' Party")
    message = str(caught.value)
    assert "North Workers' Party of Korea (organization:north-workers-party-of-korea, 1946\u20131949)" in message
    assert "Workers' Party of Korea (organization:workers-party-of-korea, 1948\u2013)" in message
    with pytest.raises(ParameterError, match=r"Communist Party of Korea \(1925\) "
                                             r"\(organization:communist-party-of-korea-1925, 1925\u20131928\)"):
        ds.rows("party-lineage", party="Communist Party of Korea")
