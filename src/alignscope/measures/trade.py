"""Trade dependence and interdependence (Barbieri 1996), as DuckDB SQL over COW trade 4.0.

For a dyad-year with bilateral trade ``T = flow1 + flow2`` (current million USD, COW trade
``trade_dyadic``) and each state's total trade ``X_i = imports_i + exports_i``:

``share_i = T / X_i``
    state i's dependence on the partner: the partner's share of i's total trade
    (Barbieri 1996, "Economic Interdependence: A Path to Peace or a Source of Interstate
    Conflict?", JPR 33(1): 29–49; Barbieri, Keshk & Pollins 2009 for the data).
``salience = sqrt(share_1 * share_2)``
    how important the relationship is to both (Barbieri 1996).
``symmetry = 1 - |share_1 - share_2|``
    1 when both depend on each other equally (Barbieri 1996).
``interdependence = salience * symmetry`` (Barbieri 1996).
``asymmetry = share_1 - share_2``
    signed: positive when state 1 depends more on state 2 than state 2 on state 1.
``trade_gdp_approx_i = T / GDP_i``
    GDP is Fariss et al. (2022) ``pwtrgdp``, millions of 2017 international (PPP) dollars,
    while T is in current US dollars: the ratio mixes units (nominal exchange-rate dollars
    over constant PPP dollars), so it is approximate and named so. It is kept because it
    is the only GDP-scaled trade figure the shipped data allow; compare it within a year,
    not across decades.

Total trade ``X_i`` comes from COW's national totals (``trade_national``). Where that file
lacks a component for a state-year (Taiwan's imports in every year, about a dozen small
states after 2000), ``X_i`` falls back on the sum of the state's dyadic flows with all
partners that year, and the basis column says so (``dyadic``); pass ``dyadic_fallback=False``
to leave such shares NULL instead. The dyadic sum is close where both exist (Japan 2010:
1,499,405 from the dyadic flows against 1,463,824 national) but misses partners COW does not
record, so it slightly overstates shares.

Every value is NULL outside COW trade's years (1870–2014) and where a flow or total is
missing, never 0; a total of 0 also gives NULL (the share is undefined).
"""

from __future__ import annotations

from typing import Any

from ..workspace import Workspace
from .provenance import records, row_text

TRADE_SOURCE = "trade_dyadic"
TOTALS_SOURCE = "trade_national"
GDP_SOURCE = "gdppop"

BASIS_NATIONAL = "national"
BASIS_DYADIC = "dyadic"


def state_totals_sql(ws: Workspace, *, dyadic_fallback: bool = True) -> str:
    """SQL for (ccode, year, total, basis): each state-year's total trade, current million USD.

    The totals are computed once per workspace into a temp table: every trade share (and
    each triangle feature) reads them, and summing all dyadic flows each time was the cost.
    """

    def build() -> str:
        name = f"_trade_totals_{'fallback' if dyadic_fallback else 'national'}"
        ws.con.execute(f"create or replace temp table {name} as "
                       f"{_totals_sql(ws, dyadic_fallback=dyadic_fallback)}")
        return name

    return f"select * from {ws.cached(f'trade_totals:{dyadic_fallback}', build)}"


def _totals_sql(ws: Workspace, *, dyadic_fallback: bool) -> str:
    nat, dy = ws.table(TOTALS_SOURCE), ws.table(TRADE_SOURCE)
    national = f"""
        select ccode, year, nullif(imports + exports, 0) as total from {nat}
        where imports is not null and exports is not null
    """
    if not dyadic_fallback:
        return f"select ccode, year, total, '{BASIS_NATIONAL}' as basis from ({national})"
    return f"""
        with nat as ({national}),
        dy as (
            select ccode, year, nullif(sum(flow), 0) as total from (
                select ccode1 as ccode, year, coalesce(flow1, 0) + coalesce(flow2, 0) as flow,
                       flow1 is null and flow2 is null as empty from {dy}
                union all
                select ccode2, year, coalesce(flow1, 0) + coalesce(flow2, 0), flow1 is null
                       and flow2 is null from {dy}
            ) where not empty group by ccode, year
        )
        select coalesce(n.ccode, d.ccode) as ccode, coalesce(n.year, d.year) as year,
               coalesce(n.total, d.total) as total,
               case when n.total is not null then '{BASIS_NATIONAL}'
                    when d.total is not null then '{BASIS_DYADIC}' end as basis
        from nat n full join dy d on n.ccode = d.ccode and n.year = d.year
    """


