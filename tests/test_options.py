"""The alignment-options model: properties that hold whatever the data, hand-computed cases,
the ladder (options relative to where the dyad stands, issue 10), inputs recomputed from
the shipped rows, the parameter file, reproducibility, the command."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from alignscope.assess.options import (
    OPTIONS,
    Measured,
    evaluate,
    joint_gain,
    load_ladder,
    load_params,
    options,
)
from alignscope.assess.options.analysis import assessment_options
from alignscope.assess.options.inputs import gather
from alignscope.assess.options.ladder import TYPE_LABELS
from alignscope.assess.options.simulate import defaults, draw, sensitivity
from alignscope.cli import main
from alignscope.errors import UsageError
from alignscope.measures.triangle import triangle

SQ, DEEP, TRI = range(3)
A, B, C, P = range(4)
PARAMS = load_params()


def random_measured(rng: np.random.Generator, n: int) -> Measured:
    """n random dyads: every input anywhere in its range, every current rung (0–3, the
    rungs a type stands on), with or without a framework with P in force."""
    u = lambda lo=0.0, hi=1.0: rng.uniform(lo, hi, n)  # noqa: E731
    pick = lambda *v: rng.choice(v, n)  # noqa: E731
    return Measured(
        cap_a=u(0.001, 0.3),
        cap_b=u(0.001, 0.3),
        cap_c=u(0.001, 0.3),
        cap_p=u(0.0, 0.3),
        share_ac=u(),
        share_bc=u(),
        share_ca=u(),
        share_cb=u(),
        share_pc=u(),
        share_cp=u(),
        share_ab=u(),
        share_ba=u(),
        hostility_ac=u(),
        hostility_bc=u(),
        hostility_pc=u(),
        commit_pa=pick(0.0, 0.25, 0.5, 1.0),
        commit_pb=pick(0.0, 0.25, 0.5, 1.0),
        bind_ap=pick(0.0, 0.25, 1.0),
        bind_bp=pick(0.0, 0.25, 1.0),
        similarity_ab=u(),
        similarity_ap=u(),
        similarity_bp=u(),
        isolation_a=u(),
        isolation_b=u(),
        rung=pick(0, 1, 1, 2, 3),
        framework=pick(0, 0, 1),
        functional=pick(0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
        trend=u(-1, 1),
    )


def plain(**changes) -> Measured:
    """A hand-computable tacit dyad: no hostility, no patron, nothing signed; then
    `changes`."""
    zero = {f.name: 0.0 for f in dataclasses.fields(Measured)} | {"rung": 1.0}
    base = zero | {"cap_a": 0.1, "cap_b": 0.1, "cap_c": 0.2, "cap_p": 0.1}
    base |= {"similarity_ab": 1.0, "similarity_ap": 1.0, "similarity_bp": 1.0}
    return Measured(**(base | changes))


# ---------------------------------------------------------------- properties


@pytest.mark.parametrize("side", ["a", "b"])
def test_more_dependence_on_c_never_makes_a_step_cheaper(side):
    rng = np.random.Generator(np.random.PCG64(11))
    n = 20_000
    m = random_measured(rng, n)
    p = draw(PARAMS, n, seed=12)
    before = getattr(m, f"share_{side}c")
    after = before + rng.uniform(0, 1, n) * (1 - before)
    lo, hi = evaluate(m, p), evaluate(dataclasses.replace(m, **{f"share_{side}c": after}), p)
    i = A if side == "a" else B
    for k in (DEEP, TRI):
        assert np.all(hi.cost[k, i] >= lo.cost[k, i] - 1e-15)
        assert np.all(hi.net[k, i] - hi.net[SQ, i] <= lo.net[k, i] - lo.net[SQ, i] + 1e-15)
    # the effect is real somewhere: a new step with a reaction costs more
    assert np.any(hi.cost[DEEP, i] > lo.cost[DEEP, i])


def test_zero_reaction_from_c_makes_every_step_weakly_better():
    rng = np.random.Generator(np.random.PCG64(21))
    n = 20_000
    m = random_measured(rng, n)
    p = draw(PARAMS, n, seed=22) | {
        "reaction_partnership": 0.0, "reaction_trilateral": 0.0, "reaction_alliance": 0.0
    }  # fmt: skip
    out = evaluate(m, p)
    low = m.rung <= 1  # from tacit alignment or below the trilateral is the deeper step
    for i in (A, B):
        assert np.all(out.net[DEEP, i] >= out.net[SQ, i] - 1e-15)
        assert np.all(out.net[TRI, i] >= out.net[SQ, i] - 1e-15)
        assert np.all(out.net[TRI, i][low] >= out.net[DEEP, i][low] - 1e-15)
    assert np.all(out.cost[:, [A, B]] == 0)


@pytest.mark.parametrize("seed", [51, 52, 53])
def test_abandonment_and_entrapment_stay_in_0_1(seed):
    """Issue 10: entrapment reached 1.17. Over random inputs and parameters drawn anywhere
    within their hard bounds (not only the declared ranges), both stay in [0, 1]."""
    rng = np.random.Generator(np.random.PCG64(seed))
    n = 50_000
    m = random_measured(rng, n)
    p = {k: rng.uniform(*prm.bounds, n) for k, prm in PARAMS.items()}
    p["econ_weight"] = rng.uniform(0.0, 10.0, n)  # bounds reach 100; the range is 0.25–4
    out = evaluate(m, p)
    for name, arr in (("abandonment", out.abandonment), ("entrapment", out.entrapment)):
        assert np.isfinite(arr).all(), name
        assert arr.min() >= 0.0 and arr.max() <= 1.0, (name, arr.min(), arr.max())
    # the re-normalised patron exposure still rises with a formal step
    assert np.any(out.entrapment[TRI, 2] > out.entrapment[SQ, 2])


def test_a_reaction_is_what_makes_deeper_options_costly():
    """The converse: with C reacting, some dyad loses by going deeper."""
    rng = np.random.Generator(np.random.PCG64(31))
    m = random_measured(rng, 5_000)
    out = evaluate(m, draw(PARAMS, 5_000, seed=32))
    assert np.any(out.net[DEEP, A] < out.net[SQ, A])


def test_every_declared_parameter_moves_the_model():
    m = random_measured(np.random.Generator(np.random.PCG64(41)), 500)
    m = dataclasses.replace(m, framework=np.zeros(500), trend=np.full(500, 0.5))
    base = defaults(PARAMS)
    ref = evaluate(m, base)
    for name, prm in PARAMS.items():
        moved = evaluate(m, base | {name: prm.high if prm.high != prm.default else prm.low})
        changed = not np.allclose(moved.net, ref.net) or not np.allclose(
            moved.abandonment, ref.abandonment
        )
        assert changed, f"parameter {name} has no effect"


# ---------------------------------------------------------------- hand-computed cases


def test_security_gain_and_coercion_by_hand():
    d = defaults(PARAMS)
    m = plain(hostility_ac=1.0, share_ac=0.3, share_ca=0.1)
    out = evaluate(m, d)
    q = d["support_tacit"]  # similarity 1, no trend
    s_ref = 0.1 / (0.1 + 0.2)
    s_sq = (0.1 + q * 0.1) / (0.1 + q * 0.1 + 0.2)
    assert out.components["security"][SQ, A, 0] == pytest.approx(s_sq - s_ref)
    assert out.net[SQ, A, 0] == pytest.approx(s_sq - s_ref)  # nothing else at the status quo
    # partnership: the increment arrives after lag_years, discounted; coercion at once
    q1 = q + d["support_partnership"]
    s_sp = (0.1 + q1 * 0.1) / (0.1 + q1 * 0.1 + 0.2)
    delay = d["discount"] ** d["lag_years"]
    assert out.components["security"][DEEP, A, 0] == pytest.approx(
        (s_sq - s_ref) + delay * (s_sp - s_sq)
    )
    coercion = d["econ_weight"] * d["reaction_partnership"] * d["coercion_loss"] * 0.3 * 0.9
    assert out.components["coercion"][DEEP, A, 0] == pytest.approx(coercion)  # hostility 1
    reacted = 0.2 * (1 + d["military_response"] * d["reaction_partnership"])
    s_reacted = (0.1 + q1 * 0.1) / (0.1 + q1 * 0.1 + reacted)
    assert out.components["military"][DEEP, A, 0] == pytest.approx(s_sp - s_reacted)
    # B has no hostility and no dependence: no security gain, no cost
    assert out.net[DEEP, B, 0] == 0


def test_trilateral_trades_abandonment_for_entrapment():
    """Snyder (1984): a tighter tie to P lowers abandonment and raises entrapment."""
    d = defaults(PARAMS)
    m = plain(hostility_ac=1.0, hostility_pc=1.0, commit_pa=0.5, bind_ap=0.0)
    out = evaluate(m, d)
    r, u = d["alliance_reliability"], d["patron_uplift"]
    firmer = 0.5 + u * (1 - 0.5)
    assert out.entrapment[SQ, A, 0] == 0
    assert out.entrapment[TRI, A, 0] == pytest.approx(r * u * 1.0)
    weight = 0.2 / (0.2 + 0.1)
    support = d["support_tacit"] + d["support_partnership"] + d["support_trilateral"]
    expected = weight * (1 - r * firmer) * (1 - support * 0.1 / (0.1 + 0.2))
    assert out.abandonment[TRI, A, 0] == pytest.approx(expected)
    assert out.abandonment[TRI, A, 0] < out.abandonment[DEEP, A, 0] < out.abandonment[SQ, A, 0]


def test_flip_threshold_and_tornado_by_hand():
    """Only trade: a partnership pays delay*trade_gain*s_ab and costs
    reaction*coercion_loss*s_c*(1 - rival_reaction_share) to each side, so the preferred
    option flips from partnership to status quo where those are equal."""
    m = plain(share_ab=0.1, share_ba=0.1, share_ac=0.2, share_bc=0.2)
    d = defaults(PARAMS)
    delay = d["discount"] ** d["lag_years"]
    w = d["econ_weight"]
    per_unit = w * d["coercion_loss"] * 0.2 * (1 - d["rival_reaction_share"])
    flip = w * delay * d["trade_gain"] * 0.1 / per_unit
    assert PARAMS["reaction_partnership"].low < flip < PARAMS["reaction_partnership"].high
    assert OPTIONS[int(evaluate(m, d).best[0])] == "deepen"
    rows = {r["parameter"]: r for r in sensitivity(m, PARAMS)}
    row = rows["reaction_partnership"]
    (threshold,) = row["thresholds"]
    assert threshold["value"] == pytest.approx(flip, abs=1e-6)
    assert (threshold["from"], threshold["to"]) == ("deepen", "status_quo")
    low = PARAMS["reaction_partnership"].low
    gain = w * delay * d["trade_gain"] * 0.1
    assert row["net_at_low"] == pytest.approx(100 * 2 * (gain - low * per_unit))  # points
    assert row["best_at_high"] == "status_quo"
    swings = [r["swing"] for r in rows.values()]
    assert [r["swing"] for r in sensitivity(m, PARAMS)] == sorted(swings, reverse=True)


def test_feasibility_needs_every_consenting_party():
    d = defaults(PARAMS)
    # A gains from a partnership (trade with B), B only pays (depends on C, no trade with A)
    m = plain(share_ab=0.5, share_bc=0.5)
    out = evaluate(m, d)
    assert out.net[DEEP, A, 0] > out.net[SQ, A, 0] and out.net[DEEP, B, 0] < out.net[SQ, B, 0]
    assert not out.feasible[DEEP, 0] and out.feasible[SQ, 0] and out.best[0] == SQ
    # a trilateral also needs the patron: with P losing (entrapment, no gain) it is out
    m = plain(cap_a=0.01, cap_b=0.01, hostility_ac=1.0, hostility_bc=1.0, hostility_pc=1.0,
              commit_pa=1.0)  # fmt: skip
    out = evaluate(m, d | {"reaction_trilateral": 0.0, "reaction_partnership": 0.0})
    assert out.net[TRI, A, 0] > out.net[DEEP, A, 0] and out.net[TRI, P, 0] < 0
    assert not out.feasible[TRI, 0]


# ---------------------------------------------------------------- the ladder

TYPES = ("alliance", "rivalry", "strategic_partnership", "quasi_alliance",
         "security_community", "coalition", "tacit_alignment", "non_aligned")  # fmt: skip


@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("framework", [0, 1])
def test_every_type_gets_three_distinct_options_from_its_rung(kind, framework):
    ladder = load_ladder()
    plan = ladder.options(kind, framework)
    assert [o["option"] for o in plan] == list(OPTIONS)
    states = [(o["rung_index"], o["framework"]) for o in plan]
    assert len(set(states)) == 3  # never three identical options (issue 10)
    assert states[0] == (ladder.rung_of(kind), framework)
    assert plan[1]["rung_index"] == states[0][0] + 1 and plan[1]["framework"] == framework
    assert plan[2]["framework"] == framework + 1
    assert plan[2]["rung_index"] == max(states[0][0], ladder.min_framework_rung)
    assert plan[0]["label"] == f"status quo ({TYPE_LABELS[kind]})"
    assert all(len(o["why"].split()) > 10 for o in plan)
    # and the model gives them different values
    m = plain(rung=float(states[0][0]), framework=float(framework), hostility_ac=1.0,
              hostility_bc=0.5, hostility_pc=1.0, commit_pa=0.5, share_ab=0.2)  # fmt: skip
    out = evaluate(m, defaults(PARAMS))
    assert [int(out.rung[k, 0]) for k in range(3)] == [s[0] for s in states]
    assert [int(out.framework[k, 0]) for k in range(3)] == [s[1] for s in states]
    nets = {round(float(x), 12) for x in joint_gain(out.net)[:, 0]}
    assert len(nets) == 3


def test_the_ladder_places_every_type_and_names_declared_parameters():
    ladder = load_ladder()
    assert sorted(t for r in ladder.rungs for t in r.types) == sorted(TYPES)
    names = [r.name for r in ladder.rungs]
    assert names == ["unaligned", "tacit_alignment", "strategic_partnership", "alliance",
                     "integrated_alliance"]  # fmt: skip
    for r in ladder.rungs:
        assert set(r.support) <= set(PARAMS) and len(r.reason.split()) > 10
        assert r.reaction is None or r.reaction in PARAMS
        assert r.closes is None or r.closes in PARAMS
    for key in ("support", "reaction"):
        assert ladder.framework[key] in PARAMS
    with pytest.raises(UsageError, match="unknown alignment type"):
        ladder.rung_of("friendship")


def test_deeper_rungs_promise_more_help():
    """Support rises up the ladder whatever the parameters (a pact never promises less
    than the partnership it formalises), so deepening with C silent never hurts security."""
    n = 5_000
    p = draw(PARAMS, n, seed=62) | {"trend_weight": np.ones(n)}
    security = []
    for r in range(5):
        m = plain(rung=float(r), hostility_ac=1.0, trend=1.0)
        security.append(evaluate(m, p).components["security"][SQ, A])
    assert all(np.all(hi >= lo - 1e-15) for lo, hi in itertools.pairwise(security))
    # an alliance with integration closes support_integration of the gap to certain help
    d = defaults(PARAMS)
    rel, integ = d["alliance_reliability"], d["support_integration"]
    m = plain(rung=3.0, hostility_ac=1.0)
    out = evaluate(m, d)
    help_ = rel + integ * (1 - rel)
    s_deep = (0.1 + help_ * 0.1) / (0.1 + help_ * 0.1 + 0.2)
    s_sq = (0.1 + rel * 0.1) / (0.1 + rel * 0.1 + 0.2)
    delay = d["discount"] ** d["lag_years"]
    s_ref = 0.1 / 0.3
    assert out.components["security"][DEEP, A, 0] == pytest.approx(
        (s_sq - s_ref) + delay * (s_deep - s_sq)
    )
    # C answers integration with reaction_alliance
    m = plain(rung=3.0, hostility_ac=1.0, share_ac=0.3)
    coercion = d["econ_weight"] * d["reaction_alliance"] * d["coercion_loss"] * 0.3
    assert evaluate(m, d).components["coercion"][DEEP, A, 0] == pytest.approx(coercion)


def test_a_framework_in_force_is_the_status_quo_and_the_step_widens_it():
    d = defaults(PARAMS)
    m = plain(rung=2.0, framework=1.0, hostility_ac=1.0, hostility_pc=1.0, commit_pa=0.5,
              share_ac=0.3)  # fmt: skip
    out = evaluate(m, d)
    assert [int(out.framework[k, 0]) for k in range(3)] == [1, 1, 2]
    assert out.components["coercion"][SQ, A, 0] == 0  # no new step, no reaction
    # the status quo already carries the framework: P's tie is firmed once, then again
    u, r = d["patron_uplift"], d["alliance_reliability"]
    assert out.abandonment[TRI, A, 0] < out.abandonment[SQ, A, 0]
    assert out.entrapment[SQ, A, 0] == pytest.approx(r * u)  # bind 0, firmed once
    assert out.entrapment[TRI, A, 0] == pytest.approx(r * (1 - (1 - u) ** 2))


def test_patron_entrapment_is_renormalised_not_clipped():
    """1 − (1 − e)^(1 + formal_entrapment): e at no framework, rising with it, below 1."""
    d = defaults(PARAMS)
    m = plain(rung=2.0, hostility_ac=1.0, hostility_bc=1.0, hostility_pc=1.0,
              commit_pa=1.0, commit_pb=1.0)  # fmt: skip
    out = evaluate(m, d)
    r, fe = d["alliance_reliability"], d["formal_entrapment"]
    assert out.entrapment[SQ, 2, 0] == pytest.approx(r)
    assert out.entrapment[TRI, 2, 0] == pytest.approx(1 - (1 - r) ** (1 + fe))
    assert r * (1 + fe) > 1 > out.entrapment[TRI, 2, 0]  # the old linear rule left 0–1


# ---------------------------------------------------------------- parameters


def test_shipped_parameters_are_complete():
    assert set(PARAMS) == set(defaults(PARAMS))
    for p in PARAMS.values():
        assert p.low <= p.default <= p.high and len(p.reason.split()) > 10 and p.label
    evaluate(plain(), defaults(PARAMS))  # the model reads no undeclared parameter


def test_user_file_overrides(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text("[coercion_loss]\ndefault = 0.2\nhigh = 0.4\n")
    params = load_params(f)
    assert params["coercion_loss"].default == 0.2 and params["coercion_loss"].high == 0.4
    assert params["coercion_loss"].low == PARAMS["coercion_loss"].low
    assert params["coercion_loss"].origin == "file" and params["discount"].origin == "shipped"


@pytest.mark.parametrize(
    "text, needle",
    [
        ("[no_such]\ndefault = 1\n", "unknown parameter 'no_such'"),
        ("[discount]\nlow = 0.99\nhigh = 0.9\n", "range is empty"),
        ("[discount]\ndefault = 0.5\n", "outside its range"),
        ("[discount]\nhigh = 1.5\n", "outside the allowed"),
        ("[discount]\nmode = 0.9\n", "unknown key 'mode'"),
        ("[discount]\ndefault = 'high'\n", "finite number"),
        ("[econ_weight]\nlow = 0\n", "log-scale"),
        ("discount = 0.9\n", "must be a table"),
        ("[discount\n", "cannot read"),
        ("", "sets no parameter"),
    ],
)
def test_bad_parameter_files(tmp_path, text, needle):
    f = tmp_path / "p.toml"
    f.write_text(text)
    with pytest.raises(UsageError, match=needle):
        load_params(f)
    with pytest.raises(UsageError, match="does not exist"):
        load_params(tmp_path / "missing.toml")


# ---------------------------------------------------------------- reproducibility

THREADS_CHILD = """
import hashlib, sys, numpy as np
sys.path.insert(0, sys.argv[1])
from alignscope.assess.options import evaluate, load_params
from alignscope.assess.options.simulate import draw
from test_options import random_measured
m = random_measured(np.random.Generator(np.random.PCG64(5)), 50_000)
out = evaluate(m, draw(load_params(), 50_000, seed=6))
h = hashlib.sha256()
for a in (out.net, out.feasible, out.best, out.abandonment, out.entrapment):
    h.update(np.ascontiguousarray(a).tobytes())
