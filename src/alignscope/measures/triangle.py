"""Triangle features: a dyad (A, B), a third state C and a patron P in one year.

State 1 is A and state 2 is B throughout. Every feature is a `Sourced` value: the dataset
it comes from, the year used and the rows read. When the year asked for lies after a
source's end (ATOP 2018, COW trade and MIDs 2014, Thompson–Dreyer rivalries 2010,
Thompson–Sakuwa–Suhas 2020) the source's last covered year stands in, and the value's
`year_used` and `note` say so; nothing is silently carried forward.

Third party C
    ``rival_i_c_tss`` / ``_td``: A–C (B–C) in a strategic rivalry that year, with its types
    (Thompson, Sakuwa & Suhas 2021; Thompson & Dreyer 2012); ``common_rival_tss`` / ``_td``:
    both are. ``trade_share_i_c``: C's share of i's total trade (see `measures.trade`);
    C's leverage over the dyad is the exposure of each side and its asymmetry,
    ``c_exposure_diff = share_1c - share_2c`` (positive: A is the more exposed) and
    ``c_exposure_ratio = share_1c / share_2c``. ``mid_ongoing_i_c``: a COW-MID between i and
    C ongoing that year; ``mid_years10_i_c``: years with an ongoing MID in the ten years
    ending with it (Palmer et al. 2022).

Patron P (ATOP 5.1, directed obligations; Leeds et al. 2002)
    ``p_defence_to_i``: P's defence obligation to i, the patron's commitment whose
    strength trades the client's fear of abandonment against the patron's risk of
    entrapment (Snyder 1984, "The Security Dilemma in Alliance Politics", World Politics
    36(4): 461–95); ``defence_i_to_p``: the reverse; ``alliance_i_p``: any ATOP alliance
    in either direction; ``atop_tie_i_p``: its strength (below); ``shared_patron``: both
    allied with P. The basis for abandonment/entrapment risk is reported, not scored:
    P's commitment to each side (above), P's rivalry with C (``p_rival_c_tss`` / ``_td``:
    a patron in rivalry with C may drag its clients in, or be dragged), and each side's
    alliance with P against its dependence on C (``trade_share_i_p`` and
    ``c_over_p_dependence_i = share_ic / share_ip``: above 1, i trades more with C than
    with its patron).

ATOP tie strength (``atop_tie``), the strongest obligation in either direction: 3 defence
or offence, 2 neutrality or non-aggression, 1 consultation or alliance membership without
a listed obligation, 0 none — the ordinal alliance coding of Signorino & Ritter (1999,
ISQ 43(1): 115–44; 3 defence pact, 2 neutrality/non-aggression, 1 entente) mapped onto
ATOP's obligations.

Suggestions (used when C or P is not given; derived from the data, never fixed)
    C = the member state other than A and B with the largest combined trade dependence of
    A and B on it, ``share_ac + share_bc``, in the last COW trade year not after the year
    asked for (both shares must be known); ties go to the larger CINC score (COW NMC),
    then the lower COW code.
    P = the COW major power that year (spells open at 2016-12-31 run on, as in
    `sources.majors`) other than A, B and C with the largest ``atop_tie_ap + atop_tie_bp``
    in the last ATOP year not after it; ties go to the larger ``share_ap + share_bp``, then
    CINC, then the lower COW code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..countries import cow_last_year_sql, state_index
from ..errors import UsageError
from ..messages import joined
from ..workspace import Workspace
from .atop_tie import tie_level
from .atop_tie import tie_sql as atop_tie_sql
from .provenance import Sourced, records, row_text, source_year
from .trade import TOTALS_SOURCE, TRADE_SOURCE, dyad_rows, dyad_trade, total_rows

TSS, TD, ATOP, MIDS, CAPS, MAJORS = (
    "rivalries_tss",
    "rivalries_td",
    "atop",
    "mids",
    "capabilities",
    "major_powers",
)
TSS_TYPES = ("positional", "spatial", "ideological", "interventionary")
OBLIGATIONS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
MID_WINDOW = 10
"""Years, ending with the year used, over which MID-years are counted."""

THIRD_RULE = (
    "the state that most threatens or pressures the pair: rivalry, MIDs, capability, "
    "contiguity and trade leverage (measures.parties)"
)
PATRON_RULE = (
    "the great power with the strongest backing for A and B: ATOP defence/offence, informal "
    "commitments and designations, US troops, arms supply (measures.parties); none when A or "
    "B is itself the hub"
)


def tie_sql(alias: str) -> str:
    """ATOP tie strength (3/2/1) of one directed row; the row's existence means at least 1."""
    return atop_tie_sql(alias, otherwise=1)


