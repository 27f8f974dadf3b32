"""The shapes: the conventions every shape keeps, one invalid example per rule, and mutations of valid data.

``tests/data/valid/`` is a small dataset that keeps every rule, with no
violation and no warning. Each file of ``tests/data/invalid/`` adds one
mistake to it; :data:`EXPECTED` says exactly which results (focus node, shape,
constraint component, severity) that mistake must give, no more and no fewer.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rdflib import OWL, RDF, RDFS, Literal, URIRef

from support import INVALID, VALID
from wpkld import resources
from wpkld.namespaces import compress
from wpkld.validate import Report, load_shapes, validate

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SHAPES = "https://w3id.org/wpkld/shapes#"
WPK = rdflib.Namespace("https://w3id.org/wpkld/ontology#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
W = "Warning"

#: For each file of tests/data/invalid: (focus node, shape, constraint component[, "Warning"]).
EXPECTED: dict[str, set[tuple[str, ...]]] = {
    "alt-label-without-language": {("person:mu-chong", "altLabel", "Datatype"), ("person:mu-chong", "altLabel", "LanguageIn")},
    "charge-in-wrong-namespace": {("unit:extra-charge", "Charge", "Pattern")},
    "charge-in-wrong-scheme": {("charge:extra", "Charge-scheme", "HasValue")},
    "claim-charge-text-twice": {("claim:000-trial-of-pak-hon-yong-charge", "Claim-charge-text", "MaxCount")},
    "claim-reason-text-twice": {("claim:000-trial-of-pak-hon-yong-motive", "Claim-reason-text", "MaxCount")},
    "reason-text-on-charge": {("claim:000-trial-of-pak-hon-yong-charge", "ReasonTextOnMotiveOrJudgement", "In")},
    "charge-text-on-motive": {("claim:000-trial-of-pak-hon-yong-motive", "ChargeTextOnCharge", "In")},
    "motive-in-wrong-namespace": {("unit:extra-motive", "Motive", "Pattern")},
    "motive-in-wrong-scheme": {("motive:extra", "Motive-scheme", "HasValue")},
    "object-motive-is-charge": {("claim:000-trial-motive-espionage", "ClaimOfMotive", "Class")},
    "object-judgement-is-fate": {("claim:000-trial-judgement-executed", "ClaimOfAuthorJudgement", "Class")},
    "claim-in-person-namespace": {("person:000-mu-chong-fate", "Claim", "Pattern")},
    "claim-predicate-not-in-model": {("claim:000-mu-chong-member-of-yanan", "Claim-predicate", "In")},
    "claim-subject-literal": {("claim:000-fate", "Claim-subject", "NodeKind"), ("claim:000-fate", "ClaimAboutPerson", "Class")},
    "claim-two-objects": {("claim:000-trial-of-pak-hon-yong-charge", "Claim-object", "MaxCount")},
    "claim-two-predicates": {("claim:000-trial-of-pak-hon-yong-sentence", "Claim-predicate", "MaxCount"), ("claim:000-trial-of-pak-hon-yong-sentence", "ClaimOfFate", "Class")},
    "claim-without-object": {("claim:000-mu-chong-fate", "Claim-object", "MinCount")},
    "claim-without-subject": {("claim:000-fate", "Claim-subject", "MinCount")},
    "close-match-backed-by-candidate": {("person:mu-chong", "WikidataMatch", "SPARQL")},
    "comment-without-language": {("place:pyongyang", "comment", "Datatype"), ("place:pyongyang", "comment", "LanguageIn")},
    "compatibility-without-reason": {("compatibility:execution-of-pak-hon-yong-date", "Compatibility-reason", "MinCount")},
    "concept-broader-entity": {("charge:espionage", "Concept-broader", "In")},
    "concept-scheme-not-vocabulary": {("charge:sabotage", "Concept-scheme", "Class"), ("charge:sabotage", "Concept-scheme", "MaxCount")},
    "concept-two-english-definitions": {("charge:espionage", "Concept-definition", "UniqueLang")},
    "concept-two-english-pref-labels": {("charge:espionage", "Concept-pref-label", "UniqueLang")},
    "concept-without-definition": {("charge:sabotage", "Concept-definition", "QualifiedMinCount")},
    "concept-without-english-pref-label": {("charge:sabotage", "Concept-pref-label", "QualifiedMinCount")},
    "concept-without-scheme": {("charge:sabotage", "Charge-scheme", "HasValue"), ("charge:sabotage", "Concept-scheme", "MinCount")},
    "conflict-in-claim-namespace": {("claim:execution-year", "Conflict", "Pattern")},
    "conflict-one-statement": {("conflict:trial-year", "Conflict-statements", "MinCount"), ("conflict:trial-year", "ConflictSources", "SPARQL")},
    "conflict-statement-not-statement": {("conflict:trial-year", "Conflict-statements", "Class"), ("conflict:trial-year", "ConflictSources", "SPARQL")},
    "conflict-within-one-text": {("conflict:trial-sentence", "ConflictSources", "SPARQL")},
    "conflict-without-comment": {("conflict:execution-year-2", "Conflict-comment", "MinCount")},
    "date-claim-mixed": {("claim:000-purge-date", "DateClaim", "Xone")},
    "date-claim-object-malformed": {("claim:000-purge-date", "ClaimOfDate", "Node")},
    "date-claim-object-out-of-range": {("claim:000-purge-date", "ClaimOfDate", "Node")},
    "date-claim-without-date": {("claim:000-purge-date", "DateClaim", "Xone")},
    "date-earliest-after-latest": {("claim:000-purge-date", "EarliestNotAfterLatest", "SPARQL")},
    "date-earliest-twice": {("claim:000-execution-of-pak-hon-yong-date", "Statement-earliest-date", "MaxCount")},
    "date-impossible-day": {("membership:002-mu-chong-yanan-leader", "Statement-date", "Node")},
    "date-latest-malformed": {("claim:000-purge-date", "Statement-latest-date", "Node")},
    "date-malformed": {("quantity:000-party-members-disciplined-1950", "Statement-start-date", "Node")},
    "date-out-of-range": {("claim:000-founding-date", "Statement-start-date", "Node")},
    "date-start-after-end": {("membership:003-kim-il-sung-guerrilla-leader", "StartNotAfterEnd", "SPARQL")},
    "date-two-values": {("quantity:000-party-members-disciplined-1950", "Statement-date", "MaxCount")},
    "date-without-datatype": {("claim:000-merger-into-wpk-end", "Statement-end-date", "Node")},
    "date-without-text": {("claim:000-purge-date", "Statement-date-text", "MinCount")},
    "quote-without-date-text": {("claim:000-trial-date-outside-quote", "QuoteCarriesWording", "SPARQL")},
    "quote-without-name-as-written": {("claim:000-trial-victim-name-outside-quote", "QuoteCarriesWording", "SPARQL")},
    "source-sha256-malformed": {("source:globalsecurity-purges", "Source-sha256", "MaxCount"), ("source:globalsecurity-purges", "Source-sha256", "Pattern")},
    "dated-event-slug-without-year": {("event:party-conference", "EventSlug", "Pattern", W)},
    "death-date-not-a-date": {("claim:003-mu-chong-death-date", "ClaimOfDate", "Node")},
    "entity-not-mentioned": {("person:ho-ka-i", "Mentioned", "MinCount", W)},
    "event-in-person-namespace": {("person:1958-party-conference", "Event", "Pattern")},
    "event-kind-in-wrong-namespace": {("unit:extra-event-kind", "EventKind", "Pattern")},
    "event-kind-in-wrong-scheme": {("event-kind:extra", "EventKind-scheme", "HasValue")},
    "event-kind-of-wrong-class": {("event:1958-party-conference", "Event-kind", "Class")},
    "event-without-claims": {("event:1958-party-conference", "Event-sourced", "MinCount")},
    "event-without-kind": {("event:1958-party-conference", "Event-kind", "MinCount")},
    "faction-in-person-namespace": {("person:soviet", "Faction", "Pattern")},
    "faction-subgroup-of-party": {("faction:kapsan", "Faction-subgroup-of", "Class")},
    "fate-in-wrong-namespace": {("unit:extra-fate", "Fate", "Pattern")},
    "fate-in-wrong-scheme": {("fate:extra", "Fate-scheme", "HasValue")},
    "hangul-in-latin-script": {("person:mu-chong", "hangul", "Pattern")},
    "label-missing": {("person:ho-ka-i", "label", "MinCount")},
    "label-not-english": {("place:wonsan", "label", "LanguageIn")},
    "label-two": {("person:mu-chong", "label", "MaxCount")},
    "link-confidence-above-one": {("link:person-kim-il-sung", "WikidataLink-confidence", "MaxInclusive")},
    "link-evidence-url-string": {("link:person-kim-il-sung", "WikidataLink-evidence-url", "NodeKind")},
    "link-in-person-namespace": {("person:link-kim-il-sung", "WikidataLink", "Pattern")},
    "link-item-https": {("link:person-kim-il-sung", "WikidataLink-item", "Pattern")},
    "link-item-wiki-page": {("link:person-kim-il-sung", "WikidataLink-item", "Pattern")},
    "link-match-type-unknown": {("link:person-kim-il-sung", "WikidataLink-match-type", "In")},
    "link-matched-label-with-language": {("link:person-kim-il-sung", "WikidataLink-matched-label", "Datatype")},
    "deprecation-reason-without-rank": {("claim:000-trial-of-pak-hon-yong-sentence", "DeprecationReason-rank", "HasValue")},
    "link-resource-outside-namespace": {("link:person-kim-il-sung", "WikidataLink-resource", "Pattern")},
    "link-status-in-wrong-namespace": {("unit:extra-link-status", "LinkStatus", "Pattern")},
    "link-status-in-wrong-scheme": {("link-status:extra", "LinkStatus-scheme", "HasValue")},
    "link-status-not-status": {("link:person-kim-il-sung", "WikidataLink-status", "Class")},
    "link-verified-on-string": {("link:person-kim-il-sung", "WikidataLink-verified-on", "Datatype")},
    "link-verified-without-date": {("link:person-kim-il-sung", "VerifiedLink", "Or")},
    "link-without-evidence": {("link:person-kim-il-sung", "WikidataLink-evidence", "MinCount")},
    "link-without-item": {("link:person-kim-il-sung", "WikidataLink-item", "MinCount")},
    "link-without-resource": {("link:person-kim-il-sung", "WikidataLink-resource", "MinCount")},
    "link-without-status": {("link:person-kim-il-sung", "WikidataLink-status", "MinCount")},
    "meeting-of-nobody": {("event:1958-03-party-conference", "Meeting-of", "MinCount", W)},
    "membership-in-claim-namespace": {("claim:002-kim-il-sung-wpk", "Membership", "Pattern")},
    "membership-member-not-person": {("membership:002-yanan-wpk", "Membership-member", "Class")},
    "membership-organization-is-person": {("membership:002-mu-chong-kim-il-sung", "Membership-organization-class", "In")},
    "membership-role-not-role": {("membership:002-mu-chong-yanan-spy", "Membership-role", "Class")},
    "membership-role-text-twice": {("membership:001-kim-il-sung-wpk-central-committee-leader", "Membership-role-text", "MaxCount")},
    "membership-sequence-zero": {("membership:002-kim-il-sung-yanan-leader", "Membership-sequence", "MinInclusive")},
    "membership-without-member": {("membership:002-yanan-member", "Membership-member", "MinCount")},
    "membership-without-organization": {("membership:002-mu-chong-member", "Membership-organization", "MinCount")},
    "object-agent-is-place": {("claim:002-august-plenum-participant-pyongyang", "ClaimOfAgent", "In")},
    "object-birth-name-with-language": {("claim:003-mu-chong-birth-name", "ClaimOfBirthName", "Datatype")},
    "object-charge-is-fate": {("claim:000-trial-charge-executed", "ClaimOfCharge", "Class")},
    "object-description-without-language": {("claim:003-wpk-description", "ClaimOfText", "Datatype"), ("claim:003-wpk-description", "ClaimOfText", "LanguageIn")},
    "object-different-from-name": {("claim:004-kim-il-sung-different", "ClaimOfResource", "NodeKind")},
    "object-event-is-person": {("claim:000-trial-part-of-kim", "ClaimOfEvent", "Class")},
    "object-fate-is-sentence": {("claim:000-mu-chong-fate", "ClaimOfFate", "Class")},
    "object-meeting-is-war": {("claim:000-trial-at-meeting", "ClaimOfMeeting", "Class")},
    "object-ordinal-is-string": {("claim:002-august-plenum-ordinal", "ClaimOfOrdinal", "Datatype"), ("claim:002-august-plenum-ordinal", "ClaimOfOrdinal", "MinInclusive")},
    "object-organization-is-person": {("claim:000-purge-target-mu-chong", "ClaimOfOrganization", "In")},
    "object-person-is-faction": {("claim:000-trial-of-pak-hon-yong-victim-domestic", "ClaimOfPerson", "Class")},
    "object-place-is-organization": {("claim:000-trial-location-court", "ClaimOfPlace", "Class")},
    "object-sentence-is-charge": {("claim:000-trial-sentence-espionage", "ClaimOfSentence", "Class")},
    "object-spelling-without-language": {("claim:003-wpk-alt-label-kwp", "ClaimOfName", "Datatype"), ("claim:003-wpk-alt-label-kwp", "ClaimOfName", "LanguageIn"), ("organization:workers-party-of-korea", "altLabel", "Datatype"), ("organization:workers-party-of-korea", "altLabel", "LanguageIn")},
    "organization-in-place-namespace": {("place:korean-communist-party", "Organization", "Pattern")},
    "organizational-change-of-nothing": {("event:1946-founding-of-nwpk", "OrganizationalChange-organization", "MinCount", W)},
    "party-body-without-party": {("organization:politburo", "PartyBody-unit-of", "MinCount", W)},
    "person-in-faction-namespace": {("faction:choe-chang-ik", "Person", "Pattern")},
    "place-in-event-namespace": {("event:wonsan", "Place", "Pattern")},
    "quantity-faction-not-faction": {("quantity:000-seats", "Quantity-faction", "Class")},
    "quantity-in-claim-namespace": {("claim:000-members", "Quantity", "Pattern")},
    "quantity-kind-in-wrong-namespace": {("unit:extra-quantity-kind", "QuantityKind", "Pattern")},
    "quantity-kind-in-wrong-scheme": {("quantity-kind:extra", "QuantityKind-scheme", "HasValue")},
    "quantity-kind-wrong-class": {("quantity:000-members", "Quantity-kind", "Class")},
    "quantity-max-as-string": {("quantity:000-members", "Quantity-max-value", "Node")},
    "quantity-min-above-max": {("quantity:000-members", "Quantity-min-value", "LessThanOrEquals")},
    "quantity-of-literal": {("quantity:000-members", "Quantity-of", "NodeKind")},
    "quantity-two-values": {("quantity:000-party-members-disciplined-1950", "Quantity-value", "MaxCount")},
    "quantity-value-as-string": {("quantity:000-members", "Quantity-value", "Node")},
    "quantity-without-number": {("quantity:000-members", "QuantityValue", "Or")},
    "quantity-without-unit": {("quantity:000-members", "Quantity-unit", "MinCount")},
    "quantity-without-value-text": {("quantity:000-members", "Quantity-value-text", "MinCount")},
    "repression-without-victim": {("event:1958-purge", "RepressionEvent-target", "MinCount", W)},
    "resource-foreign-type": {("person:ho-ka-i", "Resource-type", "Pattern")},
    "resource-iri-policy": {("person:Pak_Hon", "Resource", "Pattern")},
    "resource-misspelled-reference": {("organization:workers-party-of-koera", "Resource-type", "MinCount")},
    "resource-two-types": {("person:mu-chong", "Place", "Pattern"), ("person:mu-chong", "Resource-type", "MaxCount")},
    "resource-unknown-kind": {("https://w3id.org/wpkld/persons/choe-chang-ik", "Person", "Pattern"),
                              ("https://w3id.org/wpkld/persons/choe-chang-ik", "Resource", "Pattern")},
    "role-in-wrong-namespace": {("unit:extra-role", "Role", "Pattern")},
    "role-in-wrong-scheme": {("role:extra", "Role-scheme", "HasValue")},
    "same-as-other-match-type": {("person:kim-il-sung", "WikidataMatch", "SPARQL")},
    "same-as-written-by-hand": {("person:kim-il-sung", "WikidataMatch", "SPARQL")},
    "sentence-in-wrong-namespace": {("unit:extra-sentence", "Sentence", "Pattern")},
    "sentence-in-wrong-scheme": {("sentence:extra", "Sentence-scheme", "HasValue")},
    "source-date-malformed": {("source:history-of-the-wpk", "Source-date", "Node")},
    "source-file-unknown": {("source:soviet-account", "Source-file", "In")},
    "source-in-claim-namespace": {("claim:soviet-account", "Source", "Pattern")},
    "source-kind-twice": {("source:history-of-the-wpk", "Source-kind", "MaxCount")},
    "source-references-person": {("source:globalsecurity-purges", "Source-references", "Class")},
    "statement-abstract-type": {("claim:000-mu-chong-fate", "AbstractStatement", "Or")},
    "statement-approximate-string": {("claim:000-trial-of-pak-hon-yong-date", "Statement-approximate", "Datatype")},
    "statement-blank-quote": {("claim:000-mu-chong-fate", "Statement-quote", "Pattern")},
    "statement-cited-work-as-source": {("claim:000-mu-chong-fate", "Statement-source", "In")},
    "statement-deprecated-without-reason": {("claim:000-trial-of-pak-hon-yong-sentence", "DeprecatedStatement-reason", "MinCount")},
    "statement-doubt-with-language": {("claim:000-trial-of-pak-hon-yong-sentence", "Statement-doubt", "Datatype")},
    "statement-name-as-written-twice": {("claim:000-trial-of-pak-hon-yong-victim", "Statement-name-as-written", "MaxCount")},
    "statement-primary-source-not-source": {("claim:000-trial-of-pak-hon-yong-sentence", "Statement-primary-source", "Class")},
    "statement-quote-with-language": {("claim:000-mu-chong-fate", "Statement-quote", "Datatype")},
    "statement-rank-unknown": {("claim:000-trial-of-pak-hon-yong-sentence", "Statement-rank", "In")},
    "statement-slug-of-other-source": {("claim:000-mu-chong-fate", "StatementSlugSource", "SPARQL")},
    "statement-two-sources": {("claim:000-trial-of-pak-hon-yong-sentence", "Statement-source", "MaxCount"), ("claim:000-trial-of-pak-hon-yong-sentence", "StatementSlugSource", "SPARQL")},
    "statement-without-quote": {("claim:000-mu-chong-fate", "Statement-quote", "MinCount")},
    "statement-without-source": {("claim:000-mu-chong-fate", "Statement-source", "MinCount")},
    "sub-organization-of-place": {("organization:supreme-court", "Organization-sub-organization-of", "In")},
    "subject-change-claim-about-meeting": {("claim:000-plenum-resulting", "ClaimAboutOrganizationalChange", "Class")},
    "subject-event-claim-about-person": {("claim:000-mu-chong-location", "ClaimAboutEvent", "Class")},
    "subject-meeting-claim-about-event": {("claim:000-trial-meeting-of", "ClaimAboutMeeting", "Class")},
    "subject-organization-claim-about-person": {("claim:000-mu-chong-unit-of", "ClaimAboutOrganization", "In")},
    "subject-person-claim-about-faction": {("claim:000-yanan-fate", "ClaimAboutPerson", "Class")},
    "subject-repression-claim-about-war": {("claim:000-korean-war-victim", "ClaimAboutRepressionEvent", "Class")},
    "undeclared-claim-predicate": {("claim:000-trial-of-pak-hon-yong-victm", "Claim-predicate", "In"), ("claim:000-trial-of-pak-hon-yong-victm", "DeclaredTerms", "SPARQL"), ("event:1955-trial-of-pak-hon-yong", "DeclaredTerms", "SPARQL")},
    "undeclared-class": {("person:ho-ka-i", "DeclaredTerms", "SPARQL")},
    "undeclared-property": {("person:mu-chong", "DeclaredTerms", "SPARQL")},
    "unit-in-wrong-namespace": {("charge:extra-unit", "Unit", "Pattern")},
    "unit-in-wrong-scheme": {("unit:extra", "Unit-scheme", "HasValue")},
    "unit-of-person": {("organization:wpk-central-committee", "Organization-unit-of", "In")},
    "unlinked-disagreement": {("claim:000-trial-of-pak-hon-yong-date", "UnlinkedDisagreement", "SPARQL")},
    "vocabulary-in-charge-namespace": {("charge:all", "Vocabulary", "Pattern")},
    "vocabulary-without-description": {("vocabulary:tactics", "Vocabulary-description", "MinCount")},
    "vocabulary-without-pref-label": {("vocabulary:tactics", "Vocabulary-pref-label", "QualifiedMinCount")},
}


def outcome(report: Report) -> set[tuple[str, ...]]:
    return {(compress(r.focus), r.shape.removeprefix(SHAPES),
             r.component.removeprefix(str(SH)).removesuffix("ConstraintComponent"), r.severity)
            for r in report.results}


def expected(name: str) -> set[tuple[str, ...]]:
    return {t if len(t) == 4 else (*t, "Violation") for t in EXPECTED[name]}


def test_the_valid_data_gives_no_result_at_all() -> None:
    report = validate(data=VALID)
    assert report.results == [] and report.conforms


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_invalid_example_fails_on_exactly_its_rule(name: str) -> None:
    report = validate(data=[*VALID, INVALID / f"{name}.ttl"])
    assert outcome(report) == expected(name)
    warnings_only = all(t[3] == "Warning" for t in expected(name))
    assert report.conforms == warnings_only


def test_every_invalid_example_is_expected() -> None:
    assert {f.stem for f in INVALID.glob("*.ttl")} == set(EXPECTED)


#################################################################
# Conventions of shapes/ (see shapes/wpkld.shapes.ttl)
#################################################################

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
CONSTRAINTS = {SH[p] for p in (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "minLength", "maxLength", "pattern", "languageIn", "uniqueLang",
    "equals", "disjoint", "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "node",
    "qualifiedValueShape", "closed", "hasValue", "in", "sparql")}


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes()


def targeted(shapes: rdflib.Graph) -> set[rdflib.term.Node]:
    return {s for t in TARGETS for s in shapes.subjects(t, None)}


def named_rules(shapes: rdflib.Graph) -> set[URIRef]:
    """The shapes a result can name: those with targets, and the helpers used through sh:node."""
    rules = targeted(shapes) | set(shapes.objects(None, SH.node))
    return {s for s in rules if isinstance(s, URIRef)}


@functools.cache
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for file in resources.ontology_files():
        graph.parse(data=file.read_text(encoding="utf-8"), format="turtle")
    return graph


def test_every_class_of_the_ontology_is_the_target_of_a_shape(shapes: rdflib.Graph) -> None:
    # wpk:Statement is abstract, yet the rules all statements share target it
    # (and so its subclasses): it needs no exception.
    classes = {c for c in ontology().subjects(RDF.type, OWL.Class) if str(c).startswith(str(WPK))}
    assert classes, "the ontology declares classes"
    untargeted = sorted(str(c) for c in classes - set(shapes.objects(None, SH.targetClass)))
    assert not untargeted, f"classes no shape targets: {untargeted}"


def test_shapes_with_targets_are_named(shapes: rdflib.Graph) -> None:
    assert all(isinstance(s, URIRef) and str(s).startswith(SHAPES) for s in targeted(shapes))


def test_every_rule_says_what_is_wrong_and_how_serious_it_is(shapes: rdflib.Graph) -> None:
    for shape in named_rules(shapes):
        constraints = set(shapes.predicates(shape, None)) & CONSTRAINTS
        if not constraints:
            continue
        holder = shape if SH.sparql not in constraints else shapes.value(shape, SH.sparql)
        messages = [m for m in shapes.objects(holder, SH.message) if m.language == "en"]
        assert len(messages) == 1 and len(str(messages[0])) > 40, f"{shape}: one sh:message@en"
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), \
            f"{shape}: an explicit sh:severity"
        if (shape, SH.path, None) in shapes:
            assert shapes.value(shape, SH.name) and shapes.value(shape, SH.description), \
                f"{shape}: sh:name and sh:description"


def test_property_shapes_carry_their_own_targets(shapes: rdflib.Graph) -> None:
    # pySHACL validates a property shape reached through sh:property once per
    # focus node; with its own targets, once for all of them.
    holders = {s for s in shapes.subjects(SH.property, None)}
    assert not holders & targeted(shapes)


def test_every_rule_has_an_invalid_example(shapes: rdflib.Graph) -> None:
    exemplified = {t[1] for results in EXPECTED.values() for t in results}
    helpers = set(shapes.objects(None, SH.node))  # reported by the shapes that use them
    rules = {str(s).removeprefix(SHAPES) for s in named_rules(shapes) - helpers}
    assert rules - exemplified == set()


def sparql_of(shapes: rdflib.Graph) -> list[tuple[rdflib.term.Node, str, bool]]:
    """Every sh:select with its prefixes, and whether it is a constraint (not a target)."""
    found = []
    for node, select in shapes.subject_objects(SH.select):
        header = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                         for p in shapes.objects(node, SH.prefixes) for d in shapes.objects(p, SH.declare))
        found.append((node, header + str(select), (None, SH.sparql, node) in shapes))
    return found


def test_the_sparql_of_the_shapes_is_well_formed(shapes: rdflib.Graph) -> None:
    import pyoxigraph
    from rdflib.plugins.sparql import prepareQuery

    queries = sparql_of(shapes)
    assert len(queries) > 20
    store = pyoxigraph.Store()
    for node, query, is_constraint in queries:
        store.query(query.replace("$this", "?this"))  # targets run on Oxigraph
        if is_constraint:  # constraints run in pyshacl, on rdflib; SHACL forbids VALUES there
            prepareQuery(query)
            assert "VALUES" not in query.upper(), node


#################################################################
# Mutations of valid data must fail (hypothesis)
#################################################################


@functools.cache
def base() -> rdflib.Graph:
    graph = rdflib.Graph()
    for file in VALID:
        graph.parse(file, format="turtle")
    return graph


def check(graph: rdflib.Graph) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.ttl"
        graph.serialize(path, format="turtle", encoding="utf-8")
        return validate(data=[path])


def mutated(change: Callable[[rdflib.Graph], None]) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph += base()
    change(graph)
    return graph


def violations_of(report: Report, node: rdflib.term.Node) -> set[str]:
    return {r.shape.removeprefix(SHAPES) for r in report.results
            if r.focus == str(node) and r.severity == "Violation"}


def typed(*classes: URIRef) -> list[rdflib.term.Node]:
    return sorted({s for c in classes for s in base().subjects(RDF.type, c)})


STATEMENTS = (WPK.Claim, WPK.Membership, WPK.Quantity)
#: The kind of IRI each class lives under (docs/model.md, "IRIs").
KIND = {WPK.Person: "person", WPK.Faction: "faction", WPK.PoliticalParty: "organization",
        WPK.PartyBody: "organization", WPK.Place: "place", WPK.Event: "event",
        WPK.Meeting: "event", WPK.RepressionEvent: "event", WPK.Source: "source",
        WPK.Claim: "claim", WPK.Membership: "membership", WPK.Quantity: "quantity",
        WPK.Conflict: "conflict", WPK.WikidataLink: "link", WPK.Vocabulary: "vocabulary",
        WPK.Charge: "charge", WPK.Fate: "fate", WPK.Role: "role", WPK.Unit: "unit"}
EXAMPLES = settings(max_examples=8, deadline=None)


@EXAMPLES
@given(st.sampled_from(typed(*[c for c in KIND if c not in STATEMENTS])))
def test_dropping_a_label_fails(node: rdflib.term.Node) -> None:
    report = check(mutated(lambda g: g.remove((node, RDFS.label, None))))
    assert "label" in violations_of(report, node)


@EXAMPLES
@given(st.sampled_from(typed(*STATEMENTS)))
def test_dropping_a_source_fails(node: rdflib.term.Node) -> None:
    report = check(mutated(lambda g: g.remove((node, PROV.wasDerivedFrom, None))))
    assert "Statement-source" in violations_of(report, node)


@EXAMPLES
@given(st.sampled_from(typed(*STATEMENTS)))
def test_dropping_a_quote_fails(node: rdflib.term.Node) -> None:
    report = check(mutated(lambda g: g.remove((node, WPK.quote, None))))
    assert "Statement-quote" in violations_of(report, node)


def dated() -> list[tuple[rdflib.term.Node, URIRef]]:
    """(statement, property) for every date the valid statements give."""
    props = (WPK.date, WPK.earliestDate, WPK.latestDate, WPK.startDate, WPK.endDate, RDF.object)
    return sorted((s, p) for s in typed(*STATEMENTS) for p in props for o in base().objects(s, p)
                  if isinstance(o, Literal) and str(o.datatype).endswith(("#date", "#gYear", "#gYearMonth")))


BROKEN_DATES = [Literal("1956-13", datatype=rdflib.XSD.gYearMonth), Literal("1956-02-30", datatype=rdflib.XSD.date),
                Literal("1850", datatype=rdflib.XSD.gYear), Literal("2031", datatype=rdflib.XSD.gYear),
                Literal("1956"), Literal("56", datatype=rdflib.XSD.gYear),
                Literal("1956-8", datatype=rdflib.XSD.gYearMonth), Literal("August 1956", datatype=rdflib.XSD.date)]


@EXAMPLES
@given(st.sampled_from(dated()), st.sampled_from(BROKEN_DATES))
def test_breaking_a_date_fails(where: tuple[rdflib.term.Node, URIRef], broken: Literal) -> None:
    node, prop = where

    def change(graph: rdflib.Graph) -> None:
        graph.remove((node, prop, None))
        graph.add((node, prop, broken))

    assert violations_of(check(mutated(change)), node)


@EXAMPLES
@given(st.sampled_from(typed(*KIND)), st.sampled_from(sorted(KIND)))
def test_swapping_a_class_for_one_of_another_kind_fails(node: rdflib.term.Node, new: URIRef) -> None:
    old = base().value(node, RDF.type)
    if KIND[old] == KIND[new]:
        new = next(c for c in sorted(KIND) if KIND[c] != KIND[old])

    def change(graph: rdflib.Graph) -> None:
        graph.set((node, RDF.type, new))

    assert violations_of(check(mutated(change)), node)


@EXAMPLES
@given(st.sampled_from(sorted(set(base().subjects()))),
       st.from_regex(r"[a-z][A-Za-z]{3,12}", fullmatch=True))
def test_adding_an_undeclared_term_fails(node: rdflib.term.Node, name: str) -> None:
    term = WPK[name]
    assume((term, None, None) not in ontology())
    report = check(mutated(lambda g: g.add((node, term, Literal("x")))))
    assert "DeclaredTerms" in violations_of(report, node)
