"""The `alignscope` command: thin commands that parse options, call the core and render.

Startup is kept to click: the commands defined elsewhere are imported when they are run
(`COMMANDS`), and the commands here import the store, Arrow and rich inside their bodies,
so `alignscope --help` never loads DuckDB, Arrow or Ibis (issue 13). Every error leaves
through `AlignscopeGroup.main` as one line on stderr (issue 12).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .cli_common import (
    FORMAT,
    OUT_TABLE,
    DeferredHelp,
    check_db,
    handle_errors,
    one_line,
    print_error,
    workspace,
    year_bounds,
)
from .errors import AlignscopeError, UsageError
from .render import emit_json, fmt

if TYPE_CHECKING:
    from .panel import Panel
    from .workspace import Workspace

COMMANDS: dict[str, tuple[str, str, str]] = {
    "agreements": (
        "alignscope.curated_cli",
        "agreements_command",
        "List curated treaties, declarations, partnerships and dialogues, with citations.",
    ),
    "assess": (
        "alignscope.assess.cli",
        "assess_command",
        "Assess the alignment of A and B in YEAR: type and why, seven dimensions, triangle.",
    ),
    "atlas": (
        "alignscope.atlas_cli",
        "atlas_command",
        "Every undirected dyad-year assessed at once: type, rule codes, the seven scores, C, P.",
    ),
    "classify": (
        "alignscope.assess.cli",
        "classify_command",
        "The alignment type of two or more STATES in YEAR, with the rules that fired.",
    ),
    "events": (
        "alignscope.events.cli",
        "events_group",
        "Event data (ICEWS, GDELT 1.0/2.0): ingest published files, read a dyad's series.",
    ),
    "evidence": (
        "alignscope.curated_cli",
        "evidence_command",
        "Dated, cited evidence on a dyad, from the curated records.",
    ),
    "history": (
        "alignscope.atlas_cli",
        "history_command",
        "A dyad's type per year, marking the years it changed and the rules that started or "
        "stopped firing.",
    ),
    "measures": (
        "alignscope.measures.dyad_cli",
        "measures_command",
        "Every measure of dyad A–B in YEAR, with the dataset rows it came from.",
    ),
    "network": (
        "alignscope.atlas_cli",
        "network_command",
        "The alignment network of a year: typed ties, blocs, ties per state, brokers.",
    ),
    "options": (
        "alignscope.assess.options_cli",
        "options_command",
        "Weigh the status quo, one rung deeper and a trilateral for dyad A–B.",
    ),
    "serve": (
        "alignscope.web.cli",
        "serve_command",
        "Start the local dashboard and JSON API: world view, dyad pages, compare, /api/.",
    ),
    "similarity": (
        "alignscope.measures.fpsim_cli",
        "similarity_command",
        "Foreign-policy similarity (S, kappa, pi, Haege's kappa, tau-b) of all dyad-years.",
    ),
}
"""Commands defined next to their core modules: name -> (module, attribute, one-line help).

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


# ---------------------------------------------------------------- data and citations


@main.group()
def data() -> None:
    """The shipped datasets: what they are, where they come from, whether they are intact."""


@data.command("list")
@FORMAT
@handle_errors
def data_list(fmt_: str) -> None:
    """List every shipped dataset with its version, rows and years."""
    from rich.table import Table

    from .catalog import manifest
    from .render import stdout

    entries = manifest().values()
    if fmt_ == "json":
        emit_json(
            {
                "datasets": [
                    {
                        "name": d.name,
                        "dataset": d.dataset,
                        "version": d.version,
                        "rows": d.rows,
                        "years": d.years,
                        "unit": d.unit,
                    }
                    for d in entries
                ]
            }
        )
        return
    table = Table(title="Shipped datasets (alignscope data info NAME for details)")
    for col in ("name", "dataset", "version", "rows", "years"):
        table.add_column(col, justify="right" if col == "rows" else "left")
    for d in entries:
        years = f"{d.years[0]}–{d.years[1]}" if d.years else "–"
        table.add_row(d.name, d.dataset, d.version, f"{d.rows:,d}", years)
    stdout.print(table)


