"""`alignscope measures A B --year Y`: every measure of one dyad-year, with its source rows.

The core is `measures.dyad.dyad_measures` (trade, regime and, when `measures.fpsim` is
installed, foreign-policy similarity); `measures_command` only resolves the states, calls it
and `triangle`, and renders text or JSON. State 1 is A and state 2 is B as the user gave them.
"""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table

from ..catalog import dataset
from ..countries import State, resolve
from ..errors import UsageError
from ..measures.dyad import MISSING, dyad_measures
from ..measures.provenance import Sourced, coverage_text
from ..measures.triangle import Triangle, triangle
from ..render import emit_json, fmt, stdout
from ..workspace import Workspace
from .common import FORMAT, PATRON, THIRD, check_year, handle_errors, workspace


def labels(a: str, b: str, c: str = "C", p: str = "P") -> dict[str, str]:
    """Short, 80-column-friendly labels of every measure, with the states' codes."""
    out = {
        "bilateral_trade": "bilateral trade, $m",
        "trade_share_1": f"{b} share of {a} trade",
        "trade_share_2": f"{a} share of {b} trade",
        "trade_gdp_approx_1": f"trade / {a} GDP (approx.)",
        "trade_gdp_approx_2": f"trade / {b} GDP (approx.)",
        "trade_salience": "salience (Barbieri)",
        "trade_symmetry": "symmetry (Barbieri)",
        "trade_interdependence": "interdependence (Barbieri)",
        "trade_asymmetry": f"asymmetry ({a} − {b} share)",
        "polyarchy_dist": "polyarchy distance",
        "joint_democracy_polity": "joint democracy, polity2 ≥ 6",
        "joint_democracy_vdem": "joint democracy, polyarchy > .5",
        "joint_democracy_years": "years jointly democratic",
        "c_exposure_diff": f"exposure to {c}: {a} − {b}",
        "c_exposure_ratio": f"exposure to {c}: {a} / {b}",
        "shared_patron": f"{p} allied with both",
        "p_rival_c_tss": f"{p}–{c} rivalry (TSS)",
        "p_rival_c_td": f"{p}–{c} rivalry (TD)",
    }
    for i, s in ((1, a), (2, b)):
        out |= {
            f"rival_{i}_c_tss": f"{s}–{c} rivalry (TSS)",
            f"rival_{i}_c_td": f"{s}–{c} rivalry (TD)",
            f"trade_share_{i}_c": f"{c} share of {s} trade",
            f"mid_ongoing_{i}_c": f"{s}–{c} MID ongoing",
            f"mid_years10_{i}_c": f"{s}–{c} MID-years, 10 yrs",
            f"p_defence_to_{i}": f"{p}→{s} defence",
            f"defence_{i}_to_p": f"{s}→{p} defence",
            f"alliance_{i}_p": f"{s}–{p} any alliance",
            f"atop_tie_{i}_p": f"{s}–{p} ATOP tie (0–3)",
            f"trade_share_{i}_p": f"{p} share of {s} trade",
            f"c_over_p_dependence_{i}": f"{s} trade share {c} / {p}",
        }
    out |= {f"common_rival_{t}": f"{c} rival of both ({t.upper()})" for t in ("tss", "td")}
    return out


def _value(v: Any) -> str:
    if isinstance(v, bool) or (isinstance(v, int) and abs(v) < 10_000):
        return str(int(v))
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3f}"
    return fmt(v)


def print_section(title: str, values: dict[str, Sourced], names: dict[str, str]) -> None:
    """A table of measures (value, year used, row references), then the rows and notes."""
    stdout.print(f"\n[bold]{title}[/]")
    refs: dict[str, int] = {}
    notes: dict[str, int] = {}
    table = Table(box=None, pad_edge=False, show_edge=False)
    for col, justify in (
        ("measure", "left"),
        ("value", "right"),
        ("year", "right"),
        ("rows", "left"),
    ):
        table.add_column(col, justify=justify, no_wrap=col != "rows")
    for key, v in values.items():
        ids = sorted(refs.setdefault(r, len(refs) + 1) for r in v.rows)
        used = "–" if v.year_used is None else str(v.year_used)
        if v.note and v.note != MISSING:  # a NULL shows as –; its rows show what is missing
            used += f"*{notes.setdefault(v.note, len(notes) + 1)}"
        table.add_row(names.get(key, key), _value(v.value), used, ",".join(map(str, ids)))
    stdout.print(table)
    rows = Table(box=None, pad_edge=False, show_header=False, show_edge=False)
    rows.add_column(justify="right", no_wrap=True)
    rows.add_column(overflow="fold")
    for text, i in refs.items():
        rows.add_row(f"{i}", text)
    for text, i in notes.items():
        rows.add_row(f"*{i}", text)
    stdout.print(rows)
    spans = {n: coverage_text(n) for v in values.values() for n in v.source.split("+")}
    stdout.print(f"coverage: {'; '.join(f'{n} {s}' for n, s in spans.items())}")


