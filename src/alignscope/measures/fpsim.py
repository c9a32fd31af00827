"""Foreign-policy similarity of every dyad-year: alliance portfolios (ATOP) and UN votes.

For each year the portfolios of all COW system members form one matrix ``X`` (a row per
state, a column per item) and :func:`~alignscope.measures.similarity.pairwise_similarity`
scores every pair at once; the pairs' rows are cut from the upper triangle with
``np.triu_indices``.  The only loop runs over years.

**Alliance portfolios** (ATOP v5.1, Leeds et al. 2002; 1816-2018, the years where ATOP and
the COW system overlap).  The items are the system members of the year (the state-year
membership :func:`~alignscope.panel.build_panel` uses), so every state has a complete
portfolio: a tie towards every member, itself included.  Ties are valued on the ordinal
scale of the COW alliance typology that Signorino & Ritter (1999) used for S and Bueno de
Mesquita (1975) for tau-b, mapped from ATOP's obligations by what the partner can expect
in a war:

    3  defence or offence obligation (to fight alongside; COW type I, defence pact)
    2  neutrality or non-aggression only (not to fight against; COW type II)
    1  consultation only (to consult in a crisis; COW type III, entente)
    0  no obligation

so that an ATOP-based S stays comparable with the COW-based scores of that literature.
(Miller's fpsim data preparation orders ATOP differently, consultation above
non-aggression, crediting Chiba et al.; both are judgements about an ordinal scale.)  A
state's tie with itself is 3, the convention since Bueno de Mesquita (1975).  ATOP codes
obligations by direction (the USA's defence obligation to Japan has no Japanese
counterpart), hence two variants:

* ``atop_*`` (default): undirected ties, ``tie(i, k) = max(i -> k, k -> i)``: an alliance
  binds both partners' portfolios as a whole, the usual reading of a portfolio;
* ``atop_dir_*``: directed ties, row ``i`` holds only ``i``'s own obligations towards ``k``.

There are four categories (``n_categories = 4``).  The capability-weighted S variants
(Signorino & Ritter 1999, weighting each item state by its power) weight item ``k`` by its
CINC score that year (COW NMC 7.0), normalised to sum to 1 over the items; a state without
a CINC score gets weight 0.

**UN General Assembly votes** (Voeten's roll calls as prepared for fpsim; 1946-2022, no
recorded votes in 1964).  The items are the year's roll calls; a vote is coded yes 0,
abstain 1, no 2 (abstention lies between the two, so distances are meaningful:
``n_categories = 3``); a state that did not vote or was not a UN member is missing (-1).
The states are all COW system members of the year, so that non-members show up with a
reason instead of vanishing; UN votes by states outside the COW system (India in 1946) are
dropped.  There are no item weights, hence no ``_w`` S variants.

Every measure is NULL where it is undefined, and the ``*_reason`` column says why (NULL
when every measure of the row is defined).  Reasons are checked in this order:

``no_roll_calls``       no recorded votes in the year (1964);
``no_votes_1``, ``no_votes_2``, ``no_votes_both``
                        state 1 (``ccode1``), state 2, or both cast no recorded vote that
                        year (Taiwan after 1971, Switzerland before 2002);
``no_common_votes``     both voted, never on the same roll call;
``constant_portfolios`` both portfolios are constant and identical over the common items:
                        kappa, pi and their weighted forms (and tau-b) are undefined, S is 1;
``constant_portfolio``  one portfolio is constant over the common items (or there is only
                        one): tau-b is undefined;
``zero_weight``         the common items carry no capability weight: the ``_w`` S variants
                        are undefined;
``outside_coverage``    (panels and :func:`similarity_for_dyad` only) the year is outside
                        the source's years; ``not_in_system`` (only
                        :func:`similarity_for_dyad`): a state was not a system member.

References: Bueno de Mesquita, B. (1975), Measuring systemic polarity, JCR 19(2);
Leeds, B. A. et al. (2002), Alliance Treaty Obligations and Provisions, 1815-1944,
International Interactions 28(3); Signorino, C. S. & Ritter, J. M. (1999), Tau-b or not
tau-b, ISQ 43(1); Haege, F. M. (2011), Choice or circumstance?, Political Analysis 19(3);
Voeten, E. (2013), Data and analyses of voting in the UN General Assembly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pyarrow as pa

from ..catalog import coverage as dataset_years
from ..countries import FIRST_YEAR
from ..errors import DataIntegrityError, UsageError
from ..panel import _state_years_sql
from ..workspace import Workspace
from .atop_tie import tie_sql as atop_tie_sql
from .similarity import MEASURES, N_COMMON, WEIGHTED_MEASURES, pairwise_similarity

__all__ = [
    "ATOP_MEASURES",
    "MEASURE_DOCS",
    "REASONS",
    "SOURCES",
    "UNGA_MEASURES",
    "atop_similarity",
    "column_docs",
    "coverage",
    "prefix",
    "similarity_for_dyad",
    "similarity_table",
    "unga_similarity",
]

SOURCES = ("atop", "unga")
ATOP_MEASURES = MEASURES
UNGA_MEASURES = tuple(m for m in MEASURES if m not in WEIGHTED_MEASURES)
ATOP_CATEGORIES, UNGA_CATEGORIES = 4, 3
SELF_TIE = 3

MEASURE_DOCS = {
    "s_abs": "Signorino-Ritter S, absolute distance (-1..1; the plain 'S')",
    "s_sq": "Signorino-Ritter S, squared distance (-1..1)",
    "s_abs_w": "Signorino-Ritter S, absolute distance, items weighted by CINC share (-1..1)",
    "s_sq_w": "Signorino-Ritter S, squared distance, items weighted by CINC share (-1..1)",
    "kappa": "Cohen's kappa, nominal categories (chance-corrected agreement, <= 1)",
    "pi": "Scott's pi, nominal categories (chance-corrected with pooled marginals, <= 1)",
    "kappa_w": "Haege's kappa: Cohen's weighted kappa with quadratic distances (-1..1)",
    "pi_w": "Haege's pi: Scott-style chance-corrected S with quadratic distances (<= 1)",
    "taub": "Kendall's tau-b of the two portfolios (Bueno de Mesquita 1975; -1..1)",
}

#: Reason codes, in the order they are checked; index = code stored per pair.
REASONS = (
    "no_roll_calls",
    "no_votes_both",
    "no_votes_1",
    "no_votes_2",
    "no_common_votes",
    "constant_portfolios",
    "constant_portfolio",
    "zero_weight",
    "undefined",
)
_CHANCE = ("kappa", "pi", "kappa_w", "pi_w")
_TABLES = {"atop": "m_fpsim_atop", "unga": "m_fpsim_unga"}


def coverage(source: str) -> tuple[int, int]:
    """First and last year a source's similarity can be computed (ATOP: from 1816, COW)."""
    if source == "atop":
        lo, hi = dataset_years("atop")
        return max(lo, FIRST_YEAR), hi
    if source == "unga":
        return dataset_years("unga_votes")
    raise UsageError(f"unknown similarity source '{source}'; choose atop or unga")


