"""Check Wikidata links against live Wikidata: names, kind and death year.

For each link the item is fetched (:class:`wpkld.wikidata.client.Client`) and
compared with our resource:

- **names**: the item's English and Korean labels and aliases against our
  ``rdfs:label``, ``skos:altLabel``, ``wpk:birthName`` and ``wpk:hangul``,
  folded (:func:`wpkld.names.fold`: no case, accents, hyphens or spaces);
- **kind**: for an ``owl:sameAs`` link, instance of (P31) must include the
  Wikidata class that the ontology declares ``owl:equivalentClass`` of our
  class (``wpk:Person`` = Q5, ``wpk:PoliticalParty`` = Q7278); no class is
  typed into this code;
- **death year**: for a person, date of death (P570) against the years our
  texts give (``schema:deathDate`` claims, and the dates of repression events
  whose outcome for the person is a death), where both exist.

A merged item is reported as ``redirected`` (the link should name the
target); an item that does not exist as ``missing``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import ParameterError, WikidataError
from ..names import fold
from ..namespaces import expand
from ..queries import internal_catalogue
from .links import SAME_AS, Link

if TYPE_CHECKING:
    from ..store import Store
    from .client import Client, Entities

MATCH, MISMATCH, MISSING, REDIRECTED = "match", "mismatch", "missing", "redirected"

@dataclass
class Ours:
    """What our data says about the linked resources.

    :ivar names: resource -> every name we give it.
    :ivar classes: resource -> Wikidata classes equivalent to its classes.
    :ivar death_years: resource -> years our texts give for its death.
    """

    names: dict[str, set[str]] = field(default_factory=dict)
    classes: dict[str, set[str]] = field(default_factory=dict)
    death_years: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: Store) -> Ours:
        """Read names, kinds and death years from a store that holds the data."""
        ours = cls()
        for row in internal_catalogue()["linked-resources"].run(store).rows:
            x = row["x"].value
            ours.names.setdefault(x, set())
            ours.classes.setdefault(x, set())
            if "name" in row:
                ours.names[x].add(row["name"].value)
            if "wdClass" in row:
                ours.classes[x].add(row["wdClass"].value.rsplit("/", 1)[1])
        for row in internal_catalogue()["death-dates"].run(store).rows:
            year = _year(row["date"].value)
            if year is not None:
                ours.death_years.setdefault(row["x"].value, set()).add(year)
        return ours


@dataclass(frozen=True)
class Check:
    """The outcome of checking one link.

    :ivar status: ``match``, ``mismatch``, ``missing`` or ``redirected``.
    :ivar label: the item's English (else Korean) label, if it has one.
    :ivar matched_label: the Wikidata label or alias that matched one of our names.
    :ivar problems: what did not match, one sentence each.
    :ivar redirect_to: the item a merged item now redirects to.
    """

    link: Link
    status: str
    label: str = ""
    matched_label: str | None = None
    problems: tuple[str, ...] = ()
    redirect_to: str | None = None


@dataclass
class Verification:
    """The outcome of a verification: the checks, in link order, and the network error that cut them short, if any."""

    checks: list[Check]
    error: WikidataError | None = None

    @property
    def failed(self) -> bool:
        """True when a link did not match (mismatch, missing or redirected)."""
        return any(c.status != MATCH for c in self.checks)


def verify(store: Store, links: Iterable[Link], client: Client, *,
           only: Collection[str] = (), progress: Callable[[int], None] | None = None) -> Verification:
    """Check links against live Wikidata.

    A network failure does not raise: the checks of the batches fetched before
    it are kept and the error is in :attr:`Verification.error`.

    :param store: a store holding the data (names, kinds, death claims).
    :param links: the link records to check.
    :param client: the Wikidata client (its cache, timeout and session).
    :param only: check only these resources or link records (IRIs or CURIEs).
    :param progress: called with the number of items in each batch fetched.
    :raises ParameterError: when a value of ``only`` names no link.
    """
    from .client import Entities

    chosen = select(links, only)
    ours = Ours.from_store(store)
    found = Entities()
    error: WikidataError | None = None
    try:
        client.entities((link.item for link in chosen), into=found, progress=progress)
    except WikidataError as exc:
        error = exc
    answered = found.items.keys() | found.missing
    return Verification([check(link, ours, found) for link in chosen if link.item in answered], error)


def select(links: Iterable[Link], only: Collection[str]) -> list[Link]:
    """Return the links about the given resources or records (all when none given).

    :raises ParameterError: when a value names no link.
    """
    links = list(links)
    if not only:
        return links
    wanted = {expand(value) or value for value in only}
    unknown = wanted - {link.resource for link in links} - {link.iri for link in links}
    if unknown:
        raise ParameterError("only", "no Wikidata link for " + ", ".join(sorted(unknown)))
    return [link for link in links if link.resource in wanted or link.iri in wanted]


def check(link: Link, ours: Ours, found: Entities) -> Check:
    """Compare one link's item (as fetched) with our resource."""
    if link.item in found.missing:
        return Check(link, MISSING, problems=(f"{link.item} does not exist on Wikidata",))
    item = found.items[link.item]
    label = _label(item)
    keys = {fold(n) for n in ours.names.get(link.resource, ())}
    matched = next((n for n in _wikidata_names(item) if fold(n) in keys), None)
    problems: list[str] = []
    if matched is None:
        problems.append("no English or Korean label or alias matches our names")
    expected = ours.classes.get(link.resource, set())
    kinds = set(_values(item, "P31"))
    if link.match_type == SAME_AS and expected and not expected & kinds:
        problems.append(f"instance of (P31) is {', '.join(sorted(kinds)) or 'not given'}, "
                        f"not {', '.join(sorted(expected))}")
    died = {y for y in map(_year, _values(item, "P570")) if y is not None}
    stated = ours.death_years.get(link.resource, set())
    if died and stated and not died & set(range(min(stated), max(stated) + 1)):
        problems.append(f"date of death (P570) {_years(died)}, our texts {_years(stated)}")
    redirect = found.redirects.get(link.item)
    if redirect is not None:
        problems.insert(0, f"{link.item} was merged into {redirect}: link {redirect} instead")
        return Check(link, REDIRECTED, label, matched, tuple(problems), redirect)
    return Check(link, MISMATCH if problems else MATCH, label, matched, tuple(problems))


