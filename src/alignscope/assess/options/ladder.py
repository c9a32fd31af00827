"""The alignment ladder the options are defined on (`[ladder]` in options_params.toml).

Rungs from no alignment to an integrated alliance, each with the alignment types that
stand on it and the declared parameters that give its partner support and C's reaction to
a step onto it; plus the framework step with the patron (trilateral, or its widening to a
minilateral when one is in force). The three options of a dyad of current type T:

    status quo    the rung of T (and the frameworks already in force);
    deepen        the rung above;
    trilateral    a framework step with P, on at least the framework's minimum rung.

So an allied dyad weighs its alliance, an alliance with integration and a trilateral with
its patron; a tacit one tacit alignment, a strategic partnership and a trilateral (Wilkins
2012's three options for Taiwan–Japan).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ...errors import UsageError
from .params import DEFAULT_FILE, _read

TYPES = (
    "alliance",
    "rivalry",
    "strategic_partnership",
    "quasi_alliance",
    "security_community",
    "coalition",
    "tacit_alignment",
    "non_aligned",
)
"""The alignment types a dyad can have (assess.taxonomy), each on one rung."""
TYPE_LABELS = {
    "alliance": "alliance",
    "rivalry": "rivalry",
    "strategic_partnership": "strategic partnership",
    "quasi_alliance": "quasi-alliance",
    "security_community": "security community",
    "coalition": "coalition",
    "tacit_alignment": "tacit alignment",
    "non_aligned": "non-aligned",
}
OPTIONS = ("status_quo", "deepen", "trilateral")
FRAMEWORK_TIERS = 2
"""0 no framework with P, 1 a trilateral with P, 2 widened to a minilateral."""


@dataclass(frozen=True)
class Rung:
    name: str
    label: str
    types: tuple[str, ...]
    support: tuple[str, ...]
    closes: str | None
    reaction: str | None
    formal: bool
    space: float
    completes_functional: bool
    reason: str


@dataclass(frozen=True)
class Ladder:
    rungs: tuple[Rung, ...]
    framework: dict[str, Any]
    reason: str

    def rung_of(self, current_type: str) -> int:
        """The index of the rung `current_type` stands on."""
        for i, rung in enumerate(self.rungs):
            if current_type in rung.types:
                return i
        raise UsageError(
            f"unknown alignment type '{current_type}' for the options; one of {', '.join(TYPES)}"
        )

    @property
    def min_framework_rung(self) -> int:
        return [r.name for r in self.rungs].index(self.framework["min_rung"])

    def options(self, current_type: str, framework: int) -> list[dict[str, Any]]:
        """The three options of a dyad of `current_type` with `framework` steps in force:
        option, rung (name, label), framework tier, new step and why (module docstring)."""
        r = self.rung_of(current_type)
        top = len(self.rungs) - 1
        f = min(max(int(framework), 0), FRAMEWORK_TIERS - 1)
        tri = max(r, self.min_framework_rung)
        states = ((r, f), (min(r + 1, top), f), (tri, f + 1))
        out = []
        for opt, (rung, tier) in zip(OPTIONS, states, strict=True):
            step = self.rungs[rung]
            why = step.reason
            if opt == "trilateral":
                why = self.framework["widen_reason" if f else "reason"]
            out.append(
                {
                    "option": opt,
                    "label": option_label(opt, current_type, step.label, f),
                    "rung": step.name,
                    "rung_label": step.label,
                    "rung_index": rung,
                    "framework": tier,
                    "why": " ".join(why.split()),
                }
            )
        return out


def option_label(option: str, current_type: str, rung_label: str, framework: int) -> str:
    """The English label of an option (a msgid: `all_labels` lists every one)."""
    if option == "status_quo":
        return f"status quo ({TYPE_LABELS[current_type]})"
    if option == "deepen":
        return f"deepen to {rung_label}"
    return "minilateral (widen the framework)" if framework else "trilateral / minilateral"


def all_labels() -> set[str]:
    """Every option label the ladder can give (for the catalog test)."""
    ladder = load_ladder()
    out = {option_label("status_quo", t, "", 0) for t in TYPES}
    out |= {option_label("deepen", "", r.label, 0) for r in ladder.rungs[1:]}
    return out | {option_label("trilateral", "", "", f) for f in range(FRAMEWORK_TIERS)}


def _rung(t: dict[str, Any]) -> Rung:
    return Rung(
        t["name"],
        t["label"],
        tuple(t["types"]),
        tuple(t["support"]),
        t.get("closes") or None,
        t.get("reaction") or None,
        bool(t["formal"]),
        float(t["space"]),
        bool(t["completes_functional"]),
        " ".join(t["reason"].split()),
    )


@cache
def load_ladder() -> Ladder:
    """The shipped ladder; every type on exactly one rung, every name a declared parameter."""
    raw = _read(DEFAULT_FILE, "parameter file")["ladder"]
    ladder = Ladder(tuple(_rung(t) for t in raw["rungs"]), dict(raw["framework"]),
                    " ".join(raw["reason"].split()))  # fmt: skip
    placed = [t for r in ladder.rungs for t in r.types]
    if sorted(placed) != sorted(TYPES):
        raise UsageError(f"the ladder in {DEFAULT_FILE} must place each type once: {placed}")
    return ladder
