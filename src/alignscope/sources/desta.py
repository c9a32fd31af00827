"""DESTA preferential trade agreements (Dür, Baccini & Elsig 2014), as cumulative counts.

DESTA keys states by numeric ISO code; they are mapped to COW codes through the shipped
countrycode list (Taiwan is ISO 158). Consolidated versions are left out so that a treaty
is not counted twice; base treaties and accessions both count.
"""

from __future__ import annotations

from ..panel import Panel
from ._common import covered


def add_desta(panel: Panel) -> Panel:
    """Add `desta_ptas_signed` and `desta_ptas_in_force`: agreements both states are party to."""
    panel.require("add_desta")
    t, codes = panel.ws.table("desta"), panel.ws.table("codelist")
    pairs = f"""
        select least(c1.cown, c2.cown) as a, greatest(c1.cown, c2.cown) as b,
               d.number, d.year as signed, d.entryforceyear as in_force
        from {t} d
        join {codes} c1 on c1.iso3n = d.iso1 join {codes} c2 on c2.iso3n = d.iso2
        where d.entry_type <> 'consolidated' and c1.cown is not null and c2.cown is not null
    """
    sql = f"""
        with d as ({pairs}),
        counts as (
            select p.ccode1, p.ccode2, p.year,
                   count(distinct d.number) filter (where d.signed <= p.year) as signed,
                   count(distinct d.number) filter (where d.in_force <= p.year) as in_force
            from {{panel}} p join d on d.a = least(p.ccode1, p.ccode2)
                and d.b = greatest(p.ccode1, p.ccode2) and d.signed <= p.year
            group by all
        )
        select p.*,
            {covered("desta", "c.signed")} as desta_ptas_signed,
            {covered("desta", "c.in_force")} as desta_ptas_in_force
        from {{panel}} p
        left join counts c on c.ccode1 = p.ccode1 and c.ccode2 = p.ccode2 and c.year = p.year
    """
    columns = {
        "desta_ptas_signed": "trade agreements both states had signed by that year (DESTA)",
        "desta_ptas_in_force": "of those, agreements in force by that year",
    }
    return panel.extend("desta", sql, columns)
