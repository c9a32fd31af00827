"""Alignment types from declared rules over named facts, each rule cited.

The vocabulary follows Wilkins (2012), who separates alliances from the wider family of
alignments: an **alliance** is a formal, written commitment to military support (Snyder
1997, *Alliance Politics*; coded from ATOP, Leeds et al. 2002); a **strategic partnership**
is a formalised but non-binding, goal-driven relationship: any declared partnership,
security declaration or defence-partner designation in force that year (Wilkins 2008,
"Russo-Chinese Strategic Partnership: A New Form of Security Cooperation?", *Contemporary
Security Policy* 29(2)); a **quasi-alliance** links two unallied states that share a common
ally *and* a common threat and have direct ties of their own (Cha 1999, *Alignment Despite
Antagonism*); a **security community** is a group with dependable expectations of peaceful
change (Deutsch et al. 1957; Adler & Barnett 1998), here: long joint democracy, no use of
force between them for 30 years, and both dense institutional and dense economic ties (top
decile of all dyads that year: the "dense networks" of institutions and transactions of
Adler & Barnett); a **coalition** is ad hoc, task-specific military cooperation (Wilkins
2012), here: the two on the same side of a militarised dispute *in that year* (a rule that
needs a current event never fires on data carried past its source's end: it is reported as
untested); **tacit alignment** is alignment without a formal instrument of alliance or
partnership: shared threat plus a shared patron or functional agreements (Wilkins 2012;
Snyder 1997 on alignment as expectations of support); a **rivalry** is a strategic rivalry
(Thompson & Dreyer 2012; Thompson, Sakuwa & Suhas 2021); a **minilateral** group is three or
more states with a standing dialogue or framework (Naím 2009, "Minilateralism", *Foreign
Policy* 173). No table of answers: the same rules classify every dyad, and each explanation
lists the facts that made a rule fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRIORITY = (
    "alliance",
    "rivalry",
    "strategic_partnership",
    "security_community",
    "coalition",
    "quasi_alliance",
    "tacit_alignment",
)
"""Order in which a fired rule becomes the primary type; the others become secondary.

Why this order: a written military commitment is the strongest, most binding form and
defines the relationship even between rivals inside it (Greece–Turkey in NATO); a strategic
rivalry outranks the non-binding forms, since a declared partnership between rivals (China–
India 2005) does not end the rivalry; declared partnerships are the parties' own formal
choice and so outrank the inferred forms; a security community is a settled, observed state
of the relationship (decades of joint democracy, dense ties, no force) and outranks what
one year shows; a coalition — joint military action in that very year — is direct evidence
of alignment and outranks the forms inferred from structure (a quasi-alliance, read from a
common ally and a common threat, and tacit alignment, read from a common threat and a
patron or functional agreements); tacit alignment is the weakest, inferred form, what is
left when nothing formal exists."""

FACTS: dict[str, tuple[str, str, bool]] = {
    # name: (frame expression, source whose stand-in year it reads, carried past its end)
    "allied_atop": ("greatest(atop_defense, atop_offense)", "atop", True),
    "atop_any": ("atop_any", "atop", True),
    "common_allies": ("common_allies", "atop", True),
    "tss_rivalry": ("tss_rivalry", "rivalries_tss", True),
    "td_rivalry": ("td_rivalry", "rivalries_td", True),
    "common_rivals": ("common_rivals", "rivalries_tss", True),
    "defence_pact_instruments": ("defence_pact_instruments", "agreements", True),
    "partnership_instruments": ("partnership_instruments", "agreements", True),
    "all_instruments": ("all_instruments", "agreements", True),
    "joint_democracy_years": ("joint_democracy_years", "democracy", True),
    "force_history30": ("force_history30", "mids", True),
    "same_side_mids": ("same_side_mids", "mids", False),
    "igo_joint": ("igo_joint", "igo_dyadic", True),
    "interdependence": ("trade_interdependence", "trade_dyadic", True),
    "desta_ptas_in_force": ("desta_ptas_in_force", "desta", True),
    "arms_stock": ("arms_stock", "arms_transfers", True),
}
"""Named facts the rules read, as frame expressions; see `engine` for stand-in years."""


def _f(name: str) -> str:
    return f"coalesce(fact_{name}, 0)"


ALLIED = f"({_f('allied_atop')} = 1 or {_f('defence_pact_instruments')} > 0)"
RIVALS = f"({_f('tss_rivalry')} = 1 or {_f('td_rivalry')} = 1)"
PARTNERS = f"({_f('partnership_instruments')} > 0)"
THREAT_MIN = 0.25
"""A third state threatens a side when its threat (measures.parties) is at least this: a
strategic rivalry always is; a year of militarised action by it, or a few of threats, is;
being the target of the side's own action, or a distant skirmish, is not."""
COMMON_THREAT = (
    f"({_f('common_rivals')} > 0 or (coalesce(third_threat_1, 0) >= {THREAT_MIN} "
    f"and coalesce(third_threat_2, 0) >= {THREAT_MIN}))"
)


