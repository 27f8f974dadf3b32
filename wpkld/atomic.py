"""Write files and folders atomically: all of the new content, or the old one untouched.

A file is written to a temporary file in the same folder (so that the final
:func:`os.replace` stays on one file system and is atomic, POSIX rename(2)),
flushed to disk, then renamed over the target. A folder is built in a
temporary sibling and renamed into place. A process killed midway leaves the
previous file or no folder, never a truncated one: only a stray
``.name.*.tmp`` file or folder, which the next write does not reuse.

Nothing is overwritten unless asked (``force``) and missing parent folders
are not created unless asked (``parents``): a typo in a path is an error,
not a new tree.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import DataError


def check_target(path: Path, *, force: bool = False, parents: bool = False) -> None:
    """Refuse a target that exists (without ``force``) or whose folder is missing.

    :raises DataError: naming the path and the option that would allow it.
    """
    if path.exists() and not force:
        raise DataError("exists; give --force to overwrite it", path=str(path))
    if path.is_dir():
        raise DataError("is a folder, not a file", path=str(path))
    parent = path.parent
    if not parent.is_dir():
        if not parents:
            raise DataError(f"the folder {str(parent)!r} does not exist (create it first)",
                            path=str(path))
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataError(exc.strerror or str(exc), path=str(parent)) from exc


def write_bytes(path: Path, content: bytes, *, force: bool = False, parents: bool = False) -> None:
    """Write a file atomically.

    :param force: replace an existing file.
    :param parents: create missing parent folders.
    :raises DataError: when the target exists (without ``force``), its folder
        is missing (without ``parents``), or the write fails; the previous
        file, if any, is then unchanged.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_bytes(target, b"one")
    >>> write_bytes(target, b"two")
    Traceback (most recent call last):
    ...
    wpkld.errors.DataError: ...a.txt: exists; give --force to overwrite it
    >>> write_bytes(target, b"two", force=True); target.read_bytes()
    b'two'
    """
    check_target(path, force=force, parents=parents)
    try:
        with _temporary_file(path) as handle:
            handle.write(content)
    except OSError as exc:
        raise DataError(exc.strerror or str(exc), path=str(path)) from exc


def write_text(path: Path, text: str, *, force: bool = False, parents: bool = False) -> None:
    """Write a UTF-8 text file atomically (see :func:`write_bytes`)."""
    write_bytes(path, text.encode("utf-8"), force=force, parents=parents)


@contextmanager
def _temporary_file(path: Path) -> Iterator[IO[bytes]]:
    """Yield a temporary file next to ``path``; rename it over ``path`` on success."""
    # Not a with-block: the file must outlive the handle, to be renamed (or removed) below.
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.",  # noqa: SIM115
                                         suffix=".tmp", delete=False)
    temporary = Path(handle.name)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            # Keep the mode of the file being replaced (mkstemp makes it 0600).
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def check_folder(path: Path, *, force: bool = False, parents: bool = False) -> None:
    """Refuse a target folder that is a file, holds files (without ``force``) or has no parent.

    :raises DataError: naming the path and the option that would allow it.
    """
    if path.exists() and not path.is_dir():
        raise DataError("is a file, not a folder", path=str(path))
    if path.is_dir() and any(path.iterdir()) and not force:
        raise DataError("not an empty directory; give --force to replace it, or choose another --out",
                        path=str(path))
    if not path.parent.is_dir() and not parents:
        raise DataError(f"the folder {str(path.parent)!r} does not exist (create it first)",
                        path=str(path))


@contextmanager
def build_folder(path: Path, *, force: bool = False, parents: bool = False) -> Iterator[Path]:
    """Yield a temporary sibling folder to fill; on success it becomes ``path``.

    An existing empty folder is replaced; a non-empty one only with ``force``
    (its content is removed after the new folder is in place). On an error
    the temporary folder is removed and ``path`` is unchanged.

    :raises DataError: when ``path`` is a file or a non-empty folder (without
        ``force``), or its parent is missing (without ``parents``).
    """
    check_folder(path, force=force, parents=parents)
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        temporary = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    except OSError as exc:
        raise DataError(exc.strerror or str(exc), path=str(path)) from exc
    try:
        yield temporary
        os.chmod(temporary, 0o777 & ~_umask())
        old = None
        if path.exists():
            # rename(2) replaces only an empty folder: move the old one aside first.
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
            os.replace(path, old / path.name)
        os.replace(temporary, path)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
