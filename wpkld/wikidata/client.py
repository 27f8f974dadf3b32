"""Talk to Wikidata's API: fetch items in batches (with a local cache) and search them.

One requests Session (:func:`wpkld.http_session.session`) identifies wpkld as
Wikimedia's User-Agent policy asks, times out, and retries with exponential
backoff, honouring ``Retry-After`` on 429 and 5xx (urllib3's ``Retry``).
``wbgetentities`` takes at most 50 ids a request
(https://www.wikidata.org/w/api.php?action=help&modules=wbgetentities), so
ids are sent in batches of 50; each batch's answer is kept as one JSON file
in the cache directory and read from there while it is younger than a day
(so that a link marked verified today was checked against today's Wikidata).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import JsonCache
from ..errors import WikidataError
from ..terms import short

if TYPE_CHECKING:
    import requests

API = "https://www.wikidata.org/w/api.php"

#: The environment variable that points the client at another API (a mirror,
#: a test server, as tests/test_faults.py does).
API_VARIABLE = "WPKLD_WIKIDATA_API"

#: The most ids ``wbgetentities`` accepts in one request.
BATCH = 50

#: Seconds a cached answer is used for before it is fetched again.
MAX_AGE = 24 * 3600


def default_cache_dir() -> Path:
    """Return the per-user cache directory for Wikidata answers."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("wpkld")) / "wikidata"


def batches(ids: Iterable[str], size: int = BATCH) -> Iterator[list[str]]:
    """Split ids into sorted, de-duplicated batches of at most ``size``.

    >>> [len(b) for b in batches(f"Q{n}" for n in range(1, 121))]
    [50, 50, 20]
    >>> list(batches(["Q2", "Q1", "Q2"]))
    [['Q1', 'Q2']]
    """
    unique = sorted(set(ids), key=lambda q: int(q[1:]))
    for start in range(0, len(unique), size):
        yield unique[start:start + size]


@dataclass
class Entities:
    """What Wikidata said about a set of ids.

    :ivar items: the entity JSON objects, by the id that was asked for (a
        redirected id maps to its target's object).
    :ivar redirects: requested id -> id it redirects to (merged items).
    :ivar missing: requested ids that do not exist (or were deleted).
    """

    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)

    def add(self, answer: dict[str, Any], asked: list[str]) -> None:
        """Take in one ``wbgetentities`` answer for the ids ``asked``."""
        for key, entity in answer.get("entities", {}).items():
            if "missing" in entity:
                self.missing.add(entity.get("id", key))
                continue
            redirect = entity.get("redirects")
            if redirect:  # {"from": "Q1", "to": "Q2"}: asked for Q1, got Q2
                self.redirects[redirect["from"]] = redirect["to"]
                self.items[redirect["from"]] = entity
            self.items[entity.get("id", key)] = entity
        self.missing.update(q for q in asked if q not in self.items and q not in self.missing)