def print_similarity(sim: dict[str, Any] | None) -> None:
    stdout.print("\n[bold]Foreign-policy similarity[/]")
    if sim is None:
        stdout.print("not available: alignscope.measures.fpsim is not installed")
        return
    table = Table(box=None, pad_edge=False, show_edge=False)
    for col in ("source", "measure", "value"):
        table.add_column(col, justify="right" if col == "value" else "left", no_wrap=True)
    for source, entry in sim.items():
        for key, value in entry.items():
            if not isinstance(value, dict | list):
                table.add_row(source, key, _value(value))
    stdout.print(table)


def sources_used(measures: dict[str, Any], tri: Triangle | None) -> dict[str, Any]:
    names = {
        name
        for group in (measures["trade"], measures["regime"], tri.features if tri else {})
        for v in group.values()
        for name in v.source.split("+")
    }
    similarity_data = {"atop": "atop", "unga": "unga_votes"}  # fpsim's sources -> datasets
    names |= {similarity_data[s] for s in measures["similarity"] or {} if s in similarity_data}
    out = {}
    for name in sorted(names):
        d = dataset(name)
        out[name] = {
            "dataset": d.dataset,
            "version": d.version,
            "years": d.years,
            "cite": f"alignscope cite {name}",
        }
    return out


def _party(ws: Workspace, query: str | None, year: int, role: str, taken: list[State]):
    if query is None:
        return None
    state = resolve(ws, query, year)
    clash = next((s for s in taken if s.ccode == state.ccode), None)
    if clash is not None:
        raise UsageError(
            f"the {role} {state.name} is already one of the states named; choose another {role}"
        )
    return state


@click.command("measures")
@click.argument("state_a")
@click.argument("state_b")
@click.option("--year", type=int, required=True, help="The year to measure.")
@THIRD
@PATRON
@FORMAT
@click.pass_context
@handle_errors
def measures_command(
    ctx: click.Context,
    state_a: str,
    state_b: str,
    year: int,
    third: str | None,
    patron: str | None,
    fmt_: str,
) -> None:
    """Every measure of dyad A–B in YEAR, with the dataset rows it came from.

    Trade (Barbieri), regime, foreign-policy similarity and the triangle with a third
    state C and a patron P. Sources that end before YEAR use their last year, marked *N.

    \b
      alignscope measures TWN JPN --year 2011
      alignscope measures TWN JPN --year 2011 --third CHN --patron USA --format json
    """
    run(workspace(ctx), state_a, state_b, year, third, patron, fmt_)


def run(
    ws: Workspace,
    state_a: str,
    state_b: str,
    year: int,
    third: str | None,
    patron: str | None,
    fmt_: str,
) -> None:
    check_year(year)
    a, b = resolve(ws, state_a, year), resolve(ws, state_b, year)
    if a.ccode == b.ccode:
        raise UsageError(f"both states are {a.name}; name two different states")
    c = _party(ws, third, year, "third state", [a, b])
    p = _party(ws, patron, year, "patron", [a, b] + ([c] if c else []))
    measures = dyad_measures(ws, a.ccode, b.ccode, year)
    tri = triangle(ws, a.ccode, b.ccode, year, third=c and c.ccode, patron=p and p.ccode)
    if fmt_ == "json":
        emit_json(
            {
                "states": [a.code, b.code],
                "ccodes": [a.ccode, b.ccode],
                "year": year,
                "measures": {
                    "trade": {k: v.as_dict() for k, v in measures["trade"].items()},
                    "regime": {k: v.as_dict() for k, v in measures["regime"].items()},
                    "similarity": measures["similarity"],
                },
                "triangle": tri.as_dict(ws),
                "sources": sources_used(measures, tri),
            }
        )
        return
    render_text(ws, a, b, year, measures, tri)


def render_text(
    ws: Workspace, a: State, b: State, year: int, measures: dict[str, Any], tri: Triangle
) -> None:
    codes = tri.as_dict(ws)
    c = codes["third"]["state"] if codes["third"] else "C"
    p = codes["patron"]["state"] if codes["patron"] else "P"
    names = labels(a.code, b.code, c, p)
    stdout.print(f"[bold]{a.name_in(year)} ({a.code}) – {b.name_in(year)} ({b.code}), {year}[/]")
    stdout.print(f"state 1 = {a.code}, state 2 = {b.code}; rows = dataset rows listed below")
    print_section("Trade (COW trade 4.0; Barbieri 1996)", measures["trade"], names)
    print_section("Regime (V-Dem, Polity5)", measures["regime"], names)
    print_similarity(measures["similarity"])
    for role, key in (("Third state", "third"), ("Patron", "patron")):
        party = codes[key]
        if party is None:
            continue
        how = "given"
        if party["suggested"]:
            how = (
                f"suggested: {party['rule']}; criterion {_value(party['criterion'])} "
                f"in {party['year_used']}"
            )
        stdout.print(f"\n[bold]{role} {party['state']}[/] ({how})", soft_wrap=False)
    features = tri.features
    if features:
        print_section("Triangle", features, names)
    for note in tri.notes:
        stdout.print(note)
    stdout.print(
        "\n– NULL; *N: see note N (e.g. an earlier year stood in). Datasets: --format json; "
        "citations: alignscope cite NAME."
    )
