"""Dyad-year panels built from state-system membership, extended by composable `add_*` steps.

A Panel is a lazy DuckDB view plus what it is: its unit, whether it is directed, its state
system and years, and a description of every column. Each `add_*` step (one module per
source under `alignscope.sources`) returns a new Panel with one left join more; nothing is
computed until the panel is counted, converted or written.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa

from .countries import COW_CENSOR, FIRST_YEAR, LAST_YEAR
from .errors import UsageError
from .output import atomic_file, check_target, write_query
from .workspace import Workspace

_view_ids = itertools.count()
_BATCH_ROWS = 100_000
_SLICE_ROWS = 60_000
"""Rows Panel.write sorts at a time: one ORDER BY over a whole wide panel holds all of it in
memory (680 MB for 1816–2020 with six sources, issue 13); slices this size peak at ~270 MB."""
_ROW_GROUP_ROWS = 122_880  # DuckDB's own Parquet row-group size

BASE_COLUMNS = {
    "ccode1": "COW code of the first state (undirected panels: the lower code)",
    "ccode2": "COW code of the second state",
    "year": "calendar year",
}


class WrongSystemError(UsageError):
    """A step added to a panel of another state system; says which step and which system."""

    def __init__(self, message: str, *, step: str, needed: str) -> None:
        super().__init__(message)
        self.step, self.needed = step, needed


@dataclass(frozen=True)
class Panel:
    """A dyad-year frame that knows its unit, direction, state system and columns."""

    ws: Workspace
    view: str
    start: int
    end: int
    directed: bool
    system: str = "cow"
    columns: dict[str, str] = field(default_factory=lambda: dict(BASE_COLUMNS))
    steps: tuple[str, ...] = ()
    unit: str = "dyad-year"
    root: str = ""
    """The view of the bare dyad-years every step extends (build_panel sets it): a cheap
    count of rows per first state, which Panel.write slices the panel by."""

    def extend(self, step: str, select: str, columns: dict[str, str]) -> Panel:
        """A new Panel whose view is `select` ({panel} names this panel's view)."""
        if step in self.steps:
            raise UsageError(f"step '{step}' was already added to this panel; add each step once")
        view = f"panel_{next(_view_ids)}"
        self.ws.con.execute(
            f"create or replace temp view {view} as {select.format(panel=self.view)}"
        )
        return replace(
            self, view=view, columns={**self.columns, **columns}, steps=(*self.steps, step)
        )

    def require(self, step: str, *, system: str = "cow") -> None:
        """Refuse, with the fix, to add a step to a panel it cannot apply to.

        The fix named is the Python one; the CLI catches WrongSystemError and names its
        own (`--system`).
        """
        if self.system != system:
            raise WrongSystemError(
                f"{step} needs a {system.upper()} panel but this one uses the "
                f"{self.system.upper()} system; build it with build_panel(..., system='{system}')",
                step=step,
                needed=system,
            )

    @property
    def key(self) -> str:
        """Name stem of the state-code columns: ccode (COW) or gwcode (G-W)."""
        return "ccode" if self.system == "cow" else "gwcode"

    @property
    def order(self) -> str:
        """ORDER BY dyad then year, as one integer key: DuckDB sorts that far faster than three."""
        k = self.key
        return f"({k}1::bigint << 32) | ({k}2::bigint << 16) | year::bigint"

    def count(self) -> int:
        return self.ws.scalar(f"select count(*) from {self.view}")

    def to_arrow(self) -> pa.Table:
        """The whole panel, sorted by dyad and year; streamed in batches to halve peak memory."""
        reader = self.ws.con.sql(
            f"select * from {self.view} order by {self.order}"
        ).to_arrow_reader(_BATCH_ROWS)
        return pa.Table.from_batches(list(reader), schema=reader.schema)

    def to_pandas(self):
        return self.to_arrow().to_pandas()

    def dyad(self, a: int, b: int) -> pa.Table:
        """The rows of one dyad (both orders for directed panels), by year."""
        return self.ws.con.sql(
            f"select * from {self.view} where (ccode1 = ? and ccode2 = ?) "
            f"or (ccode1 = ? and ccode2 = ?) order by year, ccode1",
            params=[a, b, b, a],
        ).to_arrow_table()

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write to .parquet or .csv atomically (temp file in the same folder, then rename).

        Rows are sorted by dyad and year. Parquet is written slice by slice of first states
        (`slices`), each sorted by DuckDB and streamed to the file as row groups, so the
        whole panel is never held in memory; CSV goes through DuckDB's COPY in one query.
        """
        if Path(path).suffix.lower() != ".parquet":
            sql = f"select * from {self.view} order by {self.order}"
            return write_query(self.ws.con, sql, path)
        target = check_target(path)
        with atomic_file(target) as tmp:
            self._write_parquet(tmp)
        return target

    def slices(self, rows: int | None = None) -> list[tuple[int, int]]:
        """Ranges [lo, hi) of the first state's code holding about `rows` rows each, in order.

        Counted on the bare dyad-years (`root`), as the steps are left joins that keep the
        row count; one state's rows are never split, so a slice may hold more.
        """
        k, rows = self.key, rows or _SLICE_ROWS
        counts = self.ws.rows(
            f"select {k}1, count(*) from {self.root or self.view} group by 1 order by 1"
        )
        edges, held = [], rows
        for code, n in counts:
            if held + n > rows:
                edges.append(code)
                held = 0
            held += n
        return list(zip(edges, [*edges[1:], counts[-1][0] + 1], strict=True)) if counts else []

    def _write_parquet(self, file: str) -> None:
        import pyarrow.parquet as pq

        k = self.key
        queries = [
            f"select * from {self.view} where {k}1 >= {lo} and {k}1 < {hi} order by {self.order}"
            for lo, hi in self.slices()
        ] or [f"select * from {self.view} limit 0"]  # no rows: a file with the columns only
        writer = schema = None
        try:
            for sql in queries:
                reader = self.ws.con.sql(sql).to_arrow_reader(_ROW_GROUP_ROWS)
                if writer is None:  # the state codes are required, as DuckDB's COPY marks them
                    schema = reader.schema
                    for name in (f"{k}1", f"{k}2"):
                        i = schema.get_field_index(name)
                        schema = schema.set(i, schema.field(i).with_nullable(False))
                    writer = pq.ParquetWriter(file, schema, compression="zstd")
                for batch in reader:
                    writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
        finally:
            if writer is not None:
                writer.close()


def parquet_rows(path: str | os.PathLike[str]) -> int:
    """Rows of a Parquet file, read from its footer without reading the data."""
    import pyarrow.parquet as pq

    return pq.read_metadata(path).num_rows


def check_years(start: int, end: int, *, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> None:
    if start > end:
        raise UsageError(f"the start year {start} is after the end year {end}; swap them")
    for year in (start, end):
        if not first <= year <= last:
            raise UsageError(
                f"year {year} is outside the state system's coverage ({first}–{last}); "
                f"choose years between {first} and {last}"
            )


def _state_years_sql(ws: Workspace, system: str) -> str:
    """SQL for (code, year, first day, last day) of membership within each year.

    Spells censored at the data's last day run to the end of LAST_YEAR. Keeping the days
    lets a dyad exist only when the two memberships overlap, not merely share a year
    (Germany ended in May 1945, so no Germany–Philippines dyad in 1945), as peacesciencer does.
    """
    if system == "cow":
        spells = (
            f"select ccode as code, make_date(styear, stmonth, stday) as s, "
            f"make_date(endyear, endmonth, endday) as e from {ws.table('states_cow')}"
        )
        censor = str(COW_CENSOR)
    else:
        spells = f"select gwcode as code, startdate as s, enddate as e from {ws.table('states_gw')}"
        censor = "2017-12-31"
    return f"""
        with spells as (
            select code, s,
                   case when e = date '{censor}' then date '{LAST_YEAR}-12-31' else e end as e
            from ({spells})
        )
        select code, year, greatest(s, make_date(year, 1, 1)) as lo,
               least(e, make_date(year, 12, 31)) as hi
        from (select *, unnest(range(year(s), year(e) + 1)) as year from spells)
    """


def build_panel(
    start: int,
    end: int,
    *,
    directed: bool = False,
    system: str = "cow",
    workspace: Workspace | None = None,
) -> Panel:
    """All dyad-years of states that were system members in the same year.

    Undirected panels keep one row per pair with ccode1 < ccode2; directed panels keep both
    orders. system="gw" builds a Gleditsch–Ward panel (columns gwcode1, gwcode2), which the
    COW-coded `add_*` steps refuse.
    """
    if system not in ("cow", "gw"):
        raise UsageError(f"unknown state system '{system}'; use 'cow' or 'gw'")
    check_years(start, end)
    ws = workspace or Workspace()
    key = "ccode" if system == "cow" else "gwcode"
    relation = "<>" if directed else "<"
    sql = f"""
        with sy as (select * from ({_state_years_sql(ws, system)})
                    where year between {start} and {end})
        select distinct a.code::smallint as {key}1, b.code::smallint as {key}2,
               a.year::smallint as year
        from sy a join sy b on a.year = b.year and a.code {relation} b.code
             and a.lo <= b.hi and b.lo <= a.hi
    """
    view = f"panel_{next(_view_ids)}"
    ws.con.execute(f"create or replace temp view {view} as {sql}")
    columns = dict(BASE_COLUMNS)
    if system == "gw":
        columns = {
            "gwcode1": "G-W code of the first state",
            "gwcode2": "G-W code of the second state",
            "year": "calendar year",
        }
    return Panel(
        ws=ws,
        view=view,
        start=start,
        end=end,
        directed=directed,
        system=system,
        columns=columns,
        root=view,
    )
