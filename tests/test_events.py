"""Event data: the published layouts load, malformed rows are quarantined, ingests are atomic.

Expected numbers are computed here from the shipped ICEWS sample with plain SQL, and GDELT
files are written by the tests in the codebooks' layouts (field positions written out below,
independently of the package's column lists).
"""

from __future__ import annotations

import importlib
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignscope import DataIntegrityError, UsageError, Workspace
from alignscope.cli import main
from alignscope.events import ingest
from alignscope.events.aggregate import duckdb_events, dyad_periods, dyad_series, execute
from alignscope.events.gdelt import GDELT1_COLUMNS, GDELT2_COLUMNS
from alignscope.events.icews import ICEWS_COLUMNS
from alignscope.events.schema import QUAD_SQL

ingest_module = importlib.import_module("alignscope.events.ingest")

# GDELT codebooks (V1.03, 2013; V2.0, 2015): positions of the fields the loader reads.
GDELT_ID, GDELT_DATE, GDELT_A1, GDELT_A2, GDELT_CODE, GDELT_SCORE = 0, 1, 7, 17, 26, 30
ICEWS_NON_STATES = ("Hong Kong", "Occupied Palestinian Territory", "Western Sahara")


def write_icews_sample(ws: Workspace, path: Path) -> list[str]:
    """The shipped ICEWS sample as a Dataverse .tab file (header row, tabs, 'NA'); its lines."""
    table = ws.table("icews_sample")
    names = [r[0] for r in ws.rows(f"select column_name from (describe {table})")]
    lines = ["\t".join(names)] + ["\t".join(r) for r in ws.rows(f"select * from {table}")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def gdelt_line(n: int, event_id: int, day: str, a1: str, a2: str, code: str) -> str:
    """One GDELT export row of n fields: 57 (1.0 backfile), 58 (1.0 daily) or 61 (2.0)."""
    fields = [""] * n
    fields[GDELT_ID], fields[GDELT_DATE] = str(event_id), day
    fields[2], fields[3] = day[:6], day[:4]  # MonthYear, Year
    fields[GDELT_A1], fields[GDELT_A2] = a1, a2
    fields[5], fields[15] = (a1 + "GOV") if a1 else "", (a2 + "MIL") if a2 else ""
    fields[GDELT_CODE], fields[GDELT_CODE + 1], fields[GDELT_CODE + 2] = code, code[:3], code[:2]
    fields[GDELT_SCORE] = "-2.0"
    if n == 57:
        fields[-1] = day  # DATEADDED closes the 1.0 backfile layout
    else:
        fields[-2] = day + ("151500" if n == 61 else "")  # DATEADDED, then SOURCEURL
        fields[-1] = f"https://example.org/{event_id}"
    return "\t".join(fields)


def gdelt_file(path: Path, n: int, rows: list[tuple]) -> list[str]:
    lines = [gdelt_line(n, *row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


GDELT_ROWS = [  # (id, SQLDATE, Actor1CountryCode, Actor2CountryCode, EventCode) and the outcome
    (1, "20180601", "USA", "CHN", "042"),  # loaded 2 -> 710
    (2, "20180602", "ROM", "USA", "0211"),  # CAMEO's ROM is Romania (360); leading zero kept
    (3, "20180603", "SRB", "JPN", "190"),  # Serbia is COW 345
    (4, "20180604", "", "JPN", "010"),  # skipped: no country
    (5, "20180605", "EUR", "JPN", "010"),  # skipped: a region, not a state
    (6, "20180606", "CHN", "CHN", "173"),  # skipped: same state
    (7, "20180607", "XYZ", "JPN", "010"),  # quarantined: unknown country code
    (8, "20181306", "USA", "JPN", "010"),  # quarantined: bad date
    (9, "20180609", "USA", "JPN", "999"),  # quarantined: unknown CAMEO code
    (10, "20180610", "TWN", "JPN", "057"),  # loaded 713 -> 740
]


def snapshot(ws: Workspace) -> dict:
    return {
        t: sorted(map(repr, ws.rows(f"select * from {t}")))
        for t in ("events", "events_quarantine", "events_ingests")
    }


@pytest.fixture
def store():
    with Workspace(":memory:") as ws:
        yield ws


@pytest.fixture(scope="module")
def icews(tmp_path_factory):
    with Workspace(":memory:") as ws:
        path = tmp_path_factory.mktemp("icews") / "events.2018.sample.tab"
        lines = write_icews_sample(ws, path)
        report = ingest(ws, [str(path)], "icews")
        yield ws, path, lines, report


# ---------------------------------------------------------------- ICEWS


def test_icews_sample_loads_with_counts_computed_from_the_shipped_table(icews):
    ws, _path, _lines, report = icews
    t = ws.table("icews_sample")
    src, dst = '"Source Country"', '"Target Country"'
    non_states = ", ".join(f"'{n}'" for n in ICEWS_NON_STATES)

    def n(where: str) -> int:
        return ws.scalar(f"select count(*) from {t} where {where}")

    both = f"{src} <> 'NA' and {dst} <> 'NA'"
    no_country = n(f"{src} = 'NA' or {dst} = 'NA'")
    non_state = n(f"{both} and ({src} in ({non_states}) or {dst} in ({non_states}))")
    same = n(f"{both} and {src} = {dst} and {src} not in ({non_states})")
    # The Holy See has COW code 327 only as the Papal States (1816-1870): not a state in 2018.
    holy_see = n(f"{both} and {src} <> {dst} and 'Holy See' in ({src}, {dst})")
    assert report.rows == n("true") == 3705
    assert report.quarantined == 0
    assert report.skipped_by_reason == {
        "no_country": no_country,
        "same_state": same,
        "non_state": non_state,
        "not_member": holy_see,
    }
    loaded = (
        n(
            f"{both} and {src} <> {dst} and {src} not in ({non_states}) "
            f"and {dst} not in ({non_states})"
        )
        - holy_see
    )
    assert report.loaded == loaded == 1673
    assert ws.scalar("select count(*) from events") == report.loaded


def test_taiwan_dyads_in_the_icews_sample(icews):
    ws, *_ = icews
    t = ws.table("icews_sample")
    names = {713: "Taiwan", 2: "United States", 710: "China", 740: "Japan", 41: "Haiti"}
    for (a, b), expected in {(713, 2): 13, (2, 713): 10, (710, 713): 3, (713, 41): 2}.items():
        plain = ws.scalar(
            f'select count(*) from {t} where "Source Country" = ? and "Target Country" = ?',
            [names[a], names[b]],
        )
        got = ws.scalar(
            "select count(*) from events where source_ccode = ? and target_ccode = ?", [a, b]
        )
        assert got == plain == expected
    assert (
        ws.scalar(
            "select count(*) from events where 740 in (source_ccode, target_ccode) "
            "and 713 in (source_ccode, target_ccode)"
        )
        == 0
    )


def test_every_icews_row_keeps_code_date_origin_and_cameo_goldstein(icews):
    ws, path, lines, _ = icews
    rows = ws.rows(
        f"""select e.origin_line, e.origin_id, e.event_date::varchar, e.cameo_code, e.goldstein,
                c.goldstein, e.source_score, i."Intensity", e.quad_class, c.quad_category,
                e.origin_file
        from events e join {ws.table("icews_sample")} i on i."Event ID" = e.origin_id
        join {ws.table("cameo_codes")} c on c.code = i."CAMEO Code" """
    )
    assert len(rows) == 1673
    quads = {
        1: "verbal cooperation",
        2: "material cooperation",
        3: "verbal conflict",
        4: "material conflict",
    }
    for line, eid, day, code, gold, cameo_gold, score, intensity, quad, category, file in rows:
        fields = lines[line - 1].split("\t")
        assert (fields[0], fields[1], fields[6]) == (eid, day, code)
        assert gold == cameo_gold and score == float(intensity)
        assert quads[quad] == category and file == str(path)


def test_quad_classes_follow_the_cameo_table():
    with Workspace(":memory:") as ws:
        t = ws.table("cameo_codes")
        wrong = ws.rows(
            f"select code, quad_category, {QUAD_SQL.format(root='root_code')} q from {t} "
            "where q is null or q <> case quad_category when 'verbal cooperation' then 1 "
            "when 'material cooperation' then 2 when 'verbal conflict' then 3 else 4 end"
        )
    assert wrong == []


# ---------------------------------------------------------------- GDELT


def test_layouts_follow_the_codebooks():
    assert len(ICEWS_COLUMNS) == 20 and ICEWS_COLUMNS[6] == "CAMEO Code"
    assert (len(GDELT1_COLUMNS), len(GDELT2_COLUMNS)) == (58, 61)
    for columns in (GDELT1_COLUMNS, GDELT2_COLUMNS):
        picked = [columns[i] for i in (GDELT_ID, GDELT_DATE, GDELT_A1, GDELT_A2, GDELT_CODE)]
        assert picked == [
            "GLOBALEVENTID",
            "SQLDATE",
            "Actor1CountryCode",
            "Actor2CountryCode",
            "EventCode",
        ]
        assert columns[GDELT_SCORE] == "GoldsteinScale" and columns[-2:] == (
            "DATEADDED",
            "SOURCEURL",
        )
    assert "ActionGeo_ADM2Code" in GDELT2_COLUMNS and "ActionGeo_ADM2Code" not in GDELT1_COLUMNS


@pytest.mark.parametrize(("source", "n"), [("gdelt1", 57), ("gdelt1", 58), ("gdelt2", 61)])
def test_gdelt_files_in_the_published_layout_load(store, tmp_path, source, n):
    path = tmp_path / "20180610.export.CSV"
    lines = gdelt_file(path, n, GDELT_ROWS)
    report = ingest(store, [str(path)], source)
    assert (report.loaded, report.skipped, report.quarantined) == (4, 3, 3)
    assert report.skipped_by_reason == {"no_country": 1, "non_state": 1, "same_state": 1}
    loaded = store.rows(
        "select origin_id, source_ccode, target_ccode, cameo_code, origin_line, origin_kind "
        "from events order by origin_line"
    )
    assert [r[:4] for r in loaded] == [
        ("1", 2, 710, "042"),
        ("2", 360, 2, "0211"),
        ("3", 345, 740, "190"),
        ("10", 713, 740, "057"),
    ]
    assert all(lines[r[4] - 1].split("\t")[0] == r[0] and r[5] == source for r in loaded)
    quarantined = store.rows("select file, line, reason, raw from events_quarantine order by line")
    assert [(q[1], q[2]) for q in quarantined] == [
        (7, "unknown actor country 'XYZ'"),
        (8, "bad date '20181306' (expected YYYYMMDD)"),
        (9, "unknown CAMEO code '999'"),
    ]
    assert all(q[0] == str(path) and q[3] == lines[q[1] - 1] for q in quarantined)


def test_malformed_rows_are_quarantined_with_file_and_line(store, tmp_path):
    path = tmp_path / "bad.export.CSV"
    good = gdelt_line(61, 1, "20180601", "USA", "CHN", "042")
    short = "\t".join(good.split("\t")[:40])
    long = good + "\textra"
    later = gdelt_line(61, 5, "20180605", "JPN", "KOR", "036")
    path.write_text("\n".join([good, short, "", long, later]) + "\n", encoding="utf-8")
    report = ingest(store, [str(path)], "gdelt2")
    assert report.loaded == 2 and report.quarantined == 2
    assert report.first_problems == [
        f"{path}:2: expected 61 tab-separated fields, found 40",
        f"{path}:4: expected 61 tab-separated fields, found 62",
    ]
    assert store.rows("select line, raw from events_quarantine order by line") == [
        (2, short),
        (4, long),
    ]
    # the blank line 3 and the rejected line 4 do not shift later line numbers
    assert store.rows("select origin_id, origin_line from events order by 2") == [
        ("1", 1),
        ("5", 5),
    ]


def test_strict_rejects_a_malformed_file_and_leaves_the_store_as_it_was(store, tmp_path):
    ok = tmp_path / "ok.tsv"
    gdelt_file(ok, 61, GDELT_ROWS[:1])
    ingest(store, [str(ok)], "gdelt2")
    before = snapshot(store)
    bad = tmp_path / "bad.tsv"
    gdelt_file(bad, 61, GDELT_ROWS)
    with pytest.raises(DataIntegrityError, match=r"bad\.tsv:7: unknown actor country 'XYZ'"):
        ingest(store, [str(ok), str(bad)], "gdelt2", strict=True)
    assert snapshot(store) == before


def test_an_interrupted_ingest_leaves_the_store_unchanged(store, tmp_path, monkeypatch):
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    gdelt_file(first, 61, GDELT_ROWS)
    gdelt_file(second, 61, GDELT_ROWS[:3])
    ingest(store, [str(first)], "gdelt2")
    before = snapshot(store)
    original = ingest_module._insert_batch

    def insert_then_die(*args, **kwargs):
        original(*args, **kwargs)
        raise KeyboardInterrupt  # after the first batch is in: e.g. Ctrl-C

    monkeypatch.setattr(ingest_module, "_insert_batch", insert_then_die)
    with pytest.raises(KeyboardInterrupt):  # re-ingesting `first` deletes, then re-inserts it
        ingest(store, [str(first), str(second)], "gdelt2")
    assert snapshot(store) == before
    monkeypatch.undo()
    report = ingest(store, [str(first), str(second)], "gdelt2")
    assert report.replaced == 4 and store.scalar("select count(*) from events") == 4 + 3


def test_unreadable_input_is_refused_in_one_sentence(store, tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        ingest(store, [str(tmp_path / "missing.tsv")], "gdelt2")
    path = tmp_path / "x.tsv"
    gdelt_file(path, 58, GDELT_ROWS[:2])
    with pytest.raises(UsageError, match="unknown event source 'acled'"):
        ingest(store, [str(path)], "acled")
    with pytest.raises(DataIntegrityError, match="no line with the 61 tab-separated fields"):
        ingest(store, [str(path)], "gdelt2")
    with pytest.raises(DataIntegrityError, match="ICEWS header"):
        ingest(store, [str(path)], "icews")
    latin = tmp_path / "latin1.tsv"
    latin.write_bytes(gdelt_line(61, 1, "20180601", "USA", "CHN", "042").encode() + b"\xff\n")
    with pytest.raises(DataIntegrityError, match=r"latin1\.tsv:1 is not valid UTF-8"):
        ingest(store, [str(latin)], "gdelt2")
    assert store.scalar("select count(*) from events") == 0


def test_odd_lines_are_quarantined_once_with_their_own_text(store, tmp_path):
    good = gdelt_line(61, 1, "20180601", "USA", "CHN", "042")
    many = gdelt_line(61, 2, "20180602", "USA", "CHN", "042") + "\t" * 100_000
    huge = gdelt_line(61, 3, "20180603", "USA", "CHN", "042") + "x" * 2_100_000
    odd = gdelt_line(61, 4, "20180604", "U\u2028SA", "CHN", "042")  # a line break of Unicode
    last = gdelt_line(61, 5, "20180605", "JPN", "KOR", "036")
    path = tmp_path / "odd.export.CSV"
    text = "\ufeff" + "\r\n".join([good, many, huge, odd]) + "\n" + last + "\n\n"
    path.write_text(text, encoding="utf-8")  # a BOM, CRLF and LF line ends, a final blank line
    report = ingest(store, [str(path)], "gdelt2")
    assert (report.loaded, report.quarantined) == (2, 3)  # one entry per line, however long
    assert report.first_problems == [
        f"{path}:2: expected 61 tab-separated fields, found 100061",
        f"{path}:3: line of {len(huge)} bytes, longer than the 2000000 the reader takes",
        f"{path}:4: unknown actor country 'U\ufffdSA'",
    ]
    assert store.rows("select line, raw from events_quarantine order by line") == [
        (2, many),
        (3, huge),
        (4, odd),
    ]
    assert store.rows("select origin_id, origin_line from events order by 2") == [
        ("1", 1),
        ("5", 5),
    ]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"a\tb\nc\rd\n", 2),  # a stray CR inside a line
        (b"a\rb\rc\r", 1),  # classic Mac line ends
        (b"a\tb\r\r\nc\n", 1),  # CR CR LF
    ],
)
def test_a_carriage_return_inside_a_line_refuses_the_file(store, tmp_path, data, line):
    path = tmp_path / "cr.tsv"
    path.write_bytes(data)
    with pytest.raises(DataIntegrityError, match=rf"cr\.tsv:{line} holds a carriage return"):
        ingest(store, [str(path)], "gdelt2")
    assert store.scalar("select count(*) from events") == 0


# ---------------------------------------------------------------- aggregation


def test_aggregation_by_hand(store, tmp_path):
    path = tmp_path / "hand.tsv"
    rows = [  # USA -> CHN, June 2018: two verbal coop, one material coop, one material conflict
        (1, "20180601", "USA", "CHN", "042"),  # Goldstein 1.9
        (2, "20180615", "USA", "CHN", "010"),  # 0.0
        (3, "20180630", "USA", "CHN", "073"),  # 7.4
        (4, "20180630", "USA", "CHN", "190"),  # -10.0
        (5, "20180701", "USA", "CHN", "120"),  # July: verbal conflict, -4.0
    ]
    gdelt_file(path, 61, rows)
    ingest(store, [str(path)], "gdelt2")
    gold = dict(store.rows(f"select code, goldstein from {store.table('cameo_codes')}"))
    assert [gold[c] for c in ("042", "010", "073", "190", "120")] == [1.9, 0.0, 7.4, -10.0, -4.0]
    out = execute(dyad_periods(duckdb_events(store), "month")).to_pylist()
    june, july = out
    assert (june["events"], june["verbal_coop"], june["material_coop"]) == (4, 2, 1)
    assert (june["verbal_conflict"], june["material_conflict"]) == (0, 1)
    assert june["goldstein_sum"] == pytest.approx(1.9 + 0 + 7.4 - 10)
    assert june["goldstein_mean"] == pytest.approx((1.9 + 7.4 - 10) / 4)
    assert june["net_cooperation"] == pytest.approx((3 - 1) / 4)
    assert (july["events"], july["net_cooperation"]) == (1, -1.0)
    year = execute(dyad_periods(duckdb_events(store), "year")).to_pylist()
    assert [(r["events"], str(r["period"])) for r in year] == [(5, "2018-01-01")]


def test_series_marks_periods_without_data(icews):
    ws, *_ = icews
    rows = dyad_series(ws, 713, 2, date(2018, 5, 1), date(2018, 7, 31), "month")
    assert [(r["period"], r["source_ccode"], r["covered"], r["events"]) for r in rows] == [
        ("2018-05", 713, False, None),
        ("2018-05", 2, False, None),
        ("2018-06", 713, True, 13),
        ("2018-06", 2, True, 10),
        ("2018-07", 713, False, None),
        ("2018-07", 2, False, None),
    ]
    quiet = dyad_series(ws, 713, 740, date(2018, 6, 1), date(2018, 6, 30), "quarter")
    assert [(r["events"], r["goldstein_mean"], r["net_cooperation"]) for r in quiet] == [
        (0, None, None),
        (0, None, None),
    ]


# ---------------------------------------------------------------- CLI


def test_cli_ingest_and_series(tmp_path):
    db = str(tmp_path / "store.duckdb")
    with Workspace(":memory:") as ws:
        sample = tmp_path / "events.tab"
        write_icews_sample(ws, sample)
    runner = CliRunner()
    done = runner.invoke(
        main, ["--db", db, "events", "ingest", str(sample), "--source", "icews", "--format", "json"]
    )
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["loaded"] == 1673
    text = runner.invoke(main, ["--db", db, "events", "ingest", str(sample), "--source", "icews"])
    assert "1,673 loaded" in text.output and "replacing 1,673 rows" in text.output
    series = runner.invoke(
        main,
        [
            "--db",
            db,
            "events",
            "series",
            "TWN",
            "USA",
            "--start",
            "2018-06-01",
            "--end",
            "2018-06-30",
            "--format",
            "json",
        ],
    )
    rows = json.loads(series.output)["rows"]
    assert [(r["source"], r["target"], r["events"]) for r in rows] == [
        ("TWN", "USA", 13),
        ("USA", "TWN", 10),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "ingest", "nope.tsv", "--source", "icews"], "does not exist"),
        (["events", "ingest", "{bad}", "--source", "gdelt"], "unknown event source 'gdelt'"),
        (["events", "ingest", "{bad}", "--source", "gdelt2", "--strict"], "bad.tsv:7: unknown"),
        (
            ["events", "series", "TWN", "Narnia", "--start", "2018-01-01", "--end", "2018-12-31"],
            "unknown state 'Narnia'",
        ),
        (
            ["events", "series", "TWN", "JPN", "--start", "2018", "--end", "2018-12-31"],
            "not a date",
        ),
        (
            [
                "events",
                "series",
                "TWN",
                "JPN",
                "--start",
                "2018-01-01",
                "--end",
                "2018-12-31",
                "--freq",
                "week",
            ],
            "unknown period 'week'",
        ),
    ],
)
def test_cli_errors_are_one_sentence_and_leave_the_store_unchanged(tmp_path, args, message):
    db = str(tmp_path / "store.duckdb")
    bad = tmp_path / "bad.tsv"
    gdelt_file(bad, 61, GDELT_ROWS)
    runner = CliRunner()
    args = [a.replace("{bad}", str(bad)) for a in args]
    done = runner.invoke(main, ["--db", db, *args])
    assert done.exit_code != 0
    assert message in done.output and done.output.count("\n") == 1, done.output
    with Workspace(db) as ws:
        if ws.rows("select 1 from information_schema.tables where table_name = 'events'"):
            assert ws.scalar("select count(*) from events") == 0


def test_cli_quarantine_into_a_store_file(tmp_path):
    db, bad = str(tmp_path / "store.duckdb"), tmp_path / "bad.tsv"
    lines = gdelt_file(bad, 61, GDELT_ROWS)
    done = CliRunner().invoke(
        main, ["--db", db, "events", "ingest", str(bad), "--source", "gdelt2"]
    )
    assert done.exit_code == 0, done.output
    assert "4 loaded" in done.output and "3 quarantined" in done.output
    assert f"quarantined {bad}:7: unknown actor country 'XYZ'" in done.output
    with Workspace(db) as ws:
        assert ws.rows("select line, raw from events_quarantine order by line") == [
            (n, lines[n - 1]) for n in (7, 8, 9)
        ]
