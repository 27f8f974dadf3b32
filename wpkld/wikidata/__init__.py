"""Align wpkld with Wikidata: link records, the API client, verification, SSSOM and QuickStatements.

- :mod:`.links` reads and writes the link records (``dataset/alignment/wikidata.ttl``);
- :mod:`.client` talks to Wikidata's API (batches, cache, polite retries);
- :mod:`.verify` checks links against live Wikidata;
- :mod:`.sssom` writes the published links as an SSSOM mapping set;
- :mod:`.quickstatements` exports facts our texts state for a Wikidata editor;
- ``publish.ru`` derives the published ``owl:sameAs`` / ``skos:closeMatch`` triples.
"""
