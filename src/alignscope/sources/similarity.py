"""Foreign-policy similarity: alliance portfolios (ATOP) and UN General Assembly votes.

The measures, the tie coding and the reason codes are documented in
:mod:`alignscope.measures.fpsim`; all dyad-years are computed once per workspace and
joined here. Similarity is symmetric, so a directed panel gets the same values for (a, b)
and (b, a); only the reasons ``no_votes_1``/``no_votes_2`` follow the row's order.
Outside a source's years (ATOP 1816–2018, UN votes 1946–2022) every measure is NULL and
the reason is ``outside_coverage``.
"""

from __future__ import annotations

from ..measures.fpsim import (
    ATOP_MEASURES,
    UNGA_MEASURES,
    column_docs,
    coverage,
    prefix,
    similarity_table,
)
from ..panel import Panel

# (table alias, source, measures, portfolio variants: False undirected, True directed)
_PARTS = (("a", "atop", ATOP_MEASURES, (False, True)), ("u", "unga", UNGA_MEASURES, (False,)))


def _reason(alias: str, col: str, lo: int, hi: int) -> str:
    """The reason, its state numbers in the row's order, 'outside_coverage' outside lo–hi."""
    r = f"{alias}.{col}"
    swapped = (
        f"case {r} when 'no_votes_1' then 'no_votes_2' "
        f"when 'no_votes_2' then 'no_votes_1' else {r} end"
    )
    ordered = f"case when p.ccode1 < p.ccode2 then {r} else {swapped} end"
    return f"case when p.year between {lo} and {hi} then {ordered} else 'outside_coverage' end"


def add_similarity(panel: Panel) -> Panel:
    """Add S, kappa, pi, Haege's kappa and pi and tau-b of alliance portfolios and UN votes."""
    panel.require("add_similarity")
    columns: dict[str, str] = {}
    select, joins = [], []
    for alias, source, measures, variants in _PARTS:
        lo, hi = coverage(source)
        for directed in variants:
            docs = column_docs(source, measures, directed=directed)
            reason = f"{prefix(source, directed)}reason"
            select += [
                f"{_reason(alias, c, lo, hi) if c == reason else f'{alias}.{c}'} as {c}"
                for c in docs
            ]
            columns.update(docs)
        joins.append(
            f"left join {similarity_table(panel.ws, source)} {alias} "
            f"on {alias}.ccode1 = least(p.ccode1, p.ccode2) "
            f"and {alias}.ccode2 = greatest(p.ccode1, p.ccode2) and {alias}.year = p.year"
        )
    sql = f"select p.*, {', '.join(select)} from {{panel}} p {' '.join(joins)}"
    return panel.extend("similarity", sql, columns)
