"""wpkld.prebuilt: the graph built into the wheel answers as the graph built at start, and only when it matches."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import wpkld
from support import catalogue_output
from wpkld import prebuilt, resources
from wpkld.errors import DataError
from wpkld.graph import bundled_sources


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A prebuilt graph written as the build hook writes it."""
    out = tmp_path_factory.mktemp("prebuilt") / "prebuilt-graph"
    prebuilt.write(out)
    return out


@pytest.fixture
def shipped(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The package, as if the wheel had shipped ``folder``."""
    monkeypatch.setattr(resources, "prebuilt_graph", lambda: folder)
    return folder


def test_it_holds_the_graph_built_at_start(folder: Path, ds: wpkld.Dataset) -> None:
    store = ox.Store.read_only(str(folder / prebuilt.STORE))
    assert set(store) == set(ds.store.quads())
    assert (folder / prebuilt.FINGERPRINT).read_text(encoding="utf-8").strip() == prebuilt.fingerprint()
    assert not list((folder / prebuilt.STORE).glob("LO[CG]*"))  # no build-machine lock or log


@pytest.mark.usefixtures("shipped")
def test_the_catalogue_prints_the_same_bytes_from_it(ds: wpkld.Dataset) -> None:
    fast = wpkld.open(prebuilt=True)
    assert getattr(fast.store, "read_only", False)
    assert catalogue_output(fast) == catalogue_output(ds)


def test_an_edited_data_file_means_building_at_start(shipped: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert prebuilt.open_store() is not None
    files = bundled_sources()
    edited = tmp_path / files[-1].name
    edited.write_bytes(files[-1].read_bytes() + b"\n# an edit\n")
    monkeypatch.setattr(prebuilt, "bundled_sources", lambda: [*files[:-1], edited])
    assert prebuilt.open_store() is None


@pytest.mark.usefixtures("shipped")
def test_another_pyoxigraph_means_building_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ox, "__version__", "0.0.0")
    assert prebuilt.open_store() is None
    assert not wpkld.open(prebuilt=True).store.read_only  # type: ignore[attr-defined]


def test_no_prebuilt_graph_means_building_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "prebuilt_graph", lambda: None)
    assert prebuilt.open_store() is None
    assert len(wpkld.open(prebuilt=True)) > 1000


def test_an_unreadable_store_means_building_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / prebuilt.STORE).mkdir()
    (tmp_path / prebuilt.FINGERPRINT).write_text(prebuilt.fingerprint(), encoding="utf-8")
    monkeypatch.setattr(resources, "prebuilt_graph", lambda: tmp_path)
    assert prebuilt.open_store() is None


@pytest.mark.usefixtures("shipped")
def test_it_is_read_only_and_says_so() -> None:
    fast = wpkld.open(prebuilt=True)
    with pytest.raises(DataError, match="read-only: open the data with prebuilt=False"):
        fast.store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")  # type: ignore[attr-defined]


def test_data_files_or_rdflib_never_use_it(shipped: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert not wpkld.open(prebuilt=True, data=[mine]).store.read_only  # type: ignore[attr-defined]
    assert wpkld.open(prebuilt=True, backend="rdflib").store.name == "rdflib"


def test_writing_never_replaces_a_folder(folder: Path) -> None:
    with pytest.raises(DataError, match="not an empty directory"):
        prebuilt.write(folder)
