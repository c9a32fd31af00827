"""ATOP v5.1 alliance obligations (Leeds et al. 2002).

ATOP's directed dyad-year file has a row (A, B, year) when A has an alliance obligation
towards B; obligations can run one way only (the USA has a defence obligation to Japan,
Japan none to the USA). Within ATOP's years a dyad with no row has no alliance (0); outside
them every column is NULL.

Directed panels report each obligation of ccode1 towards ccode2. Undirected panels report
`atop_<type>` = 1 when the obligation runs in either direction, and the two directions
separately as `atop_<type>_12` (ccode1 towards ccode2) and `atop_<type>_21`.
"""

from __future__ import annotations

from ..panel import Panel
from ._common import FLAG, covered

OBLIGATIONS = {
    "defense": "defence obligation (to intervene militarily on the partner's behalf if attacked)",
    "offense": "offensive obligation (to join the partner in a military action)",
    "neutral": "neutrality obligation (not to aid the partner's attacker)",
    "nonagg": "non-aggression obligation (not to attack the partner)",
    "consul": "consultation obligation (to consult in a crisis)",
}


ANY = (
    "membership of a common alliance (ATOP's atopally: set even when this direction "
    "carries no obligation)"
)


def add_atop(panel: Panel) -> Panel:
    """Add the five ATOP obligation types plus `atop_any`, ATOP's sixth indicator (atopally)."""
    panel.require("add_atop")
    t = panel.ws.table("atop")
    fwd, rev = "f", "r"

    def val(alias: str, obligation: str | None) -> str:
        expr = f"{alias}.atop_{obligation}" if obligation else f"({alias}.ccode1 is not null)::int"
        return covered("atop", expr, kind=FLAG)

    joins = f"""
        from {{panel}} p
        left join {t} f on f.ccode1 = p.ccode1 and f.ccode2 = p.ccode2 and f.year = p.year
        left join {t} r on r.ccode1 = p.ccode2 and r.ccode2 = p.ccode1 and r.year = p.year
    """
    parts, columns = [], {}
    for ob, desc in {**OBLIGATIONS, "any": ANY}.items():
        key = None if ob == "any" else ob
        if panel.directed:
            parts.append(f"{val(fwd, key)} as atop_{ob}")
            columns[f"atop_{ob}"] = f"ATOP {desc}: ccode1 towards ccode2 (0/1)"
        else:
            parts.append(f"greatest({val(fwd, key)}, {val(rev, key)}) as atop_{ob}")
            parts.append(f"{val(fwd, key)} as atop_{ob}_12")
            parts.append(f"{val(rev, key)} as atop_{ob}_21")
            columns[f"atop_{ob}"] = f"ATOP {desc} in either direction (0/1)"
            columns[f"atop_{ob}_12"] = f"ATOP {desc} of ccode1 towards ccode2 (0/1)"
            columns[f"atop_{ob}_21"] = f"ATOP {desc} of ccode2 towards ccode1 (0/1)"
    return panel.extend("atop", f"select p.*, {', '.join(parts)} {joins}", columns)
