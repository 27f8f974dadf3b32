"""The federated queries: they parse everywhere, and their local part answers here.

Their SERVICE block goes to the Wikidata Query Service, which these tests
never reach: the local part (everything outside SERVICE) is run on the
bundled data by cutting the SERVICE node out of rdflib's algebra, and the
queries are parsed by pyoxigraph on an empty store, where the local part has
no solution and so the service is never called.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph
import pytest
from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

import wpkld
from wpkld import resources
from wpkld.queries import parse
from wpkld.wikidata.links import SAME_AS, read_links

WDQS = "https://query.wikidata.org/sparql"
FEDERATED = ["wikidata-birth-death", "wikidata-labels"]


def text_of(name: str) -> str:
    return resources.query_files()[name].read_text(encoding="utf-8")


def local_part(text: str) -> tuple[Query, list[CompValue]]:
    """Return the query with every SERVICE replaced by the empty pattern, and the SERVICEs."""
    query = translateQuery(parseQuery(text))
    services: list[CompValue] = []

    def cut(node: Any) -> CompValue | None:
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            services.append(node)
            return CompValue("BGP", triples=[])
        return None

    query.algebra = traverse(query.algebra, visitPost=cut)
    return query, services


@pytest.fixture(scope="module")
def rdflib_ds() -> wpkld.Dataset:
    return wpkld.open(backend="rdflib")


def rows(ds: wpkld.Dataset, name: str) -> list[dict[str, Any]]:
    query, _ = local_part(text_of(name))
    result = ds.store.graph.query(query)  # type: ignore[attr-defined]
    return [{str(k): v for k, v in row.asdict().items()} for row in result]


@pytest.mark.parametrize("name", FEDERATED)
def test_header_says_it_is_federated(name: str) -> None:
    query = parse(name, text_of(name))
    assert {"wikidata", "federated", "network"} <= set(query.keywords)
    assert "SERVICE" in query.description and "network" in query.description


@pytest.mark.parametrize("name", FEDERATED)
def test_parses_in_pyoxigraph_without_calling_the_service(name: str) -> None:
    # An empty store gives the local part no solution, so nothing is sent to Wikidata;
    # a syntax error would raise here.
    assert list(pyoxigraph.Store().query(text_of(name))) == []


@pytest.mark.parametrize("name", FEDERATED)
def test_the_only_service_is_wikidatas(name: str) -> None:
    _, services = local_part(text_of(name))
    assert [str(s.term) for s in services] == [WDQS]


def test_birth_death_local_part_lists_the_linked_persons(rdflib_ds: wpkld.Dataset) -> None:
    answer = rows(rdflib_ds, "wikidata-birth-death")
    persons = {str(r["person"]): r for r in answer}
    linked = {x.resource for x in read_links()
              if x.published and x.match_type == SAME_AS and "/person/" in x.resource}
    assert set(persons) == linked
    purged = [str(r["person"]) for r in answer if "purges" in r]
    assert "https://w3id.org/wpkld/person/kim-jong-nam" in purged
    assert [str(r["person"]) for r in answer[:len(purged)]] == purged  # the purged first
    assert str(persons["https://w3id.org/wpkld/person/kim-il-sung"]["diedInTexts"]) == "1994"
    assert all("born" not in r and "died" not in r for r in answer)  # Wikidata's columns


def test_labels_local_part_lists_every_published_link(rdflib_ds: wpkld.Dataset) -> None:
    answer = rows(rdflib_ds, "wikidata-labels")
    got = {(str(r["resource"]), str(r["item"])) for r in answer}
    assert got == {(x.resource, x.item_iri) for x in read_links() if x.published}
    hangul = {str(r["resource"]): str(r["hangul"]) for r in answer if "hangul" in r}
    assert hangul.get("https://w3id.org/wpkld/person/kim-il-sung") == "김일성"
