"""SIPRI arms transfers (trend-indicator values, million TIV), supplier to recipient.

SIPRI lists only recorded deliveries, so within 1950–2021 an absent dyad-year is 0 (none
recorded); rows whose supplier or recipient is not a COW state are left out.
"""

from __future__ import annotations

from ..panel import Panel
from ._common import covered


def add_arms(panel: Panel) -> Panel:
    """Add `arms_tiv_12` (ccode1 to ccode2), `arms_tiv_21`, and for undirected panels `arms_tiv`."""
    panel.require("add_arms")
    t = panel.ws.table("arms_transfers")
    flows = f"""
        select supplier_cown as s, recipient_cown as r, year, sum(value)::bigint as tiv from {t}
        where supplier_cown is not null and recipient_cown is not null group by all
    """
    out, rev = covered("arms_transfers", "a.tiv"), covered("arms_transfers", "b.tiv")
    total = "" if panel.directed else f", {out} + {rev} as arms_tiv"
    sql = f"""
        with f as ({flows})
        select p.*, {out} as arms_tiv_12, {rev} as arms_tiv_21 {total}
        from {{panel}} p
        left join f a on a.s = p.ccode1 and a.r = p.ccode2 and a.year = p.year
        left join f b on b.s = p.ccode2 and b.r = p.ccode1 and b.year = p.year
    """
    columns = {
        "arms_tiv_12": "arms delivered by ccode1 to ccode2 (million SIPRI TIV)",
        "arms_tiv_21": "arms delivered by ccode2 to ccode1 (million SIPRI TIV)",
    }
    if not panel.directed:
        columns["arms_tiv"] = "arms delivered in either direction (million SIPRI TIV)"
    return panel.extend("arms", sql, columns)
