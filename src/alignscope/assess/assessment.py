"""Assemble an assessment: the engine's row for the dyad (indicators, dimension scores, type
with reasons, C and P) plus its report-only parts (triangle features, evidence, agreements,
options, sources) as one JSON-ready dict (the contract reports render). Its notes with
numbers or names are `messages.Message`s, listed with their ids and parameters under
"messages", so renderers translate them without reading the English back."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..catalog import dataset, manifest
from ..countries import State, resolve
from ..curated import agreements_between, dyad_counts, evidence_for_dyad, frameworks_with
from ..errors import UsageError
from ..measures.parties import MODEL_CITES
from ..measures.triangle import PATRON_RULE, THIRD_RULE, triangle
from ..messages import Message, index
from ..numbers import number
from ..workspace import Workspace
from .dimensions import Dimension, load_dimensions
from .engine import EVIDENCE_WINDOW, col, dyad_rows, row_for
from .indicators import INDICATORS, evidence_shipped
from .options import assessment_options
from .taxonomy import FACTS, explain


def _indicator(row: dict[str, Any], dim: Dimension, j: int, year: int) -> dict[str, Any]:
    use = dim.uses[j]
    ind = INDICATORS[use.name]
    raw = row.get(f"raw_{col(use.name)}")
    score = row.get(f"s_{col(dim.id)}_{j}")
    used = row.get(f"year_{col(ind.source)}") if ind.kind == "frame" else None
    note = None
    if ind.kind == "frame":
        hi = dataset(ind.source).years[1]
        if used is None:
            note = Message("{name} starts after {year}", name=ind.source, year=year)
        elif not ind.carry and used != year:
            note = Message("{name} ends in {end}: a current event cannot be tested after it",
                           name=ind.source, end=hi)
            used = None
        elif used != year:
            note = Message("{name} ends in {end}; its {end} value is used", name=ind.source,
                           end=used)
    elif ind.kind == "triangle":
        used = year if raw is not None else None
        if raw is None:
            note = "needs a third state / patron"
    else:
        used = year if raw is not None else None
        if raw is None:
            note = Message("no curated evidence in {start}–{end}",
                           start=year - EVIDENCE_WINDOW + 1, end=year)
    if isinstance(raw, bool):
        raw = int(raw)
    normalised = None if score is None else (score if use.direction == "+" else 1 - score)
    return {
        "name": ind.name,
        "label": ind.label,
        "direction": use.direction,
        "weight": use.weight,
        "normalise": use.normalise,
        "source": ind.source,
        "year_used": used,
        "raw": raw,
        "note": note if score is not None or note else "no data",
        "rows": [f"{ind.kind} {ind.source} ccode1={row['ccode1']} ccode2={row['ccode2']} "
                 f"year={used}"] if used is not None else [],
        "score": score,
        "normalised": normalised,
        "missing": score is None,
    }


def dimensions_of(row: dict[str, Any], dims: tuple[Dimension, ...]) -> list[dict[str, Any]]:
    """The dimensions of one engine row, each with its indicators (for reports)."""
    out = []
    for dim in dims:
        inds = [_indicator(row, dim, j, row["year"]) for j in range(len(dim.uses))]
        total = sum(u.weight for u in dim.uses)
        have = sum(i["weight"] for i in inds if not i["missing"])
        out.append({
            "id": dim.id,
            "name": dim.name,
            "question": dim.question,
            "score": row.get(f"score_{col(dim.id)}"),
            "n_indicators": row.get(f"n_{col(dim.id)}"),
            "weight_available": have / total,
            "indicators": inds,
        })
    return out


def _states(ws: Workspace, queries: list[str | int], year: int) -> list[State]:
    states = [resolve(ws, q, year) for q in queries]
    if len({s.ccode for s in states}) < len(states):
        raise UsageError("name each state once: the same state appears twice")
    return states


def _fact_notes(row: dict[str, Any], year: int) -> list[str]:
    notes = []
    for src in sorted({s for _, s, _ in FACTS.values()}):
        used = row.get(f"year_{col(src)}")
        if used is not None and used != year:
            notes.append(Message("{name} ends in {end}; its {end} values stand in for {year}.",
                                 name=dataset(src).dataset, end=used, year=year))
    return notes


def verdict(row: dict[str, Any]) -> dict[str, Any]:
    """Type, secondary labels, rule codes and every rule's reasons from one engine row."""
    return {
        "type": row["type"],
        "secondary": list(row["secondary"] or []),
        "rules": list(row["rules"] or []),
        "untested": list(row["untested"] or []),
        "reasons": explain(row),
    }


