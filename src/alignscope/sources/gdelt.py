"""GDELT 2.0 Goldstein-composite dyad scores, 2018-01 to 2024-02 (third-party aggregation).

The months are summed per undirected COW pair and year. A dyad-year counts as covered when
both states appear in the file (its aggregator's country list); then a missing month means
no day with a non-zero score (0). Dyads with a state that never appears, and years outside
2018–2024, are NULL. 2024 holds only 54 days (to 2024-02-23), and some months are short, so
`gdelt_days_covered` says how many days each year has. Raw sums grow with news volume:
compare signs and `gdelt_neg_share`, or normalise by dyad, not raw levels.
"""

from __future__ import annotations

from ..panel import Panel
from ._common import coverage


def add_gdelt(panel: Panel) -> Panel:
    """Add yearly GDELT sums (`gdelt_score`, `gdelt_days_*`, `gdelt_months`, `gdelt_neg_share`)."""
    panel.require("add_gdelt")
    t = panel.ws.table("gdelt_dyad_month")
    lo, hi = coverage("gdelt_dyad_month")
    yearly = f"""
        select least(ccode_a, ccode_b) as c1, greatest(ccode_a, ccode_b) as c2,
               left(month, 4)::int as year, sum(score_sum) as score,
               sum(days_pos)::int as pos, sum(days_neg)::int as neg,
               sum(days_nonzero)::int as nonzero, count(*)::int as months
        from {t} where ccode_a is not null and ccode_b is not null group by all
    """
    states = f"select ccode_a as c from {t} union select ccode_b from {t}"
    days = f"""
        select left(month, 4)::int as year, sum(days_covered)::int as days
        from (select distinct month, days_covered from {t}) group by all
    """
    inside = f"p.year between {lo} and {hi} and s1.c is not null and s2.c is not null"

    def value(expr: str, kind: str) -> str:
        return f"(case when {inside} then coalesce({expr}, 0) end)::{kind}"

    sql = f"""
        with g as ({yearly}), st as ({states}), d as ({days})
        select p.*, {value("g.score", "double")} as gdelt_score,
            {value("g.pos", "smallint")} as gdelt_days_pos,
            {value("g.neg", "smallint")} as gdelt_days_neg,
            {value("g.nonzero", "smallint")} as gdelt_days_nonzero,
            {value("g.months", "tinyint")} as gdelt_months,
            (case when {inside} then g.neg / nullif(g.nonzero, 0) end) as gdelt_neg_share,
            (case when {inside} then d.days end)::smallint as gdelt_days_covered
        from {{panel}} p
        left join st s1 on s1.c = p.ccode1
        left join st s2 on s2.c = p.ccode2
        left join d on d.year = p.year
        left join g on g.c1 = least(p.ccode1, p.ccode2) and g.c2 = greatest(p.ccode1, p.ccode2)
            and g.year = p.year
    """
    columns = {
        "gdelt_score": "sum of daily GDELT Goldstein-composite scores between the states "
        "(positive = cooperative; grows with news volume; 2024 = Jan 1 to Feb 23 only)",
        "gdelt_days_pos": "days with a net positive GDELT score",
        "gdelt_days_neg": "days with a net negative GDELT score",
        "gdelt_days_nonzero": "days with a non-zero GDELT score",
        "gdelt_months": "months with at least one non-zero GDELT day",
        "gdelt_neg_share": "gdelt_days_neg / gdelt_days_nonzero (NULL if no non-zero day)",
        "gdelt_days_covered": "days of the year present in the GDELT source (54 in 2024)",
    }
    return panel.extend("gdelt", sql, columns)
