"""Benchmark: what a fresh process costs before a command does any work (issue 13).

`alignscope --help`, and the floors every command that reads the store stands on: an empty
interpreter, `import duckdb`, `import duckdb, numpy, pyarrow`, and opening a store file.
Each is a fresh process, median of `--repeat` runs with min and max, CPU time and peak RSS.

    python benchmarks/startup.py [--repeat 5] [--db STORE] [--out benchmarks/results/startup.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

from fresh_process import cli_path, summarise, timed_command

TARGET_HELP_S = 0.3  # issue 13


def steps(db: str | None) -> dict[str, list[str]]:
    py = sys.executable
    out = {
        "alignscope --help": [*cli_path(), "--help"],
        "python -c pass": [py, "-c", "pass"],
        "import duckdb": [py, "-c", "import duckdb"],
        "import duckdb, numpy, pyarrow": [py, "-c", "import duckdb, numpy, pyarrow"],
    }
    if db:
        out["import alignscope; open the store"] = [
            py, "-c", "import sys, alignscope as a; a.Workspace(sys.argv[1])", db]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="a store file to open (the floor of every store command)")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "startup.json"
    )
    args = parser.parse_args()
    report: dict = {"benchmark": "fresh-process start-up", "python": platform.python_version(),
                    "machine": platform.machine(), "target_help_s": TARGET_HELP_S,
                    "load_before": os.getloadavg()}
    for name, argv in steps(args.db).items():
        s = summarise([timed_command(argv) for _ in range(args.repeat)])
        report[name] = s
        print(f"{name:36s} {s['median_wall_s']:5.2f} s median wall ({s['runs']} runs, "
              f"{s['min_wall_s']:.2f}–{s['max_wall_s']:.2f}), {s['median_cpu_s']:.2f} s CPU, "
              f"peak RSS ≤ {s['peak_mb']:.0f} MB")
    report["load_after"] = os.getloadavg()
    print(f"load average {report['load_before'][0]:.2f} → {report['load_after'][0]:.2f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
