"""The measured inputs of the options model, each with its source, year used and rows.

A is state 1 and B state 2 of the triangle (`measures.triangle`), C the third party and P
the patron. Every input is a `Sourced` value; `measured()` turns them into the plain
numbers the model takes, and says in a note which missing input was set to its neutral
value (the value under which that input has no effect, e.g. no dependence on C).

Inputs (all 0–1 unless stated)
    cap_x           CINC of A, B, C, P (COW NMC; Singer, Bremer & Stuckey 1972).
    share_ac/bc     C's share of A's (B's) total trade: dependence on C (Hirschman 1945;
                    Barbieri 1996), from `measures.trade`.
    share_ca/cb     A's (B's) share of C's trade: what coercion costs C itself.
    share_pc/cp     P's dependence on C and C's on P.
    share_ab/ba     B's share of A's trade and A's share of B's.
    hostility_xc    A's, B's, P's hostility with C: 1 in a strategic rivalry (Thompson,
                    Sakuwa & Suhas 2021; Thompson & Dreyer 2012 where TSS is silent), else
                    the share of the last ten years with an ongoing MID (COW-MID 5).
    commit_pa/pb    P's commitment to A (B): 1 an ATOP defence obligation of P, 0.5 an
                    informal commitment (curated agreements, e.g. the Taiwan Relations Act),
                    0.25 another ATOP alliance, 0 none — the scale of the assessment's
                    `patron_commitment` indicator (Snyder 1984).
    bind_ap/bp      A's (B's) obligation to P: 1 an ATOP defence obligation to P, 0.25
                    another ATOP alliance with P, 0 none (ATOP is directed: Leeds et al. 2002).
    similarity_xy   1 − |polyarchy_x − polyarchy_y| (V-Dem): similar regimes ally more
                    readily and keep their commitments (Lai & Reiter 2000, JCR 44(2);
                    Gaubatz 1996, IO 50(1)).
    isolation_a/b   1 − (the state's mean joint IGO memberships with all other states) /
                    (the median of that mean over all states), floored at 0 (COW IGO 3):
                    how little international space the state has.
    depth           the level the dyad has already reached: 2 an ATOP defence obligation
                    between A and B or a standing framework (dialogue, security declaration,
                    partnership or pact) with A, B and P all parties; 1 an A–B strategic
                    partnership, security declaration, dialogue or defence-cooperation
                    instrument (curated agreements); 0 none. Reported for reference (it
                    is not passed to the model): the options start from `rung`.
    rung            the rung of the dyad's current type on the alignment ladder
                    (`ladder`; the type from assess.classify or given by the caller).
    framework       1 a standing A–B–P framework instrument (dialogue, security
                    declaration, partnership or pact) in force, 0 none (curated agreements).
    functional      share of the five kinds of functional instrument (investment, FTA,
                    open skies, fisheries, MOU; curated agreements, FTAs also from DESTA)
                    A and B have signed: how much of functional cooperation is done.
    trend           change in A–B net cooperation (ingested events, both directions):
                    the year's value minus the mean of the three years before, clipped to
                    −1..1; neutral 0 when the store holds no such events.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ...curated import agreements_between
from ...measures.parties import FORMAL_SUPPORT, INFORMAL_SUPPORT
from ...measures.provenance import Sourced, records, row_text, source_year
from ...measures.triangle import ATOP, MIDS, TSS, Triangle, mids, trade_share
from ...messages import Message, joined
from ...workspace import Workspace
from ..frame import INSTRUMENT_GROUPS

CAPS, DEMOCRACY, IGO, AGREEMENTS, DESTA = (
    "capabilities",
    "democracy",
    "igo_dyadic",
    "agreements",
    "desta",
)
PARTNERSHIP_KINDS = (
    "strategic_partnership",
    "security_declaration",
    "dialogue",
    "defence_cooperation",
)
FRAMEWORK_KINDS = ("dialogue", "security_declaration", "strategic_partnership", "defence_pact")
FUNCTIONAL_KINDS = INSTRUMENT_GROUPS["economic_instruments"]
TREND_WINDOW = 3
EVENTS = "events"
INPUT_LABELS = {
    "cap_a": "CINC of A",
    "cap_b": "CINC of B",
    "cap_c": "CINC of C",
    "cap_p": "CINC of P",
    "share_ac": "C's share of A's trade",
    "share_bc": "C's share of B's trade",
    "share_ca": "A's share of C's trade",
    "share_cb": "B's share of C's trade",
    "share_pc": "C's share of P's trade",
    "share_cp": "P's share of C's trade",
    "share_ab": "B's share of A's trade",
    "share_ba": "A's share of B's trade",
    "hostility_ac": "A's hostility with C",
    "hostility_bc": "B's hostility with C",
    "hostility_pc": "P's hostility with C",
    "commit_pa": "P's commitment to A",
    "commit_pb": "P's commitment to B",
    "bind_ap": "A's obligation to P",
    "bind_bp": "B's obligation to P",
    "similarity_ab": "regime similarity A–B",
    "similarity_ap": "regime similarity A–P",
    "similarity_bp": "regime similarity B–P",
    "isolation_a": "A's isolation (IGOs)",
    "isolation_b": "B's isolation (IGOs)",
    "depth": "level already reached (0–2)",
    "rung": "rung of the current type on the ladder",
    "framework": "framework with P in force",
    "functional": "functional agreements done",
    "trend": "A–B cooperation trend",
}
"""Short English labels (msgids for the reports)."""


@dataclass(frozen=True)
class Measured:
    """The numbers the model takes (floats; numpy arrays of one length also work)."""

    cap_a: Any
    cap_b: Any
    cap_c: Any
    cap_p: Any
    share_ac: Any
    share_bc: Any
    share_ca: Any
    share_cb: Any
    share_pc: Any
    share_cp: Any
    share_ab: Any
    share_ba: Any
    hostility_ac: Any
    hostility_bc: Any
    hostility_pc: Any
    commit_pa: Any
    commit_pb: Any
    bind_ap: Any
    bind_bp: Any
    similarity_ab: Any
    similarity_ap: Any
    similarity_bp: Any
    isolation_a: Any
    isolation_b: Any
    rung: Any
    framework: Any
    functional: Any
    trend: Any


NEUTRAL = {f.name: 0.0 for f in fields(Measured)} | {
    "similarity_ab": 1.0,
    "similarity_ap": 1.0,
    "similarity_bp": 1.0,
}
"""Value used when an input is missing: the one under which it has no effect."""
REFERENCE = ("depth",)
"""Gathered and reported, not used by the model: the instruments-based level (0–2) is
shown beside the rung of the current type, which is where the options start."""
REQUIRED = ("cap_a", "cap_b", "cap_c", "cap_p")
"""Inputs without a neutral value: the capability balance is the model's scale."""


