"""The all-dyads frame an assessment reads from: every dyad of the state system, by year.

Indicators are normalised against all dyads of the same year (DESIGN §6), so the frame
holds the raw value of every frame indicator for every dyad-year in a range, built in one
DuckDB query from the panel steps plus a few dyad-level aggregates that no single source
gives: common rivals, common allies, common patrons, same-side MIDs, MID history and the
curated instruments between the two states.
"""

from __future__ import annotations

import hashlib
import itertools

from ..catalog import coverage, manifest
from ..curated import pairs_sql
from ..workspace import Workspace

FRAME_STEPS = (
    "atop",
    "rivalries",
    "mids",
    "arms",
    "desta",
    "unga",
    "igo",
    "interdependence",
    "regime",
    "exercises",
    "diplomatic",
    "gdelt",
    "leader_visits",
    "icews",
)
"""Panel steps whose columns the frame carries (steps not shipped in this build are skipped)."""

INSTRUMENT_GROUPS = {
    "security_instruments": (
        "defence_pact",
        "defence_cooperation",
        "security_declaration",
        "dialogue",
    ),
    "economic_instruments": ("investment", "fta", "open_skies", "fisheries", "mou"),
    "partnership_instruments": ("strategic_partnership", "security_declaration", "designation"),
    "leader_instruments": ("strategic_partnership", "security_declaration"),
    "defence_pact_instruments": ("defence_pact",),
    "all_instruments": (),
}
"""Curated agreement kinds counted together (empty tuple: every kind); only instruments
active that year count (`curated.active`)."""
HISTORY_WINDOW = 50
"""Years before the year assessed over which shared history (alliance, rivalry) is counted."""
ARMS_WINDOW = 10
"""Arms transfers are a stock: the TIV delivered either way over this many years."""

_ids = itertools.count()


def _instrument_columns() -> str:
    parts = []
    for name, kinds in INSTRUMENT_GROUPS.items():
        cond = f"g.kind in ({', '.join(repr(k) for k in kinds)})" if kinds else "true"
        parts.append(f"count(*) filter (where {cond}) as {name}")
    return ", ".join(parts)


def _defence_pairs(ws: Workspace) -> str:
    """Unordered pairs with an ATOP defence obligation in either direction, by year."""
    t = ws.table("atop")
    return f"""
        select distinct least(ccode1, ccode2) as x, greatest(ccode1, ccode2) as y, year
        from {t} where atop_defense = 1 or atop_offense = 1
    """


FRAME_VERSION = 4
"""Bump when the frame's SQL changes: stored frames are keyed by it and the data checksums."""


def build_frame(ws: Workspace, years: tuple[int, ...]) -> str:
    """A table with one row per undirected dyad in each of `years`, built once per store.

    In a store file the frame is kept (keyed by the years, FRAME_VERSION and the checksums
    of every shipped dataset), so a second assessment of the same years reads it back.
    """
    years = tuple(sorted(set(years)))
    return ws.cached(f"frame:{years}", lambda: _stored(ws, years))


def _stored(ws: Workspace, years: tuple[int, ...]) -> str:
    digest = hashlib.sha256(
        repr((FRAME_VERSION, years, sorted((d.name, d.sha256) for d in manifest().values())))
        .encode()
    ).hexdigest()[:16]
    return ws.persist(f"frame_{digest}", lambda: _build(ws, years))


