"""`alignscope assess` and `alignscope classify`: formats, files, languages and errors.

Most runs replace the core with the contract sample (the CLI's job is options, files and
rendering); one run each goes through the real core.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from test_report import assert_self_contained

import alignscope.assess
from alignscope.assess import classify
from alignscope.assess.dimensions import DEFAULT_FILE as DEFAULT_DIMENSIONS
from alignscope.cli import main
from alignscope.report.i18n import Translator

SAMPLE = Path(__file__).parent / "data" / "sample_assessment.json"


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(main, ["--db", ":memory:", *args])
    assert result.exit_code == code, (result.output, result.stderr, result.exception)
    return result


def one_sentence_error(result) -> str:
    # CliRunner catches every exception (no traceback is ever printed): the one it recorded
    # shows whether the command left through sys.exit or something escaped.
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    text = result.stderr.strip()
    assert text.startswith("error:"), text
    assert len(text.splitlines()) == 1, text
    return text


@pytest.fixture
def sample_core(monkeypatch):
    """The core replaced by the contract sample; records the arguments it was called with."""
    calls = []

    def fake(ws, a, b, year, **kw):
        calls.append((a, b, year, kw))
        return json.loads(SAMPLE.read_text(encoding="utf-8"))

    monkeypatch.setattr(alignscope.assess, "assess", fake)
    return calls


def test_assess_text_through_the_real_core(ws):
    out = run("assess", "Taiwan", "740", "--year", "2011").stdout
    expected = Translator("en").type_name(classify(ws, ["TWN", "JPN"], 2011)["type"])
    assert f"Type: {expected}" in out
    assert all(cell_len(line) <= 80 for line in out.splitlines())
    for dim in ("I-1", "I-2", "I-3", "I-4", "I-5", "E-1", "E-2"):
        assert any(line.startswith(dim) for line in out.splitlines())


def test_assess_json_is_the_core_object(sample_core):
    obj = json.loads(run("assess", "TWN", "JPN", "--year", "2011", "--format", "json").stdout)
    assert obj == json.loads(SAMPLE.read_text(encoding="utf-8"))
    (a, b, year, kw) = sample_core[0]
    assert (a, b, year) == ("TWN", "JPN", 2011) and kw["series_from"] == 1990


def test_assess_passes_third_patron_and_dimensions(sample_core, tmp_path):
    dims = tmp_path / "d.toml"  # a valid file: --dimensions is checked before the core runs
    dims.write_text(DEFAULT_DIMENSIONS.read_text(encoding="utf-8"), encoding="utf-8")
    run(
        "assess",
        "TWN",
        "JPN",
        "--year",
        "2011",
        "--third",
        "CHN",
        "--patron",
        "USA",
        "--dimensions",
        str(dims),
    )
    (_, _, _, kw) = sample_core[0]
    assert kw["third"] == "CHN" and kw["patron"] == "USA" and kw["dimensions_file"] == str(dims)
    assert kw["series_from"] is None  # the terminal report shows no series


def test_html_without_out_lands_in_the_current_folder(sample_core, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("assess", "TWN", "JPN", "--year", "2011", "--format", "html")
    target = tmp_path / "alignscope-TWN-JPN-2011.html"
    assert target.exists()
    assert result.stderr.strip() == f"wrote {target.resolve()}"
    assert_self_contained(target.read_text(encoding="utf-8"))
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_zh_html_and_text_to_files(sample_core, tmp_path):
    page = tmp_path / "r.html"
    result = run(
        "assess",
        "TWN",
        "JPN",
        "--year",
        "2011",
        "--format",
        "html",
        "--lang",
        "zh-TW",
        "--out",
        str(page),
    )
    assert result.stderr.strip() == f"已寫入 {page.resolve()}"
    text = page.read_text(encoding="utf-8")
    assert '<html lang="zh-Hant-TW">' in text and "台灣 – 日本" in text
    out = tmp_path / "r.txt"
    run("assess", "TWN", "JPN", "--year", "2011", "--lang", "zh_TW", "--out", str(out))
    assert "類型：默示性同盟" in out.read_text(encoding="utf-8")


def test_out_replaces_an_old_file(sample_core, tmp_path):
    out = tmp_path / "a.json"
    out.write_text("old", encoding="utf-8")
    run("assess", "TWN", "JPN", "--year", "2011", "--format", "json", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "tacit_alignment"


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("Narnia", "JPN"), 2, "unknown state 'Narnia'"),
        (("TWN", "JPN", "--lang", "fr"), 2, "unknown language 'fr' for --lang; choose en or zh-TW"),
        (("TWN", "JPN", "--year", "1700"), 2, "year 1700 is outside every source's coverage"),
        (("TWN", "JPN", "--out", "no/such/r.html"), 1, "the folder no/such does not exist"),
        (("TWN", "JPN", "--out", "."), 1, "cannot write '.': it is a folder"),
    ],
)
def test_assess_errors_are_one_sentence(args, code, needle):
    year = () if "--year" in args else ("--year", "2011")
    assert needle in one_sentence_error(run("assess", *args, *year, code=code))


def test_out_under_a_file_is_refused(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    result = run("assess", "TWN", "JPN", "--year", "2011", "--out", str(blocker / "r.html"), code=1)
    assert "file.txt is a file, not a folder" in one_sentence_error(result)


def test_classify_json_is_the_core_result(ws):
    obj = json.loads(run("classify", "TWN", "JPN", "--year", "2011", "--format", "json").stdout)
    direct = json.loads(json.dumps(classify(ws, ["TWN", "JPN"], 2011), default=str))
    assert obj == direct
    assert {"type", "secondary", "reasons"} <= obj.keys()


def test_classify_group_text_in_chinese(ws):
    out = run("classify", "USA", "JPN", "AUS", "--year", "2011", "--lang", "zh-TW").stdout
    kind = Translator("zh-TW").type_name(classify(ws, ["USA", "JPN", "AUS"], 2011)["type"])
    assert out.splitlines()[0] == "美國 – 日本 – 澳洲，2011 年"
    assert f"類型：{kind}" in out


def test_classify_needs_two_states():
    result = run("classify", "TWN", "--year", "2011", code=2)
    assert "name at least two states" in one_sentence_error(result)


def test_dimensions_file_with_an_unknown_indicator(tmp_path):
    bad = tmp_path / "dims.toml"
    bad.write_text(
        '[[dimension]]\nid = "X"\nname = "x"\n'
        'indicators = [{ name = "nope", normalise = "binary", direction = "+", weight = 1 }]\n',
        encoding="utf-8",
    )
    result = run("assess", "TWN", "JPN", "--year", "2011", "--dimensions", str(bad), code=2)
    assert "unknown indicator 'nope'" in one_sentence_error(result)
