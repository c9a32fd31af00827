"""Regime similarity of a dyad-year: polyarchy distance and joint democracy, as DuckDB SQL.

``polyarchy_dist = |p_1 - p_2|``
    distance between the two V-Dem electoral democracy indices (0–1; Coppedge et al.).
``joint_democracy_polity``
    1 if both states score polity2 >= 6: the conventional Polity threshold for a
    democracy (+6 to +10; Jaggers & Gurr 1995, "Tracking Democracy's Third Wave with the
    Polity III Data", JPR 32(4): 469–82; Marshall & Gurr, Polity5 manual 2020), as used
    for joint democracy in the democratic-peace literature (e.g. Russett & Oneal 2001).
``joint_democracy_vdem``
    1 if both states score v2x_polyarchy > 0.5: the electoral-democracy cut-off of the
    Regimes of the World classification (Lührmann, Tannenberg & Lindberg 2018, Politics
    and Governance 6(1): 60–77, who require a polyarchy score *above* 0.5).
``joint_democracy_years``
    consecutive years up to and including the row's year in which both states were
    democracies by the V-Dem rule, counted over the democracy data (not over the panel,
    so a panel starting in 2000 still counts the 1990s); 0 when they are not both
    democracies that year. A missing score breaks a run.

Each value is NULL when a score it needs is missing (Polity5 ends in 2018–2020).
"""

from __future__ import annotations

from typing import Any

from ..workspace import Workspace
from .provenance import records, row_text

SOURCE = "democracy"
POLITY_THRESHOLD = 6
"""polity2 at or above which a state counts as a democracy (Jaggers & Gurr 1995)."""
POLYARCHY_THRESHOLD = 0.5
"""v2x_polyarchy above which a state counts as an electoral democracy (Lührmann et al. 2018)."""


def democracy_runs_sql(ws: Workspace) -> str:
    """SQL for (ccode, year, run_start): the first year of each state's current V-Dem run.

    Gaps and islands: among the democratic state-years, year - row_number() is constant
    within a run of consecutive years, so the run's start is its minimum year.
    """
    t = ws.table(SOURCE)
    return f"""
        select ccode, year, min(year) over (partition by ccode, island) as run_start from (
            select ccode, year, year - row_number() over (partition by ccode order by year)
                   as island
            from {t} where v2x_polyarchy > {POLYARCHY_THRESHOLD}
        )
    """


def dyad_regime_sql(ws: Workspace, panel_view: str) -> str:
    """SELECT adding the regime measures to every row of `panel_view` (ccode1, ccode2, year)."""
    t = ws.table(SOURCE)

    def both(test: str, col: str) -> str:
        return (
            f"case when d1.{col} is not null and d2.{col} is not null "
            f"then (d1.{col} {test} and d2.{col} {test})::tinyint end"
        )

    return f"""
        with runs as ({democracy_runs_sql(ws)})
        select p.*, abs(d1.v2x_polyarchy - d2.v2x_polyarchy) as polyarchy_dist,
            {both(f">= {POLITY_THRESHOLD}", "polity2")} as joint_democracy_polity,
            {both(f"> {POLYARCHY_THRESHOLD}", "v2x_polyarchy")} as joint_democracy_vdem,
            case when d1.v2x_polyarchy is null or d2.v2x_polyarchy is null then null
                 when r1.run_start is null or r2.run_start is null then 0
                 else p.year - greatest(r1.run_start, r2.run_start) + 1
            end::smallint as joint_democracy_years
        from {panel_view} p
        left join {t} d1 on d1.ccode = p.ccode1 and d1.year = p.year
        left join {t} d2 on d2.ccode = p.ccode2 and d2.year = p.year
        left join runs r1 on r1.ccode = p.ccode1 and r1.year = p.year
        left join runs r2 on r2.ccode = p.ccode2 and r2.year = p.year
    """


COLUMNS = {
    "polyarchy_dist": "|v2x_polyarchy_1 - v2x_polyarchy_2|, V-Dem electoral democracy (0–1)",
    "joint_democracy_polity": "1 if both have polity2 >= 6 (Jaggers & Gurr 1995; NULL if a "
    "score is missing)",
    "joint_democracy_vdem": "1 if both have v2x_polyarchy > 0.5 (Lührmann et al. 2018 RoW "
    "cut-off; NULL if a score is missing)",
    "joint_democracy_years": "consecutive years to this one in which both were democracies "
    "by the V-Dem rule (0 if not both this year)",
}
"""Description of every column `dyad_regime_sql` adds."""


def dyad_regime(ws: Workspace, a: int, b: int, year: int) -> dict[str, Any]:
    """Every regime measure for the dyad-year (state 1 = `a`), plus each side's run start."""
    panel = f"(select {int(a)} as ccode1, {int(b)} as ccode2, {int(year)} as year)"
    (row,) = records(ws, dyad_regime_sql(ws, panel))
    runs = {
        r["ccode"]: r["run_start"]
        for r in records(
            ws,
            f"select ccode, run_start from ({democracy_runs_sql(ws)}) "
            "where ccode in (?, ?) and year = ?",
            [a, b, year],
        )
    }
    return {**row, "run_start_1": runs.get(a), "run_start_2": runs.get(b)}


def regime_provenance(ws: Workspace, a: int, b: int, year: int) -> tuple[str, ...]:
    """The two `democracy` rows behind `dyad_regime`."""
    t = ws.table(SOURCE)
    found = {
        r["ccode"]: row_text(SOURCE, r)
        for r in records(
            ws,
            f"select ccode, year, v2x_polyarchy, polity2 from {t} "
            "where ccode in (?, ?) and year = ?",
            [a, b, year],
        )
    }
    return tuple(found.get(c, f"{SOURCE}: no row for ccode={c} year={year}") for c in (a, b))
