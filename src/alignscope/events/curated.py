"""Curated evidence in the event table: the records with a CAMEO code and a full date.

The shipped `evidence` dataset (read through `alignscope.curated`) is dyadic and dated; a
counted record (not `unverified`) that fits a CAMEO code becomes
one event from its first actor to its second, scored like every other source (quad class
and Goldstein from the CAMEO code), with `origin_kind = 'curated'`, the record id in
`origin_id` and its citation. Records dated only to the month or year stay out: an event
needs a day. The copy is refreshed whenever the shipped evidence changes (its checksum).
"""

from __future__ import annotations

from ..catalog import dataset
from ..curated import evidence_events_sql
from ..workspace import Workspace
from .schema import QUAD_SQL, ensure_schema

_VERSION = "events_curated_version"


def sync_curated(ws: Workspace) -> int:
    """Bring the curated rows of `events` up to date; return how many were (re)loaded.

    A read when they are current; otherwise one declared write (`ws.writing`), checked
    again inside it, since another process may have loaded them while this one waited.
    """
    ensure_schema(ws)
    sha = dataset("evidence").sha256
    if _current(ws, sha):
        return 0
    cameo, records = ws.table("cameo_codes"), evidence_events_sql(ws)  # their loads publish
    with ws.writing("loading the curated evidence into events"):
        ws.con.execute(f"create table if not exists {_VERSION} (sha256 varchar)")
        if _current(ws, sha):
            return 0
        ws.con.execute("begin transaction")  # atomic in a :memory: store too
        try:
            ws.con.execute("delete from events where origin_kind = 'curated'")
            ws.con.execute(f"""
                insert into events (event_date, source_ccode, target_ccode, cameo_code,
                                    quad_class, goldstein, source_score, origin_kind,
                                    origin_file, origin_line, origin_id, citation, ingest_id)
                select e.day, e.ccode1, e.ccode2, e.cameo,
                       {QUAD_SQL.format(root="substr(e.cameo, 1, 2)")}, k.goldstein, null,
                       'curated', null, null, e.id, e.citation, null
                from ({records}) e
                join {cameo} k on k.code = e.cameo
                where k.goldstein is not null
            """)
            loaded = ws.scalar("select count(*) from events where origin_kind = 'curated'")
            ws.con.execute(f"delete from {_VERSION}")
            ws.con.execute(f"insert into {_VERSION} values (?)", [sha])
            ws.con.execute("commit")
        except BaseException:
            ws.con.execute("rollback")
            raise
    return loaded


def _current(ws: Workspace, sha: str) -> bool:
    return ws.has(_VERSION) and bool(ws.rows(f"select 1 from {_VERSION} where sha256 = ?", [sha]))
