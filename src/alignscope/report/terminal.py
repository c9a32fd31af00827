"""The terminal report: an assessment summarised in 80 columns (rich).

Type and why (each fired rule with the values that made it fire), the seven dimensions
with a bar each and a dot per indicator (● data, ○ missing), the triangle's features on
the edges between the states they concern, the most recent evidence, notes and sources.
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .view import Names, build_view

WIDTH = 80
EVIDENCE_LINES = 5
TORNADO_LINES = 3


def _indent(text: Text | str, n: int, style: str = "") -> Padding:
    """Text whose wrapped lines keep the indentation of its first line."""
    body = text if isinstance(text, Text) else Text(text, style=style)
    return Padding(body, (0, 0, 0, n), expand=False)


def _bullet(mark: Text | str, body: Text | str, n: int = 2, style: str = "") -> Padding:
    """A mark and a text whose wrapped lines align after the mark (CJK text included)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(mark, body if isinstance(body, Text) else Text(body, style=style))
    return Padding(grid, (0, 0, 0, n), expand=False)


def _heading(view: dict[str, Any]) -> list[Any]:
    _, t = view["t"], view["t"]
    kind = Text(_("Type: {name}").format(name=view["type"]["name"]), style="bold magenta")
    if view["secondary"]:
        also = t.comma.join(s["name"] for s in view["secondary"])
        kind.append("  " + _("also: {names}").format(names=also), style="magenta")
    return [kind]


def _rules(view: dict[str, Any]) -> list[Any]:
    _, t = view["t"], view["t"]
    out: list[Any] = [Text(_("Why (rules that fired):"), style="bold")]
    if not view["fired"]:
        out.append(_indent(_("no rule fired"), 2, "dim"))
    for r in view["fired"]:
        text = _("{name}: {summary}").format(name=r["name"], summary=r["summary"])
        out.append(_bullet(Text("✓", style="green"), text if r["summary"] else r["name"]))
        if r["values"]:
            out.append(_indent(" · ".join(f"{k} = {v}" for k, v in r["values"]), 4, "cyan"))
        if r["cite"]:
            out.append(_indent(r["cite"], 4, "dim"))
    if view["not_fired"]:
        names = t.comma.join(r["name"] for r in view["not_fired"])
        out.append(_indent(_("Not fired: {names}").format(names=names), 2, "dim"))
    return out


def _dimensions(view: dict[str, Any]) -> list[Any]:
    _ = view["t"]
    head = Text(_("Dimensions"), style="bold")
    head.append("  " + _("(0–100; – no score; ● indicator with data, ○ without)"), style="dim")
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, overflow="ellipsis", max_width=30)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    for d in view["dimensions"]:
        dots = "".join("○" if i["missing"] else "●" for i in d["indicators"])
        table.add_row(
            d["id"],
            d["name"],
            Text(d["bar"], style="blue" if d["score"] is not None else "dim"),
            d["score_text"],
            Text(dots, style="yellow" if d["missing"] else "green"),
        )
    return [head, table]


def _feature(item: dict[str, Any], view: dict[str, Any]) -> str:
    """'label: value', with the source year when an earlier year stands in."""
    _ = view["t"]
    used, year = item["year_used"], view["year"]
    stale = f" ({used})" if used is not None and year is not None and used != year else ""
    return _("{label}: {value}").format(label=item["label"], value=item["value"] + stale)


def _triangle(view: dict[str, Any]) -> list[Any]:
    _ = view["t"]
    tri = view["triangle"]
    parties = tri["parties"]
    out: list[Any] = [Text(_("Triangle"), style="bold")]
    for key, role in (("C", _("third state")), ("P", _("patron"))):
        party = parties[key]
        who = f"{party['name']} ({party['code']})" if party["code"] else party["name"]
        line = Text(f"{key} = {who}  ")
        line.append(
            _("{role}, suggested").format(role=role) if party["suggested"] else role, style="dim"
        )
        out.append(_indent(line, 2))
        if party.get("why"):
            out.append(_indent(party["why"], 4, "dim"))
    short = tri["short"]
    a, b, c, p = short["A"], short["B"], short["C"], short["P"]
    edges = (
        ("AC", f"{a}–{c}"),
        ("BC", f"{b}–{c}"),
        ("ABc", f"{a}–{b}"),
        ("AP", f"{a}–{p}"),
        ("BP", f"{b}–{p}"),
        ("ABp", f"{a}–{b}"),
        ("PC", f"{p}–{c}"),
        ("other", "…"),
    )
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    for key, label in edges:
        items = tri["edges"].get(key) or []
        if items:
            table.add_row(label, " · ".join(_feature(i, view) for i in items))
    if table.row_count:
        out.append(table)
        out.append(_indent(_("(year): the source ends earlier; its last year stands in"), 2, "dim"))
    out += [_indent(n, 2, "dim") for n in tri["notes"]]
    return out


