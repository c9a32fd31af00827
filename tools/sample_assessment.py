"""Rewrite tests/data/sample_assessment.json, the contract sample the report tests render,
from the current core:

    .venv/bin/python tools/sample_assessment.py

It is what `alignscope assess TWN JPN --year 2011 --format json --dimensions
tests/data/sample_dimensions.toml` prints (series from 2009, to keep it short), so it
cannot drift from the core by hand-editing; tests/test_report.py fails when its keys no
longer match a real assessment's, and says to run this script (issue 12).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from alignscope import Workspace  # noqa: E402
from alignscope.assess import assess  # noqa: E402
from alignscope.cli.assess import json_text  # noqa: E402

DATA = ROOT / "tests" / "data"
SAMPLE = DATA / "sample_assessment.json"
DIMENSIONS = DATA / "sample_dimensions.toml"
CALL = {"a": "TWN", "b": "JPN", "year": 2011, "series_from": 2009}


def build() -> str:
    """The sample as `assess --format json` writes it."""
    with Workspace(":memory:") as ws:
        result = assess(ws, **CALL, dimensions_file=str(DIMENSIONS))
    return json_text(result)


def main() -> None:
    text = build()
    SAMPLE.write_text(text, encoding="utf-8")
    print(f"wrote {SAMPLE.relative_to(ROOT)} ({len(text):,} characters)")


if __name__ == "__main__":
    main()
