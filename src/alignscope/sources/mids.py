"""COW Militarized Interstate Disputes v5.0 (Palmer et al. 2022), one dispute per dyad-year.

The source lists both orders of every dyad in a dispute, so directed and undirected panels
join it the same way. Within 1816–2014 a dyad-year with no row had no MID (0).
"""

from __future__ import annotations

from ..panel import Panel
from ._common import FLAG, covered


def add_mids(panel: Panel) -> Panel:
    """Add `mid_ongoing`, `mid_onset` (0/1), `mid_hostlev` and `mid_dispnum`."""
    panel.require("add_mids")
    t = panel.ws.table("mids")
    sql = f"""
        select p.*,
            {covered("mids", "m.cowmidongoing", kind=FLAG)} as mid_ongoing,
            {covered("mids", "m.cowmidonset", kind=FLAG)} as mid_onset,
            m.hostlev as mid_hostlev, m.dispnum as mid_dispnum
        from {{panel}} p
        left join {t} m on m.ccode1 = p.ccode1 and m.ccode2 = p.ccode2 and m.year = p.year
    """
    columns = {
        "mid_ongoing": "1 if a MID between the states was ongoing that year",
        "mid_onset": "1 if a MID between the states began that year",
        "mid_hostlev": "highest hostility level of the dispute (1–5; NULL if none)",
        "mid_dispnum": "COW-MID dispute number (NULL if none)",
    }
    return panel.extend("mids", sql, columns)
