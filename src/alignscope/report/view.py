"""What a report shows, in the report's language: one view of an assess() result.

The terminal and HTML renderers both read this view, so that both say the same thing:
translated names, formatted values, missing data marked, the triangle's features sorted
onto the edges between the states they concern.
"""

from __future__ import annotations

import re
from typing import Any

from .. import __version__
from ..messages import revive
from .bibtex import plain_citations
from .i18n import N_, TYPE_NAMES, Translator
from .options_view import options_view
from .parts import Names, number
from .parts import state_names as state_names  # callers build names, then the view

BAR_CELLS = 20
DIMENSION_ORDER = ("I-1", "I-2", "I-3", "I-4", "I-5", "E-1", "E-2")


# ---------------------------------------------------------------- formatting


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{score:.0f}"


def bar(score: float | None, cells: int = BAR_CELLS) -> str:
    """████░░ for a 0–100 score; all light shade when there is no score."""
    if score is None:
        return "·" * cells
    full = max(0, min(cells, round(score / 100 * cells)))
    return "█" * full + "░" * (cells - full)


def span(years: Any) -> str:
    if not years:
        return "–"
    if isinstance(years, str):
        return years
    lo, hi = years[0], years[-1]
    return str(lo) if lo == hi else f"{lo}–{hi}"


# ---------------------------------------------------------------- the triangle

SHARE = "share"
FLAG = "flag"
FEATURES: dict[str, tuple[str, str, str]] = {
    # name: (edge, kind, msgid with {a} {b} {c} {p} {s} placeholders; s = the edge's side)
    "rival_1_c_tss": ("AC", FLAG, N_("strategic rivalry (TSS)")),
    "rival_1_c_td": ("AC", FLAG, N_("rivalry (Thompson–Dreyer)")),
    "mid_ongoing_1_c": ("AC", FLAG, N_("militarised dispute ongoing")),
    "mid_years10_1_c": ("AC", "count", N_("MID-years in the last 10")),
    "trade_share_1_c": ("AC", SHARE, N_("{c}'s share of {s}'s trade")),
    "common_rival_tss": ("ABc", FLAG, N_("{c} a rival of both (TSS)")),
    "common_rival_td": ("ABc", FLAG, N_("{c} a rival of both (Thompson–Dreyer)")),
    "c_exposure_diff": ("ABc", "points", N_("exposure to {c}, {a} minus {b}")),
    "c_exposure_ratio": ("ABc", "ratio", N_("exposure to {c}, {a} ÷ {b}")),
    "p_defence_to_1": ("AP", FLAG, N_("{p} defence obligation to {s}")),
    "defence_1_to_p": ("AP", FLAG, N_("{s} defence obligation to {p}")),
    "alliance_1_p": ("AP", FLAG, N_("any ATOP alliance")),
    "atop_tie_1_p": ("AP", "count", N_("ATOP tie strength (0–3)")),
    "trade_share_1_p": ("AP", SHARE, N_("{p}'s share of {s}'s trade")),
    "c_over_p_dependence_1": ("AP", "ratio", N_("trade with {c} ÷ trade with {p}")),
    "shared_patron": ("ABp", FLAG, N_("both allied with {p}")),
    "p_rival_c_tss": ("PC", FLAG, N_("strategic rivalry (TSS)")),
    "p_rival_c_td": ("PC", FLAG, N_("rivalry (Thompson–Dreyer)")),
}
"""Where each triangle feature sits (edge A–C, B–C, A–P, B–P, A–B, P–C) and how to show it.
Side-2 features (`_2_`) mirror the side-1 entries onto the B edges."""


def _feature_key(name: str) -> tuple[str, str, str] | None:
    if name in FEATURES:
        return FEATURES[name]
    side1 = re.sub(r"_2(_|$)", r"_1\1", name)
    if side1 != name and side1 in FEATURES:
        edge, kind, label = FEATURES[side1]
        return edge.replace("A", "B"), kind, label
    return None


def feature_value(kind: str, value: Any, t: Translator) -> str:
    _ = t
    if value is None:
        return _("no data")
    if kind == FLAG:
        return t.yes_no(value)
    if kind == SHARE:
        return f"{100 * value:.1f}%"
    if kind == "points":
        return f"{100 * value:+.1f} " + _("pts")
    if kind == "ratio":
        return f"{value:.2f}"
    return number(value)


