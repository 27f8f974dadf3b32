"""Write the published Wikidata links as an SSSOM mapping set (TSV with its YAML header).

The mapping set is generated from the link records (``dataset/alignment/wikidata.ttl``)
and the resources' labels, never edited by hand; a test regenerates it and
compares, so the TSV and the RDF cannot drift. Like ``wpkld/derive.ru`` it
holds only links that are not candidates. Format: SSSOM 1.0,
https://mapping-commons.github.io/sssom/ ; justifications from SEMAPV,
https://w3id.org/semapv/vocab/ .
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .._version import __version__
from ..namespaces import BASE, KINDS, PREFIXES, compress
from ..queries import internal_catalogue
from .links import CLOSE_MATCH, SAME_AS, Link

if TYPE_CHECKING:
    from ..store import Store

MAPPING_SET_ID = BASE + "mappings/wikidata.sssom.tsv"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

#: Every curated link, evidenced or verified, was established by a person
#: reading stored Wikidata output (or checking live Wikidata), not by a matcher.
JUSTIFICATION = "semapv:ManualMappingCuration"

COLUMNS = ["subject_id", "subject_label", "predicate_id", "object_id", "object_label",
           "mapping_justification", "confidence", "author_label", "mapping_date",
           "see_also", "comment"]

#: The prefixes the mappings use (the resource kinds, the predicates, Wikidata, SEMAPV).
CURIE_MAP = {p: PREFIXES[p] for p in (*KINDS, "owl", "semapv", "skos", "wd")}

_PREDICATES = {SAME_AS: "owl:sameAs", CLOSE_MATCH: "skos:closeMatch"}

def labels(store: Store) -> dict[str, str]:
    """Return the English label of every linked resource in a store."""
    return {row["x"].value: row["label"].value for row in internal_catalogue()["linked-labels"].run(store).rows}


def mapping_set(links: Iterable[Link], labels: Mapping[str, str]) -> str:
    """Return the SSSOM TSV of the published links (candidates left out).

    :param links: the link records.
    :param labels: resource IRI -> English label.

    >>> from .links import EVIDENCED, CANDIDATE
    >>> kim = Link(BASE + "link/person-kim-il-sung", BASE + "person/kim-il-sung", "Q41117",
    ...            SAME_AS, EVIDENCED, "Kim Il-sung")
    >>> guess = Link(BASE + "link/person-x", BASE + "person/x", "Q1", SAME_AS, CANDIDATE, "X")
    >>> rows = mapping_set([kim, guess], {kim.resource: "Kim Il-sung"}).splitlines()
    >>> rows[-1].split("\\t")[:4]
    ['person:kim-il-sung', 'Kim Il-sung', 'owl:sameAs', 'wd:Q41117']
    >>> sum(not row.startswith("#") for row in rows)  # the header and one mapping
    2
    """
    header = [f"# mapping_set_id: {MAPPING_SET_ID}",
              "# mapping_set_title: wpkld resources linked to Wikidata items",
              "# mapping_set_description: Persons, parties, states, places and events of the "
              "wpkld history of the Workers' Party of Korea that are the same as (owl:sameAs) "
              "or close to (skos:closeMatch) a Wikidata item; generated from "
              "dataset/alignment/wikidata.ttl, where each link's evidence is recorded.",
              f"# mapping_set_version: {__version__}",
              f"# license: {LICENSE}",
              "# creator_label:", "#   - wpkld developers",
              "# curie_map:"]
    header += [f"#   {prefix}: {namespace}" for prefix, namespace in sorted(CURIE_MAP.items())]
    out = io.StringIO()
    out.write("\n".join(header) + "\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for link in sorted((x for x in links if x.published), key=lambda x: (x.resource, x.item)):
        day = link.verified_on or link.created
        writer.writerow([
            compress(link.resource), labels.get(link.resource, ""), _PREDICATES[link.match_type],
            f"wd:{link.item}", link.matched_label or "", JUSTIFICATION,
            "" if link.confidence is None else str(link.confidence), "wpkld developers",
            "" if day is None else day.isoformat(), "|".join(sorted(link.evidence_urls)),
            f"{link.status.rsplit('/', 1)[1]}; record {compress(link.iri)}",
        ])
    return out.getvalue()
