"""The bundled graph prebuilt when the wheel is built: a read-only Oxigraph store.

Building the bundled graph at start (parsing the Turtle, running
``derive.ru``) costs about 100 ms; opening the same graph prebuilt on disk
costs about 15 ms (docs/benchmarks.md). The build hook (``setup.py``) calls :func:`write` into the
wheel; :func:`open_store` opens it, but only when its fingerprint matches the
files installed beside it and the pyoxigraph that reads it, so that an edited
data file or a new pyoxigraph is never answered from an old graph: then
:func:`wpkld.open` builds the graph from the files as before.

Queries on the on-disk store run 1.1 to 5 times slower than in memory
(docs/benchmarks.md), so it suits one-shot calls (the command line), not a
server or a long session.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pyoxigraph

from . import resources
from .graph import build, bundled_sources
from .store import OxigraphStore

#: The folder's parts: the RocksDB store, and the fingerprint of what built it.
STORE, FINGERPRINT = "store", "fingerprint.txt"


def fingerprint() -> str:
    """Return what the bundled graph is built from, one line each.

    That is the pyoxigraph version (its storage format and its SPARQL
    engine), then the name, size and CRC-32 of every bundled file and of
    each derivation update. It guards against accidents (an edited file,
    another pyoxigraph), not tampering: who can edit the installed files can
    edit the code. CRC-32 rather than SHA-256, because hashlib loads OpenSSL:
    3 ms more at every start, for no accident CRC-32 misses.
    """
    lines = [f"pyoxigraph {pyoxigraph.__version__}"]
    named = [(source.name, source.read_bytes()) for source in bundled_sources()]
    named += [(f"update {i}", update.encode()) for i, update in enumerate(resources.derive_updates(), 1)]
    lines += [f"{name} {len(data)} {zlib.crc32(data):08x}" for name, data in named]
    return "\n".join(lines)


def write(folder: Path) -> None:
    """Build the bundled graph into a new on-disk store at ``folder``, with its fingerprint.

    The folder appears whole or not at all (:func:`wpkld.atomic.build_folder`).

    :raises DataError: when ``folder`` exists and is not empty, or a bundled
        file cannot be parsed.
    """
    from .atomic import build_folder  # only when the wheel is built: tempfile is not on a command's path

    memory = OxigraphStore()
    build(memory, bundled_sources())
    with build_folder(folder) as temporary:
        disk = pyoxigraph.Store(str(temporary / STORE))
        disk.bulk_extend(memory.quads())
        disk.optimize()
        disk.flush()
        del disk  # closes RocksDB before the folder is renamed
        for runtime_file in (temporary / STORE).glob("LO[CG]*"):
            # RocksDB's lock and log of this build: a read-only open needs neither.
            runtime_file.unlink()
        (temporary / FINGERPRINT).write_text(fingerprint() + "\n", encoding="utf-8")


def open_store() -> pyoxigraph.Store | None:
    """Open the prebuilt graph read-only, or return None when there is none that matches.

    None when the package has no prebuilt folder (a source checkout, an
    editable install), when the fingerprint differs from the installed files
    or pyoxigraph, or when the store cannot be opened.
    """
    folder = resources.prebuilt_graph()
    if folder is None:
        return None
    try:
        recorded = (folder / FINGERPRINT).read_text(encoding="utf-8").strip()
        if recorded != fingerprint():
            return None
        return pyoxigraph.Store.read_only(str(folder / STORE))
    except (OSError, UnicodeError, RuntimeError):  # RuntimeError: RocksDB files it cannot read
        return None