def _sql_rows(ws: Workspace, name: str, sql: str, params: list) -> list[dict[str, Any]]:
    return records(ws, sql.format(t=ws.table(name)), params)


def capability(ws: Workspace, ccode: int, year: int) -> Sourced:
    yu, note = source_year(CAPS, year)
    found = _sql_rows(
        ws, CAPS, "select ccode, year, cinc from {t} where ccode = ? and year = ?", [ccode, yu]
    )
    value = found[0]["cinc"] if found else None
    rows = tuple(row_text(CAPS, r) for r in found) or (f"{CAPS}: no row for ccode={ccode}",)
    return Sourced(value, CAPS, yu, rows, note or (None if value is not None else "no CINC"))


def hostility(rival_tss: Sourced, rival_td: Sourced, mid_years: Sourced) -> Sourced:
    """1 in a strategic rivalry (TSS, else TD), else the share of ten years with a MID."""
    rival = rival_tss if rival_tss.value is not None else rival_td
    if rival.value is None and mid_years.value is None:
        return Sourced(None, f"{TSS}+{MIDS}", None, (), "no rivalry or MID data that year")
    value = max(float(rival.value or 0), min(mid_years.value or 0, 10) / 10)
    rows = tuple(dict.fromkeys(rival.rows + mid_years.rows))
    notes = joined(rival.note, mid_years.note)
    year_used = rival.year_used or mid_years.year_used
    return Sourced(value, f"{rival.source}+{MIDS}", year_used, rows, notes)


