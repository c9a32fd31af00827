"""The assessment: independent recomputation of scores, the check set, stable JSON, errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from alignscope import STEPS, UsageError, build_panel
from alignscope.assess import assess, classify, load_dimensions

CHECKSET = tomllib.loads((Path(__file__).parent / "data" / "checkset.toml").read_text("utf-8"))
KEYS = {
    "alignscope_version",
    "options",
    "states",
    "ccodes",
    "names",
    "year",
    "type",
    "secondary",
    "rules",
    "untested",
    "reasons",
    "latest_source_year",
    "dimensions",
    "series",
    "triangle",
    "evidence",
    "agreements",
    "sources",
    "notes",
    "messages",
}


@pytest.fixture(scope="module")
def flagship(ws):
    return assess(ws, "TWN", "JPN", 2011)


def test_json_keys_are_stable(flagship):
    assert set(flagship) == KEYS
    assert flagship["states"] == ["TWN", "JPN"] and flagship["year"] == 2011
    assert [d["id"] for d in flagship["dimensions"]] == [
        "I-1",
        "I-2",
        "I-3",
        "I-4",
        "I-5",
        "E-1",
        "E-2",
    ]
    for dim in flagship["dimensions"]:
        for ind in dim["indicators"]:
            assert {"name", "raw", "score", "year_used", "source", "missing", "note"} <= set(ind)
            assert ind["missing"] == (ind["score"] is None)


def _mid_percentile(values, mine):
    below = sum(v < mine for v in values)
    ties = sum(v == mine for v in values)
    return (below + ties / 2) / len(values)


def _rank_nonzero(values, mine):
    """0 for a zero, else the mid-rank among the non-zero values only."""
    if mine == 0:
        return 0.0
    return _mid_percentile([v for v in values if v != 0], mine)


def test_economic_dimension_recomputed_independently(ws, flagship):
    """I-2 for Taiwan–Japan 2011 from the panel, percentiles by hand (pandas, not SQL)."""
    panel = STEPS["desta"](STEPS["interdependence"](build_panel(2011, 2011, workspace=ws)))
    df = panel.to_pandas()
    row = df[(df.ccode1 == 713) & (df.ccode2 == 740)].iloc[0]
    trade = df.bilateral_trade.dropna()
    inter = df.trade_interdependence.dropna()
    scores = {
        "trade_volume": (_rank_nonzero(list(trade), row.bilateral_trade), 1),
        "interdependence": (_rank_nonzero(list(inter), row.trade_interdependence), 2),
        "trade_agreements": (min(row.desta_ptas_in_force / 2, 1), 1),
        # curated, in force in 2011: 2010 exchange MOU, 2011 investment and open-skies
        "economic_instruments": (min(3 / 3, 1), 2),
    }
    ev = ws.con.sql(f"select direction from {ws.table('evidence')} where dimension = 'I-2' "
                    "and list_sort([actor1, actor2]) = ['JPN', 'TWN'] "
                    "and year(date) between 2007 and 2011 "
                    "and verified_via <> 'unverified'").fetchall()  # unverified: not counted
    pos, neg = sum(d == ("+",) for d in ev), sum(d == ("-",) for d in ev)
    if pos + neg:  # shrunk towards neutral: (pos − neg) / (pos + neg + 2)
        scores["evidence_I-2"] = (((pos - neg) / (pos + neg + 2) + 1) / 2, 1)
    expected = 100 * sum(s * w for s, w in scores.values()) / sum(w for _, w in scores.values())
    dim = next(d for d in flagship["dimensions"] if d["id"] == "I-2")
    assert dim["score"] == pytest.approx(expected, abs=1e-9)
    got = {i["name"]: i for i in dim["indicators"]}
    flows = ws.rows(
        f"select flow1 + flow2 from {ws.table('trade_dyadic')} "
        "where ccode1 = 713 and ccode2 = 740 and year = 2011"
    )
    assert got["trade_volume"]["raw"] == flows[0][0]
    assert got["evidence_I-2"]["missing"] == (pos + neg == 0)


def test_ideology_dimension_recomputed_independently(ws, flagship):
    df = STEPS["regime"](build_panel(2011, 2011, workspace=ws)).to_pandas()
    row = df[(df.ccode1 == 713) & (df.ccode2 == 740)].iloc[0]
    assert row.polyarchy_dist == pytest.approx(abs(0.798 - 0.852), abs=1e-9)
    dist = df.polyarchy_dist.dropna()
    dim = next(d for d in flagship["dimensions"] if d["id"] == "I-3")
    got = {i["name"]: i for i in dim["indicators"]}
    assert got["regime_distance"]["score"] == pytest.approx(
        1 - _mid_percentile(list(dist), row.polyarchy_dist), abs=1e-12
    )
    assert got["joint_democracy"]["score"] == 1.0
    assert got["un_distance"]["missing"]  # Taiwan has no UN votes after 1971
    assert got["joint_democracy_years"]["raw"] == row.joint_democracy_years


def test_missing_indicators_do_not_count_as_zero(flagship):
    dim = next(d for d in flagship["dimensions"] if d["id"] == "I-3")
    have = [i for i in dim["indicators"] if not i["missing"]]
    expected = 100 * sum(i["weight"] * i["score"] for i in have) / sum(i["weight"] for i in have)
    assert dim["score"] == pytest.approx(expected)
    assert dim["weight_available"] < 1


def test_flagship_type_comes_from_fired_rules(flagship):
    fired = {r["code"]: r for r in flagship["reasons"] if r["fired"]}
    assert flagship["type"] == "tacit_alignment"
    assert flagship["rules"] == list(fired)
    patron = fired["tacit_alignment.threat_patron"]["values"]
    assert patron["common_rivals"] >= 1 and patron["patron_support_1"] > 0
    assert not [c for c in fired if c.split(".")[0] in ("alliance", "rivalry")]


def test_few_evidence_rows_cannot_swing_a_score(ws):
    """One negative record is −1/3 after shrinkage, not −1: the balance scores 1/3, not 0."""
    from alignscope.assess.engine import EVIDENCE_PRIOR

    assert pytest.approx(-1 / 3) == (0 - 1) / (0 + 1 + EVIDENCE_PRIOR)
    report = assess(ws, "TWN", "JPN", 2022)
    i4 = next(d for d in report["dimensions"] if d["id"] == "I-4")
    ev = next(i for i in i4["indicators"] if i["name"] == "evidence_I-4")
    assert not ev["missing"] and 0 < ev["score"] < 1  # evidence in the window, not swung to 0
    assert i4["score"] is not None and i4["score"] > 0


def test_zero_arms_transfers_score_zero(ws, flagship):
    """Zero-inflated indicators: no arms either way scores 0, not the mid-rank of the zeros."""
    i1 = next(d for d in flagship["dimensions"] if d["id"] == "I-1")
    arms = next(i for i in i1["indicators"] if i["name"] == "arms_transfers")
    assert arms["raw"] == 0 and arms["score"] == 0.0


def test_checkset_accuracy(ws):
    """Published types of 100+ dyad-years across regions, eras and types (sources in the
    file; tests/data/checkset_README.md). The rules were written from the definitions, not
    from this list. Report the accuracy and keep the floor the issue set (90 %)."""
    hits, misses = 0, []
    for case in CHECKSET["cases"]:
        got = classify(ws, case["states"], case["year"])
        if got["type"] == case["primary"]:
            hits += 1
        else:
            misses.append(
                f"{'-'.join(map(str, case['states']))} {case['year']}: {got['type']} "
                f"(published: {case['primary']})"
            )
    accuracy = hits / len(CHECKSET["cases"])
    print(f"check set: {hits}/{len(CHECKSET['cases'])} = {accuracy:.0%}; misses: {misses}")
    assert len(CHECKSET["cases"]) >= 100
    assert accuracy >= 0.9, misses


def test_groups(ws):
    """Minilateral frameworks in their active years; a dormant one (the Quad 2008–2017)
    does not make its members minilateral."""
    for case in CHECKSET["groups"]:
        got = classify(ws, case["states"], case["year"])["type"]
        if case["primary"] == "not_minilateral":
            assert got != "minilateral", case
        else:
            assert got == case["primary"], case


def test_errors(ws, tmp_path):
    with pytest.raises(UsageError, match="unknown state"):
        assess(ws, "XXX", "JPN", 2011)
    with pytest.raises(UsageError, match="1900"):
        assess(ws, "TWN", "JPN", 1900)
    with pytest.raises(UsageError, match="twice"):
        classify(ws, ["TWN", "台灣"], 2011)
    bad = tmp_path / "dims.toml"
    bad.write_text(
        '[[dimension]]\nid = "X"\nname = "X"\nindicators = [{ name = "nope", '
        'normalise = "binary", direction = "+" }]\n'
    )
    with pytest.raises(UsageError, match="unknown indicator 'nope'"):
        load_dimensions(bad)
    with pytest.raises(UsageError, match="does not exist"):
        load_dimensions(tmp_path / "missing.toml")
