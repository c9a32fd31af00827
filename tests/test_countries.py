"""State codes: every way a user names a state, and every way that can go wrong."""

from __future__ import annotations

import tomllib
from itertools import pairwise
from pathlib import Path

import pytest

import alignscope.countries
from alignscope import NotInSystemError, UnknownStateError, resolve, state_index
from alignscope.countries import FIRST_YEAR, LAST_YEAR


@pytest.mark.parametrize(
    ("query", "ccode"),
    [
        ("TWN", 713),
        ("713", 713),
        ("gw:713", 713),
        ("iso:158", 713),
        ("Taiwan", 713),
        ("台灣", 713),
        ("台湾", 713),
        ("臺灣", 713),
        ("中華民國", 713),
        ("Republic of China", 713),
        ("JPN", 740),
        ("日本", 740),
        ("Japan", 740),
        ("CHN", 710),
        ("中国", 710),
        ("中國", 710),
        ("People's Republic of China", 710),
        ("usa", 2),
        ("United States", 2),
        ("美國", 2),
        ("美国", 2),
        ("KOR", 732),
        ("南韓", 732),
        ("韩国", 732),
        ("South Korea", 732),
        ("AUS", 900),
        ("澳洲", 900),
        ("India", 750),
        ("印度", 750),
        ("gw:260", 255),
        ("Russia", 365),
        ("GFR", 260),
        ("Côte d'Ivoire", 437),
        ("cote divoire", 437),
    ],
)
def test_resolves_codes_and_names(ws, query, ccode):
    assert resolve(ws, query).ccode == ccode


def test_taiwan_codes(ws):
    taiwan = resolve(ws, "台灣")
    assert (taiwan.ccode, taiwan.gwcode, taiwan.iso3, taiwan.iso3n) == (713, 713, "TWN", 158)
    assert taiwan.un_m49 is None  # absent from UN M49
    assert taiwan.name_zh == "台灣"
    assert taiwan.spells == ((1949, 2024),)


def test_every_cow_state_resolves_by_its_own_code_and_name(ws):
    index = state_index(ws)
    for state in index.states.values():
        assert index.resolve(str(state.ccode)).ccode == state.ccode
        matches = index.candidates(state.name)
        assert state.ccode in matches, state.name


def test_unknown_state_suggests(ws):
    with pytest.raises(UnknownStateError, match=r"unknown state 'Taiwn'.*Taiwan"):
        resolve(ws, "Taiwn")
    with pytest.raises(UnknownStateError, match="unknown state '9999'"):
        resolve(ws, "9999")


def test_ambiguous_name_lists_the_candidates_and_a_year_settles_it(ws):
    with pytest.raises(UnknownStateError, match=r"ambiguous.*Korea \(COW 730\).*South Korea"):
        resolve(ws, "Korea")
    assert resolve(ws, "Korea", 2011).ccode == 732
    assert resolve(ws, "Korea", 1890).ccode == 730


def test_year_picks_the_member_among_namesakes_or_refuses(ws):
    with pytest.raises(NotInSystemError, match=r"Taiwan \(TWN\).*1940.*1949–2024"):
        resolve(ws, "TWN", 1940)
    with pytest.raises(NotInSystemError, match="Japan"):
        resolve(ws, "JPN", 1950)  # occupation: not a COW member 1945-08 to 1952-04
    assert resolve(ws, "JPN", 1953).ccode == 740


def test_membership_by_year(ws):
    index = state_index(ws)
    members_2011 = {s.ccode for s in index.members(2011)}
    assert {2, 710, 713, 740} <= members_2011
    assert 713 not in {s.ccode for s in index.members(1948)}


# ---------------------------------------------------------------- states through history
# (issue 12: "USSR" was titled Russia in 1962, SRB and Serbia did not resolve, MAC became
# North Macedonia, HKG was unknown without a reason, "West Germany" 1960 found no state)


