"""COW Diplomatic Exchange v2006.1 (Bayer 2006): who is represented at whose capital, and how.

The source is observed about every five years (1817 … 2005) and holds both orders of every
pair, so both panel shapes join it on (ccode1, ccode2). A panel year takes the latest
observation at or before it if that is at most CARRY years earlier: 1990 serves 1990–1994,
2005 serves 2005–2009; years further from an observation (1915–1919, 1945–1949, after 2009)
are NULL rather than guessed. Levels are 0 none, 1 chargé d'affaires, 2 minister,
3 ambassador, 9 other; every exchange in 1950–1965 is coded 9 because the level was not
recorded then.
"""

from __future__ import annotations

from ..countries import FIRST_YEAR, LAST_YEAR
from ..panel import Panel

CARRY = 4
"""How many years an observation is carried forward: one less than the usual five-year step."""


def add_diplomatic(panel: Panel) -> Panel:
    """Add `de_level_12`, `de_level_21`, `de` and `de_year` (the observation year used)."""
    panel.require("add_diplomatic")
    t = panel.ws.table("diplomatic_exchange")
    observed = f"""
        select y.year, max(o.year) as obs
        from range({FIRST_YEAR}, {LAST_YEAR + 1}) y(year)
        join (select distinct year from {t}) o on o.year between y.year - {CARRY} and y.year
        group by y.year
    """
    sql = f"""
        with obs as ({observed})
        select p.*, s.DR_at_2::tinyint as de_level_12, s.DR_at_1::tinyint as de_level_21,
               s.DE::tinyint as de, s.year::smallint as de_year
        from {{panel}} p
        left join obs on obs.year = p.year
        left join {t} s on s.ccode1 = p.ccode1 and s.ccode2 = p.ccode2 and s.year = obs.obs
    """
    columns = {
        "de_level_12": "diplomatic representation of ccode1 at ccode2 (COW DE: 0 none, "
        "1 chargé d'affaires, 2 minister, 3 ambassador, 9 other; all exchanges 1950–65 are 9)",
        "de_level_21": "diplomatic representation of ccode2 at ccode1 (same codes)",
        "de": "1 if either state is represented at the other at level 1–3 (or 9 in 1950–65)",
        "de_year": "COW DE observation year the de_* values come from: the latest at or before "
        f"the year, at most {CARRY} years earlier (NULL: no observation that close, e.g. after "
        f"{2005 + CARRY})",
    }
    return panel.extend("diplomatic", sql, columns)
