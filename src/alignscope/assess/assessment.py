"""Assemble an assessment: indicator values, dimension scores, type with reasons, triangle,
evidence, agreements and sources, as one JSON-ready dict (the contract reports render)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..catalog import dataset, manifest
from ..countries import LAST_YEAR, State, resolve
from ..errors import UsageError
from ..measures.triangle import triangle
from ..workspace import Workspace
from .dimensions import Dimension, Use, load_dimensions
from .frame import build_frame
from .indicators import INDICATORS, evidence_shipped
from .options import assessment_options
from .taxonomy import classify_facts

FACTS = {  # fact name -> (frame expression, source dataset whose coverage clamps the year)
    "atop_defense": ("atop_defense", "atop"),
    "atop_offense": ("atop_offense", "atop"),
    "defence_pact_instruments": ("defence_pact_instruments", "agreements"),
    "tss_rivalry": ("tss_rivalry", "rivalries_tss"),
    "td_rivalry": ("td_rivalry", "rivalries_td"),
    "partnership_instruments": ("partnership_instruments", "agreements"),
    "common_allies": ("common_allies", "atop"),
    "common_patrons": ("common_patrons", "atop"),
    "common_rivals": ("common_rivals", "rivalries_tss"),
    "joint_democracy_years": ("joint_democracy_years", "democracy"),
    "force_history30": ("force_history30", "mids"),
    "same_side_mids": ("same_side_mids", "mids"),
    "all_instruments": ("all_instruments", "agreements"),
}
PCT_FACTS = {
    "igo_joint_pct": ("igo_joint", "igo_dyadic"),
    "interdependence_pct": ("trade_interdependence", "trade_dyadic"),
}
EVIDENCE_WINDOW = 5


def year_used(source: str, year: int) -> int | None:
    """The year a source answers for `year`: itself, or the source's last year if it ended."""
    lo, hi = dataset(source).years
    return None if year < lo else min(year, hi)


class Lookup:
    """Raw values and within-year percentiles of one dyad, read from the all-dyads frame."""

    def __init__(self, ws: Workspace, lo: int, hi: int, years: list[int]) -> None:
        self.ws, self.lo, self.hi = ws, lo, hi
        self.frame = build_frame(ws, tuple(y for y in years if 1816 <= y <= LAST_YEAR))
        rows = (
            ws.con.sql(
                f"select * from {self.frame} where ccode1 = ? and ccode2 = ?", params=[lo, hi]
            )
            .to_arrow_table()
            .to_pylist()
        )
        self.rows = {r["year"]: r for r in rows}
        self._pct: dict[str, dict[int, float]] = {}

    def raw(self, expr: str, year: int | None) -> Any:
        if year is None or year not in self.rows:
            return None
        if expr in self.rows[year]:
            return self.rows[year][expr]
        return self.ws.scalar(
            f"select {expr} from {self.frame} where ccode1 = ? and ccode2 = ? and year = ?",
            [self.lo, self.hi, year],
        )

    def pct(self, expr: str, year: int | None) -> float | None:
        """Mid-rank percentile among all dyads with a value that year: (below + ties/2) / n."""
        if year is None:
            return None
        if expr not in self._pct:
            self._pct[expr] = dict(
                self.ws.rows(
                    f"""
                select year, pct from (
                    select ccode1, ccode2, year,
                        (rank() over (partition by year order by v) - 1
                         + 0.5 * count(*) over (partition by year, v))
                        / count(*) over (partition by year) as pct
                    from (select ccode1, ccode2, year, {expr} as v from {self.frame})
                    where v is not null)
                where ccode1 = ? and ccode2 = ?""",
                    [self.lo, self.hi],
                )
            )
        return self._pct[expr].get(year)


