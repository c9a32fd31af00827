"""The `alignscope` command: the group, its one error path, and the table of commands.

Each command group lives in its own module of this package (`COMMANDS`: assess, atlas,
data, events, panel, serve, ...) and is imported only when it runs or shows its help, so
`alignscope --help` loads click and nothing else of weight (issue 13). The commands parse
options, call the core (which knows nothing of click) and render; every error leaves
through `AlignscopeGroup.main` as one line on stderr (issue 12).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from .. import __version__
from ..errors import AlignscopeError
from .common import check_db, one_line, print_error

COMMANDS: dict[str, tuple[str, str, str]] = {
    "agreements": (
        "alignscope.cli.curated",
        "agreements_command",
        "List curated treaties, declarations, partnerships and dialogues, with citations.",
    ),
    "assess": (
        "alignscope.cli.assess",
        "assess_command",
        "Assess the alignment of A and B in YEAR: type and why, seven dimensions, triangle.",
    ),
    "atlas": (
        "alignscope.cli.atlas",
        "atlas_command",
        "Every undirected dyad-year assessed at once: type, rule codes, the seven scores, C, P.",
    ),
    "classify": (
        "alignscope.cli.assess",
        "classify_command",
        "The alignment type of two or more STATES in YEAR, with the rules that fired.",
    ),
    "cite": (
        "alignscope.cli.data",
        "cite_command",
        "Print the BibTeX for the datasets NAMES (or 'all').",
    ),
    "data": (
        "alignscope.cli.data",
        "data_group",
        "The shipped datasets: what they are, where they come from, whether they are intact.",
    ),
    "dyad": (
        "alignscope.cli.panel",
        "dyad_command",
        "Summarise one dyad from every source.",
    ),
    "events": (
        "alignscope.cli.events",
        "events_group",
        "Event data (ICEWS, GDELT 1.0/2.0): ingest published files, read a dyad's series.",
    ),
    "evidence": (
        "alignscope.cli.curated",
        "evidence_command",
        "Dated, cited evidence on a dyad, from the curated records.",
    ),
    "history": (
        "alignscope.cli.atlas",
        "history_command",
        "A dyad's type per year, marking the years it changed and the rules that started or "
        "stopped firing.",
    ),
    "measures": (
        "alignscope.cli.measures",
        "measures_command",
        "Every measure of dyad A–B in YEAR, with the dataset rows it came from.",
    ),
    "network": (
        "alignscope.cli.atlas",
        "network_command",
        "The alignment network of a year: typed ties, blocs, ties per state, brokers.",
    ),
    "options": (
        "alignscope.cli.options",
        "options_command",
        "Weigh the status quo, one rung deeper and a trilateral for dyad A–B.",
    ),
    "panel": (
        "alignscope.cli.panel",
        "panel_command",
        "Build a dyad-year panel from state-system membership and write it to --out.",
    ),
    "serve": (
        "alignscope.cli.serve",
        "serve_command",
        "Start the local dashboard and JSON API: world view, dyad pages, compare, /api/.",
    ),
    "similarity": (
        "alignscope.cli.similarity",
        "similarity_command",
        "Foreign-policy similarity (S, kappa, pi, Haege's kappa, tau-b) of all dyad-years.",
    ),
    "states": (
        "alignscope.cli.states",
        "states_command",
        "Resolve state names or codes (TWN, 713, gw:713, Taiwan, 台灣) to their COW codes.",
    ),
}
"""Every command: name -> (module of alignscope.cli, attribute, one-line help).

