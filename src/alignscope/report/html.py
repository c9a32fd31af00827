"""The HTML report: one self-contained file (inline CSS and SVG, no script, no network).

Rendered from templates/report.html with Jinja2; its words come from the gettext catalog
of the report's language (jinja2.ext.i18n), its charts from `charts` as inline SVG.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

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
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["breakable"] = breakable
    return env


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


def render_html(view: dict[str, Any], *, start: int | None = None) -> str:
    """The report as one HTML document in the view's language."""
    from . import charts  # Altair is slow to import: only the HTML report needs it

    t = view["t"]
    years = (view["series"] or {}).get("years") or []
    first = start if start is not None else (years[0] if years else view["year"])
    svgs = {
        "year": charts.year_chart(view["dimensions"], t),
        "series": charts.series_chart(view["series"], view["dimension_names"], t),
        "evidence": charts.evidence_chart(
            view["evidence"], view["dimension_names"], first, view["year"], t
        ),
    }
    options = view.get("options")
    if options and not options["error"]:
        from . import options_charts

        svgs["distribution"] = options_charts.distribution_chart(options, t)
        svgs["risk"] = options_charts.risk_chart(options, t)
        svgs["tornado"] = options_charts.tornado_chart(options, t)
    template = _environment(view["lang"]).get_template("report.html")
    return template.render(
        v=view,
        css=Markup(_css()),
        start=first,
        charts={k: Markup(s) if s else None for k, s in svgs.items()},
        diagrams={k: Markup(triangle_svg(view, k)) for k in ("C", "P")},
    )
