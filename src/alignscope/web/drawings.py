"""Inline SVG drawings of the dashboard, computed on the server with fixed geometry.

The world view is the network command's precomputed layout (one circle per bloc) whose
states and ties carry data attributes for the page's script.

Labels are ISO3 codes (the same width in every font and language); names are in the
tooltips. Tie colours come from the stylesheet (`.t-<type>`), the network command's colours.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from ..report.network_html import canvas, node_mark


def world_svg(net: dict[str, Any], lang: str) -> str:
    nodes, at, width, height = canvas(net)
    if not nodes:
        return ""

    parts = []
    for e in net["edges"]:
        if e["a"] not in nodes or e["b"] not in nodes:
            continue
        (ax, ay), (bx, by) = at(nodes[e["a"]]), at(nodes[e["b"]])
        # the page's script opens the pair on a click (data-a, data-b); a title per tie
        # would double the page for ~2,000 ties, so the type is in the class (colour)
        parts.append(
            f'<line class="tie t-{e["type"]}" data-a="{escape(e["a"])}" '
            f'data-b="{escape(e["b"])}" x1="{ax}" y1="{ay}" x2="{bx}" y2="{by}"/>'
        )
    for n in nodes.values():
        x, y = at(n)
        r, right, deg, lx, ly = node_mark(n, x, y)
        name = n["name_zh"] if lang == "zh-TW" else n["name"]
        parts.append(
            f'<g class="state" data-state="{escape(n["state"])}" tabindex="0" role="button">'
            f'<title>{escape(name)} ({n["degree"]})</title>'
            f'<circle cx="{x}" cy="{y}" r="{r:.1f}"/>'
            f'<text x="{lx:.1f}" y="{ly:.1f}" dy="3.5" text-anchor="{"start" if right else "end"}"'
            f' transform="rotate({deg:.1f} {lx:.1f} {ly:.1f})">{escape(n["state"])}</text></g>'
        )
    return (
        f'<svg id="world" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{net["year"]}">{"".join(parts)}</svg>'
    )


def series_svg(series: dict[str, Any], names: dict[str, str], colours: dict[str, str]) -> str:
    """Seven dimension scores per year as lines on one 0–100 chart; years where the type
    changed are marked by a vertical rule. Fixed geometry, labels in the legend (HTML)."""
    years = series.get("years") or []
    if len(years) < 2:
        return ""
    w, h, left, top, bottom = 720, 240, 34, 10, 24
    x_of = {y: left + (w - left - 10) * i / (len(years) - 1) for i, y in enumerate(years)}

    def y_of(v: float) -> float:
        return top + (h - top - bottom) * (1 - v / 100)

    parts = []
    for v in (0, 25, 50, 75, 100):
        parts.append(f'<line class="grid" x1="{left}" x2="{w - 10}" y1="{y_of(v):.1f}" '
                     f'y2="{y_of(v):.1f}"/><text class="axis" x="{left - 4}" '
                     f'y="{y_of(v) + 3:.1f}" text-anchor="end">{v}</text>')
    types = series.get("type") or []
    for i in range(1, len(years)):
        if i < len(types) and types[i] != types[i - 1]:
            x = x_of[years[i]]
            parts.append(f'<line class="change" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" '
                         f'y2="{h - bottom}"/>')
    step = max(1, math.ceil(len(years) / 12))
    for i, y in enumerate(years):
        if i % step == 0 or i == len(years) - 1:
            parts.append(f'<text class="axis" x="{x_of[y]:.1f}" y="{h - 6}" '
                         f'text-anchor="middle">{y}</text>')
    for dim in names:
        values = series.get(dim) or []
        points = " ".join(f"{x_of[y]:.1f},{y_of(v):.1f}" for y, v in zip(years, values,
                                                                        strict=False)
                          if v is not None)
        if points:
            parts.append(f'<polyline fill="none" stroke="{colours[dim]}" stroke-width="1.6" '
                         f'points="{points}"><title>{escape(names[dim])}</title></polyline>')
    return (f'<svg class="series" viewBox="0 0 {w} {h}" role="img" '
            f'aria-label="series">{"".join(parts)}</svg>')
