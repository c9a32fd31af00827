"""Every measure of one dyad-year with the dataset rows it came from: trade, regime and,
when `measures.fpsim` is installed, foreign-policy similarity (`alignscope measures`).
State 1 is A and state 2 is B as the caller gave them."""

from __future__ import annotations

import importlib
from typing import Any

from ..workspace import Workspace
from .provenance import Sourced, source_year
from .regime import SOURCE as DEMOCRACY
from .regime import dyad_regime, regime_provenance
from .trade import GDP_SOURCE, TOTALS_SOURCE, TRADE_SOURCE, dyad_trade, trade_provenance

TRADE_MEASURES = (
    "bilateral_trade",
    "trade_share_1",
    "trade_share_2",
    "trade_gdp_approx_1",
    "trade_gdp_approx_2",
    "trade_salience",
    "trade_symmetry",
    "trade_interdependence",
    "trade_asymmetry",
)
REGIME_MEASURES = (
    "polyarchy_dist",
    "joint_democracy_polity",
    "joint_democracy_vdem",
    "joint_democracy_years",
)
MISSING = "NULL: a value it needs is missing from the rows shown"


def trade_measures(ws: Workspace, a: int, b: int, year: int) -> dict[str, Sourced]:
    """The trade measures of `measures.trade` for one dyad-year, each with its rows."""
    ty, note = source_year(TRADE_SOURCE, year)
    pair, shares = TRADE_SOURCE, f"{TRADE_SOURCE}+{TOTALS_SOURCE}"
    sources = {"bilateral_trade": pair, "trade_gdp_approx_1": f"{pair}+{GDP_SOURCE}"}
    sources["trade_gdp_approx_2"] = sources["trade_gdp_approx_1"]
    if ty is None:
        return {m: Sourced(None, sources.get(m, shares), None, (), note) for m in TRADE_MEASURES}
    row, prov = dyad_trade(ws, a, b, ty), trade_provenance(ws, a, b, ty)
    rows = {
        "bilateral_trade": prov["dyad"],
        "trade_share_1": prov["dyad"] + prov["total_1"],
        "trade_share_2": prov["dyad"] + prov["total_2"],
        "trade_gdp_approx_1": prov["dyad"] + prov["gdp_1"],
        "trade_gdp_approx_2": prov["dyad"] + prov["gdp_2"],
    }
    both = prov["dyad"] + prov["total_1"] + prov["total_2"]
    out = {}
    for m in TRADE_MEASURES:
        detail = {}
        if m in ("trade_share_1", "trade_share_2"):
            detail = {"total_basis": row[f"trade_total_basis_{m[-1]}"]}
        value = row[m]
        why = note or (MISSING if value is None else None)
        out[m] = Sourced(value, sources.get(m, shares), ty, rows.get(m, both), why, detail)
    return out


def regime_measures(ws: Workspace, a: int, b: int, year: int) -> dict[str, Sourced]:
    """The regime measures of `measures.regime` for one dyad-year, each with its rows."""
    ry, note = source_year(DEMOCRACY, year)
    if ry is None:
        return {m: Sourced(None, DEMOCRACY, None, (), note) for m in REGIME_MEASURES}
    row, rows = dyad_regime(ws, a, b, ry), regime_provenance(ws, a, b, ry)
    out = {}
    for m in REGIME_MEASURES:
        detail = {}
        if m == "joint_democracy_years" and row[m]:
            detail = {"run_start_1": row["run_start_1"], "run_start_2": row["run_start_2"]}
        why = note or (MISSING if row[m] is None else None)
        out[m] = Sourced(row[m], DEMOCRACY, ry, rows, why, detail)
    return out


def similarity(ws: Workspace, a: int, b: int, year: int) -> dict[str, Any] | None:
    """Foreign-policy similarity from `measures.fpsim` if that module is installed, else None."""
    name = f"{__package__}.fpsim"  # written separately; imported here so this works without it
    try:
        fpsim = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None
    return fpsim.similarity_for_dyad(ws, a, b, year)


def dyad_measures(ws: Workspace, a: int, b: int, year: int) -> dict[str, Any]:
    """{"trade": {...}, "regime": {...}, "similarity": {...} or None} for one dyad-year."""
    return {
        "trade": trade_measures(ws, a, b, year),
        "regime": regime_measures(ws, a, b, year),
        "similarity": similarity(ws, a, b, year),
    }


# ---------------------------------------------------------------- the command