def _area(col: str) -> str:
    """Region of a COW code; Europe and North America form one Euro-Atlantic area."""
    return (
        f"(case when {col} in (2, 20) or {col} between 200 and 399 then 'euro_atlantic' "
        f"when {col} < 200 then 'americas' when {col} between 400 and 626 then 'africa' "
        f"when {col} between 630 and 698 then 'middle_east' when {col} between 700 and 899 "
        f"then 'asia' else 'oceania' end)"
    )


SAME_AREA = f"({_area('ccode1')} = {_area('ccode2')} or least(ccode1, ccode2) >= 700 " \
    "and greatest(ccode1, ccode2) >= 900)"
"""Same region (Adler & Barnett's security communities are regional, the North Atlantic the
canonical case; Asia and Oceania are read as one Asia-Pacific area)."""
DIRECT_TIES = (
    f"({_f('all_instruments')} > 0 or {_f('atop_any')} = 1 "
    f"or {_f('desta_ptas_in_force')} > 0 or {_f('arms_stock')} > 0 "
    "or coalesce(fact_interdependence_pct, 0) >= 0.75)"
)
"""Direct ties of their own (Cha 1999): an agreement, any ATOP tie, a trade agreement, arms
transfers, or trade interdependence in the top quarter of all dyads that year."""
SHARED_PATRON = "(coalesce(patron_support_1, 0) > 0 and coalesce(patron_support_2, 0) > 0)"


@dataclass(frozen=True)
class Rule:
    code: str
    summary: str
    cite: str
    facts: tuple[str, ...]
    sql: str

    @property
    def type(self) -> str:
        return self.code.split(".")[0]


