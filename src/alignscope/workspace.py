"""The Workspace: one embedded DuckDB store that every command and API call goes through.

Shipped datasets are copied into the store the first time they are used (one table per
dataset, `ds_<name>`), checked against the manifest's sha256 first. Loading is idempotent
(a dataset already loaded at the same checksum is not loaded again) and transactional (a
failed load leaves the store as it was).

Concurrent use (issue 12). DuckDB lets one process open a file read-write *or* many open it
read-only, so a store file is never written in place: it is attached read-only (to an
in-memory connection, so temp tables survive a re-attach) and every write is copy-on-write.
A writer takes an exclusive lock on `<store>.lock` (bounded wait, `ALIGNSCOPE_LOCK_TIMEOUT`
seconds), copies the latest store to `<store>.next`, writes there, checkpoints and renames it
over the store. Readers are never blocked: they keep reading the version they attached (the
renamed-over file lives on while it is open). A `kill -9` at any moment leaves the store as
it was before the write, plus a `<store>.next` that the next writer deletes.

Writes are declared, never guessed (issue 12): they arrive three ways, `table` (first-use
loads), `persist` (derived caches: kept in the store when the lock is free, else in memory for
this process — the rows are the same) and `writing` (a block of writes, e.g. an events
ingest or the event schema). Outside these the store is attached read-only, so `ws.con`
reads; a write through it fails at once with `UndeclaredWriteError`, a bug to fix by
declaring the write. Code that writes only when the store lacks something checks first with
`has` or a query (a read, no lock), then checks again inside `writing`, which attaches the
latest version: another process may have written the same thing meanwhile. A `:memory:`
store is written in place and cannot tell a declared write from another, so the rule is
checked by tests on store files (tests/test_store_writes.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from .catalog import dataset, manifest
from .errors import AlignscopeError, DataIntegrityError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, writes are not serialised
    fcntl = None  # type: ignore[assignment]

MEMORY = ":memory:"
CATALOG = "store"
LOCK_TIMEOUT = 120.0  # seconds a write waits for another process's write (env overrides)
PERSIST_WAIT = 2.0  # a derived cache is not worth a longer wait: it stays in memory
_FICLONE = 0x40049409  # Linux ioctl: copy-on-write clone of a file (btrfs, XFS)
_DATASETS_DDL = (
    "create table if not exists _alignscope_datasets "
    "(name varchar primary key, sha256 varchar, rows bigint, loaded_at timestamp)"
)
_HAS_SQL = (  # a table, view or sequence of one database (temp objects live in 'temp')
    "select 1 from duckdb_tables() where database_name = ? and table_name = ? "
    "union all select 1 from duckdb_views() where database_name = ? and view_name = ? "
    "union all select 1 from duckdb_sequences() where database_name = ? and sequence_name = ?"
)
HEADER_BYTES = 3 * 4096  # a DuckDB file starts with a main header and two database headers


class StoreBusyError(AlignscopeError):
    """Another process kept the store's write lock longer than the bounded wait."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class DamagedStoreError(DataIntegrityError):
    """The store file is cut short or unreadable: the user can delete it or pass another."""

    exit_code = 74  # EX_IOERR, as for a store that fails later, at its first missing block


class UndeclaredWriteError(RuntimeError):
    """A write to a store file outside `Workspace.writing` (or `table`, `persist`).

    A bug in alignscope, not a user error: the CLI reports it as an internal error. Raised
    at the write, so every test that runs the code on a store file catches it.
    """


def default_db_path() -> str:
    """$ALIGNSCOPE_DB, else $XDG_DATA_HOME/alignscope/alignscope.duckdb (~/.local/share/...)."""
    if os.environ.get("ALIGNSCOPE_DB"):
        return os.environ["ALIGNSCOPE_DB"]
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return str(Path(base) / "alignscope" / "alignscope.duckdb")


