"""Uncertainty and sensitivity: Monte Carlo over the declared ranges, tornado and thresholds.

Draws: each parameter from a triangular distribution over [low, high] with its mode at the
default (the declared most likely value) — over the logarithms for a parameter declared
`scale = "log"` (a ratio whose range spans factors either way) —, in the order of the
shipped parameter file, from `numpy.random.Generator(PCG64(seed))`. numpy's generators
are single-threaded and every later step is element-wise, so a seed gives the same draws
and the same results whatever the number of BLAS/OpenMP threads.

Sensitivity (one parameter at a time, the others at their defaults, as in a tornado
chart): the joint net gain of A and B (`model.joint_gain`, in points, the figure the
option tables show at the defaults) under the option preferred at the defaults, at the
parameter's low and high ends, the option preferred there and the whole ranking (feasible
options first, each group by joint net gain); and every value where the preferred option
flips, found on a grid of `GRID` points and refined by bisection to
`BISECT` halvings of the grid step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .inputs import Measured
from .model import OPTIONS, Outcome, evaluate, joint_gain
from .params import Param

GRID = 101
BISECT = 30
PERCENTILES = (5, 50, 95)


def draw(params: dict[str, Param], n: int, seed: int) -> dict[str, np.ndarray]:
    """n draws of every parameter (module docstring); a fixed range gives a constant."""
    rng = np.random.Generator(np.random.PCG64(seed))
    out = {}
    for name, p in params.items():
        if p.low == p.high:
            out[name] = np.full(n, p.low)
        elif p.scale == "log":
            logs = np.log([p.low, p.default, p.high])
            out[name] = np.exp(rng.triangular(*logs, n))
        else:
            out[name] = rng.triangular(p.low, p.default, p.high, n)
    return out


def defaults(params: dict[str, Param]) -> dict[str, float]:
    return {name: p.default for name, p in params.items()}


def stats(values: np.ndarray) -> dict[str, float]:
    """Mean and 5th/50th/95th percentiles of one array of draws."""
    p5, p50, p95 = np.percentile(values, PERCENTILES)
    return {"mean": float(values.mean()), "p5": float(p5), "p50": float(p50), "p95": float(p95)}


@dataclass(frozen=True)
class Simulation:
    draws: int
    seed: int
    outcome: Outcome
    at_defaults: Outcome


def simulate(m: Measured, params: dict[str, Param], n: int, seed: int) -> Simulation:
    """The model over n parameter draws, and once at the defaults."""
    return Simulation(n, seed, evaluate(m, draw(params, n, seed)), evaluate(m, defaults(params)))


def _batch(params: dict[str, Param], which: np.ndarray, values: np.ndarray) -> dict[str, Any]:
    """Parameter arrays where row r sets parameter names[which[r]] to values[r]."""
    base = defaults(params)
    return {name: np.where(which == i, values, base[name]) for i, name in enumerate(params)}


def sensitivity(m: Measured, params: dict[str, Param]) -> list[dict[str, Any]]:
    """Tornado rows (sorted by swing, largest first) with the thresholds of each parameter."""
    names = list(params)
    preferred = int(evaluate(m, defaults(params)).best[0])
    which = np.repeat(np.arange(len(names)), 2)
    ends = np.ravel([[params[k].low, params[k].high] for k in names])
    out = evaluate(m, _batch(params, which, ends))
    joint = joint_gain(out.net)[preferred]
    thresholds = _thresholds(m, params)
    rows = []
    for i, name in enumerate(names):
        lo, hi = 2 * i, 2 * i + 1
        rows.append(
            {
                "parameter": name,
                "label": params[name].label,
                "low": params[name].low,
                "high": params[name].high,
                "default": params[name].default,
                "option": OPTIONS[preferred],
                "net_at_low": float(joint[lo]),
                "net_at_high": float(joint[hi]),
                "swing": float(abs(joint[hi] - joint[lo])),
                "best_at_low": OPTIONS[out.best[lo]],
                "best_at_high": OPTIONS[out.best[hi]],
                "ranking_at_low": ranking(out, lo),
                "ranking_at_high": ranking(out, hi),
                "thresholds": thresholds[name],
            }
        )
    return sorted(rows, key=lambda r: (-r["swing"], r["parameter"]))


def ranking(out: Outcome, j: int) -> list[str]:
    """Options of draw j, feasible ones first, each group by joint net gain of A and B."""
    joint = joint_gain(out.net[..., j])
    order = sorted(range(len(OPTIONS)), key=lambda k: (not out.feasible[k, j], -joint[k], k))
    return [OPTIONS[k] for k in order]


def _thresholds(m: Measured, params: dict[str, Param]) -> dict[str, list[dict[str, Any]]]:
    """Values where the preferred option flips, per parameter (grid, then bisection)."""
    names = list(params)
    frac = np.linspace(0.0, 1.0, GRID)
    lows = np.array([params[k].low for k in names])
    highs = np.array([params[k].high for k in names])
    which = np.repeat(np.arange(len(names)), GRID)
    grid = (lows[:, None] + (highs - lows)[:, None] * frac).ravel()
    best = evaluate(m, _batch(params, which, grid)).best.reshape(len(names), GRID)
    pi, gi = np.nonzero(best[:, 1:] != best[:, :-1])
    left = grid.reshape(len(names), GRID)[pi, gi]
    right = grid.reshape(len(names), GRID)[pi, gi + 1]
    left_best = best[pi, gi]
    for _ in range(BISECT if len(pi) else 0):
        mid = (left + right) / 2
        same = evaluate(m, _batch(params, pi, mid)).best == left_best
        left, right = np.where(same, mid, left), np.where(same, right, mid)
    right_best = evaluate(m, _batch(params, pi, right)).best if len(pi) else pi
    found: dict[str, list[dict[str, Any]]] = {k: [] for k in names}
    for j in range(len(pi)):
        found[names[pi[j]]].append(
            {
                "value": float((left[j] + right[j]) / 2),
                "from": OPTIONS[left_best[j]],
                "to": OPTIONS[right_best[j]],
            }
        )
    return found