def _evidence(view: dict[str, Any]) -> list[Any]:
    _ = view["t"]
    items = view["evidence"][::-1][:EVIDENCE_LINES]
    out: list[Any] = [Text(_("Evidence (most recent first)"), style="bold")]
    if not items:
        out.append(_indent(_("no curated evidence"), 2, "dim"))
        return out
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for e in items:
        sign = Text(e["direction"] or " ", style="green" if e["direction"] == "+" else "red")
        table.add_row(e["date"], Text(f"{e['dimension']} ").append(sign), e["summary"])
    out.append(table)
    more = len(view["evidence"]) - len(items)
    if more > 0:
        out.append(_indent(_("{n} more in the HTML and JSON reports").format(n=more), 2, "dim"))
    return out


def _options_head(o: dict[str, Any], view: dict[str, Any]) -> list[Any]:
    _ = view["t"]
    who = [
        _("{role} = {name} ({code}), {how}").format(**p)
        if p["how"]
        else _("{role} = {name} ({code})").format(**p)
        for p in o["parties"]
        if p["role"] in ("C", "P")
    ]
    runs = _("{draws} draws, seed {seed}; {units}").format(
        draws=o["draws"], seed=o["seed"], units=o["units"]
    )
    return [_indent(" · ".join(who), 2), _indent(runs, 2, "dim")]


def _options_table(o: dict[str, Any], view: dict[str, Any]) -> list[Any]:
    _ = view["t"]
    roles = o["roles"]
    table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold")
    table.add_column(_("option"), overflow="fold", min_width=21, max_width=22)
    for r in roles:
        table.add_column(o["short"].get(r, r), justify="right", no_wrap=True)
    table.add_column(_("joint"), justify="right", no_wrap=True)
    table.add_column(_("feas."), justify="right", no_wrap=True)
    table.add_column(_("best"), justify="right", no_wrap=True)
    table.add_column(_("consent"), overflow="fold")
    for row in o["rows"]:
        label = Text(row["label"], style="bold" if row["preferred"] else "")
        cells = [row["net"][r]["value"] if r in row["net"] else "–" for r in roles]
        table.add_row(
            label,
            *cells,
            row["joint"]["value"],
            row["p_feasible"],
            row["p_best"],
            " ".join(row["consent"]) or "–",
        )
    pref = o["preferred"]
    line = _("Preferred at the defaults: {option}; most often best: {best}").format(
        option=pref["at_defaults"], best=pref["most_often_best"]
    )
    return [
        _indent(
            _("Net gain in points at the default parameters (p5–p95 of the draws in the HTML "
              "and JSON reports)"), 2, "dim"
        ),
        Padding(table, (0, 0, 0, 2), expand=False),
        _indent(Text(line, style="bold"), 2),
        _indent(o["criterion"], 2, "dim"),
    ]


def _options_risks(o: dict[str, Any], view: dict[str, Any]) -> list[Any]:
    _ = view["t"]
    table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold")
    table.add_column(_("option"), overflow="fold", min_width=21, max_width=22)
    sides = [("abandonment", r) for r in ("A", "B")] + [("entrapment", r) for r in ("A", "B", "P")]
    for kind, r in sides:
        mark = _("aband.") if kind == "abandonment" else _("entr.")
        table.add_column(f"{mark} {o['short'].get(r, r)}", justify="right", no_wrap=True)
    for row in o["risks"]:
        table.add_row(
            row["label"], *(row[k][r]["default"] if r in row[k] else "–" for k, r in sides)
        )
    return [
        Text(_("Abandonment and entrapment"), style="bold"),
        _indent(_("Snyder 1984: at the default parameters, with respect to the patron"), 2, "dim"),
        Padding(table, (0, 0, 0, 2), expand=False),
    ]


