"""Every writer of the store declares its write (issue 12), and a damaged store says so.

Run on store files, not `:memory:`: only there is the store attached read-only outside a
declared write, so a writer that forgot to declare itself fails here with
UndeclaredWriteError. A writer with nothing to do only reads: the store file is not
replaced (same inode) and no write lock is taken.
"""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from alignscope import Workspace
from alignscope.cli import main
from alignscope.events.aggregate import dyad_series
from alignscope.events.curated import sync_curated
from alignscope.events.machine import MACHINE_KINDS, sync_machine
from alignscope.events.schema import OBJECTS, ensure_schema
from alignscope.workspace import HEADER_BYTES, DamagedStoreError

USA, CHN = 2, 710


def test_event_writers_declare_their_writes_and_only_read_when_current(tmp_path):
    db = tmp_path / "store.duckdb"
    with Workspace(db) as ws:
        ensure_schema(ws)
        assert all(ws.has(name) for name in OBJECTS)
        assert sync_curated(ws) > 0
        assert sync_machine(ws)["mme"] > 0
        assert dyad_series(ws, USA, CHN, date(2018, 1, 1), date(2018, 12, 31), "year")
    published = db.stat().st_ino
    with Workspace(db) as ws:  # a fresh process: everything is current, nothing is written
        ensure_schema(ws)
        assert sync_curated(ws) == 0
        assert sync_machine(ws) == dict.fromkeys(MACHINE_KINDS, 0)
        assert dyad_series(ws, USA, CHN, date(2018, 1, 1), date(2018, 12, 31), "year")
        assert ws._store.lock_fd is None
    assert db.stat().st_ino == published


def test_a_version_table_lost_is_written_again(tmp_path):
    """The check inside the declared write sees the latest store (here: no version row)."""
    db = tmp_path / "store.duckdb"
    with Workspace(db) as ws:
        loaded = sync_curated(ws)
        with ws.writing("a test forgetting the curated version"):
            ws.con.execute("delete from events_curated_version")
        assert sync_curated(ws) == loaded
        assert ws.scalar("select count(*) from events where origin_kind = 'curated'") == loaded


def test_engine_results_are_kept_in_the_store(tmp_path):
    """The engine's result cache goes through `persist`, a declared write."""
    db = tmp_path / "store.duckdb"
    args = ["--db", str(db), "classify", "TWN", "JPN", "--year", "2011", "--format", "json"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    with Workspace(db) as ws:
        kept = ws.rows("select table_name from duckdb_tables() where database_name = 'store' "
                       "and table_name like 'atlas_%'")  # fmt: skip
    assert kept
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and again.stdout == first.stdout


@pytest.mark.parametrize("size", [12, 100, 4096, HEADER_BYTES - 1])
def test_a_store_cut_inside_its_header_is_damaged_not_in_use(tmp_path, size):
    """Was: 'another program has it open for writing' (found by fuzzing)."""
    whole, cut = tmp_path / "whole.duckdb", tmp_path / "cut.duckdb"
    with Workspace(whole) as ws, ws.writing("a test making a small store"):
        ws.con.execute("create table t as select 1 as x")
    cut.write_bytes(whole.read_bytes()[:size])
    with pytest.raises(DamagedStoreError) as caught:
        Workspace(cut)
    message = str(caught.value)
    assert str(cut) in message and "truncated or damaged" in message
    assert "in use" not in message and "open for writing" not in message
    result = CliRunner().invoke(main, ["--db", str(cut), "states", "TWN"])
    assert result.exit_code == 74
    assert result.stderr.count("\n") == 1 and str(cut) in result.stderr
    assert cut.stat().st_size == size  # left alone
