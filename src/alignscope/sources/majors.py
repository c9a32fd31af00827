"""COW major powers v2016; spells still open at the data's end (2016-12-31) run to the
panel's last year, as for state-system membership."""

from __future__ import annotations

from ..countries import cow_last_year_sql
from ..panel import Panel


def add_majors(panel: Panel) -> Panel:
    """Add `majpow_1`, `majpow_2`: 1 if the state was a COW major power in any part of the year."""
    panel.require("add_majors")
    t = panel.ws.table("major_powers")
    years = f"""
        select distinct ccode, unnest(range(styear, {cow_last_year_sql()} + 1)) as year from {t}
    """
    sql = f"""
        with mp as ({years})
        select p.*, (m1.ccode is not null)::tinyint as majpow_1,
               (m2.ccode is not null)::tinyint as majpow_2
        from {{panel}} p
        left join mp m1 on m1.ccode = p.ccode1 and m1.year = p.year
        left join mp m2 on m2.ccode = p.ccode2 and m2.year = p.year
    """
    columns = {f"majpow_{i}": f"1 if state {i} was a COW major power that year" for i in (1, 2)}
    return panel.extend("majors", sql, columns)
