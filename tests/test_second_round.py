"""The second procurement round (shared/data/DATA.md §9–17): manifest entries and panel steps.

Figures are copied from DATA.md's sanity checks; a failure means the packaged file or a step
no longer reproduces the source.
"""

from __future__ import annotations

import re

import pytest
from conftest import one, rows

from alignscope import (
    add_diplomatic,
    add_exercises,
    add_gdelt,
    add_icews,
    add_leader_visits,
    add_us_troops,
)
from alignscope.catalog import manifest

USA, CHN, TWN, JPN, UKR, RUS, UK = 2, 710, 713, 740, 369, 365, 200
STEPS = (add_exercises, add_diplomatic, add_gdelt, add_us_troops, add_leader_visits)
NEW = {
    "exercises": (20_266, (1980, 2010)),
    "diplomatic_exchange": (310_820, (1817, 2005)),
    "major_power_signals": (9_266, (1950, 2012)),
    "us_travels": (4_271, (1866, 2025)),
    "foreign_leader_visits": (3_264, (1874, 2024)),
    "us_troops": (13_135, (1950, 2024)),
    "china_public_diplomacy": (741, (2000, 2018)),
    "fdi_positions": (32_310, (2014, 2024)),
    "gdelt_dyad_month": (436_752, (2018, 2024)),
    "icews_dyad_year": (298_376, (2002, 2014)),
}


@pytest.fixture(scope="module")
def second(undirected):
    panel = undirected
    for step in STEPS:
        panel = step(panel)
    return panel


@pytest.fixture(scope="module")
def second_directed(directed):
    panel = directed
    for step in STEPS:
        panel = step(panel)
    return panel


def by_year(panel, a: int, b: int) -> dict[int, dict]:
    return {r["year"]: r for r in rows(panel, a, b)}


def sql(ws, query: str) -> list[tuple]:
    return ws.con.sql(query).fetchall()


@pytest.mark.parametrize("name", list(NEW))
def test_manifest_entry_is_complete(name, ws):
    ds = manifest()[name]
    assert (ds.rows, ds.years) == NEW[name]
    assert ds.verify() is None
    for field in ("title", "dataset", "version", "unit", "origin", "licence", "processing"):
        assert getattr(ds, field), f"{name}: empty {field}"
    assert ds.gaps and ds.code_system and ds.n_states
    assert re.findall(r"@\w+\{([^,\s]+),", ds.citation), f"{name}: citation is not BibTeX"
    shipped = ws.con.sql(f"select * from {ws.table(name)} limit 0").columns
    assert set(shipped) == set(ds.columns) and all(ds.columns.values())


def test_derived_columns_keep_their_recipe_and_say_what_is_unmapped():
    datasets = manifest()
    for name in ("china_public_diplomacy", "fdi_positions", "gdelt_dyad_month"):
        assert "{source}" in datasets[name].extra["transform"], name
    assert "no licence is stated" in datasets["diplomatic_exchange"].licence.lower()
    assert "verify" in " ".join(datasets["major_power_signals"].gaps)
    assert "ABW" in " ".join(datasets["gdelt_dyad_month"].gaps)


def test_names_and_iso_codes_map_to_cow(ws):
    aid = ws.table("china_public_diplomacy")
    names = sql(ws, f"select receiving_country, any_value(ccode) from {aid} group by all")
    assert len(names) == 39
    assert [n for n, c in names if c is None] == ["Cook Islands"]
    assert not sql(ws, f"select 1 from {aid} where ccode in ({USA}, {TWN})")
    fdi = ws.table("fdi_positions")
    codes = dict(sql(ws, f"select distinct counterpart_id, counterpart_ccode from {fdi}"))
    assert (codes["TWN"], codes["JPN"], codes["SRB"], codes["KOS"]) == (TWN, JPN, 345, 347)
    assert codes["G001"] is None and codes["HKG"] is None
    reporters = sql(ws, f"select distinct reporter_iso3, reporter_ccode from {fdi} order by 1")
    assert reporters == [("CHN", CHN), ("DEU", 255), ("JPN", JPN), ("SGP", 830), ("USA", USA)]
    g = ws.table("gdelt_dyad_month")
    unmapped = sql(
        ws,
        f"select distinct iso3a from {g} where ccode_a is null "
        f"union select distinct iso3b from {g} where ccode_b is null order by 1",
    )
    assert [c for (c,) in unmapped] == [
        "ABW", "AIA", "BMU", "COK", "CYM", "GGY", "MAC", "PSE", "SHN",
    ]  # fmt: skip
    assert sql(ws, f"select days_covered from {g} where month = '2024-02' limit 1") == [(23,)]


