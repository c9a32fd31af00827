"""COW National Material Capabilities v7.0 (Singer, Bremer & Stuckey 1972)."""

from __future__ import annotations

from ..panel import Panel
from ._common import add_state_level

VALUES = {
    "cinc": ("cinc", "Composite Index of National Capability (share of the system, 0–1)"),
    "milex": ("milex", "military expenditure (thousands; GBP to 1913, current USD from 1914)"),
    "milper": ("milper", "military personnel (thousands)"),
    "tpop": ("tpop", "total population (thousands)"),
}


def add_capabilities(panel: Panel) -> Panel:
    """Add each state's CINC score and three of its components (`_1`, `_2`)."""
    return add_state_level(panel, "capabilities", "capabilities", VALUES)
