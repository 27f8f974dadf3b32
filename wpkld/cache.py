"""A folder of JSON answers kept between runs: checked on read, written atomically under a lock.

A cached answer is used only while it is young enough and passes the
caller's check: a file holding ``{}`` or ``[]`` (a crash, a full disk, a
hand edit) is reported and fetched again, never read as "nothing there".
Fetches of one key are serialised by a lock file (``filelock``), so that
runs in parallel fetch a batch once and the others read what it wrote.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .atomic import write_text
from .errors import DataError

log = logging.getLogger("wpkld")


class JsonCache:
    """JSON documents by key in a folder, each used for ``max_age`` seconds.

    :param folder: where the files are; created when first written.
    :param max_age: seconds a file is used for before it is fetched again.
    :param wait: seconds to wait for another process fetching the same key;
        after that the key is fetched here too (the write is atomic either way).

    >>> import tempfile
    >>> cache = JsonCache(Path(tempfile.mkdtemp()), max_age=60)
    >>> cache.get("k", lambda: {"a": 1}, check=lambda d: None)
    {'a': 1}
    >>> cache.get("k", lambda: {"a": 2}, check=lambda d: None)  # from the file
    {'a': 1}
    """

    def __init__(self, folder: Path, *, max_age: float, wait: float = 60.0) -> None:
        self.folder, self.max_age, self.wait = folder, max_age, wait

    def get(self, key: str, fetch: Callable[[], Any], *,
            check: Callable[[Any], str | None]) -> Any:
        """Return the cached document for ``key``, or fetch, check and keep it.

        :param fetch: returns the document (and raises when it cannot).
        :param check: returns why a document is unusable, or ``None`` when it is fine.
        :raises DataError: when the cache folder cannot be written.
        """
        from filelock import FileLock, Timeout

        path = self.folder / f"{key}.json"
        found = self._read(path, check)
        if found is not None:
            return found
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataError(exc.strerror or str(exc), path=str(self.folder)) from exc
        lock = FileLock(str(path) + ".lock")
        try:
            with lock.acquire(timeout=self.wait):
                found = self._read(path, check)  # fetched by another run while we waited
                return found if found is not None else self._fetch(path, fetch)
        except Timeout:
            return self._fetch(path, fetch)

    def _fetch(self, path: Path, fetch: Callable[[], Any]) -> Any:
        document = fetch()
        write_text(path, json.dumps(document, ensure_ascii=False, sort_keys=True), force=True)
        return document

    def _read(self, path: Path, check: Callable[[Any], str | None]) -> Any:
        """Return the document of a fresh, sound cache file, else ``None`` (said when corrupt)."""
        try:
            if time.time() - path.stat().st_mtime >= self.max_age:
                return None
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("wpkld: the cache file %s is unreadable (%s); fetching it again", path,
                        type(exc).__name__)
            return None
        problem = check(document)
        if problem is not None:
            log.warning("wpkld: the cache file %s is corrupt (%s); fetching it again", path, problem)
            return None
        return document
