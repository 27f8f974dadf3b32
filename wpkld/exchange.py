"""One HTTP exchange under one deadline: connecting, every retry, and reading the answer.

requests' ``timeout`` bounds each socket operation, not the exchange: a
server that sends a byte a second is never abandoned, and urllib3's retries
multiply the wait (five attempts plus backoff). Here one deadline covers it
all:

* each attempt's connect and read timeouts are cut to the time left
  (:class:`DeadlineTimeout`, which urllib3 clones for every attempt);
* a retry is not started when its backoff or ``Retry-After`` would pass the
  deadline, and a ``Retry-After`` above :data:`MAX_RETRY_AFTER` is reported
  instead of obeyed (:class:`DeadlineRetry`);
* the body is read in pieces as they arrive, with the clock checked between
  pieces, and no more than :data:`MAX_ANSWER_BYTES` of it.
"""

from __future__ import annotations

import json
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry
from urllib3.util.timeout import Timeout

from .errors import RemoteError

if TYPE_CHECKING:
    import requests
    from urllib3.connectionpool import ConnectionPool
    from urllib3.response import BaseHTTPResponse

#: The longest ``Retry-After`` obeyed, in seconds; a longer one is reported.
MAX_RETRY_AFTER = 30.0

#: The largest answer read, in bytes (the whole dataset as SPARQL JSON is ~10 MB).
MAX_ANSWER_BYTES = 256 * 1024 * 1024

#: When the exchange under way must end (``time.monotonic()``), if one is.
_deadline: ContextVar[float | None] = ContextVar("wpkld_http_deadline", default=None)


def _left() -> float | None:
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


class DeadlineTimeout(Timeout):
    """Connect and read timeouts cut to the time left before the exchange's deadline."""

    def clone(self) -> Timeout:
        left = _left()
        if left is None:
            return super().clone()
        left = max(left, 0.001)  # past the deadline: fail the attempt at once
        connect, read = self._connect, self._read
        return Timeout(connect=min(connect, left) if isinstance(connect, (int, float)) else left,
                       read=min(read, left) if isinstance(read, (int, float)) else left)


class RetryAfterTooLong(Exception):
    """The server asked to wait longer than wpkld waits."""


class DeadlineRetry(Retry):
    """urllib3's Retry that starts no attempt the deadline or the Retry-After cap forbids."""

    def increment(self, method: str | None = None, url: str | None = None,
                  response: BaseHTTPResponse | None = None, error: Exception | None = None,
                  _pool: ConnectionPool | None = None, _stacktrace: Any = None) -> DeadlineRetry:
        following = super().increment(method, url, response, error, _pool, _stacktrace)
        wait = following.get_backoff_time()
        if response is not None:
            asked = self.get_retry_after(response)
            if asked is not None and asked > MAX_RETRY_AFTER:
                raise MaxRetryError(_pool, url or "", RetryAfterTooLong(asked))  # type: ignore[arg-type]
            wait = max(wait, asked or 0.0)
        left = _left()
        if left is not None and wait >= left:
            raise MaxRetryError(_pool, url or "", error)  # type: ignore[arg-type]
        return following


@dataclass(frozen=True)
class Answer:
    """An HTTP answer read whole within the deadline."""

    status: int
    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def ok(self) -> bool:
        return self.status < 400

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """Return the body parsed as JSON; :class:`ValueError` when it is not JSON."""
        return json.loads(self.body)


def exchange(session: requests.Session, method: str, url: str, *, timeout: float,
             error: type[RemoteError], **kwargs: Any) -> Answer:
    """Send a request and read its answer, all within ``timeout`` seconds.

    :param error: the error class to raise (:class:`~wpkld.errors.EndpointError`,
        :class:`~wpkld.errors.WikidataError`).
    :param kwargs: passed to :meth:`requests.Session.request`.
    :returns: the answer, whatever its HTTP status.
    :raises RemoteError: (of class ``error``) when the host cannot be reached,
        the deadline passes, the connection breaks, the answer is too large,
        or the server asks to retry later than :data:`MAX_RETRY_AFTER`.
    """
    import requests

    if not timeout > 0:
        raise ValueError(f"timeout must be positive, not {timeout}")
    started = time.monotonic()
    token = _deadline.set(started + timeout)
    try:
        try:
            response = session.request(method, url, stream=True,
                                       # requests passes a urllib3 Timeout through unchanged
                                       timeout=DeadlineTimeout(connect=timeout, read=timeout),  # type: ignore[arg-type]
                                       **kwargs)
        except requests.RequestException as exc:
            raise error(_reason(exc, timeout), url=url) from exc
        try:
            # A refused retry (DeadlineRetry) hands back the last answer: say why.
            asked = _retry_after_of(response)
            if asked is not None and asked > MAX_RETRY_AFTER:
                raise error(f"the server asked to retry after {asked:g} s, longer than the "
                            f"{MAX_RETRY_AFTER:g} s wpkld waits; try again later",
                            url=url, status=response.status_code)
            body = _read(response, started + timeout, timeout, url, error)
        finally:
            response.close()
        return Answer(response.status_code, response.url, dict(response.headers), body)
    finally:
        _deadline.reset(token)


def _read(response: requests.Response, deadline: float, timeout: float, url: str,
          error: type[RemoteError]) -> bytes:
    """Read the body piece by piece, checking the clock and the size between pieces."""
    from urllib3.exceptions import HTTPError as Urllib3Error

    pieces: list[bytes] = []
    size = 0
    try:
        while True:
            piece = response.raw.read1(64 * 1024, decode_content=True)
            if not piece:
                return b"".join(pieces)
            pieces.append(piece)
            size += len(piece)
            if size > MAX_ANSWER_BYTES:
                raise error(f"the answer is larger than {MAX_ANSWER_BYTES // 2**20} MB; "
                            "gave up reading it", url=url, status=response.status_code)
            if time.monotonic() > deadline:
                raise error(f"the answer was still arriving after {timeout:g} s (--timeout); "
                            "gave up", url=url, status=response.status_code)
    except (Urllib3Error, OSError) as exc:
        if isinstance(exc, RemoteError):
            raise
        what = "timed out" if "timed out" in str(exc).lower() else "the connection broke"
        raise error(f"{what} while reading the answer ({type(exc).__name__})", url=url,
                    status=response.status_code) from exc


def _retry_after_of(response: requests.Response) -> float | None:
    """Return the seconds a 429 or 503 answer asks to wait, if it says so readably."""
    from urllib3.exceptions import InvalidHeader

    value = response.headers.get("Retry-After")
    if response.status_code not in (429, 503) or value is None:
        return None
    try:
        return Retry().parse_retry_after(value)
    except InvalidHeader:
        return None


def _reason(exc: Exception, timeout: float) -> str:
    """Say in a few words why a request failed (the cause, not urllib3's repr)."""
    import requests

    said = str(exc).lower()
    if isinstance(exc, requests.Timeout) or "timed out" in said:
        return f"no answer within {timeout:g} s (--timeout)"
    if "reset" in said or "aborted" in said or "remotedisconnected" in said:
        return "the connection was reset"
    if isinstance(exc, requests.exceptions.RetryError):
        return "gave up after retries"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    return type(exc).__name__
