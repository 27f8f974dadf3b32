"""The entity reconciliation service: match names to wpkld resources, suggest, preview, extend with sources.

Spec-shaped dictionaries in and out, for both versions of the W3C Entity
Reconciliation Community Group API that clients speak: 0.2 (OpenRefine 3.x)
and the 1.0 draft; :mod:`wpkld.serve.reconcile_http` puts them on HTTP.

Names are matched by :class:`wpkld.names.Resolver`, the matcher of ``wpkld
resolve`` and of query parameters, so every spelling of the texts, Hangul
and its romanizations find the same resource. A candidate's score is 0-100
(100: a name of the resource after folding), minus 20 for each property
given in the query that the resource's statements do not bear out;
``match`` is true only for a top candidate at 100 that is 10 points ahead
of the next one. Data extension returns every value with the source text
that states it and the verbatim quote, in companion columns
(``PROPERTY/source``, ``PROPERTY/quote``), because the spec's value objects
admit no other keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pyoxigraph import Literal, NamedNode

from ..errors import ParameterError, QueryError
from ..names import Match, Resolver, fold
from ..namespaces import BASE, WPK, XSD, expand
from ..namespaces import compress as compact
from ..queries import internal_catalogue
from ..store import OxigraphStore
from ..terms import Term

#: The types offered by default: what people reconcile spreadsheets against.
DEFAULT_TYPES = ("Person", "Faction", "PoliticalParty", "PartyBody", "StateBody",
                 "Organization", "Event", "RepressionEvent", "Meeting", "Place")
MAX_BATCH = 200
MAX_LIMIT = 100
_PENALTY = 20
_MARGIN = 10


@dataclass(frozen=True)
class Kind:
    """A type of the service: an ontology class."""

    iri: str
    name: str
    description: str

    @property
    def id(self) -> str:
        return compact(self.iri)

    def json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


class Service:
    """Reconciliation over one store and its name matcher."""

    def __init__(self, store: OxigraphStore, resolver: Resolver) -> None:
        self.store, self.resolver = store, resolver
        named = resolver.classes
        self.kinds: dict[str, Kind] = {}
        for row in internal_catalogue()["reconcile-classes"].run(store).rows:
            iri = row["class"].value
            if iri in named and iri not in self.kinds:
                comment = row["comment"].value if "comment" in row else ""
                self.kinds[iri] = Kind(iri, row["label"].value, comment)
        self.properties: dict[str, dict[str, str]] = {}  # class -> property IRI -> label
        for row in internal_catalogue()["reconcile-properties"].run(store).rows:
            label = row["propertyLabel"].value if "propertyLabel" in row else compact(row["property"].value)
            for cls in resolver.superclasses(row["class"].value):
                self.properties.setdefault(cls, {})[row["property"].value] = label

    # -- identifiers -----------------------------------------------------------------

    @staticmethod
    def entity_id(iri: str) -> str:
        """The service's id of a resource: its path under the base (``person/pak-hon-yong``)."""
        return iri[len(BASE):] if iri.startswith(BASE) else iri

    def entity_iri(self, value: str) -> str:
        """Return the IRI for an id, CURIE or IRI of a named resource.

        :raises ParameterError: when it names nothing in the data.
        """
        text = value.strip()
        iri = text if "://" in text else (expand(text) or BASE + text)
        if not any(m.iri == iri for m in self.resolver.resolve(iri, limit=1)):
            raise ParameterError("id", f"no resource {text!r} in the data")
        return iri

    def kind(self, value: str) -> Kind:
        """Return the type for ``wpk:Person``, ``Person`` or the class IRI.

        :raises ParameterError: for an unknown type, listing the known ones.
        """
        text = value.strip()
        iri = text if "://" in text else (expand(text) or WPK + text)
        if iri not in self.kinds:
            known = ", ".join(sorted(k.id for k in self.kinds.values() if k.iri.startswith(WPK)))
            raise ParameterError("type", f"unknown type {value!r} (use one of: {known})")
        return self.kinds[iri]

    def property_iri(self, value: str) -> str:
        """Return the IRI of a property given as CURIE or IRI.

        :raises ParameterError: when no statement in the data uses it.
        """
        text = value.strip()
        iri = text if "://" in text else (expand(text) or text)
        if not any(iri in props for props in self.properties.values()):
            raise ParameterError("property", f"no statement in the data gives property {value!r}"
                                             " (see the property suggest service)")
        return iri

    def default_types(self) -> list[dict[str, str]]:
        return [self.kinds[WPK + n].json() for n in DEFAULT_TYPES if WPK + n in self.kinds]

    # -- matching --------------------------------------------------------------------

    def match(self, text: str, *, kind: str | None = None, limit: int = 5,
              properties: Iterable[tuple[str, Any]] = ()) -> list[dict[str, Any]]:
        """Return the candidates for one query, best first, as spec-shaped dictionaries."""
        classes = (self.kind(kind).iri,) if kind else ()
        limit = max(1, min(int(limit), MAX_LIMIT))
        conditions = [(self.property_iri(pid), value) for pid, value in properties]
        found = self.resolver.resolve(text, limit=limit + 5, classes=classes) if text.strip() else []
        scored = []
        for m in found:
            checks = [(pid, self._bears_out(m.iri, pid, value)) for pid, value in conditions]
            score = max(0, round(m.score * 100) - _PENALTY * sum(not ok for _, ok in checks))
            scored.append((score, m, checks))
        scored.sort(key=lambda s: -s[0])  # stable: ties keep the matcher's order (label before other names)
        out = []
        for i, (score, m, checks) in enumerate(scored[:limit]):
            next_score = scored[1][0] if len(scored) > 1 else -1
            unambiguous = i == 0 and score == 100 and score - next_score >= _MARGIN
            features = [{"id": "name", "name": "name similarity", "value": round(m.score * 100)}]
            features += [{"id": compact(pid), "name": f"{self._property_label(pid)} agrees",
                          "value": ok} for pid, ok in checks]
            out.append({"id": self.entity_id(m.iri), "name": m.label,
                        "description": self._describe(m), "score": score,
                        "match": unambiguous, "type": [self._kind_of(m.cls).json()],
                        "features": features})
        return out

    def _describe(self, m: Match) -> str:
        kind = self._kind_of(m.cls).name
        return kind if fold(m.matched) == fold(m.label) else f"{kind}; matched {m.matched!r}"

    def _kind_of(self, cls: str) -> Kind:
        return self.kinds.get(cls) or Kind(cls, compact(cls), "")

    def _property_label(self, pid: str) -> str:
        return next((props[pid] for props in self.properties.values() if pid in props), compact(pid))

    def _bears_out(self, iri: str, pid: str, value: Any) -> bool:
        """Whether a statement about ``iri`` gives ``value`` for ``pid`` (an id, a name or a year)."""
        wanted = value.get("id") if isinstance(value, dict) else value
        if wanted is None:
            return False
        text = str(wanted).strip()
        for row in self.values(iri, pid):
            term = row["value"]
            if isinstance(term, NamedNode):
                names = [self.entity_id(term.value), compact(term.value), term.value]
                if row.get("valueLabel") is not None:
                    names.append(row["valueLabel"].value)
                if fold(text) in {fold(n) for n in names} or self._names(text, term.value):
                    return True
            elif fold(term.value).startswith(fold(text)):  # "1900" agrees with 1900-06-01
                return True
        return False

    def _names(self, text: str, iri: str) -> bool:
        """Whether ``text`` is a name of the resource ``iri`` (any spelling)."""
        best = self.resolver.resolve(text, limit=3)
        return any(m.iri == iri and m.score == 1.0 for m in best)

    # -- suggest, preview ------------------------------------------------------------

    def suggest_entities(self, prefix: str, *, kind: str | None = None,
                         limit: int = 10) -> list[dict[str, Any]]:
        classes = (self.kind(kind).iri,) if kind else ()
        found = self.resolver.resolve(prefix, limit=max(1, min(limit, MAX_LIMIT)), classes=classes)
        return [{"id": self.entity_id(m.iri), "name": m.label, "description": self._describe(m),
                 "notable": [self._kind_of(m.cls).json()]} for m in found]

    def suggest_types(self, prefix: str, *, limit: int = 10) -> list[dict[str, str]]:
        key = fold(prefix)
        found = [k for k in self.kinds.values() if key in fold(k.name) or key in fold(k.id)]
        found.sort(key=lambda k: (not fold(k.name).startswith(key), k.name))
        return [{**k.json(), "description": k.description} for k in found[:limit]]

    def suggest_properties(self, prefix: str, *, kind: str | None = None,
                           limit: int = 10) -> list[dict[str, str]]:
        key = fold(prefix)
        props = self.properties.get(self.kind(kind).iri, {}) if kind else \
            {p: label for props in self.properties.values() for p, label in props.items()}
        found = sorted((label, p) for p, label in props.items()
                       if key in fold(label) or key in fold(compact(p)))
        return [{"id": compact(p), "name": label} for label, p in found[:limit]]

    def propose_properties(self, kind: str, *, limit: int = 50) -> list[dict[str, str]]:
        props = self.properties.get(self.kind(kind).iri, {})
        return [{"id": compact(p), "name": label}
                for label, p in sorted((label, p) for p, label in props.items())[:limit]]

    def card(self, value: str) -> dict[str, Any]:
        """What the preview card of a resource shows: label, class, names, Hangul, comment."""
        iri = self.entity_iri(value)
        fields: dict[str, list[str]] = {}
        for row in internal_catalogue()["reconcile-card"].run(self.store, {"resource": iri}).rows:
            fields.setdefault(row["field"].value, []).append(row["value"].value)
        return {"iri": iri, "id": self.entity_id(iri), **{k: sorted(set(v)) for k, v in fields.items()}}

    # -- data extension --------------------------------------------------------------

    def values(self, iri: str, pid: str) -> list[dict[str, Term]]:
        """The statements' values for one entity and property, with source and quote."""
        return internal_catalogue()["reconcile-extend"].run(self.store, {"entity": iri, "property": pid}).rows

    def extend(self, ids: list[str], properties: list[str]) -> tuple[list[dict[str, Any]],
                                                                     dict[str, dict[str, list[Any]]]]:
        """Return the extension's columns (``meta``) and its values by entity id and column id."""
        if len(ids) > MAX_BATCH:
            raise QueryError(f"at most {MAX_BATCH} ids in one extension request")
        pids = [(p, self.property_iri(p)) for p in properties]
        meta: list[dict[str, Any]] = []
        for given, pid in pids:
            label = self._property_label(pid)
            meta += [{"id": given, "name": label},
                     {"id": f"{given}/source", "name": f"{label}: source"},
                     {"id": f"{given}/quote", "name": f"{label}: quote"}]
        rows: dict[str, dict[str, list[Any]]] = {}
        for given_id in ids:
            iri = self.entity_iri(given_id)
            row: dict[str, list[Any]] = {}
            for given, pid in pids:
                found = self.values(iri, pid)
                row[given] = [self._value(r) for r in found]
                row[f"{given}/source"] = [self._entity(r["source"], r.get("sourceLabel")) for r in found]
                row[f"{given}/quote"] = [{"str": r["quote"].value} for r in found]
            rows[given_id] = row
        return meta, rows

    def _value(self, row: Mapping[str, Term]) -> dict[str, Any]:
        term = row["value"]
        if isinstance(term, NamedNode):
            return self._entity(term, row.get("valueLabel"))
        if isinstance(term, Literal):
            datatype = term.datatype.value
            if datatype == XSD + "integer":
                return {"int": int(term.value)}
            if datatype in (XSD + "decimal", XSD + "double"):
                return {"float": float(term.value)}
            if datatype == XSD + "date":
                return {"date": term.value + "T00:00:00Z"}
        return {"str": term.value}

    def _entity(self, term: Term, label: Term | None) -> dict[str, str]:
        return {"id": self.entity_id(term.value), "name": label.value if label is not None else compact(term.value)}

