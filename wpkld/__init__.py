"""wpkld: linked data on the history of the Workers' Party of Korea.

>>> import wpkld
>>> ds = wpkld.open()
>>> len(ds) > 1000
True
"""

from __future__ import annotations

__version__ = "0.1.0"

from .dataset import Dataset, open  # noqa: E402  (after __version__: http.py reads it)
from .errors import (  # noqa: E402
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
