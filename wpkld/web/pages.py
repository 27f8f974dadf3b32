"""What a resource's page shows, read from its description (``describe.rq``).

The page is a view of exactly the triples its ``.ttl`` holds: the resource's
names and kinds, its statements as claim cards (each with its source), the
conflicts those statements are in with every side, and the resources that
link to it. Direct triples that a statement yields (``wpkld/derive.ru``) are
shown as that statement's card, never bare, so nothing appears without its
source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import BASE, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, WPK

RDF_TYPE = RDF + "type"
STATEMENT_CLASSES = {WPK + "Claim", WPK + "Membership", WPK + "Quantity"}
#: Qualifiers a card shows in their own place, not in its list of further details.
_CARD_FIELDS = {RDF_TYPE, RDF + "subject", RDF + "predicate", RDF + "object", ORG + "member",
                ORG + "organization", ORG + "role", WPK + "quantityOf", WPK + "quantityKind",
                WPK + "value", WPK + "valueText", WPK + "unit", WPK + "faction", WPK + "dateText",
                WPK + "nameAsWritten", PROV + "wasDerivedFrom", PROV + "hadPrimarySource",
                WPK + "quote", WPK + "doubt", WPK + "roleText", WPK + "chargeText"}
_DATES = ("date", "earliestDate", "latestDate", "startDate", "endDate")
#: Links derive.ru makes between statements, never written by an editor: not shown on pages.
_DERIVED_LINKS = {WPK + "sameSourceDate"}
#: The inverses derive.ru adds to a change event's organizations (W3C ORG).
_ORG_INVERSES = {ORG + "resultingOrganization": ORG + "resultedFrom", ORG + "originalOrganization": ORG + "changedBy"}
#: Names and kinds: the curated description of an entity (docs/model.md, principle 2).
_NAME_PROPERTIES = (RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel", WPK + "hangul")
#: Readable names of the standard properties the ontology reuses without labelling them.
READABLE = {
    RDFS + "label": "name", RDFS + "comment": "comment", SKOS + "altLabel": "other names",
    SKOS + "prefLabel": "preferred name", SKOS + "definition": "definition", SKOS + "inScheme": "in scheme",
    SKOS + "closeMatch": "close match", SKOS + "exactMatch": "exact match", OWL + "sameAs": "same as",
    RDF + "type": "class", RDF + "subject": "subject", RDF + "predicate": "property", RDF + "object": "value",
    ORG + "memberOf": "member of", ORG + "member": "member", ORG + "organization": "organization",
    ORG + "role": "role", ORG + "unitOf": "unit of", ORG + "subOrganizationOf": "part of",
    ORG + "hasUnit": "has unit", ORG + "hasSubOrganization": "has part",
    ORG + "originalOrganization": "original organization", ORG + "resultingOrganization": "resulting organization",
    PROV + "wasDerivedFrom": "source", PROV + "hadPrimarySource": "primary source",
    SCHEMA + "description": "description", SCHEMA + "birthDate": "birth date", SCHEMA + "deathDate": "death date",
    SCHEMA + "birthPlace": "birth place", SCHEMA + "parent": "parent", SCHEMA + "children": "children",
    SCHEMA + "sibling": "sibling", OWL + "differentFrom": "different from",
    "http://purl.org/dc/terms/references": "references", "http://purl.org/dc/terms/title": "title",
    "http://purl.org/dc/terms/creator": "creator", "http://wikiba.se/ontology#rank": "rank",
}


@dataclass(frozen=True)
class Value:
    """One RDF term as a page shows it: a link (IRI and label) or a literal."""

    text: str
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None


@dataclass
class Card:
    """One statement as a card: what it says, when, in whose words, from which source."""

    iri: str
    kind: str
    subject: Value | None
    predicate: Value | None
    value: Value | None
    date: str | None
    date_text: str | None
    name_as_written: str | None
    source: Value | None
    quote: str | None
    doubts: list[str] = field(default_factory=list)
    primary_sources: list[Value] = field(default_factory=list)
    details: list[tuple[Value, Value]] = field(default_factory=list)
    conflicts: list[Value] = field(default_factory=list)
    deprecated: bool = False


@dataclass
class ConflictView:
    """A disagreement: its name, what differs, and every competing statement."""

    iri: str
    label: str
    comment: str | None
    cards: list[Card]


@dataclass
class Page:
    """Everything one resource's page shows."""

    iri: str
    label: str
    types: list[Value]
    names: list[tuple[Value, list[Value]]]
    facts: list[tuple[Value, list[Value]]]
    groups: list[tuple[str, list[Card]]]
    conflicts: list[ConflictView]
    linked_from: list[tuple[Value, list[Value]]]
    card: Card | None = None


