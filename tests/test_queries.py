"""The canned queries: headers, binding, portability, and the answers the source texts give.

Every ``.rq`` parses in rdflib and pyoxigraph, its header matches its
variables, and it gives the same rows on rdflib, on Oxigraph with bound
terms and on Oxigraph with the VALUES block an endpoint gets. Each query then
has a test whose expected rows come from the five texts.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

import wpkld
from wpkld.binding import inline_bindings
from wpkld.errors import DataError, ParameterError, QueryError, QueryNotFound
from wpkld.queries import catalogue, internal_catalogue, parse
from wpkld.store import EmbeddedStore, OxigraphStore, RdflibStore, Results

#: The user's catalogue and the internal queries: both are parsed and run on every backend.
QUERIES = {**catalogue(), **internal_catalogue()}
NAMES = sorted(QUERIES)
P = "https://w3id.org/wpkld/"
#: Queries with a SERVICE block call Wikidata: they are parsed here, never run.
LOCAL = [n for n in NAMES if not re.search(r"\bSERVICE\b", QUERIES[n].sparql, re.I)
         and "named-graphs" not in QUERIES[n].keywords  # rdflib's in-memory Graph holds none
         and "slow-on-rdflib" not in QUERIES[n].keywords]  # past the query time limit there


def canonical(results: Results) -> tuple[list[str], Counter[tuple[str, ...]]]:
    """Return the variables and the rows as a multiset; ``; ``-joined lists sorted (no defined order)."""
    def cell(term: Any) -> str:
        if isinstance(term, pyoxigraph.Literal) and "; " in term.value:
            return "; ".join(sorted(term.value.split("; ")))
        return "UNBOUND" if term is None else str(term)

    return results.variables, Counter(tuple(cell(row.get(v)) for v in results.variables)
                                      for row in results.rows)


# ---------------------------------------------------------------------------
# Every .rq: parses, header matches, same answers everywhere
# ---------------------------------------------------------------------------

def test_the_catalogue_holds_the_required_queries() -> None:
    required = {"factions", "faction-members", "faction-leaders", "purges", "person", "fates",
                "party-lineage", "meetings", "accusations", "body-composition", "conflicts",
                "sources", "wikidata-links", "timeline"}
    assert required <= set(catalogue())


def test_the_catalogues_hold_every_query_file_of_the_source_tree() -> None:
    """The installed package lists what the source tree holds: none is lost in packaging."""
    folder = Path(__file__).resolve().parent.parent / "wpkld" / "queries"
    assert set(catalogue()) == {p.stem for p in folder.glob("*.rq")}
    assert set(internal_catalogue()) == {p.stem for p in (folder / "internal").glob("*.rq")}
    assert not set(catalogue()) & set(internal_catalogue()), "a name in both would be ambiguous"
    assert not any(n.startswith("stats-") for n in catalogue()), "internal queries are listed apart"


@pytest.mark.parametrize("name", NAMES)
def test_parses_in_rdflib_and_pyoxigraph(name: str) -> None:
    from rdflib.plugins.sparql import prepareQuery

    text = QUERIES[name].text
    prepareQuery(text)
    pyoxigraph.Store().query(text)  # parsed only: solutions are lazy and never read


@pytest.mark.parametrize("name", NAMES)
def test_header_matches_the_query(name: str) -> None:
    from rdflib.plugins.sparql import prepareQuery

    query = QUERIES[name]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
    assert query.title and query.description and query.keywords
    projected = [str(v) for v in prepareQuery(query.text).algebra["PV"]]
    # pyoxigraph substitutes projected variables only (SEP-0007): every parameter is one.
    for p in query.parameters:
        assert p.name in projected, f"?{p.name} is not projected"
    # A label column always stands beside the thing it labels (the table shows it in its place).
    for v in projected:
        if v.endswith("Label"):
            assert v[:-5] in projected, f"?{v} without ?{v[:-5]}"
    assert set(query.example_parameters()) <= {p.name for p in query.parameters}
    assert {p.name for p in query.parameters if p.required} <= set(query.example_parameters())


@pytest.mark.parametrize("name", LOCAL)
def test_same_answers_on_rdflib_oxigraph_and_an_endpoints_values_block(
        name: str, ds: wpkld.Dataset, ds_rdflib: wpkld.Dataset) -> None:
    query = QUERIES[name]
    params = query.example_parameters()
    expected = query.run(ds.store, params, resolver=ds.resolver)
    assert canonical(query.run(ds_rdflib.store, params, resolver=ds_rdflib.resolver)) == canonical(expected)
    # What EndpointStore sends: the same terms as a VALUES block, run here without bindings.
    bindings = query.bind(params, resolver=ds.resolver)
    text = query.text_for({k for k, v in bindings.items() if v.value})
    inlined = query.tidy(ds.store.select(inline_bindings(text, bindings)))
    assert canonical(inlined) == canonical(expected)


@pytest.mark.parametrize("name", [n for n in LOCAL
                                  if all(not p.required for p in QUERIES[n].parameters)])
def test_optional_parameters_left_out_on_both_backends(name: str, ds: wpkld.Dataset,
                                                        ds_rdflib: wpkld.Dataset) -> None:
    assert canonical(QUERIES[name].run(ds_rdflib.store)) == canonical(QUERIES[name].run(ds.store))


# ---------------------------------------------------------------------------
# Parameters: types, errors, injection
# ---------------------------------------------------------------------------

def test_unknown_query_names_the_closest() -> None:
    with pytest.raises(QueryNotFound, match="did you mean: purges") as caught:
        catalogue()["purge"]
    assert isinstance(caught.value, KeyError)


def test_missing_unknown_and_malformed_parameters(ds: wpkld.Dataset) -> None:
    with pytest.raises(ParameterError, match="'faction': missing") as caught:
        ds.rows("faction-leaders")
    assert caught.value.parameter == "faction"
    with pytest.raises(ParameterError, match="'fraction': unknown parameter.*takes faction"):
        ds.rows("faction-leaders", fraction="yanan")
    for bad in ("56", "1956-13", "1956-02-30", "1956/08", "Aug 1956", "19566", ""):
        with pytest.raises(ParameterError, match="'from': .* is not a year or date"):
            ds.rows("purges", {"from": bad})


def test_dates_are_accepted_as_text_int_or_date(ds: wpkld.Dataset) -> None:
    as_text = ds.rows("timeline", {"from": "1956-09-23", "to": "1956-09-23"})
    assert as_text == ds.rows("timeline", {"from": datetime.date(1956, 9, 23),
                                              "to": datetime.date(1956, 9, 23)})
    assert ds.rows("meetings", {"from": 1956, "to": 1956}) == ds.rows(
        "meetings", {"from": "1956", "to": "1956"})


def test_an_entity_of_the_wrong_class_is_refused(ds: wpkld.Dataset) -> None:
    with pytest.raises(ParameterError, match="person:pak-hon-yong is a wpk:Person, expected a wpk:Faction"):
        ds.rows("faction-members", faction="person:pak-hon-yong")
    with pytest.raises(ParameterError, match="'faction': no wpk:Faction named 'Yanann faktion'.*"
                                             "closest: Yan'an faction"):
        ds.rows("faction-members", faction="Yanann faktion")


INJECTIONS = ['"} DROP ALL; #', "<http://x> } UNION { ?s ?p ?o }", "x' . ?s ?p ?o . #",
              '1956" } ; INSERT DATA { <urn:evil> <urn:evil> <urn:evil> } #',
              "line\nbreak } #", "\\u0022 } #", "?faction"]


def test_injection_strings_are_data_for_every_parameter_kind(ds: wpkld.Dataset) -> None:
    """A probe query with one parameter of each kind echoes strings back and refuses the rest."""
    probe = parse("probe", "\n".join([
        "# title: Probe", "# description: Echo the parameters.",
        "# param: text string required -- any text",
        "# param: number integer optional -- a number",
        "# param: thing iri optional -- an IRI",
        "# param: who entity:Person optional -- a person",
        "# param: when year-or-date optional -- a date",
        "SELECT ?echo ?text ?number ?thing ?who ?when WHERE { BIND (STR(?text) AS ?echo) }"]))
    size = len(ds.store)
    for evil in INJECTIONS:
        answer = probe.run(ds.store, {"text": evil}, resolver=ds.resolver)
        assert [r["echo"].value for r in answer.rows] == [evil]
        inlined = ds.store.select(inline_bindings(probe.text, probe.bind({"text": evil})))
        assert [r["echo"].value for r in inlined.rows] == [evil]
        for kind in ("number", "thing", "who", "when"):
            with pytest.raises(ParameterError, match=f"'{kind}'"):
                probe.run(ds.store, {"text": "ok", kind: evil}, resolver=ds.resolver)
    assert len(ds.store) == size
    assert not ds.store.ask("ASK { <urn:evil> ?p ?o }")


@pytest.mark.parametrize("name", LOCAL)
def test_injection_strings_in_every_canned_parameter(name: str) -> None:
    """Each parameter of each query, given an injection string: refused, or no rows; data intact."""
    ds = wpkld.open()
    query = QUERIES[name]
    size = len(ds.store)
    for p in query.parameters:
        for evil in INJECTIONS:
            params = {**query.example_parameters(), p.name: evil}
            try:
                answer = query.run(ds.store, params, resolver=ds.resolver)
            except ParameterError as exc:
                assert exc.parameter == p.name
            else:
                assert p.kind == "string" and not answer.rows
    assert len(ds.store) == size


# ---------------------------------------------------------------------------
# Date filters: a row is in [from, to] when one of its dates is, at common precision
# ---------------------------------------------------------------------------

def _overlaps(lower: Any, upper: Any, start: str, end: str) -> bool:
    def text(v: Any) -> str:
        return v.isoformat() if isinstance(v, datetime.date) else str(v)

    values = [text(v) for v in (lower, upper) if v is not None]
    common = [(v[:len(start)], start[:len(v)]) for v in values]
    after = any(a >= b for a, b in common)
    before = any(v[:len(end)] <= end[:len(v)] for v in values)
    return after and before


@pytest.mark.parametrize(("start", "end"), [("1953", "1955"), ("1956-08", "1956-08"),
                                            ("1956-09-01", "1957"), ("1945-10-13", "1945-10-13")])
def test_timeline_filter_keeps_exactly_the_overlapping_rows(ds: wpkld.Dataset, start: str, end: str) -> None:
    everything = ds.rows("timeline")
    kept = ds.rows("timeline", {"from": start, "to": end})
    expected = [r for r in everything if _overlaps(r.get("date"), r.get("until"), start, end)]
    assert kept and len(kept) < len(everything)
    assert sorted(map(repr, kept)) == sorted(map(repr, expected))


# ---------------------------------------------------------------------------
# The RDF catalogue
# ---------------------------------------------------------------------------

def test_rdf_catalogue_describes_every_query_and_parameter() -> None:
    import rdflib
    from rdflib.namespace import RDF, RDFS, SH

    graph = rdflib.Graph().parse(data=catalogue().to_turtle(), format="turtle")
    executables = set(graph.subjects(RDF.type, SH.SPARQLSelectExecutable))
    assert {str(e).rsplit("/", 1)[1] for e in executables} == set(catalogue())
    assert not any(isinstance(n, rdflib.BNode) for t in graph for n in t)
    for node in executables:
        query = catalogue()[str(node).rsplit("/", 1)[1]]
        assert (node, RDF.type, SH.SPARQLExecutable) in graph
        assert str(graph.value(node, RDFS.label)) == query.title
        assert str(graph.value(node, RDFS.comment)) == query.description
        select = str(graph.value(node, SH.select))
        assert select.strip() and select in query.text and not select.startswith("#")
        parameters = {str(graph.value(p, SH.name)): p for p in graph.objects(node, SH.parameter)}
        assert set(parameters) == {p.name for p in query.parameters}
        for p in query.parameters:
            assert graph.value(parameters[p.name], SH.optional).toPython() is (not p.required)


def test_a_broken_header_names_the_file_and_line() -> None:
    with pytest.raises(DataError, match=r"broken\.rq:3: header line not understood"):
        parse("broken", "# title: T\n# description: D\n# parm: x\nSELECT * {}")
    with pytest.raises(DataError, match="param line not understood"):
        parse("broken", "# title: T\n# description: D\n# param: x date required -- y\nSELECT * {}")
    with pytest.raises(DataError, match="exactly one '# title:'"):
        parse("broken", "# description: D\nSELECT * {}")


def test_a_bad_query_in_a_store_is_a_query_error() -> None:
    store = OxigraphStore()
    with pytest.raises(QueryError):
        parse("bad", "# title: T\n# description: D\nSELECT ?x WHERE { ?x").run(store)


@pytest.mark.parametrize("make", [OxigraphStore, RdflibStore])
def test_an_empty_string_is_no_value_only_where_the_query_computes_it(make: Callable[[], EmbeddedStore]) -> None:
    # An empty oa:prefix (a quote at the start of a text) is data; "" from a BIND or an
    # aggregate stands for "nothing", which engines otherwise answer differently.
    store = make()
    store.load_text('<urn:s> <urn:p> "" .', name="empty.nt")
    query = parse("q", "# title: T\n# description: D\n"
                       "SELECT ?read ?made (GROUP_CONCAT(?read) AS ?list) WHERE { <urn:s> <urn:p> ?read "
                       'BIND ("" AS ?made) } GROUP BY ?read ?made ORDER BY ?read')
    assert query.computed == {"made", "list"}
    assert query.run(store).rows == [{"read": pyoxigraph.Literal("")}]

# ---------------------------------------------------------------------------
# One test per canned query: expected rows from the source texts
# ---------------------------------------------------------------------------

def test_factions(ds: wpkld.Dataset) -> None:
    """002: Soviet, Yan'an, Domestic and Guerrilla factions; 004/000: Kim's Kapsan faction.

    The Kapsan faction is part of no other: no text says it is.
    """
    found = {r["factionLabel"]: r for r in ds.rows("factions")}
    assert {"Yan'an faction", "Soviet Korean faction", "Domestic faction", "Guerrilla faction",
            "Kapsan faction"} <= set(found)
    assert "parentLabel" not in found["Kapsan faction"]
    assert "Yenan faction" in found["Yan'an faction"]["otherNames"].split("; ")
    assert found["Yan'an faction"]["members"] >= 3


def test_faction_members(ds: wpkld.Dataset) -> None:
    """002: "The Soviet faction, led first by Ho Ka-i and then by Pak Chang-ok"."""
    members = {r["personLabel"] for r in ds.rows("faction-members", faction="Soviet Koreans")}
    assert {"Ho Ka-i", "Pak Chang-ok"} <= members
    guerrilla = ds.rows("faction-members", faction="guerrilla")
    assert "Kim Il-sung" in {r["personLabel"] for r in guerrilla}
    # No text puts the Kapsan faction inside the Guerrilla faction, so its members are not counted.
    assert not any(r["groupLabel"] == "Kapsan faction" for r in guerrilla)


def test_faction_leaders(ds: wpkld.Dataset) -> None:
    """002: "The Yanan faction, led first by Mu Chong and then by Kim Tu-bong and Choe Chang-ik"."""
    leaders = ds.rows("faction-leaders", faction="Yan'an faction")
    assert {"Mu Chong", "Kim Tu-bong", "Choe Chang-ik"} <= {r["leaderLabel"] for r in leaders}
    succession = {r["leaderLabel"]: r["sequence"] for r in leaders
                  if r["source"] == P + "source/wpk-encyclopedia-mirror" and "sequence" in r}
    assert succession["Mu Chong"] < succession["Kim Tu-bong"] == succession["Choe Chang-ik"]
    assert all("led first by Mu Chong" in r["quote"] for r in leaders if "sequence" in r)


def test_purges(ds: wpkld.Dataset) -> None:
    """000/002: the Yan'an leaders Choe Chang-ik (August 1956) and Kim Tu-bong (1958) were purged."""
    yanan = ds.rows("purges", faction="yanan")
    assert {"Choe Chang-ik", "Kim Tu-bong"} <= {r["personLabel"] for r in yanan}
    august = ds.rows("purges", {"from": "1956-08", "to": "1956-08"}, faction="yanan")
    assert any(r["personLabel"] == "Choe Chang-ik" and r["date"] == "1956-08" for r in august)
    assert not any(r["personLabel"] == "Kim Tu-bong" and r.get("date") == 1958 for r in august)
    # Each row gives its own text's charges and sentence: 001 names no sentence.
    trial = {r["source"].rsplit("/", 1)[1]: r for r in ds.rows("purges")
             if r["event"] == P + "event/1955-trial-of-pak-hon-yong"}
    assert all("espionage" in r["charges"].split("; ") for r in trial.values())
    assert trial["globalsecurity-purges"]["sentence"] == "death sentence"
    assert "sentence" not in trial["history-of-the-wpk"]


