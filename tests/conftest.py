"""Fixtures shared by the test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import wpkld
from support import ROOT


def shared_sources() -> Path | None:
    """Return ../shared/sources beside the checkout (or $WPKLD_SOURCES), if present."""
    candidate = Path(os.environ.get("WPKLD_SOURCES", ROOT.parent / "shared" / "sources"))
    return candidate if (candidate / "README.md").exists() else None


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The five source texts; tests that need them skip, saying why, without them."""
    found = shared_sources()
    if found is None:
        pytest.skip("../shared/sources is not beside the checkout: source-text checks skipped")
    return found


@pytest.fixture(scope="session")
def ds() -> wpkld.Dataset:
    """The bundled data on the default embedded backend (Oxigraph)."""
    return wpkld.open()


@pytest.fixture(scope="session")
def ds_rdflib() -> wpkld.Dataset:
    """The bundled data on rdflib in memory."""
    return wpkld.open(backend="rdflib")
