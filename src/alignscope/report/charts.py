"""Charts for the HTML report: Altair (Vega-Lite) specs rendered to inline SVG by vl-convert.

vl-convert renders in-process (no browser, no network): the data are inline values, and
the SVG's text uses the page's fonts, so the file needs nothing from outside to be read.
Rendered SVGs are kept in the user's cache folder keyed by the spec, so a report made
again is not rendered again (issue 13: six charts cost about 2.5 s in vl-convert).

No size in a chart comes from the fonts of the machine that builds it (issue 12): vl-convert
measures text with the fonts it finds, a reader's browser draws it with others. Long labels
are wrapped on character counts (`textfit`: CJK characters count double), vega never
truncates a label by its measure (`labelLimit` 0), each label axis gets an explicit width
from those counts (`minExtent` = `maxExtent`), and titles, value labels and the right edge
get room the same way. Legends are HTML lists under or over the SVG (`legend`), which wrap
with the page instead of being laid out by measured label widths.
"""

from __future__ import annotations

import hashlib
import json
import math
from html import escape
from pathlib import Path
from typing import Any

import altair as alt

from .cache import cache_dir, keep
from .i18n import Translator
from .textfit import block_width, width, wrap
from .view import DIMENSION_ORDER

VL_VERSION = "6.4"
FONT = '"Noto Sans", "Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei", sans-serif'
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#555555"]
"""Okabe–Ito colours (distinguishable with the common colour-vision deficiencies)."""
WIDTH = 720
"""Every chart's SVG is about this wide (labels included), in both languages."""
FONT_SIZE = 12
"""Axis labels, axis titles and value labels."""
LINE_HEIGHT = FONT_SIZE + 2
"""Vega's line height of multi-line labels at FONT_SIZE."""
TICK, LABEL_PAD = 5, 4
EDGE = 2 * FONT_SIZE
"""Room kept right of the plot for the half of the last tick label that sticks out."""
SPLIT_LINES = "split(datum.label, '\\n')"
"""A label's lines: the wrapped label text carries them joined by newlines."""


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    # aria=False: no generated English descriptions ("X-axis titled …", "date: …; …") on
    # every mark; the figure's name is set on the <svg> in its language (`to_svg`).
    return (
        chart.configure(font=FONT, aria=False)
        .configure_view(stroke=None)
        .configure_axis(
            labelFontSize=FONT_SIZE,
            titleFontSize=FONT_SIZE,
            gridColor="#e6e6e6",
            labelLimit=0,  # never cut by a measured width: labels are wrapped on counts
            titleLimit=0,
            tickSize=TICK,
            labelPadding=LABEL_PAD,
        )
    )


def to_svg(chart: alt.TopLevelMixin, label: str = "") -> str:
    """The chart as one <svg> element (no XML prolog), ready to inline in HTML, named
    `label` for screen readers.

    The assembled spec is not validated against the Vega-Lite JSON schema again: Altair's
    typed API built it, vl-convert rejects what it cannot compile, and the check cost about
    a second per report (issue 13).
    """
    spec = _config(chart).to_dict(validate=False)
    import vl_convert  # its JavaScript engine starts on first use, ~1 s: only on a cache miss

    key = json.dumps([spec, VL_VERSION, vl_convert.__version__], sort_keys=True)
    cached = _cache_file(hashlib.sha256(key.encode()).hexdigest())
    try:
        svg = cached.read_text(encoding="utf-8")
    except OSError:
        svg = vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)
        svg = svg[svg.index("<svg") :]
        keep(cached, svg)
    if label:
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return svg


def _cache_file(digest: str) -> Path:
    return cache_dir("charts") / f"{digest}.svg"


# ---------------------------------------------------------------- text room, not measured


def wrapped(labels: list[str], max_units: int, max_lines: int = 3) -> dict[str, str]:
    """Each label with its lines (`textfit.wrap`) joined by newlines, the text the chart
    shows; `label_axis` splits it again."""
    return {label: "\n".join(wrap(label, max_units, max_lines)) for label in labels}


def label_room(lines: list[str]) -> int:
    """The width in pixels a label axis gets for `lines`: their counted width, the tick and
    padding, and one em to spare (never measured)."""
    return math.ceil(block_width(lines, FONT_SIZE) + TICK + LABEL_PAD + FONT_SIZE)


