# Publish the Wikidata links: each link record that is not a candidate yields
# its match triple (owl:sameAs or skos:closeMatch) on the resource. Run once
# after loading, like wpkld/derive.ru; never write these triples by hand.
PREFIX wpk: <https://w3id.org/wpkld/ontology#>

# A candidate link is never published: only verified and evidenced ones are.
INSERT { ?resource ?match ?item }
WHERE {
  ?link a wpk:WikidataLink ; wpk:linkedResource ?resource ; wpk:wikidataItem ?item ;
        wpk:matchType ?match ; wpk:linkStatus ?status .
  FILTER (?status != <https://w3id.org/wpkld/link-status/candidate>)
}