def test_person(ds: wpkld.Dataset) -> None:
    """000 spells him Park Hun-young; he was deputy chairman of the WPK, tried in 1955 and shot."""
    profile = ds.rows("person", person="Park Hun-young")
    names = {r["what"] for r in profile if r["section"] in ("name", "other name")}
    assert {"Pak Hon-yong", "Park Hun-young"} <= names
    assert any(r["section"] == "post" and "deputy chairman" in r.get("role", "") for r in profile)
    trial = [r for r in profile if r["section"] == "event" and r["whatLabel"] == "Trial of Pak Hon-yong"]
    assert trial and trial[0]["date"] == 1955 and trial[0]["role"] == "victim"
    assert "executed" in {r.get("whatLabel") for r in profile if r["section"] == "fate"}
    events = [str(r.get("date", "")) for r in profile if r["section"] == "event" and "date" in r]
    assert events == sorted(events), "events in date order"


def test_fates(ds: wpkld.Dataset) -> None:
    """000, 001, 002: Ho Ka-i of the Soviet faction committed suicide (or is said to have)."""
    soviet = ds.rows("fates", faction="soviet")
    assert any(r["personLabel"] == "Ho Ka-i" and r["fateLabel"] == "suicide" for r in soviet)
    assert all("Soviet Korean faction" in r["factions"] for r in soviet)


