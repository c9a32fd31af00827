"""`alignscope options A B --year Y`: the status quo at the dyad's current type, one rung
deeper on the alignment ladder, and a trilateral / minilateral with the patron, with
uncertainty, sensitivity, abandonment and entrapment (the core is `assess.options`)."""

from __future__ import annotations

import textwrap
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from ..assess.options import DEFAULT_DRAWS, DEFAULT_SEED, options
from ..errors import UsageError
from ..render import emit_json, stdout
from .common import (
    FORMAT,
    PATRON,
    THIRD,
    check_params,
    check_year,
    handle_errors,
    workspace,
)

MAX_DRAWS = 1_000_000
"""The draws are held in memory: a million take about 1.5 GB and 12 s; ten million would
fail for want of memory after the work before them."""
SHORT = {"status_quo": "SQ", "deepen": "DEEP", "trilateral": "TRI"}
NAMES = {"status_quo": "status quo", "deepen": "deepen", "trilateral": "trilateral"}
TOP_SENSITIVITY = 8
WIDTH = 80


@click.command("options")
@click.argument("state_a")
@click.argument("state_b")
@click.option("--year", type=int, required=True, help="The year the options are weighed in.")
@THIRD
@PATRON
@click.option(
    "--params",
    "params_file",
    metavar="FILE",
    callback=check_params,
    help="TOML file overriding default/low/high of declared parameters.",
)
@click.option("--draws", type=int, default=DEFAULT_DRAWS, show_default=True,
              callback=lambda ctx, param, value: check_draws(value),
              help=f"Monte Carlo draws (1 to {MAX_DRAWS:,d}).")  # fmt: skip
@click.option("--seed", type=click.IntRange(min=0), default=DEFAULT_SEED, show_default=True,
              help="Seed of the draws (same seed, same output).")  # fmt: skip
@FORMAT
@click.pass_context
@handle_errors
def options_command(
    ctx: click.Context,
    state_a: str,
    state_b: str,
    year: int,
    third: str | None,
    patron: str | None,
    params_file: str | None,
    draws: int,
    seed: int,
    fmt_: str,
) -> None:
    """Weigh the status quo, one rung deeper and a trilateral for dyad A–B.

    The status quo is the dyad's current type (as `alignscope classify` finds it) on the
    declared alignment ladder (no alignment → tacit alignment → strategic partnership →
    alliance → alliance with integration; assess/options_params.toml, [ladder]); deepen
    is the rung above; trilateral / minilateral brings in the patron (or widens a
    framework already in force). Each party's net gain (gains in security, trade and
    international space, less the third party's coercion and military response and the
    cost of entrapment) comes from measured indicators and declared parameters
    (assess/options_params.toml), drawn over their ranges; feasibility requires every
    party whose consent is needed to gain.
    Net gains are in points (hundredths of the capability balance against C) in text and
    JSON alike; the joint net gain of A and B is one figure (at the default parameters)
    in every table and the sensitivity.

    \b
      alignscope options TWN JPN --year 2011
      alignscope options TWN JPN --year 2011 --third CHN --patron USA --draws 100000
      alignscope options JPN AUS --year 2014 --params my_params.toml --format json
    """
    result = options(
        workspace(ctx),
        state_a,
        state_b,
        check_year(year),
        third=third,
        patron=patron,
        params=params_file,
        draws=draws,
        seed=seed,
    )
    if fmt_ == "json":
        emit_json(result)
    else:
        render_text(result)


def check_draws(value: int) -> int:
    """--draws between 1 and MAX_DRAWS, checked while the options are parsed."""
    if not 1 <= value <= MAX_DRAWS:
        raise UsageError(
            f"--draws must be a whole number from 1 to {MAX_DRAWS:,d}, not {value}; the draws "
            "are held in memory (about 1.5 GB per million)"
        )
    return value


def _pts(value: float) -> str:
    """A value already in points, one decimal (0.0 for less than 0.05)."""
    return "0.0" if abs(value) < 0.05 else f"{value:.1f}"


def _table(*columns: str) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False)
    for i, col in enumerate(columns):
        table.add_column(col, justify="left" if i < 2 else "right", no_wrap=True)
    return table


def _party_line(r: dict[str, Any], key: str, role: str) -> str:
    party = r[key]
    how = "suggested" if party["suggested"] else "given"
    return f"{role} = {party['state']} ({'third party' if key == 'third' else key}, {how})"


def _wrapped(text: str, indent: str, first: str | None = None) -> None:
    lines = textwrap.wrap(text, WIDTH - 1, initial_indent=indent if first is None else first,
                          subsequent_indent=indent)  # fmt: skip
    for line in lines:
        stdout.print(escape(line), highlight=False)


def _ladder(r: dict[str, Any]) -> None:
    """Which rung each option stands on, and why."""
    cur, p = r["current_type"], r["parties"]["P"]
    stdout.print(f"\n[bold]Options on the alignment ladder[/] (current type: "
                 f"{cur['type'].replace('_', ' ')}, {cur['how']})")  # fmt: skip
    for o in r["options"]:
        frame = {0: "", 1: f" + framework with {p}", 2: f" + widened framework with {p}"}
        head = f"{SHORT[o['option']]:<4} {o['label']}: rung {o['level']} {o['rung_label']}"
        _wrapped(head + frame[o["framework"]], "     ", first="")
        _wrapped(o["why"], "     ")


