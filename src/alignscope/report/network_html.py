"""The alignment network as one self-contained HTML page: a fixed, precomputed layout drawn
as inline SVG (no script, no network), edges coloured by type, a legend, blocs, brokers and
the states without ties. Labels are ISO3 codes, which read the same in both languages and
have a fixed width whatever fonts the reader has; names are in the tooltips and the lists."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from typing import Any

COLOURS = {
    "alliance": "#1f5fa8",
    "strategic_partnership": "#2a9d5c",
    "quasi_alliance": "#8e5bb5",
    "security_community": "#3fa7c4",
    "coalition": "#d08a1e",
    "tacit_alignment": "#b0a12a",
    "rivalry": "#c0392b",
}
LABELS = {
    "en": {
        "alliance": "Alliance", "strategic_partnership": "Strategic partnership",
        "quasi_alliance": "Quasi-alliance", "security_community": "Security community",
        "coalition": "Coalition", "tacit_alignment": "Tacit alignment", "rivalry": "Rivalry",
        "title": "Alignment network", "blocs": "Blocs", "brokers": "Brokers",
        "ties": "ties", "bloc": "Bloc", "method": "Method",
        "none": "none", "isolated": "States without alignment ties",
    },
    "zh-TW": {
        "alliance": "同盟", "strategic_partnership": "戰略夥伴關係",
        "quasi_alliance": "準同盟", "security_community": "安全共同體",
        "coalition": "臨時聯盟", "tacit_alignment": "默示性同盟", "rivalry": "敵對",
        "title": "結盟網絡", "blocs": "集團", "brokers": "中介國",
        "ties": "條關係", "bloc": "集團", "method": "方法",
        "none": "無", "isolated": "沒有結盟關係的國家",
        "method_text": "集團：以 Louvain 模組度法（Blondel 等 2008；種子 7）依關係類型加權偵測"
        "（同盟 3、戰略夥伴關係與安全共同體 2、準同盟 1.5、臨時聯盟與默示性同盟 1）；"
        "中介國：與其他集團有關係的國家，依中介中心性排序（Freeman 1977）；"
        "版面：每個集團為一個圓，成員依 COW 代碼（地區）順序排列，集團由大到小並排；"
        "沒有關係的國家只列出、不繪製。",
    },
}
PAD = 40


def canvas(net: dict[str, Any]) -> tuple[dict[str, dict], Callable, float, float]:
    """The drawn states by code, a function placing one on the canvas, and the canvas size:
    the network's layout shifted so that it starts PAD from the top left."""
    nodes = {n["state"]: n for n in net["nodes"] if n["x"] is not None}
    xs = [n["x"] for n in nodes.values()] or [0.0]
    ys = [n["y"] for n in nodes.values()] or [0.0]
    x0, y0 = min(xs) - PAD, min(ys) - PAD

    def px(n: dict[str, Any]) -> tuple[float, float]:
        return round(n["x"] - x0, 1), round(n["y"] - y0, 1)

    return nodes, px, max(xs) - x0 + PAD, max(ys) - y0 + PAD


def node_mark(n: dict[str, Any], x: float, y: float) -> tuple[float, bool, float, float, float]:
    """A state's dot radius (by its ties) and its radial label: (r, label on the right,
    rotation in degrees, label x, label y)."""
    r = 2.5 + min(n["degree"], 60) ** 0.5 * 0.6
    right = math.cos(n["angle"]) >= 0
    deg = math.degrees(n["angle"]) + (0 if right else 180)
    return (r, right, deg, x + (r + 2) * math.cos(n["angle"]),
            y + (r + 2) * math.sin(n["angle"]))


