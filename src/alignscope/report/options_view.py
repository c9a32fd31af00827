"""The options section of a report: the `options` entry of assess() in the report's language.

The options model (`alignscope.assess.options`, Wilkins 2012's three options; Snyder 1984's
abandonment and entrapment) gives net gains in security units with Monte Carlo
percentiles; this view formats them once for the terminal and the HTML report, keeps the
raw numbers the charts need, and translates the model's English labels by msgid.
"""

from __future__ import annotations

import math
from typing import Any

from .i18n import N_, Translator
from .view import Names, number

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
    """A net gain: three decimals with its sign (true minus), 0.000 for nothing."""
    if value is None or math.isnan(value):
        return "–"
    if abs(value) < 0.0005:
        return "0.000"
    return f"{value:+.3f}".replace("-", "−")


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
                "new_step": bool(o.get("new_step")),
                "net": {
                    r: {"mean": signed(net[r]["mean"]), "range": interval(net[r]), "raw": net[r]}
                    for r in ROLES
                    if r in net
                },
                "joint": {
                    "mean": signed(o["joint_net_gain"]["mean"]),
                    "range": interval(o["joint_net_gain"]),
                    "raw": o["joint_net_gain"],
                },
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
    return {
        "error": None,
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
        "notes": [
            t.data(n)
            for n in raw.get("notes") or []
            if not any(n.startswith(f"{k} is missing") for k in raw.get("missing_inputs") or [])
        ],
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


def _tornado(raw: dict[str, Any], labels: dict[str, str], t: Translator) -> dict[str, Any]:
    """The first TORNADO_ROWS sensitivity rows around the joint net gain of A and B under
    the option preferred at the defaults (the value every row shares at its default)."""
    _ = t
    rows = (raw.get("sensitivity") or [])[:TORNADO_ROWS]
    option = rows[0]["option"] if rows else (raw.get("preferred") or {}).get("at_defaults")
    by_option = {o["option"]: o for o in raw.get("options") or []}
    at = ((by_option.get(option) or {}).get("at_defaults") or {}).get("parties") or {}
    default = at["A"]["net"] + at["B"]["net"] if "A" in at and "B" in at else None
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