def apply(links: Iterable[Link], report: Verification, on: dt.date) -> list[Link]:
    """Return the links with every matching one marked verified on a day.

    >>> from .links import EVIDENCED
    >>> link = Link("l", "r", "Q1", SAME_AS, EVIDENCED, "x")
    >>> [l.status.rsplit("/", 1)[1] for l in apply([link], Verification([Check(link, MATCH, "X", "X")]),
    ...                                           dt.date(2026, 11, 23))]
    ['verified']
    """
    matched = {c.link.iri: c for c in report.checks if c.status == MATCH and c.matched_label}
    return [link.verified(on, matched[link.iri].matched_label or "") if link.iri in matched
            else link for link in links]


def _wikidata_names(item: dict[str, Any]) -> list[str]:
    """Return the item's labels (English first), then its aliases: the order of preference."""
    labels, aliases = item.get("labels", {}), item.get("aliases", {})
    languages = sorted(labels.keys() | aliases.keys(), key=lambda lang: (lang != "en", lang))
    names = [labels[lang]["value"] for lang in languages if lang in labels]
    return names + [a["value"] for lang in languages for a in aliases.get(lang, [])]


def _label(item: dict[str, Any]) -> str:
    labels = item.get("labels", {})
    for language in ("en", "ko"):
        if language in labels:
            return str(labels[language]["value"])
    return ""


def _values(item: dict[str, Any], prop: str) -> list[str]:
    """Return the values of a property's statements that are not deprecated."""
    values = []
    for statement in item.get("claims", {}).get(prop, []):
        snak = statement.get("mainsnak", {})
        if statement.get("rank") == "deprecated" or snak.get("snaktype") != "value":
            continue
        value = snak["datavalue"]["value"]
        values.append(value["id"] if "id" in value else value.get("time", ""))
    return values


def _year(value: str) -> int | None:
    """Return the year of an xsd date or a Wikidata time (``+1955-12-18T00:00:00Z``).

    >>> _year("+1955-12-18T00:00:00Z"), _year("1956"), _year("1956-08"), _year("x")
    (1955, 1956, 1956, None)
    """
    found = re.match(r"[+-]?(\d{1,4})(?:-|$)", value)
    return int(found.group(1)) if found else None


def _years(years: set[int]) -> str:
    return " or ".join(map(str, sorted(years)))