@pytest.mark.parametrize(
    ("query", "ccode"),
    [
        ("USSR", 365),
        ("Soviet Union", 365),
        ("蘇聯", 365),
        ("SUN", 365),  # ISO 3166-3 code of the USSR
        ("West Germany", 260),  # countrycode's regex alone sends it to today's Germany
        ("German Federal Republic", 260),
        ("FRG", 260),
        ("西德", 260),
        ("East Germany", 265),
        ("DDR", 265),
        ("Prussia", 255),
        ("Serbia", 345),
        ("SRB", 345),
        ("RS", 345),
        ("gw:340", 345),  # G-W's Serbia
        ("Yugoslavia", 345),
        ("Serbia and Montenegro", 345),
        ("XKX", 347),
        ("South Vietnam", 817),
        ("North Vietnam", 816),
        ("MKD", 343),
        ("Macedonia", 343),
    ],
)
def test_resolves_former_names_and_codes(ws, query, ccode):
    assert resolve(ws, query).ccode == ccode


@pytest.mark.parametrize(
    ("ccode", "year", "en", "zh"),
    [
        (365, 1900, "Russia", "俄羅斯"),
        (365, 1962, "Soviet Union", "蘇聯"),
        (365, 1991, "Soviet Union", "蘇聯"),  # dissolved 1991-12-26: most of the year
        (365, 1992, "Russia", "俄羅斯"),
        (345, 1900, "Serbia", "塞爾維亞"),
        (345, 1962, "Yugoslavia", "南斯拉夫"),
        (345, 2004, "Serbia and Montenegro", "塞爾維亞與蒙特內哥羅"),
        (345, 2006, "Serbia", "塞爾維亞"),
        (345, None, "Yugoslavia", "南斯拉夫"),  # no year: the COW name
        (255, 1850, "Prussia", "普魯士"),
        (255, 1914, "Germany", "德國"),
        (260, 1960, "German Federal Republic", "西德"),
        (265, 1960, "German Democratic Republic", "東德"),
        (816, 1965, "Democratic Republic of Vietnam", "越南民主共和國"),
        (816, 1980, "Vietnam", "越南"),
        (817, 1965, "Republic of Vietnam", "越南共和國"),
        (678, 1950, "Kingdom of Yemen", "葉門王國"),
        (678, 1970, "Yemen Arab Republic", "北葉門"),
        (651, 1960, "United Arab Republic", "阿拉伯聯合共和國"),
        (327, 1850, "Papal States", "教宗國"),  # not CLDR's Vatican
        (710, 1937, "Republic of China", "中華民國"),
        (710, 1962, "China", "中國"),
        (713, 2011, "Taiwan", "台灣"),
    ],
)
def test_names_in_force(ws, ccode, year, en, zh):
    state = state_index(ws).states[ccode]
    assert (state.name_in(year), state.label("en", year), state.label("zh-TW", year)) == (
        en,
        en,
        zh,
    )


def test_historical_names_table_is_consistent(ws):
    index = state_index(ws)
    for state in index.states.values():
        eras = state.eras
        for era in eras:
            assert FIRST_YEAR <= era.start <= era.end <= LAST_YEAR, (state.ccode, era)
            assert era.name and era.name_zh, (state.ccode, era)
            assert any(s <= era.end and era.start <= e for s, e in state.spells), (state, era)
        for before, after in pairwise(eras):
            assert before.end < after.start, (state.ccode, before, after)  # no overlaps
        assert all(r.ccode != state.ccode for r in index.related(state, 2000))
    history = tomllib.loads(
        (Path(alignscope.countries.__file__).parent / "data" / "historical_names.toml").read_text(
            encoding="utf-8"
        )
    )
    assert all(int(c) in index.states for c in history["zh"])
    assert all(c in index.states for c in history["codes"].values())
    assert all(c in index.states for c in history["gw"].values())
    for ccode, related in history["related"].items():
        assert int(ccode) in index.states and all(c in index.states for c in related), ccode


