"""The atlas: one engine for every dyad-year; `assess` is a slice of it; network and history."""

from __future__ import annotations

import json
import random
import xml.etree.ElementTree as ET

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from alignscope import atlas, build_panel
from alignscope.assess import assess, load_dimensions
from alignscope.assess.engine import col
from alignscope.atlas import columns
from alignscope.cli import main

DIMS = load_dimensions()


def _cli(*args: str):
    return CliRunner().invoke(main, ["--db", ":memory:", *args])


@pytest.fixture(scope="module")
def years_sample():
    rng = random.Random(20261126)
    return sorted(rng.sample(range(1900, 2025), 6))


def test_atlas_row_equals_assess_for_random_dyad_years(ws, years_sample):
    """50+ random dyad-years across eras: type, secondary labels, every dimension score,
    C and P agree exactly between the atlas and the assessment of the dyad."""
    rng = random.Random(7)
    checked = 0
    for year in years_sample:
        table = atlas(year, year, workspace=ws).to_pylist()
        for row in rng.sample(table, 9):
            report = assess(ws, row["ccode1"], row["ccode2"], year)
            assert report["type"] == row["type"], (row["ccode1"], row["ccode2"], year)
            assert report["secondary"] == list(row["secondary"] or [])
            for dim in report["dimensions"]:
                assert dim["score"] == row[f"score_{col(dim['id'])}"], dim["id"]
                assert dim["n_indicators"] == row[f"n_{col(dim['id'])}"]
            third = report["triangle"]["third"]
            patron = report["triangle"]["patron"]
            assert (third and third["ccode"]) == row["third"] or (third is None
                                                                   and row["third"] is None)
            assert (patron["ccode"] if patron else None) == row["patron"]
            checked += 1
    assert checked >= 50


def test_atlas_has_one_row_per_panel_dyad_year_and_documented_columns(ws):
    table = atlas(2011, 2011, workspace=ws)
    panel = build_panel(2011, 2011, workspace=ws)
    assert table.num_rows == panel.count()
    assert table.column_names == list(columns(DIMS))
    keys = set(zip(*(table.column(c).to_pylist() for c in ("ccode1", "ccode2")), strict=True))
    assert len(keys) == table.num_rows
    row = next(r for r in table.to_pylist() if (r["ccode1"], r["ccode2"]) == (713, 740))
    assert row["iso3_1"] == "TWN" and row["iso3_2"] == "JPN"
    assert row["type"] == "tacit_alignment" and row["third"] == 710 and row["patron"] == 2
    # a score is NULL only when none of its indicators has data, never 0 for missing
    for r in table.to_pylist()[:500]:
        for d in DIMS:
            assert (r[f"score_{col(d.id)}"] is None) == (r[f"n_{col(d.id)}"] == 0)


def test_current_event_rules_are_not_fired_by_carried_data(ws):
    """MIDs end in 2014: a coalition cannot be tested in 2019 (reported as untested), and
    no dyad is a coalition after the MID data end."""
    table = atlas(2019, 2019, workspace=ws).to_pylist()
    assert not [r for r in table if r["type"] == "coalition"]
    jk = next(r for r in table if (r["ccode1"], r["ccode2"]) == (732, 740))
    assert "coalition.untested" in jk["untested"] and jk["type"] != "coalition"


def test_patron_and_hub(ws):
    table = {(r["ccode1"], r["ccode2"]): r for r in atlas(2011, 2011, workspace=ws).to_pylist()}
    usa_jpn = table[(2, 740)]
    assert usa_jpn["patron"] is None and usa_jpn["hub"] == 2  # the USA is the patron
    assert table[(365, 710)]["patron"] is None  # no great power backs China or Russia


