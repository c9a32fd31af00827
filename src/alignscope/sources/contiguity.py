"""COW Direct Contiguity v3.2 (Stinnett et al. 2002), from directed spells.

A year takes the closest contiguity of any spell that touches it (1 land border; 2, 3, 4, 5
separated by at most 12, 24, 150, 400 miles of water; 0 none). The data end in 2016.
"""

from __future__ import annotations

from ..panel import Panel
from ._common import FLAG, covered


def add_contiguity(panel: Panel) -> Panel:
    """Add `conttype` (0–5) for each dyad-year; NULL after the data's last year."""
    panel.require("add_contiguity")
    t = panel.ws.table("contiguity")
    years = f"""
        select ccode1, ccode2, year, min(conttype) as conttype from (
            select ccode1, ccode2, conttype,
                   unnest(range(year(stdate), year(enddate) + 1)) as year
            from {t} where conttype > 0
        ) group by ccode1, ccode2, year
    """
    sql = f"""
        select p.*, {covered("contiguity", "c.conttype", kind=FLAG)} as conttype
        from {{panel}} p
        left join ({years}) c on c.ccode1 = p.ccode1 and c.ccode2 = p.ccode2 and c.year = p.year
    """
    columns = {"conttype": "COW direct contiguity: 1 land, 2/3/4/5 water ≤12/24/150/400 mi, 0 none"}
    return panel.extend("contiguity", sql, columns)
