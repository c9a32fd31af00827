"""The options analysis of one dyad as a JSON-ready dict (the contract reports render).

Keys: states, ccodes, year, parties (role -> ISO3: A, B, C, P), third and patron (how
they were chosen), draws, seed, units, criterion, parameters, inputs, missing_inputs,
options (one entry per option: level, new_step, consent, at_defaults, net_gain per
role, joint_net_gain of A and B, p_feasible, p_best, p_best_joint — how often it has the
largest joint net gain of A and B, feasible or not —, abandonment, entrapment),
preferred, sensitivity, notes, citations.
Net gains are in security units: shares of the capability balance against C.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ...countries import resolve
from ...errors import UsageError
from ...measures.provenance import Sourced
from ...measures.triangle import Triangle, iso3, triangle
from ...workspace import Workspace
from .inputs import EVENTS, INPUT_LABELS, REQUIRED, gather, measured
from .model import COSTS, GAINS, LABELS, OPTIONS, PARTIES
from .params import Param, load_params
from .simulate import Simulation, sensitivity, simulate, stats

DEFAULT_DRAWS = 20_000
DEFAULT_SEED = 20120101
UNITS = (
    "security units: shares of the capability balance against C (COW CINC); trade terms "
    "converted by econ_weight"
)
CRITERION = (
    "best = the feasible option with the largest joint net gain of A and B; feasible = "
    "every party whose consent is needed (A, B; and P for a trilateral) gains over the "
    "status quo"
)
CITATIONS = (
    "Snyder, G. H. (1984). The Security Dilemma in Alliance Politics. World Politics 36(4): "
    "461–95.",
    "Hirschman, A. O. (1945). National Power and the Structure of Foreign Trade. University "
    "of California Press.",
    "Keohane, R. O. & Nye, J. S. (1977). Power and Interdependence. Little, Brown.",
    "Drezner, D. W. (1999). The Sanctions Paradox. Cambridge University Press.",
    "Walt, S. M. (1987). The Origins of Alliances. Cornell University Press.",
    "Morrow, J. D. (1991). Alliances and Asymmetry. American Journal of Political Science "
    "35(4): 904–33.",
    "Leeds, B. A., Long, A. G. & Mitchell, S. M. (2000). Reevaluating Alliance Reliability. "
    "Journal of Conflict Resolution 44(5): 686–99.",
    "Cha, V. D. (2010). Powerplay: Origins of the U.S. Alliance System in Asia. International "
    "Security 34(3): 158–96.",
    "Jervis, R. (1976). Perception and Misperception in International Politics. Princeton "
    "University Press.",
    "Wilkins, T. S. (2012). Taiwan–Japan Relations in an Era of Uncertainty. Asia Policy 13: "
    "113–32.",
)


def _check_draws(draws: int, seed: int) -> None:
    if isinstance(draws, bool) or not isinstance(draws, int) or draws <= 0:
        raise UsageError(f"--draws must be a positive whole number, not {draws}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise UsageError(f"--seed must be a whole number of 0 or more, not {seed}")


def options(
    ws: Workspace,
    a: str | int,
    b: str | int,
    year: int,
    *,
    third: str | int | None = None,
    patron: str | int | None = None,
    params: str | Path | dict[str, Param] | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    """The options analysis of dyad (a, b) in `year` (module docstring)."""
    _check_draws(draws, seed)
    declared = params if isinstance(params, dict) else load_params(params)
    states = [resolve(ws, q, year) for q in (a, b)]
    c = resolve(ws, third, year).ccode if third is not None else None
    p = resolve(ws, patron, year).ccode if patron is not None else None
    tri = triangle(ws, states[0].ccode, states[1].ccode, year, third=c, patron=p)
    return analyse(ws, tri, declared, draws, seed)


def analyse(
    ws: Workspace, tri: Triangle, params: dict[str, Param], draws: int, seed: int
) -> dict[str, Any]:
    """The analysis for a triangle already built (e.g. by `assess`)."""
    _check_draws(draws, seed)
    if tri.third is None or tri.patron is None:
        role = "third state" if tri.third is None else "patron"
        flag = "--third" if tri.third is None else "--patron"
        raise UsageError(
            f"no {role} could be suggested for {tri.year} from the data; name one with {flag}"
        )
    found = gather(ws, tri)
    m, missing = measured(found)
    code = iso3(ws)
    lacking = [k for k in REQUIRED if k in missing]
    if lacking:
        raise UsageError(
            f"no COW capability score for {', '.join(lacking)} in {tri.year}; the options "
            "model needs CINC for all four states, so choose a year the data cover (to 2022)"
        )
    sim = simulate(m, params, draws, seed)
    parties = dict(zip(PARTIES, (tri.a, tri.b, tri.third, tri.patron), strict=True))
    codes = {role: code(cc) for role, cc in parties.items()}
    notes = [
        f"{k} is missing ({found[k].note or 'no data'}); the model uses its neutral value"
        for k in missing
    ]
    tri_dict = tri.as_dict(ws)
    return {
        "states": [codes["A"], codes["B"]],
        "ccodes": [tri.a, tri.b],
        "year": tri.year,
        "parties": codes,
        "third": tri_dict["third"],
        "patron": tri_dict["patron"],
        "draws": draws,
        "seed": seed,
        "units": UNITS,
        "criterion": CRITERION,
        "parameters": [p.as_dict() for p in params.values()],
        "inputs": {k: _input(k, v) for k, v in found.items()},
        "missing_inputs": missing,
        "options": _options(sim),
        "preferred": _preferred(sim),
        "sensitivity": sensitivity(m, params),
        "notes": notes,
        "citations": list(CITATIONS),
    }


def _input(name: str, v: Sourced) -> dict[str, Any]:
    """An input as JSON; ingested events are no shipped dataset, so have no coverage."""
    if v.source == EVENTS:
        return {"value": v.value, "source": v.source, "year_used": v.year_used,
                "coverage": "events ingested into the store", "rows": list(v.rows),
                "note": v.note, "label": INPUT_LABELS[name]}  # fmt: skip
    return {**v.as_dict(), "label": INPUT_LABELS[name]}


def _party_values(arr: np.ndarray, k: int) -> dict[str, dict[str, float]]:
    return {role: stats(arr[k, i]) for i, role in enumerate(PARTIES)}


def _options(sim: Simulation) -> list[dict[str, Any]]:
    out, d = sim.outcome, sim.at_defaults
    p_best = np.bincount(out.best, minlength=len(OPTIONS)) / sim.draws
    joint = out.net[:, 0] + out.net[:, 1]
    p_joint = np.bincount(np.argmax(joint, axis=0), minlength=len(OPTIONS)) / sim.draws
    rows = []
    for k, opt in enumerate(OPTIONS):
        level = int(d.level[k, 0])
        new = bool(level > d.level[0, 0])
        consent = (["A", "B", "P"] if level == 2 else ["A", "B"]) if new else []
        at_defaults = {
            role: {
                "gain": float(d.gain[k, i, 0]),
                "cost": float(d.cost[k, i, 0]),
                "net": float(d.net[k, i, 0]),
                "components": {c: float(d.components[c][k, i, 0]) for c in GAINS + COSTS},
            }
            for i, role in enumerate(PARTIES)
        }
        rows.append(
            {
                "option": opt,
                "label": LABELS[opt],
                "level": level,
                "new_step": new,
                "consent": consent,
                "at_defaults": {
                    "parties": at_defaults,
                    "feasible": bool(d.feasible[k, 0]),
                    "best": bool(d.best[0] == k),
                },
                "net_gain": _party_values(out.net, k),
                "joint_net_gain": stats(joint[k]),
                "p_feasible": float(out.feasible[k].mean()),
                "p_best": float(p_best[k]),
                "p_best_joint": float(p_joint[k]),
                "abandonment": {
                    role: {"default": float(d.abandonment[k, i, 0]), **stats(out.abandonment[k, i])}
                    for i, role in enumerate(("A", "B"))
                },
                "entrapment": {
                    role: {"default": float(d.entrapment[k, i, 0]), **stats(out.entrapment[k, i])}
                    for i, role in enumerate(("A", "B", "P"))
                },
            }
        )
    return rows


def _preferred(sim: Simulation) -> dict[str, Any]:
    counts = np.bincount(sim.outcome.best, minlength=len(OPTIONS))
    return {
        "at_defaults": OPTIONS[int(sim.at_defaults.best[0])],
        "most_often_best": OPTIONS[int(np.argmax(counts))],
    }


def assessment_options(ws: Workspace, tri: Triangle) -> dict[str, Any]:
    """The `options` entry of an assessment: default parameters, a fixed seed, 20,000
    draws; when the analysis cannot run (no third state or patron, no capability data),
    {"error": the reason}."""
    try:
        return analyse(ws, tri, load_params(), DEFAULT_DRAWS, DEFAULT_SEED)
    except UsageError as exc:
        return {"error": str(exc)}
