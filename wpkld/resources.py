"""Where the bundled files are: the only module that knows the package layout.

The top-level folders ``ontology/``, ``dataset/`` and ``shapes/`` are mapped
into the wheel as ``wpkld.ontology``, ``wpkld.data`` and ``wpkld.shapes``
(``wpkld.data``: the package of bundled data files, beside the modules that read them).

A package's folder is where the import system found it (``__path__``), so an
editable install reads the source tree. wpkld is never imported from a zip
(RocksDB needs the prebuilt graph as files), which is the case
``importlib.resources`` exists for; importing it costs about 6 ms, a tenth
of what a command adds to Python's start, for the same folders.
"""

from __future__ import annotations

import importlib
from pathlib import Path


def files(package: str) -> Path:
    """Return the folder of a package of wpkld (``wpkld``, ``wpkld.data``, ...).

    >>> files("wpkld.queries").name
    'queries'
    """
    return Path(next(iter(importlib.import_module(package).__path__)))


def _ttl_tree(root: Path) -> list[Path]:
    found: list[Path] = []
    for entry in root.iterdir():
        if entry.is_dir():
            found.extend(_ttl_tree(entry))
        elif entry.name.endswith(".ttl"):
            found.append(entry)
    return found


def _sorted(entries: list[Path]) -> list[Path]:
    return sorted(entries, key=lambda t: str(t))


def ontology_files() -> list[Path]:
    """Return the ontology's Turtle files."""
    return _sorted(_ttl_tree(files("wpkld.ontology")))


def dataset_files() -> list[Path]:
    """Return every Turtle file of the bundled dataset, alignment data included."""
    return _sorted(_ttl_tree(files("wpkld.data")))


def shapes_files() -> list[Path]:
    """Return the SHACL shapes files."""
    return _sorted(_ttl_tree(files("wpkld.shapes")))


def query_files(folder: str = "") -> dict[str, Path]:
    """Return the queries of ``wpkld/queries`` (or a folder in it) by name (the ``.rq`` file's stem)."""
    root = files("wpkld.queries")
    if folder:
        root = root / folder
    return {e.name[:-3]: e for e in sorted(root.iterdir(), key=lambda t: t.name)
            if e.name.endswith(".rq")}


def prebuilt_graph() -> Path | None:
    """Return the folder of the prebuilt graph (:mod:`wpkld.prebuilt`), or None when the package has none.

    Only an installed wheel has one; RocksDB needs it as a folder on disk.
    """
    folder = files("wpkld") / "prebuilt-graph"
    return folder if folder.is_dir() else None


def mapping_file(name: str) -> Path:
    """Return a file of ``dataset/mappings`` (e.g. ``wikidata.sssom.tsv``)."""
    return files("wpkld.data") / "mappings" / name


def alignment_file(name: str) -> Path:
    """Return a file of ``dataset/alignment`` (e.g. ``wikidata.ttl``)."""
    return files("wpkld.data") / "alignment" / name


def derive_updates() -> list[str]:
    """Return the SPARQL Updates run after loading: derive direct triples, publish links."""
    return [(files("wpkld") / "derive.ru").read_text(encoding="utf-8"),
            (files("wpkld.wikidata") / "publish.ru").read_text(encoding="utf-8")]