@data.command("info")
@click.argument("name")
@FORMAT
@handle_errors
def data_info(name: str, fmt_: str) -> None:
    """Everything the manifest says about dataset NAME: source, licence, coverage, columns."""
    from rich.table import Table

    from .catalog import dataset
    from .render import stdout

    d = dataset(name)
    if fmt_ == "json":
        fields = {k: getattr(d, k) for k in d.__dataclass_fields__ if k != "extra"}
        emit_json({**fields, **d.extra})
        return
    years = f"{d.years[0]}–{d.years[1]}" if d.years else "–"
    stdout.print(f"[bold]{d.name}[/]: {d.title}")
    for label, value in (
        ("dataset", f"{d.dataset}, version {d.version}"),
        ("unit", d.unit),
        ("coverage", f"{years}; {d.n_states or '–'} states; {d.rows:,d} rows"),
        ("origin", d.origin),
        ("source", d.source_url or "–"),
        ("licence", d.licence),
        ("processing", d.processing),
        ("file", f"{d.file} (sha256 {d.sha256})"),
    ):
        stdout.print(f"  [bold]{label:<10}[/] {value}")
    stdout.print("  [bold]known gaps[/]")
    for gap in d.gaps:
        stdout.print(f"    • {gap}")
    table = Table("column", "meaning", title="columns", title_justify="left")
    for col, meaning in d.columns.items():
        table.add_row(col, meaning)
    stdout.print(table)
    stdout.print(f"  cite with: alignscope cite {d.name}")


@data.command("verify")
@FORMAT
@handle_errors
def data_verify(fmt_: str) -> None:
    """Check every shipped file against its manifest checksum; exit 1 if one is damaged."""
    from .catalog import manifest
    from .render import stdout

    problems = {d.name: d.verify() for d in manifest().values()}
    bad = {name: msg for name, msg in problems.items() if msg}
    if fmt_ == "json":
        emit_json({"ok": not bad, "checked": len(problems), "problems": bad})
    else:
        for name, msg in problems.items():
            stdout.print(
                f"{'[red]FAIL[/]' if msg else '[green]ok[/]  '} {name}"
                + (f": {msg}" if msg else "")
            )
        stdout.print(f"{len(problems) - len(bad)} of {len(problems)} datasets intact")
    if bad:
        sys.exit(1)


@data.command("coverage")
@click.option(
    "--state",
    "states",
    multiple=True,
    metavar="S",
    help="Only this state (repeatable; default: the G20 member states).",
)
@FORMAT
@click.pass_context
@handle_errors
def data_coverage(ctx: click.Context, states: tuple[str, ...], fmt_: str) -> None:
    """How many curated instruments and evidence records bear on each state, by kind group
    and dimension, with their years: where a judgement rests on thin data.

    \b
    Examples:
      alignscope data coverage
      alignscope data coverage --state TWN --format json
    """
    from rich.table import Table

    from .countries import resolve
    from .curated import DIMENSIONS, G20, KIND_GROUPS, coverage
    from .render import stdout

    ws = workspace(ctx)
    found = [resolve(ws, s) for s in states] or [resolve(ws, c) for c in G20]
    counts = coverage(ws, [s.ccode for s in found])
    if fmt_ == "json":
        emit_json(
            {
                "states": [
                    {
                        "state": s.code,
                        "ccode": s.ccode,
                        "name": s.name,
                        "agreements": {g: counts[s.ccode][g] for g in KIND_GROUPS},
                        "evidence": {d: counts[s.ccode][d] for d in DIMENSIONS},
                    }
                    for s in found
                ],
                "kind_groups": {g: list(kinds) for g, kinds in KIND_GROUPS.items()},
                "note": "counted rows only (verified_via = unverified left out); "
                "years signed or dated",
            }
        )
        return

    def cell(c: dict) -> str:
        return f"{c['n']}\n{c['first']}\n{c['last']}" if c["n"] else "–"

    keys = (*KIND_GROUPS, *DIMENSIONS)
    if len(found) == 1:
        s = found[0]
        table = Table(
            "source",
            "group",
            "rows",
            "years",
            box=None,
            pad_edge=False,
            title=f"Curated coverage of {s.name} ({s.code})",
            title_justify="left",
        )
        for k in keys:
            c = counts[s.ccode][k]
            years = f"{c['first']}–{c['last']}" if c["n"] else "–"
            table.add_row("agreements" if k in KIND_GROUPS else "evidence", k, str(c["n"]), years)
    else:
        table = Table(
            "state",
            *keys,
            box=None,
            pad_edge=False,
            title_justify="left",
            title="Curated coverage: instruments by kind group, evidence by "
            "dimension (rows, first and last year)",
        )
        for s in found:
            table.add_row(s.code, *(cell(counts[s.ccode][k]) for k in keys))
    stdout.print(table)
    stdout.print(
        "Counted rows only (unverified rows left out). Instruments: "
        "alignscope agreements --state S; evidence: alignscope evidence A B."
    )


@main.command()
@click.argument("names", nargs=-1, required=True)
@handle_errors
def cite(names: tuple[str, ...]) -> None:
    """Print the BibTeX for the datasets NAMES (or 'all')."""
    from .catalog import dataset, manifest
    from .report.bibtex import unique_entries

    chosen = list(manifest()) if names == ("all",) else names
    citations = [dataset(n).citation for n in chosen]  # every name checked before printing
    sys.stdout.write("\n".join(entry + "\n" for entry in unique_entries(citations)))


