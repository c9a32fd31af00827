"""Every indicator a dimension file can name: what it measures, where it comes from.

Three kinds:
  frame     a column of the all-dyads frame (`assess.frame`), so it can be normalised
            against every dyad of the same year;
  triangle  a feature of the dyad with its third state C and patron P (`measures.triangle`);
  evidence  the net balance of curated evidence records of one dimension (shipped dataset
            `evidence`), over the five years ending with the year assessed.
Labels are English msgids; reports translate them through the gettext catalogs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..catalog import manifest
from ..measures.provenance import Sourced
from ..measures.triangle import Triangle
from ..workspace import Workspace


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    kind: str
    source: str
    expr: str = ""
    feature: Callable[[Workspace, Triangle], Sourced | None] | None = None


def _frame(name: str, label: str, source: str, expr: str | None = None) -> Indicator:
    return Indicator(name, label, "frame", source, expr or name)


def _value(tri: Triangle, key: str) -> Any:
    feature = tri.features.get(key)
    return None if feature is None else feature.value


def _combine(tri: Triangle, keys: tuple[str, ...], how: Callable, label: str) -> Sourced | None:
    parts = [tri.features.get(k) for k in keys]
    if any(p is None for p in parts) or any(p.value is None for p in parts):
        missing = [k for k, p in zip(keys, parts, strict=True) if p is None or p.value is None]
        return Sourced(
            None,
            parts[0].source if parts[0] else "",
            None,
            note=f"{label}: no data for {', '.join(missing)}",
        )
    years = [p.year_used for p in parts if p.year_used is not None]
    notes = sorted({p.note for p in parts if p.note})
    return Sourced(
        how([p.value for p in parts]),
        parts[0].source,
        min(years) if years else None,
        rows=tuple(r for p in parts for r in p.rows),
        note="; ".join(notes) or None,
    )


def _commitment(ws: Workspace, tri: Triangle) -> Sourced | None:
    """The weaker side's patron commitment: 1 formal defence obligation from P (ATOP), 0.5 an
    informal commitment such as the Taiwan Relations Act (curated agreements), 0.25 any other
    ATOP alliance with P, 0 none (Snyder 1984: the patron's commitment sets the client's fear
    of abandonment)."""
    if tri.patron is None:
        return None
    table = ws.table("agreements")
    levels, rows = [], []
    for i, side in ((1, tri.a), (2, tri.b)):
        formal = _value(tri, f"p_defence_to_{i}")
        informal = ws.rows(
            f"select id, date_signed from {table} where kind = 'informal_commitment' "
            "and list_has_all(string_split(parties, ';')::integer[], ?) "
            "and cast(substr(date_signed, 1, 4) as integer) <= ?",
            [[tri.patron, side], tri.year],
        )
        any_alliance = _value(tri, f"alliance_{i}_p")
        if formal is None and not informal:
            return Sourced(None, "atop+agreements", None, note=f"no ATOP data for side {i}")
        rows += [f"agreements id={r[0]} date_signed={r[1]}" for r in informal]
        rows += list(tri.features[f"p_defence_to_{i}"].rows)
        levels.append(
            max(float(formal or 0), 0.5 if informal else 0.0, 0.25 if any_alliance else 0.0)
        )
    year = tri.features["p_defence_to_1"].year_used
    return Sourced(
        min(levels),
        "atop+agreements",
        year,
        rows=tuple(rows),
        note=tri.features["p_defence_to_1"].note,
    )


INDICATORS: dict[str, Indicator] = {
    i.name: i
    for i in (
        _frame(
            "defence_pact",
            "Defence or offence obligation (ATOP)",
            "atop",
            "greatest(atop_defense, atop_offense)",
        ),
        _frame("alliance_similarity", "Alliance-portfolio similarity (S)", "atop"),
        _frame("common_rivals", "Common strategic rivals", "rivalries_tss"),
        _frame("common_patrons", "Common patrons (formal or informal)", "atop"),
        _frame("security_instruments", "Security agreements and dialogues", "agreements"),
        _frame("arms_transfers", "Arms transfers (SIPRI TIV)", "arms_transfers", "arms_tiv"),
        _frame("rivalry", "Strategic rivalry between them", "rivalries_tss", "tss_rivalry"),
        _frame("mid_ongoing", "Militarised dispute that year", "mids"),
        _frame("trade_volume", "Bilateral trade", "trade_dyadic", "bilateral_trade"),
        _frame(
            "interdependence",
            "Trade interdependence (Barbieri)",
            "trade_dyadic",
            "trade_interdependence",
        ),
        _frame(
            "trade_agreements", "Trade agreements in force (DESTA)", "desta", "desta_ptas_in_force"
        ),
        _frame("economic_instruments", "Economic agreements and MOUs", "agreements"),
        _frame("joint_democracy", "Both democracies (V-Dem)", "democracy", "joint_democracy_vdem"),
        _frame("regime_distance", "Regime distance (polyarchy)", "democracy", "polyarchy_dist"),
        _frame("joint_democracy_years", "Years both democracies", "democracy"),
        _frame("un_distance", "UN ideal-point distance", "unga_idealpoints", "unga_ideal_dist"),
        _frame("igo_joint", "Shared IGO memberships", "igo_dyadic"),
        _frame("leader_instruments", "Leader-level declarations", "agreements"),
        _frame("hostile_history", "MID-years in the previous 30 years", "mids", "mid_history30"),
        Indicator(
            "third_common_rival",
            "Common rivalry with the third state",
            "triangle",
            "rivalries_tss",
            feature=lambda ws, t: t.features.get("common_rival_tss"),
        ),
        Indicator(
            "third_hostility",
            "Both sides' MID-years with the third state (10 years)",
            "triangle",
            "mids",
            feature=lambda ws, t: _combine(
                t, ("mid_years10_1_c", "mid_years10_2_c"), min, "hostility"
            ),
        ),
        Indicator(
            "third_exposure",
            "Largest trade dependence on the third state",
            "triangle",
            "trade_dyadic",
            feature=lambda ws, t: _combine(
                t, ("trade_share_1_c", "trade_share_2_c"), max, "exposure"
            ),
        ),
        Indicator(
            "patron_commitment",
            "Patron's commitment to the less-covered side",
            "triangle",
            "atop",
            feature=_commitment,
        ),
        Indicator(
            "shared_patron",
            "Both allied with the patron (ATOP)",
            "triangle",
            "atop",
            feature=lambda ws, t: t.features.get("shared_patron"),
        ),
        Indicator(
            "patron_rival_third",
            "Patron in rivalry with the third state",
            "triangle",
            "rivalries_tss",
            feature=lambda ws, t: t.features.get("p_rival_c_tss"),
        ),
        *(
            Indicator(f"evidence_{d}", "Curated evidence balance", "evidence", "evidence")
            for d in ("I-1", "I-2", "I-3", "I-4", "I-5", "E-1", "E-2")
        ),
    )
}


def evidence_shipped() -> bool:
    return "evidence" in manifest()
