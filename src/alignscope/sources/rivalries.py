"""Strategic rivalries: Thompson & Dreyer (2012) and Thompson, Sakuwa & Suhas (2021).

Both lists are symmetric (one row per pair, lower code first) and right-censored: an
ongoing rivalry ends at 2010 in Thompson–Dreyer and 2020 in Thompson–Sakuwa–Suhas, so
later years are NULL, not 0. Types are those the authors code: spatial (territory),
positional (relative standing), ideological, interventionary.
"""

from __future__ import annotations

from ..panel import Panel
from ._common import FLAG, UNORDERED_JOIN, covered

TSS_TYPES = ("positional", "spatial", "ideological", "interventionary", "principal")


def add_rivalries(panel: Panel) -> Panel:
    """Add `td_rivalry`, `td_rivalry_type` and `tss_rivalry` with one 0/1 column per TSS type."""
    panel.require("add_rivalries")
    td, tss = panel.ws.table("rivalries_td"), panel.ws.table("rivalries_tss")
    td_years = f"""
        select ccode1, ccode2, unnest(range(styear, endyear + 1)) as year,
               concat_ws(',', type1, type2, type3) as types from {td}
    """
    tss_cols = ", ".join(f'max(coalesce("{t}", 0)) as "{t}"' for t in TSS_TYPES)
    tss_years = f"""
        select ccode1, ccode2, year, {tss_cols} from (
            select *, unnest(range(start, "end" + 1)) as year from {tss}
        ) group by ccode1, ccode2, year
    """
    td_agg = f"""
        select ccode1, ccode2, year, string_agg(distinct types, ';') as types
        from ({td_years}) group by ccode1, ccode2, year
    """
    tss_select = ", ".join(
        covered("rivalries_tss", f't."{c}"', kind=FLAG) + f" as tss_{c}" for c in TSS_TYPES
    )
    sql = f"""
        select p.*,
            {covered("rivalries_td", "(s.ccode1 is not null)::int", kind=FLAG)} as td_rivalry,
            s.types as td_rivalry_type,
            {covered("rivalries_tss", "(t.ccode1 is not null)::int", kind=FLAG)} as tss_rivalry,
            {tss_select}
        from {{panel}} p
        left join ({td_agg}) s on {UNORDERED_JOIN} and s.year = p.year
        left join ({tss_years}) t on {UNORDERED_JOIN.replace("s.", "t.")} and t.year = p.year
    """
    columns = {
        "td_rivalry": "1 if in a Thompson–Dreyer strategic rivalry (NULL after 2010)",
        "td_rivalry_type": "Thompson–Dreyer rivalry types, comma-separated (NULL if none)",
        "tss_rivalry": "1 if in a Thompson–Sakuwa–Suhas strategic rivalry (NULL after 2020)",
        **{f"tss_{t}": f"1 if the TSS rivalry is coded {t}" for t in TSS_TYPES},
    }
    columns["tss_principal"] = "1 if the TSS rivalry is one of the state's principal rivalries"
    return panel.extend("rivalries", sql, columns)