def barbieri_sql(share_1: str, share_2: str) -> dict[str, str]:
    """SQL expressions of Barbieri's (1996) measures from the two dependence shares."""
    salience = f"sqrt({share_1} * {share_2})"
    symmetry = f"(1 - abs({share_1} - {share_2}))"
    return {
        "trade_salience": salience,
        "trade_symmetry": symmetry,
        "trade_interdependence": f"({salience} * {symmetry})",
        "trade_asymmetry": f"({share_1} - {share_2})",
    }


def dyad_trade_sql(ws: Workspace, panel_view: str, *, dyadic_fallback: bool = True) -> str:
    """SELECT adding the trade measures to every row of `panel_view` (ccode1, ccode2, year).

    Shares are oriented to the row's own ccode1 and ccode2, so the same SQL serves directed
    and undirected panels; only the asymmetry changes sign with the direction.
    """
    td, gdp = ws.table(TRADE_SOURCE), ws.table(GDP_SOURCE)
    inner = f"""
        with totals as ({state_totals_sql(ws, dyadic_fallback=dyadic_fallback)})
        select p.*, s.flow1 + s.flow2 as bilateral_trade,
               (s.flow1 + s.flow2) / t1.total as trade_share_1,
               (s.flow1 + s.flow2) / t2.total as trade_share_2,
               case when s.flow1 + s.flow2 is not null then t1.basis end as trade_total_basis_1,
               case when s.flow1 + s.flow2 is not null then t2.basis end as trade_total_basis_2,
               (s.flow1 + s.flow2) / nullif(g1.pwtrgdp, 0) as trade_gdp_approx_1,
               (s.flow1 + s.flow2) / nullif(g2.pwtrgdp, 0) as trade_gdp_approx_2
        from {panel_view} p
        left join {td} s on s.ccode1 = least(p.ccode1, p.ccode2)
             and s.ccode2 = greatest(p.ccode1, p.ccode2) and s.year = p.year
        left join totals t1 on t1.ccode = p.ccode1 and t1.year = p.year
        left join totals t2 on t2.ccode = p.ccode2 and t2.year = p.year
        left join {gdp} g1 on g1.ccode = p.ccode1 and g1.year = p.year
        left join {gdp} g2 on g2.ccode = p.ccode2 and g2.year = p.year
    """
    derived = ", ".join(
        f"{expr} as {name}" for name, expr in barbieri_sql("trade_share_1", "trade_share_2").items()
    )
    return f"select q.*, {derived} from ({inner}) q"


COLUMNS = {
    "bilateral_trade": "bilateral trade flow1 + flow2 (current million USD; NULL if a flow is "
    "missing or after 2014)",
    "trade_share_1": "dependence of ccode1: bilateral trade / ccode1's total trade (0–1)",
    "trade_share_2": "dependence of ccode2: bilateral trade / ccode2's total trade (0–1)",
    "trade_total_basis_1": "where ccode1's total trade comes from: 'national' (COW national "
    "totals) or 'dyadic' (sum of its dyadic flows, where national totals are missing)",
    "trade_total_basis_2": "where ccode2's total trade comes from ('national' or 'dyadic')",
    "trade_gdp_approx_1": "bilateral trade / ccode1's GDP: APPROXIMATE, current USD over "
    "2017 PPP dollars (Fariss et al. pwtrgdp)",
    "trade_gdp_approx_2": "bilateral trade / ccode2's GDP: APPROXIMATE, current USD over "
    "2017 PPP dollars (Fariss et al. pwtrgdp)",
    "trade_salience": "Barbieri (1996) salience sqrt(share_1 * share_2)",
    "trade_symmetry": "Barbieri (1996) symmetry 1 - |share_1 - share_2|",
    "trade_interdependence": "Barbieri (1996) interdependence = salience * symmetry",
    "trade_asymmetry": "share_1 - share_2 (positive: ccode1 depends more on ccode2)",
}
"""Description of every column `dyad_trade_sql` adds."""


