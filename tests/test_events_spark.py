"""One aggregation, two engines: the same Ibis expression on DuckDB and on Spark (local mode).

Events: the shipped ICEWS sample plus 3,000 GDELT 2.0 rows generated here with numpy. Counts
must agree exactly; sums and means to a relative 1e-9 (the engines add floats in different
orders). One Spark session serves the whole module (start-up takes seconds).
"""

from __future__ import annotations

import gc
import json
import math
import warnings

import numpy as np
import pytest
from click.testing import CliRunner
from test_events import gdelt_file, write_icews_sample

from alignscope import Workspace
from alignscope.cli import main
from alignscope.events import ingest
from alignscope.events.aggregate import (
    duckdb_events,
    dyad_periods,
    execute,
    java_available,
    spark_events,
    spark_session,
)
from alignscope.events.series import COUNT_COLUMNS, FLOAT_COLUMNS, KEYS

pytestmark = [
    pytest.mark.skipif(not java_available(), reason="the Spark engine needs Java (none found)"),
    # py4j leaves sockets for the garbage collector; they are closed, not leaked
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(autouse=True)
def _collect_py4j_sockets():
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]")
    yield session
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        session.stop()
        gc.collect()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("events")
    with Workspace(":memory:") as ws:
        write_icews_sample(ws, folder / "icews.tab")
        states = ["USA", "CHN", "JPN", "TWN", "KOR", "RUS", "IND", "AUS", "GBR", "ROM"]
        codes = [r[0] for r in ws.rows(f"select code from {ws.table('cameo_codes')} order by 1")]
        rng = np.random.default_rng(7)
        days = np.datetime64("2016-01-01") + rng.integers(0, 3 * 365, 3000)
        rows = [
            (i, str(d).replace("-", ""), states[a], states[b], codes[c])
            for i, (d, a, b, c) in enumerate(
                zip(
                    days,
                    rng.integers(0, 10, 3000),
                    rng.integers(0, 10, 3000),
                    rng.integers(0, len(codes), 3000),
                    strict=True,
                )
            )
        ]
        gdelt_file(folder / "gdelt.export.CSV", 61, rows)
        ingest(ws, [str(folder / "icews.tab")], "icews")
        ingest(ws, [str(folder / "gdelt.export.CSV")], "gdelt2")
        yield ws, folder


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("freq", ["month", "quarter", "year"])
def test_duckdb_and_spark_agree(store, spark, freq):
    ws, _ = store
    rows = ws.con.sql("select * from events").to_arrow_table()
    assert rows.num_rows > 2500  # both sources are in
    duck = execute(dyad_periods(duckdb_events(ws), freq)).to_pylist()
    on_spark = execute(dyad_periods(spark_events(spark, rows), freq)).to_pylist()
    assert len(duck) == len(on_spark) > 100
    for d, s in zip(duck, on_spark, strict=True):
        assert {k: d[k] for k in (*KEYS, *COUNT_COLUMNS)} == {
            k: s[k] for k in (*KEYS, *COUNT_COLUMNS)
        }
        assert all(_close(d[k], s[k]) for k in FLOAT_COLUMNS), (d, s)
    assert sum(r["events"] for r in duck) == rows.num_rows


def test_cli_series_on_spark_matches_duckdb(store, spark):
    ws, folder = store
    db = str(folder / "store.duckdb")
    ws.con.execute(f"attach '{db}' as copy")
    ws.con.execute("create table copy.events as select * from events")
    ws.con.execute("detach copy")
    runner = CliRunner()
    args = [
        "--db",
        db,
        "events",
        "series",
        "USA",
        "CHN",
        "--start",
        "2016-01-01",
        "--end",
        "2018-12-31",
        "--freq",
        "quarter",
        "--format",
        "json",
    ]
    duck = json.loads(runner.invoke(main, args).output)
    done = runner.invoke(main, [*args, "--engine", "spark", "--spark-master", "local[2]"])
    assert done.exit_code == 0, done.output
    on_spark = json.loads(done.output)
    assert on_spark["engine"] == "spark" and len(duck["rows"]) == 24
    for d, s in zip(duck["rows"], on_spark["rows"], strict=True):
        assert {k: v for k, v in d.items() if k not in FLOAT_COLUMNS} == {
            k: v for k, v in s.items() if k not in FLOAT_COLUMNS
        }
        assert all(_close(d[k], s[k]) for k in FLOAT_COLUMNS)
    assert sum(r["events"] for r in duck["rows"]) > 0
