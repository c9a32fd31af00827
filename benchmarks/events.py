"""Benchmark: ingest and aggregate 10 million events in the GDELT 2.0 export layout.

1. Generate N events (default 10,000,000) as a GDELT 2.0 `.export.CSV` file: 61 tab-separated
   fields, no header, written by one DuckDB COPY (vectorised; pseudo-random draws are hashes
   of the row number, so the file is the same on every run). Actor countries are skewed
   toward major states (USA ≈ 17 % of actors, China 7 %, Russia 6 %, …, every other COW
   state a small equal share; ≈ 25 % blank, as for GDELT actors without a country, and a
   few regions and territories); CAMEO codes are drawn by root code with weights close to
   GDELT's mix (consult, statements and appeals common; mass violence rare), uniformly
   among the shipped codes of a root. One row in 100,000 carries an unknown country code
   ('XXX'), so the quarantine path is part of the timing. `--data FILE` keeps the file
   (and reuses it when it exists, so repeated runs skip the generation).
2. Ingest it (`alignscope.events.ingest`) into a file-backed store whose shipped datasets
   are already loaded (first-use loading is timed apart): rows/s of file rows, wall and
   CPU time (all threads), each repeat on a fresh copy of that store.
3. The same as the user runs it: `alignscope --db STORE events ingest FILE --source gdelt2`
   in a fresh process (`--cli-repeat` runs, each on a fresh copy of the store).
4. The dyad × month aggregation on DuckDB over every loaded event (`--agg-repeat` runs,
   after one warm-up): rows/s of input rows.
5. Floors (`--floor`): what DuckDB alone needs for the same file — `read_csv` with the
   loader's options counting rows, and parsing the fields the loader reads into a table —
   and for the aggregation, a count per pre-encoded dyad-month key.
6. Spark (local[2]) on a sample (default 1,000,000 events): session start-up and
   aggregation time, and agreement with DuckDB.

`--ab SRC` instead compares two versions on a busy machine: in alternating fresh processes,
SRC (e.g. a `git archive` of an older commit's `src`, first on PYTHONPATH) and this tree each
ingest the file into a fresh copy of the warm store and time the aggregation; load drifts
alike for both, so the ratios per round are what to read.

The machine's load average is recorded next to every figure: the development machine has
two cores shared with other work, so wall times there vary by a factor of two or more.

    python benchmarks/events.py [--rows 10000000] [--data FILE] [--repeat 1] [--cli-repeat 1]
        [--agg-repeat 5] [--floor] [--spark-rows 1000000] [--no-spark]
        [--ab SRC [--ab-rounds 3]] [--out benchmarks/results/events.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from fresh_process import cli_path, timed_command

import alignscope
from alignscope import Workspace
from alignscope.events import ingest
from alignscope.events.aggregate import (
    duckdb_events,
    dyad_periods,
    execute,
    java_available,
    spark_events,
    spark_session,
)

HERE = Path(__file__).resolve().parent

#: Share (per 10,000 actor slots) of the major states' CAMEO/ISO3 codes; the rest is shared.
MAJOR = {
    "USA": 1700, "CHN": 700, "RUS": 600, "GBR": 400, "IND": 350, "ISR": 300, "IRN": 300,
    "FRA": 280, "DEU": 280, "JPN": 280, "TUR": 250, "UKR": 250, "PAK": 230, "SYR": 200,
    "AFG": 180, "KOR": 180, "PRK": 150, "AUS": 150, "CAN": 150, "SAU": 150, "IRQ": 150,
    "EGY": 120, "NGA": 120, "BRA": 120, "MEX": 100, "TWN": 80, "PHL": 80, "ITA": 80,
}  # fmt: skip
BLANK, REGIONS, OTHERS = 2500, 150, 1000  # blank country, regions/territories, all others
REGION_CODES = ["EUR", "AFR", "MEA", "HKG", "PSE", "WST"]
#: Share (per 1,000) of each CAMEO root code, close to GDELT's overall mix.
ROOTS = {
    "01": 140, "02": 60, "03": 70, "04": 250, "05": 80, "06": 20, "07": 30, "08": 30,
    "09": 20, "10": 20, "11": 70, "12": 20, "13": 20, "14": 20, "15": 10, "16": 15,
    "17": 50, "18": 45, "19": 29, "20": 1,
}  # fmt: skip


def _pool_sql(weights: dict[str, int]) -> str:
    """A list literal holding each value as many times as its weight (sampling by index)."""
    items = ", ".join(f"('{k}', {w})" for k, w in weights.items())
    return f"(select list(v) from (select v from (values {items}) t(v, w), range(w)))"


def generate(path: Path, rows: int) -> None:
    """Write `rows` GDELT 2.0 events to `path` (61 fields, tab-separated, no header)."""
    ws = Workspace(":memory:")
    cameo, codelist = ws.table("cameo_codes"), ws.table("codelist")
    con = ws.con
    others = [
        r[0]
        for r in ws.rows(
            f"select iso3c from {codelist} where cown is not null and iso3c is not null "
            "order by iso3c"
        )
        if r[0] not in MAJOR
    ]
    actors = dict(MAJOR) | {"": BLANK} | {c: REGIONS // len(REGION_CODES) for c in REGION_CODES}
    per_other = max(1, OTHERS // len(others))
    actors |= {c: per_other for c in others}
    con.execute(f"create temp table actor_pool as select {_pool_sql(actors)} as pool")
    con.execute(
        f"""create temp table code_pool as
        select list(code order by code) as pool from (
            select c.code from {cameo} c
            join (select * from (values {", ".join(f"('{k}', {w})" for k, w in ROOTS.items())})
                  t(root, w)) r on r.root = c.root_code,
            range((r.w * 1000 / (select count(*) from {cameo} x
                                 where x.root_code = c.root_code))::bigint))"""
    )
    con.execute(f"create temp table goldstein as select code, goldstein from {cameo}")
    u = "((hash(i, {k}) % 1000003) / 1000003.0)"  # uniform [0, 1) from the row number

    def pick(pool: str, k: int) -> str:
        return f"{pool}[1 + floor({u.format(k=k)} * len({pool}))::bigint]"

    fips = "left(coalesce(nullif({a}, ''), 'US'), 2)"
    geo = (
        "{t}::varchar as gt, '{n}' as gn, {f} as gc, {f} || '00' as g1, '' as g2, "
        "round(u4 * 180 - 90, 4) as glat, round(u5 * 360 - 180, 4) as glon, '' as gid"
    )
    con.execute(
        f"""copy (
        with base as (
            select i, date '2015-02-19' + floor({u.format(k=4)} * 3600)::int as d,
                (select pool from actor_pool) as apool, (select pool from code_pool) as cpool,
                {u.format(k=5)} as u4, {u.format(k=6)} as u5, {u.format(k=7)} as u6
            from range({rows}) t(i)
        ), drawn as (
            select *,
                case when i % 100000 = 99999 then 'XXX'
                     else {pick("apool", 1)} end as a1,
                {pick("apool", 2)} as a2, {pick("cpool", 3)} as code
            from base
        )
        select 500000000 + i as GLOBALEVENTID, strftime(d, '%Y%m%d') as SQLDATE,
            strftime(d, '%Y%m') as MonthYear, year(d) as Year,
            round(year(d) + (month(d) * 30 + day(d)) / 365.0, 4) as FractionDate,
            a1 || case when u6 < 0.4 then 'GOV' else '' end as Actor1Code,
            case when a1 = '' then 'PROTESTER' else 'NAME OF ' || a1 end as Actor1Name,
            a1 as Actor1CountryCode, '' as k1, '' as e1, '' as r11, '' as r12,
            case when u6 < 0.4 then 'GOV' else '' end as t11, '' as t12, '' as t13,
            a2 || 'MIL' as Actor2Code,
            case when a2 = '' then 'CIVILIAN' else 'NAME OF ' || a2 end as Actor2Name,
            a2 as Actor2CountryCode, '' as k2, '' as e2, '' as r21, '' as r22,
            'MIL' as t21, '' as t22, '' as t23,
            (u6 < 0.6)::int as IsRootEvent, code as EventCode, left(code, 3) as EventBaseCode,
            left(code, 2) as EventRootCode,
            case when left(code, 2) <= '05' then 1 when left(code, 2) <= '08' then 2
                 when left(code, 2) <= '13' then 3 else 4 end as QuadClass,
            g.goldstein as GoldsteinScale, 1 + (i % 17) as NumMentions, 1 + (i % 3) as NumSources,
            1 + (i % 11) as NumArticles, round(u5 * 20 - 10, 6) as AvgTone,
            {geo.format(t=1, n="Actor One Place", f=fips.format(a="a1"))},
            {geo.format(t=4, n="Actor Two Place", f=fips.format(a="a2"))},
            {geo.format(t=4, n="Action Place, Somewhere", f=fips.format(a="a1"))},
            strftime(d, '%Y%m%d') || '151500' as DATEADDED,
            'https://news.example.org/' || strftime(d, '%Y/%m/%d') || '/story-' || i || '.html'
                as SOURCEURL
        from drawn left join goldstein g using (code)
        ) to '{path}' (format csv, delim '\t', header false, quote '')"""
    )
    ws.close()


def spark_check(events_path: str, rows: int, freq: str) -> dict:
    """Spark on a sample of `rows` events from the benchmark store: time it, compare with DuckDB."""
    con = duckdb.connect(events_path, read_only=True)
    sample = con.sql(f"select * from events order by origin_line limit {rows}").to_arrow_table()
    con.close()
    sample_ws = Workspace(":memory:")
    sample_ws.con.register("sample_rows", sample)
    duckdb_events(sample_ws)  # creates the empty events table
    sample_ws.con.execute("insert into events select * from sample_rows")
    t0 = time.perf_counter()
    expected = execute(dyad_periods(duckdb_events(sample_ws), freq))
    duck_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    session = spark_session()
    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    table = spark_events(session, sample)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    got = execute(dyad_periods(table, freq))
    agg = time.perf_counter() - t0
    same_counts = got.select(["events"]).to_pylist() == expected.select(["events"]).to_pylist()
    # relative difference where the DuckDB value is not ~0 (sums of +x and -x cancel to
    # rounding noise in either engine), absolute difference everywhere
    pairs = [
        (a, b)
        for col in ("goldstein_sum", "goldstein_mean", "net_cooperation")
        for a, b in zip(got[col].to_pylist(), expected[col].to_pylist(), strict=True)
        if a is not None and b is not None
    ]
    worst_rel = max((abs(a - b) / abs(b) for a, b in pairs if abs(b) > 1e-9), default=0.0)
    worst_abs = max((abs(a - b) for a, b in pairs), default=0.0)
    session.stop()
    return {
        "rows": sample.num_rows,
        "session_start_s": round(startup, 2),
        "load_s": round(load, 2),
        "aggregation_s": round(agg, 2),
        "aggregation_rows_per_s": round(sample.num_rows / agg),
        "duckdb_same_sample_s": round(duck_s, 3),
        "groups": got.num_rows,
        "counts_equal_duckdb": same_counts,
        "max_rel_diff_sums_means": worst_rel,
        "max_abs_diff_sums_means": worst_abs,
    }


def load() -> float:
    """The machine's 1-minute load average (2 cores: above 2, work waits for a core)."""
    return round(os.getloadavg()[0], 2)