def _normalise(use: Use, raw: Any, pct: float | None) -> float | None:
    if raw is None:
        return None
    value = {
        "percentile": lambda: pct,
        "binary": lambda: float(raw),
        "share": lambda: min(max(float(raw), 0.0), 1.0),
        "cap": lambda: min(float(raw) / use.cap, 1.0),
        "balance": lambda: (float(raw) + 1) / 2,
    }[use.normalise]()
    if value is None:
        return None
    return value if use.direction == "+" else 1.0 - value


def _evidence_balance(ws: Workspace, a: State, b: State, dim: str, year: int) -> dict[str, Any]:
    if not evidence_shipped():
        return {"raw": None, "note": "no curated evidence is shipped yet"}
    t = ws.table("evidence")
    pos, neg = ws.rows(
        f"select count(*) filter (where direction = '+'), count(*) filter (where direction = '-') "
        f"from {t} where dimension = ? and list_sort([actor1, actor2]) = list_sort([?, ?]) "
        "and cast(substr(date, 1, 4) as integer) between ? and ?",
        [dim, a.iso3, b.iso3, year - EVIDENCE_WINDOW + 1, year],
    )[0]
    if pos + neg == 0:
        return {"raw": None, "note": f"no curated evidence in {year - EVIDENCE_WINDOW + 1}–{year}"}
    return {"raw": (pos - neg) / (pos + neg), "rows": [f"evidence: {pos} +, {neg} −"]}


def indicator_value(
    ws: Workspace, look: Lookup, use: Use, a: State, b: State, year: int, tri
) -> dict[str, Any]:
    ind = INDICATORS[use.name]
    out: dict[str, Any] = {
        "name": ind.name,
        "label": ind.label,
        "direction": use.direction,
        "weight": use.weight,
        "normalise": use.normalise,
        "source": ind.source,
        "year_used": None,
        "raw": None,
        "note": None,
        "rows": [],
    }
    if ind.kind == "frame":
        used = year_used(ind.source, year)
        out["year_used"] = used
        out["raw"] = look.raw(ind.expr, used)
        pct = look.pct(ind.expr, used) if use.normalise == "percentile" else None
        if used is None:
            out["note"] = f"{ind.source} starts after {year}"
        elif used != year:
            out["note"] = f"{ind.source} ends in {used}; its {used} value is used"
        out["rows"] = [f"frame {ind.source} ccode1={look.lo} ccode2={look.hi} year={used}"]
    elif ind.kind == "triangle":
        feature = ind.feature(ws, tri) if tri is not None else None
        pct = None
        if feature is None:
            out["note"] = "needs a third state / patron"
        else:
            out.update(
                raw=feature.value,
                year_used=feature.year_used,
                note=feature.note,
                rows=list(feature.rows),
            )
    else:
        pct = None
        out.update(_evidence_balance(ws, a, b, ind.name.removeprefix("evidence_"), year))
        out["year_used"] = year if out["raw"] is not None else None
    if isinstance(out["raw"], bool):
        out["raw"] = int(out["raw"])
    out["score"] = _normalise(use, out["raw"], pct)
    out["normalised"] = pct if use.normalise == "percentile" else out["score"]
    out["missing"] = out["score"] is None
    if out["missing"] and out["note"] is None:
        out["note"] = "no data"
    return out


def score_dimensions(ws, look, dims, a, b, year, tri) -> list[dict[str, Any]]:
    out = []
    for dim in dims:
        inds = [indicator_value(ws, look, u, a, b, year, tri) for u in dim.uses]
        have = [i for i in inds if not i["missing"]]
        total = sum(u.weight for u in dim.uses)
        weight = sum(i["weight"] for i in have)
        score = 100 * sum(i["weight"] * i["score"] for i in have) / weight if have else None
        out.append(
            {
                "id": dim.id,
                "name": dim.name,
                "question": dim.question,
                "score": score,
                "weight_available": weight / total,
                "indicators": inds,
            }
        )
    return out


def facts(look: Lookup, year: int) -> dict[str, Any]:
    out = {name: look.raw(expr, year_used(src, year)) for name, (expr, src) in FACTS.items()}
    out |= {name: look.pct(expr, year_used(src, year)) for name, (expr, src) in PCT_FACTS.items()}
    return out


