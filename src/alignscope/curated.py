"""The one module that reads the curated tables, `agreements` and `evidence`.

Both ship typed (tools/datasets_spec.toml): dates are DATE with a precision column ('day',
'month', 'year'; a date known to the month is stored as its first day, to the year as 1
January), agreement parties are INTEGER[], evidence actors are ISO3 with their COW codes
(ccode1, ccode2) resolved at packaging time. Everything else reads them through here, so a
change of layout is made once.

An instrument is *active* in a year from the year it was signed (or announced) until the
year before its `date_end` (terminated, superseded, or a framework gone dormant; a revival
is a row of its own). Rows of either table marked `verified_via = unverified` are listed
but never counted (`agreements_sql`, `pairs_sql`, `frameworks_with`, `evidence_counts_sql`,
`evidence_events_sql`, `coverage_sql`): issue 11 keeps rows no source confirms out of the
scores.

Rows for display (`agreements_between`, `evidence_for_dyad`) give dates *as written*
(YYYY-MM-DD, YYYY-MM or YYYY, the precision the sources confirm) and parties as the
';'-separated text of the curated file, so reports and JSON keep their form.
"""

from __future__ import annotations

from typing import Any

from .workspace import Workspace

PARTNERSHIP_KINDS = ("strategic_partnership", "security_declaration", "designation")
"""Declared partnership instruments (Wilkins 2008): partnerships, security declarations and
defence-partner designations."""

FRAMEWORK_KINDS = ("dialogue", "security_declaration", "strategic_partnership", "defence_pact")
"""Kinds a standing minilateral framework can take (Naím 2009)."""

EVIDENCE_COLUMNS = ("id", "date", "actor1", "actor2", "dimension", "direction", "cameo",
                    "summary_en", "summary_zh_tw", "citation", "url", "verified_via", "notes")
"""The evidence columns a reader sees (as curated; `date` as written)."""


def as_written(column: str, precision: str | None = None) -> str:
    """SQL: a typed date back in the form the curators wrote it (YYYY-MM-DD, YYYY-MM, YYYY)."""
    p = precision or f"{column}_precision"
    return (f"(case {p} when 'day' then strftime({column}, '%Y-%m-%d') "
            f"when 'month' then strftime({column}, '%Y-%m') else strftime({column}, '%Y') end)")


# ---------------------------------------------------------------- agreements


def agreements_sql(ws: Workspace) -> str:
    """Every counted agreement with typed parties, kind and its active years."""
    return f"""
        select id, kind, level, title, parties,
               year(date_signed) as signed, year(date_end) as ended
        from {ws.table("agreements")}
        where coalesce(verified_via, '') <> 'unverified'
    """


def listing_sql(ws: Workspace) -> str:
    """Every agreement as curated: dates as written, parties and names ';'-separated, plus
    `codes` (INTEGER[]) and `signed` / `ended` (years) to filter on."""
    return f"""
        select id, {as_written("date_signed")} as date_signed,
               {as_written("date_in_force")} as date_in_force,
               {as_written("date_end")} as date_end,
               array_to_string(parties, ';') as parties,
               array_to_string(party_names, ';') as party_names,
               kind, level, title, citation, url, verified_via, notes,
               parties as codes, year(date_signed) as signed, year(date_end) as ended
        from {ws.table("agreements")}
    """


def active(alias: str, year: str) -> str:
    """SQL: agreement `alias` is active in `year`."""
    return f"({alias}.signed <= {year} and ({alias}.ended is null or {year} < {alias}.ended))"


