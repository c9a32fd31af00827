"""The HTML report: one self-contained file (inline CSS and SVG, no script, no network).

Rendered from templates/report.html with Jinja2; its words come from the gettext catalog
of the report's language (jinja2.ext.i18n), its charts from `charts` as inline SVG.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .cache import cache_dir, keep
from .diagram import triangle_svg
from .i18n import translations


@cache
def _environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("alignscope.report", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(),
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["breakable"] = breakable
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The compiled templates, kept in the user's cache folder (checked against the
    template's source): compiling report.html cost about 0.2 s of a warm report (issue 13).
    None when the folder cannot be made."""
    folder = cache_dir("templates")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def breakable(name: str) -> Markup:
    """A dataset name ("trade_dyadic+trade_national") that may wrap after _ and + in a
    narrow table cell instead of widening the table."""
    return Markup(re.sub(r"([_+])", r"\1<wbr>", str(escape(name))))


def _css() -> str:
    return (
        resources.files("alignscope.report")
        .joinpath("templates/report.css")
        .read_text(encoding="utf-8")
    )


CHART_CODE = ("charts.py", "options_charts.py", "textfit.py", "view.py", "i18n.py")
"""The modules (of alignscope.report) a chart's SVG depends on besides its inputs."""


def render_html(view: dict[str, Any], *, start: int | None = None) -> str:
    """The report as one HTML document in the view's language."""
    years = (view["series"] or {}).get("years") or []
    first = start if start is not None else (years[0] if years else view["year"])
    calls: dict[str, tuple[str, str, tuple]] = {
        "year": ("charts", "year_chart", (view["dimensions"],)),
        "series": ("charts", "series_chart", (view["series"], view["dimension_names"])),
        "evidence": (
            "charts",
            "evidence_chart",
            (view["evidence"], view["dimension_names"], first, view["year"]),
        ),
    }
    options = view.get("options")
    if options and not options["error"]:
        for name in ("distribution", "risk", "tornado"):
            calls[name] = ("options_charts", f"{name}_chart", (options,))
    svgs = {name: _chart(view, *call) for name, call in calls.items()}
    template = _environment(view["lang"]).get_template("report.html")
    return template.render(
        v=view,
        css=Markup(_css()),
        start=first,
        charts={k: Markup(s) if s else None for k, s in svgs.items()},
        diagrams={k: Markup(triangle_svg(view, k)) for k in ("C", "P")},
    )


def _chart(view: dict[str, Any], module: str, function: str, args: tuple) -> str | None:
    """`module.function(*args, t)`, read back from the user's cache when the same chart of
    the same inputs was drawn before by the same code.

    The charts' own cache (`charts.to_svg`) is keyed by the Vega-Lite spec, which takes
    Altair to build: importing it and building six specs cost about 1 s of a warm report
    (issue 13). This one is keyed by the chart's inputs, the language, and the code and
    catalogs that draw it, so a hit imports neither Altair nor the chart modules.
    """
    key = _input_key(module, function, args, view["lang"])
    cached = _cache_file(key) if key else None
    if cached is not None:
        try:
            return json.loads(cached.read_text(encoding="utf-8"))["svg"]
        except (OSError, ValueError, KeyError):
            pass
    # Altair is slow to import: only the HTML report needs it, and only on a cache miss
    from . import charts, options_charts

    svg = getattr(charts if module == "charts" else options_charts, function)(*args, view["t"])
    if cached is not None:
        keep(cached, json.dumps({"svg": svg}))
    return svg


def _input_key(module: str, function: str, args: tuple, lang: str) -> str | None:
    """A digest of the chart's inputs and code, or None when an input is not plain JSON (the
    chart is then drawn every time)."""
    try:
        text = json.dumps(
            [module, function, args, lang, _code_digest()], sort_keys=True, default=_refuse
        )
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def _refuse(value: object) -> None:
    raise TypeError(f"not JSON: {type(value).__name__}")


@cache
def _code_digest() -> str:
    """The chart code, the catalogs and the renderers' versions, as one digest."""
    here = resources.files("alignscope.report")
    parts = [here.joinpath(name).read_bytes() for name in CHART_CODE]
    parts += [p.read_bytes() for p in sorted(Path(str(here)).glob("locales/*/LC_MESSAGES/*.mo"))]
    for package, dist in (("altair", "altair"), ("vl_convert", "vl_convert_python")):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin:  # the installed version, from its dist-info
            site = Path(spec.origin).parent.parent
            parts += [d.name.encode() for d in sorted(site.glob(f"{dist}-*.dist-info"))]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _cache_file(digest: str) -> Path:
    return cache_dir("charts") / f"in-{digest}.json"
