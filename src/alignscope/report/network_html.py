"""The alignment network as one self-contained HTML page: a fixed, precomputed layout drawn
as inline SVG (no script, no network), edges coloured by type, a legend, blocs and brokers.
Labels are ISO3 codes, which read the same in both languages; names are in the tooltips."""

from __future__ import annotations

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
        "none": "none",
    },
    "zh-TW": {
        "alliance": "同盟", "strategic_partnership": "戰略夥伴關係",
        "quasi_alliance": "準同盟", "security_community": "安全共同體",
        "coalition": "臨時聯盟", "tacit_alignment": "默示性同盟", "rivalry": "敵對",
        "title": "結盟網絡", "blocs": "集團", "brokers": "中介國",
        "ties": "條關係", "bloc": "集團", "method": "方法",
        "none": "無",
    },
}
WIDTH, HEIGHT, PAD = 1100, 760, 40


def render(net: dict[str, Any], lang: str = "en") -> str:
    t = LABELS["zh-TW" if lang == "zh-TW" else "en"]
    nodes = {n["state"]: n for n in net["nodes"]}
    xs = [n["x"] for n in nodes.values()] or [0.0]
    ys = [n["y"] for n in nodes.values()] or [0.0]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)

    def px(n: dict[str, Any]) -> tuple[float, float]:
        x = PAD + (n["x"] - x0) / ((x1 - x0) or 1) * (WIDTH - 2 * PAD)
        y = PAD + (n["y"] - y0) / ((y1 - y0) or 1) * (HEIGHT - 2 * PAD)
        return round(x, 1), round(y, 1)

    parts = []
    for e in net["edges"]:
        (ax, ay), (bx, by) = px(nodes[e["a"]]), px(nodes[e["b"]])
        dash = ' stroke-dasharray="5 4"' if e["type"] == "rivalry" else ""
        parts.append(f'<line x1="{ax}" y1="{ay}" x2="{bx}" y2="{by}" '
                     f'stroke="{COLOURS[e["type"]]}" stroke-opacity="0.55" '
                     f'stroke-width="1.4"{dash}><title>{escape(e["a"])}–{escape(e["b"])}: '
                     f'{escape(t[e["type"]])}</title></line>')
    for n in net["nodes"]:
        x, y = px(n)
        r = 3 + min(n["degree"], 40) ** 0.5 * 1.6
        name = n["name_zh"] if lang == "zh-TW" else n["name"]
        fill = "#555" if n["degree"] else "#bbb"
        parts.append(f'<g><circle cx="{x}" cy="{y}" r="{r:.1f}" fill="{fill}">'
                     f'<title>{escape(name)} ({n["degree"]} {t["ties"]})</title></circle>')
        if n["degree"]:
            parts.append(f'<text x="{x + r + 1.5:.1f}" y="{y + 3.5:.1f}">'
                         f'{escape(n["state"])}</text>')
        parts.append("</g>")
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
<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(t['title'])}">
{"".join(parts)}
</svg>
<div class="cols"><section><h2>{escape(t['blocs'])}</h2><ol>{blocs}</ol></section>
<section><h2>{escape(t['brokers'])}</h2><ol>{brokers}</ol></section></div>
<p class="method">{escape(t['method'])}: {escape(net['method'])}</p>
</body></html>
"""
