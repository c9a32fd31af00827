"""Triangle features (third state, patron), their suggestions, and `alignscope measures`."""

from __future__ import annotations

import importlib.util
import json
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from alignscope import UsageError
from alignscope.cli import main
from alignscope.measures.dyad import dyad_measures
from alignscope.measures.triangle import (
    patron_ties,
    rivalry,
    suggest_patron,
    suggest_third,
    triangle,
)

USA, CHN, TWN, JPN, KOR, IND, DEU, FRA = 2, 710, 713, 740, 732, 750, 255, 220


def frame(ws, sql: str) -> pd.DataFrame:
    return ws.con.sql(sql).to_arrow_table().to_pandas()


# ---------------------------------------------------------------- rivalry, MIDs, ATOP


def tss_years(ws, a: int, b: int) -> set[int]:
    spans = ws.rows(
        f'select start, "end" from {ws.table("rivalries_tss")} where ccode1 = ? and ccode2 = ?',
        [min(a, b), max(a, b)],
    )
    return {y for start, end in spans for y in range(start, end + 1)}


def test_china_is_a_rival_of_taiwan_but_a_common_rival_only_from_1996(ws):
    """TSS: China–Taiwan 1949–2020, China–Japan 2 from 1996 (China–Japan 1 ended 1945)."""
    taiwan, japan = tss_years(ws, CHN, TWN), tss_years(ws, CHN, JPN)
    first_common = min(y for y in taiwan & japan if y > 1945)
    assert first_common == 1996
    before = triangle(ws, TWN, JPN, 1995, third=CHN, patron=USA).features
    assert before["rival_1_c_tss"].value == 1 and before["rival_2_c_tss"].value == 0
    assert before["common_rival_tss"].value == 0
    assert any(
        "China-Japan 2" in r and "not in force in 1995" in r for r in before["rival_2_c_tss"].rows
    )
    after = triangle(ws, TWN, JPN, 1996, third=CHN, patron=USA).features
    assert after["common_rival_tss"].value == 1
    assert after["common_rival_tss"].detail["types_2"] == ["positional", "spatial"]
    assert set(after["rival_1_c_tss"].detail["types"]) == {"positional", "spatial", "ideological"}


def test_thompson_dreyer_after_2010_is_marked_as_its_last_year(ws):
    late = rivalry(ws, CHN, TWN, 2015, "rivalries_td")
    assert (late.value, late.year_used) == (1, 2010)
    assert "ends in 2010" in late.note
    assert rivalry(ws, CHN, TWN, 2010, "rivalries_td").note is None


def test_mid_features_count_the_rows(ws):
    feats = triangle(ws, TWN, JPN, 2011, third=CHN, patron=USA).features
    years = {
        y
        for (y,) in ws.rows(
            f"select year from {ws.table('mids')} where ccode1 = ? and ccode2 = ? "
            "and year between 2002 and 2011",
            [JPN, CHN],
        )
    }
    assert feats["mid_years10_2_c"].value == len(years) > 0
    assert feats["mid_ongoing_2_c"].value == int(2011 in years)
    late = triangle(ws, TWN, JPN, 2020, third=CHN, patron=USA).features
    assert (
        late["mid_ongoing_2_c"].year_used == 2014 and "ends in 2014" in late["mid_ongoing_2_c"].note
    )


def test_us_defence_obligation_to_japan_is_one_way(ws):
    ties = patron_ties(ws, JPN, USA, 2011, 2)
    assert ties["p_defence_to_2"].value == 1 and ties["defence_2_to_p"].value == 0
    assert ties["alliance_2_p"].value == 1 and ties["atop_tie_2_p"].value == 3
    assert ties["p_defence_to_2"].rows == (
        "atop ccode1=2 ccode2=740 year=2011 atop_defense=1 atop_offense=0 atop_neutral=0 "
        "atop_nonagg=1 atop_consul=1",
    )


def test_usa_taiwan_defence_1954_to_1980_in_both_directions(ws):
    both = {
        y
        for (y,) in ws.rows(
            f"select f.year from {ws.table('atop')} f join {ws.table('atop')} r "
            "on r.ccode1 = f.ccode2 and r.ccode2 = f.ccode1 and r.year = f.year "
            "where f.ccode1 = 2 and f.ccode2 = 713 and f.atop_defense = 1 and r.atop_defense = 1"
        )
    }
    assert both == set(range(1954, 1981))
    for year in (1953, 1954, 1980, 1981):
        ties = patron_ties(ws, TWN, USA, year, 1)
        expected = int(year in both)
        assert (ties["p_defence_to_1"].value, ties["defence_1_to_p"].value) == (expected,) * 2
    late = patron_ties(ws, TWN, USA, 2020, 1)
    assert (
        late["p_defence_to_1"].year_used == 2018 and "ends in 2018" in late["p_defence_to_1"].note
    )


