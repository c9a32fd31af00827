"""`alignscope assess` and `alignscope classify`: parse options, call the core, render.

The core is `alignscope.assess.assess` / `classify`; the renderers are in
`alignscope.report` (terminal, JSON, self-contained HTML; English or Traditional Chinese).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from ..output import write_text
from ..render import _clean, emit_json, stderr, stdout
from ..report.i18n import Translator, parse_lang
from ..report.terminal import classification, print_report, render_classification, render_text
from ..report.view import build_view, state_names
from .common import (
    FORMAT,
    PATRON,
    THIRD,
    FilePath,
    check_dimensions,
    check_year,
    checked_out,
    handle_errors,
    workspace,
)

SERIES_FROM = 1990
"""First year of the over-time chart (the case file's period); earlier years start 10 back."""


def json_text(obj: Any) -> str:
    """The JSON form emit_json prints (NULL -> null), for a file."""
    return json.dumps(_clean(obj), ensure_ascii=False, indent=2, default=str) + "\n"


def default_html_name(result: dict[str, Any]) -> Path:
    a, b = result["states"][:2]
    return Path(f"alignscope-{a}-{b}-{result['year']}.html")


@click.command("assess")
@click.argument("state_a")
@click.argument("state_b")
@click.option("--year", type=int, required=True, help="The year to assess.")
@THIRD
@PATRON
@click.option(
    "--lang",
    default="en",
    show_default=True,
    help="Report language: en or zh-TW (Traditional Chinese). JSON is language-neutral.",
)
@click.option(
    "--format",
    "fmt_",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text (80 columns), json (one object) or html (one self-contained file).",
)
@click.option(
    "--out",
    metavar="FILE",
    callback=checked_out(),
    help="Write the report to this file (atomically). html defaults to "
    "alignscope-A-B-YEAR.html in the current folder.",
)
@click.option(
    "--dimensions",
    "dimensions_file",
    type=FilePath(dir_okay=False),
    callback=check_dimensions,
    help="Your own dimensions file (TOML, the format of assess/dimensions.toml).",
)
@click.pass_context
@handle_errors
def assess_command(
    ctx: click.Context,
    state_a: str,
    state_b: str,
    year: int,
    third: str | None,
    patron: str | None,
    lang: str,
    fmt_: str,
    out: str | None,
    dimensions_file: str | None,
) -> None:
    """Assess the alignment of A and B in YEAR: type and why, seven dimensions, triangle.

    \b
      alignscope assess TWN JPN --year 2011
      alignscope assess TWN JPN --year 2011 --format html --lang zh-TW
      alignscope assess 台灣 日本 --year 2011 --third CHN --patron USA --format json
    """
    from ..assess import assess

    lang = parse_lang(lang)
    check_year(year)
    ws = workspace(ctx)
    series_from = min(SERIES_FROM, year - 10) if fmt_ != "text" else None
    result = assess(
        ws,
        state_a,
        state_b,
        year,
        third=third,
        patron=patron,
        dimensions_file=dimensions_file,
        series_from=series_from,
    )
    if fmt_ == "json":
        if out is None:
            emit_json(result)
        else:
            _wrote(write_text(out, json_text(result)), lang)
        return
    view = build_view(result, state_names(ws, result), lang)
    if fmt_ == "text":
        if out is None:
            print_report(view, stdout)
        else:
            _wrote(write_text(out, render_text(view)), lang)
        return
    from ..report.html import render_html

    target = Path(out) if out is not None else default_html_name(result)
    _wrote(write_text(target, render_html(view, start=series_from)), lang)


def _wrote(path: Path, lang: str) -> None:
    _ = Translator(lang)
    stderr.print(_("wrote {path}").format(path=path.resolve()), soft_wrap=True, markup=False)


@click.command("classify")
@click.argument("states", nargs=-1, required=True)
@click.option("--year", type=int, required=True, help="The year to classify.")
@click.option("--lang", default="en", show_default=True, help="Language: en or zh-TW.")
@FORMAT
@click.pass_context
@handle_errors
def classify_command(
    ctx: click.Context, states: tuple[str, ...], year: int, lang: str, fmt_: str
) -> None:
    """The alignment type of two or more STATES in YEAR, with the rules that fired.

    \b
      alignscope classify TWN JPN --year 2011
      alignscope classify USA JPN AUS --year 2011 --format json
    """
    from ..assess import classify

    lang = parse_lang(lang)
    check_year(year)
    if len(states) < 2:
        raise UsageError("name at least two states, e.g. alignscope classify TWN JPN --year 2011")
    ws = workspace(ctx)
    result = classify(ws, list(states), year)
    if fmt_ == "json":
        emit_json(result)
        return
    names = state_names(ws, {**result, "ccodes": _ccodes(ws, result)})
    if stdout.is_terminal:
        stdout.print(classification(result, names, lang), width=min(stdout.width, 80))
    else:
        stdout.file.write(render_classification(result, names, lang))


def _ccodes(ws, result: dict[str, Any]) -> list[int]:
    from ..countries import resolve

    return result.get("ccodes") or [resolve(ws, s).ccode for s in result["states"]]