def cpu_seconds() -> float:
    """User + system CPU time of this process, all threads (DuckDB's workers included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(run) -> tuple[object, dict]:
    """Run `run()`; its result and {wall_s, cpu_s, load_before, load_after}."""
    before, t0, c0 = load(), time.perf_counter(), cpu_seconds()
    result = run()
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    return result, {
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 2),
        "load_before": before,
        "load_after": load(),
    }


def fresh_copy(warm: Path, folder: Path) -> Path:
    store = folder / "ingest.duckdb"
    for leftover in folder.glob("ingest.duckdb*"):
        leftover.unlink()
    shutil.copyfile(warm, store)
    return store


def floors(data: Path, rows: int) -> dict:
    """What DuckDB alone needs for the file: the loader's read_csv options, no checks."""
    from alignscope.events.gdelt import GDELT2
    from alignscope.events.ingest import _parsed, _read_csv

    con = duckdb.connect(":memory:")
    con.execute("set enable_progress_bar = false")
    read = _read_csv(GDELT2)
    out = {}
    for name, sql in (
        ("read_csv_count", f"select count(*) from {read}"),
        (
            "read_csv_parse_to_table",
            f"create or replace temp table t as select {_parsed(GDELT2)} from {read}",
        ),
    ):
        con.execute("drop table if exists _events_rejects")
        con.execute("drop table if exists _events_reject_scans")
        _, t = timed(lambda sql=sql: con.execute(sql, {"path": str(data)}).fetchall())
        out[name] = {
            **t,
            "rows_per_s": round(rows / t["wall_s"]),
            "rows_per_cpu_s": round(rows / t["cpu_s"]),
        }
        print(
            f"floor {name}: {t['wall_s']:.2f} s wall, {t['cpu_s']:.2f} s CPU = "
            f"{rows / t['wall_s']:,.0f} rows/s (load {t['load_before']})"
        )
    con.close()
    return out


