"""Atomic file output: a query's rows to .parquet or .csv, or nothing at all.

DuckDB writes to a temporary file in the target's folder, which is then renamed over the
target, so a reader never sees a half-written file and a failed write leaves the old one.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from .errors import OutputError, UsageError

FORMATS = {".parquet": "format parquet, compression zstd", ".csv": "format csv, header"}


def check_target(
    path: str | os.PathLike[str], suffixes: tuple[str, ...] | None = tuple(FORMATS)
) -> Path:
    """The output path, refused in one sentence if a file cannot be written there.

    Checked before any work: the name (not empty, no NUL byte, not too long, UTF-8 for a
    table), the suffix (one of `suffixes`; None accepts any), that the target is not a
    folder, nor a device, pipe or socket (a write renames a new file over the target:
    /dev/null would be replaced), that its folder exists and is a folder, and that a file
    can be created in it. The last is tried, not inferred from permission bits, which say
    yes to root and nothing of read-only or virtual file systems such as /proc.
    """
    name = os.fspath(path)
    if not str(name).strip():
        raise UsageError("the output file name is empty; give a file name")
    if "\0" in str(name):
        raise UsageError(
            f"cannot write '{shown_name(name)}': a file name cannot contain a NUL byte"
        )
    target = Path(path)
    if suffixes and target.suffix.lower() not in suffixes:
        raise UsageError(f"cannot write '{target}': the output must end in {' or '.join(suffixes)}")
    if target.suffix.lower() in FORMATS and not utf8(str(target)):
        raise UsageError(
            f"cannot write '{shown_name(target)}': tables are written by DuckDB and Arrow, "
            "which take only UTF-8 file names; choose a name in UTF-8"
        )
    try:
        _check_place(target)
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        if exc.errno == errno.ENAMETOOLONG:
            raise OutputError(f"cannot write '{target}': the name is too long ({reason})") from exc
        raise OutputError(
            f"cannot write '{target}': the folder {target.parent} does not accept new files "
            f"({reason})"
        ) from exc
    os.close(fd)
    os.unlink(probe)
    return target


def utf8(name: str) -> bool:
    """Whether `name` is valid UTF-8 (a name from bytes that are not is kept with
    surrogates, which DuckDB and Arrow refuse)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(path: str | os.PathLike[str]) -> str:
    """A file name fit for a message: NUL and bytes that are not UTF-8 escaped."""
    name = str(path).replace("\0", "\\0")
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _check_place(target: Path) -> None:
    """A target that is a folder or not a regular file, or a folder that is missing."""
    if target.is_dir():
        raise OutputError(f"cannot write '{target}': it is a folder; give a file name")
    folder = target.parent
    if not folder.is_dir():
        nearest = next((p for p in (folder, *folder.parents) if p.exists()), None)
        if nearest is not None and not nearest.is_dir():
            raise OutputError(f"cannot write '{target}': {nearest} is a file, not a folder")
        raise OutputError(f"cannot write '{target}': the folder {folder} does not exist")
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise OutputError(
            f"cannot write '{target}': it is not a regular file (a device, pipe or socket), "
            "and writing would replace it; give a file name"
        )


def write_query(con: duckdb.DuckDBPyConnection, sql: str, path: str | os.PathLike[str]) -> Path:
    """Write the rows of `sql` to `path` (.parquet or .csv) atomically; returns the path."""
    target = check_target(path)
    with atomic_file(target) as tmp:
        quoted = tmp.replace("'", "''")
        con.execute(f"copy ({sql}) to '{quoted}' ({FORMATS[target.suffix.lower()]})")
    return target


@contextmanager
def atomic_file(target: str | os.PathLike[str], *, mode: int | None = None) -> Iterator[str]:
    """A temporary path in `target`'s folder to write to; renamed over `target` when the
    block ends, removed if it raises — a reader never sees a half-written file.

    The one atomic writer of the package (tables, reports, cached charts). An existing
    target that is not a regular file (a device, pipe or socket) is refused before anything
    is written: the rename would replace /dev/null or a FIFO a reader waits on. `mode`
    sets the file's permissions (a temporary file is private, 0o600). An OSError of the
    write or the rename becomes one OutputError sentence naming the target.
    """
    target = Path(target)
    _check_place(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write '{target}': {_reason(exc)}") from exc
    os.close(fd)
    try:
        yield tmp
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write '{target}': {_reason(exc)}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: str | os.PathLike[str], text: str, *, mode: int | None = 0o644) -> Path:
    """Write `text` (UTF-8, newlines as \\n) to `path` atomically; returns the path."""
    target = Path(path)
    with atomic_file(target, mode=mode) as tmp:
        Path(tmp).write_text(text, encoding="utf-8", newline="\n")
    return target


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