def triangle_view(tri: dict[str, Any], codes: dict[str, str], names: Names, t: Translator):
    _ = t
    parties = {}
    for key, role in (("C", "third"), ("P", "patron")):
        party = tri.get(role) or {}
        code = party.get("state")
        parties[key] = {
            "code": code,
            "name": names.get(code, t.lang) if code else _("none"),
            "suggested": bool(party.get("suggested")),
            "rule": t.data(party.get("rule")),
            "why": t.data((tri.get("why") or {}).get(role)),
        }
    # Short state labels inside feature labels: codes in English, names in Chinese (which
    # are as short as the codes and read better there).
    raw = {"A": codes["A"], "B": codes["B"], "C": parties["C"]["code"], "P": parties["P"]["code"]}
    short = {
        k: (names.get(v, t.lang) if t.lang == "zh-TW" else v) if v else k for k, v in raw.items()
    }
    fill = {k.lower(): v for k, v in short.items()}
    edges: dict[str, list[dict[str, Any]]] = {
        e: [] for e in ("AC", "BC", "ABc", "AP", "BP", "ABp", "PC")
    }
    rows = []
    for name, f in (tri.get("features") or {}).items():
        where = _feature_key(name)
        edge, kind, msgid = where if where else ("other", "number", name)
        side = short["B"] if edge.startswith("B") else short["A"]
        label = t(msgid).format(**fill, s=side) if where else name
        item = {
            "name": name,
            "label": label,
            "value": feature_value(kind, f.get("value"), t),
            "missing": f.get("value") is None,
            "source": f.get("source"),
            "year_used": f.get("year_used"),
            "coverage": span(f.get("coverage")),
            "note": t.data(f.get("note")),
            "rows": f.get("rows") or [],
        }
        edges.setdefault(edge, []).append(item)
        rows.append({**item, "edge": edge})
    return {
        "parties": parties,
        "short": short,
        "edges": edges,
        "rows": rows,
        "notes": [t.data(n) for n in tri.get("notes") or []],
    }


# ---------------------------------------------------------------- the whole view


def _fact(value: Any, t: Translator) -> str:
    """A fact a rule read: a type id (a group's pairs) by its name, else the number."""
    if isinstance(value, str) and value in TYPE_NAMES:
        return t.type_name(value)
    if isinstance(value, list) and not value:
        return t("none")
    return number(value)


def _reason(r: dict[str, Any], t: Translator) -> dict[str, Any]:
    return {
        "rule": r.get("rule"),
        "name": t.type_name(r.get("rule")),
        "fired": bool(r.get("fired")),
        "primary": bool(r.get("primary")),
        "summary": t.data(r.get("summary")),
        "cite": r.get("cite") or "",
        "values": [(k, _fact(v, t)) for k, v in (r.get("values") or {}).items()],
    }


def _indicator(i: dict[str, Any], t: Translator) -> dict[str, Any]:
    score = i.get("score")
    return {
        "name": i.get("name"),
        "label": t.data(i.get("label") or i.get("name")),
        "raw": number(i.get("raw")),
        "score": None if score is None else 100 * score,
        "score_text": "–" if score is None else f"{100 * score:.0f}",
        "direction": i.get("direction") or "+",
        "weight": number(i.get("weight")),
        "normalise": t.data(i.get("normalise")),
        "year_used": i.get("year_used"),
        "source": i.get("source") or "",
        "coverage": span(i.get("coverage")),
        "note": t.data(i.get("note")),
        "missing": bool(i.get("missing")) or i.get("raw") is None,
    }


def _dimension(d: dict[str, Any], t: Translator) -> dict[str, Any]:
    indicators = [_indicator(i, t) for i in d.get("indicators") or []]
    missing = sum(i["missing"] for i in indicators)
    return {
        "id": d.get("id"),
        "name": t.data(d.get("name")),
        "question": t.data(d.get("question")),
        "score": d.get("score"),
        "score_text": score_text(d.get("score")),
        "bar": bar(d.get("score")),
        "indicators": indicators,
        "n": len(indicators),
        "missing": missing,
    }


CITATION_PHRASES = (
    N_("as summarised in the project case file"),
    N_("cited in"),
    N_("date from"),
)
"""The project's own words inside the curated records' citations (curation/evidence.csv,
agreements.csv); the rest of a citation (sources, titles, dates) is quoted as written."""