def _build(ws: Workspace, years: tuple[int, ...]) -> str:
    # imported here: a store that keeps the frame never builds it, and the panel steps pull
    # in numpy and pyarrow (issue 13: a warm `assess` skips them)
    from ..measures.fpsim import atop_similarity
    from ..panel import build_panel
    from ..sources import STEPS

    start, end = years[0], years[-1]
    panel = build_panel(start, end, workspace=ws)
    for step in FRAME_STEPS:
        if step in STEPS:
            panel = STEPS[step](panel)
    atop_lo, atop_hi = coverage("atop")
    sim_name = f"_frame_sim_{next(_ids)}"
    lo, hi = max(start, atop_lo + 1), min(end, atop_hi)
    if lo <= hi:
        ws.con.register(sim_name, atop_similarity(ws, lo, hi, measures=("s_abs",)))
        sim_join = (
            f"left join {sim_name} sim on sim.ccode1 = p.ccode1 "
            "and sim.ccode2 = p.ccode2 and sim.year = p.year"
        )
        sim_col = "sim.atop_s_abs"
    else:
        sim_join, sim_col = "", "null::double"
    tss, mids = ws.table("rivalries_tss"), ws.table("mids")
    arms = ws.table("arms_transfers")
    arms_lo, arms_hi = coverage("arms_transfers")
    riv_lo, riv_hi = coverage("rivalries_tss")
    name = f"frame_{next(_ids)}"
    ws.con.execute(f"""
        create or replace temp table {name} as
        with riv as (
            select ccode1 as a, ccode2 as b, unnest(range(start, "end" + 1)) as year from {tss}
            union all
            select ccode2, ccode1, unnest(range(start, "end" + 1)) from {tss}
        ),
        common_rivals as (
            select r1.a as x, r2.a as y, r1.year, count(distinct r1.b) as n
            from riv r1 join riv r2 on r1.b = r2.b and r1.year = r2.year and r1.a < r2.a
            where r1.year between {start} and {end} group by all
        ),
        def as (select x as a, y as b, year from ({_defence_pairs(ws)})
                union all select y, x, year from ({_defence_pairs(ws)})),
        common_allies as (
            select d1.a as x, d2.a as y, d1.year, count(distinct d1.b) as n
            from def d1 join def d2 on d1.b = d2.b and d1.year = d2.year and d1.a < d2.a
            where d1.year between {start - 1} and {end} group by all
        ),
        yrs as (select distinct year from {panel.view}),
        cur as ({pairs_sql(ws, "yrs")}),
        informal as (
            select a, b, year from cur where kind = 'informal_commitment'
            union all select b, a, year from cur where kind = 'informal_commitment'
        ),
        ties as (
            select a, b, year from def where year between {start - 1} and {end}
            union
            select a, b, year from informal
        ),
        common_patrons as (
            select t1.a as x, t2.a as y, t1.year, count(distinct t1.b) as n
            from ties t1 join ties t2 on t1.b = t2.b and t1.year = t2.year and t1.a < t2.a
            group by all
        ),
        instruments as (
            select a as x, b as y, year, {_instrument_columns()}
            from cur g group by all
        ),
        arms as (
            select least(a.supplier_cown, a.recipient_cown) as x,
                   greatest(a.supplier_cown, a.recipient_cown) as y, yy.year,
                   sum(a.value)::bigint as tiv
            from yrs yy join {arms} a
              on a.year between yy.year - {ARMS_WINDOW - 1} and yy.year
            where a.supplier_cown <> a.recipient_cown
            group by all
        ),
        allied_years as (
            select d.x, d.y, yy.year, count(distinct d.year) as n
            from yrs yy join ({_defence_pairs(ws)}) d
              on d.year between yy.year - {HISTORY_WINDOW} and yy.year - 1
            group by all
        ),
        rival_years as (
            select least(r.a, r.b) as x, greatest(r.a, r.b) as y, yy.year,
                   count(distinct r.year) as n
            from yrs yy join riv r on r.a < r.b
              and r.year between yy.year - {HISTORY_WINDOW} and yy.year - 1
            group by all
        ),
        mid_years as (
            select least(ccode1, ccode2) as x, greatest(ccode1, ccode2) as y, year,
                   max(hostlev) as hostlev
            from {mids} where cowmidongoing = 1 group by all
        ),
        same_side as (
            select least(m1.ccode1, m2.ccode1) as x, greatest(m1.ccode1, m2.ccode1) as y,
                   m1.year, count(distinct m1.ccode2) as n
            from {mids} m1 join {mids} m2 on m1.dispnum = m2.dispnum and m1.year = m2.year
                 and m1.ccode2 = m2.ccode2 and m1.ccode1 <> m2.ccode1 and m1.sidea1 = m2.sidea1
            group by all
        )
        select p.*,
            {sim_col} as alliance_similarity,
            case when p.year between {riv_lo} and {riv_hi}
                 then coalesce(cr.n, 0) end as common_rivals,
            case when p.year between {atop_lo} and {atop_hi}
                 then coalesce(ca.n, 0) end as common_allies,
            case when p.year between {atop_lo} and {atop_hi}
                 then coalesce(cp.n, 0) end as common_patrons,
            case when p.year <= {coverage("mids")[1]} + 30
                 then coalesce(mh.n, 0) end as mid_history30,
            case when p.year <= {coverage("mids")[1]} + 30
                 then coalesce(mh.force, 0) end as force_history30,
            case when p.year between {coverage("mids")[0]} and {coverage("mids")[1]}
                 then coalesce(ss.n, 0) end as same_side_mids,
            {", ".join(f"coalesce(ins.{g}, 0) as {g}" for g in INSTRUMENT_GROUPS)},
            case when p.atop_defense is not null then
                case when p.atop_defense = 1 or p.atop_offense = 1 then 3
                     when p.atop_neutral = 1 or p.atop_nonagg = 1 then 2
                     when p.atop_any = 1 then 1 else 0 end end as atop_tie,
            case when p.year between {arms_lo} and {arms_hi}
                 then coalesce(ar.tiv, 0) end as arms_stock,
            case when p.year > {atop_lo}
                 then coalesce(ay.n, 0) end as alliance_years50,
            coalesce(ry.n, 0) as rivalry_years50
        from {panel.view} p
        left join arms ar on ar.x = p.ccode1 and ar.y = p.ccode2 and ar.year = p.year
        left join allied_years ay on ay.x = p.ccode1 and ay.y = p.ccode2 and ay.year = p.year
        left join rival_years ry on ry.x = p.ccode1 and ry.y = p.ccode2 and ry.year = p.year
        {sim_join}
        left join common_rivals cr on cr.x = p.ccode1 and cr.y = p.ccode2 and cr.year = p.year
        left join common_allies ca on ca.x = p.ccode1 and ca.y = p.ccode2 and ca.year = p.year
        left join instruments ins on ins.x = p.ccode1 and ins.y = p.ccode2 and ins.year = p.year
        left join same_side ss on ss.x = p.ccode1 and ss.y = p.ccode2 and ss.year = p.year
        left join common_patrons cp on cp.x = p.ccode1 and cp.y = p.ccode2 and cp.year = p.year
        left join (
            select d.ccode1 as x, d.ccode2 as y, d.year, count(*) as n,
                   count(*) filter (where m.hostlev >= 4) as force
            from (select distinct ccode1, ccode2, year from {panel.view}) d
            join mid_years m on m.x = d.ccode1 and m.y = d.ccode2
                 and m.year between d.year - 30 and d.year - 1
            group by all
        ) mh on mh.x = p.ccode1 and mh.y = p.ccode2 and mh.year = p.year
        where p.year in ({", ".join(str(y) for y in years)})
    """)
    if lo <= hi:
        ws.con.unregister(sim_name)
    return name
