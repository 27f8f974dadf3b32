# Derive the direct ("truthy") triples from the statement nodes, as Wikidata's
# RDF does: a simple query reads `?event wpk:victim ?person`, provenance stays
# one hop away on the statement. Unlike Wikidata's truthy set, every value that
# is not deprecated is kept, because sources disagree and no winner is picked.
# Run once after loading; never write these triples by hand.
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX wpk: <https://w3id.org/wpkld/ontology#>

# Every statement gets its rank stated, as Wikidata's RDF states it on every
# statement: the files leave the normal rank implicit (docs/model.md), the
# loaded data has it explicit, so a query matches `?statement wikibase:rank ?rank`.
INSERT { ?statement wikibase:rank wikibase:NormalRank }
WHERE {
  VALUES ?class { wpk:Claim wpk:Membership wpk:Quantity }
  ?statement a ?class .
  FILTER NOT EXISTS { ?statement wikibase:rank ?rank }
} ;

INSERT { ?s ?p ?o }
WHERE {
  ?c a wpk:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  FILTER NOT EXISTS { ?c wikibase:rank wikibase:DeprecatedRank }
} ;

INSERT { ?s ?bound ?d }
WHERE {
  VALUES ?bound { wpk:earliestDate wpk:latestDate wpk:startDate wpk:endDate }
  ?c a wpk:Claim ; rdf:subject ?s ; rdf:predicate wpk:date ; ?bound ?d .
  FILTER NOT EXISTS { ?c wikibase:rank wikibase:DeprecatedRank }
} ;

INSERT { ?person org:memberOf ?organization }
WHERE {
  ?m a wpk:Membership ; org:member ?person ; org:organization ?organization .
  FILTER NOT EXISTS { ?m wikibase:rank wikibase:DeprecatedRank }
} ;

# The inverses W3C ORG defines for a change event's organizations, so that an
# organization's history reads forward from it (`?org org:resultedFrom ?change`).
INSERT { ?resulting org:resultedFrom ?change . ?original org:changedBy ?change }
WHERE {
  { ?change org:resultingOrganization ?resulting }
  UNION
  { ?change org:originalOrganization ?original }
} ;

# Each statement is linked to the date statements of the same source text about
# its subject, so that the date a text gives an event is read beside that
# text's quote in one hop, and never a date from another text. A query finding
# them by subject and source at once is joined over every date statement of
# the store on Oxigraph (docs/queries.md).
INSERT { ?statement wpk:sameSourceDate ?dating }
WHERE {
  ?dating a wpk:Claim ; rdf:predicate wpk:date ; rdf:subject ?subject ; prov:wasDerivedFrom ?source .
  FILTER NOT EXISTS { ?dating wikibase:rank wikibase:DeprecatedRank }
  ?statement rdf:subject ?subject ; prov:wasDerivedFrom ?source .
  FILTER (?statement != ?dating)
}
