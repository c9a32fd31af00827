"""Charts of the options section (Altair → inline SVG through `charts.to_svg`).

Net gains as whiskers of the Monte Carlo draws (5th–95th percentile, median tick) around a
zero line; abandonment and entrapment (Snyder 1984) as grouped bars at the defaults with
their 5th–95th percentile; the tornado of the most sensitive parameters.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from .charts import PALETTE, WIDTH, to_svg
from .i18n import Translator

ROLE_COLOURS = {"A": PALETTE[0], "B": PALETTE[1], "P": PALETTE[3]}


def _who(o: dict[str, Any], role: str) -> str:
    return o["short"].get(role, role)


def _colours(o: dict[str, Any], roles: tuple[str, ...]) -> alt.Scale:
    return alt.Scale(domain=[_who(o, r) for r in roles], range=[ROLE_COLOURS[r] for r in roles])


def distribution_chart(o: dict[str, Any], t: Translator) -> str | None:
    """Per option, the net gain of A and B (and P where P must consent: the trilateral)."""
    _ = t
    rows = []
    for row in o["rows"]:
        roles = ("A", "B", "P") if "P" in row["net"] and row["option"] == "trilateral" else "AB"
        for r in roles:
            s = row["net"][r]["raw"]
            rows.append(
                {"option": row["label"], "who": _who(o, r), "p5": s["p5"], "p50": s["p50"],
                 "p95": s["p95"]}
            )  # fmt: skip
    if not rows:
        return None
    order = [row["label"] for row in o["rows"]]
    present = tuple(r for r in ("A", "B", "P") if any(x["who"] == _who(o, r) for x in rows))
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("who:N", sort=[_who(o, r) for r in present]),
        color=alt.Color(
            "who:N", title=None, scale=_colours(o, present), legend=alt.Legend(orient="top")
        ),
    )
    title = _("net gain (points): 5th–95th percentile, | median")
    whisker = base.mark_rule(strokeWidth=3).encode(x=alt.X("p5:Q", title=title), x2="p95:Q")
    median = base.mark_tick(thickness=2, size=14, color="#222").encode(x="p50:Q")
    zero = (
        alt.Chart(alt.Data(values=[{"x": 0}]))
        .mark_rule(color="#555", strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    chart = (zero + whisker + median).properties(width=WIDTH - 260, height=alt.Step(16))
    return to_svg(chart)


def risk_chart(o: dict[str, Any], t: Translator) -> str | None:
    """Abandonment (A, B) and entrapment (A, B, P) per option: bars at the defaults, rules
    over the draws' 5th–95th percentile, side by side."""
    _ = t
    panels = []
    order = [r["label"] for r in o["risks"]]
    for kind, roles, title in (
        ("abandonment", ("A", "B"), _("abandonment")),
        ("entrapment", ("A", "B", "P"), _("entrapment")),
    ):
        rows = [
            {"option": r["label"], "who": _who(o, k), "default": s["raw"]["default"],
             "p5": s["raw"]["p5"], "p95": s["raw"]["p95"]}
            for r in o["risks"]
            for k in roles
            if (s := r[kind].get(k))
        ]  # fmt: skip
        if not rows:
            continue
        base = alt.Chart(alt.Data(values=rows)).encode(
            y=alt.Y(
                "option:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelLimit=200) if not panels else None,
            ),
            yOffset=alt.YOffset("who:N", sort=[_who(o, k) for k in roles]),
        )
        bars = base.mark_bar(height=10).encode(
            x=alt.X("default:Q", title=title, scale=alt.Scale(domainMin=0)),
            color=alt.Color(
                "who:N", title=None, scale=_colours(o, ("A", "B", "P")),
                legend=alt.Legend(orient="top"),
            ),
        )  # fmt: skip
        spread = base.mark_rule(color="#222").encode(x="p5:Q", x2="p95:Q")
        panels.append((bars + spread).properties(width=(WIDTH - 260) // 2, height=alt.Step(14)))
    if not panels:
        return None
    chart = alt.hconcat(*panels, spacing=24)
    return to_svg(chart.resolve_scale(color="shared"))


def tornado_chart(o: dict[str, Any], t: Translator) -> str | None:
    """The joint net gain of A and B under the preferred option when one parameter goes to
    its low (or high) end, the others at their defaults; bars from the default value."""
    _ = t
    tor = o["tornado"]
    if not tor["rows"] or tor["default"] is None:
        return None
    low, high = _("at the low end"), _("at the high end")
    rows = []
    for r in tor["rows"]:
        name = f"{r['label']} ({r['range']})"
        rows.append({"parameter": name, "end": low, "from": tor["default"], "to": r["net_low"]})
        rows.append({"parameter": name, "end": high, "from": tor["default"], "to": r["net_high"]})
    order = list(dict.fromkeys(r["parameter"] for r in rows))
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(height=16)
        .encode(
            y=alt.Y("parameter:N", sort=order, title=None, axis=alt.Axis(labelLimit=340)),
            x=alt.X("from:Q", title=_("joint net gain of A and B (points)")),
            x2="to:Q",
            color=alt.Color(
                "end:N",
                title=None,
                scale=alt.Scale(domain=[low, high], range=["#56B4E9", "#D55E00"]),
                legend=alt.Legend(orient="top"),
            ),
        )
    )
    centre = (
        alt.Chart(alt.Data(values=[{"x": tor["default"]}]))
        .mark_rule(color="#222", strokeWidth=1.5)
        .encode(x="x:Q")
    )
    zero = (
        alt.Chart(alt.Data(values=[{"x": 0}]))
        .mark_rule(color="#888", strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    chart = (zero + bars + centre).properties(width=WIDTH - 360, height=alt.Step(24))
    return to_svg(chart)