def render(net: dict[str, Any], lang: str = "en") -> str:
    t = LABELS["zh-TW" if lang == "zh-TW" else "en"]
    nodes, px, width, height = canvas(net)
    parts = []
    for e in net["edges"]:
        if e["a"] not in nodes or e["b"] not in nodes:
            continue
        (ax, ay), (bx, by) = px(nodes[e["a"]]), px(nodes[e["b"]])
        same = nodes[e["a"]]["bloc"] is not None and nodes[e["a"]]["bloc"] == nodes[e["b"]]["bloc"]
        dash = ' stroke-dasharray="5 4"' if e["type"] == "rivalry" else ""
        opacity = "0.45" if same else "0.25"
        parts.append(f'<line x1="{ax}" y1="{ay}" x2="{bx}" y2="{by}" '
                     f'stroke="{COLOURS[e["type"]]}" stroke-opacity="{opacity}" '
                     f'stroke-width="1"{dash}><title>{escape(e["a"])}–{escape(e["b"])}: '
                     f'{escape(t[e["type"]])}</title></line>')
    for n in nodes.values():
        x, y = px(n)
        r, right, deg, lx, ly = node_mark(n, x, y)
        name = n["name_zh"] if lang == "zh-TW" else n["name"]
        parts.append(f'<g><circle cx="{x}" cy="{y}" r="{r:.1f}" fill="#444">'
                     f'<title>{escape(name)} ({n["degree"]} {t["ties"]})</title></circle>'
                     f'<text x="{lx:.1f}" y="{ly:.1f}" dy="3.5" text-anchor='
                     f'"{"start" if right else "end"}" transform="rotate({deg:.1f} {lx:.1f} '
                     f'{ly:.1f})">{escape(n["state"])}</text></g>')
    isolated = [n for n in net["nodes"] if n["x"] is None]
    legend = "".join(
        f'<span class="key"><i style="background:{COLOURS[k]}"></i>{escape(t[k])}</span>'
        for k in net["types"]
    )
    names = {n["state"]: (n["name_zh"] if lang == "zh-TW" else n["name"])
             for n in net["nodes"]}
    blocs = "".join(
        f"<li><b>{t['bloc']} {i + 1}</b> ({len(b)}): "
        f"{escape(', '.join(names[s] for s in b))}</li>"
        for i, b in enumerate(net["blocs"])
    ) or f"<li>{t['none']}</li>"
    brokers = "".join(
        f"<li>{escape(names[b['state']])} ({b['state']}): {b['betweenness']:.3f}</li>"
        for b in net["brokers"][:10]
    ) or f"<li>{t['none']}</li>"
    region = f" · {escape(net['region'])}" if net.get("region") else ""
    return f"""<!doctype html>
<html lang="{'zh-Hant-TW' if lang == 'zh-TW' else 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t['title'])} {net['year']}</title>
<style>
body {{ font-family: "Noto Sans", "Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei",
  system-ui, sans-serif; margin: 1.5rem; color: #222; max-width: 1140px; }}
h1 {{ font-size: 1.5rem; margin: 0 0 .5rem; }}
svg {{ width: 100%; height: auto; border: 1px solid #ddd; background: #fcfcfc; }}
svg text {{ font-size: 10px; fill: #222; paint-order: stroke; stroke: #fcfcfc;
  stroke-width: 3px; }}
.key {{ display: inline-flex; align-items: center; margin: 0 1rem .4rem 0; font-size: .9rem; }}
.key i {{ width: 22px; height: 4px; margin-right: .4rem; display: inline-block; }}
.cols {{ display: flex; flex-wrap: wrap; gap: 2rem; }}
.cols section {{ flex: 1 1 320px; font-size: .9rem; }}
p.method {{ font-size: .8rem; color: #555; }}
</style></head><body>
<h1>{escape(t['title'])} {net['year']}{region}</h1>
<div>{legend}</div>
<svg viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(t['title'])}">
{"".join(parts)}
</svg>
<div class="cols"><section><h2>{escape(t['blocs'])}</h2><ol>{blocs}</ol></section>
<section><h2>{escape(t['brokers'])}</h2><ol>{brokers}</ol>
<h2>{escape(t['isolated'])}</h2><p>{escape(', '.join(names[n['state']] for n in isolated))
  or t['none']}</p></section></div>
<p class="method">{escape(t['method'])}: {escape(t.get('method_text', net['method']))}</p>
</body></html>
"""