@dataclass(frozen=True)
class Suggestion:
    """A state chosen by a documented rule, with the criterion and the runners-up."""

    ccode: int
    rule: str
    criterion: float
    year_used: int
    candidates: tuple[dict[str, Any], ...]
    note: str | None = None


@dataclass(frozen=True)
class Triangle:
    """The dyad, C and P, how they were chosen, and every feature (`Sourced`)."""

    a: int
    b: int
    year: int
    third: int | None
    patron: int | None
    third_suggestion: Suggestion | None = None
    patron_suggestion: Suggestion | None = None
    features: dict[str, Sourced] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def as_dict(self, ws: Workspace) -> dict[str, Any]:
        code = iso3(ws)

        def party(ccode: int | None, suggestion: Suggestion | None) -> dict[str, Any] | None:
            if ccode is None:
                return None
            out: dict[str, Any] = {"state": code(ccode), "ccode": ccode}
            out["suggested"] = suggestion is not None
            if suggestion is not None:
                out.update(
                    rule=suggestion.rule,
                    criterion=suggestion.criterion,
                    year_used=suggestion.year_used,
                    note=suggestion.note,
                    candidates=[{**c, "state": code(c["ccode"])} for c in suggestion.candidates],
                )
            return out

        return {
            "third": party(self.third, self.third_suggestion),
            "patron": party(self.patron, self.patron_suggestion),
            "features": {k: v.as_dict() for k, v in self.features.items()},
            "notes": list(self.notes),
        }


def iso3(ws: Workspace):
    """A function from COW code to ISO3 (or the COW abbreviation for historical states)."""
    states = state_index(ws).states
    return lambda ccode: states[ccode].code if ccode in states else str(ccode)


# ---------------------------------------------------------------- suggestions


def _pairs(sides: list[int], partners: list[int], year: int) -> str:
    side_list = ", ".join(str(int(s)) for s in sides)
    partner_list = ", ".join(str(int(c)) for c in partners) or "NULL"
    return (
        f"(select s.x as ccode1, c.x as ccode2, {int(year)} as year from "
        f"(select unnest([{side_list}]) as x) s, (select unnest([{partner_list}]) as x) c)"
    )


def _chosen(ws: Workspace, a: int, b: int, year: int) -> dict[str, Any]:
    from ..assess.engine import parties_for  # the engine owns the model's run

    return parties_for(ws, a, b, year)


def suggest_third(ws: Workspace, a: int, b: int, year: int) -> Suggestion | None:
    """The third state of the declared model (`measures.parties`), as the atlas has it."""
    row = _chosen(ws, a, b, year)
    if row["third"] is None:
        return None
    runners = [{"ccode": row["third"], "criterion": row["third_score"]}]
    if row["third_2"] is not None:
        runners.append({"ccode": row["third_2"], "criterion": None})
    return Suggestion(row["third"], THIRD_RULE, row["third_score"], year, tuple(runners))


def suggest_patron(
    ws: Workspace, a: int, b: int, year: int, third: int | None = None
) -> Suggestion | None:
    """The patron of the declared model (`measures.parties`); None when there is none or
    when A or B is itself the hub (the note of `triangle` says which)."""
    row = _chosen(ws, a, b, year)
    if row["patron"] is None:
        return None
    runners = [{"ccode": row["patron"], "criterion": row["patron_score"]}]
    if row["patron_2"] is not None:
        runners.append({"ccode": row["patron_2"], "criterion": None})
    return Suggestion(row["patron"], PATRON_RULE, row["patron_score"], year, tuple(runners))


def majors_sql(ws: Workspace, year: int) -> str:
    """SQL for the COW codes of the major powers in `year` (open spells run to LAST_YEAR)."""
    t = ws.table(MAJORS)
    end = cow_last_year_sql()
    return f"select distinct ccode from {t} where styear <= {int(year)} and {end} >= {int(year)}"


# ---------------------------------------------------------------- features


def _pair_rows(ws: Workspace, name: str, x: int, y: int, cols: str, start: str, end: str):
    lo, hi = min(x, y), max(x, y)
    return records(
        ws,
        f"select {cols}, {start} as start, {end} as end_ from {ws.table(name)} "
        f"where ccode1 = ? and ccode2 = ? order by {start}",
        [lo, hi],
    )


