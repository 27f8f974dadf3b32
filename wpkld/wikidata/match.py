"""Match wpkld resources with Wikidata items on several independent signals.

A signal is one comparison between what the texts (and the Hangul alignment)
say about a resource and what a stored Wikidata output says about an item. The
signals fall into groups that do not depend on each other:

- ``name``: the Hangul name equals the item's Korean label (or equals it under
  the South Korean initial-sound rule, 리승엽 = 이승엽), a native-script name
  the source gives, or an English label equals one of the texts' spellings
  (exactly after folding case, hyphens and diacritics, or, for a person, as
  a close romanization variant: Josef/Joseph Stalin);
- ``dates``: the birth or death year Wikidata gives equals one the texts give
  (a death date, or the date of an execution or other deadly outcome);
- ``role``: the item's description names an occupation of the texts' people
  (politician, soldier, activist, leader ...), its nationality is the DPRK, or
  the source ranks it under politics;
- ``kind``: the source query returns things of the resource's kind (parties,
  events, states, places); for events also the date the item gives.

A link is ``evidenced`` when a name signal and a signal of another group
agree; otherwise it stays a ``candidate``. Some comparisons rule an item out
(a veto): a person born after the texts show him active, or an item of
another kind. Disagreements that do not rule out (Wikidata's death year
before the texts' last mention) lower the confidence and are recorded.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..namespaces import WPK
from .evidence import Item

if TYPE_CHECKING:
    from ..store import Store

#: The kinds of source query compatible with each class (wpkld.wikidata.evidence.SOURCE_KINDS).
KINDS: dict[str, set[str]] = {
    WPK + "Person": {"human"},
    WPK + "PoliticalParty": {"party"},
    WPK + "State": {"state", "place"},  # a country is also a place of birth
    WPK + "Place": {"place"},
    WPK + "Event": {"event"},
    WPK + "Meeting": {"event"},
    WPK + "RepressionEvent": {"event"},
    WPK + "OrganizationalChange": {"event"},
}

#: Words of a description (Korean or English) that name an occupation of the
#: texts' people: politicians, soldiers, activists, leaders, officials.
ROLE_WORDS = ("정치", "군인", "장군", "원수", "운동가", "독립운동", "지도자", "국가원수", "대통령",
              "관료", "공산주의", "politic", "soldier", "general", "marshal", "activist",
              "communist", "leader", "statesman", "president", "official", "revolutionary")

#: Nationality (P27) that ties an item to the texts' country: the DPRK.
DPRK = "Q423"

#: Years a person must be older than at his first dated activity in the texts.
MIN_AGE = 10

_STOP = {"of", "the", "and", "party", "in", "korea", "korean", "s"}


@dataclass(frozen=True)
class Signal:
    """One comparison: its group, its name, whether it agrees, and what was compared."""

    group: str
    name: str
    agrees: bool
    detail: str

    def __str__(self) -> str:
        """The form kept in a link record: ``group/name agrees: detail``.

        >>> str(Signal("name", "hangul-label", True, "박헌영 = ko label"))
        'name/hangul-label agrees: 박헌영 = ko label'
        """
        return f"{self.group}/{self.name} {'agrees' if self.agrees else 'disagrees'}: {self.detail}"


@dataclass
class Profile:
    """What the dataset says about a resource that a Wikidata item can be compared with."""

    iri: str
    cls: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    hangul: set[str] = field(default_factory=set)
    years: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    @property
    def is_person(self) -> bool:
        """True for a wpk:Person."""
        return self.cls == WPK + "Person"

    def names(self) -> set[str]:
        """The English label and every spelling the texts use."""
        return {self.label, *self.alt_labels}


@dataclass
class Match:
    """A resource compared with one item: the signals, and what they add up to."""

    resource: str
    qid: str
    signals: list[Signal]
    veto: str | None = None

    @property
    def groups(self) -> set[str]:
        """The groups with at least one agreeing signal."""
        return {s.group for s in self.signals if s.agrees}

    @property
    def full_name(self) -> bool:
        """True when a name signal agrees (a partial name does not count)."""
        return any(s.agrees and s.group == "name" for s in self.signals)

    @property
    def disagreements(self) -> list[Signal]:
        """The signals that disagree."""
        return [s for s in self.signals if not s.agrees]

    @property
    def evidenced(self) -> bool:
        """True when a name signal and a signal of another group agree, and nothing vetoes."""
        return self.veto is None and self.full_name and len(self.groups) >= 2

    @property
    def confidence(self) -> Decimal:
        """How sure the link is, from 0 to 1: by agreeing groups, less for each disagreement.

        >>> m = Match("r", "Q1", [Signal("name", "hangul-label", True, ""),
        ...                       Signal("role", "description", True, "")])
        >>> m.confidence
        Decimal('0.8')
        >>> m.signals.append(Signal("dates", "death-year", False, ""))
        >>> m.confidence
        Decimal('0.7')
        """
        if self.veto is not None:
            return Decimal("0.05")
        base = {0: 0.2, 1: 0.5, 2: 0.8}.get(len(self.groups), 0.95)
        if not any(s.agrees and s.group == "name" and "variant" not in s.name
                   for s in self.signals):
            base -= 0.05
        value = max(0.05, min(0.99, base - 0.1 * len(self.disagreements)))
        return Decimal(str(round(value, 2)))

    def rank(self) -> tuple[int, int, Decimal, int]:
        """Sort key, best first when sorted in reverse."""
        return (int(self.veto is None), int(self.evidenced), self.confidence,
                -len(self.disagreements))


def profiles(store: Store) -> dict[str, Profile]:
    """Read the profile of every linkable resource from a store (internal query ``wikidata-profiles``)."""
    from ..queries import internal_catalogue

    found: dict[str, Profile] = {}
    for row in internal_catalogue()["wikidata-profiles"].run(store).rows:
        iri = row["entity"].value
        profile = found.setdefault(iri, Profile(iri, row["class"].value, row["label"].value))
        if "alt" in row:
            profile.alt_labels.add(row["alt"].value)
        if "hangul" in row:
            profile.hangul.add(row["hangul"].value)
        if "kind" in row and "year" in row:
            profile.years[row["kind"].value].add(int(row["year"].value))
    return found


def compare(profile: Profile, item: Item) -> Match:
    """Compare a resource with an item and return the signals (and any veto).

    >>> from .evidence import Item, Row
    >>> row = Row("Q1", (("ko", "박헌영"),), "정치인", "1900-05-28", "1956-12-01", "",
    ...           ("P27:Q423",), "akngs/k-families-data", "persons.csv", "c", "2")
    >>> p = Profile("https://w3id.org/wpkld/person/x", WPK + "Person", "Pak Hon-yong",
    ...             hangul={"박헌영"})
    >>> p.years["died"] = {1955, 1956}
    >>> m = compare(p, Item("Q1", [row]))
    >>> sorted(m.groups), m.evidenced
    (['dates', 'name', 'role'], True)
    """
    signals = _name_signals(profile, item)
    veto: str | None = None
    kinds = item.kinds()
    allowed = KINDS.get(profile.cls, set())
    if allowed and kinds and not kinds & allowed:
        veto = f"the source lists {item.qid} among {'/'.join(sorted(kinds))}, not a {_local(profile.cls)}"
    if profile.is_person:
        signals += _date_signals(profile, item)
        signals += _role_signals(item)
        veto = veto or _lifetime_veto(profile, item)
    else:
        if kinds & allowed:
            signals.append(Signal("kind", "source-kind", True,
                                  f"the source query returns {'/'.join(sorted(kinds & allowed))}, "
                                  f"like this {_local(profile.cls)}"))
        signals += _event_date_signals(profile, item)
    return Match(profile.iri, item.qid, signals, veto)


def candidates(profile: Profile, items: Mapping[str, Item]) -> list[Match]:
    """Compare a resource with every item that shares a name with it, best first."""
    found = [compare(profile, item) for item in items.values() if _shares_name(profile, item)]
    return sorted(found, key=lambda m: m.rank(), reverse=True)


def name_profile(name: str) -> Profile:
    """A profile for a bare name that is no resource of the dataset (for ``suggest``).

    >>> name_profile("박헌영").hangul, name_profile("Pak Hon-yong").hangul
    ({'박헌영'}, set())
    """
    hangul = {name} if any(0xAC00 <= ord(c) < 0xAC00 + 11172 for c in name) else set()
    return Profile("", WPK + "Person" if hangul else "", name, hangul=hangul)


@dataclass
class Decision:
    """The item chosen for a resource (if any), and the items it was chosen over."""

    profile: Profile
    chosen: Match | None
    others: list[Match]


def decide(all_profiles: Iterable[Profile], items: Mapping[str, Item],
           prior: Mapping[str, str] | None = None) -> list[Decision]:
    """Choose at most one item per resource and at most one resource per item.

    :param all_profiles: the resources.
    :param items: the candidate items by Q-id.
    :param prior: resource IRI -> Q-id of an existing link record; that pair is
        always compared (even without a shared name) so an old link is judged
        by the same rules, and it wins a tie for the item.
    :returns: one decision per resource that has at least one comparison.
    """
    prior = prior or {}
    decisions: dict[str, Decision] = {}
    for profile in all_profiles:
        found = candidates(profile, items)
        old = prior.get(profile.iri)
        if old is not None and old in items and all(m.qid != old for m in found):
            found = sorted([*found, compare(profile, items[old])], key=lambda m: m.rank(),
                           reverse=True)
        usable = [m for m in found if m.veto is None]
        if found:
            decisions[profile.iri] = Decision(profile, usable[0] if usable else None,
                                              [m for m in found if not usable or m is not usable[0]])
    by_item: dict[str, list[Decision]] = defaultdict(list)
    for decision in decisions.values():
        if decision.chosen is not None:
            by_item[decision.chosen.qid].append(decision)
    for qid, rivals in by_item.items():
        if len(rivals) < 2:
            continue
        rivals.sort(key=lambda d: (d.chosen.rank() if d.chosen else (0, 0, Decimal(0), 0),
                                   prior.get(d.profile.iri) == qid, d.profile.iri), reverse=True)
        winner = rivals[0]
        for loser in rivals[1:]:
            assert loser.chosen is not None
            loser.chosen.veto = f"{qid} is linked to {winner.profile.iri}, which matches it as well or better"
            loser.others.insert(0, loser.chosen)
            loser.chosen = None
    return [decisions[k] for k in sorted(decisions)]


def fold(name: str) -> str:
    """Fold a romanized name for comparison: no case, diacritics, apostrophes or hyphens.

    >>> fold("Pak Hŏn-yŏng") == fold("Pak Hon Yong") == "pak hon yong"
    True
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[’'‘`ʼ]", "", plain.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def south(name: str) -> str:
    """Spell a Korean name's first syllable by the South Korean initial-sound rule.

    North Korean spelling keeps an initial ㄹ (리승엽); the South writes ㅇ before
    i/y vowels and ㄴ before others, and ㅇ for ㄴ before i/y (이승엽).

    >>> south("리승엽"), south("로동당"), south("박헌영")
    ('이승엽', '노동당', '박헌영')
    """
    code = ord(name[0]) - 0xAC00 if name else -1
    if not 0 <= code < 11172:
        return name
    initial, medial, final = code // 588, (code % 588) // 28, code % 28
    front = medial in (2, 3, 6, 7, 12, 17, 20)  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ
    if initial == 5:  # ㄹ
        initial = 11 if front else 2
    elif initial == 2 and front:  # ㄴ
        initial = 11
    return chr(0xAC00 + initial * 588 + medial * 28 + final) + name[1:]


def _english_names(item: Item) -> set[str]:
    """The item's English labels, with a parenthesised short name as a name of its own."""
    names: set[str] = set()
    for label in item.labels("en"):
        names.add(label)
        inner = re.fullmatch(r"(.+?)\s*\((.+)\)", label)
        if inner:
            names.update(inner.groups())
    return names


def _name_signals(profile: Profile, item: Item) -> list[Signal]:
    signals: list[Signal] = []
    korean = item.labels("ko") | item.labels("native")
    for hangul in sorted(profile.hangul):
        source = "ko label" if hangul in item.labels("ko") else "native name"
        if hangul in korean:
            signals.append(Signal("name", "hangul-label", True,
                                  f"{hangul} = {source} of {item.qid} ({_where(item)})"))
        else:
            variant = next((k for k in sorted(korean) if south(k) == south(hangul)), None)
            if variant is not None:
                signals.append(Signal("name", "hangul-variant", True,
                                      f"{hangul} = {variant} under the initial-sound rule "
                                      f"({item.qid}, {_where(item)})"))
    ours: dict[str, str] = {}
    for name in [profile.label, *sorted(profile.alt_labels)]:  # the label wins a tie
        ours.setdefault(fold(name), name)
    for theirs in sorted(_english_names(item)):
        key = fold(theirs)
        if key in ours or key.replace(" ", "") in {k.replace(" ", "") for k in ours}:
            signals.append(Signal("name", "english-label", True,
                                  f"{theirs!r} = the texts' {ours.get(key, profile.label)!r} "
                                  f"({item.qid}, {_where(item)})"))
            continue
        close = _romanization_variant(key, ours) if profile.is_person else None
        if close is not None:
            signals.append(Signal("name", "romanization-variant", True,
                                  f"{theirs!r} ~ the texts' {close!r} ({item.qid}, {_where(item)})"))
    return signals


def _romanization_variant(key: str, ours: Mapping[str, str]) -> str | None:
    """A spelling of ours that differs from ``key`` only as romanizations do (one shared word)."""
    for folded, original in ours.items():
        shared = set(key.split()) & set(folded.split())
        if shared and difflib.SequenceMatcher(None, key, folded).ratio() >= 0.85:
            return original
    return None


def _shares_name(profile: Profile, item: Item) -> bool:
    """True when a name signal agrees, or two thirds (and at least two) of the
    significant words of one of the item's English names are words of ours."""
    if any(s.agrees for s in _name_signals(profile, item)):
        return True
    ours = {w for n in profile.names() for w in fold(n).split()} - _STOP
    for name in _english_names(item):
        words = set(fold(name).split()) - _STOP
        shared = words & ours
        if len(shared) >= 2 and 3 * len(shared) >= 2 * len(words):
            return True
    return False


def _date_signals(profile: Profile, item: Item) -> list[Signal]:
    signals: list[Signal] = []
    for which, kind, words in (("birth", "born", "birth"), ("death", "died", "death")):
        theirs, ours = item.years(which), profile.years.get(kind, set())
        if not theirs or not ours:
            continue
        same = theirs & ours
        detail = (f"Wikidata's {words} year {'/'.join(map(str, sorted(theirs)))} vs the texts' "
                  f"{'/'.join(map(str, sorted(ours)))} ({item.qid}, {_where(item)})")
        signals.append(Signal("dates", f"{words}-year", bool(same), detail))
    active = profile.years.get("active", set())
    died = item.years("death")
    if active and died and max(died) < max(active) - 1:
        signals.append(Signal("dates", "alive-when-active", False,
                              f"Wikidata's death year {max(died)} is before the texts' last dated "
                              f"mention {max(active)} ({item.qid})"))
    return signals


def _lifetime_veto(profile: Profile, item: Item) -> str | None:
    born = item.years("birth")
    first = min(profile.years.get("active", set()) | profile.years.get("died", set()), default=None)
    if born and first is not None and min(born) > first - MIN_AGE:
        return (f"{item.qid} was born in {min(born)}, too late for the texts' dated mention "
                f"in {first}")
    return None


def _role_signals(item: Item) -> list[Signal]:
    signals: list[Signal] = []
    for description in sorted(item.descriptions()):
        lowered = description.lower()
        word = next((w for w in ROLE_WORDS if w in lowered), None)
        if word is not None:
            signals.append(Signal("role", "description", True,
                                  f"{item.qid} is described as {description[:80]!r}"))
            break
    ids = item.identifiers()
    if any(i.startswith("P27:") and DPRK in i.split(":", 1)[1].split(",") for i in ids):
        signals.append(Signal("role", "nationality", True,
                              f"{item.qid} has country of citizenship (P27) {DPRK}, the DPRK"))
    if any(i.startswith("domains:") and "Politics" in i for i in ids):
        signals.append(Signal("role", "domain", True,
                              f"the source ranks {item.qid} under politics"))
    return signals


def _event_date_signals(profile: Profile, item: Item) -> list[Signal]:
    dated = profile.years.get("dated", set())
    signals: list[Signal] = []
    for ident in sorted(item.identifiers()):
        if ident.startswith("P585:") and dated:
            year = int(ident[5:9])
            signals.append(Signal("dates", "point-in-time", year in dated,
                                  f"point in time (P585) {ident[5:]} vs the texts' "
                                  f"{'/'.join(map(str, sorted(dated)))} ({item.qid})"))
    return signals


def _where(item: Item) -> str:
    return "; ".join(sorted({row.where for row in item.rows}))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]
