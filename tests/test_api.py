"""The public surface and the provenance rules that hold for the whole package."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import alignscope
from alignscope import sources
from alignscope.catalog import manifest

PACKAGE = Path(alignscope.__file__).parent
ROOT = Path(__file__).resolve().parents[1]


def test_public_api_is_pinned():
    assert alignscope.__all__ == sorted(alignscope.__all__, key=lambda s: (not s.isupper(), s))
    for name in alignscope.__all__:
        assert hasattr(alignscope, name), name


def test_every_step_is_public():
    """Issue 12: add_similarity, add_interdependence and add_regime were left out of __all__."""
    steps = {name for name in sources.__all__ if name == "STEPS" or name.startswith("add_")}
    steps |= {step.__name__ for step in sources.STEPS.values()}
    assert steps <= set(alignscope.__all__), sorted(steps - set(alignscope.__all__))


def _readme_python_api() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Python API", 1)[1].split("\n#", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    return code


def test_readme_python_api_names_are_public():
    code = _readme_python_api()
    (alias,) = re.findall(r"^import alignscope as (\w+)$", code, flags=re.M)
    used = set(re.findall(rf"\b{alias}\.(\w+)", code))
    assert {"Workspace", "build_panel", "add_atop", "resolve"} <= used  # the parse still works
    assert used <= set(alignscope.__all__), sorted(used - set(alignscope.__all__))
    imported = re.findall(r"^from (alignscope[\w.]*) import (.+)$", code, flags=re.M)
    assert imported
    for module, names in imported:
        public = importlib.import_module(module)
        for name in (n.strip() for n in names.split(",")):
            assert name in getattr(public, "__all__", ()), f"{module}.{name} is not in __all__"


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
