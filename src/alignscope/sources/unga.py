"""UN General Assembly ideal points (Bailey, Strezhnev & Voeten 2017; July 2025 release).

Uses the final-passage estimate (`idealpointfp`), the only one that reaches 2024. A state
with no recorded votes in a year (Taiwan after 1971) has no ideal point: NULL.
"""

from __future__ import annotations

from ..panel import Panel


def add_unga(panel: Panel) -> Panel:
    """Add `unga_ideal_1`, `unga_ideal_2` and their absolute distance `unga_ideal_dist`."""
    panel.require("add_unga")
    t = panel.ws.table("unga_idealpoints")
    sql = f"""
        select p.*, u1.idealpointfp as unga_ideal_1, u2.idealpointfp as unga_ideal_2,
               abs(u1.idealpointfp - u2.idealpointfp) as unga_ideal_dist
        from {{panel}} p
        left join {t} u1 on u1.ccode = p.ccode1 and u1.year = p.year
        left join {t} u2 on u2.ccode = p.ccode2 and u2.year = p.year
    """
    columns = {
        "unga_ideal_1": "UN General Assembly ideal point of state 1 (final-passage votes)",
        "unga_ideal_2": "UN General Assembly ideal point of state 2 (final-passage votes)",
        "unga_ideal_dist": "absolute distance between the two ideal points",
    }
    return panel.extend("unga", sql, columns)