def classify(ws: Workspace, queries: list[str | int], year: int) -> dict[str, Any]:
    """Type, secondary labels and reasons for a dyad, or for a group of three or more."""
    states = _states(ws, queries, year)
    if len(states) < 2:
        raise UsageError("name at least two states")
    codes = [s.code for s in states]
    if len(states) == 2:
        lo, hi = sorted(s.ccode for s in states)
        row = row_for(ws, lo, hi, year, load_dimensions())
        return {"states": codes, "year": year, **verdict(row), "notes": _fact_notes(row, year)}
    return {"states": codes, "year": year, **classify_group(ws, states, year), "notes": []}


def classify_group(ws: Workspace, states: list[State], year: int) -> dict[str, Any]:
    """A group is an alliance when every pair is allied, minilateral when one standing
    dialogue or framework active that year has all of them as parties (Naím 2009; a
    framework's dormant years do not count), else its pairs' types."""
    dims = load_dimensions()
    pairs = {}
    for i, x in enumerate(states):
        for y in states[i + 1 :]:
            lo, hi = sorted((x.ccode, y.ccode))
            pairs[f"{x.code}-{y.code}"] = row_for(ws, lo, hi, year, dims)["type"]
    frameworks = frameworks_with(ws, [s.ccode for s in states], year)
    all_allied = all(v == "alliance" for v in pairs.values())
    reasons = [
        {"rule": "alliance", "code": "alliance.all_pairs", "fired": all_allied,
         "summary": "every pair is allied", "cite": "Wilkins 2012", "values": pairs},
        {"rule": "minilateral", "code": "minilateral.framework", "fired": bool(frameworks),
         "summary": "a standing dialogue or framework, active that year, with all of them",
         "cite": "Naím 2009",
         "values": {"frameworks": [f"{r[0]} ({r[2]})" for r in frameworks]}},
    ]
    fired = [r["rule"] for r in reasons if r["fired"]]
    primary = fired[0] if fired else "non_aligned"
    for r in reasons:
        r["primary"] = r["rule"] == primary
    return {"type": primary, "secondary": fired[1:],
            "rules": [r["code"] for r in reasons if r["fired"]], "reasons": reasons,
            "pairs": pairs}


def triangle_choice(ws: Workspace, row: dict[str, Any]) -> dict[str, Any]:
    """Why C and P are who they are (the model in `measures.parties`), from an engine row."""
    def code(c: int | None) -> str | None:
        return None if c is None else resolve(ws, int(c)).code

    hub = row.get("hub")
    return {
        "model": MODEL_CITES,
        "third": code(row.get("third")),
        "third_score": row.get("third_score"),
        "third_runner_up": code(row.get("third_2")),
        "third_threat": [row.get("third_threat_1"), row.get("third_threat_2")],
        "patron": code(row.get("patron")),
        "patron_score": row.get("patron_score"),
        "patron_runner_up": code(row.get("patron_2")),
        "patron_support": [row.get("patron_support_1"), row.get("patron_support_2")],
        "hub": code(hub),
        "patron_note": (
            (Message("{code} is itself the great power backing the pair: no outside patron",
                     code=code(hub))
             if min(row.get("patron_support_1") or 0, row.get("patron_support_2") or 0) > 0
             else
             Message("the pair includes the strongest great power ({code}): no outside patron "
                     "is looked for", code=code(hub)))
            if hub is not None else
            None if row.get("patron") is not None else
            "no great power backs either state (defence obligation or support signals)"
        ),
        "third_note": None if row.get("third") is not None else
        "no state threatens either side (no rivalry or militarised dispute in ten years)",
    }

def _agreements(ws: Workspace, a: State, b: State, year: int) -> list[dict[str, Any]]:
    return agreements_between(ws, [a.ccode, b.ccode], until=year)


def _evidence(ws: Workspace, a: State, b: State, year: int) -> list[dict[str, Any]]:
    if not evidence_shipped():
        return []
    return evidence_for_dyad(ws, a.ccode, b.ccode, until=year, newest_first=True)


THIN_INSTRUMENTS, THIN_EVIDENCE = 2, 3
"""Below both, a dyad's curated coverage is thin: the report says so (issue 11)."""


