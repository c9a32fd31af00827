"""Charts for the HTML report: Altair (Vega-Lite) specs rendered to inline SVG by vl-convert.

vl-convert renders in-process (no browser, no network): the data are inline values, and
the SVG's text uses the page's fonts, so the file needs nothing from outside to be read.
Rendered SVGs are kept in the user's cache folder keyed by the spec, so a report made
again is not rendered again (issue 13: six charts cost about 2.5 s in vl-convert).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import altair as alt

from .i18n import Translator
from .view import DIMENSION_ORDER

VL_VERSION = "6.4"
FONT = '"Noto Sans", "Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei", sans-serif'
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#555555"]
"""Okabe–Ito colours (distinguishable with the common colour-vision deficiencies)."""
WIDTH = 720


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12, gridColor="#e6e6e6")
        .configure_legend(labelFontSize=12, titleFontSize=12, labelLimit=320)
    )


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as one <svg> element (no XML prolog), ready to inline in HTML.

    The assembled spec is not validated against the Vega-Lite JSON schema again: Altair's
    typed API built it, vl-convert rejects what it cannot compile, and the check cost about
    a second per report (issue 13).
    """
    spec = _config(chart).to_dict(validate=False)
    import vl_convert  # its JavaScript engine starts on first use, ~1 s: only on a cache miss

    key = json.dumps([spec, VL_VERSION, vl_convert.__version__], sort_keys=True)
    cached = _cache_file(hashlib.sha256(key.encode()).hexdigest())
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    svg = vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)
    svg = svg[svg.index("<svg") :]
    _store(cached, svg)
    return svg


def _cache_file(digest: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "alignscope" / "charts" / f"{digest}.svg"


def _store(path: Path, svg: str) -> None:
    """Keep `svg` at `path` (temp file, then rename); a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(svg)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def _label(dim_id: str, names: dict[str, str]) -> str:
    return f"{dim_id} {names.get(dim_id, '')}".strip()


def series_chart(series: dict[str, Any], names: dict[str, str], t: Translator) -> str | None:
    """The dimensions' scores by year (lines break where a score is missing)."""
    _ = t
    years = series.get("years") or []
    ids = [i for i in DIMENSION_ORDER if i in series] + [
        k for k in series if k != "years" and k not in DIMENSION_ORDER
    ]
    rows = [
        {"year": y, "dimension": _label(i, names), "score": v}
        for i in ids
        for y, v in zip(years, series[i] or [], strict=False)
    ]
    if not rows:
        return None
    order = [_label(i, names) for i in ids]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(
            point=alt.OverlayMarkDef(size=24), strokeWidth=2, invalid="break-paths-show-domains"
        )
        .encode(
            x=alt.X(
                "year:Q",
                title=_("year"),
                axis=alt.Axis(format="d", tickMinStep=1),
                scale=alt.Scale(domain=[years[0], years[-1]], nice=False),
            ),
            y=alt.Y("score:Q", title=_("score (0–100)"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "dimension:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=PALETTE[: len(order)] or PALETTE),
                legend=alt.Legend(orient="bottom", columns=3, symbolStrokeWidth=3),
            ),
        )
        .properties(width=WIDTH, height=280)
    )
    return to_svg(chart)


def year_chart(dimensions: list[dict[str, Any]], t: Translator) -> str | None:
    """The chosen year's dimension scores as horizontal bars; 'no data' where missing."""
    _ = t
    if not dimensions:
        return None
    rows = [
        {
            "dimension": _label(d["id"], {d["id"]: d["name"]}),
            "score": d["score"],
            "text": d["score_text"] if d["score"] is not None else _("no data"),
        }
        for d in dimensions
    ]
    order = [r["dimension"] for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
    )
    bars = base.mark_bar(color=PALETTE[0], height=18).encode(
        x=alt.X("score:Q", title=_("score (0–100)"), scale=alt.Scale(domain=[0, 100]))
    )
    text = (
        base.mark_text(align="left", dx=4, fontSize=12, color="#222")
        .encode(x=alt.X("label_x:Q"), text="text:N")
        .transform_calculate(label_x="isValid(datum.score) ? datum.score : 0")
    )
    chart = (bars + text).properties(width=WIDTH - 220, height=alt.Step(28))
    return to_svg(chart)


def evidence_chart(
    evidence: list[dict[str, Any]], names: dict[str, str], start: int, year: int, t: Translator
) -> str | None:
    """Curated evidence as a timeline: one mark per event, by dimension, ▲ + / ▼ −."""
    _ = t
    rows = [
        {
            "date": e["date"] if len(e["date"]) > 4 else f"{e['date']}-07-01",
            "dimension": _label(e["dimension"], names),
            "direction": _("closer (+)") if e["direction"] == "+" else _("apart (−)"),
        }
        for e in evidence
        if e["date"]
    ]
    if not rows:
        return None
    present = {r["dimension"] for r in rows}
    order = [_label(i, names) for i in DIMENSION_ORDER if _label(i, names) in present]
    order += sorted(present - set(order))
    first = min(start, int(min(r["date"][:4] for r in rows)))
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
            y=alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color(
                "direction:N",
                title=None,
                scale=alt.Scale(
                    domain=[_("closer (+)"), _("apart (−)")], range=["#009E73", "#D55E00"]
                ),
                legend=alt.Legend(orient="top"),
            ),
            shape=alt.Shape(
                "direction:N",
                title=None,
                scale=alt.Scale(
                    domain=[_("closer (+)"), _("apart (−)")], range=["triangle-up", "triangle-down"]
                ),
                legend=None,
            ),
        )
        .properties(width=WIDTH - 80, height=alt.Step(30))
    )
    return to_svg(chart)
