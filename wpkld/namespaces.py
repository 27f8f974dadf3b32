"""The one prefix map of wpkld, and what shortens and expands IRIs with it.

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

from collections.abc import Iterable, Mapping

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

class PrefixMap:
    """Shortens and expands IRIs with a prefix map (longest namespace wins).

    It does what a :class:`curies.Converter` does with the same map, and the
    tests check that it agrees with one on every IRI of the graph; it is
    written here because importing curies (and pydantic) takes 0.2 s, more
    than the rest of a ``wpkld query`` call. Every namespace ends in ``/`` or
    ``#``, so the longest one an IRI is in ends at one of its ``/`` or ``#``.

    >>> PrefixMap({"ex": "http://example.org/"}).compress("http://example.org/a")
    'ex:a'
    >>> PrefixMap({"ex": "http://example.org"})
    Traceback (most recent call last):
    ...
    ValueError: namespace of 'ex' must end in '/' or '#': 'http://example.org'
    """

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        for prefix, namespace in prefixes.items():
            if not namespace.endswith(("/", "#")):
                raise ValueError(f"namespace of {prefix!r} must end in '/' or '#': {namespace!r}")
        self.prefixes = dict(prefixes)
        self._by_namespace = {namespace: prefix for prefix, namespace in self.prefixes.items()}

    def split(self, iri: str) -> tuple[str, str] | None:
        """Return the prefix of the longest namespace ``iri`` is in, and the rest; None if none."""
        end = len(iri)
        while (cut := max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))) >= 0:
            prefix = self._by_namespace.get(iri[:cut + 1])
            if prefix is not None:
                return prefix, iri[cut + 1:]
            end = cut
        return None

    def compress(self, iri: str) -> str:
        """Return the CURIE of an IRI, or the IRI itself when no prefix covers it.

        A local part that is empty or would not survive as a Turtle or SPARQL
        prefixed name (``/``, ``#``, ``?``...) keeps the full IRI.
        """
        found = self.split(iri)
        if found is None:
            return iri
        prefix, local = found
        return f"{prefix}:{local}" if local and all(c.isalnum() or c in "-_." for c in local) else iri

    def expand(self, curie: str) -> str | None:
        """Return the IRI a CURIE stands for, or None when its prefix is unknown."""
        prefix, colon, local = curie.partition(":")
        if not colon or prefix not in self.prefixes or not local or local.startswith("//"):
            return None
        return self.prefixes[prefix] + local


#: :data:`PREFIXES` as a :class:`PrefixMap`.
DEFAULT = PrefixMap(PREFIXES)


def compress(iri: str) -> str:
    """Return the CURIE of an IRI with :data:`PREFIXES`, or the IRI itself (:meth:`PrefixMap.compress`).

    >>> compress("https://w3id.org/wpkld/ontology#Person")
    'wpk:Person'
    >>> compress("https://w3id.org/wpkld/person/")
    'https://w3id.org/wpkld/person/'
    """
    return DEFAULT.compress(iri)


def expand(curie: str) -> str | None:
    """Return the IRI a CURIE stands for, or None when its prefix is unknown.

    >>> expand("faction:yanan")
    'https://w3id.org/wpkld/faction/yanan'
    >>> expand("Yan'an faction") is None
    True
    """
    return DEFAULT.expand(curie)


def used(iris: Iterable[str]) -> dict[str, str]:
    """Return the part of :data:`PREFIXES` whose namespaces some IRI is in, sorted.

    >>> used(["https://w3id.org/wpkld/person/x", "http://www.w3.org/2000/01/rdf-schema#label"])
    {'person': 'https://w3id.org/wpkld/person/', 'rdfs': 'http://www.w3.org/2000/01/rdf-schema#'}
    """
    found = {DEFAULT.split(iri) for iri in iris}
    prefixes = {pair[0] for pair in found if pair is not None}
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