def render_text(r: dict[str, Any]) -> None:
    """The options in 80 columns: the ladder, net gains with feasibility, abandonment and
    entrapment, gains and costs at the defaults, the top sensitivity rows."""
    code = r["parties"]
    a, b, c, p = code["A"], code["B"], code["C"], code["P"]
    stdout.print(f"[bold]Alignment options for {a}–{b}, {r['year']}[/]")
    stdout.print(f"{_party_line(r, 'third', 'C')}; {_party_line(r, 'patron', 'P')}")
    stdout.print(
        f"{r['draws']:,d} draws, seed {r['seed']}. Points: hundredths of the capability "
        f"balance against {c} (a 0–100 scale), in text and JSON alike."
    )
    _ladder(r)

    net = _table("option", "party", "default", "5%", "50%", "95%", "P(feas)", "P(best)")
    for o in r["options"]:
        rows = [(code[x], o["net_gain"][x]) for x in ("A", "B", "P", "C")]
        rows.append((f"{a}+{b}", o["joint_net_gain"]))
        for i, (who, st) in enumerate(rows):
            net.add_row(
                NAMES[o["option"]] if i == 0 else "",
                who,
                *(_pts(st[k]) for k in ("default", "p5", "p50", "p95")),
                f"{o['p_feasible']:.2f}" if i == 0 else "",
                f"{o['p_best']:.2f}" if i == 0 else "",
            )
    stdout.print("\n[bold]Net gain (points)[/]: at the default parameters, and the 5th, 50th "
                 "and 95th percentile over the draws")  # fmt: skip
    stdout.print(net)
    consent = "; ".join(
        f"{NAMES[o['option']]} needs {', '.join(code[x] for x in o['consent'])}"
        for o in r["options"]
        if o["consent"]
    )
    stdout.print(
        f"Feasible: every party whose consent is needed gains over the status quo "
        f"({consent or 'no new step'}). Best: the feasible option with the largest "
        f"{a}+{b} net gain. Preferred at the defaults: {NAMES[r['preferred']['at_defaults']]}"
        f"; most often best: {NAMES[r['preferred']['most_often_best']]}."
    )

    risks = _table("option", "", f"aband {a}", f"aband {b}", f"entr {a}", f"entr {b}",
                   f"entr {p}")  # fmt: skip
    for o in r["options"]:
        ab, en = o["abandonment"], o["entrapment"]
        risks.add_row(
            NAMES[o["option"]],
            "",
            *(f"{ab[x]['default']:.2f}" for x in ("A", "B")),
            *(f"{en[x]['default']:.2f}" for x in ("A", "B", "P")),
        )
    stdout.print(f"\n[bold]Abandonment and entrapment with respect to {p}[/] (0–1, at the "
                 "defaults; Snyder 1984)")  # fmt: skip
    stdout.print(risks)

    parts = _table("option", "party", "secur", "econ", "space", "coerc", "milit", "entrap",
                   "net")  # fmt: skip
    for o in r["options"]:
        for role in ("A", "B", "P"):
            v = o["at_defaults"]["parties"][role]
            comp = v["components"]
            parts.add_row(
                NAMES[o["option"]] if role == "A" else "",
                code[role],
                *(_pts(comp[k]) for k in ("security", "economic", "space")),
                *(_pts(comp[k]) for k in ("coercion", "military", "entrapment")),
                _pts(v["net"]),
            )
    stdout.print("\n[bold]Gains and costs at the defaults (points)[/]: security, economy, "
                 "space, less coercion, military response and entrapment")  # fmt: skip
    stdout.print(parts)

    sens = _table("parameter", "range", "low", "high", "best", "flips at")
    for row in r["sensitivity"][:TOP_SENSITIVITY]:
        flips = ", ".join(
            f"{t['value']:.3g} {SHORT[t['from']]}→{SHORT[t['to']]}" for t in row["thresholds"]
        )
        sens.add_row(
            row["parameter"],
            f"{row['low']:g}–{row['high']:g}",
            _pts(row["net_at_low"]),
            _pts(row["net_at_high"]),
            f"{SHORT[row['best_at_low']]}/{SHORT[row['best_at_high']]}",
            flips or "–",
        )
    preferred = r["preferred"]["at_defaults"]
    centre = next(o for o in r["options"] if o["option"] == preferred)["joint_net_gain"]
    stdout.print(
        f"\n[bold]Sensitivity[/]: {a}+{b} net gain (points) of the {NAMES[preferred]} "
        f"({_pts(centre['default'])} at the defaults, as in the tables) at the low and high "
        "end of each range (others at defaults), best option there, flip points"
    )
    stdout.print(sens)
    for note in r["notes"]:
        stdout.print(note)
    stdout.print(
        "SQ status quo, DEEP one rung deeper, TRI trilateral / minilateral. Parameters and "
        "the ladder with reasons, inputs with their rows, every sensitivity row: "
        "--format json."
    )
