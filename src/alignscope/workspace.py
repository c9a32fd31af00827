"""The Workspace: one embedded DuckDB store that every command and API call goes through.

Shipped datasets are copied into the store the first time they are used (one table per
dataset, `ds_<name>`), checked against the manifest's sha256 first. Loading is idempotent
(a dataset already loaded at the same checksum is not loaded again) and transactional (a
failed load leaves the store as it was).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from .catalog import dataset
from .errors import AlignscopeError, DataIntegrityError

MEMORY = ":memory:"


def default_db_path() -> str:
    """$ALIGNSCOPE_DB, else $XDG_DATA_HOME/alignscope/alignscope.duckdb (~/.local/share/...)."""
    if os.environ.get("ALIGNSCOPE_DB"):
        return os.environ["ALIGNSCOPE_DB"]
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return str(Path(base) / "alignscope" / "alignscope.duckdb")


class Workspace:
    """Owns the DuckDB connection; the CLI and the Python API are two faces of it.

    >>> with Workspace(":memory:") as ws:
    ...     ws.table("atop")
    'ds_atop'
    """

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        self.db = str(db) if db is not None else default_db_path()
        self.con = self._connect(self.db)
        self.con.execute("set enable_progress_bar = false")  # stdout is for results only
        self.con.execute(
            "create table if not exists _alignscope_datasets "
            "(name varchar primary key, sha256 varchar, rows bigint, loaded_at timestamp)"
        )
        self._loaded: set[str] = set()
        self._cache: dict[str, object] = {}

    @staticmethod
    def _connect(db: str) -> duckdb.DuckDBPyConnection:
        if db != MEMORY:
            path = Path(db).expanduser()
            if path.is_dir():
                raise AlignscopeError(
                    f"cannot open the store {db}: it is a folder; pass --db with a file name, "
                    "e.g. --db alignscope.duckdb"
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise AlignscopeError(
                    f"cannot create the folder for the store {db} ({exc.strerror}); "
                    "pass --db with a writable path or --db :memory:"
                ) from exc
        try:
            return duckdb.connect(str(Path(db).expanduser()) if db != MEMORY else db)
        except duckdb.IOException as exc:
            try:  # a DuckDB file starts with an 8-byte checksum, then the magic b"DUCK"
                with Path(db).expanduser().open("rb") as f:
                    foreign = f.read(12)[8:12] != b"DUCK"
            except OSError:
                foreign = False
            if foreign:
                raise AlignscopeError(
                    f"cannot open the store {db}: the file is not a DuckDB store; pass --db "
                    "with the path of a store, or of a file that does not exist yet"
                ) from exc
            raise AlignscopeError(
                f"cannot open the store {db} ({str(exc).splitlines()[0]}); it may be in use by "
                "another alignscope process: close it, or pass --db :memory:"
            ) from exc

    def table(self, name: str) -> str:
        """Name of the store table holding shipped dataset `name`, loading it on first use."""
        if name not in self._loaded:
            self._ensure_loaded(name)
            self._loaded.add(name)
        return f"ds_{name}"

    def _ensure_loaded(self, name: str) -> None:
        ds = dataset(name)
        found = self.rows("select sha256 from _alignscope_datasets where name = ?", [name])
        if found and found[0][0] == ds.sha256:
            return
        ds.require_intact()
        self.con.execute("begin transaction")
        try:
            self.con.execute(
                f"create or replace table ds_{name} as select * from read_parquet(?)",
                [str(ds.path)],
            )
            loaded = self.scalar(f"select count(*) from ds_{name}")
            if loaded != ds.rows:
                raise DataIntegrityError(
                    f"dataset '{name}' loaded {loaded} rows but the manifest says {ds.rows}; "
                    "reinstall alignscope"
                )
            self.con.execute(
                "insert or replace into _alignscope_datasets values (?, ?, ?, now())",
                [name, ds.sha256, loaded],
            )
            self.con.execute("commit")
        except BaseException as exc:
            self.con.execute("rollback")
            if isinstance(exc, AlignscopeError):
                raise
            if isinstance(exc, duckdb.Error):
                raise DataIntegrityError(
                    f"cannot load dataset '{name}' from {ds.path} ({str(exc).splitlines()[0]}); "
                    "run `alignscope data verify`"
                ) from exc
            raise

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        """All rows of a query, fully fetched (DuckDB 2 refuses new work while a result is open)."""
        return self.con.execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: list | None = None):
        """The single value of a one-row, one-column query."""
        return self.rows(sql, params)[0][0]

    def loaded(self) -> dict[str, str]:
        """Datasets present in the store, with the checksum they were loaded at."""
        return dict(self.rows("select name, sha256 from _alignscope_datasets"))

    def cached(self, key: str, build):
        """Memoise a value derived from the store for the lifetime of this workspace."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