def _states(ws: Workspace, queries: list[str | int], year: int) -> list[State]:
    states = [resolve(ws, q, year) for q in queries]
    if len({s.ccode for s in states}) < len(states):
        raise UsageError("name each state once: the same state appears twice")
    return states


def _fact_notes(year: int) -> list[str]:
    notes = []
    for src in sorted({s for _, s in FACTS.values()} | {s for _, s in PCT_FACTS.values()}):
        used = year_used(src, year)
        if used is not None and used != year:
            notes.append(
                f"{dataset(src).dataset} ends in {used}; its {used} values stand in for {year}."
            )
    return notes


def classify(ws: Workspace, queries: list[str | int], year: int) -> dict[str, Any]:
    """Type, secondary labels and reasons for a dyad, or for a group of three or more."""
    states = _states(ws, queries, year)
    if len(states) < 2:
        raise UsageError("name at least two states")
    codes = [s.code for s in states]
    if len(states) == 2:
        lo, hi = sorted(s.ccode for s in states)
        result = classify_facts(facts(Lookup(ws, lo, hi, _years(year)), year))
        return {"states": codes, "year": year, **result, "notes": _fact_notes(year)}
    return {
        "states": codes,
        "year": year,
        **classify_group(ws, states, year),
        "notes": _fact_notes(year),
    }


def classify_group(ws: Workspace, states: list[State], year: int) -> dict[str, Any]:
    """A group is an alliance when every pair is allied, minilateral when one standing
    dialogue or framework has all of them as parties (Naím 2009), else its pairs' types."""
    pairs = {}
    for i, x in enumerate(states):
        for y in states[i + 1 :]:
            lo, hi = sorted((x.ccode, y.ccode))
            pairs[f"{x.code}-{y.code}"] = classify_facts(
                facts(Lookup(ws, lo, hi, _years(year)), year)
            )["type"]
    t = ws.table("agreements")
    frameworks = ws.rows(
        f"select id, title, date_signed from {t} where kind in ('dialogue', 'security_declaration',"
        " 'strategic_partnership', 'defence_pact') and list_has_all(string_split(parties, ';')"
        "::integer[], ?) and cast(substr(date_signed, 1, 4) as integer) <= ? order by date_signed",
        [[s.ccode for s in states], year],
    )
    all_allied = all(v == "alliance" for v in pairs.values())
    reasons = [
        {
            "rule": "alliance",
            "fired": all_allied,
            "summary": "every pair is allied",
            "cite": "Wilkins 2012",
            "values": pairs,
        },
        {
            "rule": "minilateral",
            "fired": bool(frameworks),
            "summary": "a standing dialogue or framework with all of them as parties",
            "cite": "Naím 2009",
            "values": {"frameworks": [f"{r[0]} ({r[2]})" for r in frameworks]},
        },
    ]
    fired = [r["rule"] for r in reasons if r["fired"]]
    primary = fired[0] if fired else "non_aligned"
    for r in reasons:
        r["primary"] = r["rule"] == primary
    return {"type": primary, "secondary": fired[1:], "reasons": reasons, "pairs": pairs}


def _years(year: int) -> list[int]:
    """Frame years an assessment of `year` needs: itself and every source's stand-in year."""
    sources = {s for _, s in FACTS.values()} | {s for _, s in PCT_FACTS.values()}
    sources |= {i.source for i in INDICATORS.values() if i.kind == "frame"}
    return sorted({year, *(u for s in sources if (u := year_used(s, year)) is not None)})


def _agreements(ws: Workspace, a: State, b: State, year: int) -> list[dict[str, Any]]:
    t = ws.table("agreements")
    return (
        ws.con.sql(
            f"select id, date_signed, date_in_force, kind, level, title, citation, url from {t} "
            "where list_has_all(string_split(parties, ';')::integer[], ?) "
            "and cast(substr(date_signed, 1, 4) as integer) <= ? order by date_signed",
            params=[[a.ccode, b.ccode], year],
        )
        .to_arrow_table()
        .to_pylist()
    )


