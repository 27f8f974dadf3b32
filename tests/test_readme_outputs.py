"""The README's example outputs are what the commands print (issue 12, item 7).

Each fenced block that starts with ``$ wpkld ...`` is run; the README may leave
columns out for width, so the columns it shows are compared, cell by cell and
row by row, with the same columns of the real output (the first table of
each block: ``wpkld stats`` prints several, the later ones cut in the README).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from support import run_cli

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```\n\$ (wpkld [^\n]+)\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def table(text: str) -> tuple[list[str], list[list[str]]]:
    """Split the first table printed into its column names and rows, by the dashes under the header."""
    lines = text.strip("\n").split("\n\n")[0].splitlines()
    rule = next(i for i, line in enumerate(lines) if re.fullmatch(r"[- ]+", line) and "-" in line)
    spans = [m.span() for m in re.finditer(r"-+", lines[rule])]

    def cells(line: str) -> list[str]:
        return [line[a:b if k + 1 < len(spans) else None].strip() for k, (a, b) in enumerate(spans)]

    return cells(lines[rule - 1]), [cells(line) for line in lines[rule + 1:] if line.strip()]


def test_the_readme_shows_outputs() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("command,shown", BLOCKS, ids=[c for c, _ in BLOCKS])
def test_a_readme_output_is_what_the_command_prints(command: str, shown: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, *shlex.split(command)[1:])
    assert code == 0, err
    names, rows = table(shown)
    real_names, real_rows = table(out)
    assert set(names) <= set(real_names), f"columns the command does not print: {set(names) - set(real_names)}"
    at = [real_names.index(n) for n in names]
    assert rows == [[row[i] for i in at] for row in real_rows]
