"""The list of commands of the ``wpkld`` group, one module per verb."""

from __future__ import annotations

from .export import export, release
from .load import load
from .query import queries, query, resolve, sparql
from .quotes import quotes
from .stats import stats
from .validate import validate
from .wikidata import wikidata

ALL = [queries, query, sparql, resolve, validate, stats, export, release, load, wikidata, quotes]