def _evidence(ws: Workspace, a: State, b: State, year: int) -> list[dict[str, Any]]:
    if not evidence_shipped():
        return []
    t = ws.table("evidence")
    return (
        ws.con.sql(
            f"select * from {t} where list_sort([actor1, actor2]) = list_sort([?, ?]) "
            "and cast(substr(date, 1, 4) as integer) <= ? order by date desc",
            params=[a.iso3, b.iso3, year],
        )
        .to_arrow_table()
        .to_pylist()
    )


def _sources(names: set[str]) -> list[dict[str, Any]]:
    return [
        {
            "name": d.name,
            "dataset": d.dataset,
            "version": d.version,
            "years": d.years,
            "citation": d.citation.strip(),
            "licence": d.licence,
            "sha256": d.sha256,
        }
        for d in manifest().values()
        if d.name in names
    ]


def assess(
    ws: Workspace,
    a: str | int,
    b: str | int,
    year: int,
    *,
    third: str | int | None = None,
    patron: str | int | None = None,
    dimensions_file: str | None = None,
    series_from: int | None = None,
) -> dict[str, Any]:
    """The full assessment of dyad (a, b) in `year` (see the module docstring)."""
    dims: tuple[Dimension, ...] = load_dimensions(dimensions_file)
    sa, sb = _states(ws, [a, b], year)
    c = resolve(ws, third, year).ccode if third is not None else None
    p = resolve(ws, patron, year).ccode if patron is not None else None
    tri = triangle(ws, sa.ccode, sb.ccode, year, third=c, patron=p)
    lo, hi = sorted((sa.ccode, sb.ccode))
    look = Lookup(ws, lo, hi, _years(year))
    dimensions = score_dimensions(ws, look, dims, sa, sb, year, tri)
    verdict = classify_facts(facts(look, year))
    options = assessment_options(ws, tri)
    used = {i["source"] for d in dimensions for i in d["indicators"]} | {"agreements"}
    used |= {s for _, s in FACTS.values()} | {s for _, s in PCT_FACTS.values()}
    for feature in [*tri.as_dict(ws)["features"].values(),
                    *(options.get("inputs") or {}).values()]:
        used |= set(str(feature.get("source") or "").split("+"))
    result = {
        "alignscope_version": __version__,
        "states": [sa.code, sb.code],
        "ccodes": [sa.ccode, sb.ccode],
        "names": {"en": [sa.name, sb.name], "zh-TW": [sa.label("zh-TW"), sb.label("zh-TW")]},
        "year": year,
        **verdict,
        "dimensions": dimensions,
        "series": None,
        "triangle": tri.as_dict(ws),
        "evidence": _evidence(ws, sa, sb, year),
        "agreements": _agreements(ws, sa, sb, year),
        "options": options,
        "sources": _sources({s for s in used if s in manifest()}),
        "notes": _fact_notes(year),
    }
    if series_from is not None:
        result["series"] = series(ws, sa, sb, range(series_from, year + 1), dims, tri)
    return result


def series(ws: Workspace, a: State, b: State, years, dims, tri) -> dict[str, Any]:
    """Dimension scores for each year (the third state and patron fixed to those chosen for
    the assessed year), for the over-time chart."""
    years = [y for y in years if a.member(y) and b.member(y)]
    out: dict[str, Any] = {"years": years, **{d.id: [] for d in dims}}
    if not years:
        return out
    lo, hi = sorted((a.ccode, b.ccode))
    look = Lookup(ws, lo, hi, sorted({u for y in years for u in _years(y)}))
    for y in years:
        tri_y = (
            triangle(ws, a.ccode, b.ccode, y, third=tri.third, patron=tri.patron)
            if tri.third is not None
            else None
        )
        for d in score_dimensions(ws, look, dims, a, b, y, tri_y):
            out[d["id"]].append(d["score"])
    return out
