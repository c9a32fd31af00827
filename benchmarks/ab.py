"""A/B benchmark of the commands of issue 13: a baseline source tree against this one.

Each round runs every command once with the baseline's `src` and once with this tree's
(alternating, so both meet the same machine load), each in a fresh process of this
environment's Python with PYTHONPATH set to the tree's `src`; the store and the chart cache
are shared and warmed by one run of each first. Cold runs get a new store file each.

    git archive HEAD src | tar -x -C /tmp/base        # or any copy of a src folder
    python benchmarks/ab.py --base /tmp/base/src --db WARM.duckdb [--rounds 5] \
        [--cold-rounds 3] [--out benchmarks/results/ab.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from fresh_process import summarise, timed_command

HERE = Path(__file__).resolve().parent.parent / "src"
COMMANDS = {
    "--help": ["--help"],
    "assess text": ["assess", "TWN", "JPN", "--year", "2011"],
    "assess json": ["assess", "TWN", "JPN", "--year", "2011", "--format", "json"],
    "assess html": ["assess", "TWN", "JPN", "--year", "2011", "--format", "html",
                    "--out", "{tmp}/r.html"],
    "options 100000": ["options", "TWN", "JPN", "--year", "2011", "--draws", "100000"],
}
COLD = ["assess", "TWN", "JPN", "--year", "2011", "--format", "json"]


def argv(db: str, args: list[str], tmp: str) -> list[str]:
    launch = [sys.executable, "-c", "from alignscope.cli import main; main()"]
    args = [a.format(tmp=tmp) for a in args]
    return launch + (args if args == ["--help"] else ["--db", db, *args])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the baseline's src folder")
    parser.add_argument("--db", required=True, help="a warm store (datasets and results kept)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold-rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "ab.json")
    args = parser.parse_args()
    trees = {"base": str(args.base.resolve()), "tree": str(HERE)}
    report: dict = {"base": trees["base"], "tree": trees["tree"], "rounds": args.rounds}
    with tempfile.TemporaryDirectory() as tmp:
        env = {name: {"PYTHONPATH": src, "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
               for name, src in trees.items()}
        for name, cmd in COMMANDS.items():
            for side in trees:  # warm the store's results and the chart cache
                timed_command(argv(args.db, cmd, tmp), env[side])
            runs: dict[str, list[dict]] = {side: [] for side in trees}
            load = os.getloadavg()[0]
            for _ in range(args.rounds):
                for side in trees:
                    runs[side].append(timed_command(argv(args.db, cmd, tmp), env[side]))
            report[name] = {side: summarise(r) for side, r in runs.items()}
            report[name]["load"] = [load, os.getloadavg()[0]]
            show(name, report[name])
        runs = {side: [] for side in trees}
        load = os.getloadavg()[0]
        for i in range(args.cold_rounds):
            for side in trees:
                store = str(Path(tmp) / f"cold-{side}-{i}.duckdb")
                cold_env = {**env[side], "XDG_CACHE_HOME": str(Path(tmp) / f"cache-{side}-{i}")}
                runs[side].append(timed_command(argv(store, COLD, tmp), cold_env))
        if args.cold_rounds:
            report["assess json, new store"] = {side: summarise(r) for side, r in runs.items()}
            report["assess json, new store"]["load"] = [load, os.getloadavg()[0]]
            show("assess json, new store", report["assess json, new store"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"wrote {args.out}")


def show(name: str, r: dict) -> None:
    parts = [
        f"{side} {s['median_wall_s']:.2f} s ({s['min_wall_s']:.2f}–{s['max_wall_s']:.2f}), "
        f"CPU {s['median_cpu_s']:.2f} s, {s['peak_mb']:.0f} MB"
        for side, s in ((k, r[k]) for k in ("base", "tree"))
    ]
    print(f"{name:24s} " + " | ".join(parts) + f" | load {r['load'][0]:.2f}–{r['load'][1]:.2f}")


if __name__ == "__main__":
    main()
