"""The zh-TW catalog: complete, compiled, and used for the whole report."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("babel", reason="the catalog checks need Babel (pip install -e .[dev])")

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from alignscope.assess import RULES, load_dimensions
from alignscope.assess.indicators import INDICATORS
from alignscope.errors import UsageError
from alignscope.measures.provenance import source_year, years_of
from alignscope.messages import Message, index, joined, revive
from alignscope.report import i18n
from alignscope.report.html import render_html
from alignscope.report.terminal import render_text
from alignscope.report.view import build_view, state_names

SAMPLE = Path(__file__).parent / "data" / "sample_assessment.json"
ZH = i18n.Translator("zh-TW")


def _po():
    with i18n.PO.open("rb") as f:
        return read_po(f, locale="zh_TW")


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)s|\{\w+\}", text))


def test_every_extracted_msgid_is_translated():
    po = _po()
    translated = {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}
    extracted = {m.id for m in i18n.extract() if m.id}
    assert sorted(extracted - translated.keys()) == []
    assert sorted(translated.keys() - extracted) == []  # no stale entries either
    for msgid, text in translated.items():
        assert _placeholders(msgid) == _placeholders(text), msgid


def test_mo_is_compiled_from_the_current_po():
    po = {m.id: m.string for m in _po() if m.id}
    with i18n.MO.open("rb") as f:
        mo = {m.id: m.string for m in read_mo(f) if m.id}
    assert mo == po, "the .mo is stale: run python -m alignscope.report.i18n compile"


def test_strings_of_the_core_have_translations():
    core = {d.name for d in load_dimensions()} | {d.question for d in load_dimensions()}
    core |= {i.label for i in INDICATORS.values()} | {r.summary for r in RULES}
    core |= {r.type for r in RULES}
    missing = [s for s in core if s and ZH.data(s) == s and ZH.type_name(s) == s]
    assert missing == []


def test_notes_with_numbers_are_translated_from_their_id_and_parameters():
    end = years_of("rivalries_td")[1]
    year, note = source_year("rivalries_td", end + 1)
    assert year == end and isinstance(note, Message)
    english = f"rivalries_td ends in {end}: value for {end}, its last covered year, not {end + 1}"
    assert note == english  # the core's output reads as before
    assert ZH.data(note) == (
        f"rivalries_td 止於 {end} 年：採用其最後涵蓋年份 {end} 年的數值，而非 {end + 1} 年"
    )
    # the same English as a plain string is not read back into a template
    assert ZH.data(english) == english
    both = joined("no data", "needs a third state / patron", "no data")
    assert both == "no data; needs a third state / patron"
    assert ZH.data(both) == "無資料；需要第三國／庇護強權"
    assert ZH.data("some note nobody wrote a msgid for") == "some note nobody wrote a msgid for"


def test_messages_survive_the_json_output():
    inner = Message("ATOP {atop} stands in for {year}", atop=2018, year=2024)
    outer = Message("{k} is missing ({note}); the model uses its neutral value",
                    k="depth", note=inner)
    result = {"notes": [outer, joined(inner, "no data")], "messages": {}}
    result["messages"] = index(result)
    back = revive(json.loads(json.dumps(result)))
    assert back["notes"] == result["notes"]
    assert [ZH.data(n) for n in back["notes"]] == [ZH.data(n) for n in result["notes"]]
    assert ZH.data(back["notes"][0]) != str(outer)  # translated, parameters too
    assert "2018" in ZH.data(back["notes"][0])


def test_every_message_of_an_assessment_is_in_the_catalog(ws):
    from alignscope.assess import assess

    result = assess(ws, "TWN", "JPN", 2011)
    ids = {e["id"] for e in result["messages"].values() if "id" in e}
    assert ids, "the flagship's notes carry message ids"
    translated = {m.id for m in _po() if m.id and m.string}
    assert sorted(ids - translated) == []


@pytest.mark.parametrize("typed", ["zh-TW", "zh_TW", "zh-tw", "ZH-Hant"])
def test_language_spellings(typed):
    assert i18n.parse_lang(typed) == "zh-TW"


def test_unknown_language_is_one_sentence():
    with pytest.raises(UsageError, match=r"^unknown language 'fr' for --lang; choose en or zh-TW$"):
        i18n.parse_lang("fr")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = False

    def handle_starttag(self, tag, attrs):
        self._skip = tag in ("style", "code", "pre")

    def handle_endtag(self, tag):
        self._skip = False

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


@pytest.fixture(scope="module")
def sample():
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def test_zh_report_is_in_traditional_chinese(ws, sample):
    view = build_view(sample, state_names(ws, sample), "zh-TW")
    page, text = render_html(view), render_text(view)
    for output in (page, text):
        assert "台灣" in output and "日本" in output  # state names from the state index
        assert "安全" in output and "領導人與國內政治" in output  # dimension names
        assert "默示性同盟" in output  # type name
    parser = _Text()
    parser.feed(page)
    english = i18n.report_msgids() | {m.id for m in i18n.extract() if m.id}
    english = {e for e in english if len(e) > 3}  # 'no', 'fta' … occur inside other words
    leftover = [c for c in parser.chunks if c in english or c.rstrip(":") in english]
    assert leftover == []
    dimensions = {d.name for d in load_dimensions()}
    labelled = [c[4:].strip() for c in parser.chunks if re.match(r"^[IE]-\d\s", c)]
    assert labelled and not dimensions & set(labelled)  # chart labels "I-1 安全"
    for line in text.splitlines():
        assert not any(name in line for name in ("Security", "Leaders and domestic", "Why ("))
