"""The alignment-options model: each party's gain and cost under each option, vectorised.

Options relative to where the dyad stands (issue 10), on the declared alignment ladder
(`ladder`, `[ladder]` in options_params.toml): **status quo** (the rung of the dyad's
current type and the frameworks already in force), **deepen** (the rung above: tacit
alignment → strategic partnership → alliance → alliance with integration) and
**trilateral / minilateral** (a framework step with the patron on at least a partnership;
widening it to a further partner where one is in force). Parties: A and B (the dyad), C
(the third party the step is aimed at), P (the patron). Every formula works on numpy
arrays, one element per Monte Carlo draw (or per random input in the tests); names are
the inputs of `inputs.Measured` and the parameters of `options_params.toml`.

Security: capability aggregation against C (Walt 1987, *The Origins of Alliances*; Morrow
1991, "Alliances and Asymmetry", AJPS 35(4): 904–33). Side i's share of the balance on
rung R with t framework steps is

    S_i(R, t) = (cap_i + help) / (cap_i + help + cap_C),
    help      = support(R, t)·cap_j + reliability·commit_i(t)·cap_P,

where support(R, t) is the partner's expected help: the rung's declared support (the sum
of its parameters — support_tacit, + support_partnership; alliance_reliability on a
formal rung, closing support_integration of the gap to certain help with integration;
never less than the rung below), plus support_trilateral per framework step, clipped to
0–1; informal support is scaled
by regime similarity (Lai & Reiter 2000) and the event trend, a formal commitment is not
(its reliability is measured: Leeds, Long & Mitchell 2000). commit_i(t) is P's commitment,
each framework step closing patron_uplift·similarity_iP of the gap to 1. The security
gain is hostility_iC · (S_i(R, t) − S_i(ref)), the reference being no A–B alignment with
P's measured commitment: security counts in proportion to the threat (Walt: intentions,
here rivalry or disputes with C).

Economy: trade_gain · share_ij · m · econ_weight, where m = the share of functional
instrument kinds signed, or 1 on a rung that completes functional cooperation
(partnership or deeper) or with a framework. International space: space_weight ·
isolation_i · min(1, the rung's space + a half per framework step).

Timing: the status quo pays now; each new step (a rung, then a framework step) pays after
lag_years, discounted (discount^lag per step, stage by stage, so a trilateral built on a
new partnership pays later than the partnership); costs come at once.

Costs (only a new step provokes C; its reaction strength is that of the most provocative
new step — the reaction declared for the new rung, reaction_trilateral for a framework
step —, 0 for the status quo):
  coercion   econ_weight · reaction · coercion_loss · share_iC · (1 − share_Ci)
             · (1 − w + w·hostility_iC), w = rival_reaction_share. The damage is in
             proportion to i's dependence on C and C's restraint to C's own dependence on
             i (Hirschman 1945, *National Power and the Structure of Foreign Trade*;
             Keohane & Nye 1977, *Power and Interdependence*: coercion_loss is the
             vulnerability left after adjustment); C coerces states it expects conflict
             with more readily (Drezner 1999, *The Sanctions Paradox*).
  military   C directs military_response · reaction more capability at the parties to
             the step: hostility_iC · (S_i(cap_C) − S_i(cap_C·(1 + military_response
             · reaction))) (the spiral of Jervis 1976; Snyder 1984's adversary game).
  entrapment entrapment_cost · reaction · max(E_i − E_i(ref), 0) · cap_C/(cap_C+cap_i):
             a framework binds i to P, and the crises the step provokes are P's crises
             with C that i may now be drawn into (Snyder 1984).

Abandonment and entrapment (Snyder 1984, "The Security Dilemma in Alliance Politics",
World Politics 36(4): 461–95), reported for A and B with respect to P, each in 0–1:
  abandonment_i = hostility_iC · cap_C/(cap_C+cap_i) · (1 − reliability·commit_i(t))
                  · (1 − support(R, t)·cap_j/(cap_j+cap_C)):
                  the need for help, left uncovered if P stays out, less what the partner
                  covers (an alternative partner lowers dependence on the ally, Snyder);
                  a product of four terms in 0–1;
  entrapment_i  = reliability · bind_i(t) · hostility_PC: how bound i is to P, times P's
                  conflict with C; a product of terms in 0–1.

The patron: balancing gain hostility_PC · (S_P(t) − S_P(ref)), S_P aggregating the
clients' obligations to P (bind); entrapment E_P(t) = 1 − (1 − e)^(1 + formal_entrapment
once a framework is in force), e = mean_i(reliability · commit_i(t) · hostility_iC). A
formal multilateral step emboldens clients and binds P publicly (Snyder 1984; Cha 2010,
"Powerplay", International Security 34(3)): for a small e this multiplies the exposure
by 1 + formal_entrapment, as the earlier linear rule did, but it stays a probability-like
index in 0–1 (as if P had 1 + formal_entrapment chances of being drawn in) where the
linear rule reached 1.17 (issue 10). Its cost is entrapment_cost · max(E_P(t) − E_P(0),
0) · cap_C/(cap_C+cap_P), with C's coercion and military response when P is party to a
new framework step.
C: its "security" gain is the balance its military response regains; its "military" cost
the others' security gains against it; its "coercion" cost the trade it interrupts
(coercion_loss · reaction · share_Cx for each target x).

Feasibility: every party whose consent is needed must gain from the move, i.e. be better
off than in the status quo (the disagreement point): A and B for a new rung, A, B and P
for a framework step. The status quo needs no consent. The best option in a draw is the
feasible one with the largest joint net gain (`joint_gain`; ties to the earlier option).

Units: the model works in shares of the capability balance against C; every gain it
reports (and `joint_gain`) is in points, hundredths of that balance (`POINTS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from itertools import pairwise
from typing import Any

import numpy as np

from .inputs import Measured
from .ladder import OPTIONS, Ladder, load_ladder

PARTIES = ("A", "B", "C", "P")
GAINS = ("security", "economic", "space")
COSTS = ("coercion", "military", "entrapment")
POINTS = 100.0
"""Reported gains are in points: hundredths of the capability balance against C."""
STEPS = 3
"""The longest path from the status quo: two rungs up to a partnership, then a framework."""


@dataclass(frozen=True)
class Outcome:
    """Arrays over (option, party, draw) unless stated; party order A, B, C, P. Gains,
    costs, nets and components in the model's shares (`points` turns them into points)."""

    gain: np.ndarray
    cost: np.ndarray
    net: np.ndarray
    components: dict[str, np.ndarray]
    rung: np.ndarray  # (option, draw): the ladder rung each option stands on
    framework: np.ndarray  # (option, draw): framework steps with P in force
    feasible: np.ndarray  # (option, draw)
    best: np.ndarray  # (draw,): index into OPTIONS
    abandonment: np.ndarray  # (option, side A/B, draw), 0–1
    entrapment: np.ndarray  # (option, A/B/P, draw), 0–1