def prefix(source: str, directed: bool = False) -> str:
    """Column stem: atop_, atop_dir_ (directed portfolios) or unga_."""
    return "atop_dir_" if source == "atop" and directed else f"{source}_"


def column_docs(source: str, measures: Sequence[str], *, directed: bool = False) -> dict:
    """Descriptions of the columns a source contributes (the order they appear in)."""
    what = {
        ("atop", False): "alliance portfolios (ATOP, undirected ties)",
        ("atop", True): "alliance portfolios (ATOP, directed ties: each state's own obligations)",
        ("unga", False): "UN General Assembly votes",
    }[(source, directed)]
    stem = prefix(source, directed)
    docs = {f"{stem}{m}": f"{MEASURE_DOCS[m]} of {what}; NULL when undefined" for m in measures}
    if source == "unga":
        docs["unga_n_common"] = "roll calls on which both states voted (yes, abstain or no)"
    docs[f"{stem}reason"] = (
        f"why a similarity of {what} is NULL (no_votes_1, no_votes_2, no_common_votes, "
        "constant_portfolios, constant_portfolio, outside_coverage, ...); NULL when all "
        "are defined"
    )
    return docs


# ---------------------------------------------------------------- portfolios per year


def _members(ws: Workspace, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    """(year, ccode) of every system member, sorted: the panel's state-year membership."""
    got = ws.con.sql(
        f"select distinct year::int as year, code::int as code from ({_state_years_sql(ws, 'cow')})"
        f" where year between {int(start)} and {int(end)} order by year, code"
    ).fetchnumpy()
    return np.asarray(got["year"]), np.asarray(got["code"])


def _slices(years: np.ndarray, year: int) -> slice:
    """The rows of a year-sorted array that belong to `year`."""
    return slice(*np.searchsorted(years, [year, year + 1]))


def _positions(codes: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each wanted code in the sorted `codes`, and which of them are there."""
    pos = np.searchsorted(codes, wanted).clip(max=max(len(codes) - 1, 0))
    found = codes[pos] == wanted if len(codes) else np.zeros(len(wanted), bool)
    return pos, found


def _atop_portfolios(
    ws: Workspace, start: int, end: int, variants: Sequence[bool]
) -> Iterator[tuple[int, np.ndarray, dict[bool, np.ndarray], np.ndarray]]:
    """Per year: member codes, {directed: X} with valued ties, and the CINC item weights."""
    ties = ws.con.sql(
        f"""select year::int as year, ccode1::int as c1, ccode2::int as c2,
                   ({atop_tie_sql()})::tinyint as tie
            from {ws.table("atop")} where year between {start} and {end} order by year"""
    ).fetchnumpy()
    cinc = ws.con.sql(
        f"select year::int as year, ccode::int as code, cinc::double as cinc "
        f"from {ws.table('capabilities')} where year between {start} and {end} "
        "and cinc is not null order by year"
    ).fetchnumpy()
    m_years, m_codes = _members(ws, start, end)
    for year in range(start, end + 1):
        codes = m_codes[_slices(m_years, year)]
        n = len(codes)
        t = _slices(ties["year"], year)
        p1, f1 = _positions(codes, ties["c1"][t])
        p2, f2 = _positions(codes, ties["c2"][t])
        keep = f1 & f2 & (p1 != p2)
        directed = np.zeros((n, n), np.int8)
        directed[p1[keep], p2[keep]] = ties["tie"][t][keep]
        np.fill_diagonal(directed, SELF_TIE)
        out = {True: directed} if True in variants else {}
        if False in variants:
            out[False] = np.maximum(directed, directed.T)
        c = _slices(cinc["year"], year)
        pos, found = _positions(codes, cinc["code"][c])
        weights = np.zeros(n)
        weights[pos[found]] = cinc["cinc"][c][found]
        total = weights.sum()
        yield year, codes, out, weights / total if total > 0 else weights


def _unga_portfolios(
    ws: Workspace, start: int, end: int
) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """Per year: member codes and X (member x roll call; yes 0, abstain 1, no 2, -1 missing)."""
    votes = ws.con.sql(
        f"""select year::int as year, resid::bigint as resid, ccode::int as code,
                   min(vote)::tinyint as vote, max(vote)::tinyint as vote_max
            from {ws.table("unga_votes")} where year between {start} and {end}
            group by all order by year"""
    ).fetchnumpy()
    clash = votes["vote"] != votes["vote_max"]
    if clash.any():
        i = int(np.argmax(clash))
        raise DataIntegrityError(
            f"unga_votes records two different votes of state {votes['code'][i]} on roll call "
            f"{votes['resid'][i]}; run `alignscope data verify` and reinstall alignscope"
        )
    m_years, m_codes = _members(ws, start, end)
    for year in range(start, end + 1):
        codes = m_codes[_slices(m_years, year)]
        v = _slices(votes["year"], year)
        items, item = np.unique(votes["resid"][v], return_inverse=True)
        pos, found = _positions(codes, votes["code"][v])
        X = np.full((len(codes), len(items)), -1, np.int8)
        X[pos[found], item[found]] = votes["vote"][v][found] - 1
        yield year, codes, X


# ---------------------------------------------------------------- pairs of one year


def _reasons(
    result: dict[str, np.ndarray], measures: Sequence[str], X: np.ndarray, iu, ju
) -> np.ndarray:
    """Reason code per pair (index into REASONS, -1 when every measure is defined)."""

    def any_nan(names: Sequence[str]) -> np.ndarray:
        hit = np.zeros(len(iu), bool)
        for m in names:
            if m in measures:
                hit |= np.isnan(result[m][iu, ju])
        return hit

    answered = (X >= 0).sum(axis=1)
    a1, a2 = answered[iu] == 0, answered[ju] == 0
    n_common = result[N_COMMON][iu, ju]
    conditions = [
        np.full(len(iu), X.shape[1] == 0),
        a1 & a2,
        a1,
        a2,
        n_common == 0,
        any_nan(_CHANCE),
        any_nan(("taub",)),
        any_nan(WEIGHTED_MEASURES),
        np.ones(len(iu), bool),
    ]
    code = np.select(conditions, np.arange(len(REASONS)), default=-1)
    return np.where(any_nan(measures), code, -1).astype(np.int8)


def _year_columns(
    year: int,
    codes: np.ndarray,
    X: np.ndarray,
    measures: Sequence[str],
    stem: str,
    *,
    n_categories: int,
    weights: np.ndarray | None = None,
    n_common: bool = False,
) -> dict[str, np.ndarray]:
    """Columns (as numpy arrays) for every pair of one year's states, ccode1 < ccode2."""
    result = pairwise_similarity(X, measures=measures, n_categories=n_categories, weights=weights)
    iu, ju = np.triu_indices(len(codes), 1)  # codes are sorted, so ccode1 < ccode2
    cols = {
        "ccode1": codes[iu].astype(np.int16),
        "ccode2": codes[ju].astype(np.int16),
        "year": np.full(len(iu), year, np.int16),
    }
    cols.update({f"{stem}{m}": result[m][iu, ju] for m in measures})
    if n_common:
        cols[f"{stem}n_common"] = result[N_COMMON][iu, ju].astype(np.int16)
    cols[f"{stem}reason"] = _reasons(result, measures, X, iu, ju)
    return cols


def _arrow_type(name: str) -> pa.DataType:
    if name in ("ccode1", "ccode2", "year") or name.endswith("n_common"):
        return pa.int16()
    return pa.string() if name.endswith("reason") else pa.float64()


def _to_arrow(parts: list[dict[str, np.ndarray]], names: Sequence[str]) -> pa.Table:
    """Concatenate per-year columns; NaN becomes NULL and reason codes become strings."""
    arrays = {}
    for name in names:
        kind = _arrow_type(name)
        values = np.concatenate([p[name] for p in parts]) if parts else np.array([], np.int8)
        if name.endswith("reason"):
            codes = pa.array(values.astype(np.int8), mask=values < 0, type=pa.int8())
            reasons = pa.DictionaryArray.from_arrays(codes, pa.array(REASONS))
            arrays[name] = reasons.cast(kind)
        elif kind == pa.float64():
            arrays[name] = pa.array(values, mask=np.isnan(values), type=kind)
        else:
            arrays[name] = pa.array(values, type=kind)
    return pa.table(arrays)


def _years(source: str, start: int | None, end: int | None, clip: bool) -> tuple[int, int]:
    """The years to compute; clip=True cuts them to the coverage (maybe to none)."""
    lo, hi = coverage(source)
    start, end = lo if start is None else start, hi if end is None else end
    if start > end:
        raise UsageError(f"the start year {start} is after the end year {end}; swap them")
    if clip:
        return max(start, lo), min(end, hi)
    if start < lo or end > hi:
        label = {"atop": "alliance portfolios (ATOP)", "unga": "UN General Assembly votes"}
        raise UsageError(
            f"{label[source]} cover {lo}–{hi}, so {start}–{end} is outside them; "
            f"choose years between {lo} and {hi}"
        )
    return start, end


def _check_measures(measures: Sequence[str], allowed: Sequence[str], source: str) -> list[str]:
    names = list(dict.fromkeys(measures))
    bad = [m for m in names if m not in allowed]
    if bad:
        raise UsageError(
            f"measure '{bad[0]}' is not available for {source}; choose from {', '.join(allowed)}"
        )
    return names


def atop_similarity(
    ws: Workspace,
    start: int | None = None,
    end: int | None = None,
    *,
    measures: Sequence[str] = ATOP_MEASURES,
    variants: Sequence[bool] = (False,),
    clip: bool = False,
) -> pa.Table:
    """Alliance-portfolio similarity of every pair of system members, by year.

    variants: False = undirected ties (columns ``atop_*``), True = directed ties
    (``atop_dir_*``); both can be asked for at once. Columns: ccode1 < ccode2, year, one
    per measure and variant, and ``*_reason``.
    """
    start, end = _years("atop", start, end, clip)
    measures = _check_measures(measures, ATOP_MEASURES, "alliance portfolios")
    parts, names = [], ["ccode1", "ccode2", "year"]
    for directed in variants:
        stem = prefix("atop", directed)
        names += [f"{stem}{m}" for m in measures] + [f"{stem}reason"]
    for year, codes, portfolios, weights in _atop_portfolios(ws, start, end, variants):
        part: dict[str, np.ndarray] = {}
        for directed in variants:
            part |= _year_columns(
                year,
                codes,
                portfolios[directed],
                measures,
                prefix("atop", directed),
                n_categories=ATOP_CATEGORIES,
                weights=weights,
            )
        parts.append(part)
    return _to_arrow(parts, names)


def unga_similarity(
    ws: Workspace,
    start: int | None = None,
    end: int | None = None,
    *,
    measures: Sequence[str] = UNGA_MEASURES,
    clip: bool = False,
) -> pa.Table:
    """UN-vote similarity of every pair of system members, by year (``unga_*`` columns).

    Columns: ccode1 < ccode2, year, one per measure, ``unga_n_common``, ``unga_reason``;
    `clip` as for :func:`atop_similarity`.
    """
    start, end = _years("unga", start, end, clip)
    measures = _check_measures(measures, UNGA_MEASURES, "UN votes")
    names = ["ccode1", "ccode2", "year", *(f"unga_{m}" for m in measures)]
    names += ["unga_n_common", "unga_reason"]
    parts = [
        _year_columns(
            year, codes, X, measures, "unga_", n_categories=UNGA_CATEGORIES, n_common=True
        )
        for year, codes, X in _unga_portfolios(ws, start, end)
    ]
    return _to_arrow(parts, names)


def similarity_table(ws: Workspace, source: str) -> str:
    """Name of a temp table with every measure for all dyad-years of `source`, built once.

    ATOP's table holds both variants (``atop_*`` and ``atop_dir_*``).
    """

    def build() -> str:
        if source == "atop":
            table = atop_similarity(ws, variants=(False, True))
        elif source == "unga":
            table = unga_similarity(ws)
        else:
            coverage(source)  # raises the usage error
        name = _TABLES[source]
        ws.con.register(f"_{name}_arrow", table)
        try:
            ws.con.execute(f"create or replace temp table {name} as select * from _{name}_arrow")
        finally:
            ws.con.unregister(f"_{name}_arrow")
        return name

    return ws.cached(f"fpsim:{source}", build)


# ---------------------------------------------------------------- one dyad


def _swap_reason(reason: str | None) -> str | None:
    return {"no_votes_1": "no_votes_2", "no_votes_2": "no_votes_1"}.get(reason, reason)


def similarity_for_dyad(
    ws: Workspace, a: int, b: int, year: int, *, directed_portfolios: bool = False
) -> dict:
    """Every similarity measure of states `a` and `b` (COW codes) in `year`, per source.

    Returns ``{"atop": {measure: value or None, ..., "reason", "year_used", "coverage"},
    "unga": {..., "n_common"}}``. A year outside a source's coverage gives None values
    with reason ``outside_coverage`` (no other year is substituted: the caller decides);
    ``no_votes_1``/``no_votes_2`` refer to `a`/`b`. Only `year` is computed, so this is
    fast without building the whole table.
    """
    if a == b:
        raise UsageError(f"both states are COW {a}; name two different states")
    lo_code, hi_code = sorted((int(a), int(b)))
    out = {}
    for source in SOURCES:
        lo, hi = coverage(source)
        measures = ATOP_MEASURES if source == "atop" else UNGA_MEASURES
        entry: dict = {m: None for m in measures}
        if source == "unga":
            entry["n_common"] = None
        else:
            entry["portfolios"] = "directed" if directed_portfolios else "undirected"
        entry.update(reason=None, year_used=None, coverage=[lo, hi])
        out[source] = entry
        if not lo <= year <= hi:
            entry["reason"] = "outside_coverage"
            continue
        if source == "atop":
            table = atop_similarity(ws, year, year, variants=(directed_portfolios,))
        else:
            table = unga_similarity(ws, year, year)
        stem = prefix(source, directed_portfolios)
        ws.con.register("_fpsim_one", table)
        try:
            found = ws.con.sql(
                f"select * from _fpsim_one where ccode1 = {lo_code} and ccode2 = {hi_code}"
            ).to_arrow_table()
        finally:
            ws.con.unregister("_fpsim_one")
        if found.num_rows == 0:
            entry["reason"] = "not_in_system"
            continue
        row = {k[len(stem) :]: v for k, v in found.to_pylist()[0].items() if k.startswith(stem)}
        entry.update(row, year_used=year)
        if a > b:
            entry["reason"] = _swap_reason(entry["reason"])
    return out
