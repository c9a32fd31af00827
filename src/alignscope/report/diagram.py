"""The triangle view as inline SVG: the dyad A–B with the third state C, and with the patron P.

Two triangles side by side would crowd the labels, so each gets its own: the apex (C or P)
on top, A and B below, and each edge carries the features of the two states it joins,
written outside the triangle along the edge so that no label crosses a line.

The reader's browser draws the labels with its own fonts, so the drawing's width is not
fixed: the viewBox is widened to hold every label at its width counted from characters
(`textfit`, CJK characters double), never measured, so that no label is cut at the edge.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from .textfit import width

W = 900
APEX, LEFT, RIGHT = (450, 60), (230, 330), (670, 330)
LINE = 19
GAP = 14
MARGIN = 4
FONT_SIZE = {"f": 14, "n": 15}
"""Font size by class (report.css: svg.triangle text, text.n in bold)."""


def _x_on(p: tuple[int, int], q: tuple[int, int], y: float) -> float:
    """x of the segment p–q at height y."""
    (x1, y1), (x2, y2) = p, q
    return x1 + (x2 - x1) * (y - y1) / (y2 - y1)


def _text(x: float, y: float, text: str, anchor: str, cls: str = "f") -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" class="{cls}">{escape(text)}</text>'
    )


def _span(x: float, text: str, anchor: str, cls: str) -> tuple[float, float]:
    """Left and right end of a label at x, from its counted width (not measured)."""
    bold = cls.split()[0] == "n"
    w = width(text, FONT_SIZE["n" if bold else "f"], bold=bold)
    if anchor == "end":
        return x - w, x
    if anchor == "middle":
        return x - w / 2, x + w / 2
    return x, x + w


class _Labels:
    """The <text> elements of a drawing and how far left and right they reach."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.left, self.right = MARGIN, W - MARGIN

    def add(self, x: float, y: float, text: str, anchor: str, cls: str = "f") -> None:
        lo, hi = _span(x, text, anchor, cls)
        self.left, self.right = min(self.left, lo), max(self.right, hi)
        self.parts.append(_text(x, y, text, anchor, cls))


def _item(item: dict[str, Any], view: dict[str, Any]) -> tuple[str, str]:
    _, year, used = view["t"], view["year"], item["year_used"]
    stale = f" ({used})" if used is not None and year is not None and used != year else ""
    text = _("{label}: {value}").format(label=item["label"], value=item["value"] + stale)
    return text, "f miss" if item["missing"] else "f"


def _side(
    labels: _Labels,
    items: list[dict[str, Any]],
    top: tuple[int, int],
    bottom: tuple[int, int],
    anchor: str,
    view: dict[str, Any],
) -> None:
    """Labels stacked beside a slanted edge, each a fixed gap outside it."""
    mid = (top[1] + bottom[1]) / 2
    first = mid - (len(items) - 1) * LINE / 2
    for k, item in enumerate(items):
        y = first + k * LINE
        x = _x_on(top, bottom, y - 4) + (-GAP if anchor == "end" else GAP)
        text, cls = _item(item, view)
        labels.add(x, y, text, anchor, cls)


def triangle_svg(view: dict[str, Any], apex_key: str) -> str:
    """One triangle: apex C (third state) or P (patron) over the dyad A–B."""
    tri = view["triangle"]
    apex = tri["parties"][apex_key]
    a, b = (view["states"] + [{"code": "A", "name": "A"}] * 2)[:2]
    edges = tri["edges"]
    left = edges.get("A" + apex_key) or []
    right = edges.get("B" + apex_key) or []
    base = edges.get("AB" + apex_key.lower()) or []
    height = LEFT[1] + 30 + len(base) * LINE
    shapes = [
        f'<polygon points="{APEX[0]},{APEX[1]} {LEFT[0]},{LEFT[1]} {RIGHT[0]},{RIGHT[1]}" '
        'class="edge"/>',
    ]
    for (x, y), cls in ((APEX, "apex"), (LEFT, "node"), (RIGHT, "node")):
        shapes.append(f'<circle cx="{x}" cy="{y}" r="9" class="{cls}"/>')
    labels = _Labels()
    apex_name = f"{apex_key} · {apex['name']}" + (f" ({apex['code']})" if apex["code"] else "")
    labels.add(APEX[0], APEX[1] - 22, apex_name, "middle", "n")
    labels.add(LEFT[0] - 16, LEFT[1] + 5, f"A · {a['name']} ({a['code']})", "end", "n")
    labels.add(RIGHT[0] + 16, RIGHT[1] + 5, f"B · {b['name']} ({b['code']})", "start", "n")
    _side(labels, left, APEX, LEFT, "end", view)
    _side(labels, right, APEX, RIGHT, "start", view)
    for k, item in enumerate(base):
        text, cls = _item(item, view)
        labels.add((LEFT[0] + RIGHT[0]) / 2, LEFT[1] + 30 + k * LINE, text, "middle", cls)
    if apex_key == "P":
        short = tri["short"]
        for k, item in enumerate(edges.get("PC") or []):
            text, cls = _item(item, view)
            labels.add(
                APEX[0] + 24,
                APEX[1] + 5 + k * LINE,
                f"{short['P']}–{short['C']} {text}",
                "start",
                cls,
            )
    # widened the same on both sides, so that the triangle stays in the middle
    extra = math.ceil(max(0.0, MARGIN - labels.left, labels.right + MARGIN - W))
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-extra} 0 {W + 2 * extra} {height}" '
        f'class="triangle" role="img" aria-label="{escape(apex["name"])} – '
        f'{escape(a["name"])} – {escape(b["name"])}">'
    )
    return "\n".join([head, *shapes, *labels.parts, "</svg>"])
