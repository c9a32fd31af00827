"""Benchmark: `alignscope assess TWN JPN --year 2011` as text, JSON and HTML, end to end.

Every run is a fresh process of the installed `alignscope` command (what a user waits for,
issue 13). "warm" runs reuse one store file and one chart cache that a first run filled
(the engine's per-year results and the rendered SVGs are read back); "cold" runs each get
a new store file and an empty chart cache, so the shipped data are loaded and every
dyad-year the report needs is assessed again. The parent records wall time, CPU time and
the child's peak RSS; the figures are the median of the runs, with min and max.

    python benchmarks/report.py [--repeat 5] [--cold-repeat 5] [--formats text,json,html]
                                [--db WARM_STORE] [--out benchmarks/results/report.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
from pathlib import Path

from fresh_process import cli_path, summarise, timed_command

ARGS = ["assess", "TWN", "JPN", "--year", "2011"]
TARGETS = {"warm": {"text": 0.5, "json": 0.5, "html": 2.0}, "cold": 4.0}  # seconds, issue 13


def command(store: str, fmt: str, folder: str) -> list[str]:
    argv = [*cli_path(), "--db", store, *ARGS, "--format", fmt]
    return [*argv, "--out", str(Path(folder) / "r.html")] if fmt == "html" else argv


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per format")
    parser.add_argument("--cold-repeat", type=int, default=5, help="cold runs per format")
    parser.add_argument("--formats", default="text,json,html")
    parser.add_argument("--db", help="a warm store to reuse (default: a new one, filled first)")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "report.json"
    )
    args = parser.parse_args()
    formats = args.formats.split(",")
    report: dict = {
        "benchmark": "assess TWN JPN --year 2011, end to end (fresh processes)",
        "commit": commit(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "targets_s": TARGETS,
    }
    with tempfile.TemporaryDirectory() as tmp:
        store, cache = args.db or str(Path(tmp) / "warm.duckdb"), str(Path(tmp) / "cache")
        warm_env = {"XDG_CACHE_HOME": cache}
        for fmt in formats:  # fill the store and the chart cache once
            timed_command(command(store, fmt, tmp), warm_env)
        for fmt in formats:
            load = os.getloadavg()[0]
            runs = [timed_command(command(store, fmt, tmp), warm_env) for _ in range(args.repeat)]
            report.setdefault("warm", {})[fmt] = {**summarise(runs),
                                                  "load": [load, os.getloadavg()[0]]}
            show("warm", fmt, report["warm"][fmt])
        for fmt in formats:
            runs, load = [], os.getloadavg()[0]
            for i in range(args.cold_repeat):
                fresh = {"XDG_CACHE_HOME": str(Path(tmp) / f"cache-{fmt}-{i}")}
                runs.append(timed_command(command(str(Path(tmp) / f"cold-{fmt}-{i}.duckdb"),
                                                  fmt, tmp), fresh))
            if runs:
                report.setdefault("cold", {})[fmt] = {**summarise(runs),
                                                      "load": [load, os.getloadavg()[0]]}
                show("cold", fmt, report["cold"][fmt])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"wrote {args.out}")


def show(mode: str, fmt: str, s: dict) -> None:
    print(
        f"{mode} {fmt:4s}: {s['median_wall_s']:6.2f} s median wall ({s['runs']} runs, "
        f"{s['min_wall_s']:.2f}–{s['max_wall_s']:.2f}), {s['median_cpu_s']:.2f} s CPU, "
        f"peak RSS ≤ {s['peak_mb']:.0f} MB, load {s['load'][0]:.2f}–{s['load'][1]:.2f}"
    )


if __name__ == "__main__":
    main()
