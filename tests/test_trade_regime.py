"""Trade interdependence (Barbieri 1996) and regime similarity, checked against the source rows."""

from __future__ import annotations

import math

import pytest
from conftest import one

from alignscope import STEPS, build_panel
from alignscope.sources.interdependence import add_interdependence
from alignscope.sources.regime_similarity import add_regime

USA, CHN, TWN, JPN = 2, 710, 713, 740


@pytest.fixture(scope="module")
def trade_u(ws):
    return add_interdependence(build_panel(2009, 2016, workspace=ws))


@pytest.fixture(scope="module")
def trade_d(ws):
    return add_interdependence(build_panel(2009, 2016, directed=True, workspace=ws))


def national_total(ws, ccode: int, year: int) -> float | None:
    imports, exports = ws.rows(
        f"select imports, exports from {ws.table('trade_national')} where ccode = ? and year = ?",
        [ccode, year],
    )[0]
    return None if imports is None or exports is None else imports + exports


def dyadic_total(ws, ccode: int, year: int) -> float:
    return ws.scalar(
        f"select sum(coalesce(flow1, 0) + coalesce(flow2, 0)) from {ws.table('trade_dyadic')} "
        "where (ccode1 = ? or ccode2 = ?) and year = ?",
        [ccode, ccode, year],
    )


def barbieri(t: float, total_1: float, total_2: float) -> dict[str, float]:
    s1, s2 = t / total_1, t / total_2
    salience, symmetry = math.sqrt(s1 * s2), 1 - abs(s1 - s2)
    return {
        "trade_share_1": s1,
        "trade_share_2": s2,
        "trade_salience": salience,
        "trade_symmetry": symmetry,
        "trade_interdependence": salience * symmetry,
        "trade_asymmetry": s1 - s2,
    }


def test_registered_as_steps():
    assert STEPS["interdependence"] is add_interdependence
    assert STEPS["regime"] is add_regime


def test_barbieri_by_hand_taiwan_japan_2010(ws, trade_u):
    flow1, flow2 = ws.rows(
        f"select flow1, flow2 from {ws.table('trade_dyadic')} "
        "where ccode1 = 713 and ccode2 = 740 and year = 2010"
    )[0]
    t = flow1 + flow2
    assert (flow1, flow2, t) == (52_395, 23_083, 75_478)
    japan = national_total(ws, JPN, 2010)
    # COW's national file lacks Taiwan's imports, so its total is the sum of its dyadic flows.
    assert national_total(ws, TWN, 2010) is None
    taiwan = dyadic_total(ws, TWN, 2010)
    row = one(trade_u, TWN, JPN, 2010)
    assert row["bilateral_trade"] == t
    for name, value in barbieri(t, taiwan, japan).items():
        assert row[name] == pytest.approx(value, rel=1e-12), name
    assert row["trade_share_1"] == pytest.approx(75_478 / taiwan)
    assert (row["trade_total_basis_1"], row["trade_total_basis_2"]) == ("dyadic", "national")
    gdp = dict(
        ws.rows(
            f"select ccode, pwtrgdp from {ws.table('gdppop')} where ccode in (713, 740) "
            "and year = 2010"
        )
    )
    assert row["trade_gdp_approx_1"] == pytest.approx(t / gdp[TWN])
    assert row["trade_gdp_approx_2"] == pytest.approx(t / gdp[JPN])


def test_barbieri_with_national_totals_on_both_sides(ws, trade_u):
    """China–Japan 2011: both totals from trade_national; Japan depends more (asymmetry < 0)."""
    flow1, flow2 = ws.rows(
        f"select flow1, flow2 from {ws.table('trade_dyadic')} "
        "where ccode1 = 710 and ccode2 = 740 and year = 2011"
    )[0]
    expected = barbieri(flow1 + flow2, national_total(ws, CHN, 2011), national_total(ws, JPN, 2011))
    row = one(trade_u, CHN, JPN, 2011)
    for name, value in expected.items():
        assert row[name] == pytest.approx(value, rel=1e-12), name
    assert row["trade_asymmetry"] < 0 and row["trade_total_basis_1"] == "national"


def test_without_fallback_a_missing_national_total_gives_null(ws):
    strict = add_interdependence(build_panel(2010, 2010, workspace=ws), dyadic_fallback=False)
    row = one(strict, TWN, JPN, 2010)
    assert row["trade_share_1"] is None and row["trade_salience"] is None
    assert row["trade_share_2"] == pytest.approx(75_478 / national_total(ws, JPN, 2010))
    assert row["bilateral_trade"] == 75_478


