"""Trade dependence, Barbieri's salience/symmetry/interdependence and trade/GDP per dyad-year.

The formulas, their units and the fallback for missing national totals are documented in
`alignscope.measures.trade`; this step only joins them onto a panel.
"""

from __future__ import annotations

from ..measures.trade import COLUMNS, dyad_trade_sql
from ..panel import Panel


def add_interdependence(panel: Panel, *, dyadic_fallback: bool = True) -> Panel:
    """Add bilateral trade, each side's trade share, Barbieri's measures and trade/GDP.

    Works on directed and undirected panels (shares follow the row's ccode1/ccode2). NULL
    after 2014 and wherever a flow or a total is missing; `dyadic_fallback=False` leaves a
    share NULL when COW's national totals lack the state-year instead of summing its flows.
    """
    panel.require("add_interdependence")
    return panel.extend(
        "interdependence",
        dyad_trade_sql(panel.ws, "{panel}", dyadic_fallback=dyadic_fallback),
        dict(COLUMNS),
    )
