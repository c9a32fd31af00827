"""Many processes on one store file (issue 12): parallel commands agree with a serial run,
and a `kill -9` in the middle of a write leaves a store the next command uses.

Real subprocesses against a temp store file: DuckDB's file locks are per process, so an
in-process test would not see the failure this guards against.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_events import write_icews_sample

from alignscope import Workspace
from alignscope.workspace import UndeclaredWriteError

CLI = str(Path(sys.executable).with_name("alignscope"))  # the console script, as users run it
ENV = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1", "ALIGNSCOPE_LOCK_TIMEOUT": "300"}
ENV.pop("ALIGNSCOPE_DB", None)

# Eight commands, several of them needing the same first-use loads and the same derived
# tables (the two `classify` share one atlas year), so they race for the write lock.
COMMANDS = [
    ["data", "verify"],
    ["states", "TWN"],
    ["classify", "TWN", "JPN", "--year", "2011", "--format", "json"],
    ["agreements", "--state", "TWN", "--format", "json"],
    ["panel", "--start", "2010", "--end", "2011", "--add", "atop", "--out", "{out}/panel.parquet"],
    ["classify", "TWN", "USA", "--year", "2011", "--format", "json"],
    ["agreements", "--state", "JPN", "--format", "json"],
    ["states", "JPN"],
]


def argv(db: Path, command: list[str], out: Path) -> list[str]:
    args = [a.replace("{out}", str(out)) for a in command]
    return [CLI, "--db", str(db), *args]


def result(done: subprocess.CompletedProcess, out: Path) -> tuple[int, str, str]:
    return done.returncode, done.stdout.replace(str(out), "OUT"), done.stderr.replace(
        str(out), "OUT"
    )


def serial(db: Path, out: Path) -> list[tuple[int, str, str]]:
    out.mkdir(parents=True, exist_ok=True)
    return [
        result(subprocess.run(argv(db, c, out), capture_output=True, text=True, env=ENV), out)
        for c in COMMANDS
    ]


def parallel(db: Path, out: Path) -> list[tuple[int, str, str]]:
    out.mkdir(parents=True, exist_ok=True)
    procs = [
        subprocess.Popen(
            argv(db, c, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV
        )
        for c in COMMANDS
    ]
    done = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=900)
        done.append(result(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr), out))
    return done


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The eight commands run one after another on a fresh store."""
    base = tmp_path_factory.mktemp("serial")
    outputs = serial(base / "store.duckdb", base / "out")
    failed = [(c, err) for c, (code, _, err) in zip(COMMANDS, outputs, strict=True) if code]
    assert not failed, failed
    return outputs, pq.read_table(base / "out" / "panel.parquet")


def assert_same(got, reference, out: Path) -> None:
    expected, panel = reference
    for command, (code, stdout, stderr), (_, want, _) in zip(COMMANDS, got, expected, strict=True):
        assert code == 0, f"{command}: {stderr}"
        assert stdout == want, command
    assert pq.read_table(out / "panel.parquet").equals(panel)


def test_eight_commands_in_parallel_on_a_fresh_store_equal_a_serial_run(reference, tmp_path):
    db = tmp_path / "store.duckdb"
    started = time.monotonic()
    first = parallel(db, tmp_path / "cold")
    cold = time.monotonic() - started
    assert_same(first, reference, tmp_path / "cold")
    started = time.monotonic()
    again = parallel(db, tmp_path / "warm")  # everything loaded: all eight only read
    warm = time.monotonic() - started
    assert_same(again, reference, tmp_path / "warm")
    assert not Path(f"{db}.next").exists()
    print(f"8 parallel commands: fresh store {cold:.1f} s, loaded store {warm:.1f} s")


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the write to interrupt never started"
        time.sleep(0.01)


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


AGREEMENTS = COMMANDS[3]


