"""Values that carry where they came from: dataset, year used, the source rows, a note.

Reports built from these can show every number next to the row of the shipped dataset it
was computed from, and say when a source's last covered year stood in for a later one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..catalog import dataset
from ..messages import Message
from ..workspace import Workspace


@dataclass(frozen=True)
class Sourced:
    """One measured value with its provenance.

    value: the number or flag (None when undefined; `note` then says why).
    source: dataset name(s), e.g. "trade_dyadic" or "trade_dyadic+trade_national".
    year_used: the source year the value comes from (differs from the year asked for only
    when the source ends earlier; `note` then says so).
    rows: the dataset rows used, as "dataset key=value ..." strings.
    detail: extra structured facts (e.g. rivalry types).
    """

    value: Any
    source: str
    year_used: int | None
    rows: tuple[str, ...] = ()
    note: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out = {
            "value": self.value,
            "source": self.source,
            "year_used": self.year_used,
            "coverage": coverage_text(self.source),
            "rows": list(self.rows),
            "note": self.note,
        }
        if self.detail:
            out["detail"] = dict(self.detail)
        return out


def years_of(name: str) -> tuple[int, int]:
    """First and last year a shipped dataset covers."""
    years = dataset(name).years
    assert years is not None, f"dataset {name} declares no year coverage"
    return years


def coverage_text(source: str) -> str:
    """'1870–2014' for one dataset; 'trade_dyadic 1870–2014; gdppop 1820–2019' for several."""
    names = source.split("+")
    spans = [f"{lo}–{hi}" for lo, hi in (years_of(n) for n in names)]
    if len(names) == 1:
        return spans[0]
    return "; ".join(f"{n} {s}" for n, s in zip(names, spans, strict=True))


def source_year(name: str, year: int) -> tuple[int | None, str | None]:
    """The year of `name` to use for `year`, and a note when it is not `year` itself.

    After the source's end its last covered year stands in, and the note says so; before
    its start there is nothing to use (None).
    """
    lo, hi = years_of(name)
    if year > hi:
        return hi, Message(
            "{name} ends in {end}: value for {end}, its last covered year, not {year}",
            name=name, end=hi, year=year,
        )
    if year < lo:
        return None, Message("{name} starts in {start}: no value for {year}", name=name, start=lo,
                             year=year)
    return year, None


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 100 else f"{value:.3f}"
    if isinstance(value, str) and (" " in value or not value):
        return repr(value)
    return "NULL" if value is None else str(value)


def row_text(name: str, row: Mapping[str, Any]) -> str:
    """'trade_dyadic ccode1=713 ccode2=740 year=2010 flow1=52395 flow2=23083'."""
    return " ".join([name, *(f"{k}={_cell(v)}" for k, v in row.items())])


def records(ws: Workspace, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    """All rows of a query as dicts (fully fetched, as DuckDB 2 requires)."""
    return ws.records(sql, params)
