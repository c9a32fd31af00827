"""Reports that render the same everywhere (issue 12 item 5).

No size in the HTML report comes from the fonts of the machine that builds it: chart labels
are wrapped and given room from character counts (CJK characters count double), vega never
cuts a label by its measured width, legends are HTML; the triangle's viewBox holds its
labels at their counted width; tables wrap or scroll inside their own box; the zh-TW report
has no English left but names, dataset names and the titles of references.
(tests/test_report_browser.py checks the same in a real browser at 600 and 1400 px.)
"""

from __future__ import annotations

import html
import re
from importlib import resources

import pytest
from test_report import real_assessment, view_of

from alignscope.report import charts, diagram, i18n, options_charts
from alignscope.report.bibtex import plain_citations
from alignscope.report.html import render_html
from alignscope.report.textfit import EM_PER_UNIT, units, width, wrap

SEEN_CLIPPED = ("I-4 Leaders and domestic politics", "現狀（默示性同盟）", "三邊／小多邊架構")
"""Labels seen cut at the left edge of their chart in a report built without CJK fonts."""


@pytest.fixture(scope="module")
def real(ws) -> dict:
    return real_assessment(ws)


# ---------------------------------------------------------------- counting, wrapping


def test_cjk_characters_count_double():
    assert units("I-4 Leaders") == 11
    assert units("領導人") == 6
    assert units("現狀（默示性同盟）") == 18  # full-width brackets are wide too
    assert width("三邊", 12) == 4 * 12 * EM_PER_UNIT
    # more room than a CJK glyph (1 em) or an average Latin one (about 0.5–0.58 em) takes
    assert width("三", 12) > 12 and width("e", 12) >= 0.58 * 12


def test_wrap_breaks_at_spaces_and_between_cjk_characters():
    assert wrap("deepen to strategic partnership", 28) == ["deepen to strategic", "partnership"]
    assert wrap("I-4 Leaders and domestic politics", 34) == ["I-4 Leaders and domestic politics"]
    lines = wrap("因脅迫而損失的對 C 貿易比例（0.02–0.3）", 20)
    assert all(units(line) <= 20 for line in lines) and "".join(lines).replace(" ", "") == (
        "因脅迫而損失的對C貿易比例（0.02–0.3）"
    )
    assert not any(line.startswith(("）", "、", "，")) for line in lines)  # no closing mark first
    assert wrap("interdependence_percentile_of_both", 10)[0] == "interdepen"  # a long word is cut
    assert wrap("a b c d e f g h", 3, max_lines=2) == ["a b", "c…"]


# ---------------------------------------------------------------- chart specs


@pytest.fixture
def specs(monkeypatch, tmp_path) -> list[dict]:
    """The Vega-Lite specs the charts hand to vl-convert (nothing is rendered); an empty
    cache folder, so that no chart is read back from an earlier report instead of drawn."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    seen: list[dict] = []

    def capture(chart, label=""):
        seen.append(charts._config(chart).to_dict(validate=False))
        return "<svg></svg>"

    monkeypatch.setattr(charts, "to_svg", capture)
    monkeypatch.setattr(options_charts, "to_svg", capture)
    return seen


def _walk(node, key: str):
    """Every value under `key` anywhere in a spec."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from _walk(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v, key)


def _band_axes(spec: dict) -> list[tuple[dict, list[str]]]:
    """(axis, the labels it shows) of every y axis of nominal labels in a spec."""
    found = []
    for enc in _walk(spec, "encoding"):
        y = enc.get("y") or {}
        if y.get("type") == "nominal" and y.get("axis"):
            found.append((y["axis"], y["sort"]))
    return found


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_chart_labels_get_room_from_counts_not_from_fonts(ws, real, specs, lang):
    render_html(view_of(ws, real, lang))
    assert len(specs) == 6
    shown = []
    for spec in specs:
        assert spec["config"]["aria"] is False  # no generated English descriptions
        assert spec["config"]["axis"]["labelLimit"] == 0  # never cut by a measured width
        for legend in _walk(spec, "legend"):
            assert legend is None  # legends are HTML lists, not laid out by measure
        for axis, labels in _band_axes(spec):
            lines = [line for label in labels for line in label.split("\n")]
            assert axis["labelLimit"] == 0 and axis["labelExpr"] == charts.SPLIT_LINES
            assert axis["minExtent"] == axis["maxExtent"]  # a set width, not a measured one
            assert axis["minExtent"] >= max(width(line, charts.FONT_SIZE) for line in lines)
            assert all(units(line) <= options_charts.PARAMETER_UNITS for line in lines)
            shown += [label.replace("\n", " ") for label in labels]
    seen = [s for s in SEEN_CLIPPED if s.isascii() == (lang == "en")]
    assert set(seen) <= set(shown)
    assert charts.label_room(seen) >= max(units(s) for s in seen) * charts.FONT_SIZE * EM_PER_UNIT


