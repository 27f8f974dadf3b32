"""Figures computed once per dataset and kept while the dataset lives (pages, pictures, counts)."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ..api import Dataset

T = TypeVar("T")

_CACHE: weakref.WeakKeyDictionary[Dataset, dict[str, Any]] = weakref.WeakKeyDictionary()


def cached(ds: Dataset, key: str, compute: Callable[[], T]) -> T:
    """Return a figure computed once per dataset."""
    store = _CACHE.setdefault(ds, {})
    if key not in store:
        store[key] = compute()
    return store[key]  # type: ignore[no-any-return]


def forget(ds: Dataset, key: str) -> None:
    """Drop a cached figure (the static build drops each description once its files are written)."""
    _CACHE.get(ds, {}).pop(key, None)