class Description:
    """The triples of a description, indexed for building a page."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.out: dict[str, dict[str, list[ox.NamedNode | ox.Literal]]] = defaultdict(lambda: defaultdict(list))
        self.incoming: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for t in triples:
            s, p, o = t.subject, t.predicate, t.object
            if not isinstance(s, ox.NamedNode) or not isinstance(o, (ox.NamedNode, ox.Literal)):
                continue  # the data has no blank nodes (docs/model.md)
            self.out[s.value][p.value].append(o)
            if isinstance(o, ox.NamedNode):
                self.incoming[o.value].append((s.value, p.value))

    def objects(self, s: str, p: str) -> list[ox.NamedNode | ox.Literal]:
        return self.out.get(s, {}).get(p, [])

    def one(self, s: str, p: str) -> ox.NamedNode | ox.Literal | None:
        found = self.objects(s, p)
        return found[0] if found else None

    def text(self, s: str, p: str) -> str | None:
        term = self.one(s, p)
        return term.value if term is not None else None

    def label(self, iri: str) -> str:
        """Return the English label (or any label, or a readable tail of the IRI)."""
        labels = [t for t in self.objects(iri, RDFS + "label") if isinstance(t, ox.Literal)]
        for term in sorted(labels, key=lambda t: (t.language not in ("en", None), t.value)):
            return term.value
        return READABLE.get(iri) or short(iri)

    def value(self, term: ox.NamedNode | ox.Literal) -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(self.label(term.value), term.value)
        return Value(term.value, lang=term.language, datatype=term.datatype.value)

    def is_statement(self, iri: str) -> bool:
        return any(t.value in STATEMENT_CLASSES for t in self.objects(iri, RDF_TYPE))


def short(iri: str) -> str:
    """Return a readable name for an IRI without a label: its path under the base, or its tail.

    >>> short("https://w3id.org/wpkld/claim/000-pak-hon-yong-fate")
    'claim/000-pak-hon-yong-fate'
    >>> short("http://www.w3.org/ns/org#memberOf")
    'memberOf'
    """
    if iri.startswith(BASE):
        return iri[len(BASE):]
    return iri[max(iri.rfind("#"), iri.rfind("/")) + 1:] or iri


def date_of(d: Description, s: str) -> str | None:
    """Return a statement's parsed date as text: a day, "1955 – 1956", "from 1957", ..."""
    get = {name: d.text(s, WPK + name) for name in _DATES}
    if d.text(s, RDF + "predicate") == WPK + "date" and d.text(s, RDF + "object"):
        get["date"] = d.text(s, RDF + "object")
    if get["date"]:
        return get["date"]
    low = get["earliestDate"] or get["startDate"]
    high = get["latestDate"] or get["endDate"]
    if low and high:
        return f"{low} – {high}"
    if low:
        return f"{'from' if get['startDate'] else 'not before'} {low}"
    if high:
        return f"{'until' if get['endDate'] else 'by'} {high}"
    return None


def card(d: Description, s: str) -> Card:
    """Build the card of one statement."""
    kinds = [t.value for t in d.objects(s, RDF_TYPE) if t.value in STATEMENT_CLASSES]
    kind = kinds[0][len(WPK):] if kinds else "Statement"
    one = d.one
    subject = predicate = value = None
    if kind == "Claim":
        subject, predicate, value = (one(s, RDF + n) for n in ("subject", "predicate", "object"))
        if predicate is not None and predicate.value == WPK + "date":
            value = None  # the date is the card's date line
    elif kind == "Membership":
        subject, value = one(s, ORG + "member"), one(s, ORG + "organization")
        predicate = one(s, ORG + "role") or ox.NamedNode(ORG + "memberOf")
    elif kind == "Quantity":
        subject, predicate = one(s, WPK + "quantityOf"), one(s, WPK + "quantityKind")
    shown_value = d.value(value) if value is not None else None
    if kind == "Quantity":
        number, words = d.text(s, WPK + "value"), d.text(s, WPK + "valueText")
        unit = one(s, WPK + "unit")
        unit_label = f" {d.label(unit.value)}" if isinstance(unit, ox.NamedNode) else ""
        shown_value = Value(f"{number}{unit_label}" + (f" (“{words}”)" if words else ""))
    details = [(d.value(ox.NamedNode(p)), d.value(o)) for p, objects in sorted(d.out[s].items())
               if p not in _CARD_FIELDS and p not in _DERIVED_LINKS and not p.endswith(_DATES)
               for o in objects]
    for p in (WPK + "roleText", WPK + "chargeText", WPK + "faction"):
        details += [(d.value(ox.NamedNode(p)), d.value(o)) for o in d.objects(s, p)]
    source = one(s, PROV + "wasDerivedFrom")
    return Card(
        iri=s, kind=kind,
        subject=d.value(subject) if subject is not None else None,
        predicate=d.value(predicate) if predicate is not None else None,
        value=shown_value, date=date_of(d, s), date_text=d.text(s, WPK + "dateText"),
        name_as_written=d.text(s, WPK + "nameAsWritten"),
        source=d.value(source) if source is not None else None,
        quote=d.text(s, WPK + "quote"),
        doubts=[t.value for t in d.objects(s, WPK + "doubt")],
        primary_sources=[d.value(t) for t in d.objects(s, PROV + "hadPrimarySource")],
        details=details,
        conflicts=[Value(d.label(c), c) for c, p in sorted(d.incoming.get(s, []))
                   if p == WPK + "conflictingStatement"],
        deprecated=d.text(s, "http://wikiba.se/ontology#rank") == "http://wikiba.se/ontology#DeprecatedRank",
    )


