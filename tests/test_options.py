"""The alignment-options model: properties that hold whatever the data, hand-computed cases,
inputs recomputed from the shipped rows, the parameter file, reproducibility, the command."""

from __future__ import annotations

import dataclasses
import hashlib
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
    load_params,
    options,
)
from alignscope.assess.options.analysis import assessment_options
from alignscope.assess.options.inputs import gather
from alignscope.assess.options.simulate import defaults, draw, sensitivity
from alignscope.cli import main
from alignscope.errors import UsageError
from alignscope.measures.triangle import triangle

SQ, SP, TRI = range(3)
A, B, C, P = range(4)
PARAMS = load_params()


def random_measured(rng: np.random.Generator, n: int) -> Measured:
    """n random dyads: every input anywhere in its range, depth 0–2."""
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
        depth=pick(0, 0, 0, 1, 2),
        functional=pick(0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
        trend=u(-1, 1),
    )


def plain(**changes) -> Measured:
    """A hand-computable dyad: no hostility, no patron, nothing signed; then `changes`."""
    zero = {f.name: 0.0 for f in dataclasses.fields(Measured)}
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
    for k in (SP, TRI):
        assert np.all(hi.cost[k, i] >= lo.cost[k, i] - 1e-15)
        assert np.all(hi.net[k, i] - hi.net[SQ, i] <= lo.net[k, i] - lo.net[SQ, i] + 1e-15)
    # the effect is real somewhere: a new step with a reaction costs more
    assert np.any(hi.cost[SP, i] > lo.cost[SP, i])


def test_zero_reaction_from_c_makes_deeper_options_weakly_better():
    rng = np.random.Generator(np.random.PCG64(21))
    n = 20_000
    m = random_measured(rng, n)
    p = draw(PARAMS, n, seed=22) | {"reaction_partnership": 0.0, "reaction_trilateral": 0.0}
    out = evaluate(m, p)
    for i in (A, B):
        assert np.all(out.net[SP, i] >= out.net[SQ, i] - 1e-15)
        assert np.all(out.net[TRI, i] >= out.net[SP, i] - 1e-15)
    assert np.all(out.cost[:, [A, B]] == 0)


def test_a_reaction_is_what_makes_deeper_options_costly():
    """The converse: with C reacting, some dyad loses by going deeper."""
    rng = np.random.Generator(np.random.PCG64(31))
    m = random_measured(rng, 5_000)
    out = evaluate(m, draw(PARAMS, 5_000, seed=32))
    assert np.any(out.net[SP, A] < out.net[SQ, A])


def test_every_declared_parameter_moves_the_model():
    m = random_measured(np.random.Generator(np.random.PCG64(41)), 500)
    m = dataclasses.replace(m, depth=np.zeros(500), trend=np.full(500, 0.5))
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
    assert out.components["security"][SP, A, 0] == pytest.approx(
        (s_sq - s_ref) + delay * (s_sp - s_sq)
    )
    coercion = d["econ_weight"] * d["reaction_partnership"] * d["coercion_loss"] * 0.3 * 0.9
    assert out.components["coercion"][SP, A, 0] == pytest.approx(coercion)  # hostility 1
    reacted = 0.2 * (1 + d["military_response"] * d["reaction_partnership"])
    s_reacted = (0.1 + q1 * 0.1) / (0.1 + q1 * 0.1 + reacted)
    assert out.components["military"][SP, A, 0] == pytest.approx(s_sp - s_reacted)
    # B has no hostility and no dependence: no security gain, no cost
    assert out.net[SP, B, 0] == 0


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
    assert out.abandonment[TRI, A, 0] < out.abandonment[SP, A, 0] < out.abandonment[SQ, A, 0]


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
    assert OPTIONS[int(evaluate(m, d).best[0])] == "strategic_partnership"
    rows = {r["parameter"]: r for r in sensitivity(m, PARAMS)}
    row = rows["reaction_partnership"]
    (threshold,) = row["thresholds"]
    assert threshold["value"] == pytest.approx(flip, abs=1e-6)
    assert (threshold["from"], threshold["to"]) == ("strategic_partnership", "status_quo")
    low = PARAMS["reaction_partnership"].low
    gain = w * delay * d["trade_gain"] * 0.1
    assert row["net_at_low"] == pytest.approx(2 * (gain - low * per_unit))
    assert row["best_at_high"] == "status_quo"
    swings = [r["swing"] for r in rows.values()]
    assert [r["swing"] for r in sensitivity(m, PARAMS)] == sorted(swings, reverse=True)