def rivalry(ws: Workspace, x: int, y: int, year: int, name: str) -> Sourced:
    """1 if x and y were strategic rivals in `year` by list `name` (TSS or TD), with types."""
    yu, note = source_year(name, year)
    if name == TSS:
        quoted = ", ".join(f'"{t}"' for t in TSS_TYPES)
        cols = f"tssr_id, rivalry, ccode1, ccode2, {quoted}, principal, aprin"
        rows = _pair_rows(ws, TSS, x, y, cols, "start", '"end"')
    else:
        cols = "rivalryno, rivalryname, ccode1, ccode2, type1, type2, type3"
        rows = _pair_rows(ws, TD, x, y, cols, "styear", "endyear")
    current = [r for r in rows if yu is not None and r["start"] <= yu <= r["end_"]]

    def types(r: dict) -> list[str]:
        if name == TSS:
            return [t for t in TSS_TYPES if r[t] == 1]
        return [t for t in (r["type1"], r["type2"], r["type3"]) if t]

    def text(r: dict, in_force: bool) -> str:
        shown = {k: v for k, v in r.items() if k not in TSS_TYPES}
        if name == TSS:  # the flags, shown as the list of types they mark
            shown = {**shown, "types": ",".join(types(r))}
        shown = {("end" if k == "end_" else k): v for k, v in shown.items()}
        return row_text(name, shown) + ("" if in_force else f" (not in force in {yu})")

    listed = tuple(text(r, r in current) for r in rows) or (
        f"{name}: no rivalry listed for ccode1={min(x, y)} ccode2={max(x, y)}",
    )
    value = None if yu is None else int(bool(current))
    detail = {"types": sorted({t for r in current for t in types(r)})} if current else {}
    return Sourced(value, name, yu, listed, note, detail)


def common(first: Sourced, second: Sourced) -> Sourced:
    """1 if both flags are 1 (NULL if either is unknown): e.g. C is a rival of A and of B."""
    value = None if None in (first.value, second.value) else int(first.value and second.value)
    types = [x.detail.get("types") for x in (first, second)]
    detail = {"types_1": types[0] or [], "types_2": types[1] or []} if any(types) else {}
    rows = tuple(dict.fromkeys(first.rows + second.rows))
    return Sourced(value, first.source, first.year_used, rows, first.note, detail)


def mids(ws: Workspace, x: int, c: int, year: int) -> tuple[Sourced, Sourced]:
    """(MID between x and c ongoing that year, MID-years in the ten years ending with it)."""
    yu, note = source_year(MIDS, year)
    if yu is None:
        empty = Sourced(None, MIDS, None, (), note)
        return empty, empty
    found = records(
        ws,
        f"select dispnum, ccode1, ccode2, year, hostlev from {ws.table(MIDS)} "
        "where ccode1 = ? and ccode2 = ? and year between ? and ? order by year",
        [x, c, yu - MID_WINDOW + 1, yu],
    )
    rows = tuple(row_text(MIDS, r) for r in found)
    this_year = tuple(t for r, t in zip(found, rows, strict=True) if r["year"] == yu)
    none = (f"{MIDS}: no row for ccode1={x} ccode2={c} year={yu} (no MID)",)
    window = f"{yu - MID_WINDOW + 1}–{yu}"
    return (
        Sourced(int(bool(this_year)), MIDS, yu, this_year or none, note),
        Sourced(
            len({r["year"] for r in found}),
            MIDS,
            yu,
            rows or (f"{MIDS}: no row for ccode1={x} ccode2={c} in {window} (no MID)",),
            note,
            {"window": window},
        ),
    )


def atop_row(ws: Workspace, x: int, y: int, year: int) -> tuple[dict | None, str]:
    """ATOP's directed row x -> y in `year` (None if there is none) and its text."""
    found = records(
        ws,
        f"select ccode1, ccode2, year, {', '.join(OBLIGATIONS)} from {ws.table(ATOP)} "
        "where ccode1 = ? and ccode2 = ? and year = ?",
        [x, y, year],
    )
    if not found:
        return None, f"{ATOP}: no row for ccode1={x} ccode2={y} year={year} (no alliance)"
    return found[0], row_text(ATOP, found[0])


def patron_ties(ws: Workspace, side: int, p: int, year: int, i: int) -> dict[str, Sourced]:
    """P's and side i's directed ATOP obligations, any alliance and its tie strength."""
    ay, note = source_year(ATOP, year)
    if ay is None:
        keys = (f"p_defence_to_{i}", f"defence_{i}_to_p", f"alliance_{i}_p", f"atop_tie_{i}_p")
        return {k: Sourced(None, ATOP, None, (), note) for k in keys}
    p_to_s, p_text = atop_row(ws, p, side, ay)
    s_to_p, s_text = atop_row(ws, side, p, ay)
    rows = (p_text, s_text)
    tie = max(
        (tie_level(r) for r in (p_to_s, s_to_p) if r is not None),
        default=0,
    )
    return {
        f"p_defence_to_{i}": Sourced(
            int(bool(p_to_s and p_to_s["atop_defense"])), ATOP, ay, (p_text,), note
        ),
        f"defence_{i}_to_p": Sourced(
            int(bool(s_to_p and s_to_p["atop_defense"])), ATOP, ay, (s_text,), note
        ),
        f"alliance_{i}_p": Sourced(
            int(p_to_s is not None or s_to_p is not None), ATOP, ay, rows, note
        ),
        f"atop_tie_{i}_p": Sourced(tie, ATOP, ay, rows, note),
    }


