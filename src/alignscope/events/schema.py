"""The one event schema every event source is loaded into (table `events` in the store).

One row is one directed interaction between two different states: who acted (`source_ccode`)
on whom (`target_ccode`), when, and how (a CAMEO code). The columns are the same whether a row
came from ICEWS, GDELT 1.0, GDELT 2.0, the curated evidence or the machine evidence of
shipped datasets (`origin_kind`; see `machine.py`), so one aggregation serves them all.

Scores and classes are derived from the CAMEO code, never taken from the source file, so that
every source is scored alike:

* `quad_class` follows the standard CAMEO quad classes by root code (Schrodt 2012, CAMEO
  codebook 1.1b3; the same mapping as GDELT's QuadClass field, GDELT Event Codebook V2.0,
  and the `quad_category` of the shipped `cameo_codes` table): roots 01–05 verbal
  cooperation (1), 06–08 material cooperation (2), 09–13 verbal conflict (3), 14–20
  material conflict (4).
* `goldstein` is the Goldstein (1992) conflict–cooperation weight of the CAMEO code from the
  shipped `cameo_codes` table (−10 most conflictual … +10 most cooperative). ICEWS ships its
  own `Intensity` and GDELT its own `GoldsteinScale`; they are kept, unchanged, in
  `source_score` for checking, but every aggregate uses `goldstein`.
"""

from __future__ import annotations

from ..workspace import Workspace

#: Event-data feeds: they code every dyad, so only they say a period was observed.
FEED_KINDS = ("icews", "gdelt1", "gdelt2")
#: Office of the Historian travels and visits, MME exercises (`machine.py`).
MACHINE_KINDS = ("ooh_travel", "ooh_visit", "mme")
ORIGIN_KINDS = (*FEED_KINDS, "curated", *MACHINE_KINDS)

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

#: SQL for the quad class of a CAMEO root code (two digits, text): see the module docstring.
QUAD_SQL = (
    "case when {root} between '01' and '05' then 1 when {root} between '06' and '08' then 2 "
    "when {root} between '09' and '13' then 3 when {root} between '14' and '20' then 4 end"
)

COLUMNS = {
    "event_date": "date the event took place",
    "source_ccode": "COW code of the state that acted",
    "target_ccode": "COW code of the state acted upon (never equal to source_ccode)",
    "cameo_code": "CAMEO event code as text, leading zeros kept (e.g. '040', '0211')",
    "quad_class": "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
    "4 material conflict (CAMEO root code, Schrodt 2012)",
    "goldstein": "Goldstein (1992) score of the CAMEO code, from the shipped cameo_codes table",
    "source_score": "the source's own score, unchanged (ICEWS Intensity, GDELT GoldsteinScale); "
    "NULL for curated and machine-evidence rows",
    "origin_kind": "icews | gdelt1 | gdelt2 | curated | ooh_travel | ooh_visit | mme",
    "origin_file": "absolute path of the file the row was read from; the shipped dataset "
    "for machine evidence (us_travels, foreign_leader_visits, exercise_events); NULL for "
    "curated rows",
    "origin_line": "line number of the row in that file, counting from 1 (header included); "
    "the exercise_row of an MME exercise",
    "origin_id": "the source's own event id (ICEWS Event ID, GDELT GLOBALEVENTID), the "
    "curated record id, or the dataset's row id (trip_id, visit_id, MMEID)",
    "citation": "citation a reader can check (curated and machine-evidence rows)",
    "ingest_id": "the ingest that loaded the row (table events_ingests)",
}

DDL = [
    "create sequence if not exists events_ingest_seq start 1",
    f"""create table if not exists events (
        event_date date not null,
        source_ccode integer not null,
        target_ccode integer not null,
        cameo_code varchar not null,
        quad_class tinyint not null check (quad_class between 1 and 4),
        goldstein double not null,
        source_score double,
        origin_kind varchar not null check (origin_kind in {ORIGIN_KINDS}),
        origin_file varchar,
        origin_line bigint,
        origin_id varchar,
        citation varchar,
        ingest_id integer,
        check (source_ccode <> target_ccode)
    )""",
    """create table if not exists events_quarantine (
        ingest_id integer not null,
        origin_kind varchar not null,
        file varchar not null,
        line bigint not null,
        reason varchar not null,
        raw varchar
    )""",
    """create table if not exists events_ingests (
        ingest_id integer primary key,
        origin_kind varchar not null,
        files varchar[] not null,
        loaded bigint not null,
        skipped bigint not null,
        quarantined bigint not null,
        replaced bigint not null,
        ingested_at timestamp not null
    )""",
]


OBJECTS = ("events_ingest_seq", "events", "events_quarantine", "events_ingests")
"""What DDL creates, in order."""


def ensure_schema(ws: Workspace) -> None:
    """Create the event tables if the store does not have them yet (idempotent).

    Only a read when they exist and are current (every use after the first), so a command
    that merely reads events never takes the store's write lock; otherwise one declared
    write, which checks again on the latest version of the store.
    """
    if _current(ws):
        return
    with ws.writing("creating the event tables"):
        for statement in DDL:
            ws.con.execute(statement)
        if _needs_widening(ws):
            _widen_origin_kinds(ws)


def _current(ws: Workspace) -> bool:
    return all(ws.has(name) for name in OBJECTS) and not _needs_widening(ws)


def _needs_widening(ws: Workspace) -> bool:
    """Whether `events` has a check constraint that lacks some of ORIGIN_KINDS (older stores)."""
    checks = [
        r[0]
        for r in ws.rows(
            "select expression from duckdb_constraints() where table_name = 'events' "
            "and database_name = current_database() and schema_name = current_schema() "
            "and constraint_type = 'CHECK' and expression like '%origin_kind%'"
        )
    ]
    return bool(checks) and not all(f"'{kind}'" in checks[0] for kind in ORIGIN_KINDS)


def _widen_origin_kinds(ws: Workspace) -> None:
    """Rebuild an older store's `events` whose check constraint lacks newer origin kinds.

    DuckDB cannot alter a check constraint, so the rows move to a table with the current
    DDL (one transaction; nothing else refers to `events`). Runs inside `ws.writing`.
    """
    ws.con.execute("begin transaction")
    try:
        ws.con.execute("alter table events rename to events_before_widening")
        ws.con.execute(DDL[1])
        ws.con.execute("insert into events select * from events_before_widening")
        ws.con.execute("drop table events_before_widening")
        ws.con.execute("commit")
    except BaseException:
        ws.con.execute("rollback")
        raise