@pytest.mark.parametrize("when", ["after 0.5 s", "during the first write", "during a later write"])
def test_kill_during_first_use_loading_leaves_a_usable_store(reference, tmp_path, when):
    db, out = tmp_path / "store.duckdb", tmp_path / "out"
    nxt = Path(f"{db}.next")
    proc = subprocess.Popen(
        argv(db, AGREEMENTS, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    if when == "after 0.5 s":
        time.sleep(0.5)
    else:
        if when == "during a later write":  # the store was published once or more already
            wait_for(db.exists)
        wait_for(nxt.exists)
    kill(proc)
    again = result(
        subprocess.run(argv(db, AGREEMENTS, out), capture_output=True, text=True, env=ENV), out
    )
    assert again == reference[0][3]
    assert not nxt.exists()  # the next writer removed what the killed one left
    verify = subprocess.run(argv(db, ["data", "verify"], out), capture_output=True, text=True,
                            env=ENV)
    assert verify.returncode == 0 and verify.stdout == reference[0][0][1]


@pytest.fixture(scope="module")
def events_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("events") / "events.2018.sample.tab"
    with Workspace(":memory:") as ws:
        write_icews_sample(ws, path)
    return path


def ingest_argv(db: Path, path: Path) -> list[str]:
    return argv(db, ["events", "ingest", str(path), "--source", "icews", "--format", "json"],
                path.parent)


@pytest.mark.parametrize("loaded_before", [False, True])
def test_kill_during_ingest_leaves_the_store_as_it_was(events_file, tmp_path, loaded_before):
    db = tmp_path / "store.duckdb"
    lock, nxt = Path(f"{db}.lock"), Path(f"{db}.next")
    if loaded_before:  # a store with earlier ingest already in it
        first = subprocess.run(ingest_argv(db, events_file), capture_output=True, text=True,
                               env=ENV)
        assert first.returncode == 0, first.stderr
    proc = subprocess.Popen(
        ingest_argv(db, events_file), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=ENV,
    )
    wait_for(lambda: nxt.exists() and lock.exists() and "ingesting" in lock.read_text())
    kill(proc)
    done = subprocess.run(ingest_argv(db, events_file), capture_output=True, text=True, env=ENV)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["loaded"] == 1673
    assert report["replaced"] == (1673 if loaded_before else 0)  # nothing half-loaded
    assert report["ingest_id"] == (2 if loaded_before else 1)
    assert not nxt.exists()


def test_readers_do_not_wait_for_a_writer(events_file, tmp_path):
    """While one process holds the write lock (an ingest), others read the store at once."""
    db = tmp_path / "store.duckdb"
    out = tmp_path / "out"
    warm = subprocess.run(argv(db, ["states", "TWN"], out), capture_output=True, text=True,
                          env=ENV)
    assert warm.returncode == 0, warm.stderr
    with Workspace(db) as ws, ws.writing("a test holding the write lock"):
        ws.con.execute("create table held as select 1 as x")
        reader = subprocess.run(argv(db, ["states", "TWN"], out), capture_output=True,
                                text=True, env={**ENV, "ALIGNSCOPE_LOCK_TIMEOUT": "1"})
        assert reader.returncode == 0, reader.stderr
        assert reader.stdout == warm.stdout
    with Workspace(db) as ws:
        assert ws.scalar("select x from held") == 1


def test_a_writer_gives_up_after_the_bounded_wait_with_a_clear_message(tmp_path):
    db = tmp_path / "store.duckdb"
    out = tmp_path / "out"
    with Workspace(db) as ws, ws.writing("a test holding the write lock"):
        # agreements needs first-use loads, so it must wait for the lock
        blocked = subprocess.run(argv(db, AGREEMENTS, out), capture_output=True, text=True,
                                 env={**ENV, "ALIGNSCOPE_LOCK_TIMEOUT": "0.5"})
    assert blocked.returncode == 75
    assert blocked.stderr.count("\n") == 1
    assert f"pid {os.getpid()}, a test holding the write lock" in blocked.stderr
    assert "ALIGNSCOPE_LOCK_TIMEOUT" in blocked.stderr


def test_declared_writes_are_published_and_undeclared_ones_refused(tmp_path):
    """Writes are declared (`ws.writing`), never guessed from SQL text: outside a declared
    write `ws.con` only reads, and a write names the fix instead of taking the lock."""
    db = tmp_path / "store.duckdb"
    with Workspace(db) as ws:
        with ws.writing("a test writing t"):
            ws.con.execute("create table t (x integer)")
            ws.con.execute("begin transaction")
            ws.con.execute("insert into t values (1), (2)")
            ws.con.execute("commit")
        ws.con.execute("create temp table scratch as select 5 as y")  # temp: never a write
        published = db.stat().st_ino
        for write in ("insert into t values (3)", "create table if not exists t (x integer)",
                      "create table u as select 1 as x"):  # fmt: skip
            with pytest.raises(UndeclaredWriteError, match=r"ws\.writing"):
                ws.con.execute(write)
        with pytest.raises(UndeclaredWriteError):
            ws.con.executemany("insert into t values (?)", [[4]])
        assert db.stat().st_ino == published  # nothing was written
        ws.table("major_powers")  # a re-attach keeps temp tables
        assert ws.scalar("select sum(x) from t") == 3
        assert ws.scalar("select y from scratch") == 5
    with Workspace(db) as ws:
        assert ws.scalar("select sum(x) from t") == 3
        assert ws.has("t") and not ws.has("scratch") and not ws.has("u")


def test_a_declared_write_that_raises_publishes_nothing(tmp_path):
    db = tmp_path / "store.duckdb"
    with Workspace(db) as ws:
        with pytest.raises(ZeroDivisionError), ws.writing("a test that fails"):
            ws.con.execute("create table half as select 1 as x")
            1 / 0  # noqa: B018
        assert not ws.has("half")
    with Workspace(db) as again:
        assert not again.has("half")
    assert not Path(f"{db}.next").exists()
