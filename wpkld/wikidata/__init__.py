"""Link the dataset with Wikidata: the API client, the evidence table and the matcher.

The client's names are re-exported here, so ``from wpkld.wikidata import Client``
keeps working.
"""

from .client import API, BATCH, MAX_AGE, Client, Entities, Suggestion, batches, default_cache_dir

__all__ = ["API", "BATCH", "MAX_AGE", "Client", "Entities", "Suggestion", "batches",
           "default_cache_dir"]
