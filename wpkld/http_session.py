"""One way to talk HTTP: a requests Session with timeouts and polite retries.

Retries come from urllib3's ``Retry`` (exponential backoff, ``Retry-After``
honoured on 429 and 503), not from a hand-written loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
    import requests

USER_AGENT = (f"wpkld/{__version__} (https://w3id.org/wpkld/; linked data on the "
              "Workers' Party of Korea) python-requests")

#: Statuses worth retrying: rate limits and server-side failures.
RETRY_STATUSES = (429, 500, 502, 503, 504)


def session(*, retries: int = 4, backoff: float = 1.0,
            headers: dict[str, str] | None = None) -> requests.Session:
    """Return a Session that retries politely and identifies itself.

    :param retries: how many times to retry a failed request.
    :param backoff: base of the exponential backoff, in seconds.
    :param headers: extra headers (e.g. ``Authorization``) for every request.
    """
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    retry = Retry(
        total=retries, connect=retries, read=retries, status=retries,
        backoff_factor=backoff, status_forcelist=RETRY_STATUSES,
        allowed_methods=None,  # a SPARQL query sent by POST is safe to repeat
        respect_retry_after_header=True, raise_on_status=False,
    )
    s = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    s.headers["User-Agent"] = USER_AGENT
    s.headers.update(headers or {})
    return s
