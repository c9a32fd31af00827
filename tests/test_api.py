"""The public surface and the provenance rules that hold for the whole package."""

from __future__ import annotations

import re
from pathlib import Path

import alignscope
from alignscope.catalog import manifest

PACKAGE = Path(alignscope.__file__).parent


def test_public_api_is_pinned():
    assert alignscope.__all__ == sorted(alignscope.__all__, key=lambda s: (not s.isupper(), s))
    for name in alignscope.__all__:
        assert hasattr(alignscope, name), name


def test_package_never_reads_the_shared_folder():
    """Run-time code must use the shipped copies, not the developers' ../shared folder."""
    for path in PACKAGE.rglob("*.py"):
        assert "shared/data" not in path.read_text(encoding="utf-8"), path


def test_every_manifest_entry_is_complete():
    required = (
        "title",
        "dataset",
        "version",
        "unit",
        "origin",
        "licence",
        "processing",
        "citation",
        "sha256",
    )
    for ds in manifest().values():
        for field in required:
            assert getattr(ds, field), f"{ds.name}: empty {field}"
        assert ds.columns and ds.gaps, ds.name
        assert re.fullmatch(r"[0-9a-f]{64}", ds.sha256), ds.name
        entries = re.findall(r"@\w+\{([^,\s]+),", ds.citation)
        assert entries, f"{ds.name}: citation is not BibTeX"
        assert ds.citation.count("{") == ds.citation.count("}"), ds.name
        assert ds.verify() is None, ds.name


def test_bibtex_keys_are_unique_across_datasets():
    keys = [k for ds in manifest().values() for k in re.findall(r"@\w+\{([^,\s]+),", ds.citation)]
    assert len(keys) == len(set(keys))


def test_manifest_rows_match_the_files(ws):
    for ds in manifest().values():
        assert ws.scalar(f"select count(*) from {ws.table(ds.name)}") == ds.rows, ds.name
        shipped = {c for c in ws.con.sql(f"select * from {ws.table(ds.name)} limit 0").columns}
        assert shipped == set(ds.columns), ds.name
