"""Merge curated rows into the curated tables: curation/incoming/*.csv into agreements.csv,
curation/incoming_evidence/*.csv into evidence.csv.

    python tools/merge_incoming.py agreements|evidence

Developer tool: checks each incoming row with the rules of tools/curated_checks.py (unique
id, date format, parties known to the COW state list, kind / dimension / direction in the
vocabulary, level for partnerships, CAMEO code known, Traditional Chinese summary) plus a
search-verified source, and names the file, line and problem of any row it refuses; nothing
is written then. tools/package_data.py runs the same rules on the whole tables.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from curated_checks import CHECKS

ROOT = Path(__file__).resolve().parents[1]
TABLES = {
    "agreements": (ROOT / "curation" / "agreements.csv", ROOT / "curation" / "incoming",
                   lambda r: (r["date_signed"], r["id"])),
    "evidence": (ROOT / "curation" / "evidence.csv", ROOT / "curation" / "incoming_evidence",
                 lambda r: (r["id"].split("-")[0:2], r["date"], r["id"])),
}


def merge(name: str) -> None:
    target, folder, key = TABLES[name]
    with target.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    ids = {r["id"] for r in rows}
    incoming = sorted(folder.glob("*.csv"))
    problems = [p for path in incoming for p in CHECKS[name](path, ids, ("search:",))]
    if problems:
        sys.exit("refused, nothing written:\n" + "\n".join(problems))
    added = []
    for path in incoming:
        with path.open(newline="", encoding="utf-8") as fh:
            added += [{k: (r.get(k) or "").strip() for k in fields} for r in csv.DictReader(fh)]
    rows += added
    rows.sort(key=key)
    with target.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"added {len(added)} rows; {len(rows)} in {target.name}")


def main() -> None:
    if len(sys.argv) != 2 or sys.argv[1] not in TABLES:
        sys.exit("usage: python tools/merge_incoming.py agreements|evidence")
    merge(sys.argv[1])


if __name__ == "__main__":
    main()
