"""The one prefix map of wpkld, and the converter that shortens and expands IRIs with it.

Every module that writes a prefix block (Turtle, SPARQL, JSON-LD contexts,
SSSOM curie maps) or shows an IRI to a person takes it from here; the
dataset files repeat the wpkld part of it (docs/model.md), and a test keeps
them equal.

>>> compress("https://w3id.org/wpkld/person/pak-hon-yong")
'person:pak-hon-yong'
>>> compress("http://example.org/x")
'http://example.org/x'
>>> expand("wpk:Person")
'https://w3id.org/wpkld/ontology#Person'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import curies

#: Where every wpkld resource lives (namespace policy: README.md).
BASE = "https://w3id.org/wpkld/"
WPK = BASE + "ontology#"
WPKSH = BASE + "shapes#"

DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"
OWL = "http://www.w3.org/2002/07/owl#"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "https://schema.org/"
SEMAPV = "https://w3id.org/semapv/vocab/"
SH = "http://www.w3.org/ns/shacl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SPDX = "http://spdx.org/rdf/terms#"
TIME = "http://www.w3.org/2006/time#"
VANN = "http://purl.org/vocab/vann/"
VOID = "http://rdfs.org/ns/void#"
WIKIBASE = "http://wikiba.se/ontology#"
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
#: Wikidata describes items with the old http: schema.org namespace.
WDSCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: The kinds of wpkld resource: each is a prefix for ``{BASE}{kind}/`` (docs/model.md).
KINDS = ("charge", "claim", "compatibility", "conflict", "event", "event-kind", "faction", "fate", "link",
         "link-status", "membership", "motive", "organization", "person", "place", "quantity",
         "quantity-kind", "role", "selector", "sentence", "source", "unit", "vocabulary")

#: Standard vocabularies, by the prefixes the data and the ontology use.
VOCABULARIES = {
    "dcat": DCAT, "dcterms": DCTERMS, "foaf": FOAF, "oa": OA, "org": ORG, "owl": OWL,
    "prov": PROV, "rdf": RDF, "rdfs": RDFS, "schema": SCHEMA, "semapv": SEMAPV, "sh": SH,
    "skos": SKOS, "spdx": SPDX, "time": TIME, "vann": VANN, "void": VOID,
    "wikibase": WIKIBASE, "wd": WD, "wdschema": WDSCHEMA, "wdt": WDT, "wpk": WPK, "wpksh": WPKSH, "xsd": XSD,
}

#: The one prefix map, sorted by prefix.
PREFIXES: dict[str, str] = dict(sorted({**VOCABULARIES,
                                        **{kind: f"{BASE}{kind}/" for kind in KINDS}}.items()))

@functools.cache
def _converter() -> curies.Converter:
    """Shortens and expands IRIs with :data:`PREFIXES` (longest namespace wins).

    Made on first use: importing curies (and pydantic) costs 0.17 s, which a
    ``wpkld query`` given identifiers never needs.
    """
    import curies

    return curies.Converter.from_prefix_map(PREFIXES)


def compress(iri: str, converter: curies.Converter | None = None) -> str:
    """Return the CURIE of an IRI, or the IRI itself when no prefix covers it.

    :param converter: the prefixes to use, when a document declares only some
        of :data:`PREFIXES` (see :func:`converter_for`).

    A local part that is empty or would not survive as a Turtle or SPARQL
    prefixed name (``/``, ``#``, ``?``...) keeps the full IRI.

    >>> compress("https://w3id.org/wpkld/ontology#Person")
    'wpk:Person'
    >>> compress("https://w3id.org/wpkld/person/")
    'https://w3id.org/wpkld/person/'
    """
    curie = (converter or _converter()).compress(iri)
    if curie is None:
        return iri
    local = curie.partition(":")[2]
    return curie if local and all(c.isalnum() or c in "-_." for c in local) else iri


def converter_for(prefixes: dict[str, str]) -> curies.Converter:
    """Return a converter for a part of :data:`PREFIXES` (e.g. a document's own prefixes)."""
    import curies

    return curies.Converter.from_prefix_map(prefixes)


def expand(curie: str) -> str | None:
    """Return the IRI a CURIE stands for, or None when its prefix is unknown.

    >>> expand("faction:yanan")
    'https://w3id.org/wpkld/faction/yanan'
    >>> expand("Yan'an faction") is None
    True
    """
    prefix, colon, local = curie.partition(":")
    if not colon or prefix not in PREFIXES or not local or local.startswith("//"):
        return None
    return _converter().expand(curie)


def used(iris: Iterable[str]) -> dict[str, str]:
    """Return the part of :data:`PREFIXES` whose namespaces some IRI is in, sorted.

    >>> used(["https://w3id.org/wpkld/person/x", "http://www.w3.org/2000/01/rdf-schema#label"])
    {'person': 'https://w3id.org/wpkld/person/', 'rdfs': 'http://www.w3.org/2000/01/rdf-schema#'}
    """
    found = {_converter().compress(iri) for iri in iris}
    prefixes = {curie.partition(":")[0] for curie in found if curie}
    return {p: ns for p, ns in PREFIXES.items() if p in prefixes}


def sparql_prologue(prefixes: Iterable[str] | None = None) -> str:
    """Return ``PREFIX`` lines for the given prefixes (all by default).

    >>> print(sparql_prologue(["wpk"]), end="")
    PREFIX wpk: <https://w3id.org/wpkld/ontology#>
    """
    chosen = PREFIXES if prefixes is None else {p: PREFIXES[p] for p in sorted(prefixes)}
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in chosen.items())


def turtle_prologue(prefixes: Iterable[str] | None = None) -> str:
    """Return ``@prefix`` lines for the given prefixes (all by default).

    >>> print(turtle_prologue(["person"]), end="")
    @prefix person: <https://w3id.org/wpkld/person/> .
    """
    chosen = PREFIXES if prefixes is None else {p: PREFIXES[p] for p in sorted(prefixes)}
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in chosen.items())