def one_dyad(a: int, b: int, year: int) -> str:
    """A one-row stand-in for a panel view: the directed dyad (a, b) in `year`."""
    return f"(select {int(a)} as ccode1, {int(b)} as ccode2, {int(year)} as year)"


def dyad_trade(ws: Workspace, a: int, b: int, year: int, **options) -> dict[str, Any]:
    """Every trade measure for the dyad-year, oriented so that state 1 is `a`."""
    (row,) = records(ws, dyad_trade_sql(ws, one_dyad(a, b, year), **options))
    return row


def trade_provenance(ws: Workspace, a: int, b: int, year: int) -> dict[str, tuple[str, ...]]:
    """The source rows behind `dyad_trade`: keys dyad, total_1, total_2, gdp_1, gdp_2."""
    out = {"dyad": dyad_rows(ws, a, b, year)}
    for i, state in ((1, a), (2, b)):
        out[f"total_{i}"] = total_rows(ws, state, year)
        out[f"gdp_{i}"] = gdp_rows(ws, state, year)
    return out


def dyad_rows(ws: Workspace, a: int, b: int, year: int) -> tuple[str, ...]:
    """The COW dyadic trade row of (a, b) in `year`, as provenance text."""
    lo, hi = min(a, b), max(a, b)
    found = records(
        ws,
        f"select ccode1, ccode2, year, flow1, flow2 from {ws.table(TRADE_SOURCE)} "
        "where ccode1 = ? and ccode2 = ? and year = ?",
        [lo, hi, year],
    )
    return tuple(row_text(TRADE_SOURCE, r) for r in found) or (
        f"{TRADE_SOURCE}: no row for ccode1={lo} ccode2={hi} year={year}",
    )


def total_rows(ws: Workspace, state: int, year: int) -> tuple[str, ...]:
    """The rows behind `state`'s total trade in `year` (national totals, else the sum of its
    dyadic flows), as provenance text; kept for the workspace (a state recurs in a triangle's
    pairs)."""
    return ws.cached(f"trade_total_rows/{int(state)}/{int(year)}",
                     lambda: _total_rows(ws, state, year))


def _total_rows(ws: Workspace, state: int, year: int) -> tuple[str, ...]:
    national = records(
        ws,
        f"select ccode, year, imports, exports from {ws.table(TOTALS_SOURCE)} "
        "where ccode = ? and year = ?",
        [state, year],
    )
    rows = [row_text(TOTALS_SOURCE, r) for r in national] or [
        f"{TOTALS_SOURCE}: no row for ccode={state} year={year}"
    ]
    if not national or None in (national[0]["imports"], national[0]["exports"]):
        summed = records(
            ws,
            f"select {int(state)} as ccode, {int(year)} as year, count(*) as partners, "
            f"sum(coalesce(flow1, 0) + coalesce(flow2, 0)) as flows "
            f"from {ws.table(TRADE_SOURCE)} where (ccode1 = ? or ccode2 = ?) and year = ?",
            [state, state, year],
        )
        rows.append(row_text(TRADE_SOURCE, summed[0]) + " (sum over its dyads)")
    return tuple(rows)


def gdp_rows(ws: Workspace, state: int, year: int) -> tuple[str, ...]:
    """The Fariss et al. GDP row of `state` in `year`, as provenance text."""
    found = records(
        ws,
        f"select ccode, year, pwtrgdp from {ws.table(GDP_SOURCE)} where ccode = ? and year = ?",
        [state, year],
    )
    return tuple(row_text(GDP_SOURCE, r) for r in found) or (
        f"{GDP_SOURCE}: no row for ccode={state} year={year}",
    )