def lock_timeout() -> float:
    try:
        return float(os.environ.get("ALIGNSCOPE_LOCK_TIMEOUT", LOCK_TIMEOUT))
    except ValueError:
        return LOCK_TIMEOUT


class Workspace:
    """Owns the DuckDB connection; the CLI and the Python API are two faces of it.

    >>> with Workspace(":memory:") as ws:
    ...     ws.table("atop")
    'ds_atop'
    """

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        self.db = str(db) if db is not None else default_db_path()
        self._loaded: set[str] = set()
        self._cache: dict[str, object] = {}
        if self.db == MEMORY:
            self._store: _Store | None = None
            self.con = duckdb.connect(MEMORY)
            self.con.execute("set enable_progress_bar = false")  # stdout is for results only
            self.con.execute(_DATASETS_DDL)
            return
        path = _store_path(self.db)
        raw = duckdb.connect(MEMORY)
        raw.execute("set enable_progress_bar = false")
        self._store = _Store(raw, path, self.db)
        try:
            self._store.open()
        except BaseException:
            raw.close()
            raise
        self.con = _StoreConnection(raw, self._store)  # type: ignore[assignment]

    def table(self, name: str) -> str:
        """Name of the store table holding shipped dataset `name`, loading it on first use."""
        if name not in self._loaded:
            self._ensure_loaded(name)
            self._loaded.add(name)
        return f"ds_{name}"

    def has(self, name: str) -> bool:
        """Whether the store has table, view or sequence `name` (temp objects do not count)."""
        if self._store is not None:
            return self._store.has(name)
        return bool(self.rows(_HAS_SQL, ["memory", name] * 3))  # DuckDB's name for it

    def _current(self, name: str) -> bool:
        found = self.rows("select sha256 from _alignscope_datasets where name = ?", [name])
        return bool(found) and found[0][0] == dataset(name).sha256

    def _ensure_loaded(self, name: str) -> None:
        """Load `name`; in a store file, also every other shipped dataset not loaded yet.

        Each write to a store file publishes a new copy of it (see `_Store`), so the first
        use loads all shipped datasets in one write rather than one copy per dataset. A
        dataset whose file fails its checksum is left out here; it fails when it is used.
        """
        ds = dataset(name)
        if self._current(name):
            return
        with self._locked(f"loading dataset '{name}'"):
            if self._current(name):  # another process loaded it while this one waited
                return
            ds.require_intact()
            others = []
            if self._store is not None:
                for other in manifest():
                    if other == name or self._current(other):
                        continue
                    try:
                        dataset(other).require_intact()
                    except AlignscopeError:
                        continue
                    others.append(other)
            with self._writable():
                self._load(name, ds)
                for other in others:
                    self._load(other, dataset(other))
                self._loaded.update(others)

    def _load(self, name: str, ds) -> None:
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

    def persist(self, name: str, build: Callable[[], str]) -> str:
        """A table holding derived rows, kept in the store as `name` when possible.

        `build()` makes a temp table and returns its name. When the store has `name`, it is
        returned without building; otherwise the rows are built and copied into the store
        if its write lock is free within PERSIST_WAIT seconds, else the temp table is
        returned (same rows, kept for this workspace only). A `:memory:` store keeps the
        temp table.
        """
        if self._store is None:
            return build()
        if self._store.has(name):
            return name
        temp = build()
        with self._locked(f"storing {name}", wait=PERSIST_WAIT) as got:
            if not got:
                return temp
            if not self._store.has(name):
                with self._writable():
                    self.con.execute(f"create table {name} as select * from {temp}")
        self.con.execute(f"drop table {temp}")
        return name

    @contextlib.contextmanager
    def writing(self, purpose: str) -> Iterator[None]:
        """A block of writes: exclusive, and published atomically when the block ends.

        Inside, the store is a private read-write copy of its latest version; if the block
        raises (or the process dies), the store stays as it was. Blocks nest (one publish, at
        the end of the outermost). `purpose` is shown to a process that waits for the lock.
        A `:memory:` store is written in place: there the block only marks the writes.

        >>> with ws.writing("ingesting event files"):  # doctest: +SKIP
        ...     ws.con.execute("insert into events ...")
        """
        with self._locked(purpose), self._writable():
            yield

    @contextlib.contextmanager
    def _locked(self, purpose: str, *, wait: float | None = None) -> Iterator[bool]:
        if self._store is None:
            yield True
            return
        got = self._store.lock(purpose, lock_timeout() if wait is None else wait,
                               required=wait is None)
        try:
            yield got
        finally:
            if got:
                self._store.unlock()

    @contextlib.contextmanager
    def _writable(self) -> Iterator[None]:
        if self._store is None:
            yield
            return
        with self._store.writable():
            yield

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        """All rows of a query, fully fetched (DuckDB 2 refuses new work while a result is open)."""
        return self.con.execute(sql, params or []).fetchall()

    def records(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        """All rows of a query as dicts by column name, fully fetched (from the cursor, not
        through Arrow: a few rows do not need pyarrow's import)."""
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

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
        if self._store is not None:
            self._store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _store_path(db: str) -> Path:
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
    return path.absolute()


class _Store:
    """The store file behind one workspace: read-only attach, lock, copy-on-write publish."""

    def __init__(self, raw: duckdb.DuckDBPyConnection, path: Path, shown: str) -> None:
        self.raw, self.path, self.shown = raw, path, shown
        self.next = path.with_name(path.name + ".next")
        self.lock_path = path.with_name(path.name + ".lock")
        self.attached: tuple[int, int] | None = None  # (st_dev, st_ino) of the attached file
        self.writing = 0  # depth of writable() blocks
        self.lock_fd: int | None = None
        self.lock_depth = 0

    # ------------------------------------------------------------ opening
    def open(self) -> None:
        if Path(str(self.path) + ".wal").exists():  # written in place by an older alignscope
            self._repair_wal()
        self._attach_latest()
        if not self.has("_alignscope_datasets"):
            self.lock("creating the store", lock_timeout(), required=True)
            try:
                if not self.has("_alignscope_datasets"):
                    with self.writable():
                        self.raw.execute(_DATASETS_DDL)
            finally:
                self.unlock()
        elif self.next.exists() and self.lock("tidying up", 0, required=False):
            self.unlock()  # lock() removed what a killed writer left behind

    def _repair_wal(self) -> None:
        """Let DuckDB replay a write-ahead log left by an in-place writer (older versions)."""
        self.lock("replaying the store's write-ahead log", lock_timeout(), required=True,
                  refresh=False)
        try:
            if Path(str(self.path) + ".wal").exists():
                duckdb.connect(str(self.path)).close()
        except duckdb.IOException as exc:
            raise self._open_error(exc) from exc
        finally:
            self.unlock()

    def _attach_latest(self) -> None:
        """Attach the current store file read-only (nothing if it does not exist yet)."""
        for _ in range(10):
            try:
                before = os.stat(self.path)
            except FileNotFoundError:
                self._detach()
                return
            self._detach()
            try:
                self.raw.execute(f"attach '{_quote(self.path)}' as {CATALOG} (read_only)")
            except duckdb.Error as exc:
                raise self._open_error(exc) from exc
            self.raw.execute(f"use {CATALOG}")
            after = os.stat(self.path)
            self.attached = (after.st_dev, after.st_ino)
            if (before.st_dev, before.st_ino) == self.attached:
                return
        # a writer replaced the file ten times in a row; what is attached is still consistent

    def _detach(self) -> None:
        if self.attached is not None or self._is_attached():
            self.raw.execute("use memory")
            self.raw.execute(f"detach {CATALOG}")
        self.attached = None

    def _is_attached(self) -> bool:
        return bool(self.raw.execute(
            "select 1 from duckdb_databases() where database_name = ?", [CATALOG]
        ).fetchall())

    def _open_error(self, exc: Exception) -> AlignscopeError:
        """Why the store cannot be attached, judged from the file before DuckDB's message.

        A file that is not a DuckDB file, or one cut short inside its headers, is not in use
        by anyone: only DuckDB's lock conflict means another program has it open.
        """
        try:  # a DuckDB file starts with an 8-byte checksum, then the magic b"DUCK"
            with self.path.open("rb") as f:
                head = f.read(12)
            size = self.path.stat().st_size
        except OSError:
            head, size = b"????????DUCK", HEADER_BYTES
        reason = str(exc).splitlines()[0]
        if head[8:12] != b"DUCK":
            return AlignscopeError(
                f"cannot open the store {self.shown}: the file is not a DuckDB store; pass --db "
                "with the path of a store, or of a file that does not exist yet"
            )
        if size < HEADER_BYTES:
            return DamagedStoreError(
                f"cannot open the store {self.shown}: the file is truncated or damaged (it is "
                f"{size:,d} bytes, shorter than a DuckDB file's {HEADER_BYTES:,d}-byte header); "
                "delete it (it is built again from the shipped data, without ingested events) "
                "or pass another --db"
            )
        if "lock" in reason.lower():
            return AlignscopeError(
                f"cannot open the store {self.shown} ({reason}); another program (or an older "
                "alignscope) has it open for writing: close it, or pass --db :memory:"
            )
        return DamagedStoreError(
            f"cannot open the store {self.shown}: the file is truncated or damaged ({reason}); "
            "delete it (it is built again from the shipped data, without ingested events) or "
            "pass another --db"
        )

    def refresh(self) -> None:
        """Attach the latest version if another process published one (caller holds the lock)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return
        if self.attached != (st.st_dev, st.st_ino):
            self._attach_latest()

    def has(self, name: str) -> bool:
        if self.attached is None and not self.writing:
            return False
        return bool(self.raw.execute(_HAS_SQL, [CATALOG, name] * 3).fetchall())

    # ------------------------------------------------------------ the write lock
    def lock(self, purpose: str, timeout: float, *, required: bool, refresh: bool = True) -> bool:
        """Take the exclusive write lock (re-entrant); False, or StoreBusyError, after `timeout`.

        Once taken, the latest published version is attached (`refresh`), so what the caller
        checks next is what it would overwrite.
        """
        if self.lock_depth:
            self.lock_depth += 1
            return True
        if fcntl is None:  # pragma: no cover
            self.lock_depth = 1
            return True
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            if not required:
                return False
            raise AlignscopeError(
                f"cannot write the store {self.shown}: cannot create its lock file "
                f"{self.lock_path} ({exc.strerror}); the store is read-only here, so it must "
                "already hold what the command needs, or pass --db with a writable path"
            ) from exc
        deadline, delay = time.monotonic() + timeout, 0.01
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    holder = _read_holder(fd)
                    os.close(fd)
                    if not required:
                        return False
                    raise StoreBusyError(
                        f"cannot write the store {self.shown}: another alignscope process "
                        f"({holder}) has been writing it for longer than {timeout:g} s; "
                        "try again when it has finished, set ALIGNSCOPE_LOCK_TIMEOUT to wait "
                        "longer, or pass --db with another store"
                    ) from None
                time.sleep(min(delay, left))
                delay = min(delay * 2, 0.2)
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, {purpose}, since {stamp}\n".encode(), 0)
        self.lock_fd, self.lock_depth = fd, 1
        self._remove_next()  # whatever a killed writer left behind is garbage now
        if refresh:  # decide what to write on the version this write will replace
            self.refresh()
        return True

    def unlock(self) -> None:
        self.lock_depth = max(self.lock_depth - 1, 0)
        if self.lock_depth or self.lock_fd is None:
            return
        fd, self.lock_fd = self.lock_fd, None
        os.ftruncate(fd, 0)
        os.close(fd)  # releases the flock

    # ------------------------------------------------------------ copy-on-write
    @contextlib.contextmanager
    def writable(self) -> Iterator[None]:
        """Inside: the store is a private read-write copy; on success it replaces the store."""
        if self.writing:
            self.writing += 1
            try:
                yield
            finally:
                self.writing -= 1
            return
        self.begin_write()
        done = False
        try:
            yield
            done = True
        finally:
            self.end_write(publish=done)

    def begin_write(self) -> None:
        """Attach a fresh copy of the latest store read-write (the caller holds the lock)."""
        assert self.lock_depth, "writing needs the write lock"
        self.refresh()
        self._detach()
        self._remove_next()
        if self.path.exists():
            _copy(self.path, self.next)
        try:
            self.raw.execute(f"attach '{_quote(self.next)}' as {CATALOG}")
        except BaseException:
            self._remove_next()
            self._attach_latest()
            raise
        self.raw.execute(f"use {CATALOG}")
        self.writing = 1

    def end_write(self, *, publish: bool) -> None:
        """Publish the copy (checkpoint, rename over the store) or throw it away."""
        try:
            if publish:
                self.raw.execute(f"checkpoint {CATALOG}")
                self.raw.execute("use memory")
                self.raw.execute(f"detach {CATALOG}")
                os.replace(self.next, self.path)
                _fsync_dir(self.path.parent)
        finally:
            self.writing = 0
            if self._is_attached():  # not published: a failed block, or a failed publish
                with contextlib.suppress(duckdb.Error):
                    self.raw.execute("rollback")
                self.raw.execute("use memory")
                self.raw.execute(f"detach {CATALOG}")
            self._remove_next()
            self.attached = None
            self._attach_latest()

    def _remove_next(self) -> None:
        for leftover in (self.next, Path(str(self.next) + ".wal")):
            leftover.unlink(missing_ok=True)

    def close(self) -> None:
        while self.lock_depth:
            self.unlock()


class _StoreConnection:
    """`ws.con` for a store file: the DuckDB connection, with undeclared writes named.

    Outside a declared write the store is attached read-only and DuckDB refuses any write
    to it; that refusal becomes one UndeclaredWriteError saying what to fix. Temp tables
    and views live in the connection, not the store, and are never writes.
    """

    def __init__(self, raw: duckdb.DuckDBPyConnection, store: _Store) -> None:
        self._raw, self._store = raw, store

    def __getattr__(self, name: str):
        return getattr(self._raw, name)

    def execute(self, *args, **kwargs):
        return self._run(self._raw.execute, *args, **kwargs)

    def executemany(self, *args, **kwargs):
        return self._run(self._raw.executemany, *args, **kwargs)

    def sql(self, *args, **kwargs):
        return self._run(self._raw.sql, *args, **kwargs)

    query = sql

    def _run(self, run: Callable, *args, **kwargs):
        try:
            return run(*args, **kwargs)
        except duckdb.InvalidInputException as exc:
            if self._store.writing or "read-only mode" not in str(exc):
                raise
            raise UndeclaredWriteError(
                f"a write to the store {self._store.shown} outside a declared write "
                f"({str(exc).splitlines()[0]}); wrap it in `with ws.writing(purpose):`"
            ) from exc


def _read_holder(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode(errors="replace").strip() or "unknown"
    except OSError:
        return "unknown"


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def _copy(src: Path, dst: Path) -> None:
    """Copy the store; a copy-on-write clone where the file system offers one (instant)."""
    with src.open("rb") as fin, dst.open("wb") as fout:
        if fcntl is not None:
            try:
                fcntl.ioctl(fout.fileno(), _FICLONE, fin.fileno())
                return
            except OSError:
                pass
        shutil.copyfileobj(fin, fout, 1 << 20)
        fout.flush()
        os.fsync(fout.fileno())


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
