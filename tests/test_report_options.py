"""The options section of the reports (issue 6 item 5; issue 10: options from the current
type, one joint-gain figure in points): terminal in 80 columns, HTML with its charts and
still self-contained, both languages, every string of the options model in the catalog."""

from __future__ import annotations

import copy
import re

import pytest
from rich.cells import cell_len
from test_report import assert_self_contained, real_assessment, view_of

from alignscope.assess.options import DEFAULT_DRAWS, DEFAULT_SEED, options
from alignscope.assess.options.analysis import CRITERION, UNITS
from alignscope.assess.options.inputs import INPUT_LABELS
from alignscope.assess.options.ladder import all_labels, load_ladder
from alignscope.assess.options.model import COSTS, GAINS
from alignscope.assess.options.params import load_params
from alignscope.messages import Message
from alignscope.report import i18n
from alignscope.report.html import render_html
from alignscope.report.options_view import (
    COMPONENTS,
    HOW,
    LADDER_MSGIDS,
    percent,
    signed,
)
from alignscope.report.terminal import WIDTH, render_text

ZH = i18n.Translator("zh-TW")


@pytest.fixture(scope="module")
def real(ws) -> dict:
    return real_assessment(ws)


def _section(page: str) -> str:
    start = page.index('<section id="options">')
    return page[start : page.index("</section>", start)]


def test_formatting_keeps_signs_and_small_shares_visible():
    assert signed(-1.25) == "−1.2" and signed(1.91) == "+1.9"  # points
    assert signed(0.04) == "0.0" and signed(None) == "–"
    assert percent(0.00425) == "<1%" and percent(0.99575) == ">99%"
    assert percent(0.0) == "0%" and percent(1.0) == "100%" and percent(0.5) == "50%"


def test_every_string_of_the_options_model_is_a_msgid():
    params = load_params().values()
    ladder = load_ladder()
    strings = {*all_labels(), *INPUT_LABELS.values(), UNITS, CRITERION, ladder.reason}
    strings |= {p.label for p in params} | {p.as_dict()["reason"] for p in params}
    strings |= {r.label for r in ladder.rungs} | {r.reason for r in ladder.rungs}
    strings |= {" ".join(ladder.framework[k].split()) for k in ("reason", "widen_reason")}
    strings |= set(HOW.values())
    assert [k for k, _ in COMPONENTS] == [*GAINS, *COSTS]
    msgids = i18n.report_msgids() | {m for _, m in COMPONENTS} | set(LADDER_MSGIDS)
    assert sorted(strings - msgids) == []
    assert [s for s in strings if ZH.data(s) == s] == []


def test_view_reads_the_options_entry(ws, real):
    raw = real["options"]
    o = view_of(ws, real)["options"]
    assert [r["option"] for r in o["rows"]] == ["status_quo", "deepen", "trilateral"]
    assert raw["current_type"]["type"] == "tacit_alignment"  # the flagship stays tacit
    assert [r["label"] for r in o["rows"]][:2] == [
        "status quo (tacit alignment)",
        "deepen to strategic partnership",
    ]
    # consent by ISO3 through `parties`: a trilateral needs A, B and the patron
    assert raw["parties"] == {"A": "TWN", "B": "JPN", "C": "CHN", "P": "USA"}
    assert [r["consent"] for r in o["rows"]] == [[], ["TWN", "JPN"], ["TWN", "JPN", "USA"]]
    assert [r["preferred"] for r in o["rows"]] == [
        x["option"] == raw["preferred"]["at_defaults"] for x in raw["options"]
    ]
    # The tornado's centre is the joint net gain at the defaults: a parameter whose ends
    # change nothing (zero swing) must give exactly that value at both ends.
    tor = o["tornado"]
    flat = [r for r in raw["sensitivity"] if r["swing"] == 0]
    assert flat and all(r["net_at_low"] == pytest.approx(tor["default"]) for r in flat)
    assert len(tor["rows"]) == 8
    assert [r["parameter"] for r in tor["rows"]] == [r["parameter"] for r in raw["sensitivity"][:8]]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_terminal_options_fit_80_columns(ws, real, lang):
    text = render_text(view_of(ws, real, lang))
    wide = [line for line in text.splitlines() if cell_len(line) > WIDTH]
    assert not wide, wide
    head = "Options: Taiwan – Japan, 2011" if lang == "en" else "選項：台灣 – 日本，2011 年"
    assert head in text
    tornado = [line for line in text.splitlines() if "→" in line and line.lstrip()[:1] == "•"]
    assert len(tornado) == 3  # the three most sensitive parameters


