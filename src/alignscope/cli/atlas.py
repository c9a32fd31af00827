"""`alignscope atlas`, `network` and `history`: the whole system, a year's network, a dyad's
path through the types."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..countries import resolve
from ..errors import UsageError
from ..output import atomic_file, check_target
from ..panel import check_years
from ..render import emit_json, stderr, stdout
from .common import (
    FORMAT,
    FilePath,
    check_dimensions,
    check_year,
    checked_out,
    handle_errors,
    workspace,
)


@click.command("atlas")
@click.option("--start", type=int, help="First year (1816–2024).")
@click.option("--end", type=int, help="Last year (1816–2024).")
@click.option(
    "--state",
    "states",
    multiple=True,
    metavar="S",
    help="Only dyads including this state (repeatable); scores still rank against "
    "all dyads of the year.",
)
@click.option(
    "--system",
    type=click.Choice(["cow", "gw"]),
    default="cow",
    show_default=True,
    help="State system (the atlas is COW-coded; gw is refused with a reason).",
)
@click.option(
    "--dimensions",
    "dimensions_file",
    type=FilePath(dir_okay=False),
    callback=check_dimensions,
    help="Your own dimensions file (TOML), as for assess.",
)
@click.option(
    "--out",
    type=FilePath(dir_okay=False),
    callback=checked_out(".parquet", ".csv"),
    help="Output file, .parquet or .csv (written atomically).",
)
@click.option("--columns", "show_columns", is_flag=True, help="List the columns and exit.")
@FORMAT
@click.pass_context
@handle_errors
def atlas_command(ctx, start, end, states, system, dimensions_file, out, show_columns, fmt_):
    """Every undirected dyad-year assessed at once: type, rule codes, the seven scores, C, P.

    \b
    alignscope atlas --start 2011 --end 2011 --out atlas-2011.parquet
    alignscope atlas --start 1990 --end 2020 --state TWN --out taiwan.csv
    alignscope atlas --columns
    """
    from ..assess.dimensions import load_dimensions
    from ..atlas import atlas, columns

    if show_columns:
        cols = columns(load_dimensions(dimensions_file))
        if fmt_ == "json":
            emit_json(cols)
        else:
            for name, meaning in cols.items():
                stdout.print(f"[bold]{name}[/]  {meaning}", soft_wrap=True)
        return
    if start is None or end is None or out is None:
        raise UsageError("give --start, --end and --out (or --columns to list the columns)")
    check_years(start, end)
    target = Path(out)  # checked by the option's callback, before any work
    dims = load_dimensions(dimensions_file)  # a bad file fails here, before any work
    ws = workspace(ctx)
    for s in states:
        resolve(ws, s)
    show = sys.stderr.isatty() and end - start >= 8
    if show:
        from rich.progress import Progress

        with Progress(console=stderr, transient=True) as bar:
            task = bar.add_task("assessing dyad-years", total=None)
            table = atlas(
                start,
                end,
                states=states,
                system=system,
                dimensions_file=dimensions_file,
                workspace=ws,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    else:
        table = atlas(
            start, end, states=states, system=system, dimensions_file=dimensions_file, workspace=ws
        )
    del dims
    _write_table(table, target)
    counts: dict[str, int] = {}
    for t in table.column("type").to_pylist():
        counts[str(t)] = counts.get(str(t), 0) + 1
    summary = {
        "out": str(target),
        "rows": table.num_rows,
        "years": [start, end],
        "types": dict(sorted(counts.items(), key=lambda kv: -kv[1])),
    }
    if fmt_ == "json":
        emit_json(summary)
    else:
        stdout.print(f"{table.num_rows:,} dyad-years {start}–{end} written to {target}")
        stdout.print(
            "  " + ", ".join(f"{k} {v:,}" for k, v in summary["types"].items()), soft_wrap=True
        )


def _write_table(table, target: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    with atomic_file(target) as tmp:
        if target.suffix.lower() == ".parquet":
            pq.write_table(table, tmp, compression="zstd")
        else:
            flat = table
            for name in ("secondary", "rules", "untested"):
                i = flat.schema.get_field_index(name)
                joined = [";".join(v or []) for v in flat.column(name).to_pylist()]
                flat = flat.set_column(i, name, pa.array(joined, pa.string()))
            pcsv.write_csv(
                flat, tmp, pcsv.WriteOptions(quoting_style="needed", quoting_header="none")
            )


@click.command("network")
@click.option("--year", type=int, required=True, help="Year (1816–2024).")
@click.option(
    "--types",
    help="Tie types, comma-separated (default: every alignment type; "
    "add rivalry to draw rivalries).",
)
@click.option(
    "--region",
    type=click.Choice(["americas", "europe", "africa", "middle_east", "asia", "oceania"]),
    help="Only one region.",
)
@click.option(
    "--format",
    "fmt_",
    type=click.Choice(["text", "json", "html", "graphml"]),
    default="text",
    show_default=True,
    help="text, json, html (one file, inline SVG) or graphml.",
)
@click.option(
    "--out",
    type=FilePath(dir_okay=False),
    callback=checked_out(),
    help="Write html/graphml/json here.",
)
@click.option("--lang", type=click.Choice(["en", "zh-TW"]), default="en", show_default=True)
@click.pass_context
@handle_errors
def network_command(ctx, year, types, region, fmt_, out, lang):
    """The alignment network of a year: typed ties, blocs, ties per state, brokers.

    \b
    alignscope network --year 2011 --format html --out network-2011.html
    alignscope network --year 1960 --region europe --format json
    """
    from ..network import graphml, network, parse_types
    from ..output import write_text
    from ..report.network_html import render

    check_year(year)
    tie_types = parse_types(types)
    if fmt_ in ("html", "graphml") and not out:
        raise UsageError(f"--format {fmt_} writes a file: give --out FILE")
    target = None
    if out:
        suffix = {
            "html": (".html", ".htm"),
            "graphml": (".graphml", ".xml"),
            "json": (".json",),
            "text": (".txt",),
        }[fmt_]
        target = check_target(out, suffix)
    ws = workspace(ctx)
    net = network(ws, year, types=tie_types, region=region)
    if fmt_ == "html":
        write_text(target, render(net, lang))
    elif fmt_ == "graphml":
        write_text(target, graphml(net))
    elif fmt_ == "json":
        if target:
            import json

            write_text(target, json.dumps(net, ensure_ascii=False, indent=1))
        else:
            emit_json(net)
        return
    if fmt_ == "text" or target:
        ties = len(net["edges"])
        stdout.print(
            f"{year}: {len(net['nodes'])} states, {ties} ties, "
            f"{len(net['blocs'])} blocs" + (f" → {target}" if target else "")
        )
        if fmt_ == "text":
            by_type: dict[str, int] = {}
            for e in net["edges"]:
                by_type[e["type"]] = by_type.get(e["type"], 0) + 1
            stdout.print("  ties: " + ", ".join(f"{k} {v}" for k, v in by_type.items()))
            for i, bloc in enumerate(net["blocs"][:8]):
                stdout.print(f"  bloc {i + 1} ({len(bloc)}): {' '.join(bloc)}", soft_wrap=True)
            brokers = ", ".join(b["state"] for b in net["brokers"][:10])
            stdout.print(f"  brokers: {brokers or 'none'}")


@click.command("history")
@click.argument("a")
@click.argument("b")
@click.option("--start", type=int, default=1990, show_default=True)
@click.option("--end", type=int, default=2024, show_default=True)
@FORMAT
@click.pass_context
@handle_errors
def history_command(ctx, a, b, start, end, fmt_):
    """A dyad's type per year, marking the years it changed and the rules that started or
    stopped firing.

    \b
    alignscope history TWN JPN --start 1990 --end 2024
    """
    from ..countries import state_index
    from ..history import dyad_history

    check_years(start, end)
    ws = workspace(ctx)
    result = dyad_history(ws, a, b, start, end)
    out = result["years"]
    index = state_index(ws)
    sa, sb = (index.states[c] for c in result["ccodes"])
    years = [r["year"] for r in out]
    if fmt_ == "json":
        emit_json(result)
        return
    stdout.print(f"[bold]{sa.name} – {sb.name}[/], {years[0]}–{years[-1]}")
    for r in out:
        mark = "►" if r["changed"] else " "
        moved = "; ".join([f"+{c}" for c in r["started"]] + [f"−{c}" for c in r["stopped"]])
        stdout.print(f" {mark} {r['year']}  {r['type'] or '—':22s} {moved}", soft_wrap=True)
