"""The atlas: every undirected dyad-year of the state system assessed, as one Arrow table.

A dataset no one publishes: the alignment type, its rule codes, the seven dimension scores
with their indicator counts, the third state and patron, and the latest source year, for
every dyad and year. It is the engine's table (`assess.engine`), so an atlas row and
`alignscope assess --format json` for the same dyad-year agree exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyarrow as pa

from .countries import resolve, state_index
from .errors import UsageError
from .panel import check_years
from .workspace import Workspace

CHUNK_YEARS = 8
"""Years assessed per engine run: results are exact per year, and progress can be shown."""


def columns(dims) -> dict[str, str]:
    """Every atlas column with its meaning (`alignscope atlas --columns`)."""
    from .assess.engine import col

    out = {
        "ccode1": "COW code of the first state (ccode1 < ccode2)",
        "ccode2": "COW code of the second state",
        "iso3_1": "ISO3 code of the first state (COW abbreviation for historical states)",
        "iso3_2": "ISO3 code of the second state",
        "year": "year",
        "type": "primary alignment type (alliance, rivalry, strategic_partnership, "
        "quasi_alliance, security_community, coalition, tacit_alignment, non_aligned); "
        "NULL when no source covers the year",
        "secondary": "other types whose rules also fired (list, in priority order)",
        "rules": "codes of the rules that fired, <type>.<basis> (list)",
        "untested": "rules that could not be tested that year, e.g. coalition.untested "
        "after the MID data end (list)",
    }
    for d in dims:
        out[f"score_{col(d.id)}"] = (
            f"{d.id} {d.name}: score 0–100, NULL when no indicator has data"
        )
        out[f"n_{col(d.id)}"] = f"{d.id}: number of its indicators with data"
    out |= {
        "third": "COW code of the third state C (the state that most threatens or pressures "
        "the pair); NULL = none",
        "patron": "COW code of the patron P (an outside great power backing A or B); NULL = "
        "none, or one of the pair is the hub",
        "hub": "COW code of the pair's own great power when it backs the other (then P = NULL)",
        "latest_source_year": "latest year any source answered for this row (a source that "
        "ended earlier stands in with its last year)",
    }
    return out


def atlas(
    start: int,
    end: int,
    *,
    states: Iterable[str | int] = (),
    system: str = "cow",
    dimensions_file: str | None = None,
    workspace: Workspace | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pa.Table:
    """The atlas for `start`–`end` as an Arrow table (one row per undirected dyad-year).

    `states` keeps the dyads that include any of them (scores still rank against all dyads
    of the year). `progress(done, total)` is called after each chunk of years.
    """
    from .assess.dimensions import load_dimensions
    from .assess.engine import run

    if system != "cow":
        raise UsageError(
            "the atlas is built on the COW state system (every source is COW-coded); "
            "use --system cow"
        )
    check_years(start, end)
    ws = workspace or Workspace()
    dims = load_dimensions(dimensions_file)
    codes = sorted({resolve(ws, s).ccode for s in states})
    years = list(range(start, end + 1))
    chunks = [tuple(years[i : i + CHUNK_YEARS]) for i in range(0, len(years), CHUNK_YEARS)]
    wanted = list(columns(dims))
    index = state_index(ws).states
    iso = pa.table({
        "ccode": pa.array(list(index), pa.int32()),
        "iso3": pa.array([s.code for s in index.values()], pa.string()),
    })
    ws.con.register("_atlas_iso", iso)
    parts = []
    try:
        for i, chunk in enumerate(chunks):
            table = run(ws, chunk, dims).table
            where = (f"where e.ccode1 in ({', '.join(map(str, codes))}) "
                     f"or e.ccode2 in ({', '.join(map(str, codes))})") if codes else ""
            select = ", ".join(
                "i1.iso3 as iso3_1" if c == "iso3_1" else
                "i2.iso3 as iso3_2" if c == "iso3_2" else f"e.{c}"
                for c in wanted
            )
            parts.append(ws.con.sql(f"""
                select {select} from {table} e
                left join _atlas_iso i1 on i1.ccode = e.ccode1
                left join _atlas_iso i2 on i2.ccode = e.ccode2
                {where} order by e.ccode1, e.ccode2, e.year
            """).to_arrow_table())
            if progress:
                progress(i + 1, len(chunks))
    finally:
        ws.con.unregister("_atlas_iso")
    out = pa.concat_tables(parts).combine_chunks() if parts else None
    return out.sort_by([("ccode1", "ascending"), ("ccode2", "ascending"),
                        ("year", "ascending")])
