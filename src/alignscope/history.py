"""A dyad's path through the alignment types: its engine row per year, the years the type
changed and the rule codes that started or stopped firing (`alignscope history`,
`/api/history`). The rows come from the one-dyad engine run the report's series uses, so
they equal the atlas without assessing every other dyad's rows."""

from __future__ import annotations

from typing import Any

from .countries import resolve
from .errors import UsageError
from .panel import check_years
from .workspace import Workspace


def dyad_history(ws: Workspace, a: str | int, b: str | int, start: int, end: int) -> dict[str, Any]:
    """Type, secondary types, rules, the seven scores, C and P of A–B per year of
    `start`–`end` in which both were states; `changed` marks a new primary type."""
    from .assess.dimensions import load_dimensions
    from .assess.engine import col, dyad_rows
    from .countries import state_index

    check_years(start, end)
    sa, sb = resolve(ws, a), resolve(ws, b)
    if sa.ccode == sb.ccode:
        raise UsageError("name two different states")
    years = tuple(y for y in range(start, end + 1) if sa.member(y) and sb.member(y))
    if not years:
        raise UsageError(f"{sa.name} and {sb.name} were never both states in {start}–{end}")
    lo, hi = sorted((sa.ccode, sb.ccode))
    dims = load_dimensions()
    rows = dyad_rows(ws, lo, hi, years, dims)
    index = state_index(ws).states

    def code(ccode: int | None) -> str | None:
        return None if ccode is None else index[ccode].code

    out: list[dict[str, Any]] = []
    prev: dict[str, Any] | None = None
    for r in rows:
        rules = set(r["rules"] or [])
        before = set(prev["rules"] or []) if prev else set()
        out.append(
            {
                "year": r["year"],
                "type": r["type"],
                "secondary": list(r["secondary"] or []),
                "rules": sorted(rules),
                "changed": prev is not None and r["type"] != prev["type"],
                "started": sorted(rules - before) if prev else [],
                "stopped": sorted(before - rules) if prev else [],
                "scores": {d.id: r[f"score_{col(d.id)}"] for d in dims},
                "third": code(r["third"]),
                "patron": code(r["patron"]),
            }
        )
        prev = r
    return {"states": [sa.code, sb.code], "ccodes": [sa.ccode, sb.ccode], "years": out}
