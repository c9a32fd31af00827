"""The dyad-year skeleton and the properties every add_* step must keep."""

from __future__ import annotations

import pytest

from alignscope import STEPS, UsageError, add_atop, build_panel


def test_directed_panel_matches_peacesciencer_cow_ddy(ws, directed):
    """Built from membership spells, the panel equals peacesciencer's cow_ddy row for row."""
    ref = ws.table("cow_ddy")
    only_ours = ws.scalar(
        f"select count(*) from (select ccode1, ccode2, year from {directed.view} "
        f"except select ccode1, ccode2, year from {ref})"
    )
    only_ref = ws.scalar(
        f"select count(*) from (select ccode1, ccode2, year from {ref} "
        f"except select ccode1, ccode2, year from {directed.view})"
    )
    assert (only_ours, only_ref) == (0, 0)
    assert directed.count() == 2_214_930


def test_undirected_panel_is_half_the_directed_one(directed, undirected):
    assert undirected.count() * 2 == directed.count()
    lower = undirected.ws.scalar(f"select bool_and(ccode1 < ccode2) from {undirected.view}")
    assert lower


def test_panel_carries_what_it_is(undirected, directed):
    assert (undirected.unit, undirected.directed, undirected.system) == ("dyad-year", False, "cow")
    assert directed.directed is True
    assert set(undirected.columns) == {"ccode1", "ccode2", "year"}


@pytest.mark.parametrize("name", list(STEPS))
@pytest.mark.parametrize("is_directed", [False, True], ids=["undirected", "directed"])
def test_no_step_changes_the_row_count(name, is_directed, directed, undirected):
    panel = directed if is_directed else undirected
    extended = STEPS[name](panel)
    assert extended.count() == panel.count()
    assert set(extended.columns) > set(panel.columns)
    for column in extended.columns:
        assert extended.columns[column], f"column {column} is undocumented"


def test_steps_compose_and_refuse_repeats(ws):
    panel = build_panel(2000, 2001, workspace=ws)
    panel = add_atop(STEPS["trade"](panel))
    assert panel.steps == ("trade", "atop")
    with pytest.raises(UsageError, match="already added"):
        add_atop(panel)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(1700, 1800, "outside"), (2000, 2030, "outside"), (2010, 2000, "after the end year")],
)
def test_bad_years_are_refused(ws, start, end, message):
    with pytest.raises(UsageError, match=message):
        build_panel(start, end, workspace=ws)


def test_unknown_system_is_refused(ws):
    with pytest.raises(UsageError, match="unknown state system"):
        build_panel(2000, 2001, system="un", workspace=ws)


def test_gw_panel_builds_and_cow_steps_refuse_it(ws):
    gw = build_panel(2000, 2000, system="gw", workspace=ws)
    assert gw.count() > 0
    assert "gwcode1" in gw.columns
    with pytest.raises(UsageError, match="needs a COW panel"):
        add_atop(gw)


def test_write_parquet_and_csv_round_trip(ws, tmp_path):
    import pyarrow.parquet as pq

    panel = STEPS["trade"](build_panel(2010, 2010, workspace=ws))
    out = panel.write(tmp_path / "p.parquet")
    assert pq.read_table(out).num_rows == panel.count()
    csv = panel.write(tmp_path / "p.csv")
    assert len(csv.read_text().splitlines()) == panel.count() + 1
    assert [p.name for p in tmp_path.iterdir()] != [] and not list(tmp_path.glob(".*"))