def test_patron_features_taiwan_japan_2011(ws):
    feats = triangle(ws, TWN, JPN, 2011, third=CHN, patron=USA).features
    assert feats["shared_patron"].value == 0  # no ATOP row between the USA and Taiwan after 1980
    assert feats["p_rival_c_tss"].value == 1  # China–United States 2, 1996–2020
    share_c, share_p = feats["trade_share_1_c"].value, feats["trade_share_1_p"].value
    assert feats["c_over_p_dependence_1"].value == pytest.approx(share_c / share_p)
    diff = feats["trade_share_1_c"].value - feats["trade_share_2_c"].value
    assert feats["c_exposure_diff"].value == pytest.approx(diff)


def test_parties_must_differ(ws):
    with pytest.raises(UsageError, match="third state"):
        triangle(ws, TWN, JPN, 2011, third=JPN)
    with pytest.raises(UsageError, match="patron"):
        triangle(ws, TWN, JPN, 2011, third=CHN, patron=CHN)


# ---------------------------------------------------------------- suggestions, recomputed


def shares_by_hand(ws, side: int, year: int) -> pd.Series:
    """Each partner's share of `side`'s total trade (national total, else sum of its flows)."""
    dy = frame(
        ws,
        f"select * from {ws.table('trade_dyadic')} where (ccode1 = {side} or ccode2 = {side}) "
        f"and year = {year}",
    )
    dy["partner"] = dy.ccode2.where(dy.ccode1 == side, dy.ccode1)
    dy["t"] = dy.flow1 + dy.flow2  # NaN when a flow is missing
    nat = frame(
        ws,
        f"select imports, exports from {ws.table('trade_national')} "
        f"where ccode = {side} and year = {year}",
    )
    total = (nat.imports + nat.exports).iloc[0] if len(nat) else float("nan")
    if pd.isna(total):
        total = dy.flow1.fillna(0).sum() + dy.flow2.fillna(0).sum()
    return (dy.set_index("partner").t / total).dropna()


def threat_by_hand(ws, x: int, c: int, year: int) -> float:
    """Walt's threat of c to x in `year` (measures.parties), from the raw tables in pandas."""
    tss = frame(ws, f"select * from {ws.table('rivalries_tss')}")
    lo, hi = min(x, c), max(x, c)
    rival = ((tss.ccode1 == lo) & (tss.ccode2 == hi) & (tss.start <= year)
             & (tss["end"] >= year)).any()
    mids = frame(ws, f"select * from {ws.table('mids')} where ccode1 = {x} and ccode2 = {c} "
                 f"and cowmidongoing = 1 and year between {year - 9} and {year}")
    by_year = mids.groupby("year").hostlev2.max()  # c's own hostility towards x
    weight = sum(1.0 if h >= 4 else 0.5 if h >= 2 else 0.1 for h in by_year)
    force_now = by_year.get(year, 0) >= 4
    intent = 2 * rival + min(weight, 5) / 5 + (2 + (by_year.get(year, 0) == 5)) * force_now
    caps = frame(ws, f"select ccode, cinc from {ws.table('capabilities')} where year = {year}")
    cinc = dict(zip(caps.ccode, caps.cinc, strict=True))
    cont = frame(ws, f"select * from {ws.table('contiguity')} where ccode1 = {x} "
                 f"and ccode2 = {c}")
    contiguous = any(s.year <= year <= e.year for s, e in zip(cont.stdate, cont.enddate,
                                                              strict=True))
    return intent * (0.5 + cinc[c] / (cinc[c] + cinc[x])) * (0.75 + 0.25 * contiguous)


def test_third_state_follows_the_declared_threat_model(ws):
    """Taiwan–Japan 2011: C = China, its threat to each side and its score recomputed by
    hand from TSS, MID 5, NMC and contiguity rows (Walt 1987), plus China's trade shares."""
    from alignscope.assess.engine import parties_for

    row = parties_for(ws, TWN, JPN, 2011)
    assert row["third"] == CHN
    t_twn, t_jpn = threat_by_hand(ws, TWN, CHN, 2011), threat_by_hand(ws, JPN, CHN, 2011)
    assert row["third_threat_1"] == pytest.approx(t_twn)
    assert row["third_threat_2"] == pytest.approx(t_jpn)
    share_twn = shares_by_hand(ws, TWN, 2011)[CHN]
    share_jpn = shares_by_hand(ws, JPN, 2011)[CHN]
    expected = t_twn + t_jpn + min(t_twn, t_jpn) + 2 * (share_twn + share_jpn)
    assert row["third_score"] == pytest.approx(expected)


