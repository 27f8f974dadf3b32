"""wpkld: linked data on the history of the Workers' Party of Korea.

>>> import wpkld
>>> ds = wpkld.open()
>>> len(ds) > 1000
True
"""

from __future__ import annotations

from ._version import __version__
from .api import Dataset, open
from .errors import (
    DataError,
    EndpointError,
    ParameterError,
    QueryError,
    QueryNotFound,
    RemoteError,
    WikidataError,
    WpkldError,
)

__all__ = [
    "DataError",
    "Dataset",
    "EndpointError",
    "ParameterError",
    "QueryError",
    "QueryNotFound",
    "RemoteError",
    "WikidataError",
    "WpkldError",
    "__version__",
    "open",
]