def _informal(ws: Workspace, patron: int, side: int, year: int) -> list[dict[str, Any]]:
    return agreements_between(ws, [patron, side], columns=("id", "date_signed", "kind"),
                              kind="informal_commitment", until=year)


ANY_ALLIANCE = 0.25
"""P's commitment to a side it has an ATOP alliance of another kind with (neutrality,
non-aggression, consultation): below an informal commitment (`parties.INFORMAL_SUPPORT`)."""


def commitment(ws: Workspace, tri: Triangle, i: int, side: int) -> Sourced:
    """P's commitment to side i on the 1 / 0.5 / 0.25 / 0 scale (module docstring)."""
    formal, anyone = tri.features[f"p_defence_to_{i}"], tri.features[f"alliance_{i}_p"]
    informal = _informal(ws, tri.patron, side, tri.year)
    rows = anyone.rows + tuple(
        f"{AGREEMENTS} id={r['id']} date_signed={r['date_signed']} kind={r['kind']}"
        for r in informal
    )
    if formal.value is None and not informal:
        return Sourced(None, f"{ATOP}+{AGREEMENTS}", None, rows, formal.note)
    value = max(float(formal.value or 0) * FORMAL_SUPPORT, INFORMAL_SUPPORT if informal else 0.0,
                ANY_ALLIANCE if anyone.value else 0.0)
    return Sourced(value, f"{ATOP}+{AGREEMENTS}", formal.year_used, rows, formal.note)


def binding(tri: Triangle, i: int) -> Sourced:
    """Side i's obligation to P: 1 defence, 0.25 another alliance, 0 none (ATOP)."""
    own, anyone = tri.features[f"defence_{i}_to_p"], tri.features[f"alliance_{i}_p"]
    if own.value is None:
        return Sourced(None, ATOP, None, own.rows, own.note)
    value = max(float(own.value), 0.25 if anyone.value else 0.0)
    return Sourced(value, ATOP, own.year_used, anyone.rows, own.note)


def similarity(ws: Workspace, x: int, y: int, year: int) -> Sourced:
    """1 − |polyarchy_x − polyarchy_y| (V-Dem electoral democracy index)."""
    yu, note = source_year(DEMOCRACY, year)
    found = _sql_rows(
        ws,
        DEMOCRACY,
        "select ccode, year, v2x_polyarchy from {t} where ccode in (?, ?) and year = ? "
        "order by ccode",
        [x, y, yu],
    )
    scores = {r["ccode"]: r["v2x_polyarchy"] for r in found}
    rows = tuple(row_text(DEMOCRACY, r) for r in found)
    if scores.get(x) is None or scores.get(y) is None:
        return Sourced(None, DEMOCRACY, yu, rows, note or "a polyarchy score is missing")
    return Sourced(1 - abs(scores[x] - scores[y]), DEMOCRACY, yu, rows, note)


def isolation(ws: Workspace, ccode: int, year: int) -> Sourced:
    """1 − (mean joint IGO memberships of the state) / (median of that over states)."""
    yu, note = source_year(IGO, year)
    if yu is None:
        return Sourced(None, IGO, None, (), note)
    found = _sql_rows(
        ws,
        IGO,
        """
        with per_state as (
            select c, avg(n) as embedded from (
                select ccode1 as c, dyadigos as n from {t} where year = ?
                union all select ccode2, dyadigos from {t} where year = ?) group by c)
        select (select embedded from per_state where c = ?) as embedded,
               median(embedded) as median, count(*) as states from per_state
        """,
        [yu, yu, ccode],
    )[0]
    rows = (
        f"{IGO} year={yu} ccode={ccode}: mean joint IGOs {found['embedded'] or 0:.2f} "
        f"against the median state's {found['median'] or 0:.2f} ({found['states']} states)",
    )
    if found["embedded"] is None or not found["median"]:
        return Sourced(None, IGO, yu, rows, note or "no IGO rows for the state")
    return Sourced(max(0.0, 1 - found["embedded"] / found["median"]), IGO, yu, rows, note)


def _pair_instruments(ws: Workspace, states: list[int], year: int) -> list[dict[str, Any]]:
    return agreements_between(ws, states, columns=("id", "date_signed", "kind"), until=year)


