"""Benchmark: foreign-policy similarity of all dyad-years, alliance portfolios and UN votes.

Each run is a fresh Python process that imports alignscope, opens an in-memory store,
loads the shipped data and computes, for every dyad-year, the measures R's fpsim builds:
S (absolute and squared, unweighted and capability-weighted: 4 variants for ATOP, 2 for UN
votes, which have no item weights), Cohen's kappa, Scott's pi, Haege's kappa (quadratic
weighted kappa) and Kendall's tau-b; ATOP 1816-2018 and UN votes 1946-2022 in separate
processes. The parent records wall time and the child's own peak resident memory.

As a baseline measured in the same run, a child scores a sample of dyad-years one pair at
a time (the same numpy code, called on the two portfolios of each pair, the way fpsim's
R loop works) and extrapolates to all dyad-years.

    python benchmarks/similarity.py [--repeat 3] [--out benchmarks/results/similarity.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
from pathlib import Path

from fresh_process import run_child

CHILD = """
import sys, time, json
t0 = time.perf_counter()
import numpy as np
import alignscope as a
from alignscope.measures import fpsim
from alignscope.measures.similarity import pairwise_similarity
source, mode = sys.argv[1], sys.argv[2]
ws = a.Workspace(":memory:")
for name in ("states_cow", "atop", "capabilities", "unga_votes"):
    ws.table(name)
t1 = time.perf_counter()
atop = ["s_abs", "s_sq", "s_abs_w", "s_sq_w", "kappa", "pi", "kappa_w", "taub"]
unga = [m for m in atop if not m.startswith("s_") or not m.endswith("_w")]
if mode == "all":
    if source == "atop":
        table = fpsim.atop_similarity(ws, measures=atop)
    else:
        table = fpsim.unga_similarity(ws, measures=unga)
    t2 = time.perf_counter()
    print(json.dumps({"inside_s": t2 - t0, "load_s": t1 - t0, "compute_s": t2 - t1,
                      "rows": table.num_rows, "measures": len(atop if source == "atop" else unga)}))
else:  # per-pair baseline: a few pairs per year, one pairwise_similarity call per pair
    rng = np.random.default_rng(1)
    lo, hi = fpsim.coverage(source)
    years = (fpsim._atop_portfolios(ws, lo, hi, (False,)) if source == "atop"
             else fpsim._unga_portfolios(ws, lo, hi))
    total = sampled = 0
    spent = 0.0
    for item in years:
        codes, X = item[1], (item[2][False] if source == "atop" else item[2])
        n = len(codes)
        total += n * (n - 1) // 2
        for _ in range(10 if n > 1 else 0):
            i, j = rng.choice(n, 2, replace=False)
            s = time.perf_counter()
            if source == "atop":
                pairwise_similarity(X[[i, j]], measures=atop, n_categories=4,
                                    weights=item[3])
            else:
                pairwise_similarity(X[[i, j]], measures=unga, n_categories=3)
            spent += time.perf_counter() - s
            sampled += 1
    print(json.dumps({"sampled_pairs": sampled, "sample_s": spent, "rows": total,
                      "estimated_s": spent / sampled * total}))
"""

# Quoted from the issue (fpsim's R scripts, nine measures, alliances 1816-2018 on a 2-core
# machine); not measured here: R is absent.
REFERENCE = {"tool": "fpsim (R), alliance portfolios 1816-2018, nine measures", "seconds": 9750.0}
TARGET_S = 60.0


def run_once(source: str, mode: str) -> dict:
    """One fresh process; returns its wall time, its own timings and its own peak RSS."""
    return run_child(CHILD, source, mode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "similarity.json"
    )
    args = parser.parse_args()
    report: dict = {
        "benchmark": "foreign-policy similarity of all dyad-years (S x4, kappa, pi, "
        "Haege kappa, tau-b)",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "reference": REFERENCE,
        "target_s": TARGET_S,
    }
    for source, years in (("atop", "1816-2018"), ("unga", "1946-2022")):
        runs = [run_once(source, "all") for _ in range(args.repeat)]
        wall = statistics.median(r["wall_s"] for r in runs)
        baseline = run_once(source, "per_pair")
        entry = {
            "years": years,
            "runs": runs,
            "median_wall_s": wall,
            "median_compute_s": statistics.median(r["compute_s"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs),
            "rows": runs[0]["rows"],
            "measures": runs[0]["measures"],
            "per_pair_baseline": baseline,
            "speedup_vs_per_pair": baseline["estimated_s"] / wall,
        }
        if source == "atop":
            entry["speedup_vs_reference"] = REFERENCE["seconds"] / wall
        report[source] = entry
        versus = (
            f"; {entry['speedup_vs_reference']:,.0f}× faster than fpsim's quoted "
            f"{REFERENCE['seconds']:,.0f} s"
            if source == "atop"
            else ""
        )
        print(
            f"{source}: {entry['rows']:,d} dyad-years {years} × {entry['measures']} measures in "
            f"{wall:.2f} s median wall ({entry['median_compute_s']:.2f} s computing; fresh "
            f"process, {args.repeat} runs), peak RSS ≤ {entry['peak_mb']:.0f} MB; per-pair loop "
            f"≈ {baseline['estimated_s']:.0f} s ({entry['speedup_vs_per_pair']:.0f}× slower, "
            f"from {baseline['sampled_pairs']} sampled pairs){versus}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
