"""The licence and citation files agree with each other, the README and the package metadata."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_citation_cff_is_valid() -> None:
    # cffconvert pins jsonschema<4, so .ci/run installs it in its own environment (.venv-cff).
    candidates = [shutil.which("cffconvert"), str(Path(sys.executable).with_name("cffconvert")),
                  str(ROOT / ".venv-cff" / "bin" / "cffconvert")]
    exe = next((c for c in candidates if c and Path(c).exists()), None)
    if exe is None:
        pytest.skip("cffconvert is not installed (.ci/run puts it in .venv-cff)")
    done = subprocess.run([exe, "--validate", "-i", str(ROOT / "CITATION.cff")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_citation_matches_the_package_and_readme() -> None:
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # The citation names the latest release: a version of the changelog, the one the README cites.
    version = re.search(r"^version: (\S+)$", cff, re.M)
    assert version is not None
    assert f"## [{version[1]}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"version {version[1]}." in " ".join(readme.split())
    assert "https://w3id.org/wpkld/" in cff and "https://w3id.org/wpkld/" in readme
    assert "- MIT" in cff and "- CC-BY-4.0" in cff


def test_licence_files_match_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    data = (ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert "Code (`wpkld/`, `tests/`, `bench/`): MIT" in readme and "CC BY 4.0" in readme
    assert "CC BY 4.0" in data and "copyright stays with their owners" in data
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
