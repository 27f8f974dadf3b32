"""Turn any spelling of a name, a slug or a CURIE into the IRI of a resource.

The texts spell Korean names many ways (Pak Hon-yong, Park Hun-young, Pak
Hŏn-yŏng, and mojibake such as "Pak Hn-yng"); every spelling they use is an
``skos:altLabel`` in the data. The :class:`Resolver` compares names after
folding case, diacritics, hyphens, spaces and apostrophes, so "Chŏng" finds
"Chong" and "Yan'an" finds "Yanan".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import ParameterError
from .limits import check_name
from .namespaces import WPK, compress, expand
from .queries import internal_catalogue
from .romanize import is_hangul, spellings

if TYPE_CHECKING:
    from .store import Store

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S*|urn:\S+")

def fold(text: str) -> str:
    """Return the key a name is compared by: letters and digits, no case or accents.

    >>> fold("Ch'oe Ch'ang-ik") == fold("Choe Changik")
    True
    >>> fold("Hŏ Ka-i")
    'hokai'
    """
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in decomposed if c.isalnum())


@dataclass(frozen=True)
class Match:
    """A resource that a name matched, and how well."""

    iri: str
    label: str
    #: The spelling (label, alternative label or slug) that matched.
    matched: str
    #: 1.0 for a match after folding; less for a near match.
    score: float
    #: The resource's class (a ``wpk:`` IRI).
    cls: str


@dataclass(frozen=True)
class _Name:
    iri: str
    label: str
    spelling: str
    key: str
    #: How strongly the spelling names the resource: 0 its slug, 1 its label
    #: or the initials of its label ("WPK"), 2 another spelling (texts reuse
    #: names: 003 calls the 1946 party "WPK" too), 3 a romanization of its
    #: Hangul name (no text wrote it).
    rank: int


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def initials(label: str) -> str:
    """Return the initials of a label's capitalized words: what its acronym would be.

    >>> initials("Workers' Party of Korea"), initials("North Workers' Party of Korea")
    ('WPK', 'NWPK')
    """
    return "".join(word[0] for word in label.split() if word[:1].isupper())


class Resolver:
    """Every name of every resource, and lookups by any spelling.

    >>> from wpkld.namespaces import WPK
    >>> r = Resolver([("https://w3id.org/wpkld/person/mu-chong", WPK + "Person", "Mu Chong", "Mu Chng")],
    ...              {WPK + "Person": {WPK + "Person"}})
    >>> r.resolve("mu chng")[0].label
    'Mu Chong'
    >>> r.resolve("Mu Jong")[0].score < 1
    True
    """

    def __init__(self, names: Iterable[tuple[str, str, str, str]],
                 superclasses: Mapping[str, Collection[str]], *,
                 romanized: Iterable[tuple[str, str, str, str]] = ()) -> None:
        """:param names: ``(iri, class, label, spelling)`` for every spelling.
        :param superclasses: every class's superclasses, itself included.
        :param romanized: more spellings, made from Hangul names (:mod:`wpkld.romanize`):
            the weakest, so that a spelling the texts use is the one shown."""
        self._names: list[_Name] = []
        #: Where the names were read (from_store): an ambiguous name's choices are dated from it.
        self._store: Store | None = None
        self._class: dict[str, str] = {}
        self._label: dict[str, str] = {}
        self._superclasses = {c: frozenset(s) for c, s in superclasses.items()}
        seen: set[tuple[str, str]] = set()
        entries = [(n, False) for n in names] + [(n, True) for n in romanized]
        for (iri, cls, label, spelling), made in entries:
            self._class[iri], self._label[iri] = cls, label
            slug = iri.rsplit("/", 1)[-1]
            own = spelling == label or (_ACRONYM.fullmatch(spelling) is not None
                                        and spelling == initials(label))
            strength = 1 if own else 3 if made else 2
            for text, rank in ((slug, 0), (spelling, strength)):
                if (iri, text) not in seen:
                    seen.add((iri, text))
                    self._names.append(_Name(iri, label, text, fold(text), rank))
        # A fixed order, so that ties resolve the same whatever order the store answered in.
        self._names.sort(key=lambda n: (n.iri, n.rank, n.spelling))
        self._by_key: dict[str, list[_Name]] = {}
        for name in self._names:
            self._by_key.setdefault(name.key, []).append(name)

    @classmethod
    def from_store(cls, store: Store) -> Resolver:
        """Read the names and the class hierarchy from a store (two queries)."""
        rows = internal_catalogue()["names"].run(store).rows
        names = [(r["x"].value, r["class"].value, r["label"].value, r["name"].value)
                 for r in rows if all(k in r for k in ("x", "class", "label", "name"))]
        # Hangul names also answer to their romanizations (wpkld.romanize).
        romanized = [(iri, cls, label, spelling) for iri, cls, label, name in names if is_hangul(name)
                     for spelling in spellings(name, personal=cls == WPK + "Person")]
        direct: dict[str, set[str]] = {}
        for r in internal_catalogue()["subclasses"].run(store).rows:
            direct.setdefault(r["class"].value, set()).add(r["super"].value)
        resolver = cls(names, _closure(direct, {n[1] for n in names}), romanized=romanized)
        resolver._store = store
        return resolver

    def __len__(self) -> int:
        """Return the number of resources that have a name."""
        return len(self._label)

    @property
    def classes(self) -> frozenset[str]:
        """The classes of the named resources, and their superclasses."""
        return frozenset(c for cls in set(self._class.values())
                         for c in self._superclasses.get(cls, {cls}))

    def superclasses(self, cls: str) -> frozenset[str]:
        """Return a class's superclasses, itself included."""
        return self._superclasses.get(cls, frozenset({cls}))

    def _in(self, iri: str, classes: Collection[str]) -> bool:
        if not classes:
            return True
        cls = self._class[iri]
        return any(c in self._superclasses.get(cls, {cls}) for c in classes)

    def resolve(self, name: str, limit: int = 5, *, classes: Collection[str] = ()) -> list[Match]:
        """Return the resources whose names best match ``name``, best first.

        :param name: any spelling, a slug, a CURIE or an IRI.
        :param limit: the most matches to return.
        :param classes: keep only instances of these classes (or their subclasses).
        :raises ParameterError: when the name is longer than :data:`wpkld.limits.MAX_NAME`.
        """
        check_name(name, "name")  # the fuzzy ranking costs the product of the lengths
        iri = _iri_of(name.strip())
        if iri in self._label and self._in(iri, classes):
            return [Match(iri, self._label[iri], name.strip(), 1.0, self._class[iri])]
        key = fold(name)
        if not key:
            return []
        best: dict[str, tuple[float, int, str]] = {}
        scores: dict[str, float] = {}  # spellings share keys: score each key once
        # difflib caches what it learns of the second sequence: the query, compared with every key.
        matcher = difflib.SequenceMatcher(None, b=key, autojunk=False)
        for entry in self._names:
            if not self._in(entry.iri, classes):
                continue
            if entry.key not in scores:
                scores[entry.key] = _similarity(key, entry.key, matcher)
            found = (scores[entry.key], -entry.rank, entry.spelling)
            if found[:2] > best.get(entry.iri, (0.0, -9, ""))[:2]:
                best[entry.iri] = found
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], self._label[kv[0]], kv[0]))
        return [Match(iri, self._label[iri], spelling, round(score, 3), self._class[iri])
                for iri, (score, _, spelling) in ranked[:limit] if score >= 0.5]

    def identify(self, value: str, *, classes: Collection[str] = (),
                 parameter: str = "name") -> Match:
        """Return the one resource that ``value`` names exactly (after folding).

        :raises ParameterError: naming ``parameter``, when no resource or more
            than one has this name; the message lists the closest names.
        """
        check_name(value, parameter)
        text = value.strip()
        iri = _iri_of(text)
        if iri in self._label and self._in(iri, classes):
            return Match(iri, self._label[iri], text, 1.0, self._class[iri])
        what = " or ".join(compress(c) for c in classes) or "resource"
        if iri in self._label:
            raise ParameterError(parameter, f"{compress(iri)} is a {compress(self._class[iri])},"
                                            f" expected a {what}")
        if _IRI.fullmatch(text):
            raise ParameterError(parameter, f"no {what} <{text}> in the data")
        same = [n for n in self._by_key.get(fold(text), []) if self._in(n.iri, classes)]
        strongest = min((n.rank for n in same), default=0)
        exact = {n.iri: n for n in reversed(same) if n.rank == strongest}
        if len(exact) == 1:
            (found,) = exact.values()
            return Match(found.iri, found.label, found.spelling, 1.0, self._class[found.iri])
        if exact:
            options = "; ".join(f"{n.label} ({compress(i)}{self._span(i)})" for i, n in sorted(exact.items()))
            raise ParameterError(parameter, f"{text!r} names more than one {what}: {options};"
                                            " give the IRI or CURIE instead")
        near = self.resolve(text, classes=classes)
        hint = ("; closest: " + "; ".join(f"{m.label} ({compress(m.iri)})" for m in near)
                if near else "")
        raise ParameterError(parameter, f"no {what} named {text!r} in the data{hint}"
                                        " (see wpkld resolve)")

    def _span(self, iri: str) -> str:
        """Return ", FROM–TO" of the years a resource spans, or "" (no store, no dates)."""
        if self._store is None:
            return ""
        from pyoxigraph import NamedNode

        rows = internal_catalogue()["name-span"].run(self._store, {"x": NamedNode(iri)}).rows
        years = [rows[0][k].value[:4].strip("~") if rows and k in rows[0] else "" for k in ("from", "to")]
        if not any(years):
            return ""
        return ", " + (years[0] if years[0] == years[1] else "\u2013".join(years))


