"""`alignscope data list|info|verify|coverage` and `alignscope cite`: what is shipped, where it
comes from, and how to cite it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..render import emit_json
from .common import FORMAT, handle_errors, workspace

if TYPE_CHECKING:
    pass


@click.group("data")
def data_group() -> None:
    """The shipped datasets: what they are, where they come from, whether they are intact."""


@data_group.command("list")
@FORMAT
@handle_errors
def data_list(fmt_: str) -> None:
    """List every shipped dataset with its version, rows and years."""
    from rich.table import Table

    from ..catalog import manifest
    from ..render import stdout

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


@data_group.command("info")
@click.argument("name")
@FORMAT
@handle_errors
def data_info(name: str, fmt_: str) -> None:
    """Everything the manifest says about dataset NAME: source, licence, coverage, columns."""
    from rich.table import Table

    from ..catalog import dataset
    from ..render import stdout

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


@data_group.command("verify")
@FORMAT
@handle_errors
def data_verify(fmt_: str) -> None:
    """Check every shipped file against its manifest checksum; exit 1 if one is damaged."""
    from ..catalog import manifest
    from ..render import stdout

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


@data_group.command("coverage")
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

    from ..countries import resolve
    from ..curated import DIMENSIONS, G20, KIND_GROUPS, coverage
    from ..render import stdout

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


@click.command("cite")
@click.argument("names", nargs=-1, required=True)
@handle_errors
def cite_command(names: tuple[str, ...]) -> None:
    """Print the BibTeX for the datasets NAMES (or 'all')."""
    from ..catalog import dataset, manifest
    from ..report.bibtex import unique_entries

    chosen = list(manifest()) if names == ("all",) else names
    citations = [dataset(n).citation for n in chosen]  # every name checked before printing
    sys.stdout.write("\n".join(entry + "\n" for entry in unique_entries(citations)))


