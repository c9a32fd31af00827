"""Charts of the options section (Altair → inline SVG through `charts.to_svg`).

Net gains as whiskers of the Monte Carlo draws (5th–95th percentile, median tick) around a
zero line; abandonment and entrapment (Snyder 1984) as grouped bars at the defaults with
their 5th–95th percentile; the tornado of the most sensitive parameters. Labels are wrapped
and given room on character counts, legends are HTML (see `charts`).
"""

from __future__ import annotations

from typing import Any

import altair as alt

from .charts import (
    EDGE,
    PALETTE,
    WIDTH,
    band_step,
    label_axis,
    legend,
    ticks,
    title_lines,
    to_svg,
    wrapped,
)
from .i18n import Translator

ROLE_COLOURS = {"A": PALETTE[0], "B": PALETTE[1], "P": PALETTE[3]}
OPTION_UNITS = 28
"""An option label ("status quo (tacit alignment)") fits one line up to this."""
PARAMETER_UNITS = 34
"""A parameter label with its range wraps beyond this."""
PADDING = {"left": 5, "top": 5, "bottom": 5, "right": EDGE}


def _who(o: dict[str, Any], role: str) -> str:
    return o["short"].get(role, role)


def _colours(o: dict[str, Any], roles: tuple[str, ...]) -> alt.Scale:
    return alt.Scale(domain=[_who(o, r) for r in roles], range=[ROLE_COLOURS[r] for r in roles])


def _key(o: dict[str, Any], roles: tuple[str, ...]) -> str:
    return legend([(_who(o, r), ROLE_COLOURS[r]) for r in roles], "bar")


def distribution_chart(o: dict[str, Any], t: Translator) -> str | None:
    """Per option, the net gain of A and B (and P where P must consent: the trilateral)."""
    _ = t
    labels = wrapped([row["label"] for row in o["rows"]], OPTION_UNITS)
    rows = []
    for row in o["rows"]:
        roles = ("A", "B", "P") if "P" in row["net"] and row["option"] == "trilateral" else "AB"
        for r in roles:
            s = row["net"][r]["raw"]
            rows.append(
                {"option": labels[row["label"]], "who": _who(o, r), "p5": s["p5"],
                 "p50": s["p50"], "p95": s["p95"]}
            )  # fmt: skip
    if not rows:
        return None
    order = list(labels.values())
    present = tuple(r for r in ("A", "B", "P") if any(x["who"] == _who(o, r) for x in rows))
    axis, room = label_axis(order)
    plot = WIDTH - room - EDGE
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("option:N", sort=order, title=None, axis=axis),
        yOffset=alt.YOffset("who:N", sort=[_who(o, r) for r in present]),
        color=alt.Color("who:N", scale=_colours(o, present), legend=None),
    )
    title = title_lines(_("net gain (points): 5th–95th percentile, | median"), plot)
    whisker = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("p5:Q", title=title, axis=alt.Axis(tickCount=ticks(plot))), x2="p95:Q"
    )
    median = base.mark_tick(thickness=2, size=14, color="#222").encode(x="p50:Q")
    zero = (
        alt.Chart(alt.Data(values=[{"x": 0}]))
        .mark_rule(color="#555", strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    chart = (zero + whisker + median).properties(
        width=plot, height=alt.Step(band_step(order, rows=2, least=16)), padding=PADDING
    )
    return _key(o, present) + to_svg(chart, _("Net gain over the draws"))


def risk_chart(o: dict[str, Any], t: Translator) -> str | None:
    """Abandonment (A, B) and entrapment (A, B, P) per option: bars at the defaults, rules
    over the draws' 5th–95th percentile, side by side."""
    _ = t
    panels = []
    labels = wrapped([r["label"] for r in o["risks"]], OPTION_UNITS)
    order = list(labels.values())
    axis, room = label_axis(order)
    spacing = 24
    plot = (WIDTH - room - spacing - EDGE) // 2
    # The panels share the offset scale (A, B, P: three slots per option), so one step
    # keeps their rows level; an option's band holds a label of up to three lines.
    step = max(band_step(order), 3 * 14) / 3
    for kind, roles, title in (
        ("abandonment", ("A", "B"), _("abandonment")),
        ("entrapment", ("A", "B", "P"), _("entrapment")),
    ):
        rows = [
            {"option": labels[r["label"]], "who": _who(o, k), "default": s["raw"]["default"],
             "p5": s["raw"]["p5"], "p95": s["raw"]["p95"]}
            for r in o["risks"]
            for k in roles
            if (s := r[kind].get(k))
        ]  # fmt: skip
        if not rows:
            continue
        base = alt.Chart(alt.Data(values=rows)).encode(
            y=alt.Y("option:N", sort=order, title=None, axis=axis if not panels else None),
            yOffset=alt.YOffset("who:N", sort=[_who(o, k) for k in roles]),
        )
        bars = base.mark_bar(height=10).encode(
            x=alt.X(
                "default:Q",
                title=title_lines(title, plot),
                scale=alt.Scale(domainMin=0),
                axis=alt.Axis(tickCount=ticks(plot, 3)),
            ),
            color=alt.Color("who:N", scale=_colours(o, ("A", "B", "P")), legend=None),
        )
        spread = base.mark_rule(color="#222").encode(x="p5:Q", x2="p95:Q")
        panels.append((bars + spread).properties(width=plot, height=alt.Step(step)))
    if not panels:
        return None
    chart = alt.hconcat(*panels, spacing=spacing).properties(padding=PADDING)
    svg = to_svg(chart.resolve_scale(color="shared"), _("Abandonment and entrapment"))
    return _key(o, ("A", "B", "P")) + svg


def tornado_chart(o: dict[str, Any], t: Translator) -> str | None:
    """The joint net gain of A and B under the preferred option when one parameter goes to
    its low (or high) end, the others at their defaults; bars from the default value."""
    _ = t
    tor = o["tornado"]
    if not tor["rows"] or tor["default"] is None:
        return None
    low, high = _("at the low end"), _("at the high end")
    brackets = "（{}）" if t.lang == "zh-TW" else " ({})"
    names = [f"{r['label']}{brackets.format(r['range'])}" for r in tor["rows"]]
    labels = wrapped(names, PARAMETER_UNITS)
    rows = []
    for r, name in zip(tor["rows"], names, strict=True):
        label = labels[name]
        rows.append({"parameter": label, "end": low, "from": tor["default"], "to": r["net_low"]})
        rows.append({"parameter": label, "end": high, "from": tor["default"], "to": r["net_high"]})
    order = list(dict.fromkeys(r["parameter"] for r in rows))
    axis, room = label_axis(order)
    plot = WIDTH - room - EDGE
    colours = ["#56B4E9", "#D55E00"]
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(height=16)
        .encode(
            y=alt.Y("parameter:N", sort=order, title=None, axis=axis),
            x=alt.X(
                "from:Q",
                title=title_lines(_("joint net gain of A and B (points)"), plot),
                axis=alt.Axis(tickCount=ticks(plot)),
            ),
            x2="to:Q",
            color=alt.Color(
                "end:N", scale=alt.Scale(domain=[low, high], range=colours), legend=None
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
    chart = (zero + bars + centre).properties(
        width=plot, height=alt.Step(band_step(order, least=24)), padding=PADDING
    )
    key = legend([(low, colours[0]), (high, colours[1])], "bar")
    return key + to_svg(chart, _("Sensitivity"))
