"""`alignscope events ingest|series`: load event files, then read a dyad's event series.

Registered by `alignscope.cli` at its end; options and error handling come from `cli.common`.
`series` imports the aggregation (Ibis, the `events` extra) only when it runs, so `--help`
and `ingest` work without the extra and do not pay for importing Ibis.
"""

from __future__ import annotations

from datetime import date

import click
from rich.table import Table

from ..countries import resolve
from ..errors import UsageError
from ..events.ingest import LAYOUTS, SKIP_REASONS, ingest
from ..events.series import ENGINES, FREQS, SERIES_COLUMNS
from ..render import emit_json, fmt, stderr, stdout
from .common import FORMAT, handle_errors, workspace


@click.group("events")
def events_group() -> None:
    """Event data (ICEWS, GDELT 1.0/2.0): ingest published files, read a dyad's series.

    \b
    Examples:
      alignscope events ingest events.2018.tab --source icews
      alignscope events ingest 20240101.export.CSV --source gdelt2 --strict
      alignscope events series TWN JPN --start 2018-01-01 --end 2018-12-31 --freq quarter
    """


@events_group.command("ingest")
@click.argument("files", nargs=-1, required=True)
@click.option("--source", required=True, metavar="|".join(LAYOUTS), help="Layout of the files.")
@click.option(
    "--engine",
    default="duckdb",
    show_default=True,
    metavar="|".join(ENGINES),
    help="Ingest always validates in the embedded store; spark is for `events series`.",
)
@click.option("--strict", is_flag=True, help="Reject the whole ingest on the first malformed row.")
@FORMAT
@click.pass_context
@handle_errors
def ingest_command(
    ctx: click.Context, files: tuple[str, ...], source: str, engine: str, strict: bool, fmt_: str
) -> None:
    """Validate event FILES and load them into the store (one transaction).

    Malformed rows (wrong number of fields, bad date, unknown CAMEO code, unknown actor
    country, a line of 2,000,000 bytes or more) are quarantined with file and line (table
    events_quarantine) and the rest is loaded; with --strict the first one rejects
    everything. A file that is not UTF-8, or that has a carriage return (CR) inside a line
    rather than in a CRLF line end, is refused whole. Events whose actors are not two
    different states are skipped and counted. Ingesting a file again replaces its rows.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine '{engine}'; choose duckdb or spark")
    if engine == "spark":
        raise UsageError(
            "ingest validates into the embedded store with DuckDB, which numbers every line "
            "for the quarantine; use --engine spark with `alignscope events series`"
        )
    report = ingest(workspace(ctx), list(files), source, strict=strict)
    if fmt_ == "json":
        emit_json(report.as_dict())
        return
    stdout.print(
        f"{report.rows:,d} rows read from {len(report.files)} {source} file(s) in "
        f"{report.seconds:.1f} s: [bold]{report.loaded:,d} loaded[/], {report.skipped:,d} "
        f"skipped, {report.quarantined:,d} quarantined"
        + (
            f" (replacing {report.replaced:,d} rows of an earlier ingest)"
            if report.replaced
            else ""
        )
    )
    for reason, n in sorted(report.skipped_by_reason.items(), key=lambda kv: -kv[1]):
        stdout.print(f"  skipped {n:,d}: {SKIP_REASONS[reason]}")
    for problem in report.first_problems:
        stdout.print(f"  quarantined {problem}", markup=False, soft_wrap=True)
    if report.quarantined > len(report.first_problems):
        stdout.print("  … all of them: select * from events_quarantine")


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} '{text}' is not a date; write it as YYYY-MM-DD") from None


@events_group.command("series")
@click.argument("state_a")
@click.argument("state_b")
@click.option("--start", required=True, metavar="YYYY-MM-DD", help="First day.")
@click.option("--end", required=True, metavar="YYYY-MM-DD", help="Last day.")
@click.option("--freq", default="month", show_default=True, metavar="|".join(FREQS), help="Period.")
@click.option(
    "--engine",
    default="duckdb",
    show_default=True,
    metavar="|".join(ENGINES),
    help="Run the aggregation on the embedded DuckDB or on Spark.",
)
@click.option(
    "--spark-master",
    metavar="URL",
    help="Spark master for --engine spark: local[2] (default), spark://host:7077, yarn, …",
)
@FORMAT
@click.pass_context
@handle_errors
def series_command(
    ctx: click.Context,
    state_a: str,
    state_b: str,
    start: str,
    end: str,
    freq: str,
    engine: str,
    spark_master: str | None,
    fmt_: str,
) -> None:
    """Event counts, Goldstein scores and net cooperation between two states, per period.

    Both directions (A→B and B→A) of every period from --start to --end, aggregated from
    the ingested events, the curated evidence and the machine evidence of shipped datasets
    (US presidential and Secretary of State trips, foreign leaders' visits to the US, MME
    joint exercises). A period without any ingested ICEWS/GDELT events is shown as – (no
    data) unless evidence for the dyad falls in it. Needs the events extra (Ibis):
    pip install 'alignscope[events]'.
    """
    # Ibis only here: without the extra this raises one AlignscopeError naming it, before
    # the store is opened.
    from ..events.aggregate import dyad_series

    ws = workspace(ctx)
    first, last = _day(start, "--start"), _day(end, "--end")
    if first > last:
        raise UsageError(f"--start {first} is after --end {last}; swap them")
    a, b = resolve(ws, state_a), resolve(ws, state_b)
    if a.ccode == b.ccode:
        raise UsageError(f"both states are {a.name}; name two different states")
    rows = dyad_series(ws, a.ccode, b.ccode, first, last, freq, engine=engine, master=spark_master)
    code = {a.ccode: a.code, b.ccode: b.code}
    for row in rows:
        row["source"] = code[row.pop("source_ccode")]
        row["target"] = code[row.pop("target_ccode")]
    if fmt_ == "json":
        emit_json(
            {
                "states": [a.code, b.code],
                "ccodes": [a.ccode, b.ccode],
                "start": first.isoformat(),
                "end": last.isoformat(),
                "freq": freq,
                "engine": engine,
                "columns": SERIES_COLUMNS,
                "rows": [{k: row[k] for k in SERIES_COLUMNS} for row in rows],
            }
        )
        return
    if not any(row["events"] for row in rows):
        stderr.print(
            f"no events between {a.name} and {b.name} in {first}–{last}; ingest event files "
            "with `alignscope events ingest`",
            soft_wrap=True,
        )
    table = Table(box=None, pad_edge=False, title=f"{a.name} ({a.code}) – {b.name} ({b.code})")
    for col, label in (
        ("period", "period"),
        ("dir", "dir"),
        ("events", "events"),
        ("verbal_coop", "v.coop"),
        ("material_coop", "m.coop"),
        ("verbal_conflict", "v.conf"),
        ("material_conflict", "m.conf"),
        ("goldstein_mean", "gold."),
        ("net_cooperation", "net"),
    ):
        table.add_column(label, justify="left" if col in ("period", "dir") else "right")
    for row in rows:
        table.add_row(
            row["period"],
            f"{row['source']}→{row['target']}",
            *(
                fmt(row[c])
                for c in (
                    "events",
                    "verbal_coop",
                    "material_coop",
                    "verbal_conflict",
                    "material_conflict",
                    "goldstein_mean",
                    "net_cooperation",
                )
            ),
        )
    stdout.print(table)
    stdout.print(
        "v./m. = verbal/material, coop/conf = cooperation/conflict (CAMEO quad classes); "
        "gold. = mean Goldstein score; net = (coop − conflict) / events; – = no data.",
        soft_wrap=True,
    )