def aggregation_floor(ws: Workspace, n: int, repeat: int) -> dict:
    """A count per pre-encoded dyad-month key: the hash aggregate with nothing to add up."""
    key = (
        "(source_ccode::bigint * 10000 + target_ccode) * 1000000 + year(event_date) * 12 "
        "+ month(event_date) - 1"
    )
    sql = f"select {key} as k, count(*) from events group by k"
    ws.con.sql(sql).to_arrow_table()
    walls = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ws.con.sql(sql).to_arrow_table()
        walls.append(time.perf_counter() - t0)
    median = statistics.median(walls)
    return {
        "median_s": round(median, 4),
        "min_s": round(min(walls), 4),
        "rows_per_s": round(n / median),
        "load": load(),
    }


AB_CHILD = """
import json, resource, shutil, statistics, sys, time
import alignscope
from alignscope import Workspace
from alignscope.events import ingest
from alignscope.events.aggregate import duckdb_events, dyad_periods, execute
data, warm, store, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
shutil.copyfile(warm, store)
ws = Workspace(store)
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
t0, c0 = time.perf_counter(), cpu()
report = ingest(ws, [data], "gdelt2")
wall, used = time.perf_counter() - t0, cpu() - c0
events = duckdb_events(ws)
execute(dyad_periods(events, "month"))
walls = []
for _ in range(repeat):
    t1 = time.perf_counter()
    execute(dyad_periods(events, "month"), sort=False)
    walls.append(time.perf_counter() - t1)
print(json.dumps({"alignscope": alignscope.__file__, "rows": report.rows,
                  "loaded": report.loaded, "ingest_s": wall, "ingest_cpu_s": used,
                  "aggregation_s": statistics.median(walls)}))
"""