def _similarity(query: str, key: str, matcher: difflib.SequenceMatcher[str]) -> float:
    """Score a folded name against a folded query: 1 equal, <1 near, 0 unrelated.

    :param matcher: a matcher whose second sequence is ``query``.
    """
    if query == key:
        return 1.0
    contained = len(query) >= 3 and query in key
    matcher.set_seq1(key)
    # Cheap upper bounds first (as difflib.get_close_matches does): below 0.5 nothing is kept.
    if not contained and (0.95 * matcher.real_quick_ratio() < 0.5 or 0.95 * matcher.quick_ratio() < 0.5):
        return 0.0
    ratio = matcher.ratio()
    if contained:
        ratio = max(ratio, 0.5 + 0.4 * len(query) / len(key))
    return 0.95 * ratio


def _closure(direct: Mapping[str, Collection[str]], classes: Iterable[str]) -> dict[str, set[str]]:
    """Return every class's superclasses (itself included), following ``direct``."""
    out: dict[str, set[str]] = {}
    for cls in {*direct, *classes}:
        seen, todo = {cls}, [cls]
        while todo:
            for sup in direct.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        out[cls] = seen
    return out


def _iri_of(text: str) -> str | None:
    """Return ``text`` if it is an absolute IRI, the expansion of a CURIE, else None."""
    return text if _IRI.fullmatch(text) else expand(text)
