"""Curated evidence flows into the one event table, scored like every other source."""

from __future__ import annotations

from alignscope import Workspace
from alignscope.events.curated import sync_curated


def test_curated_evidence_becomes_events_once():
    with Workspace(":memory:") as ws:
        loaded = sync_curated(ws)
        ev = ws.table("evidence")
        expected = ws.scalar(
            f"select count(*) from {ev} e join {ws.table('cameo_codes')} k on k.code = e.cameo "
            "where e.date_precision = 'day' and k.goldstein is not null "
            "and e.verified_via <> 'unverified'"
        )
        assert loaded == expected > 0
        assert sync_curated(ws) == 0  # same evidence version: nothing to do
        row = ws.rows(
            "select e.source_ccode, e.target_ccode, e.quad_class, e.goldstein, v.cameo, "
            "k.goldstein "
            f"from events e join {ev} v on v.id = e.origin_id "
            f"join {ws.table('cameo_codes')} k on k.code = v.cameo "
            "where e.origin_kind = 'curated' order by e.event_date limit 1"
        )[0]
        src, dst, quad, goldstein, cameo, k_goldstein = row
        assert src != dst and goldstein == k_goldstein
        assert quad == (
            1 if cameo[:2] <= "05" else 2 if cameo[:2] <= "08" else 3 if cameo[:2] <= "13" else 4
        )
        assert (
            ws.scalar(
                "select count(*) from events where origin_kind = 'curated' and citation is null"
            )
            == 0
        )