The module is imported only when the command runs or shows its own help; the one-line help
is what `alignscope --help` lists (a test keeps it in step with the command's docstring).
"""

EX_SOFTWARE = 70
"""Exit status of an unexpected error (sysexits.h), apart from 1 and 2 which users cause."""
EX_IOERR = 74
"""Exit status of an input/output error (sysexits.h): a damaged store, a full disk."""


def debugging() -> bool:
    return os.environ.get("ALIGNSCOPE_DEBUG", "") not in ("", "0")


def usage_line(exc: click.UsageError) -> str:
    """Click's usage error as one clause plus where to look: '... (see alignscope X --help)'."""
    message = one_line(exc.format_message()).rstrip(".")
    message = message[:1].lower() + message[1:]
    names, ctx = [], exc.ctx
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return f"{message} (see {' '.join(['alignscope', *reversed(names)])} --help)"


class AlignscopeGroup(click.Group):
    """The root group: commands loaded on demand, and the one error path of the program.

    `main` turns whatever escapes a command into one line on stderr and an exit status:
    click usage errors (exit 2), alignscope errors (their `exit_code`), anything else as an
    internal error (exit 70; the traceback with ALIGNSCOPE_DEBUG=1).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, attribute, _ = COMMANDS[cmd_name]
        try:
            command = getattr(importlib.import_module(module), attribute)
        except ModuleNotFoundError as exc:
            if exc.name is None or exc.name.startswith("alignscope"):
                raise
            raise AlignscopeError(
                f"`alignscope {cmd_name}` needs the Python module '{exc.name}', which is not "
                "installed; install it in this environment and run the command again"
            ) from exc
        self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list; commands of `COMMANDS` are listed from the table, not loaded."""
        rows = []
        for name in self.list_commands(ctx):
            if name in COMMANDS:  # shortened exactly as click shortens a docstring
                rows.append((name, click.Command(name, help=COMMANDS[name][2])))
            elif not self.commands[name].hidden:
                rows.append((name, self.commands[name]))
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        with formatter.section("Commands"):
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except Exception as exc:  # KeyboardInterrupt reaches here as click's Abort
            sys.exit(report(exc))
        sys.exit(rv if isinstance(rv, int) else 0)


def report(exc: Exception) -> int:
    """Say what went wrong in one line on stderr; returns the exit status."""
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        exc.show()  # a group named without a command: its help, as click shows it
        return exc.exit_code
    if isinstance(exc, click.UsageError):
        print_error(usage_line(exc))
        return 2
    if isinstance(exc, click.ClickException):
        print_error(exc.format_message())
        return exc.exit_code
    if isinstance(exc, click.exceptions.Abort):
        print_error("interrupted")
        return 130
    if isinstance(exc, BrokenPipeError):
        quiet_stdout()  # the reader went away (| head): stop without a second error
        return 1
    if debugging():
        print_traceback(exc)
    if isinstance(exc, AlignscopeError):
        print_error(exc)
        return exc.exit_code
    if io_error(exc):
        print_error(
            f"a file could not be read or written ({exc}); a store that is truncated or "
            "damaged can be deleted (it is built again from the shipped data), or pass another "
            "--db"
        )
        return EX_IOERR
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    hint = "" if debugging() else "; set ALIGNSCOPE_DEBUG=1 for the traceback"
    print_error(f"{what}{hint}", prefix="internal error:")
    return EX_SOFTWARE


def io_error(exc: Exception) -> bool:
    """An I/O error DuckDB met reading the store or writing a file: the file or the disk,
    not alignscope (a store file cut short reads until its first missing block)."""
    duckdb = sys.modules.get("duckdb")  # not loaded: the error cannot come from it
    return duckdb is not None and isinstance(exc, duckdb.IOException)


def print_traceback(exc: BaseException) -> None:
    import traceback

    traceback.print_exception(exc)


def quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@click.group(
    name="alignscope",
    cls=AlignscopeGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    metavar="PATH",
    envvar="ALIGNSCOPE_DB",
    callback=check_db,
    help="DuckDB store to use (default: $XDG_DATA_HOME/alignscope/alignscope.duckdb; "
    "':memory:' for a throw-away store). Also read from $ALIGNSCOPE_DB.",
)
@click.version_option(__version__, prog_name="alignscope")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """Measure, explain and forecast alignment between states, from real, cited data.

    States can be named by ISO3 code (TWN), COW code (713), English or Chinese name
    (Taiwan, 台灣). Every number comes from a shipped dataset: see `alignscope data list`.

    \b
    Examples:
      alignscope dyad TWN JPN --start 1990 --end 2020
      alignscope panel --start 2000 --end 2014 --add atop,trade --out dyads.parquet
      alignscope data info atop
      alignscope cite atop
    """
    ctx.obj = {"db": db}