def _derived(d: Description, iri: str, statements: list[str]) -> set[tuple[str, str, str]]:
    """Return the direct triples the statements yield (derive.ru), to show them as cards only."""
    found = set()
    for s in statements:
        get = d.text
        if get(s, RDF + "subject") and get(s, RDF + "predicate"):
            subject, predicate = get(s, RDF + "subject"), get(s, RDF + "predicate")
            for o in d.objects(s, RDF + "object"):
                found.add((subject or "", predicate or "", o.value))
                if predicate in _ORG_INVERSES:
                    found.add((o.value, _ORG_INVERSES[predicate], subject or ""))
            if predicate == WPK + "date":
                for name in _DATES[1:]:
                    for o in d.objects(s, WPK + name):
                        found.add((subject or "", WPK + name, o.value))
        found.update((s, p, o.value) for p in _DERIVED_LINKS for o in d.objects(s, p))
        if get(s, ORG + "member") and get(s, ORG + "organization"):
            found.add((get(s, ORG + "member") or "", ORG + "memberOf", get(s, ORG + "organization") or ""))
    return found


def _group_key(c: Card, iri: str) -> str:
    """Group cards by what they say about the resource, e.g. "victim" or "member of"."""
    if c.kind == "Membership":
        return "memberships" if c.subject and c.subject.iri == iri else "members"
    if c.kind == "Quantity":
        return "numbers"
    name = c.predicate.text if c.predicate else "statement"
    if c.subject and c.subject.iri != iri:
        return f"{name} (as value)"
    return name


def page(iri: str, triples: Iterable[ox.Triple]) -> Page:
    """Build the page of a resource from its description.

    >>> from wpkld import open as open_
    >>> from wpkld.web.describe import description
    >>> p = page("https://w3id.org/wpkld/person/pak-hon-yong",
    ...          description(open_(), "https://w3id.org/wpkld/person/pak-hon-yong").triples)
    >>> p.label, all(c.source and c.quote for _, cards in p.groups for c in cards)
    ('Pak Hon-yong', True)
    """
    d = Description(triples)
    is_statement = d.is_statement(iri)
    statements = sorted({s for s in d.out if s != iri and d.is_statement(s)
                         and any(d.text(s, p) == iri for p in (RDF + "subject", RDF + "object",
                                 ORG + "member", ORG + "organization", WPK + "quantityOf",
                                 WPK + "faction"))})
    derived = _derived(d, iri, statements + ([iri] if is_statement else []))
    cards = [card(d, s) for s in statements]
    groups: dict[str, list[Card]] = defaultdict(list)
    for c in cards:
        groups[_group_key(c, iri)].append(c)
    conflict_iris = sorted({c for c, p in
                            (pair for s in d.out for pair in d.incoming.get(s, []))
                            if p == WPK + "conflictingStatement"} |
                           ({iri} if WPK + "conflictingStatement" in d.out.get(iri, {}) else set()))
    conflicts = [ConflictView(c, d.label(c), d.text(c, RDFS + "comment"),
                              [card(d, s.value) for s in sorted(d.objects(c, WPK + "conflictingStatement"),
                                                                key=lambda t: t.value)])
                 for c in conflict_iris]
    names: list[tuple[Value, list[Value]]] = []
    facts: list[tuple[Value, list[Value]]] = []
    for p, objects in sorted(d.out.get(iri, {}).items()):
        if p == RDF_TYPE:
            continue
        kept = [o for o in objects if (iri, p, o.value) not in derived]
        if not kept or (is_statement and p in _CARD_FIELDS) or p.endswith(_DATES) and is_statement:
            continue
        entry = (d.value(ox.NamedNode(p)), [d.value(o) for o in sorted(kept, key=lambda t: t.value)])
        (names if p in _NAME_PROPERTIES else facts).append(entry)
    names.sort(key=lambda e: _NAME_PROPERTIES.index(e[0].iri) if e[0].iri in _NAME_PROPERTIES else 9)
    shown = set(statements) | set(conflict_iris) | {iri}
    linked: dict[str, list[Value]] = defaultdict(list)
    for s, p in sorted(d.incoming.get(iri, [])):
        if s in shown or (s, p, iri) in derived or p in (WPK + "conflictingStatement",):
            continue
        linked[p].append(Value(d.label(s), s))
    return Page(
        iri=iri, label=d.label(iri),
        types=[d.value(t) for t in d.objects(iri, RDF_TYPE)],
        names=names, facts=facts,
        groups=sorted(groups.items()),
        conflicts=conflicts,
        linked_from=[(d.value(ox.NamedNode(p)), values) for p, values in sorted(linked.items())],
        card=card(d, iri) if is_statement else None,
    )