def agreements_between(
    ws: Workspace,
    codes: list[int],
    *,
    columns: tuple[str, ...] = ("id", "date_signed", "date_in_force", "kind", "level", "title",
                                "citation", "url"),
    kind: str | None = None,
    since: int | None = None,
    until: int | None = None,
) -> list[dict[str, Any]]:
    """Instruments binding all of `codes` (COW; none = every instrument), signed in
    `since`–`until`, unverified rows included, oldest first (columns of `listing_sql`)."""
    where, params = ["true"], []
    if codes:
        where.append("list_has_all(codes, ?)")
        params.append(list(codes))
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if since is not None:
        where.append("signed >= ?")
        params.append(since)
    if until is not None:
        where.append("signed <= ?")
        params.append(until)
    cols = ", ".join(columns)
    sql = (f"select {cols} from ({listing_sql(ws)}) g where {' and '.join(where)} "
           "order by g.date_signed, g.id")
    return ws.records(sql, params)


def frameworks_with(
    ws: Workspace, codes: list[int], year: int, kinds: tuple[str, ...] = FRAMEWORK_KINDS
) -> list[tuple[str, str, int]]:
    """(id, title, signed) of counted instruments of `kinds` with all of `codes` as parties,
    active in `year` (a framework's dormant years do not count)."""
    listed = ", ".join(f"'{k}'" for k in kinds)
    return ws.rows(
        f"select id, title, signed from ({agreements_sql(ws)}) g where kind in ({listed}) "
        f"and list_has_all(parties, ?) and {active('g', '?')} order by signed",
        [list(codes), year, year],
    )


def pairs_sql(ws: Workspace, yrs: str) -> str:
    """(a, b, year, kind, id) for every pair a < b of parties of an instrument active in a
    year of `yrs` (a table with a `year` column)."""
    return f"""
        with g as ({agreements_sql(ws)}),
        p as (select id, unnest(parties) as c from g)
        select x.c as a, y.c as b, yy.year, g.kind, g.id
        from g join p x on x.id = g.id join p y on y.id = g.id and x.c < y.c
        join (select distinct year from {yrs}) yy on {active("g", "yy.year")}
    """


# ---------------------------------------------------------------- evidence


def evidence_sql(ws: Workspace) -> str:
    """Every evidence record as curated (`EVIDENCE_COLUMNS`, date as written), plus its
    COW codes `ccode1`, `ccode2`, typed `day` (DATE), `date_precision` and `year`."""
    cols = ", ".join(c if c != "date" else f"{as_written('date')} as date"
                     for c in EVIDENCE_COLUMNS)
    return f"""
        select {cols}, ccode1, ccode2, date as day, date_precision, year(date) as year
        from {ws.table("evidence")}
    """


def evidence_for_dyad(
    ws: Workspace,
    a: int,
    b: int,
    *,
    until: int | None = None,
    dimension: str | None = None,
    newest_first: bool = False,
) -> list[dict[str, Any]]:
    """Records on the dyad of COW codes a and b (either order), up to year `until`."""
    where, params = ["least(ccode1, ccode2) = ? and greatest(ccode1, ccode2) = ?"], [
        min(a, b), max(a, b)]
    if until is not None:
        where.append("year <= ?")
        params.append(until)
    if dimension:
        where.append("dimension = ?")
        params.append(dimension)
    order = "date desc, id desc" if newest_first else "date, id"
    cols = ", ".join(EVIDENCE_COLUMNS)
    sql = f"select {cols} from ({evidence_sql(ws)}) e where {' and '.join(where)} order by {order}"
    return ws.records(sql, params)


def evidence_counts_sql(ws: Workspace, years: tuple[int, ...], window: int) -> str:
    """(ccode1, ccode2, year, dim, pos, neg): per dyad (ccode1 < ccode2), year of `years`
    and dimension, the + and − records dated in the `window` years up to it."""
    listed = ", ".join(str(y) for y in years)
    return f"""
        select least(e.ccode1, e.ccode2) as ccode1, greatest(e.ccode1, e.ccode2) as ccode2,
               yy.year, e.dimension as dim,
               count(*) filter (where e.direction = '+') as pos,
               count(*) filter (where e.direction = '-') as neg
        from (select unnest([{listed}]) as year) yy
        join {ws.table("evidence")} e
          on year(e.date) between yy.year - {window - 1} and yy.year
        where e.ccode1 <> e.ccode2 and coalesce(e.verified_via, '') <> 'unverified'
        group by all
    """


