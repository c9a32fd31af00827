"""Machine evidence (Office of the Historian trips and visits, MME exercises) in the event table.

Expected rows are read from the shipped datasets with plain SQL; the known trip, visit and
exercises were checked against history.state.gov and the MME file.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from alignscope import Workspace
from alignscope.cli import main
from alignscope.events import ORIGIN_KINDS
from alignscope.events.aggregate import dyad_series
from alignscope.events.machine import (
    MACHINE_KINDS,
    SOURCES,
    aiddata_visit_years,
    machine_summary,
    sync_machine,
)
from alignscope.events.schema import DDL, ensure_schema

USA, CHN, JPN, KOR, THA, UKR = 2, 710, 740, 732, 800, 369


@pytest.fixture(scope="module")
def store():
    with Workspace(":memory:") as ws:
        sync_machine(ws)
        yield ws


def events(ws: Workspace, where: str, params: list | None = None) -> list[dict]:
    return (
        ws.con.sql(f"select * from events where {where} order by all", params=params)
        .to_arrow_table()
        .to_pylist()
    )


def test_a_secretary_of_state_trip_is_a_visit_from_the_usa(store):
    goldstein = store.scalar(
        f"select goldstein from {store.table('cameo_codes')} where code = '042'"
    )
    (trip,) = events(store, "origin_kind = 'ooh_travel' and origin_id = '4145'")
    assert (trip["event_date"], trip["source_ccode"], trip["target_ccode"]) == (
        date(2023, 6, 17),
        USA,
        CHN,
    )
    assert (trip["cameo_code"], trip["quad_class"], trip["goldstein"]) == ("042", 1, goldstein)
    assert trip["origin_file"] == "us_travels" and trip["source_score"] is None
    assert "Blinken" in trip["citation"] and "trip_id 4145" in trip["citation"]
    assert "history.state.gov" in trip["citation"]


def test_a_foreign_leader_visit_is_a_visit_to_the_usa(store):
    (visit,) = events(store, "origin_kind = 'ooh_visit' and origin_id = '3147'")
    assert (visit["event_date"], visit["source_ccode"], visit["target_ccode"]) == (
        date(2023, 1, 13),
        JPN,
        USA,
    )
    assert visit["cameo_code"] == "042" and visit["origin_file"] == "foreign_leader_visits"
    assert "Kishida" in visit["citation"] and "visit_id 3147" in visit["citation"]


def test_an_exercise_is_military_cooperation_between_every_pair_of_participants(store):
    cobra = events(store, "origin_kind = 'mme' and origin_id = 'mme404'")  # Cobra Gold 84
    assert [(e["event_date"], e["source_ccode"], e["target_ccode"]) for e in cobra] == [
        (date(1984, 7, 2), USA, THA),
        (date(1984, 7, 2), THA, USA),
    ]
    assert {(e["cameo_code"], e["quad_class"], e["origin_file"]) for e in cobra} == {
        ("062", 2, "exercise_events")
    }
    row = store.scalar(
        f"select distinct exercise_row from {store.table('exercise_events')} where mmeid = 'mme404'"
    )
    assert {e["origin_line"] for e in cobra} == {row}
    # MMEID mme3460 names two exercises: 2005-07-07 (China, Japan, South Korea; all six
    # ordered pairs) and 1995-07 (Ukraine, USA; month only, so no event).
    both = events(store, "origin_kind = 'mme' and origin_id = 'mme3460'")
    assert {(e["source_ccode"], e["target_ccode"]) for e in both} == {
        (a, b) for a in (CHN, JPN, KOR) for b in (CHN, JPN, KOR) if a != b
    }
    assert len(both) == 6 and {e["event_date"] for e in both} == {date(2005, 7, 7)}


def test_exercises_known_only_to_the_month_stay_out(store):
    month_only = store.scalar(
        f"select count(*) from events e join {store.table('exercise_events')} x "
        "on x.exercise_row = e.origin_line where e.origin_kind = 'mme' "
        "and x.start_precision = 'month'"
    )
    assert month_only == 0
    assert events(
        store, "origin_kind = 'mme' and (source_ccode = ? or target_ccode = ?)", [UKR, UKR]
    )


def test_origin_kinds_and_counts(store):
    assert MACHINE_KINDS == ("ooh_travel", "ooh_visit", "mme") == tuple(s.kind for s in SOURCES)
    assert set(MACHINE_KINDS) <= set(ORIGIN_KINDS) and "aiddata" not in ORIGIN_KINDS
    kinds = dict(store.rows("select origin_kind, count(*) from events group by 1"))
    assert set(kinds) == set(MACHINE_KINDS)
    summary = {s["origin_kind"]: s for s in machine_summary(store)}
    assert {k: s["loaded"] for k, s in summary.items()} == kinds
    # Independent count: trips to a state, both it and the USA in the COW system that day.
    states = store.table("states_cow")
    expected = store.scalar(
        f"""
        with spells as (select ccode, make_date(styear, stmonth, stday) as first_day,
                case when endyear = 2016 and endmonth = 12 and endday = 31 then date '9999-12-31'
                     else make_date(endyear, endmonth, endday) end as last_day from {states})
        select count(*) from {store.table("us_travels")} t
        where t.cown is not null and t.cown <> 2
          and exists (select 1 from spells s where s.ccode = t.cown
                      and t.start_date::date between s.first_day and s.last_day)
          and exists (select 1 from spells s where s.ccode = 2
                      and t.start_date::date between s.first_day and s.last_day)"""
    )
    assert kinds["ooh_travel"] == expected
    travels = store.scalar(f"select count(*) from {store.table('us_travels')} where cown > 0")
    assert summary["ooh_travel"]["loaded"] + summary["ooh_travel"]["skipped"] == travels
    assert store.scalar("select count(*) from events where citation is null") == 0
    assert sync_machine(store) == dict.fromkeys(MACHINE_KINDS, 0)  # unchanged: nothing to do


def test_aiddata_visits_are_yearly_counts_not_events(store):
    aid = store.table("china_public_diplomacy")
    gov, mil = store.rows(
        f"select government_visits, military_visits from {aid} where ccode = ? and year = 2000",
        [JPN],
    )[0]
    first = aiddata_visit_years(store, JPN, CHN)[0]
    assert first == {
        "ccode1": CHN,
        "ccode2": JPN,
        "year": 2000,
        "government_visits": gov,
        "military_visits": mil,
        "origin_kind": "aiddata",
        "origin_file": "china_public_diplomacy",
        "citation": first["citation"],
    }
    assert aiddata_visit_years(store, CHN, JPN)[0] == first
    assert aiddata_visit_years(store, USA, JPN) == []  # AidData records China's contacts only
    every = aiddata_visit_years(store)
    assert len(every) == store.scalar(
        f"select count(*) from {aid} where ccode is not null "
        "and (government_visits is not null or military_visits is not null)"
    )
    assert store.scalar("select count(*) from events where origin_kind = 'aiddata'") == 0


def test_series_counts_the_trip_and_evidence_does_not_mark_coverage(tmp_path):
    db = str(tmp_path / "store.duckdb")
    args = ["--db", db, "events", "series", "USA", "CHN", "--start", "2023-01-01"]
    args += ["--end", "2023-12-31", "--freq", "month", "--format", "json"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    rows = {(r["period"], r["source"]): r for r in json.loads(done.output)["rows"]}
    with Workspace(db) as ws:
        curated = dict(
            ws.rows(
                "select strftime(event_date, '%Y-%m') || source_ccode, count(*) from events "
                "where origin_kind = 'curated' and year(event_date) = 2023 "
                "and source_ccode in (2, 710) and target_ccode in (2, 710) group by 1"
            )
        )
    june = rows[("2023-06", "USA")]
    assert june["events"] == 1 + curated.get("2023-062", 0)  # Blinken, Beijing, 2023-06-17
    assert june["verbal_coop"] >= 1
    november = rows[("2023-11", "CHN")]  # Xi Jinping: Woodside meeting and APEC, 2023-11-12
    assert november["events"] == 2 + curated.get("2023-11710", 0)
    assert not any(r["covered"] for r in rows.values())  # no ICEWS/GDELT: no observed period


def test_an_older_store_gains_the_new_origin_kinds(tmp_path):
    db = str(tmp_path / "old.duckdb")
    old = DDL[1].replace(str(ORIGIN_KINDS), "('icews', 'gdelt1', 'gdelt2', 'curated')")
    with Workspace(db) as ws, ws.writing("a test making an older store"):
        ws.con.execute(DDL[0])
        ws.con.execute(old)
        ws.con.execute(
            "insert into events values (date '2018-06-01', 2, 710, '042', 1, 1.9, null, "
            "'icews', '/x.tab', 2, '1', null, 1)"
        )
    with Workspace(db) as ws:
        ensure_schema(ws)
        assert sync_machine(ws)["ooh_travel"] > 0
        assert ws.scalar("select count(*) from events where origin_kind = 'icews'") == 1
        rows = dyad_series(ws, USA, CHN, date(2018, 6, 1), date(2018, 6, 30), "month")
        assert rows[0]["covered"] and rows[0]["events"] >= 1
