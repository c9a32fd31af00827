"""The options section of a report: the `options` entry of assess() in the report's language.

The options model (`alignscope.assess.options`: the status quo at the dyad's current type,
one rung deeper on the declared alignment ladder, a trilateral / minilateral with the
patron; Snyder 1984's abandonment and entrapment) gives net gains in points with Monte
Carlo percentiles; this view formats them once for the terminal and the HTML report, keeps
the raw numbers the charts need, and translates the model's English labels by msgid.

One joint-gain figure (issue 10): every table and the sensitivity show the value at the
default parameters (`joint_net_gain.default`, `model.joint_gain`), in points, with the
draws' 5th–95th percentile as its range. The `mean` key of a formatted gain holds that
figure (the name is kept for `terminal.py`; `value` is the same text).
"""

from __future__ import annotations

import math
from typing import Any

from ..assess.options.analysis import MISSING_INPUT
from .i18n import N_, Translator
from .parts import Names, number

LADDER_MSGIDS = (
    # option labels (assess/options/ladder.py option_label; all_labels() lists them)
    N_("status quo (alliance)"),
    N_("status quo (rivalry)"),
    N_("status quo (strategic partnership)"),
    N_("status quo (quasi-alliance)"),
    N_("status quo (security community)"),
    N_("status quo (coalition)"),
    N_("status quo (tacit alignment)"),
    N_("status quo (non-aligned)"),
    N_("deepen to tacit alignment"),
    N_("deepen to strategic partnership"),
    N_("deepen to alliance"),
    N_("deepen to alliance with integration"),
    N_("trilateral / minilateral"),
    N_("minilateral (widen the framework)"),
    # rung labels and reasons (assess/options_params.toml [ladder])
    N_("no alignment"),
    N_("tacit alignment"),
    N_("strategic partnership"),
    N_("alliance"),
    N_("alliance with integration"),
    N_(
        "Alignment ladder from no alignment to an integrated alliance, by the strength of the "
        "commitment to help (Snyder 1997, Alliance Politics, ch. 1; Wilkins 2012's options "
        "for Taiwan–Japan: tacit alignment, strategic partnership, trilateral). Deepening "
        "climbs one rung, so the options always start where the dyad stands."
    ),
    N_(
        "No expectation of the partner's help: non-aligned states have none, rivals expect "
        "conflict (a rivalry's hostility with C still counts through C)."
    ),
    N_(
        "An expectation of help without an instrument (Snyder 1997), so nothing new for C to "
        "react to. A quasi-alliance (Cha 1999: no A–B pact, a common ally) stands here: its "
        "commitments run through the patron and are measured as P's commitment to each side."
    ),
    N_(
        "A formalised, non-binding, goal-driven tie (Wilkins 2008). A coalition (joint action "
        "for a task that year) stands here too: help is shown in the task but not promised "
        "beyond it."
    ),
    N_(
        "A written A–B defence commitment, honoured at the measured reliability of formal "
        "alliances (Leeds, Long & Mitchell 2000). A security community (Deutsch 1957) stands "
        "here: the tightly coupled ones expect mutual aid (Adler & Barnett 1998), and the "
        "classifier finds them among allies (USA–Canada is both)."
    ),
    N_(
        "An alliance with a combined command, forces in place and joint planning (the US–ROK "
        "Combined Forces Command; NATO's integrated structure): help becomes close to "
        "automatic (Schelling 1966). Above every current type, so only ever the deepening of "
        "an alliance."
    ),
    N_(
        "A standing framework with the patron (like the US–Japan–Australia Trilateral "
        "Strategic Dialogue) rests on at least a strategic partnership between A and B "
        "(Wilkins 2012: the trilateral builds on the partnership), adds support_trilateral of "
        "expected help, firms up P's ties by patron_uplift and needs P's consent."
    ),
    N_(
        "A framework with the patron is already in force, so the step is to widen it: bring "
        "in a further partner or turn the dialogue into a standing minilateral (Quad-like). "
        "It counts as a second framework step: the same added help, firming and reaction "
        "again."
    ),
    # parameters added with the ladder (assess/options_params.toml): labels, reasons
    N_("share of the gap to certain help closed by integration"),
    N_("C's reaction to a defence commitment or integration"),
    N_(
        "Integration on top of an alliance (a combined command, forward-deployed forces, "
        "interoperable planning, as in the US–ROK Combined Forces Command) makes help less a "
        "choice: forces in place are a tripwire (Schelling 1966, Arms and Influence, ch. 2). "
        "It closes this share of the gap between alliance_reliability and certain help; "
        "under a half, as a government still decides on war."
    ),
    N_(
        "A defence pact between A and B, or the integration of an alliance, is a military "
        "step aimed at C; in Snyder's (1984) adversary game a firmer alliance provokes the "
        "adversary. Even odds: above a partnership, which is not military, and below a "
        "framework with C's rival patron, which reads as containment."
    ),
    # inputs added with the ladder (assess/options/inputs.py INPUT_LABELS)
    N_("rung of the current type on the ladder"),
    N_("framework with P in force"),
    # units and criterion (assess/options/analysis.py)
    N_(
        "points: hundredths of the capability balance against C (COW CINC), a 0–100 scale; "
        "trade terms converted by econ_weight"
    ),
    N_(
        "best = the feasible option with the largest joint net gain of A and B; feasible = "
        "every party whose consent is needed (A and B for a new rung; and P for a framework "
        "step) gains over the status quo"
    ),
    # how the current type was found (analysis.current_type["how"], through HOW)
    N_("classified"),
    N_("the assessment's type"),
    # for terminal.py (the lead's patch for issue 10: the figure and the current type)
    N_(
        "Net gain in points at the default parameters (p5–p95 of the draws in the HTML and "
        "JSON reports)"
    ),
    N_("Current type: {type} ({how}), on the “{rung}” rung: the status quo starts there"),
)
"""The English strings the ladder added to the options model (issue 10); the older ones
are in `i18n.OPTION_MSGIDS`. A test checks every label, reason and rung is listed."""
HOW = {"classified": N_("classified"), "given": N_("the assessment's type")}
"""How the current type was found: `assess()` passes its own type ("given")."""
ROLES = ("A", "B", "P")
"""The parties whose gains the tables show: the dyad and the patron (C is the target)."""
COMPONENTS = (
    ("security", N_("security")),
    ("economic", N_("economic")),
    ("space", N_("international space")),
    ("coercion", N_("coercion")),
    ("military", N_("military response")),
    ("entrapment", N_("entrapment")),
)
"""Gain and cost components in model order (gains first); names as in `options.model`."""
TORNADO_ROWS = 8


