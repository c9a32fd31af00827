"""The triangle view as inline SVG: the dyad A–B with the third state C, and with the patron P.

Two triangles side by side would crowd the labels, so each gets its own: the apex (C or P)
on top, A and B below, and each edge carries the features of the two states it joins,
written outside the triangle along the edge so that no label crosses a line.
"""

from __future__ import annotations

from html import escape
from typing import Any

W = 900
APEX, LEFT, RIGHT = (450, 60), (230, 330), (670, 330)
LINE = 19
GAP = 14


def _x_on(p: tuple[int, int], q: tuple[int, int], y: float) -> float:
    """x of the segment p–q at height y."""
    (x1, y1), (x2, y2) = p, q
    return x1 + (x2 - x1) * (y - y1) / (y2 - y1)


def _text(x: float, y: float, text: str, anchor: str, cls: str = "f") -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" class="{cls}">{escape(text)}</text>'
    )


def _item(item: dict[str, Any], view: dict[str, Any]) -> tuple[str, str]:
    _, year, used = view["t"], view["year"], item["year_used"]
    stale = f" ({used})" if used is not None and year is not None and used != year else ""
    text = _("{label}: {value}").format(label=item["label"], value=item["value"] + stale)
    return text, "f miss" if item["missing"] else "f"


def _side(
    items: list[dict[str, Any]],
    top: tuple[int, int],
    bottom: tuple[int, int],
    anchor: str,
    view: dict[str, Any],
) -> list[str]:
    """Labels stacked beside a slanted edge, each a fixed gap outside it."""
    mid = (top[1] + bottom[1]) / 2
    first = mid - (len(items) - 1) * LINE / 2
    out = []
    for k, item in enumerate(items):
        y = first + k * LINE
        x = _x_on(top, bottom, y - 4) + (-GAP if anchor == "end" else GAP)
        text, cls = _item(item, view)
        out.append(_text(x, y, text, anchor, cls))
    return out


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
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" class="triangle" '
        f'role="img" aria-label="{escape(apex["name"])} – {escape(a["name"])} – '
        f'{escape(b["name"])}">',
        f'<polygon points="{APEX[0]},{APEX[1]} {LEFT[0]},{LEFT[1]} {RIGHT[0]},{RIGHT[1]}" '
        'class="edge"/>',
    ]
    for (x, y), cls in ((APEX, "apex"), (LEFT, "node"), (RIGHT, "node")):
        parts.append(f'<circle cx="{x}" cy="{y}" r="9" class="{cls}"/>')
    apex_name = f"{apex_key} · {apex['name']}" + (f" ({apex['code']})" if apex["code"] else "")
    parts.append(_text(APEX[0], APEX[1] - 22, apex_name, "middle", "n"))
    parts.append(_text(LEFT[0] - 16, LEFT[1] + 5, f"A · {a['name']} ({a['code']})", "end", "n"))
    parts.append(_text(RIGHT[0] + 16, RIGHT[1] + 5, f"B · {b['name']} ({b['code']})", "start", "n"))
    parts += _side(left, APEX, LEFT, "end", view)
    parts += _side(right, APEX, RIGHT, "start", view)
    for k, item in enumerate(base):
        text, cls = _item(item, view)
        parts.append(_text((LEFT[0] + RIGHT[0]) / 2, LEFT[1] + 30 + k * LINE, text, "middle", cls))
    if apex_key == "P":
        short = tri["short"]
        for k, item in enumerate(edges.get("PC") or []):
            text, cls = _item(item, view)
            parts.append(
                _text(
                    APEX[0] + 24,
                    APEX[1] + 5 + k * LINE,
                    f"{short['P']}–{short['C']} {text}",
                    "start",
                    cls,
                )
            )
    parts.append("</svg>")
    return "\n".join(parts)