def points(share: Any) -> Any:
    """A gain in the model's shares of the balance, in points."""
    return POINTS * np.asarray(share, dtype=float)


def joint_gain(net: np.ndarray) -> np.ndarray:
    """THE joint net gain of A and B, in points: net (option, party, ...) -> (option, ...).

    The one definition every table, the sensitivity, the best option and the reports use
    (issue 10: one figure, one unit)."""
    return points(net[:, 0] + net[:, 1])


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den > 0)


def _paths(r: np.ndarray, f: np.ndarray, ladder: Ladder) -> list[list[tuple]]:
    """Per option, the states (rung, framework) from the status quo, one step at a time."""
    top = len(ladder.rungs) - 1
    deeper = np.minimum(r + 1, top)
    tri = np.maximum(r, ladder.min_framework_rung)
    climb = tri - r
    out = []
    for k in range(len(OPTIONS)):
        states = []
        for j in range(STEPS + 1):
            if k == 0 or j == 0:
                states.append((r, f))
            elif k == 1:
                states.append((deeper, f))
            else:
                states.append((r + np.minimum(j, climb), f + (j > climb)))
        out.append(states)
    return out


def _pick(table: np.ndarray, index: np.ndarray) -> np.ndarray:
    """table[index[d], d] for every draw d: np.choose over stacked rows, without re-stacking
    the choices on every call (the cost of np.choose with a list of arrays)."""
    return np.take_along_axis(table, index[None], axis=0)[0]


