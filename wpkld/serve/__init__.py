"""The HTTP server of ``wpkld serve``: SPARQL endpoint, canned queries, reconciliation, resource pages."""