def test_atlas_cli_writes_parquet_and_csv(tmp_path):
    out = tmp_path / "a.parquet"
    result = _cli("atlas", "--start", "2011", "--end", "2011", "--state", "TWN",
                  "--out", str(out))
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert set(table.column("ccode1").to_pylist()) | set(table.column("ccode2").to_pylist()) \
        >= {713}
    assert all(713 in (a, b) for a, b in zip(table.column("ccode1").to_pylist(),
                                              table.column("ccode2").to_pylist(), strict=True))
    csv = tmp_path / "a.csv"
    assert _cli("atlas", "--start", "2011", "--end", "2011", "--state", "TWN",
                "--out", str(csv)).exit_code == 0
    assert csv.read_text().splitlines()[0].startswith("ccode1,ccode2,iso3_1,iso3_2,year,type")
    listed = _cli("atlas", "--columns", "--format", "json")
    assert json.loads(listed.output)["third"].startswith("COW code of the third state")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2012", "--end", "2011"], "is after the end year"),
        (["--start", "1700", "--end", "1800"], "outside"),
        (["--start", "2011", "--end", "2011", "--state", "Atlantis"], "unknown state"),
        (["--start", "2011", "--end", "2011", "--system", "gw"], "COW"),
    ],
)
def test_atlas_bad_input_is_one_sentence_and_writes_nothing(tmp_path, args, message):
    out = tmp_path / "x.parquet"
    result = _cli("atlas", *args, "--out", str(out))
    assert result.exit_code != 0 and message in result.output
    assert not out.exists() and not list(tmp_path.iterdir())


def test_atlas_refuses_unwritable_out_before_work(tmp_path):
    (tmp_path / "file").write_text("x")
    result = _cli("atlas", "--start", "2011", "--end", "2011",
                  "--out", str(tmp_path / "file" / "x.parquet"))
    assert result.exit_code != 0 and "not a folder" in result.output
    bad = tmp_path / "dims.toml"
    bad.write_text('[[dimension]]\nid = "X"\nname = "X"\nindicators = [{ name = "nope", '
                   'normalise = "binary", direction = "+" }]\n')
    result = _cli("atlas", "--start", "2011", "--end", "2011", "--dimensions", str(bad),
                  "--out", str(tmp_path / "y.parquet"))
    assert result.exit_code != 0 and "unknown indicator 'nope'" in result.output
    assert not (tmp_path / "y.parquet").exists()


def test_network_json_html_graphml(tmp_path):
    result = _cli("network", "--year", "2011", "--format", "json")
    assert result.exit_code == 0, result.output
    net = json.loads(result.output)
    codes = {n["state"] for n in net["nodes"]}
    assert {"USA", "JPN", "TWN"} <= codes
    tj = [e for e in net["edges"] if {e["a"], e["b"]} == {"TWN", "JPN"}]
    assert tj and tj[0]["type"] == "tacit_alignment"
    assert net["blocs"] and all(len(b) > 1 for b in net["blocs"])
    html = tmp_path / "n.html"
    assert _cli("network", "--year", "2011", "--format", "html", "--out", str(html),
                "--lang", "zh-TW").exit_code == 0
    text = html.read_text("utf-8")
    assert "<svg" in text and "默示性同盟" in text and "http" not in text.replace(
        "http://www.w3.org", "")
    gml = tmp_path / "n.graphml"
    assert _cli("network", "--year", "1990", "--format", "graphml",
                "--out", str(gml)).exit_code == 0
    assert ET.parse(gml).getroot().tag.endswith("graphml")
    bad = _cli("network", "--year", "2011", "--types", "alliance,friendship")
    assert bad.exit_code != 0 and "unknown type 'friendship'" in bad.output


def test_history_marks_changes(ws):
    result = _cli("history", "USA", "TWN", "--start", "1975", "--end", "1985",
                  "--format", "json")
    assert result.exit_code == 0, result.output
    years = json.loads(result.output)["years"]
    by_year = {y["year"]: y for y in years}
    assert by_year[1978]["type"] == "alliance"  # the 1954 treaty, terminated 1 Jan 1980
    changed = [y for y in years if y["changed"]]
    assert changed and changed[0]["year"] in (1979, 1980, 1981)  # ATOP codes it to 1980
    assert any(c.startswith("alliance.") for c in changed[0]["stopped"])


def test_report_series_equals_the_atlas(ws):
    """The report's over-time series (one dyad, many years) reads the same values as the
    atlas of those years."""
    from alignscope.assess.engine import dyad_rows

    years = (1995, 2003, 2011)
    series = {r["year"]: r for r in dyad_rows(ws, 713, 740, years, DIMS)}
    for year in years:
        row = next(r for r in atlas(year, year, workspace=ws).to_pylist()
                   if (r["ccode1"], r["ccode2"]) == (713, 740))
        assert series[year]["type"] == row["type"]
        assert series[year]["third"] == row["third"] and series[year]["patron"] == row["patron"]
        for d in DIMS:
            assert series[year][f"score_{col(d.id)}"] == row[f"score_{col(d.id)}"]