def test_source_tables_reproduce_data_md(ws):
    signals = ws.table("major_power_signals")
    japan = sql(
        ws,
        f"select us_vis, us_pact, us_ex, us_troops, chi_vis, rus_vis from {signals} "
        f"where ccode = {JPN} and year = 2010",
    )
    assert japan == [(1, 1, 1, 35_598, 1, 1)]
    fdi = ws.table("fdi_positions")

    def position(reporter: str, indicator: str, counterpart: str) -> float:
        (value,) = sql(
            ws,
            f"select value_musd from {fdi} where reporter_iso3 = '{reporter}' and year = 2024 "
            f"and dv_type_id = 'O' and indicator_id like '{indicator}%' "
            f"and counterpart_id = '{counterpart}'",
        )[0]
        return round(value)

    assert position("USA", "INWD", "JPN") == 754_069
    assert position("USA", "INWD", "TWN") == 14_815
    assert position("USA", "OTWD", "TWN") == 20_978
    assert position("CHN", "INWD", "TWN") == 43_340
    assert position("JPN", "OTWD", "TWN") == 16_274
    travels = ws.table("us_travels")
    trips = dict(sql(ws, f"select cown, count(*) from {travels} group by 1"))
    assert (trips[CHN], trips[JPN], trips[TWN]) == (66, 102, 10)
    visits = ws.table("foreign_leader_visits")
    assert sql(ws, f"select count(*) from {visits} where cown = {JPN}") == [(92,)]


def test_exercises(second):
    us_jp = by_year(second, USA, JPN)
    assert all(us_jp[y]["n_exercises"] >= 1 for y in range(1980, 2011))
    assert (us_jp[1988]["n_exercises"], us_jp[2010]["n_exercises"]) == (16, 10)
    assert us_jp[1979]["n_exercises"] is None and us_jp[2011]["n_exercises"] is None
    us_cn = {y: r["n_exercises"] for y, r in by_year(second, USA, CHN).items()}
    with_china = {y for y in range(1980, 2011) if us_cn[y]}
    assert with_china == {1986, 1995, 1999, 2006, 2007, 2009, 2010}
    assert (us_cn[2006], us_cn[2007], us_cn[2010], us_cn[2008]) == (4, 2, 2, 0)
    assert one(second, TWN, JPN, 2005)["n_exercises"] == 0


def test_diplomatic_levels_carry_forward_four_years(second):
    tw_jp = by_year(second, TWN, JPN)
    for year in (1955, 1960, 1965):
        row = tw_jp[year]
        assert (row["de_level_21"], row["de_level_12"], row["de"]) == (9, 0, 1)
    assert (tw_jp[1970]["de_level_21"], tw_jp[1970]["de_level_12"]) == (3, 3)
    assert (tw_jp[1974]["de_level_21"], tw_jp[1974]["de_year"]) == (3, 1970)
    assert all(tw_jp[y]["de"] == 0 for y in range(1975, 2010))
    assert (tw_jp[2009]["de_year"], tw_jp[2010]["de_year"], tw_jp[2010]["de"]) == (2005, None, None)
    cn_jp = one(second, CHN, JPN, 1995)  # row 710→740: DR_at_1 3 (Japan in China), DR_at_2 1
    assert (cn_jp["de_level_21"], cn_jp["de_level_12"]) == (3, 1)
    assert all(r["de"] == 0 for r in rows(second, CHN, TWN) if 1950 <= r["year"] <= 2009)
    us_tw = by_year(second, USA, TWN)
    assert [us_tw[y]["de"] for y in (1950, 1965, 1975, 1980, 2005)] == [1, 1, 1, 0, 0]
    us_uk = by_year(second, USA, UK)
    assert us_uk[1944]["de_year"] == 1940
    assert us_uk[1947]["de"] is None  # 1940 and 1950 are both too far from 1947


def test_no_level_is_recorded_in_1950_to_1965(second):
    n = second.ws.scalar(
        f"select count(*) from {second.view} where de_year between 1950 and 1965 "
        "and (de_level_12 between 1 and 3 or de_level_21 between 1 and 3)"
    )
    assert n == 0