def trade_share(ws: Workspace, side: int, partner: int, year: int) -> Sourced:
    """The partner's share of `side`'s total trade, from the last COW trade year not after."""
    source = f"{TRADE_SOURCE}+{TOTALS_SOURCE}"
    ty, note = source_year(TRADE_SOURCE, year)
    if ty is None:
        return Sourced(None, source, None, (), note)
    value = dyad_trade(ws, side, partner, ty)["trade_share_1"]
    rows = dyad_rows(ws, side, partner, ty) + total_rows(ws, side, ty)
    return Sourced(value, source, ty, rows, note)


def ratio(num: Sourced, den: Sourced, *, diff: bool = False) -> Sourced:
    """num - den (diff) or num / den, NULL when either is unknown or the divisor is 0."""
    if None in (num.value, den.value) or (not diff and den.value == 0):
        value = None
    else:
        value = num.value - den.value if diff else num.value / den.value
    note = joined(num.note, den.note)
    return Sourced(
        value, num.source, num.year_used, tuple(dict.fromkeys(num.rows + den.rows)), note
    )


# ---------------------------------------------------------------- the triangle


def triangle(
    ws: Workspace,
    a: int,
    b: int,
    year: int,
    *,
    third: int | None = None,
    patron: int | None = None,
    suggest: bool = True,
) -> Triangle:
    """Every triangle feature of dyad (a, b) with C = `third` and P = `patron` in `year`.

    C and P come from the declared model (`measures.parties`) when not given and `suggest`
    is true; with `suggest` false, None means none (the engine already chose).
    """
    if a == b:
        raise UsageError(f"both states are COW {a}; name two different states")
    if third is not None and third in (a, b):
        raise UsageError("the third state must differ from both states of the dyad")
    if patron is not None and patron in (a, b, third):
        raise UsageError("the patron must differ from both states of the dyad and the third")
    notes: list[str] = []
    third_s = suggest_third(ws, a, b, year) if third is None and suggest else None
    c = third if third is not None else (third_s.ccode if third_s else None)
    if c is None:
        notes.append("no third state: none threatens either side; pass one with --third")
    patron_s = suggest_patron(ws, a, b, year, c) if patron is None and suggest else None
    p = patron if patron is not None else (patron_s.ccode if patron_s else None)
    if p is None:
        notes.append("no outside patron: no great power backs them, or one of them is the "
                     "hub; pass one with --patron")
    features: dict[str, Sourced] = {}
    if c is not None:
        features.update(third_features(ws, a, b, c, year))
    if p is not None:
        features.update(patron_features(ws, a, b, p, year))
        if c is not None:
            features["p_rival_c_tss"] = rivalry(ws, p, c, year, TSS)
            features["p_rival_c_td"] = rivalry(ws, p, c, year, TD)
            for i in (1, 2):
                features[f"c_over_p_dependence_{i}"] = ratio(
                    features[f"trade_share_{i}_c"], features[f"trade_share_{i}_p"]
                )
    return Triangle(a, b, year, c, p, third_s, patron_s, features, tuple(notes))


def third_features(ws: Workspace, a: int, b: int, c: int, year: int) -> dict[str, Sourced]:
    out: dict[str, Sourced] = {}
    for name, tag in ((TSS, "tss"), (TD, "td")):
        first, second = rivalry(ws, a, c, year, name), rivalry(ws, b, c, year, name)
        out[f"rival_1_c_{tag}"], out[f"rival_2_c_{tag}"] = first, second
        out[f"common_rival_{tag}"] = common(first, second)
    s1, s2 = trade_share(ws, a, c, year), trade_share(ws, b, c, year)
    out["trade_share_1_c"], out["trade_share_2_c"] = s1, s2
    out["c_exposure_diff"] = ratio(s1, s2, diff=True)
    out["c_exposure_ratio"] = ratio(s1, s2)
    for i, side in ((1, a), (2, b)):
        out[f"mid_ongoing_{i}_c"], out[f"mid_years10_{i}_c"] = mids(ws, side, c, year)
    return out


def patron_features(ws: Workspace, a: int, b: int, p: int, year: int) -> dict[str, Sourced]:
    out: dict[str, Sourced] = {}
    for i, side in ((1, a), (2, b)):
        out.update(patron_ties(ws, side, p, year, i))
        out[f"trade_share_{i}_p"] = trade_share(ws, side, p, year)
    out["shared_patron"] = common(out["alliance_1_p"], out["alliance_2_p"])
    return out
