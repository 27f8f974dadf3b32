"""``wpkld validate``: exit codes, the three output formats, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from support import INVALID, VALID, run_cli

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def test_the_bundled_data_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate")
    assert code == 0, out
    assert out.rstrip().endswith("the data conforms.")


def test_violations_exit_1_and_say_what_to_fix(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate", "--data", *map(str, VALID), str(INVALID / "statement-without-quote.ttl"))
    assert code == 1
    assert out.splitlines()[:3] == [
        "claim:000-mu-chong-fate  (Mu Chong wpk:fate executed)",
        "  violation: wpk:quote  [MinCount; wpksh:Statement-quote]",
        "    Give exactly one wpk:quote: a non-empty plain string copied verbatim from the source "
        "text (no language tag).",
    ]
    assert out.rstrip().endswith("1 violation: the data does not conform.")


def test_files_may_follow_one_data_option(capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(INVALID / "date-malformed.ttl"), *map(str, VALID)]
    assert run_cli(capsys, "validate", "--data", *args)[0] == run_cli(capsys, "validate", *[
        a for path in args for a in ("--data", path)])[0] == 1


def test_the_offending_value_is_shown(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "validate", "--data", *map(str, VALID), str(INVALID / "date-malformed.ttl"))
    assert '  violation: wpk:startDate = "1950-13"^^xsd:gYearMonth  [Node; wpksh:Statement-start-date]' in out


def test_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["validate", "--data", *map(str, VALID), str(INVALID / "entity-not-mentioned.ttl")]
    code, out, _ = run_cli(capsys, *args)
    assert code == 0 and "  warning: " in out and out.rstrip().endswith("1 warning: the data conforms.")
    code, out, _ = run_cli(capsys, *args, "--strict")
    assert code == 1 and "(--strict: warnings fail)" in out


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate", "--format", "json", "--data", *map(str, VALID),
                       str(INVALID / "statement-without-source.ttl"))
    report = json.loads(out)
    assert code == 1 and report["conforms"] is False and report["violations"] == 1
    (node,) = report["focusNodes"]
    assert node["node"] == "https://w3id.org/wpkld/claim/000-mu-chong-fate"
    assert node["results"][0]["shape"] == "https://w3id.org/wpkld/shapes#Statement-source"
    assert node["results"][0]["constraint"] == str(SH.MinCountConstraintComponent)


def test_ttl_format_is_the_shacl_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate", "--format", "ttl", "--data", *map(str, VALID))
    graph = rdflib.Graph().parse(data=out, format="turtle")
    assert code == 0
    assert (None, SH.conforms, rdflib.Literal(True)) in graph


def one_line_error(code: int, err: str) -> str:
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("wpkld: error: "), err
    assert "Traceback" not in err
    return err


def test_a_parse_error_exits_2_with_file_and_line(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix wpk: <https://w3id.org/wpkld/ontology#> .\n<urn:a> wpk:quote "x" ;\n'
                   '  wpk:quote .\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", "--data", str(bad))
    assert f"{bad}:3:" in one_line_error(code, err)


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "validate", "--data", str(tmp_path / "none.ttl"))
    assert "none.ttl" in one_line_error(code, err)


def test_an_ill_typed_literal_logs_no_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "validate", "--data", *map(str, VALID), str(INVALID / "date-impossible-day.ttl"))
    assert code == 1 and "Traceback" not in err + out


def test_help_states_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate", "--help")
    assert code == 0
    for line in ("0  the data conforms", "1  the data has violations", "2  a file cannot be read"):
        assert line in out
