"""`alignscope agreements`: the curated instruments between states, each with its source."""

from __future__ import annotations

import click
from rich.table import Table

from ..countries import resolve
from ..curated import agreements_between, evidence_for_dyad
from ..errors import UsageError
from ..render import emit_json, stdout
from .common import FORMAT, handle_errors, workspace

KINDS = (
    "defence_pact",
    "defence_cooperation",
    "security_declaration",
    "strategic_partnership",
    "informal_commitment",
    "designation",
    "mou",
    "investment",
    "fta",
    "open_skies",
    "fisheries",
    "dialogue",
)


YEAR = click.IntRange(1, 9999)
"""A year of the calendar: a larger number would overflow the store's integers (DuckDB)."""


@click.command("agreements")
@click.option(
    "--state",
    "states",
    multiple=True,
    metavar="S",
    help="Only instruments with this party (repeat for instruments binding all).",
)
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind of instrument.")
@click.option("--since", type=YEAR, help="Signed in or after this year.")
@click.option("--until", type=YEAR, help="Signed in or before this year.")
@FORMAT
@click.pass_context
@handle_errors
def agreements_command(
    ctx: click.Context,
    states: tuple[str, ...],
    kind: str | None,
    since: int | None,
    until: int | None,
    fmt_: str,
) -> None:
    """List curated treaties, declarations, partnerships and dialogues, with citations.

    \b
    Examples:
      alignscope agreements --state TWN --state JPN
      alignscope agreements --state IND --kind strategic_partnership --format json
    """
    ws = workspace(ctx)
    codes = [resolve(ws, s).ccode for s in states]
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}; swap them")
    rows = agreements_between(
        ws,
        codes,
        columns=(
            "id",
            "date_signed",
            "date_in_force",
            "parties",
            "party_names",
            "kind",
            "level",
            "title",
            "citation",
            "url",
        ),
        kind=kind,
        since=since,
        until=until,
    )
    if fmt_ == "json":
        emit_json(
            {
                "filters": {
                    "states": [resolve(ws, s).code for s in states],
                    "kind": kind,
                    "since": since,
                    "until": until,
                },
                "count": len(rows),
                "agreements": rows,
            }
        )
        return
    table = Table("signed", "kind", "parties", "title", box=None, pad_edge=False)
    for r in rows:
        table.add_row(r["date_signed"], r["kind"], r["party_names"], r["title"])
    stdout.print(table)
    stdout.print(
        f"{len(rows)} instruments; citations and sources: --format json "
        "(alignscope data info agreements)."
    )


DIMENSIONS = ("I-1", "I-2", "I-3", "I-4", "I-5", "E-1", "E-2")


@click.command("evidence")
@click.argument("state_a")
@click.argument("state_b")
@click.option("--dimension", type=click.Choice(DIMENSIONS), help="Only this dimension.")
@click.option(
    "--lang",
    type=click.Choice(["en", "zh-TW"]),
    default="en",
    show_default=True,
    help="Language of the summaries.",
)
@FORMAT
@click.pass_context
@handle_errors
def evidence_command(
    ctx: click.Context, state_a: str, state_b: str, dimension: str | None, lang: str, fmt_: str
) -> None:
    """Dated, cited evidence on a dyad, e.g. `alignscope evidence TWN JPN --lang zh-TW`."""
    ws = workspace(ctx)
    a, b = resolve(ws, state_a), resolve(ws, state_b)
    if a.ccode == b.ccode:
        raise UsageError(f"both states are {a.name}; name two different states")
    rows = evidence_for_dyad(ws, a.ccode, b.ccode, dimension=dimension)
    if fmt_ == "json":
        emit_json(
            {
                "states": [a.code, b.code],
                "dimension": dimension,
                "count": len(rows),
                "evidence": rows,
            }
        )
        return
    summary = "summary_zh_tw" if lang == "zh-TW" else "summary_en"
    table = Table("date", "dim", "±", "summary", box=None, pad_edge=False)
    for r in rows:
        table.add_row(r["date"], r["dimension"], r["direction"], r[summary])
    stdout.print(table)
    names = f"{a.label(lang)}–{b.label(lang)}"
    stdout.print(
        f"{len(rows)} records for {names}; citations: --format json."
        if lang == "en"
        else f"{names}：共 {len(rows)} 筆紀錄；出處請用 --format json。"
    )