# ---------------------------------------------------------------- states


@main.command()
@click.argument("queries", nargs=-1, required=True)
@click.option("--year", type=int, help="Also check that each state was a system member in YEAR.")
@FORMAT
@click.pass_context
@handle_errors
def states(ctx: click.Context, queries: tuple[str, ...], year: int | None, fmt_: str) -> None:
    """Resolve state names or codes (TWN, 713, gw:713, Taiwan, 台灣) to their COW codes."""
    from rich.table import Table

    from .countries import resolve
    from .render import stdout

    ws = workspace(ctx)
    found = [resolve(ws, q, year) for q in queries]
    rows = [
        {
            "query": q,
            "ccode": s.ccode,
            "iso3": s.iso3,
            "gwcode": s.gwcode,
            "un_m49": s.un_m49,
            "name": s.label("en", year) if year else s.name,
            "name_zh": s.label("zh-TW", year) if year else s.name_zh,
            "member": s.membership(),
        }
        for q, s in zip(queries, found, strict=True)
    ]
    if fmt_ == "json":
        emit_json({"states": rows})
        return
    table = Table(*rows[0].keys())
    for row in rows:
        table.add_row(*(fmt(v) for v in row.values()))
    stdout.print(table)


# ---------------------------------------------------------------- panels


def step_names() -> list[str]:
    """The names `--add` accepts (`alignscope.sources.STEPS`)."""
    from .sources import STEPS

    return list(STEPS)


def parse_steps(text: str | None) -> list[str]:
    known = step_names()
    names = [s.strip() for s in (text or "").split(",") if s.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"unknown step '{unknown[0]}' in --add; choose from {', '.join(known)}")
    return names


def assemble(
    ws: Workspace, start: int, end: int, directed: bool, steps: list[str], system: str = "cow"
) -> Panel:
    from .panel import build_panel
    from .sources import STEPS

    panel = build_panel(start, end, directed=directed, system=system, workspace=ws)
    for name in steps:
        panel = STEPS[name](panel)
    return panel


def summary(panel: Panel, rows: int) -> dict:
    non_null = panel.ws.rows(
        "select " + ", ".join(f'count("{c}")' for c in panel.columns) + f" from {panel.view}"
    )[0]
    return {
        "unit": panel.unit,
        "directed": panel.directed,
        "system": panel.system,
        "start": panel.start,
        "end": panel.end,
        "rows": rows,
        "steps": list(panel.steps),
        "columns": {
            c: {"description": d, "non_null": n}
            for (c, d), n in zip(panel.columns.items(), non_null, strict=True)
        },
    }