def signed(value: float | None) -> str:
    """A net gain in points: one decimal with its sign (true minus), 0.0 for nothing."""
    if value is None or math.isnan(value):
        return "–"
    if abs(value) < 0.05:
        return "0.0"
    return f"{value:+.1f}".replace("-", "−")


def interval(s: dict[str, float]) -> str:
    """The 5th–95th percentile range of a draw summary."""
    return f"[{signed(s.get('p5'))}, {signed(s.get('p95'))}]"


def share(value: float | None) -> str:
    """A 0–1 index (abandonment, entrapment) with two decimals."""
    return "–" if value is None else f"{value:.2f}"


def percent(p: float | None) -> str:
    """A share of draws: whole percent, '<1%' / '>99%' rather than a rounded 0 or 100."""
    if p is None:
        return "–"
    if 0 < p < 0.01:
        return "<1%"
    if 0.99 < p < 1:
        return ">99%"
    return f"{100 * p:.0f}%"


def _range01(s: dict[str, float]) -> str:
    return f"{share(s.get('p5'))}–{share(s.get('p95'))}"


def _party(role: str, raw: dict[str, Any], codes: dict[str, str], names: Names, t: Translator):
    _ = t
    code = codes.get(role)
    chosen = raw.get({"C": "third", "P": "patron"}.get(role, "")) or {}
    how = None
    if role in ("C", "P"):
        how = _("suggested from the data") if chosen.get("suggested") else _("given")
    return {
        "role": role,
        "code": code or "–",
        "name": names.get(code, t.lang) if code else _("none"),
        "how": how,
    }