def test_patron_support_and_hub(ws):
    """P = USA for Taiwan–Japan 2011: an ATOP defence obligation to Japan (1) and the
    Taiwan Relations Act to Taiwan (0.5); for USA–Japan the USA is itself the hub."""
    from alignscope.assess.engine import parties_for

    row = parties_for(ws, TWN, JPN, 2011)
    assert row["patron"] == USA and row["hub"] is None
    assert (row["patron_support_1"], row["patron_support_2"]) == (0.5, 1.0)
    usa_jpn = parties_for(ws, USA, JPN, 2011)
    assert usa_jpn["patron"] is None and usa_jpn["hub"] == USA
    assert suggest_patron(ws, USA, JPN, 2011) is None


# ---------------------------------------------------------------- the command


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(main, ["--db", ":memory:", "measures", *args])
    assert result.exit_code == code, (result.output, result.stderr)
    return result


def test_measures_json_has_stable_keys_and_sources(ws):
    data = json.loads(run("TWN", "JPN", "--year", "2010", "--format", "json").stdout)
    assert list(data) == ["states", "ccodes", "year", "measures", "triangle", "sources"]
    assert data["states"] == ["TWN", "JPN"] and data["year"] == 2010
    trade = data["measures"]["trade"]["bilateral_trade"]
    assert trade["value"] == 75_478 and trade["year_used"] == 2010
    assert trade["rows"] == ["trade_dyadic ccode1=713 ccode2=740 year=2010 flow1=52395 flow2=23083"]
    assert trade["coverage"] == "1870–2014"
    assert data["measures"]["regime"]["joint_democracy_years"]["value"] == 15
    fpsim = importlib.util.find_spec("alignscope.measures.fpsim") is not None
    assert (data["measures"]["similarity"] is not None) == fpsim
    third = suggest_third(ws, TWN, JPN, 2010).ccode
    assert data["triangle"]["third"]["ccode"] == third and data["triangle"]["third"]["suggested"]
    assert {"trade_dyadic", "trade_national", "democracy", "atop"} <= set(data["sources"])


def test_measures_after_coverage_says_which_year_it_used():
    data = json.loads(
        run(
            "JPN", "TWN", "--year", "2020", "--third", "CHN", "--patron", "USA", "--format", "json"
        ).stdout
    )
    share = data["measures"]["trade"]["trade_share_1"]
    assert share["year_used"] == 2014 and "ends in 2014" in share["note"]
    tri = data["triangle"]
    assert tri["third"] == {"state": "CHN", "ccode": 710, "suggested": False}
    assert tri["features"]["p_defence_to_1"]["value"] == 1  # USA→Japan, ATOP 2018
    assert tri["features"]["p_defence_to_1"]["year_used"] == 2018
    assert tri["features"]["defence_1_to_p"]["value"] == 0
    assert tri["features"]["common_rival_tss"]["year_used"] == 2020


def test_measures_text_fits_80_columns():
    out = run("TWN", "JPN", "--year", "2010").stdout
    assert "trade_dyadic ccode1=713 ccode2=740 year=2010 flow1=52395 flow2=23083" in out
    assert "Triangle" in out and "Barbieri" in out
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["XXX", "JPN", "--year", "2011"], "unknown state 'XXX'"),
        (["TWN", "JPN", "--year", "1700"], "outside every source's coverage"),
        (["TWN", "JPN", "--year", "1940"], "not a state in the COW system in 1940"),
        (["TWN", "台灣", "--year", "2011"], "two different states"),
        (["TWN", "JPN", "--year", "2011", "--third", "JPN"], "third state Japan"),
        (["TWN", "JPN", "--year", "2011", "--third", "CHN", "--patron", "CHN"], "patron China"),
    ],
)
def test_measures_errors_are_one_sentence(args, needle):
    result = run(*args, code=2)
    text = result.stderr.strip()
    assert text.startswith("error:") and needle in text, text
    assert len(text.splitlines()) == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # none escaped


def test_measures_work_without_the_fpsim_module(ws, monkeypatch):
    monkeypatch.setitem(sys.modules, "alignscope.measures.fpsim", None)  # as if not installed
    measures = dyad_measures(ws, TWN, JPN, 2011)
    assert measures["similarity"] is None
    assert measures["trade"]["bilateral_trade"].value == 50_802 + 23_222
