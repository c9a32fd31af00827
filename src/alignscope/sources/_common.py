"""Building blocks shared by the `add_*` steps: coverage guards and the two join shapes."""

from __future__ import annotations

from ..catalog import coverage
from ..panel import Panel


def covered(
    name: str, expr: str, *, absent: str = "0", year: str = "p.year", kind: str | None = None
) -> str:
    """`expr` inside the dataset's years (an absent row counts as `absent`), NULL outside.

    kind casts the result (e.g. "tinyint" for 0/1 flags, keeping wide panels small).
    """
    lo, hi = coverage(name)
    value = f"coalesce({expr}, {absent})" if absent != "NULL" else expr
    sql = f"(case when {year} between {lo} and {hi} then {value} end)"
    return f"{sql}::{kind}" if kind else sql


FLAG = "tinyint"
"""Storage type of 0/1 indicator columns."""


def add_state_level(
    panel: Panel, step: str, source: str, values: dict[str, tuple[str, str]], *, key: str = "ccode"
) -> Panel:
    """Join a state-year source twice, giving each column `<name>_1` and `<name>_2`.

    values maps a source column to (output stem, description); missing rows stay NULL.
    """
    panel.require(step)
    table = panel.ws.table(source)
    select = ", ".join(
        f"s{i}.{col} as {stem}_{i}" for i in (1, 2) for col, (stem, _) in values.items()
    )
    columns = {
        f"{stem}_{i}": f"{desc} of state {i}" for i in (1, 2) for stem, desc in values.values()
    }
    sql = f"""
        select p.*, {select} from {{panel}} p
        left join {table} s1 on s1.{key} = p.ccode1 and s1.year = p.year
        left join {table} s2 on s2.{key} = p.ccode2 and s2.year = p.year
    """
    return panel.extend(step, sql, columns)


UNORDERED_JOIN = "s.ccode1 = least(p.ccode1, p.ccode2) and s.ccode2 = greatest(p.ccode1, p.ccode2)"
"""Join condition for sources stored once per unordered pair (ccode1 < ccode2)."""
