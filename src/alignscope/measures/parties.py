"""The third state C and the patron P of every dyad in a set of years, as one SQL model.

C is the state that most threatens or pressures the pair; P the great power that backs at
least one of them. Both are a declared model over data, computed for all dyads at once
(the atlas) and read for one dyad by `assess`, so the two can never disagree.

Threat (Walt 1987, *The Origins of Alliances*: aggregate power, proximity and aggressive
intentions) of a candidate c to a side x, in the stand-in year of each source:

    intent(x, c) = 2·[strategic rivals, TSS or TD] + min(MID-years in the 10 years ending
                   with the year, 5) / 5 + 2·[c uses force against x that very year]
                   + 1·[and that force is war, hostility level 5]              (0 … 6)
                   (a MID-year counts by c's own hostility towards x: 1 for its use of
                   force, hostility level 4–5; 0.5 for threats or displays, 2–3; 0.1 for
                   none — a target of the pair's own action is not a threat to it)
    threat(x, c) = intent · (0.5 + c's share of the pair's capabilities, CINC)
                          · (0.75 + 0.25·[directly contiguous, COW])

Only states with intent > 0 towards A or B are candidates, so a state that neither A nor B
has fought or competed with is never C. Leverage (Hirschman 1945; Drezner 1999) adds twice
c's share of each side's trade; a *common* threat counts its weaker half again:

    score(c) = threat(A, c) + threat(B, c) + min(threat(A, c), threat(B, c))
               + 2·(share_A(c) + share_B(c))

C is the highest score (ties: larger CINC, lower COW code); none when no state qualifies.

Support of a great power p for a side x (Snyder 1984 on commitment; McManus & Nieman 2019
on signals of support): 1 for an ATOP defence or offence obligation from p to x — never a
non-aggression, neutrality or consultation pact — and 0.5 for an informal commitment or a
designation in the curated agreements (the Taiwan Relations Act; major non-NATO ally),
for US troops of at least 1,000 in x, or for p being x's largest arms supplier over ten
years with at least a third of its imports (SIPRI TIV, at least 100). Great powers are the
COW major powers that year; a patron is stronger than its protégé (higher CINC), so a great
power buying arms from another is not its client.

P is the great power other than A, B and C, in rivalry with neither, with the largest
support(A) + support(B) > 0 (ties: larger CINC, lower code). When A or B is itself a great
power that backs the other, or a great power at least as strong (CINC) as every outside
candidate, that state is the **hub** and P is none ("the USA is the patron" of USA–Japan;
China of Pakistan–China): a pair that holds the dominant great power does not look for a
weaker patron outside it.
"""

from __future__ import annotations

from ..catalog import dataset, manifest
from ..countries import cow_last_year_sql
from ..workspace import Workspace

STAND_INS = {
    "y_atop": "atop",
    "y_tss": "rivalries_tss",
    "y_td": "rivalries_td",
    "y_mids": "mids",
    "y_cap": "capabilities",
    "y_cont": "contiguity",
    "y_trade": "trade_dyadic",
    "y_arms": "arms_transfers",
}
"""Columns of the years table: the year each source answers for a requested year."""

MID_WINDOW = 10
LEVERAGE_WEIGHT = 2
ARMS_WINDOW = 10
TROOPS_MIN = 1000
ARMS_SHARE_MIN, ARMS_STOCK_MIN = 1 / 3, 100
INFORMAL_KINDS = ("informal_commitment", "designation")
FORMAL_SUPPORT, INFORMAL_SUPPORT = 1.0, 0.5
"""The commitment scale the patron model and the options model share (Snyder 1984): an
ATOP defence or offence obligation; an informal commitment or designation (for the patron
model also US troops or the main arms supply)."""

MODEL_CITES = (
    "Walt 1987 (balance of threat); Hirschman 1945 and Drezner 1999 (trade leverage); "
    "Snyder 1984 (commitment); McManus & Nieman 2019 (signals of support)"
)


def stand_in(source: str, year: str = "year") -> str:
    """SQL for the year `source` answers for `year`: itself, its last year, or NULL before."""
    lo, hi = dataset(source).years
    return f"(case when {year} >= {lo} then least({year}, {hi}) end)"


