"""Turn the matcher's decisions into link records, re-judging the existing ones.

Every resource the matcher chose an item for gets a record with the signals,
the confidence, the evidence rows (where each can be read) and the items it
was chosen over. An existing record whose pair no longer passes the rules is
kept as a candidate with the reason, so a downgrade is visible, never silent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..namespaces import BASE
from .evidence import Item
from .links import CANDIDATE, CLOSE_MATCH, EVIDENCED, LINK, SAME_AS, VERIFIED, Link
from .match import Decision, Match, compare

_DOWNGRADED = "Downgraded to candidate"


@dataclass(frozen=True)
class Outcome:
    """What happened to one resource: its new record (if any) and its old one."""

    resource: str
    old: Link | None
    new: Link | None

    @property
    def change(self) -> str:
        """``new``, ``kept``, ``upgraded``, ``downgraded``, ``changed`` or ``none``."""
        if self.new is None:
            return "none"
        if self.old is None:
            return "new"
        if self.old.item != self.new.item:
            return "changed"
        if self.old.published and not self.new.published:
            return "downgraded"
        if not self.old.published and self.new.published:
            return "upgraded"
        return "kept"


def link_iri(resource: str) -> str:
    """Return the record IRI for a resource: ``link:{kind}-{slug}``.

    >>> link_iri("https://w3id.org/wpkld/person/pak-hon-yong")
    'https://w3id.org/wpkld/link/person-pak-hon-yong'
    """
    kind, _, slug = resource[len(BASE):].partition("/")
    return f"{LINK}{kind}-{slug}"


def align(decisions: Iterable[Decision], items: Mapping[str, Item], old: Iterable[Link],
          today: dt.date) -> list[Outcome]:
    """Build the new link records.

    :param decisions: the matcher's decisions (:func:`wpkld.wikidata.match.decide`).
    :param items: the candidate table's items, by Q-id.
    :param old: the existing link records.
    :param today: the date for new records and downgrades.
    :returns: one outcome per resource with a decision or an old record.
    """
    previous = {link.resource: link for link in old}
    outcomes: dict[str, Outcome] = {}
    taken: set[str] = set()
    for decision in decisions:
        chosen = decision.chosen
        before = previous.get(decision.profile.iri)
        if chosen is None:
            continue
        taken.add(chosen.qid)
        outcomes[decision.profile.iri] = Outcome(
            decision.profile.iri, before,
            _record(chosen, decision, items, before, today))
    profiles = {d.profile.iri: d.profile for d in decisions}
    for resource, before in previous.items():
        if resource in outcomes:
            continue
        reason = "no stored Wikidata output in the candidate table gives this item"
        signals: tuple[str, ...] = ()
        confidence = Decimal("0.1")
        profile = profiles.get(resource)
        if profile is not None and before.item in items:
            match = compare(profile, items[before.item])
            signals = tuple(sorted(str(s) for s in match.signals))
            confidence = match.confidence
            reason = match.veto or "fewer than two independent signals agree"
        if before.item in taken:
            reason = f"{before.item} is linked to another resource that matches it better"
        notes = [] if any(e.startswith(_DOWNGRADED) for e in before.evidence) else [
            f"{_DOWNGRADED} on {today.isoformat()}: {reason}."]
        outcomes[resource] = Outcome(resource, before, Link(
            iri=before.iri, resource=resource, item=before.item, match_type=before.match_type,
            status=CANDIDATE, label=before.label, evidence=(*before.evidence, *notes),
            evidence_urls=before.evidence_urls, confidence=confidence, created=before.created,
            signals=signals))
    return [outcomes[k] for k in sorted(outcomes)]


def _record(match: Match, decision: Decision, items: Mapping[str, Item], before: Link | None,
            today: dt.date) -> Link:
    item = items[match.qid]
    evidence = [f"Stored Wikidata query output {row.where} gives {match.qid}"
                + (f" ({', '.join(f'{lang}:{value}' for lang, value in row.labels)})"
                   if row.labels else "")
                + "." for row in item.rows]
    for other in decision.others[:6]:
        labels = sorted(items[other.qid].labels("ko") | items[other.qid].labels("en"))
        born, died = items[other.qid].years("birth"), items[other.qid].years("death")
        life = f", {min(born) if born else '?'}-{max(died) if died else ''}" if born or died else ""
        why = other.veto or (f"{len(other.groups)} agreeing signal group(s), confidence "
                             f"{other.confidence}")
        evidence.append(f"Competing item {other.qid} ({'/'.join(labels)}{life}) not chosen: {why}.")
    status = EVIDENCED if match.evidenced else CANDIDATE
    verified_on = matched = None
    if before is not None and before.status == VERIFIED and before.item == match.qid and match.evidenced:
        status, verified_on, matched = VERIFIED, before.verified_on, before.matched_label
    if before is not None and before.item == match.qid and not match.evidenced:
        evidence += [e for e in before.evidence if e.startswith(_DOWNGRADED)]  # kept on reruns
        if before.published:
            evidence.append(f"{_DOWNGRADED} on {today.isoformat()}: "
                            f"{match.veto or 'fewer than two independent signals agree'}.")
    label = decision.profile.label
    return Link(
        iri=link_iri(match.resource), resource=match.resource, item=match.qid,
        match_type=SAME_AS if match.full_name else CLOSE_MATCH, status=status,
        label=f"{label} {'=' if match.full_name else '~'} Wikidata {match.qid}",
        evidence=tuple(evidence), evidence_urls=tuple(sorted({row.url for row in item.rows})),
        confidence=match.confidence,
        created=before.created if before is not None and before.item == match.qid and before.created else today,
        verified_on=verified_on, matched_label=matched,
        signals=tuple(sorted(str(s) for s in match.signals)))
