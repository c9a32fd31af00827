"""Curated evidence in the event table: the records with a CAMEO code and a full date.

The shipped `evidence` dataset is dyadic and dated; a record that fits a CAMEO code becomes
one event from its first actor to its second, scored like every other source (quad class
and Goldstein from the CAMEO code), with `origin_kind = 'curated'`, the record id in
`origin_id` and its citation. Records dated only to the month or year stay out: an event
needs a day. The copy is refreshed whenever the shipped evidence changes (its checksum).
"""

from __future__ import annotations

from ..catalog import dataset
from ..workspace import Workspace
from .schema import QUAD_SQL, ensure_schema

_VERSION = "events_curated_version"


def sync_curated(ws: Workspace) -> int:
    """Bring the curated rows of `events` up to date; return how many were (re)loaded."""
    ensure_schema(ws)
    ws.con.execute(f"create table if not exists {_VERSION} (sha256 varchar)")
    sha = dataset("evidence").sha256
    if ws.rows(f"select 1 from {_VERSION} where sha256 = ?", [sha]):
        return 0
    ev, codes, cameo = ws.table("evidence"), ws.table("codelist"), ws.table("cameo_codes")
    ws.con.execute("begin transaction")
    try:
        ws.con.execute("delete from events where origin_kind = 'curated'")
        ws.con.execute(f"""
            insert into events (event_date, source_ccode, target_ccode, cameo_code, quad_class,
                                goldstein, source_score, origin_kind, origin_file, origin_line,
                                origin_id, citation, ingest_id)
            select cast(e.date as date), c1.cown, c2.cown, e.cameo,
                   {QUAD_SQL.format(root="substr(e.cameo, 1, 2)")}, k.goldstein, null,
                   'curated', null, null, e.id, e.citation, null
            from {ev} e
            join {codes} c1 on c1.iso3c = e.actor1
            join {codes} c2 on c2.iso3c = e.actor2
            join {cameo} k on k.code = e.cameo
            where length(e.date) = 10 and coalesce(e.cameo, '') <> ''
              and k.goldstein is not null and c1.cown <> c2.cown
        """)
        loaded = ws.scalar("select count(*) from events where origin_kind = 'curated'")
        ws.con.execute(f"delete from {_VERSION}")
        ws.con.execute(f"insert into {_VERSION} values (?)", [sha])
        ws.con.execute("commit")
    except BaseException:
        ws.con.execute("rollback")
        raise
    return loaded
