"""Schema guards for the curated tables: every row well-formed, checkable and bilingual, the
shipped columns typed, and the packaging checks (tools/curated_checks.py) refusing each kind
of bad row with its file and line."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest

from alignscope import state_index
from alignscope.cli.curated import KINDS
from alignscope.curated import agreements_between, evidence_for_dyad

SIMPLIFIED = set("国湾对关际经济军员与议贸为发们时协华东门机动会说这来后过还进实现统")
PRECISION = {"day", "month", "year"}
TOOLS = Path(__file__).resolve().parents[1] / "tools"


def _checks():
    spec = importlib.util.spec_from_file_location("curated_checks", TOOLS / "curated_checks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checks():
    return _checks()


@pytest.fixture(scope="module")
def agreements(ws):
    return ws.con.sql(f"select * from {ws.table('agreements')}").to_arrow_table().to_pylist()


@pytest.fixture(scope="module")
def evidence(ws):
    return ws.con.sql(f"select * from {ws.table('evidence')}").to_arrow_table().to_pylist()


def _on_precision(day: dt.date | None, precision: str | None) -> bool:
    """A month-precision date is the 1st of its month, a year-precision one 1 January."""
    if day is None:
        return precision is None
    return precision == "day" or (day.day == 1 and (precision == "month" or day.month == 1))


def test_agreements_columns_are_typed(ws):
    types = dict(ws.rows(f"select column_name, column_type from "
                         f"(describe select * from {ws.table('agreements')})"))
    assert types["parties"] == "INTEGER[]" and types["party_names"] == "VARCHAR[]"
    for c in ("date_signed", "date_in_force", "date_end"):
        assert types[c] == "DATE" and types[f"{c}_precision"] == "VARCHAR", c


def test_evidence_columns_are_typed(ws):
    types = dict(ws.rows(f"select column_name, column_type from "
                         f"(describe select * from {ws.table('evidence')})"))
    assert types["date"] == "DATE" and types["date_precision"] == "VARCHAR"
    assert types["ccode1"] == types["ccode2"] == "INTEGER"
    assert types["actor1"] == types["actor2"] == "VARCHAR"


def test_agreements_rows_are_well_formed(ws, agreements):
    states = state_index(ws).states
    assert len(agreements) >= 150
    assert len({r["id"] for r in agreements}) == len(agreements)
    for r in agreements:
        assert r["date_signed_precision"] in PRECISION, r["id"]
        for c in ("date_signed", "date_in_force", "date_end"):
            assert _on_precision(r[c], r[f"{c}_precision"]), (r["id"], c)
        if r["date_in_force"] and r["date_in_force_precision"] == "day" == r[
            "date_signed_precision"
        ]:
            # in force before signature only where the text made it retroactive (the TRA,
            # ANZCERTA from 1 Jan 1983) and the notes say so
            early = r["date_in_force"] < r["date_signed"]
            said = ("with effect from", "precedes signature")
            assert not early or any(s in (r["notes"] or "") for s in said), r["id"]
        assert r["kind"] in KINDS, r["id"]
        parties = r["parties"]
        assert len(parties) >= 2 and len(set(parties)) == len(parties), r["id"]
        assert all(p in states for p in parties), r["id"]
        assert len(r["party_names"]) == len(parties), r["id"]
        assert r["title"] and r["citation"], r["id"]
        assert r["verified_via"].startswith(("search:", "case-file", "unverified")), r["id"]
        if r["kind"] == "strategic_partnership":
            assert r["level"], r["id"]


def test_agreements_cover_the_focal_states(agreements):
    """Issue 4: the partnership and security networks of eight states, 1990–2024. Taiwan,
    recognised by few states, has no declared strategic partnership; its instruments since
    1990 are unofficial arrangements (MOUs, investment, trade), which must be there."""
    focal = {740: "JPN", 710: "CHN", 2: "USA", 750: "IND", 900: "AUS", 732: "KOR", 365: "RUS"}

    def count(code: int, kinds: set[str] | None) -> int:
        return sum(
            code in r["parties"]
            and (kinds is None or r["kind"] in kinds)
            and 1990 <= r["date_signed"].year <= 2024
            for r in agreements
        )

    for code, name in focal.items():
        assert count(code, {"strategic_partnership", "security_declaration"}) >= 1, name
    assert count(713, None) >= 5


def test_evidence_rows_are_well_formed(ws, evidence):
    cameo = {r[0] for r in ws.rows(f"select code from {ws.table('cameo_codes')}")}
    index = state_index(ws)
    assert len({r["id"] for r in evidence}) == len(evidence)
    for r in evidence:
        assert r["date_precision"] in PRECISION, r["id"]
        assert _on_precision(r["date"], r["date_precision"]), r["id"]
        a, b = index.resolve(r["actor1"]), index.resolve(r["actor2"])
        assert (a.ccode, b.ccode) == (r["ccode1"], r["ccode2"]), r["id"]
        assert a.ccode != b.ccode, r["id"]
        assert r["dimension"] in {"I-1", "I-2", "I-3", "I-4", "I-5", "E-1", "E-2"}, r["id"]
        assert r["direction"] in {"+", "-"}, r["id"]
        assert not r["cameo"] or r["cameo"] in cameo, r["id"]
        assert r["summary_en"] and r["citation"], r["id"]
        assert re.search(r"[\u4e00-\u9fff]", r["summary_zh_tw"]), r["id"]
        assert not SIMPLIFIED & set(r["summary_zh_tw"]), (
            r["id"],
            SIMPLIFIED & set(r["summary_zh_tw"]),
        )
        assert r["verified_via"].startswith(("search:", "case-file", "unverified")), r["id"]


def test_readers_give_dates_as_written(ws, agreements, evidence):
    """curated.py turns typed dates back into the curators' form (YYYY-MM-DD, -MM, YYYY)."""
    width = {"day": 10, "month": 7, "year": 4}
    listed = {r["id"]: r for r in agreements_between(ws, [], columns=("id", "date_signed"))}
    for r in agreements:
        text = listed[r["id"]]["date_signed"]
        assert len(text) == width[r["date_signed_precision"]], r["id"]
        assert (text + "-01-01")[:10] == r["date_signed"].isoformat(), r["id"]
    twn_jpn = evidence_for_dyad(ws, 713, 740)
    assert twn_jpn and all(len(e["date"]) in (4, 7, 10) for e in twn_jpn)
    assert {(e["actor1"], e["actor2"]) for e in twn_jpn} <= {("TWN", "JPN"), ("JPN", "TWN")}


