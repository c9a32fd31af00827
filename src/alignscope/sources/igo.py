"""COW Intergovernmental Organizations v3 (Pevehouse et al. 2020): joint full memberships."""

from __future__ import annotations

from ..panel import Panel
from ._common import UNORDERED_JOIN


def add_igo(panel: Panel) -> Panel:
    """Add `igo_joint`, the number of IGOs both states are full members of (NULL after 2014)."""
    panel.require("add_igo")
    t = panel.ws.table("igo_dyadic")
    sql = f"""
        select p.*, s.dyadigos as igo_joint from {{panel}} p
        left join {t} s on {UNORDERED_JOIN} and s.year = p.year
    """
    return panel.extend("igo", sql, {"igo_joint": "IGOs in which both states are full members"})