def test_series_chart_plots_scores_only(ws, real, specs):
    render_html(view_of(ws, real))
    series = next(s for s in specs if "year" in str(s.get("encoding", {}).get("x")))
    domain = series["encoding"]["color"]["scale"]["domain"]
    assert domain and all(re.match(r"^[IE]-\d ", d) for d in domain)  # not the yearly "type"


@pytest.mark.parametrize("font", ["Liberation Sans Narrow", "DejaVu Sans", "a font nobody has"])
def test_chart_label_room_never_shrinks_to_a_measured_width(monkeypatch, tmp_path, font):
    """The year chart rendered by vl-convert measuring with a narrow font, a wide one or none
    found: the plot starts at least where the counted label room ends (a font that measures
    wider may add room, never take it), and no label is cut."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(charts, "FONT", font)
    t = i18n.Translator("zh-TW")
    dims = [
        {"id": "I-3", "name": "意識形態與政體", "score": 72.0, "score_text": "72"},
        {"id": "I-4", "name": "領導人與國內政治", "score": None, "score_text": "–"},
    ]
    svg = charts.year_chart(dims, t)
    room = charts.label_room(["I-4 領導人與國內政治"])
    plot = re.search(r'<g [^>]*transform="translate\(([\d.]+),', svg)
    assert plot and float(plot[1]) >= room + 5  # padding 5
    assert f'aria-label="{t("Dimensions")}"' in svg
    assert ">I-4 領導人與國內政治<" in svg and "…" not in svg  # whole, never cut


# ---------------------------------------------------------------- the triangle


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_triangle_viewbox_holds_every_label_at_its_counted_width(ws, real, lang):
    view = view_of(ws, real, lang)
    for key in ("C", "P"):
        svg = diagram.triangle_svg(view, key)
        x0, _, w, _ = map(float, re.search(r'viewBox="([-\d. ]+)"', svg)[1].split())
        for x, anchor, cls, text in re.findall(
            r'<text x="([-\d.]+)" y="[-\d.]+" text-anchor="(\w+)" class="([\w ]+)">([^<]*)', svg
        ):
            lo, hi = diagram._span(float(x), html.unescape(text), anchor, cls)
            assert x0 <= lo + 1 and hi - 1 <= x0 + w, text  # x is written rounded


# ---------------------------------------------------------------- tables


def test_tables_wrap_or_scroll_inside_their_own_box(ws, real):
    page = render_html(view_of(ws, real))
    tables = re.findall(r"(.{0,40})<table\b", page)
    assert tables and all(t.endswith('<div class="table-wrap">') for t in tables)
    css = resources.files("alignscope.report").joinpath("templates/report.css").read_text()
    wrap_rule = re.search(r"\.table-wrap \{([^}]*)\}", css)[1]
    assert "overflow-x: auto" in wrap_rule and "max-width: 100%" in wrap_rule
    narrow = css[css.index("@media (max-width: 760px)") :]
    assert re.search(r"th, th\.num[^{]*\{ white-space: normal; \}", narrow)  # headers wrap
    assert "figure.chart svg { max-width: 100%; height: auto; }" in css
    assert "ul.legend" in css and "flex-wrap: wrap" in css


# ---------------------------------------------------------------- no English left in zh-TW


FIXED = (
    "as summarised in the project case file",
    "cited in",
    "date from",
    "licence of the R package",
    "as stated in its",
    "no separate terms",
    "terms not restated",
    "third release",
    "X-axis titled",
    "Symbol legend",
    "for a discrete scale",
    "dimension: type",
)
"""English that the zh-TW report showed before (citations' own phrases, licences, versions,
vega's generated chart descriptions, the yearly type plotted as a dimension)."""


def test_zh_report_has_none_of_the_english_it_had(ws, real):
    en, zh = (render_html(view_of(ws, real, lang)) for lang in ("en", "zh-TW"))
    assert "as summarised in the project case file" in en and "Licence: GPL-2 (licence" in en
    for phrase in FIXED:
        assert phrase not in zh, phrase
    assert "依本專案案例檔的摘要" in zh and "轉引自 Wilkins" in zh
    assert "授權：GPL-2（R 套件 peacesciencer 的授權" in zh
    for licence in i18n.manifest_msgids():
        assert licence not in zh
    for label in SEEN_CLIPPED[1:]:
        assert label in zh


def test_every_licence_and_prose_version_of_the_manifest_is_translated():
    zh = i18n.Translator("zh-TW")
    texts = i18n.manifest_msgids()
    assert len(texts) > 40
    assert [t for t in texts if zh(t) == t] == []
    assert "2016" not in texts and "countrycode 1.8.0" not in texts  # identifiers stay


def test_latex_cedilla_and_other_accents_become_letters():
    bib = "@misc{k, author = {Bayer, Re{\\c{s}}at}, title = {D}, year = {2006}}"
    assert plain_citations(bib) == ["Bayer, Reşat (2006). D."]