def options_view(raw: dict[str, Any] | None, names: Names, t: Translator) -> dict[str, Any] | None:
    """The options section in `t`'s language; None when the assessment has no options entry,
    {"error": sentence} when the model could not run."""
    _ = t
    if not raw:
        return None
    if raw.get("error"):
        return {"error": t.data(raw["error"])}
    codes: dict[str, str] = dict(raw.get("parties") or {})
    # short labels for the parties: codes in English, names in Chinese (as the triangle)
    short = {r: (names.get(c, t.lang) if t.lang == "zh-TW" else c) for r, c in codes.items() if c}
    labels = {o["option"]: t.data(o.get("label") or o["option"]) for o in raw.get("options") or []}
    preferred = raw.get("preferred") or {}
    rows, risks, components = [], [], []
    for o in raw.get("options") or []:
        label = labels[o["option"]]
        net = o.get("net_gain") or {}
        rows.append(
            {
                "option": o["option"],
                "label": label,
                "rung": t.data(o.get("rung_label")),
                "framework": o.get("framework", 0),
                "why": t.data(o.get("why")),
                "new_step": bool(o.get("new_step")),
                "net": {r: _gain(net[r]) for r in ROLES if r in net},
                "joint": _gain(o["joint_net_gain"]),
                "p_feasible": percent(o.get("p_feasible")),
                "p_best": percent(o.get("p_best")),
                "consent": [short.get(r, r) for r in o.get("consent") or []],
                "preferred": o["option"] == preferred.get("at_defaults"),
            }
        )
        risks.append(
            {
                "option": o["option"],
                "label": label,
                "abandonment": {
                    r: {"default": share(s["default"]), "range": _range01(s), "raw": s}
                    for r, s in (o.get("abandonment") or {}).items()
                },
                "entrapment": {
                    r: {"default": share(s["default"]), "range": _range01(s), "raw": s}
                    for r, s in (o.get("entrapment") or {}).items()
                },
            }
        )
        parties = (o.get("at_defaults") or {}).get("parties") or {}
        components.append(
            {
                "label": label,
                "parties": [
                    {
                        "role": r,
                        "who": short.get(r, r),
                        "cells": [signed(parties[r]["components"].get(k)) for k, _m in COMPONENTS],
                        "net": signed(parties[r].get("net")),
                    }
                    for r in ROLES
                    if r in parties
                ],
            }
        )
    current = raw.get("current_type") or {}
    return {
        "error": None,
        "current_type": {
            "name": t.type_name(current.get("type")),
            "how": t(HOW[current["how"]]) if current.get("how") in HOW else "–",
            "rung": t.data(current.get("rung_label")),
        },
        "ladder": t.data((raw.get("ladder") or {}).get("reason")),
        "parties": [_party(r, raw, codes, names, t) for r in ("A", "B", "C", "P")],
        "short": short,
        "roles": [r for r in ROLES if r in codes],
        "draws": number(raw.get("draws")),
        "seed": raw.get("seed"),
        "units": t.data(raw.get("units")),
        "criterion": t.data(raw.get("criterion")),
        "rows": rows,
        "preferred": {
            "at_defaults": labels.get(preferred.get("at_defaults"), "–"),
            "most_often_best": labels.get(preferred.get("most_often_best"), "–"),
        },
        "risks": risks,
        "component_names": [t(m) for _k, m in COMPONENTS],
        "components": components,
        "tornado": _tornado(raw, labels, t),
        "notes": [t.data(n) for n in raw.get("notes") or []
                  if getattr(n, "id", None) != MISSING_INPUT],
        "missing": [
            {
                "name": k,
                "label": t.data((raw.get("inputs") or {}).get(k, {}).get("label") or k),
                "note": t.data((raw.get("inputs") or {}).get(k, {}).get("note")),
            }
            for k in raw.get("missing_inputs") or []
        ],
        "parameters": [
            {
                "name": p["name"],
                "label": t.data(p.get("label")),
                "default": number(p.get("default")),
                "range": f"{number(p.get('low'))}–{number(p.get('high'))}",
                "log": p.get("scale") == "log",
                "reason": t.data(p.get("reason")),
                "from_file": p.get("origin") == "file",
            }
            for p in raw.get("parameters") or []
        ],
        "citations": list(raw.get("citations") or []),
    }


def _gain(s: dict[str, float]) -> dict[str, Any]:
    """A gain summary: the figure at the defaults (`value`, also under `mean`, the key
    terminal.py reads) and the draws' 5th–95th percentile."""
    value = signed(s.get("default", s.get("mean")))
    return {"value": value, "mean": value, "range": interval(s), "raw": s}


def _tornado(raw: dict[str, Any], labels: dict[str, str], t: Translator) -> dict[str, Any]:
    """The first TORNADO_ROWS sensitivity rows around the joint net gain of A and B under
    the option preferred at the defaults (the value every row shares at its default: the
    option's `joint_net_gain.default`, the figure of the options table)."""
    _ = t
    rows = (raw.get("sensitivity") or [])[:TORNADO_ROWS]
    option = rows[0]["option"] if rows else (raw.get("preferred") or {}).get("at_defaults")
    by_option = {o["option"]: o for o in raw.get("options") or []}
    default = ((by_option.get(option) or {}).get("joint_net_gain") or {}).get("default")
    out = []
    for r in rows:
        out.append(
            {
                "parameter": r["parameter"],
                "label": t.data(r.get("label") or r["parameter"]),
                "range": f"{number(r['low'])}–{number(r['high'])}",
                "low": r["low"],
                "high": r["high"],
                "net_low": r["net_at_low"],
                "net_high": r["net_at_high"],
                "net_low_text": signed(r["net_at_low"]),
                "net_high_text": signed(r["net_at_high"]),
                "best_low": labels.get(r["best_at_low"], r["best_at_low"]),
                "best_high": labels.get(r["best_at_high"], r["best_at_high"]),
                "flips": r["best_at_low"] != option or r["best_at_high"] != option,
                "best": (
                    _("unchanged")
                    if r["best_at_low"] == option == r["best_at_high"]
                    else "{} → {}".format(
                        labels.get(r["best_at_low"], r["best_at_low"]),
                        labels.get(r["best_at_high"], r["best_at_high"]),
                    )
                ),
                "thresholds": [
                    {
                        "value": number(h["value"]),
                        "from": labels.get(h["from"], h["from"]),
                        "to": labels.get(h["to"], h["to"]),
                    }
                    for h in r.get("thresholds") or []
                ],
            }
        )
    thresholds = [
        {"label": t.data(r.get("label") or r["parameter"]), **h}
        for r in raw.get("sensitivity") or []
        for h in (
            {
                "value": number(x["value"]),
                "from": labels.get(x["from"], x["from"]),
                "to": labels.get(x["to"], x["to"]),
            }
            for x in r.get("thresholds") or []
        )
    ]
    return {
        "option": labels.get(option, option or "–"),
        "default": default,
        "default_text": signed(default),
        "rows": out,
        "thresholds": thresholds,
    }
