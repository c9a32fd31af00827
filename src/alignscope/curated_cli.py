"""`alignscope agreements`: the curated instruments between states, each with its source."""

from __future__ import annotations

import click
from rich.table import Table

from .cli_common import FORMAT, handle_errors, workspace
from .countries import resolve
from .errors import UsageError
from .render import emit_json, stdout

KINDS = (
    "defence_pact",
    "defence_cooperation",
    "security_declaration",
    "strategic_partnership",
    "informal_commitment",
    "mou",
    "investment",
    "fta",
    "open_skies",
    "fisheries",
    "dialogue",
)


@click.command("agreements")
@click.option(
    "--state",
    "states",
    multiple=True,
    metavar="S",
    help="Only instruments with this party (repeat for instruments binding all).",
)
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind of instrument.")
@click.option("--since", type=int, help="Signed in or after this year.")
@click.option("--until", type=int, help="Signed in or before this year.")
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
    t = ws.table("agreements")
    where, params = ["true"], []
    if codes:
        where.append("list_has_all(string_split(parties, ';')::integer[], ?)")
        params.append(codes)
    if kind:
        where.append("kind = ?")
        params.append(kind)
    year = "cast(substr(date_signed, 1, 4) as integer)"
    if since is not None:
        where.append(f"{year} >= ?")
        params.append(since)
    if until is not None:
        where.append(f"{year} <= ?")
        params.append(until)
    rows = (
        ws.con.sql(
            f"select id, date_signed, date_in_force, parties, party_names, kind, level, title, "
            f"citation, url from {t} where {' and '.join(where)} order by date_signed, id",
            params=params,
        )
        .to_arrow_table()
        .to_pylist()
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