class Client:
    """A Wikidata API client with one Session, a timeout and a response cache.

    :param cache_dir: where batch answers are kept (None: no cache).
    :param timeout: seconds to wait for each request.
    :param max_age: seconds a cached answer is used for.
    :param session: the HTTP session; :func:`wpkld.http_session.session` by default.
    :param api: the API URL; ``$WPKLD_WIKIDATA_API``, else Wikidata's.
    """

    def __init__(self, *, cache_dir: Path | None = None, timeout: float = 30.0,
                 max_age: float = MAX_AGE, session: requests.Session | None = None,
                 api: str | None = None) -> None:
        import os

        if session is None:
            from ..http_session import session as new_session

            session = new_session()
        self.session, self.cache_dir, self.timeout = session, cache_dir, timeout
        self.max_age = max_age
        self.api = api or os.environ.get(API_VARIABLE) or API

    def get(self, params: dict[str, str]) -> dict[str, Any]:
        """Send one API request and return its JSON answer.

        :raises WikidataError: when the request fails after retries, times
            out, or the API answers with an error.
        """
        from ..exchange import exchange

        params = {**params, "format": "json"}
        try:
            response = exchange(self.session, "GET", self.api, timeout=self.timeout,
                                error=WikidataError, params=params)
        except WikidataError as exc:
            raise WikidataError(f"Wikidata did not answer: {exc.reason}", url=self.api,
                                status=exc.status) from exc
        if response.status != 200:
            raise WikidataError("Wikidata refused the request", url=response.url,
                                status=response.status)
        try:
            answer = response.json()
        except ValueError as exc:
            raise WikidataError("Wikidata's answer is not JSON", url=response.url) from exc
        if not isinstance(answer, dict):
            raise WikidataError(f"Wikidata's answer is not a JSON object: {short(answer)}",
                                url=response.url)
        if "error" in answer:
            error = answer["error"] if isinstance(answer["error"], dict) else {}
            info = error.get("info") or error.get("code", "unknown error")
            raise WikidataError(f"Wikidata's API said: {str(info)[:200]}", url=response.url)
        return answer

    def entities(self, ids: Iterable[str], *, into: Entities | None = None,
                 progress: Callable[[int], None] | None = None) -> Entities:
        """Fetch items by id, in batches of at most 50, from the cache when there.

        Batches already fetched stay in ``into`` when a later one fails, so a
        caller that passes its own :class:`Entities` keeps the partial result.

        :param ids: Q-ids.
        :param into: where to collect the answers (a new :class:`Entities` by default).
        :param progress: called with the number of ids of each batch once it is in.
        :raises WikidataError: when a batch cannot be fetched.
        """
        found = Entities() if into is None else into
        for batch in batches(ids):
            found.add(self._batch(batch), batch)
            if progress is not None:
                progress(len(batch))
        return found

    def _batch(self, ids: list[str]) -> dict[str, Any]:
        def fetch() -> dict[str, Any]:
            answer = self.get({"action": "wbgetentities", "ids": "|".join(ids),
                               "props": "labels|aliases|claims|info", "languages": "en|ko"})
            problem = entities_problem(answer)
            if problem is not None:  # never judge links by an answer that says nothing
                raise WikidataError(f"Wikidata's answer is malformed: {problem}", url=self.api)
            return answer

        if self.cache_dir is None:
            return fetch()
        key = hashlib.sha256("|".join(ids).encode()).hexdigest()[:16]
        cache = JsonCache(self.cache_dir, max_age=self.max_age, wait=self.timeout)
        answer: dict[str, Any] = cache.get(f"wbgetentities-{key}", fetch, check=entities_problem)
        return answer

    def search(self, name: str, *, language: str = "en", limit: int = 10) -> list[Suggestion]:
        """Return candidate items for a name (``wbsearchentities``), never cached.

        :raises WikidataError: when the search fails.
        """
        answer = self.get({"action": "wbsearchentities", "search": name, "language": language,
                           "uselang": language, "type": "item", "limit": str(limit)})
        return [Suggestion(hit["id"], hit.get("label", ""), hit.get("description", ""),
                           hit.get("concepturi", f"http://www.wikidata.org/entity/{hit['id']}"))
                for hit in answer.get("search", [])]


def entities_problem(answer: Any) -> str | None:
    """Say what makes a ``wbgetentities`` answer unusable, or ``None`` when it is sound.

    >>> entities_problem({"entities": {"Q1": {"id": "Q1"}}, "success": 1}) is None
    True
    >>> entities_problem({}), entities_problem([])
    ('no "entities" object', 'not a JSON object but []')
    """
    if not isinstance(answer, dict):
        return f"not a JSON object but {short(answer, 40)}"
    entities = answer.get("entities")
    if not isinstance(entities, dict) or not entities:
        return 'no "entities" object'
    bad = next((k for k, v in entities.items() if not isinstance(v, dict)), None)
    return None if bad is None else f"the entity {short(bad, 40)} is not an object"


@dataclass(frozen=True)
class Suggestion:
    """A search hit for a curator: id, label, description and entity IRI."""

    id: str
    label: str
    description: str
    iri: str