def test_thresholds_and_errors_are_shown(ws, real):
    result = copy.deepcopy(real)
    row = result["options"]["sensitivity"][0]
    row["thresholds"] = [{"value": 0.3125, "from": "status_quo", "to": "trilateral"}]
    for lang, expect in (
        ("en", "value of trade share vs security = 0.312: status quo (tacit alignment) → "
               "trilateral / minilateral"),
        ("zh-TW", "貿易比重相對於安全的價值 = 0.312：現狀（默示性同盟） → 三邊／小多邊架構"),
    ):  # fmt: skip
        view = view_of(ws, result, lang)
        assert expect in re.sub(r"\s+", " ", render_text(view))
        assert "0.312" in _section(render_html(view))
    error = Message(  # as analysis.analyse raises it
        "no {role} could be suggested for {year} from the data; name one with {flag}",
        role="patron", year=2011, flag="--patron",
    )
    assert error == "no patron could be suggested for 2011 from the data; name one with --patron"
    result["options"] = {"error": error}
    assert error in render_text(view_of(ws, result))
    zh = view_of(ws, result, "zh-TW")
    sentence = "無法依資料為 2011 年建議庇護強權；請用 --patron 指定"
    assert sentence in render_text(zh).replace("\n  ", "")
    assert sentence in _section(render_html(zh))


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_html_options_section_is_self_contained_and_translated(ws, real, lang):
    page = render_html(view_of(ws, real, lang))
    assert_self_contained(page)
    section = _section(page)
    assert section.count('class="marks"') == 3  # net gains, abandonment/entrapment, tornado
    assert '<a href="#options">' in page
    if lang == "zh-TW":
        text = re.sub(r"<(style|code|svg)\b.*?</\1>", " ", section, flags=re.S)
        text = re.sub(r"<[^>]+>", "\n", text)
        chunks = {c.strip() for c in text.split("\n") if c.strip()}
        english = {m for m in i18n.report_msgids() if len(m) > 3}
        english |= {m for _, m in COMPONENTS} | {m.id for m in i18n.extract() if m.id}
        assert sorted(c for c in chunks if c in english) == []
        assert "三邊／小多邊架構" in section and "遭遺棄" in section and "敏感度" in section


def test_one_joint_gain_in_assess_and_options(ws, real):
    """Issue 10: the joint gain of the options table, of the sensitivity and of the JSON of
    `assess` and of `options` is one figure, in points, with the same text everywhere."""
    raw = real["options"]
    alone = options(ws, "TWN", "JPN", 2011, draws=DEFAULT_DRAWS, seed=DEFAULT_SEED)
    for a, b in zip(raw["options"], alone["options"], strict=True):
        assert a["option"] == b["option"] and a["label"] == b["label"]
        assert a["joint_net_gain"] == pytest.approx(b["joint_net_gain"])
    assert raw["units"] == alone["units"] == UNITS and UNITS.startswith("points")
    o = view_of(ws, real)["options"]
    preferred = raw["preferred"]["at_defaults"]
    figure = next(x for x in raw["options"] if x["option"] == preferred)["joint_net_gain"]
    row = next(r for r in o["rows"] if r["option"] == preferred)
    assert row["joint"]["value"] == row["joint"]["mean"] == signed(figure["default"])
    assert o["tornado"]["default"] == figure["default"]
    assert o["tornado"]["default_text"] == row["joint"]["value"]
    for lang in ("en", "zh-TW"):
        view = view_of(ws, real, lang)
        section = _section(render_html(view))
        assert row["joint"]["value"] in section
        assert row["joint"]["value"] in render_text(view)
