"""Romanizations of Hangul names, and the name matcher that uses them (``wpkld resolve``, query parameters)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import wpkld
from wpkld.cli import cli
from wpkld.names import fold
from wpkld.romanize import is_hangul, spellings


@pytest.mark.parametrize("hangul,expected", [
    ("박헌영", ["Pak Hŏnyŏng", "Bak Heonyeong", "Park Hun Young"]),   # MR, RR, press
    ("김일성", ["Kim Ilsŏng", "Gim Ilseong", "Kim Il Sung"]),
    ("최창익", ["Ch'oe Ch'angik", "Choe Chang-ik", "Choi Chang Ik"]),
    ("리승엽", ["Ri Sŭngyŏp", "Lee Seung Yup"]),                       # northern 리 and southern 이
])
def test_each_system_is_among_the_spellings(hangul: str, expected: list[str]) -> None:
    found = spellings(hangul, personal=True)
    assert [e for e in expected if e in found] == expected


def test_names_that_are_not_hangul_have_no_romanization() -> None:
    assert not is_hangul("Pak Hon-yong") and spellings("Pak Hon-yong", personal=True) == []
    # Not a person: one word, no surname split.
    assert all(" " not in s for s in spellings("연안파", personal=False))


@pytest.mark.parametrize("spelling", ["Park Hon-yong", "Pak Hŏn-yŏng", "Bak Heon-yeong", "박헌영", "BAK HEONYEONG"])
def test_resolve_and_query_parameters_use_the_same_matcher(spelling: str, ds: wpkld.Dataset) -> None:
    result = CliRunner().invoke(cli, ["resolve", spelling, "--format", "json", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert '"https://w3id.org/wpkld/person/pak-hon-yong"' in result.output
    rows = ds.rows("person", person=spelling)
    assert rows and {fold(r["what"]) for r in rows if r["section"] == "name"} == {fold("Pak Hon-yong")}