print(h.hexdigest())
"""


def test_results_do_not_depend_on_the_number_of_threads():
    digests = set()
    here = os.path.dirname(os.path.abspath(__file__))
    for threads in ("1", "4"):
        env = os.environ | {
            v: threads for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
        }
        out = subprocess.run(
            [sys.executable, "-c", THREADS_CHILD, here],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    m = random_measured(np.random.Generator(np.random.PCG64(5)), 50_000)
    out = evaluate(m, draw(PARAMS, 50_000, seed=6))
    h = hashlib.sha256()
    for a in (out.net, out.feasible, out.best, out.abandonment, out.entrapment):
        h.update(np.ascontiguousarray(a).tobytes())
    digests.add(h.hexdigest())
    assert len(digests) == 1


def test_draws_follow_the_declared_distribution():
    n = 200_000
    x = draw(PARAMS, n, seed=3)
    for name, p in PARAMS.items():
        assert x[name].min() >= p.low and x[name].max() <= p.high
        if p.scale == "linear":  # triangular mean (low + mode + high) / 3
            assert x[name].mean() == pytest.approx((p.low + p.default + p.high) / 3, rel=0.01)
    # econ_weight: log scale with the default in the middle, so the median is the default
    assert np.median(x["econ_weight"]) == pytest.approx(PARAMS["econ_weight"].default, rel=0.02)
    assert not np.array_equal(draw(PARAMS, 10, 1)["discount"], draw(PARAMS, 10, 2)["discount"])


# ---------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def flagship(ws):
    return options(ws, "TWN", "JPN", 2011, draws=5_000, seed=7)


def test_fixed_seed_gives_identical_output(ws, flagship):
    again = options(ws, "TWN", "JPN", 2011, draws=5_000, seed=7)
    assert json.dumps(again, sort_keys=True, default=str) == json.dumps(
        flagship, sort_keys=True, default=str
    )
    other = options(ws, "TWN", "JPN", 2011, draws=5_000, seed=8)
    assert other["options"][1]["net_gain"] != flagship["options"][1]["net_gain"]


def test_flagship_inputs_recomputed_from_rows(ws, flagship):
    inputs = {k: v["value"] for k, v in flagship["inputs"].items()}
    caps = ws.table("capabilities")
    cinc = dict(ws.rows(f"select ccode, cinc from {caps} where year = 2011"))
    assert [inputs[f"cap_{x}"] for x in "abcp"] == [cinc[713], cinc[740], cinc[710], cinc[2]]
    td, nat = ws.table("trade_dyadic"), ws.table("trade_national")
    flows = ws.scalar(
        f"select flow1 + flow2 from {td} where ccode1 = 710 and ccode2 = 740 and year = 2011"
    )
    china = ws.scalar(f"select imports + exports from {nat} where ccode = 710 and year = 2011")
    assert inputs["share_cb"] == pytest.approx(flows / china)
    atop = ws.table("atop")
    us_jp = ws.rows(f"select atop_defense from {atop} where ccode1 = 2 and ccode2 = 740 "
                    "and year = 2011")  # fmt: skip
    jp_us = ws.rows(f"select atop_defense from {atop} where ccode1 = 740 and ccode2 = 2 "
                    "and year = 2011")  # fmt: skip
    assert us_jp == [(1,)] and jp_us[0][0] == 0
    assert inputs["commit_pb"] == 1.0 and inputs["bind_bp"] == 0.25  # alliance, no obligation
    assert ws.rows(f"select * from {atop} where ccode1 = 2 and ccode2 = 713 and year = 2011") == []
    agr = ws.table("agreements")
    tra = ws.rows(f"select id from {agr} where kind = 'informal_commitment' and parties = [2, 713]")
    assert tra and inputs["commit_pa"] == 0.5  # the Taiwan Relations Act
    kinds = ws.rows(
        f"select distinct kind from {agr} where parties = [713, 740] "
        "and year(date_signed) <= 2011 order by kind"
    )
    assert [k for (k,) in kinds] == ["investment", "mou", "open_skies"]
    assert inputs["functional"] == pytest.approx(3 / 5) and inputs["depth"] == 0
    dem = ws.table("democracy")
    poly = dict(ws.rows(f"select ccode, v2x_polyarchy from {dem} where year = 2011"))
    assert inputs["similarity_ab"] == pytest.approx(1 - abs(poly[713] - poly[740]))
    igo = ws.con.sql(f"select * from {ws.table('igo_dyadic')} where year = 2011").df()
    per_state = (
        igo.melt(id_vars=["year", "dyadigos"], value_vars=["ccode1", "ccode2"])
        .groupby("value")["dyadigos"]
        .mean()
    )
    assert inputs["isolation_a"] == pytest.approx(1 - per_state[713] / per_state.median())
    assert inputs["isolation_b"] == 0.0  # Japan is above the median state
    assert inputs["hostility_ac"] == inputs["hostility_pc"] == 1.0  # TSS rivalries with China


def test_flagship_run(flagship):
    assert flagship["parties"] == {"A": "TWN", "B": "JPN", "C": "CHN", "P": "USA"}
    assert flagship["third"]["suggested"] and flagship["patron"]["suggested"]
    opts = {o["option"]: o for o in flagship["options"]}
    assert list(opts) == list(OPTIONS)
    assert opts["status_quo"]["p_feasible"] == 1.0 and not opts["status_quo"]["consent"]
    assert opts["trilateral"]["consent"] == ["A", "B", "P"]
    assert sum(o["p_best"] for o in opts.values()) == pytest.approx(1.0)
    for o in opts.values():
        assert o["p_best"] <= o["p_feasible"] + 1e-12
        for s in o["net_gain"].values():
            assert s["p5"] <= s["p50"] <= s["p95"]
    gross = {k: o["at_defaults"]["parties"]["A"]["gain"] for k, o in opts.items()}
    assert gross["trilateral"] > gross["deepen"] > gross["status_quo"]
    # the flagship stays tacit: the status quo is tacit alignment, as classified
    assert flagship["current_type"] == {
        "type": "tacit_alignment",
        "how": "classified",
        "rung": "tacit_alignment",
        "rung_label": "tacit alignment",
    }
    assert [(o["rung"], o["framework"]) for o in opts.values()] == [
        ("tacit_alignment", 0),
        ("strategic_partnership", 0),
        ("strategic_partnership", 1),
    ]
    assert opts["status_quo"]["label"] == "status quo (tacit alignment)"
    assert opts["deepen"]["label"] == "deepen to strategic partnership"
    assert opts["deepen"]["consent"] == ["A", "B"]
    twn_aband = [o["abandonment"]["A"]["default"] for o in opts.values()]
    twn_entrap = [o["entrapment"]["A"]["default"] for o in opts.values()]
    assert twn_aband[2] < twn_aband[0] and twn_entrap[2] > twn_entrap[0]
    assert flagship["missing_inputs"] == ["trend"]  # no events in the test store
    assert len(flagship["sensitivity"]) == len(PARAMS)


def test_assessment_entry_and_its_error(ws):
    uk_france_1860 = triangle(ws, 200, 220, 1860)  # before COW trade: no third state
    assert "error" in assessment_options(ws, uk_france_1860)
    assert "could be suggested for 1860" in assessment_options(ws, uk_france_1860)["error"]
    tri = triangle(ws, 713, 740, 2011)
    model_inputs = set(gather(ws, tri)) - {"depth"} | {"rung"}  # depth: reference only
    assert model_inputs == set(Measured.__dataclass_fields__)
    given = assessment_options(ws, tri, current_type="alliance")
    assert given["current_type"]["type"] == "alliance" and given["current_type"]["how"] == "given"
    assert "unknown alignment type" in assessment_options(ws, tri, current_type="x")["error"]


@pytest.mark.parametrize(
    "a, b, year, kind, rungs",
    [
        ("JPN", "AUS", 2014, "alliance",
         [("alliance", 1), ("integrated_alliance", 1), ("alliance", 2)]),
        ("JPN", "AUS", 2014, "strategic_partnership",
         [("strategic_partnership", 1), ("alliance", 1), ("strategic_partnership", 2)]),
        ("JPN", "AUS", 2014, None,  # classified: a strategic partnership (2007 declaration)
         [("strategic_partnership", 1), ("alliance", 1), ("strategic_partnership", 2)]),
        ("TWN", "JPN", 2011, "tacit_alignment",
         [("tacit_alignment", 0), ("strategic_partnership", 0), ("strategic_partnership", 1)]),
        ("GBR", "FRA", 2011, None,  # NATO allies, P = USA given
         [("alliance", 0), ("integrated_alliance", 0), ("alliance", 1)]),
    ],
)  # fmt: skip
def test_options_start_where_the_dyad_stands(ws, a, b, year, kind, rungs):
    """Issue 10: an allied or partnered dyad no longer gets three identical options."""
    patron = "USA" if a == "GBR" else None
    r = options(ws, a, b, year, draws=500, seed=1, current_type=kind, patron=patron)
    assert r["current_type"]["type"] == (kind or r["current_type"]["type"])
    assert r["current_type"]["rung"] == rungs[0][0]
    assert [(o["rung"], o["framework"]) for o in r["options"]] == rungs
    joints = [o["joint_net_gain"]["default"] for o in r["options"]]
    assert len(set(joints)) == 3
    nets = [json.dumps(o["at_defaults"]["parties"], sort_keys=True) for o in r["options"]]
    assert len(set(nets)) == 3
    for o in r["options"]:
        assert o["why"] and o["label"]
        for kind_ in ("abandonment", "entrapment"):
            for s in o[kind_].values():
                assert 0 <= s["p5"] <= s["p95"] <= 1 and 0 <= s["default"] <= 1


def test_one_joint_gain_in_points_everywhere(flagship):
    """Issue 10: the joint gain at the defaults is the per-party nets' sum, the sensitivity
    centre and the tables' figure, in points."""
    opts = {o["option"]: o for o in flagship["options"]}
    for o in opts.values():
        parts = o["at_defaults"]["parties"]
        assert o["joint_net_gain"]["default"] == pytest.approx(
            parts["A"]["net"] + parts["B"]["net"], abs=1e-12
        )
        assert o["net_gain"]["A"]["default"] == pytest.approx(parts["A"]["net"])
    preferred = flagship["preferred"]["at_defaults"]
    flat = [r for r in flagship["sensitivity"] if r["swing"] == 0]
    assert flat and all(
        r["net_at_low"] == pytest.approx(opts[preferred]["joint_net_gain"]["default"]) for r in flat
    )
    assert flagship["units"].startswith("points")
    # points: hundredths of the balance, so the flagship's gains are of order 1, not 0.01
    assert 0.1 < abs(opts["status_quo"]["joint_net_gain"]["default"]) < 10