def test_gdelt_year_sums(second):
    ru_ua = one(second, RUS, UKR, 2022)
    assert ru_ua["gdelt_score"] == pytest.approx(-693_172, abs=1)
    assert (ru_ua["gdelt_days_pos"], ru_ua["gdelt_days_neg"]) == (10, 342)
    assert ru_ua["gdelt_neg_share"] == pytest.approx(342 / ru_ua["gdelt_days_nonzero"])
    cn_tw = {y: r["gdelt_score"] for y, r in by_year(second, CHN, TWN).items()}
    assert [round(cn_tw[y]) for y in (2018, 2021, 2022, 2023)] == [12_482, -9_125, -8_799, 4_502]
    us_cn = by_year(second, USA, CHN)
    assert round(us_cn[2018]["gdelt_score"]) == 226_943
    assert round(us_cn[2022]["gdelt_score"]) == 54_641
    assert us_cn[2017]["gdelt_score"] is None
    assert us_cn[2024]["gdelt_days_covered"] == 31 + 23  # 2024 ends on Feb 23
    # Slovenia (349) is not in the aggregator's country list: unknown, not 0.
    assert one(second, UK, 349, 2020)["gdelt_score"] is None


def test_us_troops(second):
    us_jp = by_year(second, USA, JPN)
    assert [us_jp[y]["us_troops_2"] for y in (2014, 2020, 2024)] == [54_086, 56_748, 55_154]
    assert us_jp[2014]["us_troops_1"] is None  # the USA hosts no US deployment
    tw = {y: r["us_troops_2"] for y, r in by_year(second, USA, TWN).items()}
    assert [tw[y] for y in (1960, 1970, 1978, 1980, 2020, 2024)] == [4_147, 8_813, 753, 0, 21, 47]
    assert tw[1949] is None  # troopdata starts in 1950


def test_leader_visits(second, second_directed):
    def total(panel, a, b, column):
        return sum(r[column] or 0 for r in rows(panel, a, b))

    us_cn = total(second, USA, CHN, "us_president_visits") + total(
        second, USA, CHN, "us_secretary_visits"
    )
    assert us_cn == 66
    us_jp = total(second, USA, JPN, "us_president_visits") + total(
        second, USA, JPN, "us_secretary_visits"
    )
    assert us_jp == 101  # 102 trips, one of them in 2025 (after the panel)
    assert total(second, USA, TWN, "us_president_visits") == 1  # Eisenhower 1960
    assert total(second, USA, TWN, "leader_visits_to_us") == 3
    jp = by_year(second, USA, JPN)
    assert sum(jp[y]["leader_visits_to_us"] for y in range(2015, 2025)) == 16
    assert (jp[2010]["us_president_visits"], jp[2010]["us_secretary_visits"]) == (1, 1)
    assert jp[2010]["chn_government_visits"] is None
    assert one(second_directed, JPN, USA, 2010)["us_president_visits"] == 1
    cn_jp = by_year(second, CHN, JPN)
    assert cn_jp[2015]["chn_government_visits"] == 13
    assert cn_jp[2015]["us_president_visits"] is None
    assert cn_jp[1999]["chn_government_visits"] is None  # AidData starts in 2000
    assert cn_jp[2017]["chn_government_visits"] is None  # East Asia data end in 2016
    assert one(second_directed, JPN, CHN, 2015)["chn_government_visits"] == 13
    tw_jp = one(second, TWN, JPN, 2015)
    assert all(tw_jp[c] is None for c in ("us_president_visits", "chn_government_visits"))


TUR = 640


@pytest.fixture(scope="module")
def icews(undirected):
    return add_icews(undirected)


def test_icews_file_is_a_complete_directed_grid_and_every_code_maps(ws):
    t = ws.table("icews_dyad_year")
    assert sql(ws, f"select count(*) from {t} where ccode_i is null or ccode_j is null") == [(0,)]
    states = sql(
        ws, f"select year, count(distinct ccode_i), count(distinct ccode_j) from {t} group by 1"
    )
    assert sorted(states) == [(y, 152, 152) for y in range(2002, 2015)]
    unpaired = sql(
        ws,
        f"select count(*) from {t} a anti join {t} b "
        "on b.ccode_i = a.ccode_j and b.ccode_j = a.ccode_i and b.year = a.year",
    )
    assert unpaired == [(0,)]  # directed: (A, B) and (B, A) are both rows
    absent = sql(
        ws, f"select 1 from {t} where {TWN} in (ccode_i, ccode_j) or {TUR} in (ccode_i, ccode_j)"
    )
    assert absent == []
    codes = sql(ws, f"select distinct i_iso3c, ccode_i from {t} where i_iso3c in ('USA', 'CHN')")
    assert sorted(codes) == [("CHN", CHN), ("USA", USA)]
    assert "{source}" in manifest()["icews_dyad_year"].extra["transform"]


