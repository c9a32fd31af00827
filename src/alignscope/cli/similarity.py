"""`alignscope similarity`: the all-dyad foreign-policy similarity table, written to a file.

Imported by `alignscope.cli` at its end (it reuses that module's option and error helpers).
"""

from __future__ import annotations

import click
import pyarrow as pa

from ..errors import UsageError
from ..measures.fpsim import (
    ATOP_MEASURES,
    UNGA_MEASURES,
    atop_similarity,
    column_docs,
    coverage,
    prefix,
    unga_similarity,
)
from ..measures.similarity import WEIGHTED_MEASURES
from ..output import check_target, write_query
from ..render import emit_json, stderr
from ..workspace import Workspace
from .common import FORMAT, OUT_TABLE, handle_errors, workspace

#: What --measures accepts: the short names of the issue, and the full measure names.
MEASURE_NAMES = {"s": "s_abs", "s_w": "s_abs_w", **{m: m for m in ATOP_MEASURES}}
LABELS = {"atop": "alliance portfolios (ATOP)", "unga": "UN General Assembly votes"}


def parse_measures(text: str | None, sources: list[str]) -> list[str]:
    """Measure names from a comma-separated list (all of them when empty), checked."""
    names = [n.strip().lower() for n in (text or "").split(",") if n.strip()]
    unknown = [n for n in names if n not in MEASURE_NAMES]
    if unknown:
        raise UsageError(
            f"unknown measure '{unknown[0]}' in --measures; choose from {', '.join(MEASURE_NAMES)}"
        )
    default = ATOP_MEASURES if "atop" in sources else UNGA_MEASURES
    chosen = list(dict.fromkeys(MEASURE_NAMES[n] for n in names)) or list(default)
    if sources == ["unga"] and WEIGHTED_MEASURES.intersection(chosen):
        weighted = next(m for m in chosen if m in WEIGHTED_MEASURES)
        raise UsageError(
            f"{weighted} weights items by capability, which only alliance portfolios have; "
            "drop it from --measures or use --source atop"
        )
    return chosen


def check_years(sources: list[str], start: int, end: int) -> None:
    """Refuse a range that no requested source covers in full (both: their union)."""
    if start > end:
        raise UsageError(f"the start year {start} is after the end year {end}; swap them")
    lo = min(coverage(s)[0] for s in sources)
    hi = max(coverage(s)[1] for s in sources)
    if start < lo or end > hi:
        what = " and ".join(LABELS[s] for s in sources)
        raise UsageError(
            f"{what} cover {lo}–{hi}, so {start}–{end} reaches outside them; "
            f"choose years between {lo} and {hi}"
        )


def similarity_frame(
    ws: Workspace, sources: list[str], start: int, end: int, measures: list[str], directed: bool
) -> tuple[str, dict[str, str]]:
    """A temp table with the requested columns for all dyad-years, and their descriptions.

    With both sources the rows are the union of their dyad-years; a source's columns are
    NULL (reason outside_coverage) in the years it does not cover.
    """
    con = ws.con
    docs = {
        "ccode1": "COW code of the first state (the lower code)",
        "ccode2": "COW code of the second state",
        "year": "calendar year",
    }
    tables: dict[str, pa.Table] = {}
    for source in sources:
        if source == "atop":
            tables[source] = atop_similarity(
                ws, start, end, measures=measures, variants=(directed,), clip=True
            )
            docs |= column_docs("atop", measures, directed=directed)
        else:
            chosen = [m for m in measures if m in UNGA_MEASURES]
            tables[source] = unga_similarity(ws, start, end, measures=chosen, clip=True)
            docs |= column_docs("unga", chosen)
    for source, table in tables.items():
        con.register(f"_fpsim_{source}", table)
    keys = ("ccode1", "ccode2", "year")
    if len(sources) == 1:
        sql = f"select * from _fpsim_{sources[0]}"
    else:
        reasons = {s: f"{prefix(s, directed and s == 'atop')}reason" for s in sources}
        cols = [f"coalesce(a.{k}, u.{k}) as {k}" for k in keys]
        for alias, source in (("a", "atop"), ("u", "unga")):
            for col in tables[source].column_names[3:]:
                if col == reasons[source]:
                    missing = f"{alias}.year is null"
                    cols.append(f"if({missing}, 'outside_coverage', {alias}.{col}) as {col}")
                else:
                    cols.append(f"{alias}.{col}")
        on = " and ".join(f"a.{k} = u.{k}" for k in keys)
        sql = f"select {', '.join(cols)} from _fpsim_atop a full join _fpsim_unga u on {on}"
    try:
        con.execute(f"create or replace temp table _fpsim_out as {sql}")
    finally:
        for source in tables:
            con.unregister(f"_fpsim_{source}")
    return "_fpsim_out", docs


@click.command("similarity")
@click.option("--start", type=int, required=True, help="First year.")
@click.option("--end", type=int, required=True, help="Last year.")
@click.option(
    "--source",
    type=click.Choice(["atop", "unga", "both"]),
    default="both",
    show_default=True,
    help="Alliance portfolios (ATOP, 1816–2018), UN votes (1946–2022), or both.",
)
@click.option(
    "--measures",
    metavar="LIST",
    help="Comma-separated: s, s_sq, s_w, s_sq_w, kappa, pi, kappa_w, pi_w, taub "
    "(default: all; s_w/s_sq_w are capability-weighted, alliance portfolios only).",
)
@click.option(
    "--directed-portfolios",
    is_flag=True,
    help="Alliance ties as each state's own obligations (columns atop_dir_*), not either way.",
)
@OUT_TABLE
@FORMAT
@click.pass_context
@handle_errors
def similarity_command(
    ctx: click.Context,
    start: int,
    end: int,
    source: str,
    measures: str | None,
    directed_portfolios: bool,
    out: str,
    fmt_: str,
) -> None:
    """Foreign-policy similarity (S, kappa, pi, Haege's kappa, tau-b) of all dyad-years.

    One row per pair of system members (ccode1 < ccode2) and year; a measure that cannot
    be computed is NULL and the *_reason column says why. Example:

    \b
      alignscope similarity --start 1946 --end 2018 --measures s,kappa --out fpsim.parquet
    """
    sources = ["atop", "unga"] if source == "both" else [source]
    if directed_portfolios and source == "unga":
        raise UsageError(
            "--directed-portfolios applies to alliance portfolios only; "
            "drop it or use --source atop"
        )
    chosen = parse_measures(measures, sources)
    check_years(sources, start, end)
    check_target(out)
    ws = workspace(ctx)
    view, docs = similarity_frame(ws, sources, start, end, chosen, directed_portfolios)
    write_query(ws.con, f"select * from {view} order by ccode1, ccode2, year", out)
    rows = ws.scalar(f"select count(*) from {view}")
    if fmt_ == "json":
        counts = ", ".join(f'count("{c}")' for c in docs)
        non_null = ws.rows(f"select {counts} from {view}")[0]
        emit_json(
            {
                "sources": sources,
                "start": start,
                "end": end,
                "directed_portfolios": directed_portfolios,
                "measures": chosen,
                "rows": rows,
                "out": out,
                "columns": {
                    c: {"description": d, "non_null": n}
                    for (c, d), n in zip(docs.items(), non_null, strict=True)
                },
            }
        )
    else:
        stderr.print(
            f"wrote {rows:,d} dyad-years {start}–{end} of "
            f"{' and '.join(LABELS[s] for s in sources)} ({', '.join(docs)}) to {out}",
            soft_wrap=True,
        )
