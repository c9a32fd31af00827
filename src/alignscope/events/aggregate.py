"""Dyad × period aggregation of events, written once as an Ibis expression, run on two engines.

`dyad_periods(events, freq)` takes any Ibis table with the `events` schema and returns, per
directed dyad (source → target) and period (month, quarter or year, labelled by its first
day):

* `events` and the counts per quad class (`verbal_coop`, `material_coop`,
  `verbal_conflict`, `material_conflict`; CAMEO quad classes, Schrodt 2012);
* `goldstein_sum` and `goldstein_mean`: sum and mean of the Goldstein (1992) weights of the
  events' CAMEO codes, on its −10 (most conflictual) … +10 (most cooperative) scale;
* `net_cooperation = (cooperative − conflictual) / events`, where cooperative events are
  quad classes 1–2 and conflictual ones 3–4: the balance of the dyad's interactions in
  [−1, 1], a count-based companion to the Goldstein (1992) weighted score (a period with
  a few severe conflicts and many statements can have a positive net cooperation and a
  negative Goldstein sum; both are reported).

Engines:

* **DuckDB** (default): the store's own connection, `ibis.duckdb.from_connection(ws.con)`.
* **Spark**: `ibis.pyspark.connect(session)`. `spark_session(master)` builds the session;
  `master` is any Spark master URL — `local[2]` (the default, in-process), `spark://host:7077`
  for a standalone cluster, `yarn`, or `k8s://https://host:443` — exactly what
  `SparkSession.builder.master(...)` takes (CLI: `--engine spark --spark-master URL`). The
  store's events go to Spark as Arrow batches through the driver (`spark_events`); data that
  outgrows one machine should instead live on the cluster as Parquet, read with
  `ibis.pyspark.connect(session).read_parquet(uri)` and passed to `dyad_periods` unchanged.

Ibis comes with the `events` extra (`pip install 'alignscope[events]'`); without it,
importing this module raises one AlignscopeError saying so. The series' vocabulary (periods,
engines, columns) is in `series.py`, which imports without Ibis.
"""

from __future__ import annotations

import contextlib
import shutil
import warnings
from collections.abc import Iterator

import pyarrow as pa

from ..errors import AlignscopeError, UsageError
from ..workspace import Workspace
from .curated import sync_curated
from .machine import sync_machine
from .schema import FEED_KINDS
from .series import (
    COUNT_COLUMNS,
    ENGINES,
    EXTRA_HINT,
    FLOAT_COLUMNS,
    FREQS,
    KEYS,
    period_label,
    period_starts,
)

try:  # Ibis is the optional `events` extra; the rest of alignscope runs without it
    import ibis
    import ibis.expr.types as ir
except ImportError as exc:
    raise AlignscopeError(
        f"aggregating events needs Ibis, which is not installed (cannot import "
        f"'{exc.name or 'ibis'}'); install the events extra: {EXTRA_HINT}"
    ) from exc

DEFAULT_MASTER = "local[2]"
#: Key encoding of the aggregation: COW codes are below STATES, period numbers below PERIODS.
STATES, PERIODS = 10_000, 1_000_000