RULES: tuple[Rule, ...] = (
    Rule("alliance.atop", "a formal defence or offence obligation in either direction (ATOP)",
         "Wilkins 2012; Snyder 1997; Leeds et al. 2002 (ATOP)", ("allied_atop",),
         f"{_f('allied_atop')} = 1"),
    Rule("alliance.treaty", "a mutual-defence treaty in force (curated agreements)",
         "Wilkins 2012; Snyder 1997", ("defence_pact_instruments",),
         f"{_f('defence_pact_instruments')} > 0"),
    Rule("rivalry.tss", "the two are strategic rivals (Thompson, Sakuwa & Suhas)",
         "Thompson, Sakuwa & Suhas 2021", ("tss_rivalry",), f"{_f('tss_rivalry')} = 1"),
    Rule("rivalry.td", "the two are strategic rivals (Thompson & Dreyer)",
         "Thompson & Dreyer 2012", ("td_rivalry",), f"{_f('td_rivalry')} = 1"),
    Rule("strategic_partnership.declared",
         "a declared partnership, security declaration or defence-partner designation in "
         "force, and no alliance", "Wilkins 2008; Wilkins 2012",
         ("partnership_instruments", "allied_atop"), f"{PARTNERS} and not {ALLIED}"),
    Rule("quasi_alliance.cha",
         "not allied with each other, but a common ally, a common threat and direct ties of "
         "their own", "Cha 1999",
         ("common_allies", "common_rivals", "third_threat_1", "third_threat_2",
          "all_instruments", "atop_any", "desta_ptas_in_force", "arms_stock",
          "interdependence_pct"),
         f"not {ALLIED} and {_f('common_allies')} > 0 and {COMMON_THREAT} and {DIRECT_TIES}"),
    Rule("security_community.deutsch",
         "democracies together for 20+ years, no use of force between them in 30 years, "
         "and dense institutional and economic ties (top decile of both), in one region",
         "Deutsch et al. 1957; Adler & Barnett 1998",
         ("joint_democracy_years", "force_history30", "igo_joint_pct", "interdependence_pct"),
         f"{_f('joint_democracy_years')} >= 20 and fact_force_history30 = 0 and "
         "least(coalesce(fact_igo_joint_pct, 0), coalesce(fact_interdependence_pct, 0)) >= 0.9"
         f" and {SAME_AREA}"),
    Rule("coalition.same_side",
         "on the same side of a militarised dispute that year, without an alliance",
         "Wilkins 2012", ("same_side_mids",),
         f"not {ALLIED} and {_f('same_side_mids')} > 0"),
    Rule("tacit_alignment.threat_patron",
         "no alliance, partnership or rivalry, but a common threat and a patron backing both",
         "Wilkins 2012; Snyder 1997",
         ("common_rivals", "third_threat_1", "third_threat_2", "patron_support_1",
          "patron_support_2"),
         f"not {ALLIED} and not {RIVALS} and not {PARTNERS} and {COMMON_THREAT} "
         f"and {SHARED_PATRON}"),
    Rule("tacit_alignment.threat_agreements",
         "no alliance, partnership or rivalry, but a common threat and functional agreements",
         "Wilkins 2012", ("common_rivals", "third_threat_1", "third_threat_2",
                          "all_instruments"),
         f"not {ALLIED} and not {RIVALS} and not {PARTNERS} and {COMMON_THREAT} "
         f"and {_f('all_instruments')} > 0"),
)
"""The rules, each with a stable code `<type>.<basis>`; all read columns of the engine."""

UNTESTED = {
    "coalition.untested": "coalition could not be tested: MID data end before this year",
}


def fact_value(row: dict[str, Any], name: str) -> Any:
    """A rule's fact as the engine row holds it (facts are `fact_*`, triangle values bare)."""
    for key in (f"fact_{name}", name):
        if key in row:
            return row[key]
    return None


def explain(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Every rule's verdict for one engine row, with the facts it read (for reports)."""
    fired = set(row.get("rules") or [])
    primary = row.get("type")
    reasons = [
        {
            "rule": rule.type,
            "code": rule.code,
            "fired": rule.code in fired,
            "primary": rule.code in fired and rule.type == primary,
            "summary": rule.summary,
            "cite": rule.cite,
            "values": {f: fact_value(row, f) for f in rule.facts},
        }
        for rule in RULES
    ]
    for code in row.get("untested") or []:
        reasons.append({"rule": code.split(".")[0], "code": code, "fired": False,
                        "primary": False, "untested": True, "summary": UNTESTED[code],
                        "cite": "", "values": {}})
    if primary == "non_aligned":
        reasons.append({"rule": "non_aligned", "code": "non_aligned", "fired": True,
                        "primary": True, "summary": "no rule for an alignment or a rivalry fired",
                        "cite": "Wilkins 2012", "values": {}})
    # one primary mark per type: the first fired rule of the primary type
    seen = False
    for r in reasons:
        if r["primary"]:
            r["primary"], seen = not seen, True
    return reasons