def _desta(ws: Workspace, a: int, b: int, year: int) -> tuple[int | None, list[str]]:
    yu, _ = source_year(DESTA, year)
    if yu is None:
        return None, []
    codes = ws.table("codelist")
    found = _sql_rows(
        ws,
        DESTA,
        f"""select distinct d.number, d.name, d.year from {{t}} d
            join {codes} c1 on c1.iso3n = d.iso1 join {codes} c2 on c2.iso3n = d.iso2
            where d.entry_type <> 'consolidated' and d.year <= ?
              and least(c1.cown, c2.cown) = ? and greatest(c1.cown, c2.cown) = ?
            order by d.year, d.number""",
        [yu, min(a, b), max(a, b)],
    )
    return yu, [f"{DESTA} number={r['number']} year={r['year']} name={r['name']!r}" for r in found]


def _ab_defence(ws: Workspace, a: int, b: int, year: int) -> tuple[int | None, list[str]]:
    yu, _ = source_year(ATOP, year)
    if yu is None:
        return None, []
    found = _sql_rows(
        ws,
        ATOP,
        "select ccode1, ccode2, year, atop_defense from {t} where year = ? and atop_defense = 1 "
        "and ((ccode1 = ? and ccode2 = ?) or (ccode1 = ? and ccode2 = ?))",
        [yu, a, b, b, a],
    )
    return yu, [row_text(ATOP, r) for r in found]


def depth(ws: Workspace, a: int, b: int, p: int, year: int) -> Sourced:
    """The level the dyad has reached already: 2, 1 or 0 (module docstring)."""
    pair = _pair_instruments(ws, [a, b], year)
    framework = [r for r in _pair_instruments(ws, [a, b, p], year) if r["kind"] in FRAMEWORK_KINDS]
    partnership = [r for r in pair if r["kind"] in PARTNERSHIP_KINDS]
    atop_year, pact = _ab_defence(ws, a, b, year)
    value = 2 if (framework or pact) else 1 if partnership else 0
    rows = tuple(pact) + tuple(
        f"{AGREEMENTS} id={r['id']} date_signed={r['date_signed']} kind={r['kind']}"
        for r in framework + partnership
    ) or (f"{AGREEMENTS}: no A–B partnership-level or A–B–P framework instrument by {year}",)
    note = (None if atop_year == year
            else Message("ATOP {atop} stands in for {year}", atop=atop_year, year=year))
    return Sourced(value, f"{AGREEMENTS}+{ATOP}", year, rows, note)


def framework(ws: Workspace, a: int, b: int, p: int, year: int) -> Sourced:
    """1 when a standing A–B–P framework instrument (dialogue, declaration, partnership,
    pact) is in force by `year`, else 0: the trilateral step is then already taken."""
    found = [r for r in _pair_instruments(ws, [a, b, p], year) if r["kind"] in FRAMEWORK_KINDS]
    rows = tuple(
        f"{AGREEMENTS} id={r['id']} date_signed={r['date_signed']} kind={r['kind']}" for r in found
    ) or (f"{AGREEMENTS}: no A–B–P framework instrument by {year}",)
    return Sourced(1 if found else 0, AGREEMENTS, year, rows)


def rung(ladder_rung: int, current_type: str, how: str) -> Sourced:
    """The rung of the dyad's current type on the ladder (the options' starting point)."""
    row = f"alignment type {current_type} ({how}) stands on rung {ladder_rung}"
    return Sourced(ladder_rung, "classification", None, (row,))


def functional(ws: Workspace, a: int, b: int, year: int) -> Sourced:
    """Share of the five functional instrument kinds A and B have signed by `year`."""
    pair = [r for r in _pair_instruments(ws, [a, b], year) if r["kind"] in FUNCTIONAL_KINDS]
    kinds = {r["kind"] for r in pair}
    _, desta = _desta(ws, a, b, year)
    if desta:
        kinds.add("fta")
    rows = tuple(
        f"{AGREEMENTS} id={r['id']} date_signed={r['date_signed']} kind={r['kind']}" for r in pair
    ) + tuple(desta)
    detail = {"kinds": sorted(kinds), "of": list(FUNCTIONAL_KINDS)}
    return Sourced(
        len(kinds) / len(FUNCTIONAL_KINDS), f"{AGREEMENTS}+{DESTA}", year, rows, None, detail
    )