# ---------------------------------------------------------------- the command


def cli(*args: str, code: int = 0):
    result = CliRunner().invoke(main, ["--db", ":memory:", "options", *args])
    assert result.exit_code == code, (result.output, result.stderr)
    return result


def test_command_text_fits_80_columns():
    out = cli("TWN", "JPN", "--year", "2011", "--draws", "2000").stdout
    assert all(len(line) <= 80 for line in out.splitlines())
    for needle in ("status quo", "partnership", "trilateral", "aband TWN", "entr USA",
                   "Sensitivity", "P(feas)", "Options on the alignment ladder",
                   "SQ   status quo (tacit alignment): rung 1 tacit alignment",
                   "DEEP deepen to strategic partnership: rung 2", "default"):  # fmt: skip
        assert needle in out


def test_command_json_has_stable_keys():
    out = json.loads(cli("TWN", "JPN", "--year", "2011", "--draws", "1000", "--format",
                         "json", "--third", "CHN", "--patron", "USA").stdout)  # fmt: skip
    assert set(out) == {
        "states", "ccodes", "year", "parties", "third", "patron", "draws", "seed", "units",
        "criterion", "parameters", "inputs", "missing_inputs", "options", "preferred",
        "sensitivity", "notes", "citations",
        "current_type", "ladder",  # added by issue 10
    }  # fmt: skip
    old_keys = {"option", "label", "level", "new_step", "consent", "at_defaults", "net_gain",
                "joint_net_gain", "p_feasible", "p_best", "p_best_joint", "abandonment",
                "entrapment"}  # fmt: skip
    added = {"rung", "rung_label", "framework", "why"}
    assert all(set(o) == old_keys | added for o in out["options"])
    assert out["third"]["suggested"] is False and out["draws"] == 1000