def years_sql(years: tuple[int, ...]) -> str:
    """One row per requested year with every source's stand-in year (see STAND_INS)."""
    cols = ", ".join(f"{stand_in(src)} as {col}" for col, src in STAND_INS.items())
    listed = ", ".join(str(int(y)) for y in years)
    return f"select year, {cols} from (select unnest([{listed}]) as year)"


def majors_sql(ws: Workspace) -> str:
    """(ccode, year) of every COW major power; spells open at 2016-12-31 run to LAST_YEAR."""
    t = ws.table("major_powers")
    return f"""
        select distinct ccode, unnest(range(styear, {cow_last_year_sql()} + 1)) as year from {t}"""


def rivals_sql(ws: Workspace, yrs: str) -> str:
    """Directed (x, c, year) strategic rivals by TSS or TD in each year's stand-in year."""
    tss, td = ws.table("rivalries_tss"), ws.table("rivalries_td")
    one_way = f"""
        select r.ccode1 as x, r.ccode2 as c, y.year from {yrs} y
        join {tss} r on y.y_tss between r.start and r."end"
        union
        select r.ccode1, r.ccode2, y.year from {yrs} y
        join {td} r on y.y_td between r.styear and r.endyear"""
    return f"""
        select distinct x, c, year from (
            select x, c, year from ({one_way}) union all select c, x, year from ({one_way}))"""


def threats_sql(ws: Workspace, yrs: str, frame: str) -> str:
    """Directed (x, c, year) with intent, threat and c's share of x's trade (module doc)."""
    mids, caps, cont = ws.table("mids"), ws.table("capabilities"), ws.table("contiguity")
    return f"""
        with riv as ({rivals_sql(ws, yrs)}),
        mid_years as (
            select ccode1 as x, ccode2 as c, year,
                   case when max(hostlev2) >= 4 then 1.0 when max(hostlev2) >= 2 then 0.5
                        else 0.1 end as weight,
                   (max(hostlev2) = 5)::int as war
            from {mids} where cowmidongoing = 1 group by all
        ),
        mid10 as (
            select m.x, m.c, y.year, count(*) as n, sum(m.weight) as w,
                   max(case when m.year = y.year and m.weight = 1.0 then 2 + m.war
                            else 0 end) as force_now
            from {yrs} y
            join mid_years m on m.year between y.y_mids - {MID_WINDOW - 1} and y.y_mids
            group by all
        ),
        pairs as (
            select x, c, year from riv union select x, c, year from mid10
        ),
        cont as (
            select distinct k.ccode1, k.ccode2, y.year from {yrs} y
            join {cont} k on y.y_cont between year(k.stdate) and year(k.enddate)
        )
        select p.x, p.c, p.year,
            (r.x is not null)::int as rival,
            coalesce(m.n, 0) as mid_years10,
            2 * (r.x is not null)::int + least(coalesce(m.w, 0), 5) / 5.0
              + coalesce(m.force_now, 0) as intent,
            coalesce(kc.cinc / nullif(kc.cinc + kx.cinc, 0), 0.5) as power,
            (ct.ccode1 is not null)::int as contiguous,
            (2 * (r.x is not null)::int + least(coalesce(m.w, 0), 5) / 5.0
              + coalesce(m.force_now, 0))
              * (0.5 + coalesce(kc.cinc / nullif(kc.cinc + kx.cinc, 0), 0.5))
              * (0.75 + 0.25 * (ct.ccode1 is not null)::int) as threat,
            coalesce(case when p.x < p.c then f.trade_share_1 else f.trade_share_2 end, 0)
              as share
        from pairs p
        join {yrs} y on y.year = p.year
        left join riv r on r.x = p.x and r.c = p.c and r.year = p.year
        left join mid10 m on m.x = p.x and m.c = p.c and m.year = p.year
        left join {caps} kx on kx.ccode = p.x and kx.year = y.y_cap
        left join {caps} kc on kc.ccode = p.c and kc.year = y.y_cap
        left join cont ct on ct.ccode1 = p.x and ct.ccode2 = p.c and ct.year = p.year
        left join {frame} f on f.ccode1 = least(p.x, p.c) and f.ccode2 = greatest(p.x, p.c)
            and f.year = y.y_trade
    """