def test_party_lineage(ds: wpkld.Dataset) -> None:
    """002: "In June 1949 the North and South Korean parties were merged into the Workers' Party of Korea"."""
    lineage = ds.rows("party-lineage", party="Workers' Party of Korea")
    merger = [r for r in lineage if r["change"] == P + "event/1949-06-merger-into-wpk"]
    assert {r["originalLabel"] for r in merger} >= {"North Workers' Party of Korea",
                                                   "Workers' Party of South Korea"}
    assert any("In June 1949" in r["quote"] for r in merger)
    # The NWPK came of the 1946 merger of the New People's Party and the Communist Party.
    assert "New People's Party" in {r.get("originalLabel") for r in lineage}


def test_meetings(ds: wpkld.Dataset) -> None:
    """002: the August plenum (1956-08-30) and the September plenum (1956-09-23) of the WPK CC."""
    found = {r["meeting"]: r for r in ds.rows("meetings", {"from": "1956-08", "to": "1956-09"})}
    august, september = P + "event/1956-08-august-plenum", P + "event/1956-09-23-september-plenum"
    assert {august, september} <= set(found)
    assert found[september]["date"] == datetime.date(1956, 9, 23)
    assert found[august]["bodyLabel"] == "Central Committee of the Workers' Party of Korea"
    assert any(r.get("ordinal") == 3 and r["kindLabel"] == "plenum" for r in ds.rows("meetings"))