def evaluate(m: Measured, p: Mapping[str, Any], ladder: Ladder | None = None) -> Outcome:
    """Every party's gain, cost and net gain under each option (module docstring)."""
    ladder = ladder or load_ladder()
    memo: dict[tuple, tuple] = {}

    def once(fn, *args):
        """fn(*args), computed once per evaluation for the same argument objects: a path's
        states repeat across options and steps (the status quo's in every option), and
        the formulas are pure. The arguments are kept, so their ids are not reused."""
        key = (fn, *map(id, args))
        if key not in memo:
            memo[key] = (fn(*args), args)
        return memo[key][0]

    x = {f.name: np.asarray(getattr(m, f.name), dtype=float) for f in fields(Measured)}
    q = {k: np.asarray(v, dtype=float) for k, v in p.items()}
    n = np.broadcast_shapes(*(v.shape for v in (*x.values(), *q.values())), (1,))
    x = {k: np.broadcast_to(v, n) for k, v in x.items()}
    q = {k: np.broadcast_to(v, n) for k, v in q.items()}
    zero = np.zeros(n)
    rel, uplift, fw = q["alliance_reliability"], q["patron_uplift"], ladder.framework
    r0 = np.clip(np.rint(x["rung"]), 0, len(ladder.rungs) - 1).astype(int)
    f0 = np.clip(np.rint(x["framework"]), 0, 1).astype(int)
    paths = _paths(r0, f0, ladder)
    scale = x["similarity_ab"] * np.clip(1 + q["trend_weight"] * x["trend"], 0, 2)

    def declared(rung) -> np.ndarray:
        base = sum((q[name] for name in rung.support), zero)
        base = base if rung.formal else base * scale
        if rung.closes:
            base = base + q[rung.closes] * (1 - base)
        return np.clip(base, 0, 1)

    # the ladder is ordered: a rung never promises less help than the one below (a pact
    # formalises the help a partnership led the partner to expect, it does not withdraw it)
    rung_support = np.maximum.accumulate([declared(rg) for rg in ladder.rungs])
    rung_reaction = np.stack([q[rg.reaction] if rg.reaction else zero for rg in ladder.rungs])
    rung_space = np.asarray([rg.space for rg in ladder.rungs])
    rung_done = np.asarray([rg.completes_functional for rg in ladder.rungs])

    def _support(rg, t):
        return np.clip(_pick(rung_support, rg) + t * q[fw["support"]] * scale, 0, 1)

    def support(rg, t):
        return once(_support, rg, t)

    def _firmed(base, sim, t):
        return 1 - (1 - base) * (1 - uplift * sim) ** t

    def firmed(base, sim, t):
        """P's tie after t framework steps, each closing uplift·sim of the gap to 1."""
        return once(_firmed, base, sim, t)

    step = q["discount"] ** q["lag_years"]
    discounted = {j: step**j for j in range(1, STEPS + 1)}  # each step's factor, once

    def staged(k: int, value) -> np.ndarray:
        """The status quo's value now; each new step's increment after a discounted lag."""
        values = [once(value, *state) for state in paths[k]]
        out = values[0]
        for j in range(1, len(values)):
            out = out + discounted[j] * (values[j] - values[j - 1])
        return out

    reaction, new, new_framework = [], [], []
    for states in paths:
        pi = zero
        for (r1, t1), (r2, t2) in pairwise(states):
            pi = np.maximum(pi, np.where(r2 > r1, _pick(rung_reaction, r2), 0.0))
            pi = np.maximum(pi, np.where(t2 > t1, q[fw["reaction"]], 0.0))
        reaction.append(pi)
        end = states[-1]
        new.append((end[0] != r0) | (end[1] != f0))
        new_framework.append(end[1] > f0)
    cap_c = x["cap_c"]

    comp = {k: np.zeros((3, 4, *n)) for k in GAINS + COSTS}
    aband, entrap = np.zeros((3, 2, *n)), np.zeros((3, 3, *n))
    for s, o, idx in (("a", "b", 0), ("b", "a", 1)):
        cap_i, cap_j, cap_p = x[f"cap_{s}"], x[f"cap_{o}"], x["cap_p"]
        host, commit, bind = x[f"hostility_{s}c"], x[f"commit_p{s}"], x[f"bind_{s}p"]
        sim_p = x[f"similarity_{s}p"]

        def balance(rg, t, c_cap, cap_i=cap_i, cap_j=cap_j, cap_p=cap_p, commit=commit,
                    sim_p=sim_p):  # fmt: skip
            own = cap_i + support(rg, t) * cap_j + rel * firmed(commit, sim_p, t) * cap_p
            return _ratio(own, own + c_cap)

        ref = _ratio(cap_i + rel * commit * cap_p, cap_i + rel * commit * cap_p + cap_c)
        econ_base = q["econ_weight"] * q["trade_gain"] * x[f"share_{s}{o}"]
        weight_c = _ratio(cap_c, cap_c + cap_i)
        e_ref = rel * bind * x["hostility_pc"]

        def security(rg, t, host=host, balance=balance, ref=ref):
            return host * (balance(rg, t, cap_c) - ref)

        def economic(rg, t, econ_base=econ_base):
            done = rung_done[rg] | (t > 0)
            return econ_base * np.where(done, 1.0, x["functional"])

        def space(rg, t, s=s):
            share = np.minimum(1.0, rung_space[rg] + t * fw["space"])
            return q["space_weight"] * x[f"isolation_{s}"] * share

        for k, states in enumerate(paths):
            pi, (rg, t) = reaction[k], states[-1]
            comp["security"][k, idx] = staged(k, security)
            comp["economic"][k, idx] = staged(k, economic)
            comp["space"][k, idx] = staged(k, space)
            comp["coercion"][k, idx] = (
                q["econ_weight"] * pi * q["coercion_loss"] * x[f"share_{s}c"]
                * (1 - x[f"share_c{s}"])
                * (1 - q["rival_reaction_share"] + q["rival_reaction_share"] * host)
            )  # fmt: skip
            reacted = cap_c * (1 + q["military_response"] * pi)
            comp["military"][k, idx] = host * (balance(rg, t, cap_c) - balance(rg, t, reacted))
            e_i = rel * firmed(bind, sim_p, t) * x["hostility_pc"]
            comp["entrapment"][k, idx] = (
                q["entrapment_cost"] * pi * np.maximum(e_i - e_ref, 0) * weight_c
            )
            entrap[k, idx] = e_i
            aband[k, idx] = (
                host * weight_c * (1 - rel * firmed(commit, sim_p, t))
                * (1 - support(rg, t) * _ratio(cap_j, cap_j + cap_c))
            )  # fmt: skip

    # the patron
    def patron_balance(t, c_cap):
        own = x["cap_p"] + rel * sum(
            firmed(x[f"bind_{s}p"], x[f"similarity_{s}p"], t) * x[f"cap_{s}"] for s in "ab"
        )
        return _ratio(own, own + c_cap)

    def patron_exposure(t):
        """1 − (1 − e)^(1 + formal_entrapment) once a framework is in force (docstring)."""
        e = (
            sum(
                rel * firmed(x[f"commit_p{s}"], x[f"similarity_{s}p"], t) * x[f"hostility_{s}c"]
                for s in "ab"
            )
            / 2
        )
        power = 1 + np.where(np.asarray(t) >= 1, q["formal_entrapment"], 0.0)
        return 1 - (1 - np.clip(e, 0, 1)) ** power

    hpc = x["hostility_pc"]
    p_ref = patron_balance(0, cap_c)
    weight_p = _ratio(cap_c, cap_c + x["cap_p"])

    def patron_security(_rung, t):
        return hpc * (patron_balance(t, cap_c) - p_ref)

    for k, states in enumerate(paths):
        t = states[-1][1]
        pi = np.where(new_framework[k], reaction[k], 0.0)
        comp["security"][k, 3] = staged(k, patron_security)
        comp["coercion"][k, 3] = (
            q["econ_weight"] * pi * q["coercion_loss"] * x["share_pc"] * (1 - x["share_cp"])
            * (1 - q["rival_reaction_share"] + q["rival_reaction_share"] * hpc)
        )  # fmt: skip
        reacted = cap_c * (1 + q["military_response"] * pi)
        comp["military"][k, 3] = hpc * (patron_balance(t, cap_c) - patron_balance(t, reacted))
        exposure = patron_exposure(t)
        comp["entrapment"][k, 3] = (
            q["entrapment_cost"] * np.maximum(exposure - patron_exposure(0), 0) * weight_p
        )
        entrap[k, 2] = exposure
        # the third party: its military response regains balance (a gain); the others'
        # security gains are its loss ("military" cost); it pays for the trade it
        # interrupts, in proportion to its own dependence on each target ("coercion")
        comp["security"][k, 2] = comp["military"][k, [0, 1, 3]].sum(axis=0)
        comp["military"][k, 2] = comp["security"][k, [0, 1, 3]].sum(axis=0)
        comp["coercion"][k, 2] = (
            q["econ_weight"] * q["coercion_loss"]
            * (reaction[k] * (x["share_ca"] + x["share_cb"]) + pi * x["share_cp"])
        )  # fmt: skip

    gain = sum(comp[g] for g in GAINS)
    cost = sum(comp[c] for c in COSTS)
    net = gain - cost
    rung = np.stack([states[-1][0] for states in paths])
    framework = np.stack([states[-1][1] for states in paths])
    consent = np.stack([net[:, 0] > net[0, 0], net[:, 1] > net[0, 1], net[:, 3] > net[0, 3]])
    is_new, needs_p = np.stack(new), np.stack(new_framework)
    feasible = ~is_new | (consent[0] & consent[1] & (consent[2] | ~needs_p))
    joint = np.where(feasible, joint_gain(net), -np.inf)
    best = np.argmax(joint, axis=0)
    return Outcome(gain, cost, net, comp, rung, framework, feasible, best, aband, entrap)
