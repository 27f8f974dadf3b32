"""The ontology parses, documents every term, and declares every wpk: term the data and shapes use."""

from __future__ import annotations

import re
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS

from wpkld import resources

WPK = "https://w3id.org/wpkld/ontology#"
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
# A wpk: CURIE inside text, e.g. in the SPARQL of a shape: "rdf:predicate wpk:date".
CURIE = re.compile(r"(?<![\w:/#-])wpk:([A-Za-z_][\w-]*)")


def parse(file: Traversable) -> rdflib.Graph:
    return rdflib.Graph().parse(data=file.read_text(encoding="utf-8"), format="turtle")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for file in resources.ontology_files():
        graph += parse(file)
    return graph


@pytest.fixture(scope="module")
def declared(ontology: rdflib.Graph) -> set[URIRef]:
    return {s for kind in TERM_KINDS for s in ontology.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(WPK)}


def test_the_ontology_has_a_full_header(ontology: rdflib.Graph) -> None:
    (header,) = ontology.subjects(RDF.type, OWL.Ontology)
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.license,
                 OWL.versionInfo, OWL.versionIRI, VANN.preferredNamespacePrefix,
                 VANN.preferredNamespaceUri):
        assert ontology.value(header, prop) is not None, f"the header lacks {prop}"
    assert str(ontology.value(header, VANN.preferredNamespaceUri)) == WPK


def test_the_ontology_declares_classes_and_properties(declared: set[URIRef]) -> None:
    names = {str(t)[len(WPK):] for t in declared}
    assert {"Person", "Faction", "Claim", "Membership", "Quantity", "Conflict", "quote"} <= names


def english(graph: rdflib.Graph, term: URIRef, prop: URIRef) -> list[str]:
    return [str(v) for v in graph.objects(term, prop)
            if isinstance(v, Literal) and v.language == "en" and str(v).strip()]


def test_every_term_is_labelled_and_commented_in_english(ontology: rdflib.Graph,
                                                          declared: set[URIRef]) -> None:
    undocumented = sorted(str(t) for t in declared
                          if len(english(ontology, t, RDFS.label)) != 1
                          or not english(ontology, t, RDFS.comment))
    assert not undocumented, f"need one rdfs:label@en and an rdfs:comment@en: {undocumented}"


def used_terms(file: Traversable) -> set[str]:
    """Every wpk: IRI of a file, in any position, and every wpk: CURIE in its literals."""
    graph = parse(file)
    used = {str(t) for triple in graph for t in triple
            if isinstance(t, URIRef) and str(t).startswith(WPK)}
    for literal in (o for o in graph.objects() if isinstance(o, Literal)):
        used |= {WPK + name for name in CURIE.findall(str(literal))}
    return used


def data_and_shapes_files() -> list[Traversable]:
    return [*resources.dataset_files(), *resources.shapes_files()]


@pytest.mark.parametrize("file", data_and_shapes_files(), ids=lambda f: f.name)
def test_every_wpk_term_used_is_declared(file: Traversable, declared: set[URIRef]) -> None:
    stray = sorted(used_terms(file) - {str(t) for t in declared})
    assert not stray, f"{file.name} uses terms the ontology does not declare: {stray}"


@pytest.mark.parametrize("file", resources.dataset_files(), ids=lambda f: f.name)
def test_the_data_declares_no_terms_of_its_own(file: Traversable) -> None:
    # The closed-vocabulary shape reads declarations from the graph it checks,
    # so a data file must not declare a wpk: term itself.
    graph = parse(file)
    own = sorted(str(s) for kind in TERM_KINDS for s in graph.subjects(RDF.type, kind)
                 if str(s).startswith(WPK))
    assert not own, f"{file.name} declares ontology terms: {own}"


def test_the_stray_term_check_finds_a_misspelling(tmp_path: Path, declared: set[URIRef]) -> None:
    sample = tmp_path / "sample.ttl"
    sample.write_text('@prefix wpk: <https://w3id.org/wpkld/ontology#> .\n'
                      '<urn:x> wpk:victm <urn:y> ; <urn:q> "rdf:predicate wpk:Persn" .\n',
                      encoding="utf-8")
    assert used_terms(sample) - {str(t) for t in declared} == {WPK + "victm", WPK + "Persn"}
