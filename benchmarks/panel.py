"""Benchmark: the full 1816–2020 non-directed panel with six sources, end to end.

Each run is a fresh Python process that imports alignscope, opens a store, builds the
panel with ATOP, democracy, rivalries, contiguity, major powers and capabilities, and
materialises it as an Arrow table (as peacesciencer returns a data frame). The parent
records wall time and the child's peak resident memory.

Next to it, what a user waits for (issue 13): `alignscope panel --start 1816 --end 2020
--add atop,democracy,rivalries,contiguity,majors,capabilities --out p.parquet`, each run a
fresh process on the warm store; median, min and max wall time, CPU time and peak RSS.

    python benchmarks/panel.py [--repeat 3] [--cli-repeat 5] [--out benchmarks/results/panel.json]

"cold" uses a new in-memory store (the shipped Parquet files are loaded on first use);
"warm" reuses a store file the data were already loaded into.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
from pathlib import Path

from fresh_process import cli_path, run_child, summarise, timed_command

CHILD = """
import sys, time, json
t0 = time.perf_counter()
import alignscope as a
ws = a.Workspace(sys.argv[1])
p = a.build_panel(1816, 2020, workspace=ws)
for step in (a.add_atop, a.add_democracy, a.add_rivalries, a.add_contiguity, a.add_majors,
             a.add_capabilities):
    p = step(p)
table = p.to_arrow()
print(json.dumps({"inside_s": time.perf_counter() - t0, "rows": table.num_rows,
                  "columns": table.num_columns}))
"""

# Quoted from the issue (peacesciencer on a 2-core machine); not measured here: R is absent.
REFERENCE = {"tool": "peacesciencer (R)", "seconds": 12.0, "peak_mb": 1450.0}
STEPS = "atop,democracy,rivalries,contiguity,majors,capabilities"
CLI_TARGET = {"seconds": 1.0, "peak_mb": 300.0}  # issue 13


def run_once(db: str) -> dict:
    """One fresh process; returns its wall time, its own timing and its own peak RSS."""
    return run_child(CHILD, db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli-repeat", type=int, default=5)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "panel.json"
    )
    args = parser.parse_args()
    report: dict = {
        "benchmark": "panel 1816-2020 undirected + 6 sources",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "reference": REFERENCE,
    }
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store.duckdb")
        run_once(store)  # load the data into the store file once
        for mode, db in (("cold", ":memory:"), ("warm", store)):
            runs = [run_once(db) for _ in range(args.repeat)]
            wall = statistics.median(r["wall_s"] for r in runs)
            report[mode] = {
                "runs": runs,
                "median_wall_s": wall,
                "peak_mb": max(r["peak_mb"] for r in runs),
                "rows": runs[0]["rows"],
                "columns": runs[0]["columns"],
                "speedup_vs_reference": REFERENCE["seconds"] / wall,
            }
            print(
                f"{mode:4s}: {wall:6.2f} s median wall (fresh process, {args.repeat} runs), "
                f"peak RSS ≤ {report[mode]['peak_mb']:.0f} MB, {runs[0]['rows']:,d} rows × "
                f"{runs[0]['columns']} columns; {report[mode]['speedup_vs_reference']:.1f}× "
                f"faster than the quoted {REFERENCE['seconds']:.0f} s"
            )
            if mode == "warm":
                out = str(Path(tmp) / "p.parquet")
                argv = [*cli_path(), "--db", store, "panel", "--start", "1816", "--end", "2020",
                        "--add", STEPS, "--out", out]
                load = os.getloadavg()[0]
                cli = summarise([timed_command(argv) for _ in range(args.cli_repeat)])
                report["cli"] = {"command": " ".join(argv[1:]), **cli, "target": CLI_TARGET,
                                 "load": [load, os.getloadavg()[0]]}
                print(
                    f"cli : {cli['median_wall_s']:6.2f} s median wall (fresh process, "
                    f"{cli['runs']} runs, {cli['min_wall_s']:.2f}–{cli['max_wall_s']:.2f}), "
                    f"{cli['median_cpu_s']:.2f} s CPU, peak RSS ≤ {cli['peak_mb']:.0f} MB, load "
                    f"{report['cli']['load'][0]:.2f}–{report['cli']['load'][1]:.2f} "
                    f"(target ≤ {CLI_TARGET['seconds']} s, < {CLI_TARGET['peak_mb']:.0f} MB)"
                )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