def test_accusations(ds: wpkld.Dataset) -> None:
    """000: Pak Hon-yong was tried "on charges of having been a US agent since 1939"."""
    espionage = ds.rows("accusations", charge="espionage")
    assert all(r["chargeKind"] == P + "charge/espionage" for r in espionage)
    assert any(r["personLabel"] == "Pak Hon-yong" and "US agent" in r.get("chargeText", "")
               for r in espionage)
    assert len(ds.rows("accusations")) > len(espionage)
    # 000: "By 1956 Kim Il-sung had already purged ... Mu Chong": an upper bound alone is a span too.
    mu_chong = [r for r in ds.rows("accusations", charge="indiscipline") if r.get("personLabel") == "Mu Chong"]
    assert mu_chong and all("mergedDate" not in r and r["mergedUntil"] == 1956 for r in mu_chong)


def test_body_composition(ds: wpkld.Dataset) -> None:
    """002: "On the NWPK's first Politburo the Soviet faction had 3 members, the Yanan faction had 6,
    the domestic faction had 2 and the guerrilla faction had 2"."""
    seats = {r["factionLabel"]: r["seats"]
             for r in ds.rows("body-composition", body="nwpk-politburo", date="1946")}
    assert seats == {"Soviet Korean faction": 3, "Yan'an faction": 6, "Domestic faction": 2,
                     "Guerrilla faction": 2}
    assert ds.rows("body-composition", body="nwpk-politburo", date="1949") == []
    later = {r["factionLabel"]: r["seats"] for r in ds.rows("body-composition", body="wpk-politburo")}
    assert later == {"Soviet Korean faction": 4, "Yan'an faction": 4, "Domestic faction": 4,
                     "Guerrilla faction": 3}