def _has_events(ws: Workspace) -> bool:
    return bool(ws.scalar("select count(*) from duckdb_tables() where table_name = 'events'"))


def trend(ws: Workspace, a: int, b: int, year: int) -> Sourced:
    """Change in A–B net cooperation: the year minus the mean of the three years before."""
    if not _has_events(ws):
        return Sourced(None, EVENTS, None, (), "no events ingested in this store")
    found = records(
        ws,
        """select year(event_date) as year, count(*) as events,
                  (count(*) filter (where quad_class in (1, 2))
                   - count(*) filter (where quad_class in (3, 4))) / count(*) as net
           from events where ((source_ccode = ? and target_ccode = ?)
                           or (source_ccode = ? and target_ccode = ?))
             and year(event_date) between ? and ? group by 1 order by 1""",
        [a, b, b, a, year - TREND_WINDOW, year],
    )
    rows = tuple(
        f"events year={r['year']} events={r['events']} net_cooperation={r['net']:.3f}"
        for r in found
    )
    now = [r["net"] for r in found if r["year"] == year]
    before = [r["net"] for r in found if r["year"] < year]
    if not now or not before:
        return Sourced(None, EVENTS, None, rows,
                       Message("no A–B events in {year} or the 3 years before", year=year))
    value = max(-1.0, min(1.0, now[0] - sum(before) / len(before)))
    return Sourced(value, EVENTS, year, rows)


def gather(ws: Workspace, tri: Triangle) -> dict[str, Sourced]:
    """Every measured input of the model for the triangle's dyad, C, P and year."""
    a, b, c, p, year = tri.a, tri.b, tri.third, tri.patron, tri.year
    f = tri.features
    pc_mid = mids(ws, p, c, year)[1]
    ab, ba = trade_share(ws, a, b, year), trade_share(ws, b, a, year)
    return {
        "cap_a": capability(ws, a, year),
        "cap_b": capability(ws, b, year),
        "cap_c": capability(ws, c, year),
        "cap_p": capability(ws, p, year),
        "share_ac": f["trade_share_1_c"],
        "share_bc": f["trade_share_2_c"],
        "share_ca": trade_share(ws, c, a, year),
        "share_cb": trade_share(ws, c, b, year),
        "share_pc": trade_share(ws, p, c, year),
        "share_cp": trade_share(ws, c, p, year),
        "share_ab": ab,
        "share_ba": ba,
        "hostility_ac": hostility(f["rival_1_c_tss"], f["rival_1_c_td"], f["mid_years10_1_c"]),
        "hostility_bc": hostility(f["rival_2_c_tss"], f["rival_2_c_td"], f["mid_years10_2_c"]),
        "hostility_pc": hostility(f["p_rival_c_tss"], f["p_rival_c_td"], pc_mid),
        "commit_pa": commitment(ws, tri, 1, a),
        "commit_pb": commitment(ws, tri, 2, b),
        "bind_ap": binding(tri, 1),
        "bind_bp": binding(tri, 2),
        "similarity_ab": similarity(ws, a, b, year),
        "similarity_ap": similarity(ws, a, p, year),
        "similarity_bp": similarity(ws, b, p, year),
        "isolation_a": isolation(ws, a, year),
        "isolation_b": isolation(ws, b, year),
        "depth": depth(ws, a, b, p, year),
        "framework": framework(ws, a, b, p, year),
        "functional": functional(ws, a, b, year),
        "trend": trend(ws, a, b, year),
    }


def measured(found: dict[str, Sourced]) -> tuple[Measured, list[str]]:
    """The model's numbers, and the names of inputs set to their neutral value. Inputs
    kept for reference only (`REFERENCE`) are not passed to the model."""
    missing = [k for k, v in found.items() if v.value is None]
    values = {k: NEUTRAL[k] if v.value is None else float(v.value) for k, v in found.items()}
    return Measured(**{k: v for k, v in values.items() if k not in REFERENCE}), missing