def label_axis(labels: list[str], **kwargs: Any) -> tuple[alt.Axis, int]:
    """A band axis for wrapped `labels` (newline-joined lines) and the width it takes: set
    (`minExtent` = `maxExtent`), not measured; a label of n lines moves up by (n − 1) half
    lines so that its block is centred on its band."""
    lines = [line for label in labels for line in label.split("\n")]
    room = label_room(lines)
    most = max((label.count("\n") + 1 for label in labels), default=1)
    offset: Any = 0
    if most > 1:
        offset = {
            "condition": [
                {
                    "test": f"length({SPLIT_LINES}) == {n}",
                    "value": -(n - 1) * LINE_HEIGHT / 2,
                }
                for n in range(2, most + 1)
            ],
            "value": 0,
        }
    axis = alt.Axis(
        labelExpr=SPLIT_LINES,
        labelLimit=0,
        labelOffset=offset,
        minExtent=room,
        maxExtent=room,
        **kwargs,
    )
    return axis, room


def band_step(labels: list[str], rows: int = 1, least: int = 0) -> int:
    """Band height for labels of up to n lines over `rows` offset rows (at least `least`)."""
    most = max((label.count("\n") + 1 for label in labels), default=1)
    return max(least, math.ceil((most * LINE_HEIGHT + 4) / rows))


def title_lines(text: str, room: float) -> list[str] | str:
    """An axis title (bold) wrapped to the `room` pixels of its plot."""
    max_units = max(8, int(room / (FONT_SIZE * 0.6 * 1.1)))
    lines = wrap(text, max_units, max_lines=2)
    return lines if len(lines) > 1 else lines[0]


def ticks(plot: float, label_units: int = 5) -> int:
    """How many ticks a number axis of `plot` pixels asks for: each label (up to
    `label_units` units, "−12.5") with a gap, counted, so that vega's overlap check (which
    measures) has nothing to hide."""
    return max(2, int(plot // (label_units * FONT_SIZE * 0.6 + 2 * FONT_SIZE)))


def legend(entries: list[tuple[str, str]], mark: str | list[str]) -> str:
    """The chart's legend as an HTML list: (label, colour) entries with a key drawn in CSS,
    `mark` (line, bar, up, down) for all or one per entry. It wraps with the page; no width
    is measured."""
    marks = [mark] * len(entries) if isinstance(mark, str) else mark
    items = "".join(
        f'<li><i class="key {m}" style="--key:{escape(colour)}" aria-hidden="true"></i>'
        f"{escape(label)}</li>"
        for (label, colour), m in zip(entries, marks, strict=True)
    )
    return f'<ul class="legend">{items}</ul>'


def _label(dim_id: str, names: dict[str, str]) -> str:
    return f"{dim_id} {names.get(dim_id, '')}".strip()


DIMENSION_UNITS = 34
"""A dimension label ("I-4 Leaders and domestic politics") fits one line up to this."""


# ---------------------------------------------------------------- the charts


def series_chart(series: dict[str, Any], names: dict[str, str], t: Translator) -> str | None:
    """The dimensions' scores by year (lines break where a score is missing)."""
    _ = t
    years = series.get("years") or []
    numeric = [
        k
        for k, v in series.items()
        if k != "years"
        and isinstance(v, list)
        and all(x is None or isinstance(x, int | float) for x in v)
    ]  # the series also carries the type of each year ("type"): not a score
    ids = [i for i in DIMENSION_ORDER if i in numeric] + [
        k for k in numeric if k not in DIMENSION_ORDER
    ]
    rows = [
        {"year": y, "dimension": _label(i, names), "score": v}
        for i in ids
        for y, v in zip(years, series[i] or [], strict=False)
    ]
    if not rows:
        return None
    order = [_label(i, names) for i in ids]
    colours = [PALETTE[k % len(PALETTE)] for k in range(len(order))]
    room = math.ceil(width("100", FONT_SIZE) + TICK + LABEL_PAD + FONT_SIZE)
    plot = WIDTH - room - LINE_HEIGHT - EDGE
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(
            point=alt.OverlayMarkDef(size=24), strokeWidth=2, invalid="break-paths-show-domains"
        )
        .encode(
            x=alt.X(
                "year:Q",
                title=title_lines(_("year"), plot),
                axis=alt.Axis(format="d", tickMinStep=1),
                scale=alt.Scale(domain=[years[0], years[-1]], nice=False),
            ),
            y=alt.Y(
                "score:Q",
                title=_("score (0–100)"),
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(minExtent=room, maxExtent=room),
            ),
            color=alt.Color(
                "dimension:N",
                sort=order,
                scale=alt.Scale(domain=order, range=colours),
                legend=None,
            ),
        )
        .properties(
            width=plot, height=280, padding={"left": 5, "top": 5, "bottom": 5, "right": EDGE}
        )
    )
    svg = to_svg(chart, _("The dimensions over time"))
    return svg + legend(list(zip(order, colours, strict=True)), "line")


def year_chart(dimensions: list[dict[str, Any]], t: Translator) -> str | None:
    """The chosen year's dimension scores as horizontal bars; 'no data' where missing."""
    _ = t
    if not dimensions:
        return None
    labels = wrapped(
        [_label(d["id"], {d["id"]: d["name"]}) for d in dimensions], DIMENSION_UNITS, 2
    )
    rows = [
        {
            "dimension": labels[_label(d["id"], {d["id"]: d["name"]})],
            "score": d["score"],
            "text": d["score_text"] if d["score"] is not None else _("no data"),
        }
        for d in dimensions
    ]
    order = [r["dimension"] for r in rows]
    axis, room = label_axis(order)
    # value labels sit right of the bar (up to x = 100): room for the widest of them
    right = math.ceil(max(width(r["text"], FONT_SIZE) for r in rows) + 4 + FONT_SIZE)
    plot = WIDTH - room - right
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("dimension:N", sort=order, title=None, axis=axis),
    )
    bars = base.mark_bar(color=PALETTE[0], height=18).encode(
        x=alt.X(
            "score:Q",
            title=title_lines(_("score (0–100)"), plot),
            scale=alt.Scale(domain=[0, 100]),
        )
    )
    text = (
        base.mark_text(align="left", dx=4, fontSize=FONT_SIZE, color="#222")
        .encode(x=alt.X("label_x:Q"), text="text:N")
        .transform_calculate(label_x="isValid(datum.score) ? datum.score : 0")
    )
    chart = (bars + text).properties(
        width=plot,
        height=alt.Step(band_step(order, least=28)),
        padding={"left": 5, "top": 5, "bottom": 5, "right": right},
    )
    return to_svg(chart, _("Dimensions"))


