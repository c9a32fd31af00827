"""Foreign-policy similarity of all dyad-years: checked against slow per-pair recomputation."""

from __future__ import annotations

import json
import math

import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import one

from alignscope import Workspace, add_atop, add_unga, build_panel
from alignscope.cli import main
from alignscope.measures import fpsim
from alignscope.sources.similarity import add_similarity

USA, CHINA, TAIWAN, JAPAN = 2, 710, 713, 740
DYADS = [(USA, JAPAN), (CHINA, JAPAN), (TAIWAN, JAPAN)]


@pytest.fixture(scope="module")
def und(undirected):
    return add_similarity(undirected)


@pytest.fixture(scope="module")
def dirp(directed):
    return add_similarity(directed)


# ---------------------------------------------------------------- textbook formulas, per pair


def s_score(x, y, w, d_max, power):
    """Signorino & Ritter (1999): 1 - 2 * weighted mean distance / maximal distance."""
    dist = sum(wk * abs(a - b) ** power for a, b, wk in zip(x, y, w, strict=True))
    return 1 - 2 * dist / (sum(w) * d_max**power)


def shares(v, cats):
    return [v.count(c) / len(v) for c in cats]


def kappa(x, y, cats):
    """Cohen (1960)."""
    p_o = sum(a == b for a, b in zip(x, y, strict=True)) / len(x)
    p_e = sum(px * py for px, py in zip(shares(x, cats), shares(y, cats), strict=True))
    return (p_o - p_e) / (1 - p_e)


def scott_pi(x, y, cats):
    """Scott (1955): chance agreement from the pooled shares of both coders."""
    p_o = sum(a == b for a, b in zip(x, y, strict=True)) / len(x)
    p_e = sum(((px + py) / 2) ** 2 for px, py in zip(shares(x, cats), shares(y, cats), strict=True))
    return (p_o - p_e) / (1 - p_e)


def weighted_kappa(x, y, cats):
    """Cohen (1968) with quadratic disagreement weights (Haege 2011)."""
    d_o = sum((a - b) ** 2 for a, b in zip(x, y, strict=True)) / len(x)
    px, py = shares(x, cats), shares(y, cats)
    d_e = sum(px[i] * py[j] * (a - b) ** 2 for i, a in enumerate(cats) for j, b in enumerate(cats))
    return 1 - d_o / d_e


def tau_b(x, y):
    """Kendall (1945): (concordant - discordant) / sqrt(untied pairs in x * in y)."""
    cd = untied_x = untied_y = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            sx = (x[i] > x[j]) - (x[i] < x[j])
            sy = (y[i] > y[j]) - (y[i] < y[j])
            cd += sx * sy
            untied_x += sx != 0
            untied_y += sy != 0
    return cd / math.sqrt(untied_x * untied_y)


def members(ws, year):
    """COW members in `year`, straight from the membership spells."""
    t = ws.table("states_cow")
    found = ws.rows(
        f"select distinct ccode from {t} where ? between styear and endyear order by ccode",
        [year],
    )
    return [r[0] for r in found]


def atop_portfolios(ws, year, directed):
    """Each member's valued ties to every member: 3 def/off, 2 neutral/nonagg, 1 consul."""
    ties = {}
    for c1, c2, dfn, off, neu, nag, con in ws.rows(
        f"select ccode1, ccode2, atop_defense, atop_offense, atop_neutral, atop_nonagg, "
        f"atop_consul from {ws.table('atop')} where year = ?",
        [year],
    ):
        ties[c1, c2] = 3 if dfn or off else 2 if neu or nag else 1 if con else 0
    states = members(ws, year)

    def tie(i, k):
        if i == k:
            return 3
        own = ties.get((i, k), 0)
        return own if directed else max(own, ties.get((k, i), 0))

    return states, {i: [tie(i, k) for k in states] for i in states}


def cinc_weights(ws, year, states):
    cinc = dict(
        ws.rows(f"select ccode, cinc from {ws.table('capabilities')} where year = ?", [year])
    )
    return [cinc.get(s) or 0.0 for s in states]


