"""The assessment engine: every dyad of a set of years assessed at once, in DuckDB SQL.

Indicators, their normalisation against all dyads of the same year, the seven dimension
scores, the third state C and patron P (`measures.parties`), the taxonomy's rules with
stable codes, the primary type and secondary labels, and the year each source answered
for — one query plan for all dyads, no Python loop over dyads. The atlas is this table;
`assess` for one dyad reads its row (DESIGN §1), so the two cannot disagree.

A source that ends before a requested year answers with its last year (its *stand-in*
year, kept per source in the row); facts that need a current event (an ongoing MID, a
same-side MID) are never carried forward: they are NULL and the rule is *untested*.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass

from ..catalog import dataset, manifest
from ..curated import evidence_counts_sql, pairs_sql
from ..errors import UsageError
from ..measures.parties import STAND_INS, choose_sql, stand_in
from ..workspace import Workspace
from .dimensions import Dimension, Use
from .frame import build_frame
from .indicators import INDICATORS
from .taxonomy import FACTS, PRIORITY, RULES

ENGINE_VERSION = 6
"""Bump when the engine's SQL changes: stored results are keyed by it and the data."""

EVIDENCE_WINDOW = 5
EVIDENCE_PRIOR = 2
"""Evidence balance = (pos − neg) / (pos + neg + EVIDENCE_PRIOR): a few rows cannot swing a
score from 0 to 100 (one negative row gives −1/3, not −1); shrinks towards neutral."""

RANKED = ("percentile", "rank_nonzero")
_ids = itertools.count()


def col(name: str) -> str:
    """A SQL-safe column stem for a name (`evidence_I-1` → `evidence_i_1`)."""
    return re.sub(r"[^a-z0-9_]", "_", name.lower())


@dataclass(frozen=True)
class Run:
    """An engine result kept in the store: its table and what it was computed for."""

    table: str
    years: tuple[int, ...]
    dims: tuple[Dimension, ...]


def frame_sources(dims: tuple[Dimension, ...]) -> list[str]:
    """Every source a frame indicator or a taxonomy fact reads (each gets a stand-in year)."""
    names = {INDICATORS[u.name].source for d in dims for u in d.uses
             if INDICATORS[u.name].kind == "frame"}
    names |= {src for _, src, _ in FACTS.values()}
    return sorted(n for n in names if dataset(n).years is not None)


def _frame_years(years: tuple[int, ...], sources: list[str]) -> tuple[int, ...]:
    needed = set(years)
    for src in sources:
        lo, hi = dataset(src).years
        needed |= {min(y, hi) for y in years if y >= lo}
    return tuple(sorted(needed))


def run(ws: Workspace, years: tuple[int, ...], dims: tuple[Dimension, ...]) -> Run:
    """Assess every dyad of `years`; kept in a store file keyed by years, dims and data."""
    years = tuple(sorted(set(years)))
    key = repr((ENGINE_VERSION, years, dims, sorted((d.name, d.sha256)
                                                     for d in manifest().values())))
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    name = f"atlas_{digest}"

    def build() -> Run:
        return Run(ws.persist(name, lambda: _build(ws, years, dims)), years, dims)

    return ws.cached(f"engine:{digest}", build)


def dyad_rows(ws: Workspace, lo: int, hi: int, years: tuple[int, ...],
              dims: tuple[Dimension, ...]) -> list[dict]:
    """Engine rows of one dyad over many years (the report's series), without assessing
    every other dyad: the same SQL with the dyad list cut to this dyad. Every value is
    the atlas value — ranks still run over all dyads of each year, and C and P depend only
    on the dyad — so an atlas run already kept for these years is read instead."""
    years = tuple(sorted(set(years)))
    key = repr((ENGINE_VERSION, years, dims, sorted((d.name, d.sha256)
                                                     for d in manifest().values())))
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    if f"engine:{digest}" in ws._cache:  # this workspace already ran every dyad
        return rows_for(ws, lo, hi, years, dims)
    name = f"atlas_{digest}_{int(lo)}_{int(hi)}"
    table = ws.cached(f"engine:{digest}:{lo}:{hi}", lambda: ws.persist(
        name, lambda: _build(ws, years, dims, only=(lo, hi))))
    return _fetch(ws, table, lo, hi)


# ---------------------------------------------------------------- building blocks


