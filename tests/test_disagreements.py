"""Every disagreement linked: the audit query, its SHACL rule, and the conflicts query's values."""

from __future__ import annotations

import re
from pathlib import Path

import rdflib

import wpkld
from wpkld import resources
from wpkld.validate import load_shapes, validate

DATA = Path(__file__).resolve().parent / "data"
VALID = sorted((DATA / "valid").glob("*.ttl"))
UNLINKED = DATA / "invalid" / "unlinked-disagreement.ttl"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SHAPES = rdflib.Namespace("https://w3id.org/wpkld/shapes#")
W = "https://w3id.org/wpkld/"


def test_the_bundled_data_has_no_unlinked_disagreement(ds: wpkld.Dataset) -> None:
    rows = ds.rows("unlinked-disagreements")
    assert rows == [], [(r["this"], r["other"]) for r in rows]


def test_the_audit_finds_a_date_nothing_links() -> None:
    rows = wpkld.open(data=[*VALID, UNLINKED]).rows("unlinked-disagreements")
    assert [(r["this"], r["other"], r["value"], r["otherValue"]) for r in rows] == [
        (W + "claim/000-trial-of-pak-hon-yong-date", W + "claim/004-trial-of-pak-hon-yong-date",
         "1955", "1953")]


def test_a_conflict_or_a_compatibility_silences_the_audit(tmp_path: Path) -> None:
    for kind, link in (("conflict", "conflictingStatement"), ("compatibility", "compatibleStatement")):
        linked = tmp_path / f"{kind}.ttl"
        linked.write_text(
            f"<{W}{kind}/trial-year> <{W}ontology#{link}> "
            f"<{W}claim/000-trial-of-pak-hon-yong-date> , <{W}claim/004-trial-of-pak-hon-yong-date> .\n",
            encoding="utf-8")
        assert wpkld.open(data=[*VALID, UNLINKED, linked]).rows("unlinked-disagreements") == []


def test_the_shape_flags_the_same_pair() -> None:
    report = validate(data=[*VALID, UNLINKED])
    flagged = [r for r in report.results if r.shape == str(SHAPES["UnlinkedDisagreement"])]
    assert [(r.focus, r.value) for r in flagged] == [
        (W + "claim/000-trial-of-pak-hon-yong-date", '"1955"')]
    assert "claim/004-trial-of-pak-hon-yong-date" in flagged[0].message


def _where(text: str) -> str:
    """Return a query's WHERE clause without comments, whitespace normalized."""
    text = re.sub(r"(?m)^\s*#.*$", "", text)
    body = text[text.index("WHERE {"):]
    body = body[:body.rindex("}") + 1] if "ORDER BY" not in body else body[:body.index("ORDER BY")]
    return " ".join(body.split())


def test_the_shape_runs_the_audit_query_pattern() -> None:
    audit = _where(resources.query_files()["unlinked-disagreements"].read_text(encoding="utf-8"))
    shapes = load_shapes()
    constraint = shapes.value(SHAPES["UnlinkedDisagreement-sparql"], SH.select)
    target = shapes.value(shapes.value(SHAPES["UnlinkedDisagreement"], SH.target), SH.select)
    assert _where(str(constraint)) == audit
    assert _where(str(target)) == audit


def test_conflicts_pairs_each_statement_with_its_own_bounds(ds: wpkld.Dataset) -> None:
    # "Since the 1940s, from 12 to 14 percent": a start date and two bounds of a number.
    rows = [r for r in ds.rows("conflicts")
            if r["statement"] == W + "quantity/004-party-members-share-of-population"]
    assert {r["value"] for r in rows} == {"12/14"}
