"""Benchmark: the alignment-options Monte Carlo, 100,000 draws for one dyad (TWN–JPN 2011).

Each run is a fresh Python process that imports alignscope, opens an in-memory store and
reads the model's inputs from the shipped data (timed apart: "load"), then draws the
parameters and evaluates the model for every draw ("simulate"), summarises the draws
(percentiles, P(feasible), P(best): "summarise") and computes the tornado and the flip
thresholds ("sensitivity"). The target (issue 6) is under 1 s on 2 cores for the
simulation itself.

As a baseline measured in the same run, a child evaluates the same model one draw at a
time (a Python loop calling `evaluate` with scalar parameters, the way a non-vectorised
simulation would) on a sample of draws and extrapolates to all of them.

Next to it, what a user waits for (issue 13): `alignscope options TWN JPN --year 2011
--draws 100000` (text), each run a fresh process on a store the data and the engine's
results were already loaded into; median, min and max wall time, CPU time and peak RSS.

    python benchmarks/options.py [--draws 100000] [--repeat 3] [--cli-repeat 5] [--db STORE]
                                 [--out ...options.json]
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
import numpy as np
import alignscope as a
from alignscope.assess.options import evaluate, load_params
from alignscope.assess.options.analysis import _options, _preferred
from alignscope.assess.options.inputs import gather, measured, rung
from alignscope.assess.options.ladder import load_ladder
from alignscope.assess.options.simulate import Simulation, defaults, draw, sensitivity
from alignscope.measures.triangle import triangle
n, mode = int(sys.argv[1]), sys.argv[2]
ws = a.Workspace(":memory:")
found = gather(ws, triangle(ws, 713, 740, 2011))
found["rung"] = rung(1, "tacit_alignment", "given")
m, _ = measured(found)
params = load_params()
t1 = time.perf_counter()
if mode == "vectorised":
    outcome = evaluate(m, draw(params, n, seed=1))
    t2 = time.perf_counter()
    sim = Simulation(n, 1, outcome, evaluate(m, defaults(params)))
    menu = load_ladder().options("tacit_alignment", int(m.framework))
    summary = {"options": _options(sim, menu), "preferred": _preferred(sim)}
    t3 = time.perf_counter()
    rows = sensitivity(m, params)
    t4 = time.perf_counter()
    print(json.dumps({"load_s": t1 - t0, "simulate_s": t2 - t1, "summarise_s": t3 - t2,
                      "sensitivity_s": t4 - t3, "inside_s": t4 - t0, "draws": n,
                      "p_best": [o["p_best"] for o in summary["options"]]}))
else:  # per-draw baseline on a sample
    sample = 2000
    drawn = draw(params, sample, seed=1)
    s = time.perf_counter()
    for j in range(sample):
        evaluate(m, {k: float(v[j]) for k, v in drawn.items()})
    spent = time.perf_counter() - s
    print(json.dumps({"sampled_draws": sample, "sample_s": spent,
                      "estimated_s": spent / sample * n}))
"""

TARGET_S = 1.0
CLI_TARGET_S = 1.0  # issue 13: the whole command, fresh process


def cli_runs(db: str | None, draws: int, repeat: int) -> dict:
    """`alignscope options TWN JPN --year 2011 --draws N` in fresh processes, warm store."""
    with tempfile.TemporaryDirectory() as tmp:
        store = db or str(Path(tmp) / "store.duckdb")
        argv = [*cli_path(), "--db", store, "options", "TWN", "JPN", "--year", "2011",
                "--draws", str(draws)]
        timed_command(argv)  # fill the store once
        load = os.getloadavg()[0]
        runs = [timed_command(argv) for _ in range(repeat)]
        return {"command": " ".join(argv[1:]), **summarise(runs), "target_s": CLI_TARGET_S,
                "load": [load, os.getloadavg()[0]]}


def run_once(draws: int, mode: str) -> dict:
    """One fresh process; returns its wall time, its own timings and its own peak RSS."""
    return run_child(CHILD, str(draws), mode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli-repeat", type=int, default=5)
    parser.add_argument("--db", help="a warm store for the CLI runs (default: a new one)")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "options.json"
    )
    args = parser.parse_args()
    load = os.getloadavg()[0]
    runs = [run_once(args.draws, "vectorised") for _ in range(args.repeat)]
    baseline = run_once(args.draws, "per_draw")
    simulate_s = statistics.median(r["simulate_s"] for r in runs)
    report = {
        "benchmark": f"options Monte Carlo, {args.draws:,d} draws, TWN–JPN 2011 (C CHN, P USA)",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "target_s": TARGET_S,
        "runs": runs,
        "median_load_s": statistics.median(r["load_s"] for r in runs),
        "median_simulate_s": simulate_s,
        "median_summarise_s": statistics.median(r["summarise_s"] for r in runs),
        "median_sensitivity_s": statistics.median(r["sensitivity_s"] for r in runs),
        "median_wall_s": statistics.median(r["wall_s"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "load": [load, os.getloadavg()[0]],
        "per_draw_baseline": baseline,
        "speedup_vs_per_draw": baseline["estimated_s"] / simulate_s,
        "within_target": simulate_s
        + statistics.median(r["summarise_s"] + r["sensitivity_s"] for r in runs)
        < TARGET_S,
    }
    analysis = (
        report["median_simulate_s"] + report["median_summarise_s"] + report["median_sensitivity_s"]
    )
    print(
        f"{args.draws:,d} draws: simulate {simulate_s:.3f} s, summarise "
        f"{report['median_summarise_s']:.3f} s, sensitivity {report['median_sensitivity_s']:.3f}"
        f" s (analysis {analysis:.3f} s; target < {TARGET_S:g} s); data loading "
        f"{report['median_load_s']:.2f} s; fresh process {report['median_wall_s']:.2f} s wall "
        f"(median of {args.repeat}), peak RSS ≤ {report['peak_mb']:.0f} MB; per-draw loop ≈ "
        f"{baseline['estimated_s']:.0f} s ({report['speedup_vs_per_draw']:.0f}× slower)"
    )
    if args.cli_repeat:
        cli = report["cli"] = cli_runs(args.db, args.draws, args.cli_repeat)
        print(
            f"cli : {cli['median_wall_s']:.2f} s median wall ({cli['runs']} runs, "
            f"{cli['min_wall_s']:.2f}–{cli['max_wall_s']:.2f}), {cli['median_cpu_s']:.2f} s CPU,"
            f" peak RSS ≤ {cli['peak_mb']:.0f} MB, load {cli['load'][0]:.2f}–{cli['load'][1]:.2f}"
            f" (target ≤ {CLI_TARGET_S:g} s)"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
