"""Atomic file output: a query's rows to .parquet or .csv, or nothing at all.

DuckDB writes to a temporary file in the target's folder, which is then renamed over the
target, so a reader never sees a half-written file and a failed write leaves the old one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

from .errors import OutputError, UsageError

FORMATS = {".parquet": "format parquet, compression zstd", ".csv": "format csv, header"}


def check_target(path: str | os.PathLike[str]) -> Path:
    """The output path, refused (one sentence) if its suffix or folder cannot work."""
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise UsageError(f"cannot write '{target}': the output must end in .parquet or .csv")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write '{target}': the folder {folder} does not exist")
    return target


def write_query(con: duckdb.DuckDBPyConnection, sql: str, path: str | os.PathLike[str]) -> Path:
    """Write the rows of `sql` to `path` (.parquet or .csv) atomically; returns the path."""
    target = check_target(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write '{target}': {exc.strerror.lower()}") from exc
    os.close(fd)
    try:
        quoted = tmp.replace("'", "''")
        con.execute(f"copy ({sql}) to '{quoted}' ({FORMATS[target.suffix.lower()]})")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