def expected_atop(ws, a, b, year, directed=False):
    states, port = atop_portfolios(ws, year, directed)
    x, y, w = port[a], port[b], cinc_weights(ws, year, states)
    cats, ones = [0, 1, 2, 3], [1] * len(x)
    return {
        "s_abs": s_score(x, y, ones, 3, 1),
        "s_sq": s_score(x, y, ones, 3, 2),
        "s_abs_w": s_score(x, y, w, 3, 1),
        "s_sq_w": s_score(x, y, w, 3, 2),
        "kappa": kappa(x, y, cats),
        "pi": scott_pi(x, y, cats),
        "kappa_w": weighted_kappa(x, y, cats),
        "taub": tau_b(x, y),
    }


def un_votes(ws, state, year):
    """{roll call: 0 yes, 1 abstain, 2 no} of one state in one year."""
    t = ws.table("unga_votes")
    got = ws.rows(f"select resid, vote from {t} where ccode = ? and year = ?", [state, year])
    return {resid: vote - 1 for resid, vote in got}


def expected_unga(ws, a, b, year):
    va, vb = un_votes(ws, a, year), un_votes(ws, b, year)
    common = sorted(set(va) & set(vb))
    x, y, cats = [va[r] for r in common], [vb[r] for r in common], [0, 1, 2]
    return {
        "s_abs": s_score(x, y, [1] * len(x), 2, 1),
        "s_sq": s_score(x, y, [1] * len(x), 2, 2),
        "kappa": kappa(x, y, cats),
        "pi": scott_pi(x, y, cats),
        "kappa_w": weighted_kappa(x, y, cats),
        "taub": tau_b(x, y),
        "n_common": len(common),
    }


# ---------------------------------------------------------------- (a) real dyad-years


@pytest.mark.parametrize(("a", "b"), DYADS, ids=["USA-JPN", "CHN-JPN", "TWN-JPN"])
def test_atop_2011_matches_per_pair_recomputation(ws, und, a, b):
    row = one(und, a, b, 2011)
    for variant, directed in (("atop_", False), ("atop_dir_", True)):
        expected = expected_atop(ws, a, b, 2011, directed)
        for measure, value in expected.items():
            assert row[f"{variant}{measure}"] == pytest.approx(value, rel=1e-12, abs=1e-12), measure
        assert row[f"{variant}reason"] is None


@pytest.mark.parametrize(("a", "b"), DYADS[:2], ids=["USA-JPN", "CHN-JPN"])
def test_unga_2011_matches_per_pair_recomputation(ws, und, a, b):
    row = one(und, a, b, 2011)
    expected = expected_unga(ws, a, b, 2011)
    assert expected["n_common"] > 60
    for measure, value in expected.items():
        assert row[f"unga_{measure}"] == pytest.approx(value, rel=1e-12, abs=1e-12), measure
    assert row["unga_reason"] is None


def test_dyad_lookup_gives_the_table_values_without_substituting_years(ws, und):
    got = fpsim.similarity_for_dyad(ws, JAPAN, USA, 2011)
    row = one(und, USA, JAPAN, 2011)
    assert got["atop"]["kappa"] == row["atop_kappa"] and got["unga"]["taub"] == row["unga_taub"]
    assert got["atop"]["coverage"] == [1816, 2018] and got["unga"]["year_used"] == 2011
    later = fpsim.similarity_for_dyad(ws, USA, JAPAN, 2020)
    assert later["atop"]["reason"] == "outside_coverage" and later["atop"]["year_used"] is None
    assert all(later["atop"][m] is None for m in fpsim.ATOP_MEASURES)
    assert later["unga"]["s_abs"] is not None
    # reasons name the states in the caller's order
    assert fpsim.similarity_for_dyad(ws, TAIWAN, JAPAN, 2011)["unga"]["reason"] == "no_votes_1"
    assert fpsim.similarity_for_dyad(ws, JAPAN, TAIWAN, 2011)["unga"]["reason"] == "no_votes_2"


# ---------------------------------------------------------------- (b) Taiwan after 1971


