"""wpkld.limits.within: a query's time limit, on a worker thread that is reused until one is abandoned."""

from __future__ import annotations

import threading
import time

import pytest

from wpkld.errors import QueryError, QueryTimeout
from wpkld.limits import within


def test_calls_in_a_row_run_on_one_worker_not_on_the_caller() -> None:
    first, second = within(5, threading.get_ident), within(5, threading.get_ident)
    assert first == second != threading.get_ident()


def test_a_worker_past_its_limit_is_abandoned_and_never_reused() -> None:
    release = threading.Event()
    ran_on: list[int] = []

    def slow() -> None:
        ran_on.append(threading.get_ident())
        release.wait(5)

    with pytest.raises(QueryTimeout, match="ran longer than 0.05 s"):
        within(0.05, slow)
    assert within(5, threading.get_ident) != ran_on[0]
    release.set()
    deadline = time.monotonic() + 5
    while any(t.ident == ran_on[0] for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(t.ident == ran_on[0] for t in threading.enumerate()), "the abandoned worker did not end"


def test_an_error_reaches_the_caller_and_the_worker_stays_usable() -> None:
    def fail() -> None:
        raise QueryError("malformed")

    with pytest.raises(QueryError, match="malformed"):
        within(5, fail)
    assert within(5, lambda: 42) == 42


def test_callers_on_several_threads_each_get_an_answer() -> None:
    answers: dict[int, int] = {}

    def ask(n: int) -> None:
        answers[n] = within(5, lambda: (time.sleep(0.02), n)[1])

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == {n: n for n in range(8)}


def test_embedded_stores_query_on_the_worker_unless_told_no_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default limit runs each query on the worker; ``timeout=None`` runs it on the caller's thread."""
    from click.testing import CliRunner

    from wpkld.cli import cli
    from wpkld.limits import _Worker
    from wpkld.store import OxigraphStore, RdflibStore

    taken: list[int] = []
    real = _Worker.take
    monkeypatch.setattr(_Worker, "take", lambda: taken.append(1) or real())
    for make in (OxigraphStore, RdflibStore):
        store = make(timeout=None)
        store.load_text('<urn:a> <urn:b> "c" .', name="inline.nt")
        assert store.select("SELECT ?o { ?s ?p ?o }").rows[0]["o"].value == "c"
        assert taken == [], f"{make.__name__} without a limit used a worker"
        assert make().ask("ASK {}") is True
        assert len(taken) == 1, f"{make.__name__} with its default limit did not use a worker"
        taken.clear()
    result = CliRunner().invoke(cli, ["sparql", "SELECT * { ?s ?p ?o } LIMIT 1"])
    assert result.exit_code == 0, result.output
    assert taken, "the command line ran its query without its default time limit"