def test_conflicts(ds: wpkld.Dataset) -> None:
    """000: Pak Hon-yong was shot in 1955 "or ... some time in 1956"; other texts give one year."""
    found = ds.rows("conflicts")
    execution = [r for r in found if r["subject"] == P + "event/1955-execution-of-pak-hon-yong"
                 and r["property"] == "https://w3id.org/wpkld/ontology#date"]
    assert len({r["source"] for r in execution}) >= 2 or len({r["value"] for r in execution}) >= 2
    conflicts = {r["conflict"] for r in execution}
    assert len(conflicts) == 1
    assert all(r.get("quote") for r in found)


def test_sources(ds: wpkld.Dataset, sources_dir: Any) -> None:
    """Every statement about Kim Tu-bong, each quote found in its source text."""
    texts = {p.name: " ".join(p.read_text(encoding="utf-8").split()) for p in sources_dir.glob("*.txt")}
    files = {r["s"]: r["f"] for r in ds.sparql_rows(
        "SELECT ?s ?f WHERE { ?s <https://w3id.org/wpkld/ontology#sourceFile> ?f }")}
    found = ds.rows("sources", entity="Kim Tu-bong")
    assert any("leader of the Yanan faction" in r["quote"] for r in found)
    for r in found:
        assert " ".join(r["quote"].split()) in texts[files[r["source"]]]
    with pytest.raises(ParameterError, match="names more than one"):
        ds.rows("sources", entity="yanan")  # the faction and the place
    assert ds.rows("sources", entity="faction:yanan")
    # 003: "up to 600,000 people died" in "the late 1990s": the count's bound, not its dates'.
    famine = [r["value"] for r in ds.rows("sources", entity="event:1990s-arduous-march")
              if r["statement"].endswith("quantity/003-arduous-march-deaths")]
    assert famine == ["/600000"]