def _coverage_notes(ws: Workspace, sa: State, sb: State, year: int) -> list[str]:
    """A note when few curated instruments and evidence records bear on the dyad: its I-4,
    I-5 and E scores then rest mostly on the datasets (a `Message`, translated by its id)."""
    n_agreements, n_evidence = dyad_counts(ws, sa.ccode, sb.ccode, year)
    if n_agreements >= THIN_INSTRUMENTS or n_evidence >= THIN_EVIDENCE:
        return []
    return [Message(
        "few curated records for {a}–{b}: {n_agreements} instruments and {n_evidence} evidence "
        "records up to {year}; the I-4, I-5 and E scores rest mostly on datasets",
        a=sa.code, b=sb.code, n_agreements=n_agreements, n_evidence=n_evidence, year=year,
    )]


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
    if c is not None and c in (sa.ccode, sb.ccode):
        raise UsageError("the third state must differ from both states of the dyad")
    if p is not None and p in (sa.ccode, sb.ccode, c):
        raise UsageError("the patron must differ from both states of the dyad and the third")
    lo, hi = sorted((sa.ccode, sb.ccode))
    row = row_for(ws, lo, hi, year, dims, third=c, patron=p)
    if sa.ccode > sb.ccode:  # the engine keeps ccode1 < ccode2; the report keeps A, B
        row = _swap_sides(row)
    tri = triangle(ws, sa.ccode, sb.ccode, year, third=row["third"], patron=row["patron"],
                   suggest=False)
    dimensions = dimensions_of(row, dims)
    options = assessment_options(ws, tri, current_type=row["type"])
    used = {i["source"] for d in dimensions for i in d["indicators"]} | {"agreements"}
    used |= {s for _, s, _ in FACTS.values()}
    for feature in [*tri.as_dict(ws)["features"].values(),
                    *(options.get("inputs") or {}).values()]:
        used |= set(str(feature.get("source") or "").split("+"))
    choice = triangle_choice(ws, row)
    tri_dict = tri.as_dict(ws)
    for role, given in (("third", third is not None), ("patron", patron is not None)):
        party = tri_dict[role]
        if party is not None and not given:
            party.update(suggested=True, rule=THIRD_RULE if role == "third" else PATRON_RULE)
    tri_dict["why"] = {"third": _why_third(choice, sa, sb), "patron": _why_patron(choice, sa, sb)}
    result = {
        "alignscope_version": __version__,
        "states": [sa.code, sb.code],
        "ccodes": [sa.ccode, sb.ccode],
        "names": {"en": [sa.name_in(year), sb.name_in(year)],
                  "zh-TW": [sa.label("zh-TW", year), sb.label("zh-TW", year)]},
        "year": year,
        **verdict(row),
        "dimensions": dimensions,
        "latest_source_year": row["latest_source_year"],
        "series": None,
        "triangle": {**tri_dict, "choice": choice,
                     "given": {"third": third is not None, "patron": patron is not None}},
        "evidence": _evidence(ws, sa, sb, year),
        "agreements": _agreements(ws, sa, sb, year),
        "options": options,
        "sources": _sources({s for s in used if s in manifest()}),
        "notes": _fact_notes(row, year) + _coverage_notes(ws, sa, sb, year),
    }
    if series_from is not None:
        result["series"] = series(ws, sa, sb, range(series_from, year + 1), dims)
    result["messages"] = index(result)
    return result


def _why_third(choice: dict[str, Any], a: State, b: State) -> str:
    """Why C is C, as a `Message` the reports translate by its id."""
    if choice["third"] is None:
        return choice["third_note"]
    t1, t2 = choice["third_threat"]
    return Message("score {score}: threat to {a} {t1}, to {b} {t2}; runner-up {runner}",
                   score=number(choice["third_score"]), a=a.code, t1=number(t1), b=b.code,
                   t2=number(t2), runner=choice["third_runner_up"] or "none")


def _why_patron(choice: dict[str, Any], a: State, b: State) -> str:
    """Why P is P (or why there is none), as a `Message` (or a fixed note)."""
    if choice["patron"] is None:
        return choice["patron_note"]
    s1, s2 = choice["patron_support"]
    return Message("support for {a} {s1}, for {b} {s2}; runner-up {runner}", a=a.code,
                   s1=number(s1), b=b.code, s2=number(s2),
                   runner=choice["patron_runner_up"] or "none")


def _swap_sides(row: dict[str, Any]) -> dict[str, Any]:
    """The row with side 1 and side 2 exchanged (for a dyad asked as B, A)."""
    out = dict(row)
    for x, y in (("third_threat_1", "third_threat_2"), ("patron_support_1", "patron_support_2"),
                 ("rival_1_c", "rival_2_c"), ("mid_years10_1_c", "mid_years10_2_c"),
                 ("share_1_c", "share_2_c")):
        out[x], out[y] = row.get(y), row.get(x)
    return out


def series(ws: Workspace, a: State, b: State, years, dims) -> dict[str, Any]:
    """Dimension scores for each year from the engine (C and P as the engine chose them
    each year), for the over-time chart."""
    years = [y for y in years if a.member(y) and b.member(y)]
    out: dict[str, Any] = {"years": years, **{d.id: [] for d in dims}, "type": []}
    if not years:
        return out
    lo, hi = sorted((a.ccode, b.ccode))
    found = {r["year"]: r for r in dyad_rows(ws, lo, hi, tuple(years), dims)}
    for y in years:
        r = found.get(y, {})
        for d in dims:
            out[d.id].append(r.get(f"score_{col(d.id)}"))
        out["type"].append(r.get("type"))
    return out
