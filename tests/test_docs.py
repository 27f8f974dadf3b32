"""The documentation runs: library doctests, README examples, the quick start and CI agree."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import wpkld

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

ALL_MODULES = ["wpkld", *sorted(m.name for m in pkgutil.walk_packages(wpkld.__path__, "wpkld.")
                                if not m.name.endswith("__main__"))]


def has_examples(name: str) -> bool:
    return any(t.examples for t in doctest.DocTestFinder().find(importlib.import_module(name)))


#: Only modules that show examples get a doctest case: an empty one could not fail.
MODULES = [name for name in ALL_MODULES if has_examples(name)]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_the_public_api_shows_examples() -> None:
    public = {"wpkld", "wpkld.api", "wpkld.names", "wpkld.namespaces", "wpkld.queries", "wpkld.store",
              "wpkld.output", "wpkld.terms", "wpkld.graph", "wpkld.export"}
    assert public <= set(MODULES), sorted(public - set(MODULES))


@pytest.mark.parametrize("name", ALL_MODULES)
def test_every_module_says_its_one_job_in_its_first_line(name: str) -> None:
    doc = importlib.import_module(name).__doc__ or ""
    first = doc.strip().splitlines()[0] if doc.strip() else ""
    assert first.endswith(".") and 20 <= len(first) <= 110, f"{name}: {first!r}"


def test_readme_python_examples() -> None:
    """The ```pycon blocks of the README run as doctests against the bundled data."""
    blocks = re.findall(r"```pycon\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "the README shows the Python API"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README block {number}", str(README), 0)
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def quick_start() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_quick_start_is_two_commands() -> None:
    commands = quick_start()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "wpkld " in commands[0] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start()[1] in ci


def test_ontology_html_documentation(tmp_path: Path) -> None:
    """The README's documentation build step works and documents every class."""
    import shutil
    import subprocess
    import sys

    # The venv's scripts sit beside its interpreter, activated or not.
    pylode = shutil.which("pylode", path=str(Path(sys.executable).parent)) or shutil.which("pylode")
    if pylode is None:
        pytest.skip("pylode is not installed (pip install '.[docs]')")
    out = tmp_path / "ontology.html"
    subprocess.run([pylode, str(ROOT / "ontology" / "wpkld.ttl"), "-o", str(out)],
                   check=True, capture_output=True)
    html = out.read_text(encoding="utf-8")
    for term in ("Person", "Faction", "Claim", "Membership", "RepressionEvent", "quote"):
        assert term in html
