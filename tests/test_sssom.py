"""The SSSOM mapping set: generated from the link records, loadable by sssom-py."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sssom
from sssom.constants import SchemaValidationType
from sssom.validators import validate

import wpkld
from wpkld import resources
from wpkld.wikidata.links import CANDIDATE, ENTITY, SAME_AS, read_links
from wpkld.wikidata.sssom import labels, mapping_set

TSV = Path(__file__).parent.parent / "dataset" / "mappings" / "wikidata.sssom.tsv"


@pytest.fixture(scope="module")
def generated(ds: wpkld.Dataset) -> str:
    return mapping_set(read_links(), labels(ds.store))


def test_bundled_mapping_set_is_generated_from_the_links(generated: str) -> None:
    bundled = resources.mapping_file("wikidata.sssom.tsv").read_text(encoding="utf-8")
    assert bundled == generated, "regenerate: wpkld wikidata sssom --out " + str(TSV)


def test_mapping_set_loads_and_validates_with_sssom() -> None:
    msdf = sssom.parse_tsv(TSV)
    results = validate(msdf, [SchemaValidationType.JsonSchema,
                              SchemaValidationType.PrefixMapCompleteness], fail_on_error=False)
    assert all(not report.results for report in results.values())
    assert msdf.metadata["mapping_set_id"] == "https://w3id.org/wpkld/mappings/wikidata.sssom.tsv"
    assert msdf.metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert msdf.converter.expand("wd:Q41117") == ENTITY + "Q41117"


def test_rows_are_the_published_links() -> None:
    msdf = sssom.parse_tsv(TSV)
    rows = {(msdf.converter.expand(r.subject_id), r.predicate_id, msdf.converter.expand(r.object_id),
             float(r.confidence)) for r in msdf.df.itertuples()}
    published = {(x.resource, "owl:sameAs" if x.match_type == SAME_AS else "skos:closeMatch",
                  x.item_iri, float(x.confidence or 0)) for x in read_links() if x.published}
    assert rows == published
    assert set(msdf.df["mapping_justification"]) == {"semapv:ManualMappingCuration"}
    assert msdf.df["subject_label"].str.len().min() > 0  # every resource has its label


def test_candidates_are_left_out(ds: wpkld.Dataset) -> None:
    links = read_links()
    guessed = replace(links[0], status=CANDIDATE)
    text = mapping_set([guessed, *links[1:]], labels(ds.store))
    assert guessed.item not in text.split("curie_map")[1]
    assert len(text.splitlines()) == len(mapping_set(links, labels(ds.store)).splitlines()) - 1