def test_wikidata_links(ds: wpkld.Dataset) -> None:
    """Links are alignment data: each has an item and a status; the status filter keeps its own."""
    links = ds.rows("wikidata-links")
    assert links, "the data records Wikidata links (dataset/alignment)"
    assert all(r["item"].startswith("http://www.wikidata.org/entity/Q") for r in links)
    by_status = {status: ds.rows("wikidata-links", status=status)
                 for status in ("verified", "evidenced", "candidate")}
    assert sum(len(found) for found in by_status.values()) == len(links)
    for status, found in by_status.items():
        assert all(r["linkStatus"] == P + "link-status/" + status for r in found)


def test_timeline(ds: wpkld.Dataset) -> None:
    """002: "On October 13, 1945 the North Korea Bureau of the Communist Party of Korea" was founded."""
    day = ds.rows("timeline", {"from": "1945-10-13", "to": "1945-10-13"})
    assert any(r["event"] == P + "event/1945-10-13-founding-of-north-korea-bureau"
               and r["date"] == datetime.date(1945, 10, 13) for r in day)
    everything = ds.rows("timeline")
    keys = [str(r.get("date", r.get("until", ""))) for r in everything]
    assert keys == sorted(keys)


def test_repression_chain(ds: wpkld.Dataset) -> None:
    """000: Pak Hon-yong was arrested (1953), tried (1955) and executed (1955 or 1956)."""
    chain = ds.rows("repression-chain", person="pak-hon-yong")
    events = [r["event"].rsplit("/", 1)[1] for r in chain]
    assert events.index("1953-arrest-and-removal-of-pak-hon-yong") < events.index("1955-trial-of-pak-hon-yong")
    execution = next(r for r in chain if r["event"].endswith("1955-execution-of-pak-hon-yong"))
    assert (execution["mergedDate"], execution["mergedUntil"]) == (1955, 1956)  # "1955 or 1956"
    assert "executed" in execution["outcome"]


def test_numbers(ds: wpkld.Dataset) -> None:
    """000: "Some 500,000 of the party's 700,000 members were disciplined"."""
    found = ds.rows("numbers")
    assert any(r.get("value") == 500000 and r.get("valueText", "").lower().startswith("some 500,000")
               for r in found)
    nwpk = ds.rows("numbers", of="nwpk-politburo")
    assert {r["value"] for r in nwpk} == {3, 6, 2}
