"""Read and rewrite the Wikidata link records of ``dataset/alignment/wikidata.ttl``.

A link record (``wpk:WikidataLink``) says which Wikidata item a resource is,
how sure that is (status, evidence, confidence) and when it was last checked.
The published ``owl:sameAs`` / ``skos:closeMatch`` triples are derived from
the records at load time (``wpkld/derive.ru``), never written by hand.

:func:`write_links` writes the file in one canonical form (records sorted by
IRI, properties in a fixed order, repeated values sorted, literals escaped
by pyoxigraph), so that
``wpkld wikidata verify --write`` changes only the lines whose facts changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from importlib.resources.abc import Traversable
from pathlib import Path

import pyoxigraph as ox

from .. import resources
from ..errors import DataError
from ..namespaces import BASE, KINDS, WD, WPK, compress, turtle_prologue
from ..store import Source, read_source
from ..terms import Term

ENTITY = WD
LINK = BASE + "link/"
STATUS = BASE + "link-status/"
VERIFIED, EVIDENCED, CANDIDATE = STATUS + "verified", STATUS + "evidenced", STATUS + "candidate"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
CLOSE_MATCH = "http://www.w3.org/2004/02/skos/core#closeMatch"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_CREATED = "http://purl.org/dc/terms/created"
#: The prefixes of the model's block (docs/model.md), written at the top of the file.
MODEL_PREFIXES = (*KINDS, "dcterms", "org", "owl", "prov", "rdf", "rdfs", "schema", "skos",
                  "wikibase", "wpk", "xsd")

HEADER = """\
# Links between wpkld resources and Wikidata items (alignment data, not stated
# by the source texts). One wpk:WikidataLink record per link: the item, the
# match type, the status and the evidence. A Q-id is recorded only when a
# stored public output of a real Wikidata query or dump pairs it with this
# resource (status evidenced; the files are cited) or after a live check by
# `wpkld wikidata verify --write` (status verified, with the date). Candidates
# are never published. The owl:sameAs / skos:closeMatch triples are derived
# from these records when the data is loaded (wpkld/derive.ru).
#
# This file is rewritten by `wpkld wikidata verify --write`: keep to its form
# (records sorted by IRI, one property per line) and put notes in wpk:evidence.
"""


@dataclass(frozen=True)
class Link:
    """One link record.

    :ivar iri: the record's IRI, ``https://w3id.org/wpkld/link/{kind}-{slug}``.
    :ivar resource: the wpkld resource the link is about.
    :ivar item: the Wikidata item's Q-id (``"Q41117"``).
    :ivar match_type: ``owl:sameAs`` or ``skos:closeMatch`` (full IRIs).
    :ivar status: a ``link-status:`` concept (full IRI).
    :ivar label: the record's English label.
    :ivar evidence: why the link is believed, one string per piece of evidence.
    :ivar evidence_urls: where the evidence can be read.
    :ivar confidence: how sure the link is, from 0 to 1, as written.
    :ivar created: when the record was made.
    :ivar verified_on: when the last live check matched.
    :ivar matched_label: the Wikidata label or alias that matched then.
    """

    iri: str
    resource: str
    item: str
    match_type: str
    status: str
    label: str
    evidence: tuple[str, ...] = ()
    evidence_urls: tuple[str, ...] = ()
    confidence: Decimal | None = None
    created: dt.date | None = None
    verified_on: dt.date | None = None
    matched_label: str | None = None

    @property
    def item_iri(self) -> str:
        """The item as an entity IRI.

        >>> Link("l", "r", "Q41117", SAME_AS, EVIDENCED, "x").item_iri
        'http://www.wikidata.org/entity/Q41117'
        """
        return ENTITY + self.item

    @property
    def published(self) -> bool:
        """True unless the link is a candidate (derive.ru publishes the others)."""
        return self.status != CANDIDATE

    def verified(self, on: dt.date, matched_label: str) -> Link:
        """Return this link as checked against live Wikidata on a day."""
        return replace(self, status=VERIFIED, verified_on=on, matched_label=matched_label)


@dataclass
class _Record:
    values: dict[str, list[Term]] = field(default_factory=dict)

    def one(self, path: str, predicate: str, subject: str) -> Term:
        found = self.values.get(predicate, [])
        if len(found) != 1:
            raise DataError(f"link {subject} needs exactly one <{predicate}>, has {len(found)}",
                            path=path)
        return found[0]

    def optional(self, path: str, predicate: str, subject: str) -> Term | None:
        return self.one(path, predicate, subject) if predicate in self.values else None

    def all(self, predicate: str) -> list[Term]:
        return sorted(self.values.get(predicate, []), key=str)


_KNOWN = {_RDF_TYPE, _LABEL, _CREATED} | {WPK + p for p in (
    "linkedResource", "wikidataItem", "matchType", "linkStatus", "evidence", "evidenceURL",
    "confidence", "verifiedOn", "matchedLabel")}


def links_file() -> Traversable:
    """Return the bundled link records, ``dataset/alignment/wikidata.ttl``."""
    entry = resources.alignment_file("wikidata.ttl")
    if not entry.is_file():
        raise DataError("the bundled dataset has no alignment/wikidata.ttl")
    return entry


def read_links(source: Source | None = None) -> list[Link]:
    """Read link records, sorted by IRI.

    :param source: a Turtle file of link records; the bundled one by default.
    :raises DataError: when the file cannot be parsed, or a record lacks a
        property, has an unknown one (it could not be rewritten faithfully),
        or is not a Wikidata link.

    >>> links = read_links()
    >>> any(link.resource.endswith("/person/kim-il-sung") for link in links)
    True
    """
    source = links_file() if source is None else source
    path = str(source)
    try:
        quads = list(ox.parse(read_source(source), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise DataError(str(exc), path=path) from exc
    records: dict[str, _Record] = {}
    for quad in quads:
        subject, predicate = quad.subject, quad.predicate.value
        if not isinstance(subject, ox.NamedNode):
            raise DataError("blank nodes are not allowed in link records", path=path)
        if predicate not in _KNOWN:
            raise DataError(f"{subject.value}: unknown property <{predicate}> in a link record",
                            path=path)
        records.setdefault(subject.value, _Record()).values.setdefault(predicate, []).append(
            quad.object)
    return [_link(path, iri, record) for iri, record in sorted(records.items())]


def _link(path: str, iri: str, r: _Record) -> Link:
    if r.one(path, _RDF_TYPE, iri) != ox.NamedNode(WPK + "WikidataLink"):
        raise DataError(f"{iri} is not a wpk:WikidataLink", path=path)
    item = r.one(path, WPK + "wikidataItem", iri).value
    if not item.startswith(ENTITY + "Q"):
        raise DataError(f"{iri}: {item} is not a Wikidata item IRI ({ENTITY}Q...)", path=path)
    confidence = r.optional(path, WPK + "confidence", iri)
    created = r.optional(path, _CREATED, iri)
    verified_on = r.optional(path, WPK + "verifiedOn", iri)
    matched = r.optional(path, WPK + "matchedLabel", iri)
    return Link(
        iri=iri, resource=r.one(path, WPK + "linkedResource", iri).value,
        item=item[len(ENTITY):], match_type=r.one(path, WPK + "matchType", iri).value,
        status=r.one(path, WPK + "linkStatus", iri).value,
        label=r.one(path, _LABEL, iri).value,
        evidence=tuple(t.value for t in r.all(WPK + "evidence")),
        evidence_urls=tuple(t.value for t in r.all(WPK + "evidenceURL")),
        confidence=Decimal(confidence.value) if confidence is not None else None,
        created=dt.date.fromisoformat(created.value) if created is not None else None,
        verified_on=dt.date.fromisoformat(verified_on.value) if verified_on is not None else None,
        matched_label=matched.value if matched is not None else None,
    )


def render_links(links: Iterable[Link]) -> str:
    """Return the Turtle text of link records in the file's canonical form.

    >>> link = Link("https://w3id.org/wpkld/link/person-x", "https://w3id.org/wpkld/person/x",
    ...             "Q1", SAME_AS, CANDIDATE, 'X "the first"', evidence=("seen",))
    >>> print(render_links([link]).split("\\n\\n")[-1].strip())
    link:person-x a wpk:WikidataLink ;
        rdfs:label "X \\"the first\\""@en ;
        wpk:linkedResource person:x ;
        wpk:wikidataItem <http://www.wikidata.org/entity/Q1> ;
        wpk:matchType owl:sameAs ;
        wpk:linkStatus link-status:candidate ;
        wpk:evidence "seen" .
    """
    blocks = [turtle_prologue(MODEL_PREFIXES) + "\n" + HEADER]
    for link in sorted(links, key=lambda x: x.iri):
        lines = [f"{_name(link.iri)} a wpk:WikidataLink",
                 f"rdfs:label {ox.Literal(link.label, language='en')}",
                 f"wpk:linkedResource {_name(link.resource)}",
                 f"wpk:wikidataItem {ox.NamedNode(link.item_iri)}",
                 f"wpk:matchType {_name(link.match_type)}",
                 f"wpk:linkStatus {_name(link.status)}"]
        lines += [f"wpk:evidence {ox.Literal(e)}" for e in sorted(link.evidence)]
        lines += [f"wpk:evidenceURL {ox.NamedNode(u)}" for u in sorted(link.evidence_urls)]
        if link.confidence is not None:
            lines.append(f"wpk:confidence {link.confidence}")
        for predicate, day in (("dcterms:created", link.created),
                               ("wpk:verifiedOn", link.verified_on)):
            if day is not None:
                lines.append(f'{predicate} "{day.isoformat()}"^^xsd:date')
        if link.matched_label is not None:
            lines.append(f"wpk:matchedLabel {ox.Literal(link.matched_label)}")
        blocks.append(lines[0] + " ;\n    " + " ;\n    ".join(lines[1:]) + " .\n")
    return "\n".join(blocks)


def write_links(links: Iterable[Link], path: Path) -> None:
    """Write link records to a Turtle file in canonical form (see :func:`render_links`)."""
    try:
        path.write_text(render_links(links), encoding="utf-8")
    except OSError as exc:
        raise DataError(exc.strerror or str(exc), path=str(path)) from exc


def _name(iri: str) -> str:
    """Return a prefixed name for an IRI, else ``<iri>``."""
    name = compress(iri)
    return name if name != iri else str(ox.NamedNode(iri))