def evidence_chart(
    evidence: list[dict[str, Any]], names: dict[str, str], start: int, year: int, t: Translator
) -> str | None:
    """Curated evidence as a timeline: one mark per event, by dimension, ▲ + / ▼ −."""
    _ = t
    closer, apart = _("closer (+)"), _("apart (−)")
    dated = [e for e in evidence if e["date"]]
    if not dated:
        return None
    present = {_label(e["dimension"], names) for e in dated}
    order = [_label(i, names) for i in DIMENSION_ORDER if _label(i, names) in present]
    order += sorted(present - set(order))
    labels = wrapped(order, DIMENSION_UNITS, 2)
    rows = [
        {
            "date": e["date"] if len(e["date"]) > 4 else f"{e['date']}-07-01",
            "dimension": labels[_label(e["dimension"], names)],
            "direction": closer if e["direction"] == "+" else apart,
        }
        for e in dated
    ]
    order = [labels[o] for o in order]
    axis, room = label_axis(order)
    plot = WIDTH - room - EDGE
    first = min(start, int(min(r["date"][:4] for r in rows)))
    colours = ["#009E73", "#D55E00"]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_point(size=110, filled=True, opacity=0.85)
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                scale=alt.Scale(domain=[f"{first}-01-01", f"{year}-12-31"]),
                axis=alt.Axis(format="%Y", tickCount=12),
            ),
            y=alt.Y("dimension:N", sort=order, title=None, axis=axis),
            color=alt.Color(
                "direction:N",
                scale=alt.Scale(domain=[closer, apart], range=colours),
                legend=None,
            ),
            shape=alt.Shape(
                "direction:N",
                scale=alt.Scale(domain=[closer, apart], range=["triangle-up", "triangle-down"]),
                legend=None,
            ),
        )
        .properties(
            width=plot,
            height=alt.Step(band_step(order, least=30)),
            padding={"left": 5, "top": 5, "bottom": 5, "right": EDGE},
        )
    )
    key = legend([(closer, colours[0]), (apart, colours[1])], ["up", "down"])
    return key + to_svg(chart, _("Evidence timeline"))