def test_taiwan_un_measures_are_null_with_a_reason_after_1971(ws, und, dirp):
    cols = [f"unga_{m}" for m in fpsim.UNGA_MEASURES]
    bad = ws.scalar(
        f"select count(*) from {und.view} where {TAIWAN} in (ccode1, ccode2) "
        f"and year between 1972 and 2022 and (coalesce({', '.join(cols)}) is not null "
        "or coalesce(unga_reason, '') not in ('no_votes_1', 'no_votes_2', 'no_votes_both') "
        "or unga_n_common <> 0)"
    )
    assert bad == 0
    assert one(und, TAIWAN, JAPAN, 2011)["unga_reason"] == "no_votes_1"
    assert one(dirp, JAPAN, TAIWAN, 2011)["unga_reason"] == "no_votes_2"
    assert one(und, TAIWAN, JAPAN, 2020)["atop_reason"] == "outside_coverage"
    # before Resolution 2758 the ROC voted: both were UN members from 1956
    assert one(und, TAIWAN, JAPAN, 1960)["unga_s_abs"] == pytest.approx(
        expected_unga(ws, TAIWAN, JAPAN, 1960)["s_abs"]
    )


# ---------------------------------------------------------------- (c) the whole table


@pytest.mark.parametrize("source", ["atop", "unga"])
def test_every_measure_is_bounded_and_null_never_nan(ws, source):
    table = fpsim.similarity_table(ws, source)
    cols = [c for (c,) in ws.rows(f"select name from pragma_table_info('{table}')")]
    stems = [c.removeprefix(f"{source}_").removeprefix("dir_") for c in cols]
    measures = [c for c, stem in zip(cols, stems, strict=True) if stem in fpsim.MEASURE_DOCS]
    assert len(measures) == (18 if source == "atop" else 7)
    checks = ", ".join(
        f"min({c}) >= -1 - 1e-12 and max({c}) <= 1 + 1e-12 and count_if(isnan({c})) = 0"
        for c in measures
    )
    assert all(ws.rows(f"select {checks} from {table}")[0])
    assert ws.scalar(f"select bool_and(ccode1 < ccode2) from {table}")


def test_directed_panel_is_symmetric(ws, dirp):
    cols = [c for c in dirp.columns if c.startswith(("atop_", "unga_")) and "reason" not in c]
    differ = " or ".join(f"p.{c} is distinct from q.{c}" for c in cols)
    assert (
        ws.scalar(
            f"select count(*) from {dirp.view} p join {dirp.view} q "
            f"on p.ccode1 = q.ccode2 and p.ccode2 = q.ccode1 and p.year = q.year where {differ}"
        )
        == 0
    )


def test_reason_is_null_exactly_when_every_measure_is_defined(ws, und):
    for stem, measures, (lo, hi) in (
        ("atop_", fpsim.ATOP_MEASURES, (1816, 2018)),
        ("atop_dir_", fpsim.ATOP_MEASURES, (1816, 2018)),
        ("unga_", fpsim.UNGA_MEASURES, (1946, 2022)),
    ):
        some_null = " or ".join(f"{stem}{m} is null" for m in measures)
        counts = ws.rows(
            f"select count_if(({some_null}) <> ({stem}reason is not null)), "
            f"count_if((coalesce({stem}reason, '') = 'outside_coverage') "
            f"<> (year not between {lo} and {hi})) "
            f"from {und.view}"
        )[0]
        assert counts == (0, 0), stem
    # alliance portfolios are complete (every state has a tie to every member): all defined
    assert ws.scalar(f"select count(atop_reason) from {und.view} where year <= 2018") == 0


def test_reason_codes_on_a_small_vote_matrix():
    """Rows: A, B vote alike on everything; C never votes; D and E vote on different items."""
    X = np.array(
        [
            [0, 0, 0, 0],  # A: constant
            [0, 0, 0, 0],  # B: constant, same as A
            [-1, -1, -1, -1],  # C: no votes
            [0, 2, -1, -1],  # D
            [-1, -1, 1, 0],  # E: no item in common with D
        ]
    )
    codes = np.array([10, 20, 30, 40, 50])
    cols = fpsim._year_columns(
        2000, codes, X, fpsim.UNGA_MEASURES, "unga_", n_categories=3, n_common=True
    )
    reason = {
        (int(a), int(b)): None if r < 0 else fpsim.REASONS[r]
        for a, b, r in zip(cols["ccode1"], cols["ccode2"], cols["unga_reason"], strict=True)
    }
    assert reason[10, 20] == "constant_portfolios"  # S = 1, kappa/pi undefined
    assert cols["unga_s_abs"][0] == 1.0
    assert reason[10, 30] == "no_votes_2" and reason[30, 40] == "no_votes_1"
    assert reason[40, 50] == "no_common_votes"
    assert reason[10, 40] == "constant_portfolio"  # A constant over the two common items


