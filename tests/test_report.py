"""The report layer: terminal (80 columns), JSON, self-contained HTML, from assess() output.

Most tests render the contract sample (tests/data/sample_assessment.json: what the core
returns for Taiwan–Japan in 2011 with two dimensions, one of them without data; written by
tools/sample_assessment.py); a few render a real assessment of Taiwan–Japan in 2011.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.cells import cell_len

from alignscope.assess import assess
from alignscope.catalog import dataset
from alignscope.report.bibtex import plain_citations
from alignscope.report.html import render_html
from alignscope.report.terminal import WIDTH, render_text
from alignscope.report.view import BAR_CELLS, bar, build_view, number, state_names

SAMPLE = Path(__file__).parent / "data" / "sample_assessment.json"


@pytest.fixture(scope="module")
def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def _key_paths(obj, at: str = "") -> set[str]:
    """Every key path of a JSON object ('/dimensions[]/indicators[]/note'); the series keys
    named after dimensions count as one ('/series/<dimension>'), and so do the messages
    keyed by their English text ('/messages/<text>', which a sample's notes decide)."""
    paths = set()
    if isinstance(obj, dict):
        for key, value in obj.items():
            key = "<dimension>" if at == "/series" and re.fullmatch(r"[IE]-\d+", key) else key
            key = "<text>" if at == "/messages" else key
            if at.startswith("/messages/<text>/params"):
                key = "<parameter>"
            paths |= {f"{at}/{key}", *_key_paths(value, f"{at}/{key}")}
    elif isinstance(obj, list):
        for value in obj:
            paths |= _key_paths(value, f"{at}[]")
    return paths


def test_sample_has_the_keys_of_a_real_assessment(sample, real):
    """The sample is what the core returns (issue 12: a hand-kept copy had drifted)."""
    from alignscope.cli.assess import json_text

    produced = _key_paths(json.loads(json_text(real)))
    kept = _key_paths(sample)
    assert kept == produced, (
        f"tests/data/sample_assessment.json has drifted from the core (only in the sample: "
        f"{sorted(kept - produced)}; only in the core's: {sorted(produced - kept)}); "
        "rewrite it with `.venv/bin/python tools/sample_assessment.py`"
    )
    assert (sample["states"], sample["year"]) == (real["states"], real["year"])


def real_assessment(ws) -> dict:
    """A real assessment of Taiwan–Japan in 2011, once per session (series from 2008 only,
    to keep the tests quick)."""
    return ws.cached("test_report.real", lambda: assess(ws, "TWN", "JPN", 2011, series_from=2008))


@pytest.fixture(scope="module")
def real(ws) -> dict:
    return real_assessment(ws)


def view_of(ws, result: dict, lang: str = "en") -> dict:
    return build_view(result, state_names(ws, result), lang)


# ---------------------------------------------------------------- pieces


def test_bar_rounds_the_score_to_cells():
    # 63 of 100 on 20 cells is 12.6 cells: 13 full, 7 light; no score is all dots.
    assert bar(63) == "█" * 13 + "░" * 7
    assert bar(0) == "░" * BAR_CELLS and bar(100) == "█" * BAR_CELLS
    assert bar(None) == "·" * BAR_CELLS


def test_number_keeps_nulls_visible():
    assert number(None) == "–"
    assert number(float("nan")) == "–"
    assert number(1234567) == "1,234,567"
    assert number(0.785) == "0.785"
    assert number(3.0) == "3"


def test_plain_citation_from_the_manifest_bibtex():
    first = plain_citations(dataset("atop").citation)[0]
    assert first.startswith("Leeds, Brett Ashley; Ritter, Jeffrey M.;")
    assert "(2002)" in first and "International Interactions, 28(3): 237–260" in first
    assert first.endswith("doi:10.1080/03050620213653.")


def test_unique_entries_drop_a_work_repeated_under_another_key():
    from alignscope.report.bibtex import unique_entries

    a = (
        "@article{k1,\n  author = {Miller, S.},\n  title = {{p}: An {R} Package},\n"
        "  year = {2022}\n}"
    )
    same = "@article{k2, author = {Miller, S.}, title = {{p}: An   {R} Package}, year = {2022}}"
    other_year = "@article{k3, author = {Miller, S.}, title = {{p}: An {R} Package}, year = {2023}}"
    other_type = "@misc{k4, author = {Miller, S.}, title = {{p}: An {R} Package}, year = {2022}}"
    assert unique_entries([a + "\n\n" + other_year, same, other_type, a]) == [
        a,
        other_year,
        other_type,
    ]


def test_latex_accents_become_letters():
    bib = '@article{k, author = {D{\\"u}r, Andreas}, title = {T}, year = {2014}}'
    assert plain_citations(bib) == ["Dür, Andreas (2014). T."]


# ---------------------------------------------------------------- the view


def test_view_marks_missing_indicators_and_keeps_the_order(ws, sample):
    v = view_of(ws, sample)
    assert [d["id"] for d in v["dimensions"]] == ["I-1", "I-4"]
    leaders = v["dimensions"][1]
    assert leaders["score"] is None and leaders["missing"] == 1
    assert leaders["indicators"][0]["missing"] is True
    assert v["type"]["name"] == "Tacit alignment"
    assert [r["rule"] for r in v["fired"]] == ["tacit_alignment", "tacit_alignment"]


def test_triangle_features_sit_on_the_edge_of_their_states(ws, real):
    v = view_of(ws, real)
    share = real["triangle"]["features"]["trade_share_2_c"]["value"]
    (item,) = [i for i in v["triangle"]["edges"]["BC"] if i["name"] == "trade_share_2_c"]
    assert item["label"] == "CHN's share of JPN's trade"
    assert item["value"] == f"{100 * share:.1f}%"
    assert {i["name"] for i in v["triangle"]["edges"]["ABp"]} == {"shared_patron"}
    assert not v["triangle"]["edges"].get("other")


# ---------------------------------------------------------------- terminal


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_terminal_report_fits_80_columns(ws, sample, real, lang):
    for result in (sample, real):
        text = render_text(view_of(ws, result, lang))
        wide = [line for line in text.splitlines() if cell_len(line) > WIDTH]
        assert not wide, wide


def test_terminal_report_says_type_why_and_missing(ws, sample):
    text = render_text(view_of(ws, sample))
    assert "Type: Tacit alignment" in text
    assert "common_rivals = 1" in text  # the values that made the rule fire
    security = next(line for line in text.splitlines() if line.startswith("I-1"))
    # score 33.3 -> "33", 6.7 of 20 cells -> 7 full; two indicators with data, one without
    assert re.search(r"I-1\s+Security\s+█{7}░{13}\s+33\s+●●○$", security)
    leaders = next(line for line in text.splitlines() if line.startswith("I-4"))
    assert re.search(r"·{20}\s+–\s+○$", leaders)


# ---------------------------------------------------------------- JSON


STABLE = {  # keys a script may rely on (the contract of issue 5), by where they sit
    "": {
        "states",
        "ccodes",
        "year",
        "type",
        "secondary",
        "reasons",
        "dimensions",
        "series",
        "triangle",
        "evidence",
        "agreements",
        "sources",
        "notes",
    },
    "reasons": {"rule", "fired", "primary", "cite", "summary", "values"},
    "dimensions": {"id", "name", "score", "weight_available", "indicators"},
    "indicators": {
        "name",
        "label",
        "raw",
        "normalised",
        "score",
        "direction",
        "weight",
        "normalise",
        "year_used",
        "source",
        "note",
        "missing",
    },
    "triangle": {"third", "patron", "features", "notes"},
    "features": {"value", "source", "year_used", "coverage", "rows", "note"},
    "evidence": {
        "date",
        "dimension",
        "direction",
        "cameo",
        "summary_en",
        "summary_zh_tw",
        "citation",
        "url",
    },
    "agreements": {"id", "date_signed", "kind", "title", "citation", "url"},
    "sources": {"name", "dataset", "version", "citation", "licence", "years"},
}


def test_json_keys_are_stable(sample, real):
    from alignscope.cli.assess import json_text

    for result in (sample, real):
        obj = json.loads(json_text(result))
        assert STABLE[""] <= obj.keys()
        parts = {
            "reasons": obj["reasons"],
            "dimensions": obj["dimensions"],
            "indicators": [i for d in obj["dimensions"] for i in d["indicators"]],
            "triangle": [obj["triangle"]],
            "features": list(obj["triangle"]["features"].values()),
            "evidence": obj["evidence"],
            "agreements": obj["agreements"],
            "sources": obj["sources"],
        }
        for where, items in parts.items():
            for item in items:
                assert STABLE[where] <= item.keys(), (where, STABLE[where] - item.keys())
    assert real["states"] == ["TWN", "JPN"] and real["year"] == 2011
    assert [d["id"] for d in real["dimensions"]] == [
        "I-1",
        "I-2",
        "I-3",
        "I-4",
        "I-5",
        "E-1",
        "E-2",
    ]
    assert real["series"]["years"] == [2008, 2009, 2010, 2011]
    assert all(len(real["series"][d["id"]]) == 4 for d in real["dimensions"])


def test_json_text_writes_nan_as_null():
    from alignscope.cli.assess import json_text

    assert json.loads(json_text({"a": float("nan"), "b": [None, 1.5]})) == {
        "a": None,
        "b": [None, 1.5],
    }


# ---------------------------------------------------------------- HTML


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "data", "poster", "srcset"):
                self.refs.append((tag, name, value or ""))
            if name == "style":
                self.styles.append(value or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def assert_self_contained(page: str) -> None:
    parser = _Refs()
    parser.feed(page)
    outside = [r for r in parser.refs if not r[2].startswith("#")]
    assert outside == [], outside
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parser.tags)
    css = "\n".join(parser.styles)
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_html_is_one_self_contained_file(ws, sample, real, lang):
    for result in (sample, real):
        page = render_html(view_of(ws, result, lang))
        assert_self_contained(page)
        for section in (
            "why",
            "dimensions",
            "over-time",
            "triangle",
            "evidence",
            "agreements",
            "sources",
        ):
            assert f'id="{section}"' in page


def test_html_has_the_charts_triangles_and_citations(ws, real):
    page = render_html(view_of(ws, real))
    # year bars, series lines, evidence timeline; options: net gains, abandonment and
    # entrapment, tornado
    assert page.count('class="marks"') == 6
    assert page.count('class="triangle"') == 2  # third state C, patron P
    assert "International Interactions, 28(3): 237–260" in page  # ATOP, plain citation
    assert "@article{leeds2002atop" in page  # and its BibTeX
    for agreement in real["agreements"]:
        assert agreement["id"] and agreement["date_signed"] in page
