"""US active-duty troops abroad (troopdata: Allen, Flynn & Martinez Machain 2022), 1950–2024.

troopdata lists a few country-years twice under two spellings of one code (usually one of
them 0), so troops are summed per COW code and year. A country-year troopdata does not list
is unknown (NULL), not 0, and the USA's own row is not a deployment abroad, so it is left out.
"""

from __future__ import annotations

from ..panel import Panel

USA = 2


def add_us_troops(panel: Panel) -> Panel:
    """Add `us_troops_1`, `us_troops_2`: US active-duty troops stationed in each state."""
    panel.require("add_us_troops")
    t = panel.ws.table("us_troops")
    troops = f"""
        select ccode, year, sum(troops_ad)::integer as troops from {t}
        where ccode <> {USA} group by all
    """
    sql = f"""
        with s as ({troops})
        select p.*, s1.troops as us_troops_1, s2.troops as us_troops_2
        from {{panel}} p
        left join s s1 on s1.ccode = p.ccode1 and s1.year = p.year
        left join s s2 on s2.ccode = p.ccode2 and s2.year = p.year
    """
    columns = {
        f"us_troops_{i}": f"US active-duty troops in state {i} (troopdata; NULL for the USA "
        "itself and where troopdata lists no row)"
        for i in (1, 2)
    }
    return panel.extend("us_troops", sql, columns)
