"""Machine evidence in the event table: official visit records and joint exercises.

Three shipped datasets record interstate contacts row by row with a day, so each row becomes
events in the one schema (`schema.py`), scored like every other source from its CAMEO code:

* `us_travels` (US Office of the Historian, 1866–2025): a trip of the US President or the
  Secretary of State to a country is one event USA → that state, CAMEO 042 "Make a visit",
  on the first day in the country; `origin_kind = 'ooh_travel'`.
* `foreign_leader_visits` (Office of the Historian, 1874–2024): a foreign leader's visit to
  the US is one event visitor's state → USA, CAMEO 042, on its first day;
  `origin_kind = 'ooh_visit'`. The source lists one visit per purpose, so a leader who
  attends a summit and a side meeting on one trip is two visits (as Xi Jinping in 2023-11).
* `exercise_events` (MME v7, D'Orazio & Galambos 2021; exercises starting 1980–2010): a
  multinational exercise is, for every ordered pair of its participating states, one event
  CAMEO 062 "Cooperate militarily" (the CAMEO code for joint military activity; 061 is
  economic cooperation) on its start day; `origin_kind = 'mme'`. An exercise is mutual, so
  both directions are events: a bilateral exercise adds one event A → B and one B → A.
  Exercises whose start is known only to the month (814 of 3,707) stay out: an event needs
  a day, as for the curated evidence.

As in `ingest.py`, a row whose two states are not both in the COW system on that day is
skipped. `origin_file` names the shipped dataset, `origin_id` the row's id (trip_id,
visit_id, MMEID), `origin_line` the MME exercise_row (MMEIDs repeat), and `citation` is a
sentence a reader can check. The copies are refreshed when a dataset changes (checksum).

AidData's China public diplomacy dataset (2000–2018) counts government and military visits
per partner-year, without dates, and counts visits in either direction. The event schema has
no year precision (`event_date` is a day), so those counts do not enter `events`;
`aiddata_visit_years` returns them as undirected dyad-year evidence with
`origin_kind = 'aiddata'`.

Machine evidence, like curated evidence, does not mark a period as observed: only the
event-data feeds (`FEED_KINDS`) do, since only they cover every dyad.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import dataset
from ..workspace import Workspace
from .codes import state_spells
from .schema import MACHINE_KINDS, QUAD_SQL, ensure_schema

USA, CHN = 2, 710
_VERSION = "events_machine_version"
#: Bump when the SQL below changes, so that stores built by an older version reload.
_RULES = 1


@dataclass(frozen=True)
class MachineSource:
    """One shipped dataset turned into events: its origin_kind, dataset and row SQL."""

    kind: str
    dataset: str
    cameo: str
    rows: str  # SELECT of event_date, src, dst, origin_id, origin_line, citation from {t}
    # ({t}: the dataset's store table, {usa}: 2; DuckDB format() placeholders are doubled)


_TRAVEL = """
    select cast(start_date as date) as event_date, {usa} as src, cown as dst,
        cast(trip_id as varchar) as origin_id, null::bigint as origin_line,
        format('{{}} (US {{}}) in {{}} ({{}}), {{}} to {{}}. {{}} U.S. Department of State, '
               'Office of the Historian, Travels Abroad of the {{}}, '
               'https://history.state.gov/departmenthistory/travels/{{}} '
               '(dataset us_travels, trip_id {{}}).',
               name, office, country, coalesce(locale, 'place not given'), start_date,
               end_date, coalesce(remarks, ''), office, role, trip_id) as citation
    from (select *, case role when 'president' then 'President'
                    else 'Secretary of State' end as office from {t})
    where cown is not null
"""

_VISIT = """
    select cast(start_date as date) as event_date, cown as src, {usa} as dst,
        cast(visit_id as varchar) as origin_id, null::bigint as origin_line,
        format('{{}} ({{}}) visited the United States, {{}} to {{}}. {{}} U.S. Department of '
               'State, Office of the Historian, Visits by Foreign Leaders, '
               'https://history.state.gov/departmenthistory/visits '
               '(dataset foreign_leader_visits, visit_id {{}}).',
               visitor, from_country, start_date, end_date, coalesce(description, ''),
               visit_id) as citation
    from {t}
    where cown is not null
