"""Numbers as people read them: the one formatter of CLI tables, reports and notes."""

from __future__ import annotations

import math
from typing import Any


def number(value: Any, *, fixed: bool = False) -> str:
    """A value for people: en dash for NULL (or NaN), 0/1 for booleans, thousands
    separators, no decimals from 100 up.

    Below 100 a float keeps three significant places (1.5, 0.347, 12.3) — or, `fixed`, three
    decimals (1.500), so that a CLI table's column lines up. Lists are joined with commas.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return f"{value:,d}"
    if isinstance(value, float):
        if not fixed and value.is_integer() and abs(value) < 1e6:
            return f"{int(value):,d}"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if fixed:
            return f"{value:,.3f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.3f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(number(v, fixed=fixed) for v in value)
    return str(value)