def test_icews_usa_china_2010_sums_both_directions(ws, icews, directed):
    t = ws.table("icews_dyad_year")
    quads = "verbCoop, matlCoop, verbConf, matlConf"
    us_cn = sql(
        ws, f"select {quads} from {t} where i_iso3c = 'USA' and j_iso3c = 'CHN' and year = 2010"
    )
    cn_us = sql(
        ws, f"select {quads} from {t} where i_iso3c = 'CHN' and j_iso3c = 'USA' and year = 2010"
    )
    assert us_cn == [(4_937, 65, 791, 94)]  # DATA.md §7c
    assert cn_us == [(4_241, 50, 796, 108)]
    row = one(icews, USA, CHN, 2010)
    coop = 4_937 + 65 + 4_241 + 50
    conf = 791 + 94 + 796 + 108
    assert (row["icews_events"], row["icews_coop"], row["icews_conf"]) == (coop + conf, coop, conf)
    assert row["icews_coop_share"] == pytest.approx(coop / (coop + conf))
    by_hand = sql(
        ws,
        f"select sum(verbCoop + matlCoop + verbConf + matlConf), sum(verbCoop + matlCoop) from {t} "
        f"where ccode_i in ({USA}, {CHN}) and ccode_j in ({USA}, {CHN}) and year = 2010",
    )
    assert by_hand == [(row["icews_events"], row["icews_coop"])]
    flipped = one(add_icews(directed), CHN, USA, 2010)
    assert (flipped["icews_events"], flipped["icews_coop"]) == (coop + conf, coop)


def test_icews_china_japan_and_the_whole_file(ws, icews):
    t = ws.table("icews_dyad_year")
    cn_jp = sql(
        ws,
        f"select verbCoop, matlCoop, verbConf, matlConf from {t} "
        f"where ccode_i = {CHN} and ccode_j = {JPN} and year = 2010",
    )
    assert cn_jp == [(2_894, 56, 460, 477)]  # DATA.md §7c
    ((jp_coop, jp_conf),) = sql(
        ws,
        f"select verbCoop + matlCoop, verbConf + matlConf from {t} "
        f"where ccode_i = {JPN} and ccode_j = {CHN} and year = 2010",
    )
    row = one(icews, CHN, JPN, 2010)
    assert (row["icews_coop"], row["icews_conf"]) == (2_894 + 56 + jp_coop, 460 + 477 + jp_conf)
    (total,) = sql(ws, f"select sum(verbCoop + matlCoop + verbConf + matlConf) from {t}")[0]
    assert icews.ws.scalar(f"select sum(icews_events) from {icews.view}") == total == 6_732_784


def test_icews_zero_and_null(ws, icews):
    t = ws.table("icews_dyad_year")
    ((a, b),) = sql(
        ws,
        f"select least(ccode_i, ccode_j), greatest(ccode_i, ccode_j) from {t} where year = 2010 "
        "group by all having sum(verbCoop + matlCoop + verbConf + matlConf) = 0 "
        "order by all limit 1",
    )
    quiet = one(icews, a, b, 2010)
    assert (quiet["icews_events"], quiet["icews_coop"], quiet["icews_conf"]) == (0, 0, 0)
    assert quiet["icews_coop_share"] is None  # no event: no share
    us_cn = by_year(icews, USA, CHN)
    assert us_cn[2001]["icews_events"] is None and us_cn[2015]["icews_events"] is None
    assert all(us_cn[y]["icews_events"] > 0 for y in range(2002, 2015))
    # Taiwan and Turkey are not in netify's 152-country slice: unknown, not 0.
    for a, b in ((USA, TWN), (CHN, TWN), (USA, TUR)):
        row = one(icews, a, b, 2010)
        assert row["icews_events"] is None and row["icews_coop_share"] is None, (a, b)