def test_feasibility_needs_every_consenting_party():
    d = defaults(PARAMS)
    # A gains from a partnership (trade with B), B only pays (depends on C, no trade with A)
    m = plain(share_ab=0.5, share_bc=0.5)
    out = evaluate(m, d)
    assert out.net[SP, A, 0] > out.net[SQ, A, 0] and out.net[SP, B, 0] < out.net[SQ, B, 0]
    assert not out.feasible[SP, 0] and out.feasible[SQ, 0] and out.best[0] == SQ
    # a trilateral also needs the patron: with P losing (entrapment, no gain) it is out
    m = plain(cap_a=0.01, cap_b=0.01, hostility_ac=1.0, hostility_bc=1.0, hostility_pc=1.0,
              commit_pa=1.0)  # fmt: skip
    out = evaluate(m, d | {"reaction_trilateral": 0.0, "reaction_partnership": 0.0})
    assert out.net[TRI, A, 0] > out.net[SP, A, 0] and out.net[TRI, P, 0] < 0
    assert not out.feasible[TRI, 0]


def test_a_step_already_taken_is_the_status_quo():
    d = defaults(PARAMS)
    m = plain(depth=1.0, hostility_ac=1.0, share_ac=0.3, share_ab=0.2)
    out = evaluate(m, d)
    assert np.allclose(out.net[SP], out.net[SQ]) and out.feasible[SP, 0]
    assert out.components["coercion"][SP, A, 0] == 0  # no new step, no reaction
    assert out.best[0] == SQ  # ties go to the shallower option


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
    assert json.dumps(again, sort_keys=True) == json.dumps(flagship, sort_keys=True)
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
    tra = ws.rows(f"select id from {agr} where kind = 'informal_commitment' and parties = '2;713'")
    assert tra and inputs["commit_pa"] == 0.5  # the Taiwan Relations Act
    kinds = ws.rows(
        f"select distinct kind from {agr} where parties = '713;740' "
        "and cast(substr(date_signed, 1, 4) as integer) <= 2011 order by kind"
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
    assert gross["trilateral"] > gross["strategic_partnership"] > gross["status_quo"]
    twn_aband = [o["abandonment"]["A"]["default"] for o in opts.values()]
    twn_entrap = [o["entrapment"]["A"]["default"] for o in opts.values()]
    assert twn_aband[2] < twn_aband[0] and twn_entrap[2] > twn_entrap[0]
    assert flagship["missing_inputs"] == ["trend"]  # no events in the test store
    assert len(flagship["sensitivity"]) == len(PARAMS)


def test_assessment_entry_and_its_error(ws):
    uk_france_1860 = triangle(ws, 200, 220, 1860)  # before COW trade: no third state
    assert "error" in assessment_options(ws, uk_france_1860)
    assert "no third state" in assessment_options(ws, uk_france_1860)["error"]
    tri = triangle(ws, 713, 740, 2011)
    assert set(gather(ws, tri)) == set(Measured.__dataclass_fields__)


# ---------------------------------------------------------------- the command


def cli(*args: str, code: int = 0):
    result = CliRunner().invoke(main, ["--db", ":memory:", "options", *args])
    assert result.exit_code == code, (result.output, result.stderr)
    return result


def test_command_text_fits_80_columns():
    out = cli("TWN", "JPN", "--year", "2011", "--draws", "2000").stdout
    assert all(len(line) <= 80 for line in out.splitlines())
    for needle in ("status quo", "partnership", "trilateral", "aband TWN", "entr USA",
                   "Sensitivity", "P(feas)"):  # fmt: skip
        assert needle in out


def test_command_json_has_stable_keys():
    out = json.loads(cli("TWN", "JPN", "--year", "2011", "--draws", "1000", "--format",
                         "json", "--third", "CHN", "--patron", "USA").stdout)  # fmt: skip
    assert set(out) == {
        "states", "ccodes", "year", "parties", "third", "patron", "draws", "seed", "units",
        "criterion", "parameters", "inputs", "missing_inputs", "options", "preferred",
        "sensitivity", "notes", "citations",
    }  # fmt: skip
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
