"""COW Trade v4.0 dyadic flows (Barbieri, Keshk & Pollins 2009), current million USD.

The source is stored once per pair with flow1 = imports of the lower code from the higher;
for either panel the columns are re-oriented to the row's own ccode1 and ccode2. A dyad-year
absent from the source is unknown (NULL), never 0; the data end in 2014.
"""

from __future__ import annotations

from ..panel import Panel
from ._common import UNORDERED_JOIN


def add_trade(panel: Panel) -> Panel:
    """Add `trade_imp_12`, `trade_imp_21` and `trade_total` for each dyad-year."""
    panel.require("add_trade")
    t = panel.ws.table("trade_dyadic")
    low = "p.ccode1 < p.ccode2"
    sql = f"""
        select p.*,
            case when {low} then s.flow1 else s.flow2 end as trade_imp_12,
            case when {low} then s.flow2 else s.flow1 end as trade_imp_21,
            s.flow1 + s.flow2 as trade_total
        from {{panel}} p
        left join {t} s on {UNORDERED_JOIN} and s.year = p.year
    """
    columns = {
        "trade_imp_12": "imports of ccode1 from ccode2 (current million USD)",
        "trade_imp_21": "imports of ccode2 from ccode1 (current million USD)",
        "trade_total": "total bilateral trade (current million USD; NULL if a flow is missing)",
    }
    return panel.extend("trade", sql, columns)
