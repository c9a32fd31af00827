"""The command line: outputs that scripts can rely on, and one clear sentence for every error."""

from __future__ import annotations

import json
import shutil

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import alignscope.catalog as catalog
from alignscope.cli import main


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(main, ["--db", ":memory:", *args])
    assert result.exit_code == code, (result.output, result.stderr, result.exception)
    return result


def one_sentence_error(result) -> str:
    """The error is a single line on stderr, starting 'error:', and the command left through
    sys.exit: CliRunner catches any other exception (it never prints a traceback), so the
    exception it recorded is what shows that none escaped."""
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    text = result.stderr.strip()
    assert text.startswith("error:"), text
    assert len(text.splitlines()) == 1, text
    return text


def test_data_list_and_info_json():
    listing = json.loads(run("data", "list", "--format", "json").stdout)
    names = [d["name"] for d in listing["datasets"]]
    assert {"atop", "trade_dyadic", "democracy", "rivalries_tss"} <= set(names)
    info = json.loads(run("data", "info", "atop", "--format", "json").stdout)
    assert info["version"] == "5.1" and info["years"] == [1815, 2018]
    assert len(info["sha256"]) == 64 and info["rows"] == 273_296
    assert "ccode1" in info["columns"] and info["gaps"]


def test_data_info_text_and_unknown_name():
    assert "known gaps" in run("data", "info", "trade_dyadic").stdout
    error = one_sentence_error(run("data", "info", "atopp", code=2))
    assert "unknown dataset 'atopp'" in error and "atop" in error


def test_cite_prints_bibtex():
    out = run("cite", "atop").stdout
    assert out.lstrip().startswith("@") and "Leeds" in out
    one_sentence_error(run("cite", "nope", code=2))


def test_cite_prints_each_work_once():
    """Issue 12: `cite all` printed the peacesciencer article 17 times, once per dataset key."""
    from alignscope.report.bibtex import parse

    out = run("cite", "all").stdout
    works = [(kind, tuple(sorted(fields.items()))) for kind, fields in parse(out)]
    assert len(works) == len(set(works)) > 20
    assert out.count("{{peacesciencer}: An {R} Package") == 1
    every = "".join(ds.citation for ds in catalog.manifest().values())
    assert set(works) == {(k, tuple(sorted(f.items()))) for k, f in parse(every)}
    assert run("cite", "atop", "atop").stdout == run("cite", "atop").stdout


def test_data_verify_passes_on_shipped_files():
    report = json.loads(run("data", "verify", "--format", "json").stdout)
    assert report["ok"] and report["checked"] == len(catalog.manifest())


@pytest.mark.parametrize("damage", ["corrupt", "missing"])
def test_data_verify_names_a_damaged_file(monkeypatch, tmp_path, damage):
    copy = tmp_path / "datasets"
    shutil.copytree(catalog.DATASETS_DIR, copy)
    monkeypatch.setattr(catalog, "DATASETS_DIR", copy)
    target = copy / "atop.parquet"
    if damage == "corrupt":
        target.write_bytes(b"not a parquet file")
    else:
        target.unlink()
    result = run("data", "verify", code=1)
    assert "FAIL atop" in result.stdout
    assert result.stdout.count("FAIL") == 1


def test_panel_writes_parquet_and_json_summary(tmp_path):
    out = tmp_path / "p.parquet"
    result = run(
        "panel",
        "--start",
        "2010",
        "--end",
        "2011",
        "--add",
        "atop,trade",
        "--out",
        str(out),
        "--format",
        "json",
    )
    summary = json.loads(result.stdout)
    table = pq.read_table(out)
    assert summary["rows"] == table.num_rows > 0
    assert summary["steps"] == ["atop", "trade"]
    assert set(summary["columns"]) == set(table.column_names)
    assert summary["columns"]["trade_total"]["non_null"] > 0


