"""The embedded store: where it lives, idempotent loading, and failure leaving it unchanged."""

from __future__ import annotations

import shutil

import pytest

import alignscope.catalog as manifest_module
from alignscope import DataIntegrityError, Workspace
from alignscope.workspace import default_db_path


def test_default_path_follows_env(monkeypatch, tmp_path):
    monkeypatch.delenv("ALIGNSCOPE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == str(tmp_path / "alignscope" / "alignscope.duckdb")
    monkeypatch.setenv("ALIGNSCOPE_DB", str(tmp_path / "x.duckdb"))
    assert default_db_path() == str(tmp_path / "x.duckdb")


def test_loading_is_idempotent_and_persists(tmp_path):
    db = tmp_path / "store.duckdb"
    with Workspace(db) as ws:
        ws.table("major_powers")
        first = ws.loaded()
        ws.table("major_powers")
        assert ws.loaded() == first
    with Workspace(db) as ws:
        assert "major_powers" in ws.loaded()
        assert ws.scalar("select count(*) from ds_major_powers") == 14


@pytest.fixture
def corrupted_datasets(monkeypatch, tmp_path):
    """A copy of the shipped datasets folder with one file damaged."""
    copy = tmp_path / "datasets"
    shutil.copytree(manifest_module.DATASETS_DIR, copy)
    monkeypatch.setattr(manifest_module, "DATASETS_DIR", copy)
    target = copy / "major_powers.parquet"
    target.write_bytes(target.read_bytes()[:-10] + b"0123456789")
    return copy


def test_corrupted_file_is_refused_and_store_unchanged(corrupted_datasets, tmp_path):
    with Workspace(tmp_path / "s.duckdb") as ws:
        before = ws.rows("select count(*) from information_schema.tables")
        with pytest.raises(DataIntegrityError, match="'major_powers' is corrupted"):
            ws.table("major_powers")
        after = ws.rows("select count(*) from information_schema.tables")
        assert before == after and ws.loaded() == {}


def test_failed_load_rolls_back(monkeypatch, tmp_path):
    """A load that fails half-way (row count mismatch) leaves the previous table in place."""
    db = tmp_path / "s.duckdb"
    with Workspace(db) as ws:
        ws.table("major_powers")
    real = manifest_module.manifest()["major_powers"]
    broken = manifest_module.Dataset(**{**real.__dict__, "sha256": "0" * 64, "rows": 15})
    monkeypatch.setattr("alignscope.workspace.dataset", lambda name: broken)
    monkeypatch.setattr(manifest_module.Dataset, "require_intact", lambda self: None)
    with Workspace(db) as ws:
        with pytest.raises(DataIntegrityError, match="loaded 14 rows but the manifest says 15"):
            ws.table("major_powers")
        assert ws.loaded()["major_powers"] == real.sha256
        assert ws.scalar("select count(*) from ds_major_powers") == 14
