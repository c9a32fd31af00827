"""The ATOP tie scale every measure uses: 3 defence or offence, 2 neutrality or
non-aggression, 1 consultation (Leeds et al. 2002's obligations ordered as the COW alliance
types of Signorino & Ritter 1999: type I defence, II neutrality/non-aggression, III entente).
"""

from __future__ import annotations

LEVELS = {"atop_defense": 3, "atop_offense": 3, "atop_neutral": 2, "atop_nonagg": 2,
          "atop_consul": 1}
"""Tie level of each ATOP obligation column."""


def tie_sql(alias: str = "", otherwise: int = 0) -> str:
    """SQL: the tie level of one ATOP row (`alias.` columns); `otherwise` when it carries no
    obligation above (1 where the row's existence is itself a tie, 0 where it is not)."""
    r = f"{alias}." if alias else ""
    return (
        f"case when {r}atop_defense = 1 or {r}atop_offense = 1 then 3 "
        f"when {r}atop_neutral = 1 or {r}atop_nonagg = 1 then 2 "
        f"when {r}atop_consul = 1 then 1 else {otherwise} end"
    )


def tie_level(row: dict) -> int:
    """The tie level of one ATOP row as a dict (a row with no obligation above counts 1)."""
    return max([LEVELS[k] for k in LEVELS if row.get(k) == 1] or [1])