def support_sql(ws: Workspace, yrs: str, instruments: str) -> str:
    """Directed (p, x, year, support, basis): a great power's backing for a state (module doc)."""
    atop, arms, caps = ws.table("atop"), ws.table("arms_transfers"), ws.table("capabilities")
    informal = ", ".join(f"'{k}'" for k in INFORMAL_KINDS)
    troops = ""
    if "us_troops" in manifest():
        t = ws.table("us_troops")
        lo, hi = dataset("us_troops").years
        troops = f"""
        union all
        select 2 as p, u.ccode as x, y.year, {INFORMAL_SUPPORT}::double as support,
               'us_troops' as basis
        from {yrs} y join {t} u on u.year = least(y.year, {hi})
        where y.year >= {lo} and u.troops_ad >= {TROOPS_MIN}"""
    return f"""
        with majors as ({majors_sql(ws)}),
        stock as (
            select a.supplier_cown as p, a.recipient_cown as x, y.year, sum(a.value)::double as tiv
            from {yrs} y join {arms} a
              on a.year between y.y_arms - {ARMS_WINDOW - 1} and y.y_arms
            group by all
        ),
        arms_share as (
            select p, x, year, tiv / sum(tiv) over (partition by x, year) as share, tiv,
                   row_number() over (partition by x, year order by tiv desc, p) as rnk
            from stock
        ),
        raw as (
            select a.ccode1 as p, a.ccode2 as x, y.year, {FORMAL_SUPPORT}::double as support,
                   'atop' as basis
            from {yrs} y join {atop} a on a.year = y.y_atop
            where a.atop_defense = 1 or a.atop_offense = 1
            union all
            select i.a, i.b, i.year, {INFORMAL_SUPPORT}, i.kind from {instruments} i
            where i.kind in ({informal})
            union all
            select i.b, i.a, i.year, {INFORMAL_SUPPORT}, i.kind from {instruments} i
            where i.kind in ({informal})
            union all
            select p, x, year, {INFORMAL_SUPPORT}, 'arms' from arms_share
            where rnk = 1 and share >= {ARMS_SHARE_MIN} and tiv >= {ARMS_STOCK_MIN}
            {troops}
        )
        select r.p, r.x, r.year, max(r.support)::double as support,
               arg_max(r.basis, r.support) as basis
        from raw r join majors m on m.ccode = r.p and m.year = r.year
        join {yrs} y on y.year = r.year
        left join {caps} kp on kp.ccode = r.p and kp.year = y.y_cap
        left join {caps} kx on kx.ccode = r.x and kx.year = y.y_cap
        where r.p <> r.x and (kx.cinc is null or kp.cinc > kx.cinc)
        group by all
    """


