"""wpkld.http_session: one polite Session: it names itself, retries what is worth retrying."""

from __future__ import annotations

import responses

from wpkld._version import __version__
from wpkld.http_session import RETRY_STATUSES, USER_AGENT, session


def test_user_agent_names_wpkld_and_its_version() -> None:
    assert USER_AGENT.startswith(f"wpkld/{__version__} (")
    assert session().headers["User-Agent"] == USER_AGENT


def test_extra_headers_travel_with_every_request() -> None:
    assert session(headers={"Authorization": "Bearer x"}).headers["Authorization"] == "Bearer x"


def test_retry_policy() -> None:
    retry = session(retries=3, backoff=0.5).get_adapter("https://example.org").max_retries
    assert retry.total == 3 and retry.backoff_factor == 0.5
    assert set(retry.status_forcelist) == set(RETRY_STATUSES) == {429, 500, 502, 503, 504}
    assert retry.respect_retry_after_header
    assert retry.allowed_methods is None  # POSTed SPARQL queries are safe to repeat


@responses.activate
def test_a_503_is_retried_then_succeeds() -> None:
    url = "http://127.0.0.1:9/sparql"
    responses.add(responses.GET, url, status=503, headers={"Retry-After": "0"})
    responses.add(responses.GET, url, body="ok")
    answer = session(retries=2, backoff=0).get(url, timeout=5)
    assert answer.text == "ok" and len(responses.calls) == 2


@responses.activate
def test_a_client_error_is_not_retried() -> None:
    url = "http://127.0.0.1:9/sparql"
    responses.add(responses.GET, url, status=400)
    assert session(retries=2, backoff=0).get(url, timeout=5).status_code == 400
    assert len(responses.calls) == 1
