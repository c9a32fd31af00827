"""What a dyad's event series is made of: periods, engines, columns — without Ibis.

The aggregation itself (`aggregate.py`) needs Ibis, which the `events` extra installs
(`pip install 'alignscope[events]'`). Its vocabulary lives here so that the CLI can declare
its options and `--help`, and callers can name columns and periods, in an install without
the extra and without paying for Ibis's import (issue 12).
"""

from __future__ import annotations

from datetime import date

FREQS = {"month": "M", "quarter": "Q", "year": "Y"}
ENGINES = ("duckdb", "spark")
COUNT_COLUMNS = ("events", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
FLOAT_COLUMNS = ("goldstein_sum", "goldstein_mean", "net_cooperation")
KEYS = ("source_ccode", "target_ccode", "period")

EXTRA_HINT = "pip install 'alignscope[events]'"
"""How to install the aggregation's dependencies; quoted by every error that misses them."""


def period_label(start: date, freq: str) -> str:
    """2018-06 (month), 2018Q2 (quarter) or 2018 (year) for a period's first day."""
    if freq == "month":
        return f"{start.year}-{start.month:02d}"
    if freq == "quarter":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def period_starts(start: date, end: date, freq: str) -> list[date]:
    """First days of every period that overlaps start..end."""
    step = {"month": 1, "quarter": 3, "year": 12}[freq]
    month = (start.month - 1) // step * step + 1 if freq != "year" else 1
    first = start.replace(month=month, day=1)
    out = []
    while first <= end:
        out.append(first)
        months = first.year * 12 + first.month - 1 + step
        first = first.replace(year=months // 12, month=months % 12 + 1)
    return out


SERIES_COLUMNS = {
    "period": "the period: 2018-06 (month), 2018Q2 (quarter) or 2018 (year)",
    "period_start": "first day of the period",
    "source": "the state that acted (ISO3)",
    "target": "the state acted upon (ISO3)",
    "covered": "whether the store holds any events (of any dyad) in the period; if not, "
    "every value is null: no data, not zero",
    "events": "events from source to target in the period",
    "verbal_coop": "events of quad class 1, verbal cooperation (CAMEO roots 01-05)",
    "material_coop": "events of quad class 2, material cooperation (roots 06-08)",
    "verbal_conflict": "events of quad class 3, verbal conflict (roots 09-13)",
    "material_conflict": "events of quad class 4, material conflict (roots 14-20)",
    "goldstein_sum": "sum of the events' Goldstein (1992) scores "
    "(-10 conflict ... +10 cooperation)",
    "goldstein_mean": "mean Goldstein score per event (null without events)",
    "net_cooperation": "(cooperative - conflictual events) / events, in [-1, 1] "
    "(null without events)",
}
"""The columns of `alignscope events series --format json`, each with what it means."""