def choose_sql(
    ws: Workspace,
    dyads: str,
    yrs: str,
    frame: str,
    instruments: str,
    *,
    third: int | None = None,
    patron: int | None = None,
) -> str:
    """For every dyad (ccode1, ccode2, year) of `dyads`: C and P with score and runner-up.

    Columns: third, third_score, third_2, patron, patron_score, patron_2, hub, and the
    triangle features the dimensions read. `third` / `patron` force a choice (a user's
    `--third` / `--patron`): the candidate lists are then that state alone, and no hub.
    """
    cand = (
        f"select ccode1, ccode2, year, {int(third)} as c from {dyads}" if third is not None
        else f"""
            select d.ccode1, d.ccode2, d.year, t.c from {dyads} d
            join t on t.x = d.ccode1 and t.year = d.year and t.c <> d.ccode2
            union
            select d.ccode1, d.ccode2, d.year, t.c from {dyads} d
            join t on t.x = d.ccode2 and t.year = d.year and t.c <> d.ccode1"""
    )
    pcand = (
        f"select ccode1, ccode2, year, {int(patron)} as p from {dyads}" if patron is not None
        else f"""
            select d.ccode1, d.ccode2, d.year, s.p from {dyads} d
            join s on s.x in (d.ccode1, d.ccode2) and s.year = d.year
                and s.p not in (d.ccode1, d.ccode2)"""
    )
    forced = patron is not None
    patron_filter = "true" if forced else (
        "k.p is distinct from th.third and not exists (select 1 from riv r where r.x = k.p "
        "and r.year = k.year and r.c in (k.ccode1, k.ccode2))"
    )
    caps = ws.table("capabilities")
    return f"""
        with t as ({threats_sql(ws, yrs, frame)}),
        s as ({support_sql(ws, yrs, instruments)}),
        riv as ({rivals_sql(ws, yrs)}),
        majors as ({majors_sql(ws)}),
        cand as ({cand}),
        trade as (select ccode1, ccode2, year, trade_share_1 as s1, trade_share_2 as s2
                  from {frame}),
        third_scored as (
            select k.*, coalesce(ta.threat, 0) as threat_1, coalesce(tb.threat, 0) as threat_2,
                case when k.ccode1 < k.c then f1.s1 else f1.s2 end as share_1,
                case when k.ccode2 < k.c then f2.s1 else f2.s2 end as share_2,
                coalesce(ta.threat, 0) + coalesce(tb.threat, 0)
                  + least(coalesce(ta.threat, 0), coalesce(tb.threat, 0))
                  + {LEVERAGE_WEIGHT} * (
                      coalesce(case when k.ccode1 < k.c then f1.s1 else f1.s2 end, 0)
                    + coalesce(case when k.ccode2 < k.c then f2.s1 else f2.s2 end, 0)) as score,
                cap.cinc
            from cand k
            join {yrs} y on y.year = k.year
            left join t ta on ta.x = k.ccode1 and ta.c = k.c and ta.year = k.year
            left join t tb on tb.x = k.ccode2 and tb.c = k.c and tb.year = k.year
            left join trade f1 on f1.ccode1 = least(k.ccode1, k.c)
                and f1.ccode2 = greatest(k.ccode1, k.c) and f1.year = y.y_trade
            left join trade f2 on f2.ccode1 = least(k.ccode2, k.c)
                and f2.ccode2 = greatest(k.ccode2, k.c) and f2.year = y.y_trade
            left join {caps} cap on cap.ccode = k.c and cap.year = y.y_cap
        ),
        third_ranked as (
            select *, row_number() over (partition by ccode1, ccode2, year
                order by score desc, cinc desc nulls last, c) as rnk
            from third_scored
        ),
        third as (
            select ccode1, ccode2, year,
                max(c) filter (where rnk = 1) as third,
                max(score) filter (where rnk = 1) as third_score,
                max(c) filter (where rnk = 2) as third_2,
                max(threat_1) filter (where rnk = 1) as third_threat_1,
                max(threat_2) filter (where rnk = 1) as third_threat_2,
                max(share_1) filter (where rnk = 1) as share_1_c,
                max(share_2) filter (where rnk = 1) as share_2_c
            from third_ranked where rnk <= 2 group by all
        ),
        hub as (
            select d.ccode1, d.ccode2, d.year,
                case when {"true" if forced else "false"} then null
                 when coalesce(s12.support, 0) >= coalesce(s21.support, 0)
                     and s12.support is not null then d.ccode1
                     when s21.support is not null then d.ccode2 end as hub,
                greatest(coalesce(s12.support, 0), coalesce(s21.support, 0)) as hub_support
            from {dyads} d
            left join s s12 on s12.p = d.ccode1 and s12.x = d.ccode2 and s12.year = d.year
            left join s s21 on s21.p = d.ccode2 and s21.x = d.ccode1 and s21.year = d.year
        ),
        pcand as ({pcand}),
        patron_scored as (
            select distinct k.ccode1, k.ccode2, k.year, k.p,
                coalesce(s1.support, 0) as support_1, coalesce(s2.support, 0) as support_2,
                coalesce(s1.support, 0) + coalesce(s2.support, 0) as score, cap.cinc
            from pcand k
            join {yrs} y on y.year = k.year
            left join third th on th.ccode1 = k.ccode1 and th.ccode2 = k.ccode2
                and th.year = k.year
            left join s s1 on s1.p = k.p and s1.x = k.ccode1 and s1.year = k.year
            left join s s2 on s2.p = k.p and s2.x = k.ccode2 and s2.year = k.year
            left join {caps} cap on cap.ccode = k.p and cap.year = y.y_cap
            where {patron_filter}
        ),
        patron_ranked as (
            select *, row_number() over (partition by ccode1, ccode2, year
                order by score desc, cinc desc nulls last, p) as rnk
            from patron_scored
        ),
        strongest_outside as (
            select ccode1, ccode2, year, max(cinc) as cinc from patron_scored group by all
        ),
        inside as (
            select d.ccode1, d.ccode2, d.year,
                case when coalesce(k1.cinc, 0) >= coalesce(k2.cinc, 0) and m1.ccode is not null
                     then d.ccode1 when m2.ccode is not null then d.ccode2
                     when m1.ccode is not null then d.ccode1 end as great,
                greatest(case when m1.ccode is not null then k1.cinc end,
                         case when m2.ccode is not null then k2.cinc end) as cinc
            from {dyads} d join {yrs} y on y.year = d.year
            left join majors m1 on m1.ccode = d.ccode1 and m1.year = d.year
            left join majors m2 on m2.ccode = d.ccode2 and m2.year = d.year
            left join {caps} k1 on k1.ccode = d.ccode1 and k1.year = y.y_cap
            left join {caps} k2 on k2.ccode = d.ccode2 and k2.year = y.y_cap
        ),
        patron as (
            select ccode1, ccode2, year,
                max(p) filter (where rnk = 1) as patron,
                max(score) filter (where rnk = 1) as patron_score,
                max(p) filter (where rnk = 2) as patron_2,
                max(support_1) filter (where rnk = 1) as patron_support_1,
                max(support_2) filter (where rnk = 1) as patron_support_2
            from patron_ranked where rnk <= 2 group by all
        ),
        hub2 as (
            select h.ccode1, h.ccode2, h.year,
                coalesce(h.hub, case when {"false" if forced else "true"} and i.great is not null
                    and coalesce(i.cinc, 0) >= coalesce(so.cinc, 0) then i.great end) as hub,
                case when h.hub is not null then h.hub_support else 0.0::double end as hub_support
            from hub h
            left join inside i using (ccode1, ccode2, year)
            left join strongest_outside so using (ccode1, ccode2, year)
        )
        select d.ccode1, d.ccode2, d.year,
            th.third, th.third_score, th.third_2, th.third_threat_1, th.third_threat_2,
            th.share_1_c, th.share_2_c,
            h.hub,
            case when h.hub is null then pa.patron end as patron,
            case when h.hub is null then pa.patron_score end as patron_score,
            case when h.hub is null then pa.patron_2 else pa.patron end as patron_2,
            case when h.hub is not null then
                 (case when h.hub = d.ccode1 then 1.0::double else h.hub_support end)
                 else pa.patron_support_1 end as patron_support_1,
            case when h.hub is not null then
                 (case when h.hub = d.ccode2 then 1.0::double else h.hub_support end)
                 else pa.patron_support_2 end as patron_support_2,
            (ra.x is not null)::int as rival_1_c,
            (rb.x is not null)::int as rival_2_c,
            ta.mid_years10 as mid_years10_1_c,
            tb.mid_years10 as mid_years10_2_c,
            (rpc.x is not null)::int as p_rival_c
        from {dyads} d
        left join third th using (ccode1, ccode2, year)
        left join hub2 h using (ccode1, ccode2, year)
        left join patron pa using (ccode1, ccode2, year)
        left join riv ra on ra.x = d.ccode1 and ra.c = th.third and ra.year = d.year
        left join riv rb on rb.x = d.ccode2 and rb.c = th.third and rb.year = d.year
        left join t ta on ta.x = d.ccode1 and ta.c = th.third and ta.year = d.year
        left join t tb on tb.x = d.ccode2 and tb.c = th.third and tb.year = d.year
        left join riv rpc on rpc.x = coalesce(h.hub, pa.patron) and rpc.c = th.third
            and rpc.year = d.year
    """
