"""The `alignscope` command: thin commands that parse options, call the core and render."""

from __future__ import annotations

import sys

import click
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .catalog import dataset, manifest
from .cli_common import FORMAT, OUT_TABLE, handle_errors, workspace
from .countries import FIRST_YEAR, LAST_YEAR, resolve
from .errors import UsageError
from .panel import Panel, build_panel
from .render import emit_json, fmt, stderr, stdout
from .sources import STEPS
from .workspace import Workspace


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--db",
    metavar="PATH",
    envvar="ALIGNSCOPE_DB",
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


@main.command()
@click.argument("names", nargs=-1, required=True)
@handle_errors
def cite(names: tuple[str, ...]) -> None:
    """Print the BibTeX for the datasets NAMES (or 'all')."""
    chosen = list(manifest()) if names == ("all",) else names
    sys.stdout.write("\n".join(dataset(n).citation.strip() + "\n" for n in chosen))


# ---------------------------------------------------------------- states


@main.command()
@click.argument("queries", nargs=-1, required=True)
@click.option("--year", type=int, help="Also check that each state was a system member in YEAR.")
@FORMAT
@click.pass_context
@handle_errors
def states(ctx: click.Context, queries: tuple[str, ...], year: int | None, fmt_: str) -> None:
    """Resolve state names or codes (TWN, 713, gw:713, Taiwan, 台灣) to their COW codes."""
    ws = workspace(ctx)
    found = [resolve(ws, q, year) for q in queries]
    rows = [
        {
            "query": q,
            "ccode": s.ccode,
            "iso3": s.iso3,
            "gwcode": s.gwcode,
            "un_m49": s.un_m49,
            "name": s.name,
            "name_zh": s.name_zh,
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


def parse_steps(text: str | None) -> list[str]:
    names = [s.strip() for s in (text or "").split(",") if s.strip()]
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        raise UsageError(f"unknown step '{unknown[0]}' in --add; choose from {', '.join(STEPS)}")
    return names


def assemble(
    ws: Workspace, start: int, end: int, directed: bool, steps: list[str], system: str = "cow"
) -> Panel:
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
@click.option("--start", type=int, required=True, help=f"First year ({FIRST_YEAR} or later).")
@click.option("--end", type=int, required=True, help=f"Last year ({LAST_YEAR} or earlier).")
@click.option(
    "--directed", is_flag=True, help="Both orders of each pair (default: ccode1 < ccode2)."
)
@click.option(
    "--add", "add", metavar="STEPS", help=f"Comma-separated sources to join: {','.join(STEPS)}."
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
        p.write(out)
        rows = p.count()
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


@main.command()
@click.argument("state_a")
@click.argument("state_b")
@click.option("--start", type=int, default=1990, show_default=True, help="First year.")
@click.option("--end", type=int, default=2020, show_default=True, help="Last year.")
@click.option(
    "--columns",
    "n_years",
    type=int,
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


# ---------------------------------------------------------------- measure commands
# Commands defined next to their core modules, registered here (one line each).
from .measures.fpsim_cli import similarity_command  # noqa: E402

main.add_command(similarity_command, "similarity")
from .measures.dyad_cli import measures_command  # noqa: E402

main.add_command(measures_command, "measures")
from .curated_cli import agreements_command  # noqa: E402, I001
main.add_command(agreements_command, "agreements")
from .assess.cli import assess_command, classify_command  # noqa: E402, I001
main.add_command(assess_command, "assess")
main.add_command(classify_command, "classify")
from .curated_cli import evidence_command  # noqa: E402

main.add_command(evidence_command, "evidence")
from .events.cli import events_group  # noqa: E402, I001
main.add_command(events_group, "events")
from .assess.options_cli import options_command  # noqa: E402

main.add_command(options_command, "options")

from .atlas_cli import atlas_command, history_command, network_command  # noqa: E402

main.add_command(atlas_command, "atlas")
main.add_command(network_command, "network")
main.add_command(history_command, "history")