# ---------------------------------------------------------------- packaging refuses bad rows

AGREEMENT = {
    "id": "jpn-twn-2011-test", "date_signed": "2011-09-22", "date_in_force": "",
    "date_end": "", "parties": "713;740", "party_names": "Taiwan;Japan", "kind": "investment",
    "level": "", "title": "A test arrangement", "citation": "A checkable reference",
    "url": "", "verified_via": "search:https://example.org", "notes": "",
}
EVIDENCE = {
    "id": "jpn-twn-2011-t1", "date": "2011-09-22", "actor1": "TWN", "actor2": "JPN",
    "dimension": "I-2", "direction": "+", "cameo": "057", "summary_en": "A test record.",
    "summary_zh_tw": "臺日簽署投資協議。", "citation": "A checkable reference", "url": "",
    "verified_via": "search:https://example.org", "notes": "",
}


def _write(path: Path, good: dict, bad: dict) -> Path:
    """A CSV of one good row (line 2) and one bad one (line 3)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(good), lineterminator="\n")
        w.writeheader()
        w.writerow(good)
        w.writerow(bad)
    return path


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"date_signed": "2011-13-01"}, "bad date_signed"),
        ({"date_signed": "22 Sep 2011"}, "bad date_signed"),
        ({"date_end": "2011-02-30"}, "bad date_end"),
        ({"parties": "713;99999"}, "unknown party code"),
        ({"parties": "713"}, "bad parties"),
        ({"id": AGREEMENT["id"]}, "duplicate id"),
        ({"kind": "alliance"}, "not in the vocabulary"),
        ({"kind": "strategic_partnership"}, "without level"),
        ({"party_names": "Taiwan"}, "party_names and parties differ"),
        ({"verified_via": "memory"}, "verified_via"),
    ],
)
def test_packaging_refuses_bad_agreements(tmp_path, checks, change, problem):
    path = _write(tmp_path / "agreements.csv", AGREEMENT, AGREEMENT | {"id": "x-2"} | change)
    found = checks.check_agreements(path)
    assert len(found) == 1 and found[0].startswith("agreements.csv:3: "), found
    assert problem in found[0]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"date": "2011-9-22"}, "bad date"),
        ({"actor2": "XXQ"}, "unknown actor code"),
        ({"actor2": "TWN"}, "the same state"),
        ({"id": EVIDENCE["id"]}, "duplicate id"),
        ({"dimension": "I-9"}, "dimension"),
        ({"direction": "0"}, "direction"),
        ({"cameo": "999"}, "CAMEO code '999' unknown"),
        ({"summary_zh_tw": "台湾与日本签署投资协议。"}, "Simplified characters"),
        ({"summary_zh_tw": "no Chinese"}, "no Chinese"),
    ],
)
def test_packaging_refuses_bad_evidence(tmp_path, checks, change, problem):
    path = _write(tmp_path / "evidence.csv", EVIDENCE, EVIDENCE | {"id": "x-2"} | change)
    found = checks.check_evidence(path)
    assert len(found) == 1 and found[0].startswith("evidence.csv:3: "), found
    assert problem in found[0]


def test_line_is_where_the_record_starts(tmp_path, checks):
    """A quoted field over two lines does not shift the line named."""
    path = _write(tmp_path / "agreements.csv", AGREEMENT | {"notes": "one\ntwo"},
                  AGREEMENT | {"id": "x-2", "kind": "alliance"})
    assert checks.check_agreements(path)[0].startswith("agreements.csv:4: ")


def test_package_data_refuses_and_writes_nothing(tmp_path, monkeypatch, checks):
    """package_data.py runs the checks on the curated tables before it writes any file."""
    import sys

    monkeypatch.setitem(sys.modules, "curated_checks", checks)
    spec = importlib.util.spec_from_file_location("package_data", TOOLS / "package_data.py")
    package_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(package_data)
    bad = _write(tmp_path / "agreements.csv", AGREEMENT, AGREEMENT | {"kind": "alliance"})
    toml = tmp_path / "spec.toml"
    toml.write_text(f'[agreements]\nsource_file = "repo:{bad.as_posix()}"\n', encoding="utf-8")
    out = tmp_path / "datasets"
    monkeypatch.setattr(package_data, "SPEC", toml)
    monkeypatch.setattr(package_data, "OUT", out)
    monkeypatch.setattr(sys, "argv", ["package_data.py", "agreements"])
    with pytest.raises(SystemExit) as refused:
        package_data.main()
    message = str(refused.value)
    assert "agreements.csv:3: duplicate id" in message and "kind 'alliance'" in message
    assert not out.exists()


def test_shipped_curated_files_pass_the_checks(checks):
    root = TOOLS.parent / "curation"
    assert checks.check_agreements(root / "agreements.csv") == []
    assert checks.check_evidence(root / "evidence.csv") == []


# ---------------------------------------------------------------- coverage


def test_data_coverage_counts_each_state(ws):
    import json

    from click.testing import CliRunner

    from alignscope.cli import main
    from alignscope.curated import DIMENSIONS, G20, KIND_GROUPS

    def run(*args):
        result = CliRunner().invoke(main, ["--db", ":memory:", "data", "coverage", *args])
        assert result.exit_code == 0, (result.output, result.stderr)
        return result.stdout

    g20 = json.loads(run("--format", "json"))
    assert [s["ccode"] for s in g20["states"]] == list(G20)
    twn = json.loads(run("--state", "TWN", "--format", "json"))["states"][0]
    assert twn["state"] == "TWN" and set(twn["evidence"]) == set(DIMENSIONS)
    assert set(twn["agreements"]) == set(KIND_GROUPS)
    counted = ws.scalar(f"select count(*) from {ws.table('agreements')} "
                        "where list_contains(parties, 713) and verified_via <> 'unverified'")
    assert sum(g["n"] for g in twn["agreements"].values()) == counted
    i1 = twn["evidence"]["I-1"]
    assert i1["n"] > 0 and i1["first"] <= i1["last"]
    assert "I-1" in run("--state", "TWN") and "security" in run()


def test_assess_warns_when_curated_coverage_is_thin(ws):
    from alignscope.assess.assessment import _coverage_notes
    from alignscope.countries import resolve

    twn, jpn = resolve(ws, "TWN"), resolve(ws, "JPN")
    assert _coverage_notes(ws, twn, jpn, 2011) == []
    nzl, arg = resolve(ws, "NZL"), resolve(ws, "ARG")
    (note,) = _coverage_notes(ws, nzl, arg, 1995)
    assert note.startswith("few curated records for NZL–ARG: ") and "up to 1995" in note