"""

_EXERCISE = """
    with distinct_states as (
        select distinct exercise_row, mmeid, exercise, location, start_date, end_date,
            end_precision, cown
        from {t}
        where cown is not null and start_precision = 'day'
    ), states as (
        select *, count(*) over (partition by exercise_row) as n_states from distinct_states
    )
    select a.start_date as event_date, a.cown as src, b.cown as dst, a.mmeid as origin_id,
        a.exercise_row as origin_line,
        format('Joint military exercise {{}} ({{}}), {{}} to {{}}, {{}} participating states. '
               'D''Orazio & Galambos, Multinational Military Exercises 1980-2010, Harvard '
               'Dataverse V1 (2021), doi:10.7910/DVN/KHFODX (dataset exercise_events, '
               'MMEID {{}}, exercise_row {{}}).',
               coalesce(a.exercise, '(name not recorded)'),
               coalesce(a.location, 'place not recorded'),
               a.start_date,
               case a.end_precision when 'day' then strftime(a.end_date, '%Y-%m-%d')
                   else strftime(a.end_date, '%Y-%m') end,
               a.n_states, a.mmeid, a.exercise_row) as citation
    from states a join states b on b.exercise_row = a.exercise_row and b.cown <> a.cown
"""

SOURCES = (
    MachineSource("ooh_travel", "us_travels", "042", _TRAVEL),
    MachineSource("ooh_visit", "foreign_leader_visits", "042", _VISIT),
    MachineSource("mme", "exercise_events", "062", _EXERCISE),
)
AIDDATA = "aiddata"
assert tuple(s.kind for s in SOURCES) == MACHINE_KINDS


def _candidates(ws: Workspace, source: MachineSource) -> str:
    return f"({source.rows.format(t=ws.table(source.dataset), usa=USA)})"


def _load(ws: Workspace, source: MachineSource, spells: str) -> tuple[int, int]:
    """Replace the rows of one origin_kind; return (loaded, skipped: not two COW states)."""
    cameo = ws.table("cameo_codes")
    ws.con.execute("delete from events where origin_kind = ?", [source.kind])
    member = (
        "exists (select 1 from {spells} p where p.ccode = r.{col} "
        "and r.event_date between p.first_day and p.last_day)"
    )
    ws.con.execute(
        f"""
        insert into events (event_date, source_ccode, target_ccode, cameo_code, quad_class,
                            goldstein, source_score, origin_kind, origin_file, origin_line,
                            origin_id, citation, ingest_id)
        select r.event_date, r.src, r.dst, k.code,
               {QUAD_SQL.format(root="substr(k.code, 1, 2)")}, k.goldstein, null,
               ?, ?, r.origin_line, r.origin_id, r.citation, null
        from {_candidates(ws, source)} r
        join {cameo} k on k.code = ?
        where r.src <> r.dst and {member.format(spells=spells, col="src")}
          and {member.format(spells=spells, col="dst")}
        """,
        [source.kind, source.dataset, source.cameo],
    )
    loaded = ws.scalar("select count(*) from events where origin_kind = ?", [source.kind])
    total = ws.scalar(f"select count(*) from {_candidates(ws, source)}")
    return loaded, total - loaded


def _version(source: MachineSource) -> str:
    return f"{dataset(source.dataset).sha256}:{_RULES}"


def sync_machine(ws: Workspace) -> dict[str, int]:
    """Bring the machine-evidence rows of `events` up to date; rows (re)loaded per kind.

    A kind whose dataset has not changed since its last load is left alone (0).

    >>> sync_machine(ws)  # doctest: +SKIP
    {'ooh_travel': 4159, 'ooh_visit': 3246, 'mme': 101234}
    """
    ensure_schema(ws)
    done = {s.kind: 0 for s in SOURCES}
    stale = _stale(ws)
    if not stale:
        return done
    spells = state_spells(ws)
    for s in stale:  # load the shipped tables before the write (their loads publish)
        ws.table(s.dataset)
    ws.table("cameo_codes")
    with ws.writing("loading the machine evidence into events"):
        ws.con.execute(
            f"create table if not exists {_VERSION} (origin_kind varchar primary key, "
            "version varchar not null, loaded bigint not null, skipped bigint not null)"
        )
        stale = _stale(ws)  # again: another process may have loaded them meanwhile
        if not stale:
            return done
        ws.con.execute("begin transaction")  # atomic in a :memory: store too
        try:
            for s in stale:
                loaded, skipped = _load(ws, s, spells)
                ws.con.execute(f"delete from {_VERSION} where origin_kind = ?", [s.kind])
                ws.con.execute(
                    f"insert into {_VERSION} values (?, ?, ?, ?)",
                    [s.kind, _version(s), loaded, skipped],
                )
                done[s.kind] = loaded
            ws.con.execute("commit")
        except BaseException:
            ws.con.execute("rollback")
            raise
    return done


def _stale(ws: Workspace) -> list[MachineSource]:
    """The sources whose rows in `events` are missing or from another dataset version."""
    if not ws.has(_VERSION):
        return list(SOURCES)
    return [
        s
        for s in SOURCES
        if not ws.rows(
            f"select 1 from {_VERSION} where origin_kind = ? and version = ?",
            [s.kind, _version(s)],
        )
    ]


def machine_summary(ws: Workspace) -> list[dict]:
    """Per machine kind: its dataset, events loaded and rows skipped (not two COW states)."""
    sync_machine(ws)
    by_kind = {r[0]: r[1:] for r in ws.rows(f"select origin_kind, loaded, skipped from {_VERSION}")}
    return [
        {
            "origin_kind": s.kind,
            "dataset": s.dataset,
            "cameo_code": s.cameo,
            "loaded": by_kind[s.kind][0],
            "skipped": by_kind[s.kind][1],
        }
        for s in SOURCES
    ]


AIDDATA_COLUMNS = {
    "ccode1": "710, China (AidData records China's contacts only)",
    "ccode2": "COW code of the partner",
    "year": "year (2000-2018; visits to 2015 in East Asia and the Pacific, to 2017 in South "
    "and Central Asia)",
    "government_visits": "high-level and provincial government visits between China and the "
    "partner, either direction or in a third place (NULL: not recorded, not zero)",
    "military_visits": "military visits between China and the partner (NULL: not recorded)",
    "origin_kind": "'aiddata'",
    "origin_file": "the shipped dataset, china_public_diplomacy",
    "citation": "AidData, China's Public Diplomacy Dashboard Dataset 2.0",
}


def aiddata_visit_years(ws: Workspace, a: int | None = None, b: int | None = None) -> list[dict]:
    """AidData's China government and military visits as undirected dyad-year counts.

    Not events: the counts have no dates and no direction (see the module docstring). With
    `a` and `b`, only that dyad (either order; one of them must be China, 710, or the result
    is empty); without, every partner-year with a recorded count. Columns: AIDDATA_COLUMNS.

    >>> aiddata_visit_years(ws, 710, 740)[0]  # doctest: +SKIP
    {'ccode1': 710, 'ccode2': 740, 'year': 2000, 'government_visits': ..., ...}
    """
    aid = ws.table("china_public_diplomacy")
    where, params = "", {}
    if a is not None or b is not None:
        pair = {a, b}
        partner = (pair - {CHN}).pop() if CHN in pair and len(pair) == 2 else None
        if partner is None:
            return []
        where, params = "and ccode = $partner", {"partner": partner}
    citation = "AidData (2020), China's Public Diplomacy Dashboard Dataset, Version 2.0"
    found = ws.con.sql(
        f"""select {CHN} as ccode1, ccode as ccode2, year, government_visits, military_visits,
                '{AIDDATA}' as origin_kind, 'china_public_diplomacy' as origin_file,
                $citation as citation
        from {aid}
        where ccode is not null
          and (government_visits is not null or military_visits is not null) {where}
        order by ccode, year""",
        params={"citation": citation, **params},
    ).to_arrow_table()
    return found.to_pylist()
