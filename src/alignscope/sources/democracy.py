"""Democracy scores: V-Dem polyarchy, Polity5 polity2 and extended UDS (via isard)."""

from __future__ import annotations

from ..panel import Panel
from ._common import add_state_level

VALUES = {
    "v2x_polyarchy": ("v2x_polyarchy", "V-Dem electoral democracy index (0–1)"),
    "polity2": ("polity2", "Polity5 polity2 score (−10 to 10; ends 2020, Taiwan 2018)"),
    "euds": ("euds", "extended Unified Democracy Score (latent, mean 0)"),
}


def add_democracy(panel: Panel) -> Panel:
    """Add each state's polyarchy, polity2 and UDS score (`_1`, `_2`); NULL where unmeasured."""
    return add_state_level(panel, "democracy", "democracy", VALUES)
