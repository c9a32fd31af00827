"""Minimum distance between states' territories, cshapes 2.0 (Schvitz et al. 2022)."""

from __future__ import annotations

from ..panel import Panel
from ._common import UNORDERED_JOIN


def add_distance(panel: Panel) -> Panel:
    """Add `mindist` (km, on 1 January); NULL where cshapes has none (before 1886, after 2019)."""
    panel.require("add_distance")
    t = panel.ws.table("distance")
    sql = f"""
        select p.*, s.mindist from {{panel}} p
        left join {t} s on {UNORDERED_JOIN} and s.year = p.year
    """
    return panel.extend("distance", sql, {"mindist": "minimum distance between the states (km)"})
