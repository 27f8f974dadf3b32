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


@pytest.fixture(scope="session")
def built_site(ds: wpkld.Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The static site of the bundled data, built once (``wpkld site``), for the site tests."""
    from wpkld.web.site import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    build_site(ds, out, base_url="http://127.0.0.1:8000/")
    return out
