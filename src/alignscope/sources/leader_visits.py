"""Leader-level visits where a source has them: US (Office of the Historian) and China (AidData).

USA–X dyads get the trips of the US President and of the Secretary of State to X, and X's
leaders' visits to the USA, within each file's years (an absent year is 0). CHN–X dyads get
AidData's government and military visits for its 39 Asian and Pacific partner-years only
(visits to 2015 in East Asia and the Pacific, to 2017 in South and Central Asia; N/A
stays NULL). Every other dyad is NULL: no source records its visits.
The counts describe the dyad, so both orders of a directed pair carry the same values.
"""

from __future__ import annotations

from ..panel import Panel
from ._common import covered

USA, CHN = 2, 710


def _partner(code: int) -> str:
    """The state paired with `code` in the row (or NULL if the row does not involve it)."""
    return f"(case when p.ccode1 = {code} then p.ccode2 when p.ccode2 = {code} then p.ccode1 end)"


def add_leader_visits(panel: Panel) -> Panel:
    """Add US presidential/secretary trips, leader visits to the US, and China's elite visits."""
    panel.require("add_leader_visits")
    travels, visits = panel.ws.table("us_travels"), panel.ws.table("foreign_leader_visits")
    aid = panel.ws.table("china_public_diplomacy")
    us = f"{USA} in (p.ccode1, p.ccode2)"

    def us_count(dataset: str, expr: str) -> str:
        return f"(case when {us} then {covered(dataset, expr, kind='smallint')} end)"

    sql = f"""
        with trips as (
            select cown, year, count(*) filter (where role = 'president') as president,
                   count(*) filter (where role = 'secretary') as secretary
            from {travels} where cown is not null group by all
        ),
        visits as (select cown, year, count(*) as n from {visits}
                   where cown is not null group by all)
        select p.*,
            {us_count("us_travels", "t.president")} as us_president_visits,
            {us_count("us_travels", "t.secretary")} as us_secretary_visits,
            {us_count("foreign_leader_visits", "v.n")} as leader_visits_to_us,
            a.government_visits::smallint as chn_government_visits,
            a.military_visits::smallint as chn_military_visits
        from {{panel}} p
        left join trips t on t.cown = {_partner(USA)} and t.year = p.year
        left join visits v on v.cown = {_partner(USA)} and v.year = p.year
        left join {aid} a on a.ccode = {_partner(CHN)} and a.year = p.year
    """
    columns = {
        "us_president_visits": "visits of the US President to the other state that year "
        "(USA dyads only, 1866–2024, the first trip abroad being in 1906; else NULL)",
        "us_secretary_visits": "visits of the US Secretary of State to the other state that "
        "year (USA dyads only, 1866–2024; else NULL)",
        "leader_visits_to_us": "visits of the other state's leaders to the USA that year "
        "(USA dyads only, 1874–2024; else NULL)",
        "chn_government_visits": "high-level and provincial visits between China and the "
        "other state, either direction (AidData; China's 39 Asian/Pacific partners, "
        "2000–2017 at most; else NULL)",
        "chn_military_visits": "military visits between China and the other state (AidData; "
        "as chn_government_visits)",
    }
    return panel.extend("leader_visits", sql, columns)