def citation(text: str, t: Translator) -> str:
    """A curated record's citation with the project's own phrases in the report's language."""
    if t.lang == "en" or not text:
        return text
    for phrase in CITATION_PHRASES:
        found = rf"(?<![\w-]){re.escape(phrase)}(?![\w-])"
        text = re.sub(found, lambda _m, p=phrase: t(p), text)
    return text


def _evidence(e: dict[str, Any], names: Names, t: Translator) -> dict[str, Any]:
    summary = e.get("summary_zh_tw") if t.lang == "zh-TW" else e.get("summary_en")
    actors = e.get("actors") or [a for a in (e.get("actor1"), e.get("actor2")) if a]
    return {
        "date": str(e.get("date") or ""),
        "actors": [names.get(a, t.lang) for a in actors],
        "codes": list(actors),
        "dimension": e.get("dimension") or "",
        "direction": e.get("direction") or "",
        "cameo": e.get("cameo") or "",
        "summary": summary or e.get("summary_en") or "",
        "citation": citation(e.get("citation") or "", t),
        "url": e.get("url") or "",
    }


def _source(s: dict[str, Any], t: Translator) -> dict[str, Any]:
    """A dataset of the sources table; its licence and a version written as prose are
    translated (`i18n.manifest_msgids` puts them in the catalog), names and references not."""
    bib = s.get("citation") or ""
    return {
        "name": s.get("name") or "",
        "dataset": s.get("dataset") or "",
        "version": t(s["version"]) if s.get("version") else "",
        "years": span(s.get("years")),
        "licence": t(s["licence"]) if s.get("licence") else "",
        "bibtex": bib.strip() if bib.lstrip().startswith("@") else "",
        "plain": plain_citations(bib),
    }


def build_view(result: dict[str, Any], names: Names, lang: str) -> dict[str, Any]:
    """Everything a report shows, translated into `lang` ('en' or 'zh-TW'); `result` as
    assess() returns it, or read back from its JSON (the notes become messages again)."""
    result = revive(result)
    t = Translator(lang)
    codes = list(result.get("states") or [])
    states = [{"code": c, "name": names.get(c, lang)} for c in codes]
    year = result.get("year")
    reasons = [_reason(r, t) for r in result.get("reasons") or []]
    by_id = {d.get("id"): d for d in result.get("dimensions") or []}
    order = [i for i in DIMENSION_ORDER if i in by_id] + [
        i for i in by_id if i not in DIMENSION_ORDER
    ]
    dims = [_dimension(by_id[i], t) for i in order]
    dim_names = {d["id"]: d["name"] for d in dims}
    evidence = sorted(
        (_evidence(e, names, t) for e in result.get("evidence") or []),
        key=lambda e: e["date"],
    )
    tri_codes = {"A": codes[0] if codes else "A", "B": codes[1] if len(codes) > 1 else "B"}
    return {
        "t": t,
        "lang": lang,
        "version": result.get("alignscope_version") or __version__,
        "year": year,
        "states": states,
        "pair": " – ".join(s["name"] for s in states),
        "codes": codes,
        "type": {"id": result.get("type"), "name": t.type_name(result.get("type"))},
        "secondary": [{"id": s, "name": t.type_name(s)} for s in result.get("secondary") or []],
        "fired": [r for r in reasons if r["fired"]],
        "not_fired": [r for r in reasons if not r["fired"]],
        "dimensions": dims,
        "dimension_names": dim_names,
        "series": result.get("series") or {},
        "triangle": triangle_view(result.get("triangle") or {}, tri_codes, names, t),
        "evidence": evidence,
        "agreements": [
            {
                "id": g.get("id") or "",
                "date": str(g.get("date_signed") or ""),
                "kind": t.data(g.get("kind")),
                "title": g.get("title") or "",
                "citation": citation(g.get("citation") or "", t),
                "url": g.get("url") or "",
            }
            for g in sorted(
                result.get("agreements") or [], key=lambda g: str(g.get("date_signed") or "")
            )
        ],
        "sources": [_source(s, t) for s in result.get("sources") or []],
        "notes": [t.data(n) for n in result.get("notes") or []],
        "options": options_view(result.get("options"), names, t),
    }
