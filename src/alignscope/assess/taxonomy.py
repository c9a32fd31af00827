"""Alignment types from declared rules over named facts, each rule cited.

The vocabulary follows Wilkins (2012), who separates alliances from the wider family of
alignments: an **alliance** is a formal, written commitment to military support (Snyder
1997, *Alliance Politics*; coded from ATOP, Leeds et al. 2002); a **strategic partnership**
is a formalised but non-binding, goal-driven relationship (Wilkins 2008, "Russo-Chinese
Strategic Partnership: A New Form of Security Cooperation?", *Contemporary Security Policy*
29(2)); a **quasi-alliance** links two unallied states that share a common ally (Cha 1999,
*Alignment Despite Antagonism*); a **security community** is a group with dependable
expectations of peaceful change (Deutsch et al. 1957; Adler & Barnett 1998), here: long
joint democracy, no use of force between them for 30 years, and both dense institutional and
dense economic ties (top decile of all dyads that year: the "dense networks" of institutions
and transactions of Adler & Barnett); a **coalition** is ad hoc, task-specific military
cooperation (Wilkins 2012), here: the two on the same side of a militarised dispute; **tacit
alignment** is alignment without a formal instrument of alliance or partnership: shared
threat plus a shared patron or functional agreements (Wilkins 2012; Snyder 1997 on alignment
as expectations of support); a **rivalry** is a strategic rivalry (Thompson & Dreyer 2012;
Thompson, Sakuwa & Suhas 2021); a **minilateral** group is three or more states with a
standing dialogue or framework (Naím 2009, "Minilateralism", *Foreign Policy* 173). No table
of answers: the same rules classify every dyad, and each explanation lists the facts that
made a rule fire.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PRIORITY = (
    "alliance",
    "rivalry",
    "strategic_partnership",
    "quasi_alliance",
    "security_community",
    "coalition",
    "tacit_alignment",
)
"""Order in which a fired rule becomes the primary type; the others become secondary."""


@dataclass(frozen=True)
class Rule:
    type: str
    summary: str
    cite: str
    facts: tuple[str, ...]
    test: Callable[[dict[str, Any]], bool]


def _get(f: dict[str, Any], name: str, default: Any = 0) -> Any:
    value = f.get(name)
    return default if value is None else value


def _allied(f: dict[str, Any]) -> bool:
    return (
        _get(f, "atop_defense") == 1
        or _get(f, "atop_offense") == 1
        or (_get(f, "defence_pact_instruments") > 0 and f.get("atop_defense") is None)
    )


def _rivals(f: dict[str, Any]) -> bool:
    return _get(f, "tss_rivalry") == 1 or _get(f, "td_rivalry") == 1


RULES: tuple[Rule, ...] = (
    Rule(
        "alliance",
        "a formal defence or offence obligation in either direction",
        "Wilkins 2012; Snyder 1997; Leeds et al. 2002 (ATOP)",
        ("atop_defense", "atop_offense", "defence_pact_instruments"),
        _allied,
    ),
    Rule(
        "rivalry",
        "the two are strategic rivals",
        "Thompson & Dreyer 2012; Thompson, Sakuwa & Suhas 2021",
        ("tss_rivalry", "td_rivalry"),
        _rivals,
    ),
    Rule(
        "strategic_partnership",
        "a declared strategic partnership and no alliance",
        "Wilkins 2008; Wilkins 2012",
        ("partnership_instruments",),
        lambda f: _get(f, "partnership_instruments") > 0 and not _allied(f),
    ),
    Rule(
        "quasi_alliance",
        "not allied with each other, but both allied with a common third state",
        "Cha 1999",
        ("common_allies", "atop_defense"),
        lambda f: _get(f, "common_allies") > 0 and not _allied(f),
    ),
    Rule(
        "security_community",
        "democracies together for 20+ years, no use of force between them in 30 years, "
        "and dense institutional and economic ties",
        "Deutsch et al. 1957; Adler & Barnett 1998",
        ("joint_democracy_years", "force_history30", "igo_joint_pct", "interdependence_pct"),
        lambda f: (
            _get(f, "joint_democracy_years") >= 20
            and f.get("force_history30") == 0
            and min(_get(f, "igo_joint_pct"), _get(f, "interdependence_pct")) >= 0.9
        ),
    ),
    Rule(
        "coalition",
        "on the same side of a militarised dispute, without an alliance",
        "Wilkins 2012",
        ("same_side_mids",),
        lambda f: _get(f, "same_side_mids") > 0 and not _allied(f),
    ),
    Rule(
        "tacit_alignment",
        "no alliance, partnership or rivalry between them, but a common rival and either a "
        "common patron or functional agreements",
        "Wilkins 2012; Snyder 1997",
        ("common_rivals", "common_patrons", "all_instruments", "partnership_instruments"),
        lambda f: (
            not _allied(f)
            and not _rivals(f)
            and _get(f, "partnership_instruments") == 0
            and _get(f, "common_rivals") > 0
            and (_get(f, "common_patrons") > 0 or _get(f, "all_instruments") > 0)
        ),
    ),
)


def classify_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """Type, secondary labels and every rule's verdict with the facts it read."""
    reasons, fired = [], []
    for rule in RULES:
        ok = bool(rule.test(facts))
        if ok:
            fired.append(rule.type)
        reasons.append(
            {
                "rule": rule.type,
                "fired": ok,
                "summary": rule.summary,
                "cite": rule.cite,
                "values": {k: facts.get(k) for k in rule.facts},
            }
        )
    primary = next((t for t in PRIORITY if t in fired), "non_aligned")
    for reason in reasons:
        reason["primary"] = reason["rule"] == primary
    if primary == "non_aligned":
        reasons.append(
            {
                "rule": "non_aligned",
                "fired": True,
                "primary": True,
                "summary": "no rule for an alignment or a rivalry fired",
                "cite": "Wilkins 2012",
                "values": {},
            }
        )
    return {"type": primary, "secondary": [t for t in fired if t != primary], "reasons": reasons}
