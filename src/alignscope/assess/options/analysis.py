"""The options analysis of one dyad as a JSON-ready dict (the contract reports render).

Keys: states, ccodes, year, parties (role -> ISO3: A, B, C, P), third and patron (how
they were chosen), draws, seed, units, criterion, parameters, inputs, missing_inputs,
options (one entry per option: option, label, level, new_step, consent, at_defaults,
net_gain per role, joint_net_gain of A and B, p_feasible, p_best, p_best_joint — how
often it has the largest joint net gain of A and B, feasible or not —, abandonment,
entrapment), preferred, sensitivity, notes, citations.

Added by issue 10 (options relative to where the dyad stands):
    current_type   {"type", "how": "classified" | "given", "rung", "rung_label"}: the
                   dyad's alignment type, whose rung is the status quo;
    ladder         {"reason", "rungs": [{name, label, types, reason}], "framework"}: the
                   declared alignment ladder (options_params.toml);
    options[].rung, rung_label, framework, why: the rung each option stands on, the
                   framework steps with P in force under it, and why (the rung's reason);
    options[].joint_net_gain.default, options[].net_gain[role].default: the value at the
                   default parameters, the figure the tables and the sensitivity show;
    inputs.rung, inputs.framework: the model's starting point.
The option ids are now status_quo, deepen and trilateral (the middle one was
strategic_partnership; `rung` says where deepening leads). `level` is the rung index.

Units: every gain, cost and net gain (net_gain, joint_net_gain, at_defaults, sensitivity
net_at_low / net_at_high / swing) is in points, hundredths of the capability balance
against C (`UNITS`); abandonment and entrapment are indices in 0–1. The joint net
gain is `model.joint_gain` everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ...countries import resolve
from ...errors import UsageError
from ...measures.provenance import Sourced
from ...measures.triangle import Triangle, iso3, triangle
from ...messages import N_, Message
from ...workspace import Workspace
from .inputs import EVENTS, INPUT_LABELS, REQUIRED, gather, measured, rung
from .ladder import load_ladder
from .model import COSTS, GAINS, OPTIONS, PARTIES, joint_gain, points
from .params import Param, load_params
from .simulate import Simulation, sensitivity, simulate, stats

DEFAULT_DRAWS = 20_000
DEFAULT_SEED = 20120101
UNITS = (
    "points: hundredths of the capability balance against C (COW CINC), a 0–100 scale; "
    "trade terms converted by econ_weight"
)
CRITERION = (
    "best = the feasible option with the largest joint net gain of A and B; feasible = "
    "every party whose consent is needed (A and B for a new rung; and P for a framework "
    "step) gains over the status quo"
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
    "Snyder, G. H. (1997). Alliance Politics. Cornell University Press.",
    "Cha, V. D. (1999). Alignment Despite Antagonism: The US–Korea–Japan Security Triangle. "
    "Stanford University Press.",
    "Schelling, T. C. (1966). Arms and Influence. Yale University Press.",
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
    current_type: str | None = None,
) -> dict[str, Any]:
    """The options analysis of dyad (a, b) in `year` (module docstring); the status quo
    is `current_type`, or the type `assess.classify` finds when it is None.

    Keys added by issue 10 (the others are unchanged): `current_type`, `ladder`, and per
    option `rung`, `rung_label`, `framework`, `why`, `net_gain[role].default` and
    `joint_net_gain.default` (the figure at the default parameters, in points); option
    ids are status_quo, deepen, trilateral."""
    _check_draws(draws, seed)
    declared = params if isinstance(params, dict) else load_params(params)
    states = [resolve(ws, q, year) for q in (a, b)]
    c = resolve(ws, third, year).ccode if third is not None else None
    p = resolve(ws, patron, year).ccode if patron is not None else None
    tri = triangle(ws, states[0].ccode, states[1].ccode, year, third=c, patron=p)
    return analyse(ws, tri, declared, draws, seed, current_type=current_type)


def _current_type(ws: Workspace, tri: Triangle, given: str | None) -> tuple[str, str]:
    """The dyad's type and how it was found ("given" or "classified")."""
    if given is not None:
        load_ladder().rung_of(given)  # refuses an unknown type
        return given, "given"
    from .. import classify  # assess imports this package: import at call time

    return classify(ws, [tri.a, tri.b], tri.year)["type"], "classified"


def analyse(
    ws: Workspace,
    tri: Triangle,
    params: dict[str, Param],
    draws: int,
    seed: int,
    *,
    current_type: str | None = None,
) -> dict[str, Any]:
    """The analysis for a triangle already built (e.g. by `assess`)."""
    _check_draws(draws, seed)
    if tri.third is None or tri.patron is None:
        role = "third state" if tri.third is None else "patron"
        flag = "--third" if tri.third is None else "--patron"
        raise UsageError(Message(
            "no {role} could be suggested for {year} from the data; name one with {flag}",
            role=role, year=tri.year, flag=flag,
        ))
    kind, how = _current_type(ws, tri, current_type)
    ladder = load_ladder()
    found = gather(ws, tri)
    found["rung"] = rung(ladder.rung_of(kind), kind, how)
    m, missing = measured(found)
    code = iso3(ws)
    lacking = [k for k in REQUIRED if k in missing]
    if lacking:
        raise UsageError(Message(
            "no COW capability score for {states} in {year}; the options model needs CINC "
            "for all four states, so choose a year the data cover (to 2022)",
            states=", ".join(lacking), year=tri.year,
        ))
    sim = simulate(m, params, draws, seed)
    parties = dict(zip(PARTIES, (tri.a, tri.b, tri.third, tri.patron), strict=True))
    codes = {role: code(cc) for role, cc in parties.items()}
    notes = [
        Message(MISSING_INPUT, k=k, note=found[k].note or "no data")
        for k in missing
    ]
    plan = ladder.options(kind, int(m.framework))
    notes += _disagreement(found, plan[0])
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
        "current_type": {
            "type": kind,
            "how": how,
            "rung": plan[0]["rung"],
            "rung_label": plan[0]["rung_label"],
        },
        "ladder": _ladder(),
        "parameters": [p.as_dict() for p in params.values()],
        "inputs": {k: _input(k, v) for k, v in found.items()},
        "missing_inputs": missing,
        "options": _options(sim, plan),
        "preferred": _preferred(sim),
        "sensitivity": sensitivity(m, params),
        "notes": notes,
        "citations": list(CITATIONS),
    }


