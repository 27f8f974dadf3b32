"""wpkld.errors: one hierarchy, each error says where, and each maps to one exit status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import run_cli
from wpkld import errors


def test_every_error_is_a_wpkld_error_with_its_exit_status() -> None:
    assert errors.CheckFailed("x").exit_code == 1
    for error in (errors.DataError("x"), errors.QueryNotFound("x"), errors.ParameterError("p", "x"), errors.QueryError("x")):
        assert isinstance(error, errors.WpkldError) and error.exit_code == 2
    for remote in (errors.EndpointError("x", url="u"), errors.WikidataError("x", url="u")):
        assert isinstance(remote, errors.RemoteError) and remote.exit_code == 3


def test_messages_say_where() -> None:
    assert str(errors.DataError("bad token", path="a.ttl", line=3, column=7)) == "a.ttl:3:7: bad token"
    assert str(errors.DataError("unreadable", path="a.ttl")) == "a.ttl: unreadable"
    assert str(errors.ParameterError("from", "not a year")) == "parameter 'from': not a year"
    assert str(errors.QueryNotFound("no query named 'x'")) == "no query named 'x'"  # not KeyError's quotes
    assert str(errors.EndpointError("failed", url="http://h/q", status=502)) == "failed (http://h/q, HTTP 502)"


def test_the_standard_exception_types_still_catch_them() -> None:
    """Callers that know only Python's types are not surprised."""
    with pytest.raises(ValueError):
        raise errors.DataError("x")
    with pytest.raises(KeyError):
        raise errors.QueryNotFound("x")
    with pytest.raises(OSError):
        raise errors.EndpointError("x", url="u")


@pytest.mark.parametrize(("args", "code"), [
    (["queries"], 0),
    (["resolve", "qqqqqqqqqq"], 1),               # a check failed: nothing matches
    (["query", "purgez"], 2),                     # unknown query
    (["query", "purges", "--timeout", "-1"], 2),  # usage
    (["query", "purges", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "2"], 3),
])
def test_exit_status_in_process(capsys: pytest.CaptureFixture[str], args: list[str], code: int) -> None:
    got, _, err = run_cli(capsys, *args)
    assert got == code
    if code:  # one line says what is wrong (click's usage errors add the usage above it)
        assert "Traceback" not in err and "rror" in err.strip().splitlines()[-1]


@pytest.mark.slow
@pytest.mark.parametrize(("args", "code"), [(["resolve", "qqqqqqqqqq"], 1), (["query", "purgez"], 2)])
def test_python_m_wpkld_exits_as_the_console_script_does(tmp_path: Path, args: list[str], code: int) -> None:
    done = subprocess.run([sys.executable, "-m", "wpkld", *args], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == code, done.stderr
    assert done.stderr.startswith("wpkld: error:")
