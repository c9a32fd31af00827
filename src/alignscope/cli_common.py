"""Pieces every command shares: the --format option, error handling, the workspace.

Command modules import these from here (not from `alignscope.cli`, which imports them to
register the commands) so that any of them can be imported first.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps

import click

from .countries import FIRST_YEAR, LAST_YEAR
from .errors import AlignscopeError, UsageError
from .render import stderr
from .workspace import Workspace

FORMAT = click.option(
    "--format",
    "fmt_",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json (one object on stdout) for scripts.",
)

THIRD = click.option("--third", metavar="C", help="Third state (default: suggested from trade).")
PATRON = click.option(
    "--patron", metavar="P", help="Patron (default: suggested from ATOP and trade)."
)
OUT_TABLE = click.option(
    "--out",
    type=click.Path(dir_okay=False),
    required=True,
    help="Output file, .parquet or .csv (written atomically).",
)


def check_year(year: int) -> int:
    """A year some source covers (the state system's years), else one sentence."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(
            f"year {year} is outside every source's coverage; choose a year in "
            f"{FIRST_YEAR}–{LAST_YEAR}"
        )
    return year


def handle_errors(func: Callable) -> Callable:
    """Turn alignscope errors into one sentence on stderr and a non-zero exit, no traceback."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except AlignscopeError as exc:
            stderr.print(f"[bold red]error:[/] {exc}", soft_wrap=True, markup=True)
            sys.exit(exc.exit_code)

    return wrapper


def workspace(ctx: click.Context) -> Workspace:
    obj = ctx.find_root().obj
    if obj.get("ws") is None:
        obj["ws"] = Workspace(obj.get("db"))
        ctx.call_on_close(obj["ws"].close)
    return obj["ws"]