def _ladder() -> dict[str, Any]:
    ladder = load_ladder()
    rungs = [{"name": r.name, "label": r.label, "types": list(r.types), "reason": r.reason}
             for r in ladder.rungs]  # fmt: skip
    fw = ladder.framework
    framework = {
        "min_rung": fw["min_rung"],
        "reason": " ".join(fw["reason"].split()),
        "widen_reason": " ".join(fw["widen_reason"].split()),
    }
    return {"reason": ladder.reason, "rungs": rungs, "framework": framework}


MISSING_INPUT = N_("{k} is missing ({note}); the model uses its neutral value")
"""The note of an input without data (the report lists those inputs in a table instead)."""


def _disagreement(found: dict[str, Sourced], status_quo: dict[str, Any]) -> list[Message]:
    """A note when the instruments in force reach past the current type's rung."""
    depth = found["depth"].value
    partnership = load_ladder().min_framework_rung
    if depth and depth >= 1 and status_quo["rung_index"] < partnership:
        return [Message(
            "instruments in force reach level {depth} (inputs.depth) while the type stands "
            "on the {rung} rung; the options start from the type",
            depth=depth, rung=status_quo["rung_label"],
        )]
    return []


def _input(name: str, v: Sourced) -> dict[str, Any]:
    """An input as JSON; ingested events are no shipped dataset, so have no coverage."""
    if name == "rung":  # from the classification (or the caller), not a dataset
        return {"value": v.value, "source": "assess.classify" if "classified" in v.rows[0]
                else "given", "year_used": None, "coverage": None, "rows": list(v.rows),
                "note": None, "label": INPUT_LABELS[name]}  # fmt: skip
    if v.source == EVENTS:
        return {"value": v.value, "source": v.source, "year_used": v.year_used,
                "coverage": "events ingested into the store", "rows": list(v.rows),
                "note": v.note, "label": INPUT_LABELS[name]}  # fmt: skip
    return {**v.as_dict(), "label": INPUT_LABELS[name]}


def _party_values(out, d, k: int) -> dict[str, dict[str, float]]:
    return {
        role: {"default": float(points(d.net[k, i, 0])), **stats(points(out.net[k, i]))}
        for i, role in enumerate(PARTIES)
    }


def _options(sim: Simulation, plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out, d = sim.outcome, sim.at_defaults
    joint, joint_d = joint_gain(out.net), joint_gain(d.net)
    p_best = np.bincount(out.best, minlength=len(OPTIONS)) / sim.draws
    p_joint = np.bincount(np.argmax(joint, axis=0), minlength=len(OPTIONS)) / sim.draws
    rows = []
    for k, opt in enumerate(OPTIONS):
        step = plan[k]
        new_rung = step["rung_index"] > plan[0]["rung_index"]
        new_framework = step["framework"] > plan[0]["framework"]
        consent = (["A", "B", "P"] if new_framework else ["A", "B"]) if (
            new_rung or new_framework) else []  # fmt: skip
        at_defaults = {
            role: {
                "gain": float(points(d.gain[k, i, 0])),
                "cost": float(points(d.cost[k, i, 0])),
                "net": float(points(d.net[k, i, 0])),
                "components": {c: float(points(d.components[c][k, i, 0])) for c in GAINS + COSTS},
            }
            for i, role in enumerate(PARTIES)
        }
        rows.append(
            {
                "option": opt,
                "label": step["label"],
                "rung": step["rung"],
                "rung_label": step["rung_label"],
                "framework": step["framework"],
                "why": step["why"],
                "level": step["rung_index"],
                "new_step": bool(new_rung or new_framework),
                "consent": consent,
                "at_defaults": {
                    "parties": at_defaults,
                    "feasible": bool(d.feasible[k, 0]),
                    "best": bool(d.best[0] == k),
                },
                "net_gain": _party_values(out, d, k),
                "joint_net_gain": {"default": float(joint_d[k, 0]), **stats(joint[k])},
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


def assessment_options(
    ws: Workspace, tri: Triangle, *, current_type: str | None = None
) -> dict[str, Any]:
    """The `options` entry of an assessment: default parameters, a fixed seed, 20,000
    draws, the status quo at `current_type` (found with `assess.classify` when None);
    when the analysis cannot run (no third state or patron, no capability data),
    {"error": the reason}."""
    try:
        return analyse(
            ws, tri, load_params(), DEFAULT_DRAWS, DEFAULT_SEED, current_type=current_type
        )
    except UsageError as exc:
        reason = exc.args[0] if exc.args else ""
        return {"error": reason if isinstance(reason, Message) else str(exc)}