def test_null_after_2014_and_where_a_flow_is_missing(ws, trade_u):
    for year in (2015, 2016):
        row = one(trade_u, TWN, JPN, year)
        values = {k: v for k, v in row.items() if k not in ("ccode1", "ccode2", "year")}
        assert set(values.values()) == {None}, year  # never 0, even where GDP exists (to 2019)
    # a dyad-year with no trade_dyadic row is unknown, not zero trade
    missing = ws.rows(
        f"select p.ccode1, p.ccode2 from {trade_u.view} p where p.year = 2014 and not exists "
        f"(select 1 from {ws.table('trade_dyadic')} t where t.ccode1 = p.ccode1 "
        "and t.ccode2 = p.ccode2 and t.year = 2014) limit 1"
    )
    assert missing
    assert one(trade_u, *missing[0], 2014)["trade_interdependence"] is None


def test_directed_rows_are_oriented_to_their_own_ccode1(trade_u, trade_d):
    forward, backward = one(trade_d, TWN, JPN, 2010), one(trade_d, JPN, TWN, 2010)
    undirected = one(trade_u, TWN, JPN, 2010)
    assert forward == {**undirected}
    assert backward["trade_share_1"] == undirected["trade_share_2"]
    assert backward["trade_share_2"] == undirected["trade_share_1"]
    assert backward["trade_gdp_approx_1"] == undirected["trade_gdp_approx_2"]
    assert backward["trade_total_basis_1"] == "national"
    assert backward["trade_asymmetry"] == pytest.approx(-undirected["trade_asymmetry"])
    for name in ("bilateral_trade", "trade_salience", "trade_symmetry", "trade_interdependence"):
        assert backward[name] == pytest.approx(undirected[name]), name


# ---------------------------------------------------------------- regime


@pytest.fixture(scope="module")
def regime_u(ws):
    return add_regime(build_panel(1975, 2024, workspace=ws))


def democracy(ws) -> dict[tuple[int, int], tuple[float | None, int | None]]:
    rows = ws.rows(f"select ccode, year, v2x_polyarchy, polity2 from {ws.table('democracy')}")
    return {(c, y): (p, pol) for c, y, p, pol in rows}


def joint_years_by_hand(scores, a: int, b: int, year: int) -> int:
    """Walk back from `year` while both states score above 0.5 (Lührmann et al. 2018)."""
    count = 0
    while all((scores.get((s, year - count), (None,))[0] or 0) > 0.5 for s in (a, b)):
        count += 1
    return count


def test_regime_taiwan_japan_2011(ws, regime_u):
    row = one(regime_u, TWN, JPN, 2011)
    assert row["polyarchy_dist"] == pytest.approx(0.852 - 0.798, abs=1e-9)
    assert (row["joint_democracy_polity"], row["joint_democracy_vdem"]) == (1, 1)
    scores = democracy(ws)
    # Taiwan first scores above 0.5 in 1996 (0.505), Japan has since 1952: 1996–2011.
    assert scores[(TWN, 1995)][0] <= 0.5 < scores[(TWN, 1996)][0]
    assert row["joint_democracy_years"] == joint_years_by_hand(scores, TWN, JPN, 2011) == 16
    assert one(regime_u, TWN, JPN, 1995)["joint_democracy_years"] == 0
    late = one(regime_u, TWN, JPN, 2019)
    assert late["joint_democracy_polity"] is None  # Polity5 ends 2018 for Taiwan
    assert late["joint_democracy_vdem"] == 1 and late["joint_democracy_years"] == 24


@pytest.mark.parametrize("year", [1975, 1995, 2011])
def test_joint_democracy_years_match_an_independent_count(ws, regime_u, year):
    """Every dyad of a year, against a plain Python walk back through the democracy rows."""
    scores = democracy(ws)
    rows = ws.rows(
        f"select ccode1, ccode2, joint_democracy_years, joint_democracy_polity "
        f"from {regime_u.view} where year = {year}"
    )
    assert len(rows) > 5000
    for a, b, years, polity in rows:
        pa, pb = scores.get((a, year), (None, None)), scores.get((b, year), (None, None))
        if pa[0] is None or pb[0] is None:
            assert years is None
        else:
            assert years == joint_years_by_hand(scores, a, b, year), (a, b)
        if pa[1] is None or pb[1] is None:
            assert polity is None
        else:
            assert polity == int(pa[1] >= 6 and pb[1] >= 6), (a, b)


def test_regime_is_symmetric_in_directed_panels(ws, regime_u):
    directed = add_regime(build_panel(2011, 2011, directed=True, workspace=ws))
    assert one(directed, JPN, TWN, 2011) == {
        **one(regime_u, TWN, JPN, 2011),
        "ccode1": JPN,
        "ccode2": TWN,
    }
