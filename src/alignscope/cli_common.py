"""Pieces every command shares: the --format option, error handling, the workspace.

Command modules import these from here (not from `alignscope.cli`, which imports them to
register the commands) so that any of them can be imported first.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps

import click

from .errors import AlignscopeError
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
