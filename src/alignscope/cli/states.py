"""`alignscope states`: resolve names and codes to COW codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..render import emit_json, fmt
from .common import FORMAT, handle_errors, workspace

if TYPE_CHECKING:
    pass


@click.command("states")
@click.argument("queries", nargs=-1, required=True)
@click.option("--year", type=int, help="Also check that each state was a system member in YEAR.")
@FORMAT
@click.pass_context
@handle_errors
def states_command(
    ctx: click.Context, queries: tuple[str, ...], year: int | None, fmt_: str
) -> None:
    """Resolve state names or codes (TWN, 713, gw:713, Taiwan, 台灣) to their COW codes."""
    from rich.table import Table

    from ..countries import resolve
    from ..render import stdout

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