def evidence_events_sql(ws: Workspace) -> str:
    """Counted records that can be events: known to the day, with a CAMEO code (id, day,
    ccode1, ccode2, cameo, citation)."""
    return f"""
        select id, date as day, ccode1, ccode2, cameo, citation
        from {ws.table("evidence")}
        where date_precision = 'day' and coalesce(cameo, '') <> '' and ccode1 <> ccode2
          and coalesce(verified_via, '') <> 'unverified'
    """


def coverage_sql(ws: Workspace) -> str:
    """(ccode, source, dimension, year) for every instrument party and evidence actor:
    source 'agreements' (dimension = kind) or 'evidence' (dimension I-1 … E-2)."""
    return f"""
        select unnest(parties) as ccode, 'agreements' as source, kind as dimension,
               year(date_signed) as year
        from {ws.table("agreements")} where coalesce(verified_via, '') <> 'unverified'
        union all
        select unnest([ccode1, ccode2]), 'evidence', dimension, year(date)
        from {ws.table("evidence")} where coalesce(verified_via, '') <> 'unverified'
    """


# ---------------------------------------------------------------- coverage

KIND_GROUPS = {
    "security": ("defence_pact", "defence_cooperation", "security_declaration", "dialogue"),
    "partnership": ("strategic_partnership", "designation", "informal_commitment"),
    "economic": ("investment", "fta", "open_skies", "fisheries", "mou"),
}
"""Agreement kinds in three disjoint groups, for coverage counts (every kind in one)."""

DIMENSIONS = ("I-1", "I-2", "I-3", "I-4", "I-5", "E-1", "E-2")

G20 = (2, 20, 70, 140, 160, 200, 220, 255, 325, 365, 560, 640, 670, 710, 732, 740, 750, 850,
       900)
"""COW codes of the 19 member states of the G20 (the EU and the African Union are not
states): USA, Canada, Mexico, Brazil, Argentina, UK, France, Germany, Italy, Russia, South
Africa, Turkey, Saudi Arabia, China, South Korea, Japan, India, Indonesia, Australia."""


def coverage(ws: Workspace, ccodes: list[int]) -> dict[int, dict[str, dict[str, Any]]]:
    """Counted curated rows per state: {ccode: {group or dimension: {"n", "first", "last"}}}
    with the agreement kind groups (`KIND_GROUPS`) and the evidence dimensions; a state
    with no row in a group has n = 0 and no years."""
    group = " ".join(f"when dimension in ({', '.join(repr(k) for k in kinds)}) then '{g}'"
                     for g, kinds in KIND_GROUPS.items())
    found = ws.rows(
        f"""select ccode, case when source = 'agreements' then case {group} end
                   else dimension end as key,
                   count(*), min(year), max(year)
            from ({coverage_sql(ws)}) c where ccode = any(?) group by all""",
        [list(ccodes)],
    )
    empty = {"n": 0, "first": None, "last": None}
    out = {c: {k: dict(empty) for k in (*KIND_GROUPS, *DIMENSIONS)} for c in ccodes}
    for ccode, key, n, lo, hi in found:
        if key in out[ccode]:
            out[ccode][key] = {"n": n, "first": lo, "last": hi}
    return out


def dyad_counts(ws: Workspace, a: int, b: int, until: int) -> tuple[int, int]:
    """(instruments, evidence records) counted for the dyad, signed or dated up to `until`."""
    instruments = ws.scalar(
        f"select count(*) from ({agreements_sql(ws)}) g "
        "where list_has_all(parties, ?) and signed <= ?",
        [[a, b], until],
    )
    records = ws.scalar(
        f"select count(*) from {ws.table('evidence')} "
        "where least(ccode1, ccode2) = ? and greatest(ccode1, ccode2) = ? "
        "and year(date) <= ? and coalesce(verified_via, '') <> 'unverified'",
        [min(a, b), max(a, b), until],
    )
    return instruments, records
