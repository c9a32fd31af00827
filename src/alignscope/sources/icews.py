"""ICEWS event counts by quad class, 2002–2014 (netify's dyad-year slice of 152 countries).

The directed counts (source i → target j) are summed over both directions per undirected
COW pair and year. A dyad-year counts as covered when both states appear in the file that
year; then a missing row means no events (0), although the file already lists every ordered
pair of its 152 countries, zeros included. Dyads with a state outside the slice (e.g. Taiwan,
Turkey, Venezuela, Czech Republic, Serbia) and years outside 2002–2014 are NULL. Counts grow
with news coverage: compare `icews_coop_share` or normalise by dyad, not raw levels.
"""

from __future__ import annotations

from ..panel import Panel
from ._common import coverage


def add_icews(panel: Panel) -> Panel:
    """Add yearly ICEWS event counts (`icews_events`, `icews_coop`, `icews_conf`, share)."""
    panel.require("add_icews")
    t = panel.ws.table("icews_dyad_year")
    lo, hi = coverage("icews_dyad_year")
    yearly = f"""
        select least(ccode_i, ccode_j) as c1, greatest(ccode_i, ccode_j) as c2, year,
               sum(verbCoop + matlCoop + verbConf + matlConf) as events,
               sum(verbCoop + matlCoop) as coop, sum(verbConf + matlConf) as conf
        from {t} where ccode_i is not null and ccode_j is not null group by all
    """
    states = f"""
        select ccode_i as c, year from {t} where ccode_i is not null
        union select ccode_j, year from {t} where ccode_j is not null
    """
    inside = f"p.year between {lo} and {hi} and s1.c is not null and s2.c is not null"

    def value(expr: str) -> str:
        return f"(case when {inside} then coalesce({expr}, 0) end)::integer"

    sql = f"""
        with e as ({yearly}), st as ({states})
        select p.*, {value("e.events")} as icews_events,
            {value("e.coop")} as icews_coop,
            {value("e.conf")} as icews_conf,
            (case when {inside} then e.coop / nullif(e.events, 0) end) as icews_coop_share
        from {{panel}} p
        left join st s1 on s1.c = p.ccode1 and s1.year = p.year
        left join st s2 on s2.c = p.ccode2 and s2.year = p.year
        left join e on e.c1 = least(p.ccode1, p.ccode2) and e.c2 = greatest(p.ccode1, p.ccode2)
            and e.year = p.year
    """
    columns = {
        "icews_events": "ICEWS events between the states, both directions, all four quad "
        "classes (2002–2014; NULL if a state is outside ICEWS's 152-country slice)",
        "icews_coop": "ICEWS verbal + material cooperation events, both directions",
        "icews_conf": "ICEWS verbal + material conflict events, both directions",
        "icews_coop_share": "icews_coop / icews_events (NULL if no event)",
    }
    return panel.extend("icews", sql, columns)