def test_panel_directed_csv(tmp_path):
    out = tmp_path / "p.csv"
    run("panel", "--start", "2000", "--end", "2000", "--directed", "--out", str(out))
    header, *body = out.read_text().splitlines()
    assert header == "ccode1,ccode2,year" and len(body) % 2 == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--start", "1700", "--end", "1800"], "year 1700 is outside"),
        (["--start", "2000", "--end", "1990"], "after the end year"),
        (["--start", "2000", "--end", "2001", "--add", "atop,bogus"], "unknown step 'bogus'"),
        (
            ["--start", "2000", "--end", "2001", "--out", "/nonexistent/dir/p.parquet"],
            "does not exist",
        ),
        (["--start", "2000", "--end", "2001", "--out", "p.xlsx"], "must end in .parquet or .csv"),
    ],
)
def test_panel_errors(args, needle, tmp_path):
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "p.parquet")]
    error = one_sentence_error(run("panel", *args, code=2 if "exist" not in needle else 1))
    assert needle in error
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_panel_unwritable_folder():
    """/proc refuses new files even to root, so this holds whoever runs the tests."""
    result = run("panel", "--start", "2000", "--end", "2000", "--out", "/proc/p.parquet", code=1)
    assert "cannot write '/proc/p.parquet'" in one_sentence_error(result)


def test_states_command_and_errors():
    found = json.loads(run("states", "台灣", "JPN", "--format", "json").stdout)["states"]
    assert [s["ccode"] for s in found] == [713, 740]
    assert "Taiwan" in one_sentence_error(run("states", "Taiwn", code=2))
    assert "1940" in one_sentence_error(run("states", "TWN", "--year", "1940", code=2))


def test_dyad_summary_text_and_json():
    text = run("dyad", "TWN", "JPN", "--start", "2008", "--end", "2012").stdout
    assert "1 = Taiwan (TWN 台灣), 2 = Japan (JPN 日本)" in text
    assert "52,395" in text  # Taiwan's imports from Japan in 2010
    data = json.loads(
        run("dyad", "日本", "台灣", "--start", "2010", "--end", "2010", "--format", "json").stdout
    )
    assert data["states"] == ["TWN", "JPN"]
    (row,) = data["rows"]
    assert (row["trade_imp_12"], row["trade_imp_21"]) == (52_395, 23_083)
    assert row["unga_ideal_1"] is None


def test_dyad_errors():
    assert "unknown state" in one_sentence_error(run("dyad", "XXX", "JPN", code=2))
    assert "never both states" in one_sentence_error(
        run("dyad", "TWN", "JPN", "--start", "1900", "--end", "1940", code=2)
    )
    assert "two different" in one_sentence_error(run("dyad", "TWN", "台灣", code=2))


def test_agreements_command():
    data = json.loads(
        run("agreements", "--state", "台灣", "--state", "JPN", "--format", "json").stdout
    )
    ids = [a["id"] for a in data["agreements"]]
    assert "jpn-twn-2011-investment" in ids
    assert all("713" in a["parties"] and "740" in a["parties"] for a in data["agreements"])
    sp = json.loads(
        run(
            "agreements", "--kind", "strategic_partnership", "--until", "2000", "--format", "json"
        ).stdout
    )["agreements"]
    assert sp and all(a["kind"] == "strategic_partnership" for a in sp)
    assert all(int(a["date_signed"][:4]) <= 2000 for a in sp)
    assert "swap" in one_sentence_error(
        run("agreements", "--since", "2020", "--until", "2010", code=2)
    )


def test_evidence_command():
    data = json.loads(
        run("evidence", "日本", "TWN", "--dimension", "I-5", "--format", "json").stdout
    )
    assert data["states"] == ["JPN", "TWN"] and data["count"] == len(data["evidence"]) > 0
    for row in data["evidence"]:
        assert row["dimension"] == "I-5" and row["direction"] in {"+", "-"}
        assert {row["actor1"], row["actor2"]} == {"TWN", "JPN"}
        assert row["summary_en"] and row["summary_zh_tw"] and row["citation"]
    zh = run("evidence", "TWN", "JPN", "--dimension", "I-5", "--lang", "zh-TW").stdout
    assert "台灣" in zh or "臺灣" in zh
    assert "two different" in one_sentence_error(run("evidence", "TWN", "713", code=2))


def test_evidence_covers_the_required_dyads():
    """Issue 4: ≥60 Taiwan–Japan records 1990–2024 and ≥15 for six other dyads."""
    counts = {}
    for pair in (
        ("TWN", "JPN"),
        ("JPN", "AUS"),
        ("JPN", "IND"),
        ("USA", "TWN"),
        ("CHN", "JPN"),
        ("JPN", "KOR"),
        ("CHN", "TWN"),
    ):
        rows = json.loads(run("evidence", *pair, "--format", "json").stdout)["evidence"]
        counts[pair] = sum(1990 <= int(r["date"][:4]) <= 2024 for r in rows)
    assert counts.pop(("TWN", "JPN")) >= 60
    assert min(counts.values()) >= 15, counts
