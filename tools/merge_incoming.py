"""Merge curated rows into the curated tables: curation/incoming/*.csv into agreements.csv,
curation/incoming_evidence/*.csv into evidence.csv.

    python tools/merge_incoming.py agreements|evidence

Developer tool: checks each incoming row (unique id, date format, parties known to the
COW state list, kind / dimension / direction in the vocabulary, level for partnerships,
CAMEO code known, Traditional Chinese summary, a search-verified source) and names the
file, line and problem of any row it refuses; nothing is written then.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "curation" / "agreements.csv"
EVIDENCE = ROOT / "curation" / "evidence.csv"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SIMPLIFIED = set("国湾对关际经济军员与议贸为发们时协华东门机动会说这来后过还进实现统")
DIMENSIONS = {"I-1", "I-2", "I-3", "I-4", "I-5", "E-1", "E-2"}
sys.path.insert(0, str(ROOT / "src"))
from alignscope.curated_cli import KINDS  # noqa: E402


def _write(path: Path, fields: list[str], rows: list[dict], key) -> None:
    rows.sort(key=key)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def evidence() -> None:
    """Merge curation/incoming_evidence/*.csv into evidence.csv (checks as for agreements)."""
    with EVIDENCE.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    codes = {r[0] for r in duckdb.sql(
        f"select distinct code from '{ROOT}/src/alignscope/datasets/cameo_codes.parquet'"
    ).fetchall()}
    sys.path.insert(0, str(ROOT / "src"))
    from alignscope.countries import state_index
    from alignscope.workspace import Workspace

    index = state_index(Workspace(":memory:"))
    ids = {r["id"] for r in rows}
    problems, added = [], []
    for path in sorted((ROOT / "curation" / "incoming_evidence").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            for line, r in enumerate(csv.DictReader(fh), start=2):
                r = {k: (r.get(k) or "").strip() for k in fields}
                try:
                    a, b = index.resolve(r["actor1"]).ccode, index.resolve(r["actor2"]).ccode
                except Exception:
                    a = b = None
                zh = r["summary_zh_tw"]
                checks = [
                    (r["id"] in ids, f"duplicate id {r['id']}"),
                    (not DATE.match(r["date"]), f"bad date {r['date']!r}"),
                    (a is None or a == b, "actors unknown or equal"),
                    (r["dimension"] not in DIMENSIONS, "dimension"),
                    (r["direction"] not in ("+", "-"), "direction"),
                    (r["cameo"] and r["cameo"] not in codes, f"CAMEO {r['cameo']} unknown"),
                    (not re.search(r"[\u4e00-\u9fff]", zh), "no Chinese summary"),
                    (bool(SIMPLIFIED & set(zh)), "simplified characters in summary_zh_tw"),
                    (not r["summary_en"] or not r["citation"], "no summary or citation"),
                    (not r["verified_via"].startswith("search:"), "no search verification"),
                ]
                bad = [msg for failed, msg in checks if failed]
                if bad:
                    problems.append(f"{path.name}:{line}: {'; '.join(bad)}")
                    continue
                ids.add(r["id"])
                added.append(r)
    if problems:
        sys.exit("refused, nothing written:\n" + "\n".join(problems))
    rows += added
    _write(EVIDENCE, fields, rows, key=lambda r: (r["id"].split("-")[0:2], r["date"], r["id"]))
    print(f"added {len(added)} rows; {len(rows)} in {EVIDENCE.name}")


def main() -> None:
    if sys.argv[1:] == ["evidence"]:
        evidence()
        return
    with TARGET.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    states = {r[0] for r in duckdb.sql(
        f"select distinct ccode from '{ROOT}/src/alignscope/datasets/states_cow.parquet'"
    ).fetchall()}
    ids = {r["id"] for r in rows}
    problems, added = [], []
    for path in sorted((ROOT / "curation" / "incoming").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            for line, r in enumerate(csv.DictReader(fh), start=2):
                where = f"{path.name}:{line}"
                r = {k: (r.get(k) or "").strip() for k in fields}
                parties = [int(p) for p in r["parties"].split(";") if p.strip().isdigit()]
                checks = [
                    (r["id"] in ids, f"duplicate id {r['id']}"),
                    (not DATE.match(r["date_signed"]), f"bad date_signed {r['date_signed']!r}"),
                    (r["date_end"] and not DATE.match(r["date_end"]), "bad date_end"),
                    (r["date_in_force"] and not DATE.match(r["date_in_force"]),
                     "bad date_in_force"),
                    (len(parties) < 2 or len(set(parties)) != len(parties), "bad parties"),
                    (any(p not in states for p in parties), f"unknown party in {r['parties']}"),
                    (len(r["party_names"].split(";")) != len(parties), "names != parties"),
                    (r["kind"] not in KINDS, f"kind {r['kind']!r} not in the vocabulary"),
                    (r["kind"] == "strategic_partnership" and not r["level"], "no level"),
                    (not r["verified_via"].startswith("search:"), "no search verification"),
                    (not r["title"] or not r["citation"], "no title or citation"),
                ]
                bad = [msg for failed, msg in checks if failed]
                if bad:
                    problems.append(f"{where}: {'; '.join(bad)}")
                    continue
                ids.add(r["id"])
                added.append(r)
    if problems:
        sys.exit("refused, nothing written:\n" + "\n".join(problems))
    rows += added
    rows.sort(key=lambda r: (r["date_signed"], r["id"]))
    with TARGET.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"added {len(added)} rows; {len(rows)} in {TARGET.name}")


if __name__ == "__main__":
    main()
