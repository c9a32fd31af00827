"""The alignment-options model: each party's gain and cost under each option, vectorised.

Options (Wilkins 2012, "Taiwan–Japan Relations in an Era of Uncertainty", Asia Policy 13):
**status quo** (tacit alignment, level 0), **strategic partnership** (level 1), **trilateral**
framework with the patron (level 2). An option never lies below the level the dyad has
already reached (`depth`): a step already taken is the status quo. Parties: A and B (the
dyad), C (the third party the step is aimed at), P (the patron). Every formula works on
numpy arrays, one element per Monte Carlo draw (or per random input in the tests); names
are the inputs of `inputs.Measured` and the parameters of `options_params.toml`.

Security: capability aggregation against C (Walt 1987, *The Origins of Alliances*; Morrow
1991, "Alliances and Asymmetry", AJPS 35(4): 904–33). Side i's share of the balance is

    S_i(L) = (cap_i + help) / (cap_i + help + cap_C),
    help   = support(L)·cap_j + reliability·commit_i(L)·cap_P,

where support(L) is the partner's expected help at level L (tacit, + partnership,
+ trilateral; scaled by regime similarity, Lai & Reiter 2000, and by the event trend) and
commit_i(L) is P's commitment, which a trilateral raises by patron_uplift·similarity_iP of
the gap to 1. The security gain is hostility_iC · (S_i(L) − S_i(ref)), the reference
being no A–B alignment with P's measured commitment: security counts in proportion to
the threat (Walt: intentions, here rivalry or disputes with C).

Economy: trade_gain · share_ij · m(L) · econ_weight, where m = the share of functional
instrument kinds signed (status quo) or 1 (a partnership completes functional
cooperation). International space: space_weight · isolation_i · L/2.

Timing: existing levels pay now; each new level pays after lag_years, discounted
(discount^lag per level, stage by stage, so the trilateral builds on the partnership);
costs come at once.

Costs (only a new step provokes C; its reaction strength is reaction_partnership or
reaction_trilateral, 0 for the status quo):
  coercion   econ_weight · reaction · coercion_loss · share_iC · (1 − share_Ci)
             · (1 − w + w·hostility_iC), w = rival_reaction_share. The damage is in
             proportion to i's dependence on C and C's restraint to C's own dependence on
             i (Hirschman 1945, *National Power and the Structure of Foreign Trade*;
             Keohane & Nye 1977, *Power and Interdependence*: coercion_loss is the
             vulnerability left after adjustment); C coerces states it expects conflict
             with more readily (Drezner 1999, *The Sanctions Paradox*).
  military   C directs military_response · reaction more capability at the parties to
             the step: hostility_iC · (S_i(L; cap_C) − S_i(L; cap_C·(1 + military_response
             · reaction))) (the spiral of Jervis 1976; Snyder 1984's adversary game).
  entrapment entrapment_cost · reaction · max(E_i(L) − E_i(ref), 0) · cap_C/(cap_C+cap_i):
             a trilateral binds i to P, and the crises the step provokes are P's crises
             with C that i may now be drawn into (Snyder 1984).

Abandonment and entrapment (Snyder 1984, "The Security Dilemma in Alliance Politics",
World Politics 36(4): 461–95), reported for A and B with respect to P:
  abandonment_i = hostility_iC · cap_C/(cap_C+cap_i) · (1 − reliability·commit_i(L))
                  · (1 − support(L)·cap_j/(cap_j+cap_C)):
                  the need for help, left uncovered if P stays out, less what the partner
                  covers (an alternative partner lowers dependence on the ally, Snyder);
  entrapment_i  = reliability · bind_i(L) · hostility_PC: how bound i is to P, times P's
                  conflict with C.

The patron: balancing gain hostility_PC · (S_P(L) − S_P(ref)), S_P aggregating the
clients' obligations to P (bind); entrapment E_P(L) = mean_i(reliability · commit_i(L) ·
hostility_iC) · (1 + formal_entrapment at level 2), costing entrapment_cost · max(E_P(L)
− E_P(ref), 0) · cap_C/(cap_C+cap_P) — a formal multilateral step emboldens clients and
binds P publicly (Snyder 1984; Cha 2010, "Powerplay", International Security 34(3));
and C's coercion and military response when P is party to a new trilateral.
C: its "security" gain is the balance its military response regains; its "military" cost
the others' security gains against it; its "coercion" cost the trade it interrupts
(coercion_loss · reaction · share_Cx for each target x).

Feasibility: every party whose consent is needed must gain from the move, i.e. be better
off than in the status quo (the disagreement point): A and B for a partnership, A, B and
P for a trilateral. The status quo needs no consent. The best option in a draw is the
feasible one with the largest joint net gain of A and B (ties to the shallower option).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from .inputs import Measured

OPTIONS = ("status_quo", "strategic_partnership", "trilateral")
LABELS = {
    "status_quo": "status quo (tacit alignment)",
    "strategic_partnership": "strategic partnership",
    "trilateral": "trilateral / minilateral",
}
PARTIES = ("A", "B", "C", "P")
GAINS = ("security", "economic", "space")
COSTS = ("coercion", "military", "entrapment")


@dataclass(frozen=True)
class Outcome:
    """Arrays over (option, party, draw) unless stated; party order A, B, C, P."""

    gain: np.ndarray
    cost: np.ndarray
    net: np.ndarray
    components: dict[str, np.ndarray]
    level: np.ndarray  # (option, draw): the level each option reaches
    feasible: np.ndarray  # (option, draw)
    best: np.ndarray  # (draw,): index into OPTIONS
    abandonment: np.ndarray  # (option, side A/B, draw)
    entrapment: np.ndarray  # (option, A/B/P, draw)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den > 0)


def evaluate(m: Measured, p: Mapping[str, Any]) -> Outcome:
    """Every party's gain, cost and net gain under each option (module docstring)."""
    x = {f.name: np.asarray(getattr(m, f.name), dtype=float) for f in fields(Measured)}
    q = {k: np.asarray(v, dtype=float) for k, v in p.items()}
    n = np.broadcast_shapes(*(v.shape for v in (*x.values(), *q.values())), (1,))
    x = {k: np.broadcast_to(v, n) for k, v in x.items()}
    q = {k: np.broadcast_to(v, n) for k, v in q.items()}
    rel, uplift = q["alliance_reliability"], q["patron_uplift"]
    d0 = np.clip(np.rint(x["depth"]), 0, 2).astype(int)
    levels = [np.maximum(k, d0) for k in range(3)]
    scale = x["similarity_ab"] * np.clip(1 + q["trend_weight"] * x["trend"], 0, 2)
    tacit = q["support_tacit"]
    raw = (tacit, tacit + q["support_partnership"],
           tacit + q["support_partnership"] + q["support_trilateral"])  # fmt: skip
    support = [np.clip(s * scale, 0, 1) for s in raw]
    step = q["discount"] ** q["lag_years"]
    reaction = [
        np.where(lv > d0, np.choose(lv, [0 * tacit, q["reaction_partnership"],
                                         q["reaction_trilateral"]]), 0.0)
        for lv in levels
    ]  # fmt: skip
    cap_c = x["cap_c"]

    def staged(by_level: list[np.ndarray], lv: np.ndarray) -> np.ndarray:
        """Existing levels count now; each new level's increment after a discounted lag."""
        out = np.choose(d0, by_level)
        for ell in (1, 2):
            new = (d0 < ell) & (ell <= lv)
            out = out + np.where(new, step ** (ell - d0) * (by_level[ell] - by_level[ell - 1]), 0)
        return out

    def firmed(base: np.ndarray, sim: np.ndarray, lv: np.ndarray | int) -> np.ndarray:
        return base + np.where(np.asarray(lv) == 2, uplift * sim * (1 - base), 0.0)

    comp = {k: np.zeros((3, 4, *n)) for k in GAINS + COSTS}
    aband, entrap = np.zeros((3, 2, *n)), np.zeros((3, 3, *n))
    sides = (("a", "b", 0), ("b", "a", 1))
    for s, o, idx in sides:
        cap_i, cap_j, cap_p = x[f"cap_{s}"], x[f"cap_{o}"], x["cap_p"]
        host, commit, bind = x[f"hostility_{s}c"], x[f"commit_p{s}"], x[f"bind_{s}p"]
        sim_p = x[f"similarity_{s}p"]

        def balance(lv, c_cap, cap_i=cap_i, cap_j=cap_j, cap_p=cap_p, commit=commit, sim_p=sim_p):
            sup = np.choose(np.asarray(lv), support)
            own = cap_i + sup * cap_j + rel * firmed(commit, sim_p, lv) * cap_p
            return _ratio(own, own + c_cap)

        ref = _ratio(cap_i + rel * commit * cap_p, cap_i + rel * commit * cap_p + cap_c)
        security = [host * (balance(lv, cap_c) - ref) for lv in range(3)]
        econ_base = q["econ_weight"] * q["trade_gain"] * x[f"share_{s}{o}"]
        economic = [econ_base * x["functional"], econ_base, econ_base]
        space = [q["space_weight"] * x[f"isolation_{s}"] * lv / 2 for lv in range(3)]
        weight_c = _ratio(cap_c, cap_c + cap_i)
        e_ref = rel * bind * x["hostility_pc"]
        for k, lv in enumerate(levels):
            pi = reaction[k]
            comp["security"][k, idx] = staged(security, lv)
            comp["economic"][k, idx] = staged(economic, lv)
            comp["space"][k, idx] = staged(space, lv)
            comp["coercion"][k, idx] = (
                q["econ_weight"] * pi * q["coercion_loss"] * x[f"share_{s}c"]
                * (1 - x[f"share_c{s}"])
                * (1 - q["rival_reaction_share"] + q["rival_reaction_share"] * host)
            )  # fmt: skip
            reacted = cap_c * (1 + q["military_response"] * pi)
            comp["military"][k, idx] = host * (balance(lv, cap_c) - balance(lv, reacted))
            e_i = rel * firmed(bind, sim_p, lv) * x["hostility_pc"]
            comp["entrapment"][k, idx] = (
                q["entrapment_cost"] * pi * np.maximum(e_i - e_ref, 0) * weight_c
            )
            entrap[k, idx] = e_i
            sup = np.choose(lv, support)
            aband[k, idx] = (
                host * weight_c * (1 - rel * firmed(commit, sim_p, lv))
                * (1 - sup * _ratio(cap_j, cap_j + cap_c))
            )  # fmt: skip

    # the patron
    def patron_balance(lv, c_cap):
        own = x["cap_p"] + rel * sum(
            firmed(x[f"bind_{s}p"], x[f"similarity_{s}p"], lv) * x[f"cap_{s}"] for s in "ab"
        )
        return _ratio(own, own + c_cap)

    def patron_exposure(lv):
        base = (
            sum(
                rel * firmed(x[f"commit_p{s}"], x[f"similarity_{s}p"], lv) * x[f"hostility_{s}c"]
                for s in "ab"
            )
            / 2
        )
        return base * (1 + np.where(np.asarray(lv) == 2, q["formal_entrapment"], 0.0))

    hpc = x["hostility_pc"]
    p_ref = patron_balance(0, cap_c)
    p_security = [hpc * (patron_balance(lv, cap_c) - p_ref) for lv in range(3)]
    weight_p = _ratio(cap_c, cap_c + x["cap_p"])
    for k, lv in enumerate(levels):
        pi = np.where(lv == 2, reaction[k], 0.0)
        comp["security"][k, 3] = staged(p_security, lv)
        comp["coercion"][k, 3] = (
            q["econ_weight"] * pi * q["coercion_loss"] * x["share_pc"] * (1 - x["share_cp"])
            * (1 - q["rival_reaction_share"] + q["rival_reaction_share"] * hpc)
        )  # fmt: skip
        reacted = cap_c * (1 + q["military_response"] * pi)
        comp["military"][k, 3] = hpc * (patron_balance(lv, cap_c) - patron_balance(lv, reacted))
        exposure = patron_exposure(lv)
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
    level = np.stack(levels)
    consent = np.stack([net[:, 0] > net[0, 0], net[:, 1] > net[0, 1], net[:, 3] > net[0, 3]])
    needs_p = level == 2
    feasible = (level == d0) | (consent[0] & consent[1] & (consent[2] | ~needs_p))
    joint = np.where(feasible, net[:, 0] + net[:, 1], -np.inf)
    best = np.argmax(joint, axis=0)
    return Outcome(gain, cost, net, comp, level, feasible, best, aband, entrap)
