"""The rules every curated row must pass, shared by tools/merge_incoming.py (incoming rows)
and tools/package_data.py (the whole tables, before anything is written).

Each check reads one CSV and returns its problems as "file:line: problem" strings (line =
the physical line the record starts on, so a multi-line quoted field does not shift it);
an empty list means the file may be merged or packaged.

    check_agreements(path, known_ids=set())   -> list[str]
    check_evidence(path, known_ids=set())     -> list[str]
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "src" / "alignscope" / "datasets"
sys.path.insert(0, str(ROOT / "src"))
from alignscope.cli.curated import DIMENSIONS, KINDS  # noqa: E402

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SIMPLIFIED = set("国湾对关际经济军员与议贸为发们时协华东门机动会说这来后过还进实现统")
"""Simplified forms of common characters whose Traditional forms differ (國灣對關際…)."""
PACKAGED = ("search:", "case-file", "unverified")
"""verified_via values a shipped row may have; incoming rows need `search:`."""
AGREEMENT_FIELDS = ("id", "date_signed", "date_in_force", "date_end", "parties", "party_names",
                    "kind", "level", "title", "citation", "url", "verified_via", "notes")
EVIDENCE_FIELDS = ("id", "date", "actor1", "actor2", "dimension", "direction", "cameo",
                   "summary_en", "summary_zh_tw", "citation", "url", "verified_via", "notes")


def bad_date(text: str) -> bool:
    """Not YYYY-MM-DD, YYYY-MM or YYYY, or not a day of the calendar (2011-02-30)."""
    if not DATE.match(text):
        return True
    try:
        dt.date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        return True
    return False


def records(path: Path, fields: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) for each record, every field stripped and present (missing = '')."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [f for f in fields if f not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{path.name}:1: missing columns {missing}")
        start = reader.line_num + 1
        for r in reader:
            yield start, {k: (r.get(k) or "").strip() for k in fields}
            start = reader.line_num + 1


def _cow_states() -> set[int]:
    return {r[0] for r in duckdb.sql(
        f"select distinct ccode from '{DATASETS}/states_cow.parquet'").fetchall()}


def _cameo_codes() -> set[str]:
    return {r[0] for r in duckdb.sql(
        f"select distinct code from '{DATASETS}/cameo_codes.parquet'").fetchall()}


def _resolver():
    from alignscope.countries import state_index
    from alignscope.workspace import Workspace

    return state_index(Workspace(":memory:"))


def agreement_problems(r: dict[str, str], states: set[int], sources: tuple[str, ...]) -> list[str]:
    """What is wrong with one agreements row (empty: nothing)."""
    raw = [p.strip() for p in r["parties"].split(";")]
    parties = [int(p) for p in raw if p.isdigit()]
    checks = [
        (bad_date(r["date_signed"]), f"bad date_signed {r['date_signed']!r}"),
        (bool(r["date_in_force"]) and bad_date(r["date_in_force"]),
         f"bad date_in_force {r['date_in_force']!r}"),
        (bool(r["date_end"]) and bad_date(r["date_end"]), f"bad date_end {r['date_end']!r}"),
        (len(parties) != len(raw) or len(parties) < 2 or len(set(parties)) != len(parties),
         f"bad parties {r['parties']!r} (two or more distinct COW codes, ';'-separated)"),
        (any(p not in states for p in parties), f"unknown party code in {r['parties']!r}"),
        (len(r["party_names"].split(";")) != len(raw), "party_names and parties differ in number"),
        (r["kind"] not in KINDS, f"kind {r['kind']!r} not in the vocabulary"),
        (r["kind"] == "strategic_partnership" and not r["level"], "partnership without level"),
        (not r["verified_via"].startswith(sources), f"verified_via not one of {sources}"),
        (not r["title"] or not r["citation"], "no title or citation"),
    ]
    return [msg for failed, msg in checks if failed]


def evidence_problems(r: dict[str, str], resolve, cameo: set[str],
                      sources: tuple[str, ...]) -> list[str]:
    """What is wrong with one evidence row (empty: nothing)."""
    zh = r["summary_zh_tw"]
    try:
        a, b = resolve(r["actor1"]).ccode, resolve(r["actor2"]).ccode
    except Exception:
        a = b = None
    simplified = "".join(sorted(SIMPLIFIED & set(zh)))
    checks = [
        (bad_date(r["date"]), f"bad date {r['date']!r}"),
        (a is None, f"unknown actor code {r['actor1']!r} or {r['actor2']!r}"),
        (a is not None and a == b, "actor1 and actor2 are the same state"),
        (r["dimension"] not in DIMENSIONS, f"dimension {r['dimension']!r} not in the vocabulary"),
        (r["direction"] not in ("+", "-"), f"direction {r['direction']!r} is not + or -"),
        (bool(r["cameo"]) and r["cameo"] not in cameo, f"CAMEO code {r['cameo']!r} unknown"),
        (not re.search(r"[\u4e00-\u9fff]", zh), "no Chinese summary_zh_tw"),
        (bool(simplified), f"Simplified characters in summary_zh_tw: {simplified}"),
        (not r["summary_en"] or not r["citation"], "no summary_en or citation"),
        (not r["verified_via"].startswith(sources), f"verified_via not one of {sources}"),
    ]
    return [msg for failed, msg in checks if failed]


def _check(path: Path, fields, problems_of, known_ids: set[str] | None) -> list[str]:
    """Run `problems_of` on every row of `path`; ids already seen (or in `known_ids`) are
    duplicates. Ids of accepted rows are added to `known_ids`."""
    seen = known_ids if known_ids is not None else set()
    found = []
    for line, r in records(path, fields):
        bad = problems_of(r)
        if not r["id"]:
            bad.insert(0, "no id")
        elif r["id"] in seen:
            bad.insert(0, f"duplicate id {r['id']}")
        if bad:
            found.append(f"{path.name}:{line}: {'; '.join(bad)}")
        seen.add(r["id"])
    return found


def check_agreements(path: Path, known_ids: set[str] | None = None,
                     sources: tuple[str, ...] = PACKAGED) -> list[str]:
    """Problems of every row of an agreements CSV (see the module docstring)."""
    states = _cow_states()
    return _check(path, AGREEMENT_FIELDS,
                  lambda r: agreement_problems(r, states, sources), known_ids)


def check_evidence(path: Path, known_ids: set[str] | None = None,
                   sources: tuple[str, ...] = PACKAGED) -> list[str]:
    """Problems of every row of an evidence CSV (see the module docstring)."""
    index, cameo = _resolver(), _cameo_codes()
    return _check(path, EVIDENCE_FIELDS,
                  lambda r: evidence_problems(r, index.resolve, cameo, sources), known_ids)


CHECKS = {"agreements": check_agreements, "evidence": check_evidence}
"""The check of each curated dataset, by its name in tools/datasets_spec.toml."""
