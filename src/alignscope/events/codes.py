"""Actor countries of event files mapped to COW codes, and who was a state on a given day.

Three outcomes for an actor's country field, each a row (or no row) of a small lookup table
that the loader joins on — the mapping runs over the distinct values of a file, never its rows:

* a **state**: the COW code (`ccode`);
* a **known non-state** (a territory, a region such as CAMEO's `EUR`, Hong Kong,
  the Palestinian territories): `ccode` NULL, so the event is skipped, not quarantined;
* **unknown**: no row, so the event is quarantined with the value in the reason.

GDELT's `Actor1CountryCode`/`Actor2CountryCode` are CAMEO country codes, which are ISO 3166-1
alpha-3 except where listed below; they are mapped through the shipped countrycode
`codelist` (`iso3c` → `cown`). The exceptions come from GDELT's CAMEO country lookup
(`CAMEO.country.txt`, as reproduced in public code, e.g. NewsSearch's `kafka/data_dict.py`):
`ROM` Romania (ISO `ROU`), `TMP` East Timor (`TLS`), `MTN` Montenegro (`MNE`), `IMY` Isle of
Man (`IMN`), `ANT` Netherlands Antilles (withdrawn from ISO), and regional or sub-national codes
that name no state (`AFR` Africa … `WST` the West, `WSB` West Bank, `GZS` Gaza Strip, `BAG`
Baghdad).

ICEWS gives country names; they are resolved like a user's input (`countries.StateIndex`:
COW, countrycode and CLDR names and countrycode's regular expressions) and, failing that,
matched against the regular expressions of countrycode's non-state rows (Hong Kong, Western
Sahara, 'Occupied Palestinian Territory').

Serbia: countrycode gives it no COW code, but the COW State System continues Yugoslavia's
code 345 for Serbia after 2006, so `SRB` and 'Serbia' map to 345.
"""

from __future__ import annotations

import re

from ..countries import COW_CENSOR, state_index
from ..workspace import Workspace

SERBIA = 345
CAMEO_STATES = {"ROM": 360, "TMP": 860, "MTN": 341, "SRB": SERBIA}
CAMEO_NON_STATES = [
    *("AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR"),
    *("LAM", "MEA", "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF"),
    *("WST", "WSB", "GZS", "BAG", "IMY", "ANT"),
]
ICEWS_EXTRA_NAMES = {"serbia": SERBIA}

GDELT_TABLE = "_events_gdelt_countries"
ICEWS_TABLE = "_events_icews_countries"
MEMBERS_TABLE = "_events_state_spells"


def gdelt_countries(ws: Workspace) -> str:
    """Temp table (code, ccode, status) for CAMEO/ISO3 country codes; built once per store."""

    def build() -> str:
        codelist = ws.table("codelist")
        ws.con.execute(
            f"create or replace temp table {GDELT_TABLE} as "
            f"select iso3c as code, cown::integer as ccode from {codelist} "
            f"where iso3c is not null and iso3c not in (select unnest(?::varchar[]))",
            [list(CAMEO_STATES)],
        )
        rows = [(c, k) for c, k in CAMEO_STATES.items()] + [(c, None) for c in CAMEO_NON_STATES]
        ws.con.executemany(f"insert into {GDELT_TABLE} values (?, ?)", rows)
        # Papal States (327) is not today's Vatican; a state is checked against COW spells later.
        return GDELT_TABLE

    return ws.cached("events_gdelt_countries", build)


def _non_state_patterns(ws: Workspace) -> list[re.Pattern[str]]:
    patterns = []
    for (regex,) in ws.rows(
        f'select "country.name.en.regex" from {ws.table("codelist")} '
        'where cown is null and "country.name.en.regex" is not null'
    ):
        try:
            patterns.append(re.compile(regex, re.IGNORECASE))
        except re.error:  # an R-only construct; such a name is then simply unknown
            continue
    return patterns


def icews_countries(ws: Workspace, names: list[str]) -> str:
    """Temp table (code, ccode) for ICEWS country `names`; unknown or ambiguous names are absent."""
    index = state_index(ws)
    non_states = ws.cached("events_non_state_patterns", lambda: _non_state_patterns(ws))
    rows: list[tuple[str, int | None]] = []
    for name in names:  # distinct names of one file (a few hundred at most), not rows
        extra = ICEWS_EXTRA_NAMES.get(name.strip().casefold())
        found = {extra} if extra else index.candidates(name)
        if len(found) == 1:
            rows.append((name, found.pop()))
        elif not found and any(p.search(name) for p in non_states):
            rows.append((name, None))
    ws.con.execute(f"create or replace temp table {ICEWS_TABLE} (code varchar, ccode integer)")
    if rows:
        ws.con.executemany(f"insert into {ICEWS_TABLE} values (?, ?)", rows)
    return ICEWS_TABLE


def state_spells(ws: Workspace) -> str:
    """Temp table (ccode, first_day, last_day) of COW system membership spells.

    The COW State System v2016 ends every ongoing spell on its last day (`COW_CENSOR`,
    2016-12-31); such spells are taken as still running (last_day 9999-12-31), as
    `countries.py` does for panels. Days, not years, so `cow_last_year_sql` does not fit.
    """

    def build() -> str:
        states = ws.table("states_cow")
        ws.con.execute(
            f"create or replace temp table {MEMBERS_TABLE} as select ccode::integer as ccode, "
            "make_date(styear, stmonth, stday) as first_day, "
            f"case when make_date(endyear, endmonth, endday) = date '{COW_CENSOR}' "
            "then date '9999-12-31' else make_date(endyear, endmonth, endday) end as last_day "
            f"from {states}"
        )
        return MEMBERS_TABLE

    return ws.cached("events_state_spells", build)
