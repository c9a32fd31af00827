"""Each add_* step reproduces rows of its source file (figures from shared/data/DATA.md)."""

from __future__ import annotations

import pytest
from conftest import one, rows

from alignscope import STEPS

USA, CHN, TWN, JPN, NZL = 2, 710, 713, 740, 920


@pytest.fixture(scope="module")
def full(undirected):
    panel = undirected
    for step in STEPS.values():
        panel = step(panel)
    return panel


@pytest.fixture(scope="module")
def full_directed(directed):
    panel = directed
    for step in STEPS.values():
        panel = step(panel)
    return panel


def test_atop_one_way_defence_usa_to_japan(full_directed):
    us_jp = {r["year"]: r for r in rows(full_directed, USA, JPN)}
    jp_us = {r["year"]: r for r in rows(full_directed, JPN, USA)}
    assert all(us_jp[y]["atop_defense"] == 1 for y in range(1952, 2019))
    assert all(jp_us[y]["atop_defense"] == 0 for y in range(1952, 2019))
    assert all(jp_us[y]["atop_nonagg"] == 1 for y in range(1960, 2019))
    assert us_jp[2019]["atop_defense"] is None and us_jp[2024]["atop_any"] is None


def test_atop_undirected_reports_either_direction_and_each(full):
    row = one(full, USA, JPN, 2011)
    assert (row["atop_defense"], row["atop_defense_12"], row["atop_defense_21"]) == (1, 1, 0)
    assert one(full, USA, TWN, 1970)["atop_defense_21"] == 1
    assert one(full, USA, TWN, 1981)["atop_any"] == 0
    assert one(full, TWN, JPN, 2011)["atop_any"] == 0


def test_cow_trade_japan_taiwan_2010(full, full_directed):
    row = one(full, TWN, JPN, 2010)
    assert (row["trade_imp_12"], row["trade_imp_21"], row["trade_total"]) == (
        52_395,
        23_083,
        75_478,
    )
    flipped = one(full_directed, JPN, TWN, 2010)
    assert (flipped["trade_imp_12"], flipped["trade_imp_21"]) == (23_083, 52_395)
    usa_chn = one(full, USA, CHN, 2010)
    assert (usa_chn["trade_imp_12"], usa_chn["trade_imp_21"]) == (387_580, 125_610)
    assert one(full, TWN, JPN, 2015)["trade_total"] is None  # COW trade ends 2014


def test_china_taiwan_rivalry(full):
    years = {r["year"]: r for r in rows(full, CHN, TWN)}
    assert all(years[y]["td_rivalry"] == 1 for y in range(1950, 2011))
    assert years[2011]["td_rivalry"] is None  # Thompson–Dreyer is censored at 2010
    assert set(years[2000]["td_rivalry_type"].split(",")) == {
        "positional",
        "spatial",
        "ideological",
    }
    assert years[2020]["tss_rivalry"] == 1 and years[2020]["tss_ideological"] == 1
    assert years[2021]["tss_rivalry"] is None
    assert one(full, TWN, JPN, 2010)["td_rivalry"] == 0


def test_contiguity_and_distance(full):
    assert one(full, CHN, TWN, 2000)["conttype"] == 2
    assert one(full, TWN, JPN, 1971)["conttype"] == 0
    assert one(full, TWN, JPN, 1973)["conttype"] == 4
    assert one(full, TWN, JPN, 2017)["conttype"] is None
    assert one(full, CHN, TWN, 2019)["mindist"] == pytest.approx(133.0, abs=0.05)
    assert one(full, TWN, JPN, 2019)["mindist"] == pytest.approx(186.3, abs=0.05)
    assert one(full, TWN, JPN, 2020)["mindist"] is None


def test_democracy_capabilities_majors(full):
    row = one(full, TWN, JPN, 2011)
    assert row["v2x_polyarchy_1"] == pytest.approx(0.798, abs=5e-4)
    assert row["v2x_polyarchy_2"] == pytest.approx(0.852, abs=5e-4)
    assert one(full, TWN, JPN, 2019)["polity2_1"] is None  # Polity ends 2018 for Taiwan
    cinc = one(full, USA, CHN, 2022)
    assert (cinc["cinc_1"], cinc["cinc_2"]) == (
        pytest.approx(0.1236, abs=5e-5),
        pytest.approx(0.2341, abs=5e-5),
    )
    assert one(full, TWN, JPN, 2022)["cinc_1"] == pytest.approx(0.0060, abs=5e-5)
    assert one(full, CHN, JPN, 1990)["majpow_2"] == 0
    assert one(full, CHN, JPN, 1992)["majpow_2"] == 1
    assert one(full, CHN, JPN, 2024)["majpow_1"] == 1  # open spell runs to the last year


def test_igo_mids_arms(full, full_directed):
    assert one(full, USA, JPN, 2014)["igo_joint"] == 68
    assert one(full, TWN, JPN, 2014)["igo_joint"] == 6
    assert one(full, CHN, TWN, 2014)["igo_joint"] == 5
    assert one(full, TWN, JPN, 2015)["igo_joint"] is None
    china_taiwan = rows(full_directed, CHN, TWN)
    # MID5 has 39 China→Taiwan dispute-years (27 disputes) falling in 34 distinct years.
    assert sum(r["mid_ongoing"] or 0 for r in china_taiwan) == 34
    assert one(full, CHN, TWN, 2015)["mid_ongoing"] is None
    arms = {r["year"]: r["arms_tiv_12"] for r in rows(full_directed, USA, TWN)}
    assert [arms[y] for y in range(2015, 2022)] == [629, 97, 493, 99, 64, 99, 132]
    assert arms[2009] == 0  # no delivery recorded that year
    assert arms[2022] is None
    assert one(full, USA, JPN, 2010)["arms_tiv_12"] == 358


def test_desta_and_un_ideal_points(full):
    nz = {r["year"]: r for r in rows(full, TWN, NZL)}
    assert nz[2012]["desta_ptas_signed"] == 0 and nz[2013]["desta_ptas_signed"] == 1
    assert one(full, CHN, TWN, 2015)["desta_ptas_signed"] == 0  # no ECFA row in DESTA
    assert one(full, TWN, JPN, 2011)["unga_ideal_1"] is None  # no Taiwan votes after 1971
    row = one(full, USA, JPN, 2024)
    assert row["unga_ideal_1"] == pytest.approx(2.206, abs=5e-4)
    assert row["unga_ideal_2"] == pytest.approx(0.796, abs=5e-4)
    assert row["unga_ideal_dist"] == pytest.approx(2.206 - 0.796, abs=1e-3)