def test_territories_are_refused_with_the_reason(ws):
    with pytest.raises(
        UnknownStateError,
        match=r"^HKG is Hong Kong, a territory of China, not a state in the COW system",
    ):
        resolve(ws, "HKG")
    for query in ("Hong Kong", "香港", "HK", "hkg"):
        with pytest.raises(UnknownStateError, match="Hong Kong, a territory of China"):
            resolve(ws, query)
    # MAC is ISO's Macao, not (as COW's abbreviation) North Macedonia, and the error says so
    assert state_index(ws).candidates("MAC") == set()
    with pytest.raises(UnknownStateError, match=r"MAC is Macao, a territory of China.*MKD or 343"):
        resolve(ws, "MAC", 2010)
    with pytest.raises(UnknownStateError, match="Puerto Rico, a territory of the United States"):
        resolve(ws, "PRI")
    with pytest.raises(UnknownStateError, match="GUM is Guam"):
        resolve(ws, "GUM")
    with pytest.raises(UnknownStateError, match="GRL is Greenland, a self-governing part of the"):
        resolve(ws, "Greenland")


def test_every_iso_code_is_a_state_or_a_refused_territory(ws):
    index = state_index(ws)
    no_state = ws.rows(
        f"select iso3c from {ws.table('codelist')} where cown is null and iso3c is not null"
    )
    assert {c for (c,) in no_state} == set(index.territories) | {"SRB"}
    for code, territory in index.territories.items():
        assert index.candidates(code) == set(), code
        assert index.territory(code) == territory
        with pytest.raises(UnknownStateError, match="not a state in the COW system"):
            index.resolve(code)
        assert territory.sovereign is None or territory.sovereign in index.states, code


def test_not_a_member_suggests_predecessors_and_successors(ws):
    with pytest.raises(
        NotInSystemError,
        match=r"Germany \(DEU\) was not a state .* in 1960.*did you mean German Federal "
        r"Republic \(GFR, COW 260\) or German Democratic Republic \(GDR, COW 265\)",
    ):
        resolve(ws, "Germany", 1960)
    assert resolve(ws, "West Germany", 1960).ccode == 260
    with pytest.raises(NotInSystemError, match=r"did you mean Germany \(DEU, COW 255\)"):
        resolve(ws, "West Germany", 2000)
    with pytest.raises(NotInSystemError, match=r"Ukraine.*1980.*did you mean Soviet Union"):
        resolve(ws, "UKR", 1980)
    with pytest.raises(NotInSystemError, match=r"Montenegro.*1990.*did you mean Yugoslavia"):
        resolve(ws, "Montenegro", 1990)
    # a name two states had is settled by the year
    assert resolve(ws, "Federal Republic of Germany", 1960).ccode == 260
    assert resolve(ws, "Federal Republic of Germany", 2000).ccode == 255
    assert resolve(ws, "Russia", 1900).label("en", 1900) == "Russia"
    with pytest.raises(UnknownStateError, match=r"did you mean Soviet Union"):
        resolve(ws, "Sovet Union")


def test_report_names_are_the_ones_in_force(ws):
    from alignscope.report.view import state_names

    names = state_names(ws, {"ccodes": [365, 2], "year": 1962})
    assert (names.get("RUS", "en"), names.get("RUS", "zh-TW")) == ("Soviet Union", "蘇聯")
    later = state_names(ws, {"ccodes": [365, 345], "year": 2010})
    assert (later.get("RUS", "en"), later.get("YUG", "en")) == ("Russia", "Serbia")


def test_network_labels_are_the_names_in_force(ws):
    from alignscope.network import network

    nodes = {n["ccode"]: n for n in network(ws, 1962, region="europe")["nodes"]}
    assert (nodes[365]["name"], nodes[365]["name_zh"]) == ("Soviet Union", "蘇聯")
    assert (nodes[260]["name"], nodes[260]["name_zh"]) == ("German Federal Republic", "西德")
    assert nodes[345]["name"] == "Yugoslavia"