# ---------------------------------------------------------------- (d) one-way obligations


def test_one_way_obligation_moves_only_the_directed_portfolios():
    """Drop Japan's own ties to the USA in 2011: the USA's defence obligation stays one-way."""
    with Workspace(":memory:") as fresh:
        before = fpsim.atop_similarity(fresh, 2011, 2011, variants=(False, True))
        fresh.con.execute(
            f"update {fresh.table('atop')} set atop_nonagg = 0, atop_consul = 0 "
            f"where ccode1 = {JAPAN} and ccode2 = {USA} and year = 2011"
        )
        after = fpsim.atop_similarity(fresh, 2011, 2011, variants=(False, True))
        n = len(members(fresh, 2011))
    undirected = [c for c in before.column_names if c.startswith("atop_") and "dir" not in c]
    assert before.select(undirected).equals(after.select(undirected))
    pair = next(
        i
        for i, (a, b) in enumerate(zip(before["ccode1"], before["ccode2"], strict=True))
        if (a.as_py(), b.as_py()) == (USA, JAPAN)
    )
    old, new = before["atop_dir_s_abs"][pair].as_py(), after["atop_dir_s_abs"][pair].as_py()
    # Japan's tie to the USA falls from 2 to 0 while the USA's own tie to itself is 3:
    # the city-block distance grows by 2, so S falls by 2 * 2 / (3 n).
    assert old - new == pytest.approx(4 / (3 * n))
    assert before["atop_s_abs"][pair] != before["atop_dir_s_abs"][pair]


# ---------------------------------------------------------------- (e) panel step and CLI


def test_step_composes_with_the_atop_and_unga_steps(ws):
    panel = add_similarity(add_unga(add_atop(build_panel(2011, 2011, workspace=ws))))
    assert panel.count() == build_panel(2011, 2011, workspace=ws).count()
    row = one(panel, USA, JAPAN, 2011)
    assert row["atop_defense_12"] == 1 and row["atop_s_abs"] is not None


def run(*args, code=0):
    result = CliRunner().invoke(main, ["--db", ":memory:", "similarity", *args])
    assert result.exit_code == code, (result.output, result.stderr)
    return result


def test_cli_writes_all_dyads_of_the_years(ws, und, tmp_path):
    out = tmp_path / "s.parquet"
    info = json.loads(
        run("--start", "2011", "--end", "2011", "--measures", "s,s_w,kappa,taub",
            "--out", str(out), "--format", "json").stdout
    )  # fmt: skip
    n = len(members(ws, 2011))
    table = pq.read_table(out)
    assert info["rows"] == table.num_rows == n * (n - 1) // 2
    assert "unga_s_abs_w" not in table.column_names and "atop_s_abs_w" in table.column_names
    usa_japan = next(r for r in table.to_pylist() if (r["ccode1"], r["ccode2"]) == (USA, JAPAN))
    row = one(und, USA, JAPAN, 2011)
    assert usa_japan["atop_s_abs_w"] == row["atop_s_abs_w"]
    assert usa_japan["unga_taub"] == row["unga_taub"]
    assert not list(tmp_path.glob(".*"))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--measures", "s,tau"], 2, "unknown measure 'tau'"),
        (["--source", "unga", "--start", "1900"], 2, "cover 1946–2022"),
        (["--source", "atop", "--start", "2019", "--end", "2019"], 2, "cover 1816–2018"),
        (["--source", "unga", "--measures", "s_w"], 2, "only alliance portfolios"),
        (["--out", "missing/dir/s.parquet"], 1, "does not exist"),
        (["--out", "s.xlsx"], 2, "must end in .parquet or .csv"),
    ],
)
def test_cli_errors_are_one_sentence(args, code, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    base = {"--start": "2011", "--end": "2011", "--out": "s.parquet"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    result = run(*[x for kv in base.items() for x in kv], code=code)
    text = result.stderr.strip()
    assert text.startswith("error:") and len(text.splitlines()) == 1 and message in text
    assert not list(tmp_path.iterdir())
