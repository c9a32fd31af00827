"""`alignscope panel` and `alignscope dyad`: dyad-year panels from the state system and
the shipped sources, whole or for one dyad."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..errors import UsageError
from ..render import emit_json, fmt
from .common import FORMAT, OUT_TABLE, DeferredHelp, handle_errors, workspace, year_bounds

if TYPE_CHECKING:
    from ..panel import Panel
    from ..workspace import Workspace


def step_names() -> list[str]:
    """The names `--add` accepts (`alignscope.sources.STEPS`)."""
    from ..sources import STEPS

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
    from ..panel import build_panel

    panel = build_panel(start, end, directed=directed, system=system, workspace=ws)
    for name in steps:
        panel = add_step(panel, name)
    return panel


def add_step(panel: Panel, name: str) -> Panel:
    """`--add NAME` on `panel`; a step that needs another state system says the CLI fix."""
    from ..panel import WrongSystemError
    from ..sources import STEPS

    try:
        return STEPS[name](panel)
    except WrongSystemError as exc:
        raise UsageError(
            f"--add {name} needs the {exc.needed.upper()} state system, not "
            f"{panel.system.upper()}; use --system {exc.needed} (the default), or leave out "
            "--add for a bare panel"
        ) from exc


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


@click.command("panel")
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
def panel_command(
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

    from ..panel import build_panel, parquet_rows
    from ..render import stderr

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
            p = add_step(p, name)
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


@click.command("dyad", short_help="Summarise one dyad from every source.")
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
def dyad_command(
    ctx: click.Context, state_a: str, state_b: str, start: int, end: int, n_years: int, fmt_: str
) -> None:
    """Summarise one dyad from every source, e.g. `alignscope dyad TWN JPN --start 1990`."""
    from rich.table import Table

    from ..countries import resolve
    from ..render import stdout

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