def compare(src: Path, data: Path, warm: Path, folder: Path, rounds: int, repeat: int) -> dict:
    """Alternate fresh processes of the code in `src` and of this tree (see the docstring)."""
    sides = {"baseline": {**os.environ, "PYTHONPATH": str(src)}}
    sides["working tree"] = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    runs: dict[str, list] = {side: [] for side in sides}
    for n in range(rounds):
        for side, env in sides.items():
            for leftover in folder.glob("ab.duckdb*"):
                leftover.unlink()
            before = load()
            argv = [str(data), str(warm), str(folder / "ab.duckdb"), str(repeat)]
            done = subprocess.run(
                [sys.executable, "-c", AB_CHILD, *argv], env=env, capture_output=True, text=True
            )
            if done.returncode:
                raise SystemExit(f"{side} failed: {done.stderr[-800:]}")
            run = {**json.loads(done.stdout.splitlines()[-1]), "load_before": before}
            runs[side].append(run)
            print(
                f"round {n + 1} {side:12s}: ingest {run['ingest_s']:.2f} s "
                f"({run['ingest_cpu_s']:.1f} s CPU), aggregation {run['aggregation_s']:.3f} s "
                f"(load {before})"
            )
    summary = {}
    for side, found in runs.items():
        summary[side] = {
            key: statistics.median(r[key] for r in found)
            for key in ("ingest_s", "ingest_cpu_s", "aggregation_s")
        }
    pairs = list(zip(runs["baseline"], runs["working tree"], strict=True))
    ratios = {
        key: [round(b[key] / w[key], 3) for b, w in pairs]
        for key in ("ingest_s", "ingest_cpu_s", "aggregation_s")
    }
    print(f"medians: {summary}; baseline / working tree per round: {ratios}")
    return {
        "src": str(src),
        "rounds": rounds,
        "runs": runs,
        "medians": summary,
        "baseline_over_working_tree": ratios,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--data", type=Path, help="keep (or reuse) the generated file here")
    parser.add_argument("--repeat", type=int, default=1, help="in-process ingest runs")
    parser.add_argument("--cli-repeat", type=int, default=1, help="fresh-process CLI runs")
    parser.add_argument("--agg-repeat", type=int, default=5)
    parser.add_argument("--floor", action="store_true", help="also time DuckDB alone")
    parser.add_argument("--spark-rows", type=int, default=1_000_000)
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--freq", default="month", choices=["month", "quarter", "year"])
    parser.add_argument("--ab", type=Path, metavar="SRC", help="compare with the code in SRC")
    parser.add_argument("--ab-rounds", type=int, default=3)
    parser.add_argument("--out", default=str(HERE / "results" / "events.json"))
    args = parser.parse_args()
    results: dict = {
        "benchmark": "events",
        "alignscope": alignscope.__version__,
        "duckdb": duckdb.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "rows": args.rows,
    }
    with tempfile.TemporaryDirectory(prefix="alignscope-events-bench-") as tmp:
        folder = Path(tmp)
        data = args.data or folder / "20240101000000.export.CSV"
        if data.exists():
            print(f"using {data} (generated before)")
            results["generate_s"] = None
        else:
            _, t = timed(lambda: generate(data, args.rows))
            results["generate_s"] = t["wall_s"]
            print(f"generated {args.rows:,d} GDELT 2.0 rows in {t['wall_s']:.1f} s")
        size = data.stat().st_size
        results["file_bytes"] = size
        print(f"{data.name}: {size / 1e9:.2f} GB")

        warm = folder / "warm.duckdb"
        ws = Workspace(warm)
        _, first_use = timed(lambda: (duckdb_events(ws), ws.table("cameo_codes")))
        ws.close()
        results["first_use_loading"] = first_use
        print(f"first use of a new store (loads the shipped datasets): {first_use['wall_s']} s")
        if args.ab:
            results["ab"] = compare(args.ab, data, warm, folder, args.ab_rounds, args.agg_repeat)
            write(results, Path(args.out))
            return

        runs = []
        for _ in range(args.repeat):
            ws = Workspace(fresh_copy(warm, folder))
            report, t = timed(lambda ws=ws: ingest(ws, [str(data)], "gdelt2"))
            t["rows_per_s"] = round(report.rows / t["wall_s"])
            t["rows_per_cpu_s"] = round(report.rows / t["cpu_s"])
            runs.append(t)
            print(
                f"ingest: {report.rows:,d} rows in {t['wall_s']:.2f} s = "
                f"{t['rows_per_s']:,d} rows/s ({t['cpu_s']:.2f} s CPU; load "
                f"{t['load_before']}→{t['load_after']}; loaded {report.loaded:,d}, skipped "
                f"{report.skipped:,d}, quarantined {report.quarantined:,d})"
            )
            if len(runs) < args.repeat:
                ws.close()
        walls = [r["wall_s"] for r in runs]
        results["ingest"] = {
            **report.as_dict(),
            "files": ["<temp>/" + data.name],
            "runs": runs,
            "median_wall_s": statistics.median(walls),
        }
        results["ingest_rows_per_s"] = round(report.rows / statistics.median(walls))

        events = duckdb_events(ws)
        execute(dyad_periods(events, args.freq))  # warm the Ibis/DuckDB path
        walls, agg_load = [], load()
        for _ in range(args.agg_repeat):
            t0 = time.perf_counter()
            result = execute(dyad_periods(events, args.freq), sort=False)
            walls.append(time.perf_counter() - t0)
        agg_s = statistics.median(walls)
        agg_rate = report.loaded / agg_s
        print(
            f"DuckDB aggregation (dyad x {args.freq}): {report.loaded:,d} events -> "
            f"{result.num_rows:,d} rows in {agg_s:.3f} s (median of {len(walls)}; min "
            f"{min(walls):.3f}) = {agg_rate:,.0f} rows/s (load {agg_load})"
        )
        results["aggregation"] = {
            "freq": args.freq,
            "input_rows": report.loaded,
            "output_rows": result.num_rows,
            "seconds": round(agg_s, 4),
            "min_seconds": round(min(walls), 4),
            "runs": len(walls),
            "rows_per_s": round(agg_rate),
            "load": agg_load,
        }
        if args.floor:
            results["aggregation_floor"] = aggregation_floor(ws, report.loaded, args.agg_repeat)
            print(f"floor aggregation (count per key): {results['aggregation_floor']}")
        ws.close()
        store = folder / "ingest.duckdb"
        if args.floor:
            results["floor"] = floors(data, report.rows)

        cli_runs = []
        for _ in range(args.cli_repeat):
            store = fresh_copy(warm, folder)
            argv = [
                *cli_path(),
                "--db",
                str(store),
                "events",
                "ingest",
                str(data),
                "--source",
                "gdelt2",
            ]
            before = load()
            run = timed_command(argv)
            cli_runs.append({**run, "load_before": before, "load_after": load()})
            print(
                f"cli: {run['wall_s']:.2f} s wall, {run['cpu_s']:.2f} s CPU, peak RSS "
                f"{run['peak_mb']:.0f} MB = {report.rows / run['wall_s']:,.0f} rows/s "
                f"(load {before})"
            )
        if cli_runs:
            walls = [r["wall_s"] for r in cli_runs]
            results["cli"] = {
                "command": "alignscope --db STORE events ingest <temp>/"
                + data.name
                + " --source gdelt2",
                "runs": cli_runs,
                "median_wall_s": statistics.median(walls),
                "rows_per_s": round(report.rows / statistics.median(walls)),
            }

        spark = None
        if not args.no_spark and java_available():
            spark = spark_check(str(store), args.spark_rows, args.freq)
            print(
                f"Spark local[2] on {spark['rows']:,d} events: start-up {spark['session_start_s']}"
                f" s, load {spark['load_s']} s, aggregation {spark['aggregation_s']} s "
                f"({spark['aggregation_rows_per_s']:,d} rows/s); DuckDB on the same sample "
                f"{spark['duckdb_same_sample_s']} s; counts equal: {spark['counts_equal_duckdb']}, "
                f"max relative difference of sums/means {spark['max_rel_diff_sums_means']:.1e} "
                f"(absolute {spark['max_abs_diff_sums_means']:.1e})"
            )
        results["spark"] = spark

    write(results, Path(args.out))


def write(results: dict, out: Path) -> None:
    results["targets"] = {"ingest_rows_per_s": 1_000_000, "aggregation_rows_per_s": 30_000_000}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
