"""Shared fixtures: one in-memory store and the full panels, built once per test session."""

from __future__ import annotations

import pytest

from alignscope import Workspace, build_panel


@pytest.fixture(scope="session")
def ws():
    with Workspace(":memory:") as workspace:
        yield workspace


@pytest.fixture(scope="session")
def undirected(ws):
    return build_panel(1816, 2024, workspace=ws)


@pytest.fixture(scope="session")
def directed(ws):
    return build_panel(1816, 2024, directed=True, workspace=ws)


def rows(panel, a: int, b: int, year: int | None = None) -> list[dict]:
    """The panel's row(s) for ccode1 = a, ccode2 = b (and one year), as dicts."""
    where = f"ccode1 = {a} and ccode2 = {b}" + (f" and year = {year}" if year else "")
    return (
        panel.ws.con.sql(f"select * from {panel.view} where {where} order by year")
        .to_arrow_table()
        .to_pylist()
    )


def one(panel, a: int, b: int, year: int) -> dict:
    found = rows(panel, a, b, year)
    assert len(found) == 1, f"expected one row for {a}-{b} {year}, got {len(found)}"
    return found[0]