def dyad_periods(events: ir.Table, freq: str) -> ir.Table:
    """The aggregation (see the module docstring); `freq` is month, quarter or year.

    One pass over the events, grouped by one pre-encoded integer key per dyad and period,
    `(source * STATES + target) * PERIODS + period number` (the period number counts months,
    quarters or years from year 0): one hash and one comparison per event instead of three
    key columns, and the output rows (far fewer) are decoded back. `material_conflict` is
    the events minus the other three classes (every event has a quad class 1-4: the schema's
    check), which saves one conditional count per event, and `goldstein_mean` is the sum
    over the count. On 5.6 M events this is about 1.2× faster than grouping by the three
    columns with five counts and a mean, and the store's events, clustered by dyad and date
    at ingest, add about 1.4× more (benchmarks/README.md).
    """
    if freq not in FREQS:
        raise UsageError(f"unknown period '{freq}'; choose one of {', '.join(FREQS)}")
    day = events.event_date
    number = {
        "month": day.year() * 12 + day.month() - 1,
        "quarter": day.year() * 4 + day.quarter() - 1,
        "year": day.year(),
    }[freq]
    key = (events.source_ccode.cast("int64") * STATES + events.target_ccode) * PERIODS + number
    quad = events.quad_class

    def count(condition: ir.BooleanValue) -> ir.IntegerScalar:
        return events.count(where=condition)  # COUNT(*) FILTER: a quarter faster than SUM(IF)

    out = events.group_by(key.name("key")).aggregate(
        events=events.count(),
        verbal_coop=count(quad == 1),
        material_coop=count(quad == 2),
        verbal_conflict=count(quad == 3),
        goldstein_sum=events.goldstein.sum(),
    )
    dyad, number = out.key // PERIODS, out.key % PERIODS
    per_year = {"month": 12, "quarter": 4, "year": 1}[freq]
    first_month = (number % per_year) * (12 // per_year) + 1
    material_conflict = out.events - out.verbal_coop - out.material_coop - out.verbal_conflict
    balance = out.verbal_coop + out.material_coop - out.verbal_conflict - material_conflict
    return out.select(
        source_ccode=(dyad // STATES).cast("int32"),
        target_ccode=(dyad % STATES).cast("int32"),
        period=ibis.date(number // per_year, first_month, 1),
        events=out.events,
        verbal_coop=out.verbal_coop,
        material_coop=out.material_coop,
        verbal_conflict=out.verbal_conflict,
        material_conflict=material_conflict,
        goldstein_sum=out.goldstein_sum,
        goldstein_mean=out.goldstein_sum / out.events,
        net_cooperation=balance.cast("float64") / out.events,
    )


def dyad_filter(events: ir.Table, a: int, b: int, start, end) -> ir.Table:
    """Events between states a and b (both directions) dated start..end inclusive."""
    pair = ((events.source_ccode == a) & (events.target_ccode == b)) | (
        (events.source_ccode == b) & (events.target_ccode == a)
    )
    return events.filter(pair, events.event_date.between(start, end))


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence the deprecation chatter of Ibis 12 with DuckDB 2 / pandas 3 (not our code's)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        yield


def execute(expr: ir.Table, *, sort: bool = True) -> pa.Table:
    """Run an Ibis expression on its backend; rows sorted by the dyad and period keys."""
    with quiet():
        keys = [k for k in KEYS if k in expr.columns]
        return (expr.order_by(keys) if sort and keys else expr).to_pyarrow()


def duckdb_events(ws: Workspace) -> ir.Table:
    """The store's `events` table as an Ibis table on the store's own DuckDB connection."""
    from .schema import ensure_schema

    ensure_schema(ws)
    with quiet():
        return ibis.duckdb.from_connection(ws.con).table("events")


def java_available() -> bool:
    return shutil.which("java") is not None or bool(_java_home())


def _java_home() -> str | None:
    import os

    home = os.environ.get("JAVA_HOME")
    return home if home and shutil.which("java", path=f"{home}/bin") else None


def spark_session(master: str | None = None):
    """A SparkSession on `master` (default local[2]); the same session is reused in-process."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise UsageError(
            "the Spark engine needs pyspark: pip install 'pyspark==4.0.5' "
            "'ibis-framework[pyspark]==12.0.0'"
        ) from exc
    if not java_available():
        raise UsageError("the Spark engine needs Java 17 (java on PATH or JAVA_HOME); install it")
    builder = (
        SparkSession.builder.master(master or DEFAULT_MASTER)
        .appName("alignscope-events")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
    )
    with quiet():
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_events(session, rows: pa.Table, name: str = "alignscope_events") -> ir.Table:
    """`rows` (an Arrow table with the events schema) as an Ibis table on Spark."""
    with quiet():
        frame = session.createDataFrame(rows)
        frame.createOrReplaceTempView(name)
        return ibis.pyspark.connect(session).table(name)


def covered_periods(ws: Workspace, start, end, freq: str) -> set:
    """Periods in which the store holds any event of an event-data feed (of any dyad).

    Curated records and machine evidence (official visit records, exercises) are too sparse,
    and cover too few dyads, to say that a period was observed, so they do not count.
    """
    unit = {"month": "month", "quarter": "quarter", "year": "year"}[freq]
    return {
        r[0]
        for r in ws.rows(
            f"select distinct date_trunc('{unit}', event_date)::date from events "
            "where event_date between ? and ? and list_contains(?, origin_kind)",
            [start, end, list(FEED_KINDS)],
        )
    }


def dyad_series(
    ws: Workspace,
    a: int,
    b: int,
    start,
    end,
    freq: str,
    *,
    engine: str = "duckdb",
    master: str | None = None,
) -> list[dict]:
    """Both directions of dyad a–b for every period of start..end, aggregated on `engine`.

    A period in which the store holds events of other dyads but none of this one has zero
    counts and NULL mean and net cooperation (undefined without events); a period the
    store holds no events for at all is NULL throughout (`covered` false): no data is not
    zero.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine '{engine}'; choose duckdb or spark")
    if freq not in FREQS:
        raise UsageError(f"unknown period '{freq}'; choose one of {', '.join(FREQS)}")
    sync_curated(ws)  # a dyad's series includes its curated evidence (origin_kind 'curated')
    sync_machine(ws)  # and its machine evidence (ooh_travel, ooh_visit, mme; see machine.py)
    if engine == "duckdb":
        events = duckdb_events(ws)
    else:
        duckdb_events(ws)
        rows = ws.con.sql(
            "select * from events where ((source_ccode = $a and target_ccode = $b) or "
            "(source_ccode = $b and target_ccode = $a)) and event_date between $s and $e",
            params={"a": a, "b": b, "s": start, "e": end},
        ).to_arrow_table()
        events = spark_events(spark_session(master), rows)
    found = execute(dyad_periods(dyad_filter(events, a, b, start, end), freq)).to_pylist()
    by_key = {(r["source_ccode"], r["target_ccode"], r["period"]): r for r in found}
    covered = covered_periods(ws, start, end, freq)
    out = []
    for first in period_starts(start, end, freq):
        for src, dst in ((a, b), (b, a)):
            row = by_key.get((src, dst, first))
            base = {"period": period_label(first, freq), "period_start": first.isoformat()}
            base |= {"source_ccode": src, "target_ccode": dst, "covered": first in covered}
            if row:
                values = {k: row[k] for k in (*COUNT_COLUMNS, *FLOAT_COLUMNS)}
            elif first in covered:
                values = {k: 0 for k in COUNT_COLUMNS} | {"goldstein_sum": 0.0}
                values |= {"goldstein_mean": None, "net_cooperation": None}
            else:
                values = {k: None for k in (*COUNT_COLUMNS, *FLOAT_COLUMNS)}
            out.append(base | values)
    return out