def _options_tornado(o: dict[str, Any], view: dict[str, Any]) -> list[Any]:
    _ = view["t"]
    tor = o["tornado"]
    head = _(
        "joint net gain of A and B under “{option}” ({net} at the defaults), each parameter "
        "from its low to its high end"
    ).format(option=tor["option"], net=tor["default_text"])
    out: list[Any] = [Text(_("Sensitivity"), style="bold"), _indent(head, 2, "dim")]
    for r in tor["rows"][:TORNADO_LINES]:
        text = Text(_("{label} ({range}): ").format(label=r["label"], range=r["range"]))
        text.append(f"{r['net_low_text']} → {r['net_high_text']}", style="cyan")
        if r["flips"]:
            text.append(
                "  " + _("best: {low} → {high}").format(low=r["best_low"], high=r["best_high"])
            )
        out.append(_bullet("•", text))
    if tor["thresholds"]:
        out.append(_indent(_("Thresholds (the preferred option changes):"), 2))
        for h in tor["thresholds"]:
            out.append(
                _bullet(
                    "•",
                    _("{label} = {value}: {from_} → {to}").format(
                        label=h["label"], value=h["value"], from_=h["from"], to=h["to"]
                    ),
                    4,
                )
            )
    else:
        out.append(
            _indent(
                _("No threshold: the preferred option is the same over every declared range."), 2
            )
        )
    return out


def _options(view: dict[str, Any]) -> list[Any]:
    """The options section: parties, net gains, abandonment and entrapment, sensitivity."""
    _ = view["t"]
    o = view["options"]
    title = _("Options: {pair}, {year}").format(pair=view["pair"], year=view["year"])
    out: list[Any] = [Text(title, style="bold")]
    if o["error"]:
        return [*out, _indent(o["error"], 2, "yellow")]
    cur = o["current_type"]
    ladder = _("Current type: {type} ({how}), on the “{rung}” rung: the status quo starts there")
    text = ladder.format(type=cur["name"], how=cur["how"], rung=cur["rung"])
    out += [*_options_head(o, view), _indent(text, 2)]
    out += [*_options_table(o, view), Text("")]
    out += [*_options_risks(o, view), Text(""), *_options_tornado(o, view)]
    out += [_bullet("•", n, style="dim") for n in o["notes"]]
    for m in o["missing"]:
        text = _("{label} missing ({note}): its neutral value is used").format(
            label=m["label"], note=m["note"] or _("no data")
        )
        out.append(_bullet("•", text, style="dim"))
    out.append(_indent(_("Parameters, reasons and citations: --format html or json."), 2, "dim"))
    return out


def renderables(view: dict[str, Any]) -> Group:
    """The whole terminal report as one rich renderable."""
    _, t = view["t"], view["t"]
    title = Text(
        _("{pair}, {year}: alignment assessment").format(pair=view["pair"], year=view["year"]),
        style="bold",
    )
    parts: list[Any] = [title, *_heading(view), *_rules(view), Text("")]
    parts += [*_dimensions(view), Text(""), *_triangle(view), Text(""), *_evidence(view)]
    if view.get("options"):
        parts += [Text(""), *_options(view)]
    if view["notes"]:
        parts += [Text(""), Text(_("Notes"), style="bold")]
        parts += [_bullet("•", n) for n in view["notes"]]
    names = t.comma.join(
        f"{s['name']} {s['version']}" if len(s["version"]) <= 8 else s["name"]
        for s in view["sources"]
    )
    if names:
        parts += [Text(""), Text(_("Sources: {names}").format(names=names), style="dim")]
        parts.append(
            Text(_("Full citations: --format html, or alignscope cite NAME."), style="dim")
        )
    return Group(*parts)


def print_report(view: dict[str, Any], console: Console) -> None:
    """Print the report at most 80 columns wide (plain text when not on a terminal)."""
    width = min(console.width, WIDTH)
    if console.is_terminal:
        console.print(renderables(view), width=width)
    else:
        console.file.write(render_text(view, width))


def _plain(renderable: Any, width: int) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        highlight=False,
        force_terminal=False,
        legacy_windows=False,
    )
    console.print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def render_text(view: dict[str, Any], width: int = WIDTH) -> str:
    """The report as plain text (no colours, no trailing blanks), for --out and tests."""
    return _plain(renderables(view), width)


def classification(result: dict[str, Any], names: Names, lang: str) -> Group:
    """`alignscope classify`: the type, secondary labels and every rule with its values."""
    view = build_view({**result, "dimensions": [], "triangle": {}}, names, lang)
    _ = view["t"]
    title = Text(_("{pair}, {year}").format(pair=view["pair"], year=view["year"]), style="bold")
    parts: list[Any] = [title, *_heading(view), *_rules(view)]
    parts += [_bullet("•", n, style="dim") for n in view["notes"]]
    return Group(*parts)


def render_classification(result: dict[str, Any], names: Names, lang: str) -> str:
    return _plain(classification(result, names, lang), WIDTH)