def _ranked(expr: str, how: str, counted: str | None = None) -> str:
    """Mid-rank of `expr` among all dyads of the year with a value (module doc).

    percentile: (below + ties/2) / n over every dyad with a value;
    rank_nonzero: 0 for a zero, else the mid-rank among the non-zero values only — zeros
    (no arms, no exercises) do not earn the mid-rank of a mass of zeros.

    `counted`: the stem of columns holding the rank, ties, count and zeros of `expr` already
    counted for the rows at hand (`_dyad_counts`), used in the same formula instead of
    window functions over every dyad of the year.
    """
    rank = f"rank() over (partition by year order by {expr} nulls last)"
    ties = f"count({expr}) over (partition by year, {expr})"
    n = f"count({expr}) over (partition by year)"
    zeros = f"count(*) filter (where {expr} = 0) over (partition by year)"
    if counted is not None:
        rank, ties, n, zeros = (f"{counted}_{part}" for part in ("rank", "ties", "n", "zeros"))
    if how == "percentile":
        return f"(case when {expr} is not null then ({rank} - 1 + 0.5 * {ties}) / {n} end)"
    return (
        f"(case when {expr} = 0 then 0.0 when {expr} is not null then "
        f"({rank} - 1 - {zeros} + 0.5 * {ties}) / nullif({n} - {zeros}, 0) end)"
    )


def _dyad_counts(values: str, dyad: tuple[int, int], columns: list[str]) -> str:
    """The rows of one dyad of `values`, each with, per column c (the i-th), what the rank
    window functions give it among all dyads of its year: k{i}_rank (1 + the rows below,
    NULLs last), k{i}_ties, k{i}_n (rows with a value) and k{i}_zeros.

    One pass of counts over the dyad's years instead of a sort of every year per column:
    the report's 1990–Y series of one dyad ranked every dyad of 22 years (35 s of a fresh
    store's 75 s, issue 13); the counts give the same integers, so the same scores."""
    counts = []
    for i, c in enumerate(columns):
        counts += [
            f"1 + count(*) filter (where a.{c} < d.{c}) as k{i}_rank",
            f"count(*) filter (where a.{c} = d.{c}) as k{i}_ties",
            f"count(a.{c}) as k{i}_n",
            f"count(*) filter (where a.{c} = 0) as k{i}_zeros",
        ]
    mine = f"ccode1 = {int(dyad[0])} and ccode2 = {int(dyad[1])}"
    return f"""(
        select d.*, {", ".join(f"k.k{i}_{part}" for i in range(len(columns))
                               for part in ("rank", "ties", "n", "zeros"))}
        from (select * from {values} where {mine}) d
        join (
            select d.year, {", ".join(counts)}
            from (select * from {values} where {mine}) d
            join {values} a on a.year = d.year
            group by d.year
        ) k on k.year = d.year
    )"""


def _score(use: Use, raw: str, ranked: str | None) -> str:
    """SQL for the 0–1 score of one indicator use (direction applied); NULL when the raw
    value is NULL (DuckDB's least/greatest skip NULLs, so the guard is explicit)."""
    value = {
        "percentile": ranked,
        "rank_nonzero": ranked,
        "binary": f"({raw})::double",
        "share": f"least(greatest(({raw})::double, 0), 1)",
        "cap": f"least(({raw})::double / {use.cap}, 1)",
        "balance": f"((({raw})::double + 1) / 2)",
    }[use.normalise]
    value = value if use.direction == "+" else f"(1 - {value})"
    return f"(case when ({raw}) is not null then {value} end)"


def _evidence_table(ws: Workspace, years: tuple[int, ...]) -> str:
    """(ccode1, ccode2, year, dim, pos, neg) over the evidence window of each year."""
    name = f"_ev_{next(_ids)}"
    ws.con.execute(
        f"create or replace temp table {name} as "
        f"{evidence_counts_sql(ws, years, EVIDENCE_WINDOW)}"
    )
    return name


# ---------------------------------------------------------------- the query


def row_for(
    ws: Workspace,
    lo: int,
    hi: int,
    year: int,
    dims: tuple[Dimension, ...],
    *,
    third: int | None = None,
    patron: int | None = None,
) -> dict:
    """The engine row of dyad (lo, hi) in `year`: a slice of the all-dyads run, or, when the
    user names C or P, the same computation for that dyad with C / P forced."""
    if third is None and patron is None:
        found = rows_for(ws, lo, hi, (year,), dims)
    else:
        table = _build(ws, (year,), dims, only=(lo, hi), third=third, patron=patron)
        found = _fetch(ws, table, lo, hi)
        ws.con.execute(f"drop table {table}")
    if not found:
        raise UsageError(f"no dyad-year ({lo}, {hi}, {year}) in the state system")
    return found[0]


def rows_for(ws: Workspace, lo: int, hi: int, years: tuple[int, ...],
             dims: tuple[Dimension, ...]) -> list[dict]:
    """Engine rows of dyad (lo, hi) for `years` (computed for all dyads, then sliced)."""
    return _fetch(ws, run(ws, years, dims).table, lo, hi)


