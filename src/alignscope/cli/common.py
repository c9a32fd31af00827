"""Pieces every command shares: the --format and --out options, errors, the workspace.

Command modules import these from here (not from `alignscope.cli`, which registers the
commands) so that any of them can be imported first. Only click is imported at the top:
`alignscope --help` loads this module, and the store, Arrow and rich are paid for by the
commands that use them (issue 13).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

import click

from ..errors import AlignscopeError, UsageError

if TYPE_CHECKING:
    from ..workspace import Workspace

FORMAT = click.option(
    "--format",
    "fmt_",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json (one object on stdout) for scripts.",
)


class FilePath(click.Path):
    """`click.Path` that refuses a NUL byte as a usage error (click's own check of the path
    raises ValueError, which would be an internal error)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, str) and "\0" in value:
            shown = value.replace("\0", "\\0")
            self.fail(f"'{shown}' contains a NUL byte, which no file name can", param, ctx)
        return super().convert(value, param, ctx)


THIRD = click.option("--third", metavar="C", help="Third state (default: suggested from trade).")
PATRON = click.option(
    "--patron", metavar="P", help="Patron (default: suggested from ATOP and trade)."
)


def one_line(text: object) -> str:
    """`text` with every run of white space (newlines too) as one space: one line on stderr."""
    return " ".join(str(text).split())


def print_error(message: object, prefix: str = "error:") -> None:
    """One line on stderr, '<prefix> <message>', the prefix in bold red on a terminal."""
    click.echo(f"{click.style(prefix, fg='red', bold=True)} {one_line(message)}", err=True)


def checked_out(*suffixes: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A callback for an --out option: the target is checked as soon as it is parsed.

    The check (`alignscope.output.check_target`: suffix when `suffixes` are given, folder,
    a file can be created there) thus runs before the command starts any work.
    """

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None and not ctx.resilient_parsing:
            from ..output import check_target

            check_target(value, suffixes or None)
        return value

    return callback


def check_db(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Callback of --db: a name that can never be a store is refused before it is opened.

    An empty name, one with a NUL byte or not in UTF-8, a name too long for the file
    system, and an existing file that is not a regular file (a pipe would block the open,
    a device is no store); a folder, a file that is not a DuckDB store and a missing
    folder are the store's own checks (`alignscope.workspace`).
    """
    if value is None or ctx.resilient_parsing or value == ":memory:":
        return value
    if not value.strip():
        raise UsageError("--db is empty; give the path of a store file, or :memory:")
    from ..output import shown_name, utf8

    if "\0" in value:
        raise UsageError(
            f"cannot open the store '{shown_name(value)}': a file name cannot contain a NUL byte"
        )
    path = os.path.abspath(os.path.expanduser(value))
    if not utf8(path):
        raise UsageError(
            f"cannot open the store '{shown_name(path)}': DuckDB takes only UTF-8 file names; "
            "choose a name (and folder) in UTF-8"
        )
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return value
    except OSError as exc:
        raise AlignscopeError(
            f"cannot open the store {value}: {(exc.strerror or str(exc)).lower()}; pass --db "
            "with another path, or --db :memory:"
        ) from exc
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise AlignscopeError(
            f"cannot open the store {value}: it is not a regular file (a device, pipe or "
            "socket); pass --db with the path of a store file, or --db :memory:"
        )
    return value


def check_dimensions(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Callback of --dimensions: a bad file is refused while the options are parsed."""
    if value is not None and not ctx.resilient_parsing:
        from ..assess.dimensions import load_dimensions

        _named(value, "--dimensions")
        load_dimensions(value)
    return value


def check_params(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Callback of --params: a bad file is refused while the options are parsed."""
    if value is not None and not ctx.resilient_parsing:
        from ..assess.options.params import load_params

        _named(value, "--params")
        load_params(value)
    return value


def _named(value: str, option: str) -> None:
    """An empty file name is refused (it would be the current folder, or no file at all)."""
    if not str(value).strip():
        raise UsageError(f"{option} is empty; give the path of a TOML file")


OUT_TABLE = click.option(
    "--out",
    type=FilePath(dir_okay=False),
    required=True,
    callback=checked_out(".parquet", ".csv"),
    help="Output file, .parquet or .csv (written atomically).",
)


class DeferredHelp(click.Option):
    """An option whose help names values from a heavy module, built only when help is shown.

    `help_from` is called by `--help`; listing commands or running one never calls it.
    """

    def __init__(self, *args: Any, help_from: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_from = help_from

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = self.help_from()
        return super().get_help_record(ctx)


def year_bounds() -> tuple[int, int]:
    """The first and last year of the state system (`alignscope.countries`)."""
    from ..countries import FIRST_YEAR, LAST_YEAR

    return FIRST_YEAR, LAST_YEAR


def check_year(year: int) -> int:
    """A year some source covers (the state system's years), else one sentence."""
    first, last = year_bounds()
    if not first <= year <= last:
        raise UsageError(
            f"year {year} is outside every source's coverage; choose a year in {first}–{last}"
        )
    return year


def handle_errors(func: Callable) -> Callable:
    """Turn alignscope errors into one sentence on stderr and a non-zero exit, no traceback.

    The `alignscope` group does this (and more) for every command; the decorator stays for
    commands invoked on their own.
    """

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except AlignscopeError as exc:
            print_error(exc)
            sys.exit(exc.exit_code)

    return wrapper


def workspace(ctx: click.Context) -> Workspace:
    from ..workspace import Workspace

    obj = ctx.find_root().obj
    if obj.get("ws") is None:
        obj["ws"] = Workspace(obj.get("db"))
        ctx.call_on_close(obj["ws"].close)
    return obj["ws"]
