"""Regime similarity per dyad-year: polyarchy distance and joint democracy (two rules).

Formulas, thresholds and their citations are in `alignscope.measures.regime`.
"""

from __future__ import annotations

from ..measures.regime import COLUMNS, dyad_regime_sql
from ..panel import Panel


def add_regime(panel: Panel) -> Panel:
    """Add `polyarchy_dist`, `joint_democracy_polity`, `joint_democracy_vdem` and
    `joint_democracy_years`; symmetric, so directed and undirected panels agree."""
    panel.require("add_regime")
    return panel.extend("regime", dyad_regime_sql(panel.ws, "{panel}"), dict(COLUMNS))
