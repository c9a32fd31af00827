"""State codes: every way a user names a state, and every way that can go wrong."""

from __future__ import annotations

import pytest

from alignscope import NotInSystemError, UnknownStateError, resolve, state_index


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
