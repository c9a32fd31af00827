"""The one place that reads the curated agreements as typed rows and active periods.

An instrument is *active* in a year from the year it was signed (or announced) until the
year before its `date_end` (terminated, superseded, or a framework gone dormant; a revival
is a row of its own). Rows marked `verified_via = unverified` are shown but never counted.
"""

from __future__ import annotations

from .workspace import Workspace

PARTNERSHIP_KINDS = ("strategic_partnership", "security_declaration", "designation")
"""Declared partnership instruments (Wilkins 2008): partnerships, security declarations and
defence-partner designations."""

FRAMEWORK_KINDS = ("dialogue", "security_declaration", "strategic_partnership", "defence_pact")
"""Kinds a standing minilateral framework can take (Naím 2009)."""


def agreements_sql(ws: Workspace) -> str:
    """Every counted agreement with typed parties, kind and its active years."""
    t = ws.table("agreements")
    return f"""
        select id, kind, level, title,
               string_split(parties, ';')::integer[] as parties,
               cast(substr(date_signed, 1, 4) as integer) as signed,
               try_cast(substr(coalesce(date_end, ''), 1, 4) as integer) as ended
        from {t}
        where coalesce(verified_via, '') <> 'unverified'
    """


def active(alias: str, year: str) -> str:
    """SQL: agreement `alias` is active in `year`."""
    return f"({alias}.signed <= {year} and ({alias}.ended is null or {year} < {alias}.ended))"


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
