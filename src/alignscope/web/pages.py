"""The dashboard's pages, rendered on the server from the same results as the API.

world (a year's network), state (one state's ties), dyad (the assessment, its history and
what moved), compare (two dyads or two years), report (the full HTML report). Parameters
arrive as strings and are checked here; a bad one renders the error page with a 4xx.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup

from .. import __version__
from ..errors import UsageError
from .drawings import series_svg, world_svg
from .service import DEFAULT_YEAR, Service, check_lang
from .words import words

router = APIRouter(include_in_schema=False)

DIMENSION_COLOURS = {
    "I-1": "#1f5fa8", "I-2": "#2a9d5c", "I-3": "#8e5bb5", "I-4": "#d08a1e",
    "I-5": "#7a6a4f", "E-1": "#c0392b", "E-2": "#3fa7c4",
}
MOVERS = 8
"""Indicators listed as having moved most between two years."""


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("alignscope.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def service(request: Request) -> Service:
    return request.app.state.service


def integer(value: str | None, name: str, default: int | None = None) -> int:
    """A whole number from a query string, or one sentence saying what was wrong."""
    if value is None or value == "":
        if default is None:
            raise UsageError(f"give '{name}', a year such as 2011")
        return default
    try:
        return int(value)
    except ValueError:
        raise UsageError(f"'{name}' must be a whole number, not '{value[:40]}'") from None


def lang_of(request: Request) -> str:
    return check_lang(request.query_params.get("lang") or "en")


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = context.pop("lang", None) or "en"
    w = words(lang)
    other = "zh-TW" if lang == "en" else "en"
    query = dict(request.query_params) | {"lang": other}
    html = environment().get_template(template).render(
        w=w,
        lang=lang,
        html_lang="zh-Hant-TW" if lang == "zh-TW" else "en",
        other_lang_url=f"{request.url.path}?{urlencode(query)}",
        version=__version__,
        year=context.pop("year", DEFAULT_YEAR),
        link=lambda path, **q: f"{path}?{urlencode({**q, 'lang': lang})}",
        **context,
    )
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, message: str, status: int) -> HTMLResponse:
    try:
        lang = lang_of(request)
    except UsageError:
        lang = "en"
    return page(request, "error.html", status=status, lang=lang, message=message)


def type_names(lang: str) -> dict[str, str]:
    from ..network import TIE_TYPES
    from ..report.i18n import Translator

    t = Translator(lang)
    return {k: t.type_name(k) for k in (*TIE_TYPES, "non_aligned")}


# ---------------------------------------------------------------- world and states


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> RedirectResponse:
    return RedirectResponse("/world?" + urlencode({"year": DEFAULT_YEAR,
                                                   "lang": lang_of(request)}))


@router.get("/world", response_class=HTMLResponse)
def world(request: Request) -> HTMLResponse:
    from ..network import DEFAULT_TYPES, REGIONS, TIE_TYPES
    from ..report.network_html import COLOURS

    q = request.query_params
    lang, year = lang_of(request), integer(q.get("year"), "year", DEFAULT_YEAR)
    chosen = [t for t in q.getlist("types") if t] or list(DEFAULT_TYPES)
    region = q.get("region") or None
    svc = service(request)
    net = svc.network(year, ",".join(chosen), region)
    names = type_names(lang)
    body = svc.memo(("world", year, tuple(chosen), region, lang),
                    lambda: world_svg(net, lang))
    label = {n["state"]: n["name_zh"] if lang == "zh-TW" else n["name"] for n in net["nodes"]}
    by_type: dict[str, int] = {}
    for e in net["edges"]:
        by_type[e["type"]] = by_type.get(e["type"], 0) + 1
    return page(
        request, "world.html", lang=lang, year=year, net=net, svg=Markup(body),
        type_ids=TIE_TYPES, colours=COLOURS, chosen=chosen, region=region, regions=list(REGIONS),
        names=names, label=label, by_type=by_type,
        isolated=[n for n in net["nodes"] if n["x"] is None],
        data={"year": year, "lang": lang, "names": label,
              "edges": [[e["a"], e["b"], e["type"]] for e in net["edges"]],
              "types": names},
    )


@router.get("/state", response_class=HTMLResponse)
def state_page(request: Request) -> HTMLResponse:
    q = request.query_params
    lang, year = lang_of(request), integer(q.get("year"), "year", DEFAULT_YEAR)
    svc = service(request)
    found = svc.state(q.get("q") or "", year)
    net = svc.network(year, "alliance,strategic_partnership,quasi_alliance,"
                      "security_community,coalition,tacit_alignment,rivalry")
    label = {n["state"]: n["name_zh"] if lang == "zh-TW" else n["name"] for n in net["nodes"]}
    ties = sorted(
        ({"partner": e["b"] if e["a"] == found.code else e["a"], "type": e["type"]}
         for e in net["edges"] if found.code in (e["a"], e["b"])),
        key=lambda t: (t["type"], t["partner"]),
    )
    return page(request, "state.html", lang=lang, year=year, s=found, ties=ties,
                label=label, names=type_names(lang),
                name=found.label("zh-TW" if lang == "zh-TW" else "en", year))


# ---------------------------------------------------------------- dyads


def _dyad(request: Request, a: str, b: str, year: int, lang: str) -> dict[str, Any]:
    svc = service(request)
    view = svc.view(a, b, year, lang)
    series = view["series"] or {}
    names = {d["id"]: d["name"] for d in view["dimensions"]}
    ids = [i for i in DIMENSION_COLOURS if i in series]
    chart = svc.memo(("series", *view["codes"], year, lang), lambda: series_svg(
        series, {i: f"{i} {names.get(i, '')}" for i in ids}, DIMENSION_COLOURS))
    tn = type_names(lang)
    history = []
    types = series.get("type") or []
    for i, y in enumerate(series.get("years") or []):
        t = types[i] if i < len(types) else None
        history.append({"year": y, "type": tn.get(t, t or "–"),
                        "changed": i > 0 and t != types[i - 1]})
    return {"v": view, "chart": Markup(chart), "history": history,
            "colours": {i: DIMENSION_COLOURS[i] for i in ids},
            "latest": svc.assess(a, b, year).get("latest_source_year")}


def movers(request: Request, a: str, b: str, y1: int, y2: int, lang: str) -> list[dict]:
    """Indicators whose 0–100 scores changed most from `y1` to `y2`, largest first."""
    svc = service(request)
    before, after = svc.view(a, b, y1, lang), svc.view(a, b, y2, lang)

    def scores(view: dict) -> dict[tuple[str, str], tuple[str, float | None]]:
        return {(d["id"], i["name"]): (f"{d['id']} · {i['label']}", i["score"])
                for d in view["dimensions"] for i in d["indicators"]}

    old, new = scores(before), scores(after)
    rows = []
    for key, (label, value) in new.items():
        was = old.get(key, (label, None))[1]
        if value is not None and was is not None and abs(value - was) >= 0.5:
            rows.append({"label": label, "from": was, "to": value, "change": value - was})
    rows.sort(key=lambda r: -abs(r["change"]))
    return rows[:MOVERS]


@router.get("/dyad", response_class=HTMLResponse)
def dyad(request: Request) -> HTMLResponse:
    q = request.query_params
    lang, year = lang_of(request), integer(q.get("year"), "year", DEFAULT_YEAR)
    a, b = q.get("a") or "", q.get("b") or ""
    context = _dyad(request, a, b, year, lang)
    changes = [h["year"] for h in context["history"] if h["changed"]]
    y1 = integer(q.get("from"), "from", (changes[-1] - 1) if changes else year - 10)
    y2 = integer(q.get("to"), "to", year)
    moved = None
    if q.get("from") or q.get("to"):
        moved = movers(request, a, b, y1, y2, lang)
    return page(request, "dyad.html", lang=lang, year=year, a=a, b=b, y1=y1, y2=y2,
                moved=moved, **context)


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request) -> HTMLResponse:
    q = request.query_params
    lang = lang_of(request)
    year = integer(q.get("year"), "year", DEFAULT_YEAR)
    a, b = q.get("a") or "TWN", q.get("b") or "JPN"
    a2, b2 = q.get("a2") or a, q.get("b2") or b
    year2 = integer(q.get("year2"), "year2", year if (a2, b2) != (a, b) else year - 10)
    left = _dyad(request, a, b, year, lang)
    right = _dyad(request, a2, b2, year2, lang)
    return page(request, "compare.html", lang=lang, year=year, year2=year2, a=a, b=b,
                a2=a2, b2=b2, sides=[left, right])


@router.get("/report", response_class=HTMLResponse)
def report(request: Request) -> HTMLResponse:
    q = request.query_params
    lang, year = lang_of(request), integer(q.get("year"), "year", DEFAULT_YEAR)
    return HTMLResponse(service(request).report_html(q.get("a") or "", q.get("b") or "",
                                                     year, lang))