@pytest.mark.parametrize(
    "args, needle",
    [
        (["XXX", "JPN", "--year", "2011"], "unknown state"),
        (["TWN", "JPN", "--year", "2011", "--draws", "0"], "--draws"),
        (["TWN", "JPN", "--year", "2011", "--params", "/nonexistent.toml"], "does not exist"),
        (["TWN", "JPN", "--year", "2011", "--third", "TWN"], "third"),
    ],
)
def test_command_errors(args, needle):
    result = cli(*args, code=2)
    text = result.stderr.strip()
    assert text.startswith("error:") and needle in text and len(text.splitlines()) == 1


def test_command_bad_params_file(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text("[discount]\nlow = 0.99\nhigh = 0.9\n")
    result = cli("TWN", "JPN", "--year", "2011", "--params", str(f), code=2)
    assert "range is empty" in result.stderr


def test_cooperation_trend_from_ingested_events():
    from alignscope import Workspace
    from alignscope.assess.options.inputs import trend
    from alignscope.events import ensure_schema

    with Workspace(":memory:") as store:
        assert trend(store, 713, 740, 2011).value is None  # no events table: neutral
        ensure_schema(store)
        rows = [(f"{y}-05-01", 713, 740, q) for y in (2008, 2009, 2010) for q in (1, 4)]
        rows += [("2011-05-01", 740, 713, 1), ("2011-06-01", 713, 740, 2)]
        rows += [("2011-07-01", 713, 2, 4)]  # another dyad: ignored
        for date, s, t, q in rows:
            store.con.execute(
                "insert into events (event_date, source_ccode, target_ccode, cameo_code, "
                "quad_class, goldstein, origin_kind) values (?, ?, ?, '040', ?, 1.0, 'curated')",
                [date, s, t, q],
            )
        found = trend(store, 713, 740, 2011)
        # net cooperation: 0 in each of 2008-2010 (one cooperative, one conflictual event),
        # 1 in 2011 (two cooperative events): the change is 1 - 0
        assert found.value == 1.0 and len(found.rows) == 4
        assert trend(store, 713, 740, 2008).value is None  # nothing before 2008