def _fetch(ws: Workspace, table: str, lo: int, hi: int) -> list[dict]:
    return ws.records(f"select * from {table} where ccode1 = ? and ccode2 = ? order by year",
                      [lo, hi])


def _build(
    ws: Workspace,
    years: tuple[int, ...],
    dims: tuple[Dimension, ...],
    *,
    only: tuple[int, int] | None = None,
    third: int | None = None,
    patron: int | None = None,
) -> str:
    sources = frame_sources(dims)
    frame = build_frame(ws, _frame_years(years, sources))
    uses = [u for d in dims for u in d.uses]
    frame_inds = {u.name: INDICATORS[u.name] for u in uses if INDICATORS[u.name].kind == "frame"}
    ranked = sorted({(u.name, u.normalise) for u in uses if u.normalise in RANKED
                     and INDICATORS[u.name].kind == "frame"})
    tag = next(_ids)

    # 1. the frame with each indicator and fact materialised, and within-year ranks
    norm = f"_norm_{tag}"
    values = [f"({ind.expr}) as v_{col(n)}" for n, ind in frame_inds.items()]
    values += [f"({expr}) as f_{col(n)}" for n, (expr, _, _) in FACTS.items()]
    ws.con.execute(f"""
        create or replace temp table _v_{tag} as
        select ccode1, ccode2, year, trade_share_1, trade_share_2, {", ".join(values)}
        from {frame}
    """)
    to_rank = [(f"v_{col(n)}", how, f"r_{col(n)}_{how}") for n, how in ranked]
    to_rank += [(f"f_{col(n)}", "percentile", f"p_{col(n)}")
                for n in ("igo_joint", "interdependence")]
    if only is None:
        ranks = [f"{_ranked(c, how)} as {out}" for c, how, out in to_rank]
        ws.con.execute(f"""
            create or replace temp table {norm} as
            select *, {", ".join(ranks)} from _v_{tag}
        """)
    else:
        ranks = [f"{_ranked(c, how, f'k{i}')} as {out}" for i, (c, how, out) in enumerate(to_rank)]
        ws.con.execute(f"""
            create or replace temp table {norm} as
            select *, {", ".join(ranks)}
            from {_dyad_counts(f"_v_{tag}", only, [c for c, _, _ in to_rank])}
        """)

    # 2. the requested dyad-years with every source's stand-in year
    listed = ", ".join(str(y) for y in years)
    yrs = f"_yrs_{tag}"
    stand = ", ".join(f"{stand_in(s)} as y_{col(s)}" for s in sources)
    more = ", ".join(f"{stand_in(s)} as {c}" for c, s in STAND_INS.items())
    ws.con.execute(f"""
        create or replace temp table {yrs} as
        select year, {stand}, {more} from (select unnest([{listed}]) as year)
    """)
    dyads = f"_dyads_{tag}"
    ws.con.execute(f"""
        create or replace temp table {dyads} as
        select ccode1, ccode2, year from {frame} where year in ({listed})
        {f"and ccode1 = {int(only[0])} and ccode2 = {int(only[1])}" if only else ""}
    """)

    # 3. C and P for every dyad
    cur = f"_cur_{tag}"
    ws.con.execute(f"create or replace temp table {cur} as {pairs_sql(ws, yrs)}")
    tri = f"_tri_{tag}"
    ws.con.execute(f"create or replace temp table {tri} as "
                   f"{choose_sql(ws, dyads, yrs, frame, cur, third=third, patron=patron)}")

    # 4. curated evidence balances
    ev = _evidence_table(ws, years)

    # 5. assemble: raw values, scores, dimensions, facts, rules, type
    joins = [
        f"left join {norm} n_{col(s)} on n_{col(s)}.ccode1 = d.ccode1 "
        f"and n_{col(s)}.ccode2 = d.ccode2 and n_{col(s)}.year = y.y_{col(s)}"
        for s in sources
    ]
    selects: list[str] = []
    ev_dims = sorted({u.name.removeprefix("evidence_") for u in uses
                      if INDICATORS[u.name].kind == "evidence"})
    for i, dim in enumerate(ev_dims):
        joins.append(f"left join {ev} e{i} on e{i}.ccode1 = d.ccode1 and e{i}.ccode2 = d.ccode2"
                     f" and e{i}.year = d.year and e{i}.dim = '{dim}'")
    raw_of: dict[str, str] = {}
    for name in dict.fromkeys(u.name for u in uses):
        ind = INDICATORS[name]
        if ind.kind == "frame":
            value = f"n_{col(ind.source)}.v_{col(name)}"
            raw_of[name] = value if ind.carry else (
                f"(case when y.y_{col(ind.source)} = d.year then {value} end)")
        elif ind.kind == "triangle":
            raw_of[name] = f"({ind.expr})"
        else:
            i = ev_dims.index(name.removeprefix("evidence_"))
            raw_of[name] = (f"((e{i}.pos - e{i}.neg)::double "
                            f"/ (e{i}.pos + e{i}.neg + {EVIDENCE_PRIOR}))")
        selects.append(f"{raw_of[name]} as raw_{col(name)}")
    dim_cols = []
    for dim in dims:
        terms = []
        for j, use in enumerate(dim.uses):
            ind = INDICATORS[use.name]
            rank = (f"n_{col(ind.source)}.r_{col(use.name)}_{use.normalise}"
                    if use.normalise in RANKED else None)
            score = _score(use, raw_of[use.name], rank)
            c = f"s_{col(dim.id)}_{j}"
            selects.append(f"{score} as {c}")
            terms.append((c, use.weight))
        num = " + ".join(f"coalesce({c} * {w}, 0)" for c, w in terms)
        den = " + ".join(f"(case when {c} is not null then {w} else 0 end)" for c, w in terms)
        cnt = " + ".join(f"({c} is not null)::int" for c, _ in terms)
        dim_cols.append((dim.id, num, den, cnt))
    fact_cols = [
        (f"n_{col(src)}.f_{col(n)}" if carry
         else f"(case when y.y_{col(src)} = d.year then n_{col(src)}.f_{col(n)} end)")
        + f" as fact_{col(n)}"
        for n, (_, src, carry) in FACTS.items()
    ]
    fact_cols += [f"n_{col(FACTS[n][1])}.p_{col(n)} as fact_{col(n)}_pct"
                  for n in ("igo_joint", "interdependence")]
    year_cols = [f"y.y_{col(s)} as year_{col(s)}" for s in sources]
    latest = ", ".join(
        f"case when n_{col(s)}.ccode1 is not null then y.y_{col(s)} end" for s in sources
    )
    base = f"_base_{tag}"
    ws.con.execute(f"""
        create or replace temp table {base} as
        select d.ccode1, d.ccode2, d.year, {", ".join(selects)},
            {", ".join(fact_cols)}, {", ".join(year_cols)},
            greatest({latest}) as latest_source_year,
            t.third, t.third_score, t.third_2, t.third_threat_1, t.third_threat_2,
            t.hub, t.patron, t.patron_score, t.patron_2,
            t.patron_support_1, t.patron_support_2, t.rival_1_c, t.rival_2_c,
            t.mid_years10_1_c, t.mid_years10_2_c, t.share_1_c, t.share_2_c, t.p_rival_c
        from {dyads} d
        join {yrs} y on y.year = d.year
        left join {tri} t on t.ccode1 = d.ccode1 and t.ccode2 = d.ccode2 and t.year = d.year
        {" ".join(joins)}
    """)
    dims_sql = []
    for did, num, den, cnt in dim_cols:
        dims_sql.append(f"100 * ({num}) / nullif({den}, 0) as score_{col(did)}")
        dims_sql.append(f"({cnt}) as n_{col(did)}")
    rule_list = ", ".join(f"case when {r.sql} then '{r.code}' end" for r in RULES)
    name = f"_engine_{tag}"
    ws.con.execute(f"""
        create or replace temp table _scored_{tag} as
        select b.*, {", ".join(dims_sql)},
            list_filter([{rule_list}], lambda x: x is not null) as rules,
            list_filter([case when b.fact_same_side_mids is null
                         then 'coalition.untested' end], lambda x: x is not null) as untested
        from {base} b
    """)
    order = ", ".join(f"'{t}'" for t in PRIORITY)
    any_score = " or ".join(f"score_{col(d.id)} is not null" for d in dims)
    ws.con.execute(f"""
        create or replace temp table {name} as
        select *,
            case when not ({any_score}) then null
                 else coalesce(list_filter([{order}], lambda t: list_contains(fired, t))[1],
                               'non_aligned') end as type,
            case when not ({any_score}) then null
                 else list_filter([{order}], lambda t: list_contains(fired, t))[2:] end as secondary
        from (select *, list_distinct(list_transform(rules, lambda r: split_part(r, '.', 1)))
                        as fired from _scored_{tag})
        order by ccode1, ccode2, year
    """)
    for t in (f"_v_{tag}", norm, base, f"_scored_{tag}", tri, cur, ev, dyads, yrs):
        ws.con.execute(f"drop table if exists {t}")
    return name


def parties_for(ws: Workspace, a: int, b: int, year: int) -> dict:
    """C, P and hub of dyad (a, b) in `year` as the engine chose them (default dimensions)."""
    from .dimensions import load_dimensions

    lo, hi = sorted((a, b))
    return row_for(ws, lo, hi, year, load_dimensions())
