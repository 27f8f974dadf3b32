"""The reconciliation service of ``wpkld serve``, checked against the specification's own JSON Schemas.

Every response (and every request the tests send) is validated with the
schemas vendored in ``tests/reconciliation_schemas/`` (0.2, which OpenRefine
3.x speaks, and the 1.0 draft). The name matching is measured on 133
hand-written spellings (``tests/data/romanizations.tsv``) and on every
spelling of a person in the texts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests
from referencing import Registry
from referencing.jsonschema import DRAFT7

import wpkld
from support import start_wpkld_serve, stop
from wpkld.namespaces import BASE, WPK

pytestmark = pytest.mark.server

SCHEMAS = Path(__file__).parent / "reconciliation_schemas"
SPELLINGS = Path(__file__).parent / "data" / "romanizations.tsv"


def validator(version: str, name: str) -> jsonschema.Draft7Validator:
    """A validator for one schema of one version, its relative $refs resolved among the vendored files."""
    resources = []
    for path in (SCHEMAS / version).glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], DRAFT7.create_resource(schema)))
    registry: Registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / version / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, registry=registry)


def valid(version: str, name: str, document: Any) -> Any:
    errors = sorted(validator(version, name).iter_errors(document), key=str)
    assert not errors, f"{version}/{name}: " + "; ".join(e.message for e in errors[:3])
    return document


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, base = start_wpkld_serve(tmp_path_factory.mktemp("reconcile") / "serve.log")
    try:
        yield base
    finally:
        stop(proc)


def one_line(response: requests.Response) -> str:
    assert response.text.count("\n") == 1, response.text
    return response.text.strip()


def test_the_schemas_themselves_catch_a_wrong_document() -> None:
    """The validation can fail: a candidate without a name is not a result batch."""
    errors = list(validator("0.2", "reconciliation-result-batch").iter_errors({"q0": {"result": [{"id": "x"}]}}))
    assert errors


# -- manifests --------------------------------------------------------------------------

def test_manifest_02(server: str) -> None:
    manifest = valid("0.2", "manifest", requests.get(server + "/reconcile", timeout=10).json())
    assert manifest["identifierSpace"] == BASE
    assert {"id": "wpk:Person", "name": "person"} in manifest["defaultTypes"]
    jsonp = requests.get(server + "/reconcile", params={"callback": "cb"}, timeout=10)
    assert jsonp.text.startswith("cb(") and jsonp.text.endswith(")")


def test_manifest_10(server: str) -> None:
    manifest = valid("1.0-draft", "manifest", requests.get(server + "/reconcile/v1", timeout=10).json())
    assert manifest["standardizedScore"] is True


# -- matching ---------------------------------------------------------------------------

def reconcile_02(server: str, queries: dict[str, Any]) -> dict[str, Any]:
    r = requests.post(server + "/reconcile", data={"queries": json.dumps(queries)}, timeout=60)
    assert r.status_code == 200, r.text
    return valid("0.2", "reconciliation-result-batch", r.json())


def test_batch_02_with_type_limit_and_properties(server: str) -> None:
    out = reconcile_02(server, {
        "q0": {"query": "Park Hun-young", "type": "wpk:Person", "limit": 3},
        "q1": {"query": "Kim Il Sung", "type": "wpk:Person"},
        "q2": {"query": "Kim Il Sung", "type": "wpk:Person",
               "properties": [{"pid": "org:memberOf", "v": "guerrilla"}]},
        "q3": {"query": "Yenan faction", "type": "wpk:Faction"},
        "q4": {"query": "zzzz qqqq"},
    })
    top = out["q0"]["result"][0]
    assert (top["id"], top["score"], top["match"]) == ("person/pak-hon-yong", 100, True)
    assert len(out["q0"]["result"]) <= 3
    assert all(0 <= c["score"] <= 100 for q in out.values() for c in q["result"])
    # Two persons are called Kim Il Sung in the texts: no automatic match without more.
    assert [c["match"] for c in out["q1"]["result"][:2]] == [False, False]
    # A faction membership the statements bear out settles it.
    assert (out["q2"]["result"][0]["id"], out["q2"]["result"][0]["match"]) == ("person/kim-il-sung", True)
    assert out["q3"]["result"][0]["id"] == "faction/yanan"
    assert out["q4"]["result"] == []


def test_match_10(server: str) -> None:
    batch = valid("1.0-draft", "reconciliation-query-batch", {"queries": [
        {"conditions": [{"matchType": "name", "propertyValue": "Pak Hŏn-yŏng"}], "type": "wpk:Person"},
        {"conditions": [{"matchType": "name", "propertyValue": "Kim Il Sung"},
                        {"matchType": "property", "propertyId": "org:memberOf", "propertyValue": "faction/guerrilla"}]},
    ]})
    r = requests.post(server + "/reconcile/v1/match", json=batch, timeout=30)
    out = valid("1.0-draft", "reconciliation-result-batch", r.json())
    assert [res["candidates"][0]["id"] for res in out["results"]] == ["person/pak-hon-yong", "person/kim-il-sung"]
    assert all(res["candidates"][0]["match"] for res in out["results"])


def test_precision_at_1_and_auto_matches_over_133_spellings(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [line.rstrip("\n").split("\t") for line in SPELLINGS.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert len(rows) >= 100
    out = reconcile_02(server, {f"q{i}": {"query": s, "type": "wpk:Person"} for i, (s, _, _) in enumerate(rows)})
    right = auto = wrong_auto = 0
    misses = []
    for i, (spelling, slug, system) in enumerate(rows):
        result = out[f"q{i}"]["result"]
        top = result[0] if result else {"id": None, "match": False}
        right += top["id"] == f"person/{slug}"
        auto += top["match"]
        wrong_auto += top["match"] and top["id"] != f"person/{slug}"
        if top["id"] != f"person/{slug}":
            misses.append(f"{spelling} ({system}) -> {top['id']}")
    with capsys.disabled():
        print(f"\nreconciliation over {len(rows)} spellings: precision@1 {right / len(rows):.3f},"
              f" auto-matched {auto / len(rows):.3f}, wrong auto-matches {wrong_auto}")
    assert wrong_auto == 0
    assert right / len(rows) >= 0.95, misses


def test_every_spelling_in_the_texts_finds_its_person(ds: wpkld.Dataset, capsys: pytest.CaptureFixture[str]) -> None:
    """Labels and alternative labels as the texts write them: the top match is the person, or a namesake."""
    rows = ds.sparql_rows("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                     "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX wpk: <https://w3id.org/wpkld/ontology#> "
                     "SELECT ?p ?name WHERE { ?p a wpk:Person { ?p rdfs:label ?name } UNION { ?p skos:altLabel ?name } }")
    by_name: dict[str, set[str]] = {}
    for row in rows:
        by_name.setdefault(row["name"], set()).add(row["p"])
    right = 0
    for name, persons in by_name.items():
        top = ds.resolver.resolve(name, limit=1, classes=(WPK + "Person",))
        right += bool(top) and top[0].iri in persons
    with capsys.disabled():
        print(f"\nspellings in the texts: {len(by_name)}, precision@1 {right / len(by_name):.3f}")
    assert len(by_name) > 80 and right == len(by_name)


# -- suggest, preview, types ----------------------------------------------------------------

@pytest.mark.parametrize("version,prefix", [("0.2", "/reconcile"), ("1.0-draft", "/reconcile/v1")])
def test_suggest(server: str, version: str, prefix: str) -> None:
    entities = requests.get(server + prefix + "/suggest/entity", params={"prefix": "pak hon"}, timeout=10).json()
    assert valid(version, "suggest-entities-response", entities)["result"][0]["id"] == "person/pak-hon-yong"
    types = requests.get(server + prefix + "/suggest/type", params={"prefix": "fac"}, timeout=10).json()
    assert valid(version, "suggest-types-response", types)["result"][0]["id"] == "wpk:Faction"
    props = requests.get(server + prefix + "/suggest/property", params={"prefix": "birth", "type": "wpk:Person"},
                         timeout=10).json()
    assert "schema:birthDate" in {p["id"] for p in valid(version, "suggest-properties-response", props)["result"]}


@pytest.mark.parametrize("version,path", [("0.2", "/reconcile/propose_properties"),
                                          ("1.0-draft", "/reconcile/v1/extend/propose")])
def test_propose_properties(server: str, version: str, path: str) -> None:
    out = requests.get(server + path, params={"type": "wpk:Person"}, timeout=10).json()
    ids = {p["id"] for p in valid(version, "data-extension-property-proposal", out)["properties"]}
    assert {"org:memberOf", "wpk:fate", "schema:birthDate"} <= ids


def test_preview_card(server: str) -> None:
    r = requests.get(server + "/reconcile/preview", params={"id": "person/pak-hon-yong"}, timeout=10)
    assert r.headers["content-type"].startswith("text/html")
    assert "Pak Hon-yong" in r.text and "박헌영" in r.text


# -- data extension: every value with its source and quote ------------------------------------

def check_sourced(ds: wpkld.Dataset, values: list[Any], sources: list[Any], quotes: list[Any]) -> None:
    assert values and len(values) == len(sources) == len(quotes)
    for source, quote in zip(sources, quotes, strict=True):
        assert source["id"].startswith("source/")
        # The quote is the statement's own words, from that source.
        found = ds.sparql_rows(f'PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX wpk: <{WPK}> '
                          f'SELECT (COUNT(*) AS ?n) WHERE {{ ?s prov:wasDerivedFrom <{BASE}{source["id"]}> ; '
                          f'wpk:quote {json.dumps(quote["str"])} }}')
        assert found[0]["n"] > 0


def test_extend_02(server: str, ds: wpkld.Dataset) -> None:
    query = {"ids": ["person/pak-hon-yong", "person/mu-chong"], "properties": [{"id": "org:memberOf"}, {"id": "wpk:fate"}]}
    valid("0.2", "data-extension-query", query)
    r = requests.post(server + "/reconcile", data={"extend": json.dumps(query)}, timeout=30)
    out = valid("0.2", "data-extension-response", r.json())
    assert [m["id"] for m in out["meta"]][:3] == ["org:memberOf", "org:memberOf/source", "org:memberOf/quote"]
    row = out["rows"]["person/pak-hon-yong"]
    assert {"id": "faction/domestic", "name": "Domestic faction"} in row["org:memberOf"]
    check_sourced(ds, row["org:memberOf"], row["org:memberOf/source"], row["org:memberOf/quote"])
    check_sourced(ds, row["wpk:fate"], row["wpk:fate/source"], row["wpk:fate/quote"])


def test_extend_10(server: str, ds: wpkld.Dataset) -> None:
    query = valid("1.0-draft", "data-extension-query",
                  {"ids": ["person/kim-tu-bong"], "properties": [{"id": "org:memberOf"}]})
    out = valid("1.0-draft", "data-extension-response",
                requests.post(server + "/reconcile/v1/extend", json=query, timeout=30).json())
    props = {p["id"]: p["values"] for p in out["rows"][0]["properties"]}
    check_sourced(ds, props["org:memberOf"], props["org:memberOf/source"], props["org:memberOf/quote"])


# -- bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize("method,path,kwargs,words", [
    ("post", "/reconcile", {"data": {"queries": "{not json"}}, "queries is not JSON"),
    ("post", "/reconcile", {"data": {"queries": '["a list"]'}}, "queries must be dict"),
    ("post", "/reconcile", {"data": {"queries": '{"q0": {"query": "Mu Chong", "type": "wpk:Spaceship"}}'}},
     "unknown type 'wpk:Spaceship'"),
    ("post", "/reconcile", {"data": {"queries": '{"q0": {"query": "Mu Chong", "limit": "ten"}}'}}, "limit"),
    ("post", "/reconcile", {"data": {"extend": '{"ids": ["person/nobody"], "properties": [{"id": "wpk:fate"}]}'}},
     "no resource 'person/nobody'"),
    ("post", "/reconcile", {"data": {"extend": '{"ids": ["person/mu-chong"], "properties": [{"id": "wpk:colour"}]}'}},
     "property 'wpk:colour'"),
    ("post", "/reconcile/v1/match", {"data": b"\x00\x01 not json"}, "not JSON"),
    ("post", "/reconcile/v1/match", {"json": {"queries": [{"conditions": [{"matchType": "smell"}]}]}}, "matchType"),
    ("get", "/reconcile/preview", {"params": {"id": "person/nobody"}}, "no resource"),
    ("get", "/reconcile/propose_properties", {}, "missing type"),
])
def test_bad_input_gets_a_clear_400(server: str, method: str, path: str, kwargs: dict[str, Any], words: str) -> None:
    r = getattr(requests, method)(server + path, timeout=10, **kwargs)
    assert r.status_code == 400, r.text
    assert words in one_line(r)
    assert requests.get(server + "/health", timeout=5).status_code == 200
