"""Multinational Military Exercises v7 (D'Orazio & Galambos 2021), joint exercises per dyad-year.

The source holds each pair once (ccode1 < ccode2) and only in years with a recorded joint
exercise, so within 1980–2010 an absent dyad-year is 0; directed and undirected panels join
it the same way. It is news-based, so small bilateral drills are under-reported.
"""

from __future__ import annotations

from ..panel import Panel
from ._common import UNORDERED_JOIN, covered


def add_exercises(panel: Panel) -> Panel:
    """Add `n_exercises`: joint multinational exercises that year (NULL outside 1980–2010)."""
    panel.require("add_exercises")
    t = panel.ws.table("exercises")
    sql = f"""
        select p.*, {covered("exercises", "s.n_exercises", kind="smallint")} as n_exercises
        from {{panel}} p
        left join {t} s on {UNORDERED_JOIN} and s.year = p.year
    """
    columns = {
        "n_exercises": "multinational military exercises both states took part in that ran "
        "that year (MME v7; 0 if none recorded, NULL outside 1980–2010)",
    }
    return panel.extend("exercises", sql, columns)