@main.command()
@click.option(
    "--start",
    type=int,
    required=True,
    cls=DeferredHelp,
    help_from=lambda: f"First year ({year_bounds()[0]} or later).",
)
@click.option(
    "--end",
    type=int,
    required=True,
    cls=DeferredHelp,
    help_from=lambda: f"Last year ({year_bounds()[1]} or earlier).",
)
@click.option(
    "--directed", is_flag=True, help="Both orders of each pair (default: ccode1 < ccode2)."
)
@click.option(
    "--add",
    "add",
    metavar="STEPS",
    cls=DeferredHelp,
    help_from=lambda: f"Comma-separated sources to join: {', '.join(step_names())}.",
)
@click.option(
    "--system",
    type=click.Choice(["cow", "gw"]),
    default="cow",
    show_default=True,
    help="State system the dyads are drawn from (add steps need cow).",
)
@OUT_TABLE
@FORMAT
@click.pass_context
@handle_errors
def panel(
    ctx: click.Context,
    start: int,
    end: int,
    directed: bool,
    add: str | None,
    system: str,
    out: str,
    fmt_: str,
) -> None:
    """Build a dyad-year panel from state-system membership and write it to --out.

    Values outside a source's years are NULL, never 0; `alignscope data info NAME`
    documents each source. Example:

    \b
      alignscope panel --start 1990 --end 2014 --add atop,democracy,trade --out p.parquet
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .panel import build_panel, parquet_rows
    from .render import stderr
    from .sources import STEPS

    steps = parse_steps(add)
    ws = workspace(ctx)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
    ) as progress:
        task = progress.add_task("building dyad-years", total=len(steps) + 2)
        p = build_panel(start, end, directed=directed, system=system, workspace=ws)
        for name in steps:
            progress.update(task, advance=1, description=f"adding {name}")
            p = STEPS[name](p)
        progress.update(task, advance=1, description=f"writing {out}")
        written = p.write(out)
        # the footer holds the count: counting the panel again would rerun every join
        rows = parquet_rows(written) if written.suffix.lower() == ".parquet" else p.count()
        info = {**summary(p, rows), "out": out} if fmt_ == "json" else None
    if info is not None:
        emit_json(info)
    else:
        kind = "directed" if directed else "undirected"
        stderr.print(
            f"wrote {rows:,d} {kind} dyad-years {start}–{end} with {len(p.columns)} columns "
            f"to {out}",
            soft_wrap=True,
        )


# ---------------------------------------------------------------- one dyad

DYAD_STEPS = [
    "atop",
    "rivalries",
    "contiguity",
    "distance",
    "democracy",
    "capabilities",
    "majors",
    "trade",
    "igo",
    "mids",
    "arms",
    "desta",
    "unga",
]

DYAD_ROWS = [  # (label, column or pair of columns shown as "a / b")
    ("any alliance (ATOP)", ("atop_any",)),
    ("defence pact 1→2/2→1", ("atop_defense_12", "atop_defense_21")),
    ("rivalry TD/TSS", ("td_rivalry", "tss_rivalry")),
    ("contiguity type", ("conttype",)),
    ("min. distance km", ("mindist",)),
    ("polyarchy 1/2", ("v2x_polyarchy_1", "v2x_polyarchy_2")),
    ("CINC % 1/2", ("cinc_1", "cinc_2")),
    ("major power 1/2", ("majpow_1", "majpow_2")),
    ("imports 1←2 $m", ("trade_imp_12",)),
    ("imports 2←1 $m", ("trade_imp_21",)),
    ("joint IGOs", ("igo_joint",)),
    ("MID ongoing", ("mid_ongoing",)),
    ("arms TIV 1→2/2→1", ("arms_tiv_12", "arms_tiv_21")),
    ("trade agreements", ("desta_ptas_in_force",)),
    ("UN ideal-point gap", ("unga_ideal_dist",)),
]


def _cell(row: dict, cols: tuple[str, ...]) -> str:
    if cols[0].startswith("cinc"):  # shares of the system, shown in per cent
        return "/".join("–" if row[c] is None else f"{100 * row[c]:.1f}" for c in cols)
    return "/".join(
        f"{v:.2f}" if isinstance(v, float) and abs(v) < 100 else fmt(v)
        for v in (row[c] for c in cols)
    )


def _sample_years(years: list[int], n: int) -> list[int]:
    if len(years) <= n:
        return years
    step = (len(years) - 1) / (n - 1)
    return sorted({years[round(i * step)] for i in range(n)})


@main.command(short_help="Summarise one dyad from every source.")
@click.argument("state_a")
@click.argument("state_b")
@click.option("--start", type=int, default=1990, show_default=True, help="First year.")
@click.option("--end", type=int, default=2020, show_default=True, help="Last year.")
@click.option(
    "--columns",
    "n_years",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="How many years the text table shows (JSON has every year).",
)
@FORMAT
@click.pass_context
@handle_errors
def dyad(
    ctx: click.Context, state_a: str, state_b: str, start: int, end: int, n_years: int, fmt_: str
) -> None:
    """Summarise one dyad from every source, e.g. `alignscope dyad TWN JPN --start 1990`."""
    from rich.table import Table

    from .countries import resolve
    from .render import stdout

    ws = workspace(ctx)
    a, b = resolve(ws, state_a), resolve(ws, state_b)
    if a.ccode == b.ccode:
        raise UsageError(f"both states are {a.name}; name two different states")
    p = assemble(ws, start, end, False, DYAD_STEPS)
    rows = p.dyad(a.ccode, b.ccode).to_pylist()
    if not rows:
        raise UsageError(
            f"{a.name} and {b.name} were never both states in {start}–{end} "
            f"({a.name}: {a.membership()}; {b.name}: {b.membership()})"
        )
    first, second = (a, b) if a.ccode < b.ccode else (b, a)
    if fmt_ == "json":
        emit_json(
            {
                "states": [first.code, second.code],
                "ccodes": [first.ccode, second.ccode],
                "columns": p.columns,
                "rows": rows,
            }
        )
        return
    shown_years = _sample_years([r["year"] for r in rows], max(n_years, 2))
    shown = [r for r in rows if r["year"] in shown_years]
    stdout.print(
        f"[bold]1 = {first.name} ({first.code} {first.name_zh or ''}), "
        f"2 = {second.name} ({second.code} {second.name_zh or ''})[/]"
    )
    table = Table(box=None, pad_edge=False)
    table.add_column("indicator", no_wrap=True)
    for r in shown:
        table.add_column(str(r["year"]), justify="right", no_wrap=True)
    for label, cols in DYAD_ROWS:
        table.add_row(label, *(_cell(r, cols) for r in shown))
    stdout.print(table)
    stdout.print(
        "– no data (outside the source's years, or not recorded). Every column and "
        "year: --format json; sources: alignscope data list."
    )
