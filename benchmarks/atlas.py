"""Benchmark: the atlas end to end — `alignscope atlas` in a fresh process, as a user runs it.

Three workloads, each a new process on a new store file (cold: shipped data loaded on
first use), with the parent measuring wall time and the child's peak resident memory:

    one year      atlas --start 2011 --end 2011           (target < 3 s)
    1990–2020     atlas --start 1990 --end 2020           (target < 60 s, < 2 GB)
    1816–2024     atlas --start 1816 --end 2024           (reported; --full)

Plus `assess TWN JPN --year 2011 --format json` warm (a slice of the atlas; must not be
slower than before). Results go to benchmarks/results/atlas.json.

    python benchmarks/atlas.py [--repeat 1] [--full]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).with_name("alignscope"))


def timed(args: list[str]) -> dict:
    start = time.perf_counter()
    child = subprocess.Popen([CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"alignscope {' '.join(args)} failed ({child.stderr.read().decode()})")
    return {"wall_s": wall, "peak_mb": usage.ru_maxrss / 1024}


def workload(name: str, start: int, end: int, repeat: int, tmp: Path) -> dict:
    runs = []
    for i in range(repeat):
        db = tmp / f"{name}-{i}.duckdb"
        out = tmp / f"{name}-{i}.parquet"
        runs.append(timed(["--db", str(db), "atlas", "--start", str(start), "--end", str(end),
                           "--out", str(out)]))
    import pyarrow.parquet as pq

    rows = pq.read_metadata(out).num_rows
    walls = [r["wall_s"] for r in runs]
    result = {"years": [start, end], "rows": rows, "median_s": statistics.median(walls),
              "min_s": min(walls), "max_s": max(walls),
              "peak_mb": max(r["peak_mb"] for r in runs)}
    print(f"{name:10s} {rows:>9,d} rows  {result['median_s']:7.1f} s  "
          f"({result['min_s']:.1f}–{result['max_s']:.1f})  peak {result['peak_mb']:.0f} MB",
          flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--full", action="store_true", help="also time 1816–2024")
    parser.add_argument("--assess-only", action="store_true", help="only the assess timing")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "atlas.json")
    args = parser.parse_args()
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if not args.assess_only:
            results["one_year"] = workload("2011", 2011, 2011, max(args.repeat, 3), tmp_path)
            results["1990_2020"] = workload("1990-2020", 1990, 2020, args.repeat, tmp_path)
        if args.full and not args.assess_only:
            results["1816_2024"] = workload("1816-2024", 1816, 2024, 1, tmp_path)
        db = tmp_path / "assess.duckdb"
        timed(["--db", str(db), "assess", "TWN", "JPN", "--year", "2011", "--format", "json"])
        warm = [timed(["--db", str(db), "assess", "TWN", "JPN", "--year", "2011",
                       "--format", "json"])["wall_s"] for _ in range(5)]
        results["assess_warm"] = {"median_s": statistics.median(warm), "min_s": min(warm),
                                  "max_s": max(warm)}
        print(f"assess warm  median {statistics.median(warm):.2f} s "
              f"({min(warm):.2f}–{max(warm):.2f})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
