"""One error path (issue 12): usage errors, alignscope errors and the unexpected each leave as
one line on stderr with a fixed exit status, and files and --out targets are checked before
any work starts.

Exit statuses are checked on the installed command in a subprocess; the rest through
CliRunner in standalone mode, as the real entry point runs the group.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import alignscope.catalog
from alignscope.cli import main

SCRIPT = Path(sys.executable).with_name("alignscope")
ENTRY = "from alignscope.cli import main; main(prog_name='alignscope')"
BOOM = (
    "import sys\n"
    "from alignscope.cli import main\n"
    "@main.command('boom')\n"
    "def boom():\n"
    "    raise KeyError('no such key')\n"
    "main(prog_name='alignscope')\n"
)


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-c", ENTRY]
    return subprocess.run(
        [*command, "--db", ":memory:", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def run(*args: str, code: int):
    result = CliRunner().invoke(main, ["--db", ":memory:", *args])
    assert result.exit_code == code, (result.output, result.stderr, result.exception)
    # CliRunner catches every exception and prints no traceback: that the command left
    # through sys.exit is what shows the group's error path handled it.
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def one_line(text: str, prefix: str = "error: ") -> str:
    text = text.strip()
    assert len(text.splitlines()) == 1, text
    assert text.startswith(prefix), text
    assert "Traceback" not in text and "Usage:" not in text
    return text


# ---------------------------------------------------------------- exit statuses, real process


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ["assess", "TWN", "JPN", "--year", "abc"],
            "error: invalid value for '--year': 'abc' is not a valid integer "
            "(see alignscope assess --help)",
        ),
        (
            ["assess", "TWN", "JPN", "--year", "2011", "--format", "xml"],
            "'xml' is not one of 'text', 'json', 'html' (see alignscope assess --help)",
        ),
        (["assess", "TWN"], "missing argument 'STATE_B' (see alignscope assess --help)"),
        (["data", "info"], "missing argument 'NAME' (see alignscope data info --help)"),
        (["nosuchcommand"], "no such command 'nosuchcommand' (see alignscope --help)"),
        (["dyad", "TWN", "JPN", "--columns", "-3"], "(see alignscope dyad --help)"),
    ],
)
def test_usage_errors_are_one_line_exit_2(args, needle):
    done = cli(*args)
    assert done.returncode == 2, done.stderr
    assert needle in one_line(done.stderr)
    assert done.stdout == ""


def test_alignscope_errors_keep_their_sentence_and_status():
    done = cli("states", "Taiwn")
    assert done.returncode == 2
    assert "unknown state 'Taiwn'" in one_line(done.stderr)


def test_unexpected_errors_are_one_line_exit_70():
    done = subprocess.run(
        [sys.executable, "-c", BOOM, "boom"], capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if k != "ALIGNSCOPE_DEBUG"},
    )  # fmt: skip
    assert done.returncode == 70
    assert one_line(done.stderr, "internal error: ") == (
        "internal error: KeyError: 'no such key'; set ALIGNSCOPE_DEBUG=1 for the traceback"
    )


def test_debug_shows_the_traceback():
    done = subprocess.run(
        [sys.executable, "-c", BOOM, "boom"], capture_output=True, text=True, timeout=120,
        env={**os.environ, "ALIGNSCOPE_DEBUG": "1"},
    )  # fmt: skip
    assert done.returncode == 70
    assert "Traceback (most recent call last)" in done.stderr
    assert "in boom\nKeyError: 'no such key'" in done.stderr
    assert done.stderr.strip().splitlines()[-1] == "internal error: KeyError: 'no such key'"


# ---------------------------------------------------------------- the same, in process


def test_unexpected_error_in_process(monkeypatch):
    def broken():
        raise RuntimeError("the manifest\nis broken")

    monkeypatch.delenv("ALIGNSCOPE_DEBUG", raising=False)
    monkeypatch.setattr(alignscope.catalog, "manifest", broken)
    result = run("data", "list", code=70)
    assert one_line(result.stderr, "internal error: ") == (
        "internal error: RuntimeError: the manifest is broken; "
        "set ALIGNSCOPE_DEBUG=1 for the traceback"
    )


def test_usage_error_in_process():
    result = run("similarity", "--start", "x", "--end", "2000", "--out", "s.parquet", code=2)
    assert one_line(result.stderr).endswith("(see alignscope similarity --help)")


def test_help_and_version_still_exit_0():
    assert "Commands:" in CliRunner().invoke(main, ["--help"]).stdout
    assert CliRunner().invoke(main, ["--version"]).exit_code == 0
    assert CliRunner().invoke(main, ["assess", "--help"]).exit_code == 0


# ---------------------------------------------------------------- files the user gives

DIMENSIONS = {
    "table": '[dimension]\nid = "X"\nname = "X"\nindicators = []\n',
    "string": '[[dimension]]\nid = "X"\nname = "X"\nindicators = "defence_pact"\n',
    "cap": (
        '[[dimension]]\nid = "X"\nname = "X"\nindicators = [{ name = "alliance_tie", '
        'normalise = "cap", cap = "ten", direction = "+" }]\n'
    ),
    "dimension_key": (
        '[[dimension]]\nid = "X"\nname = "X"\ncolour = "red"\nindicators = '
        '[{ name = "defence_pact", normalise = "binary", direction = "+" }]\n'
    ),
    "indicator_key": (
        '[[dimension]]\nid = "X"\nname = "X"\nindicators = [{ name = "defence_pact", '
        'normalise = "binary", direction = "+", wieght = 2 }]\n'
    ),
    "top_key": 'title = "mine"\n',
    "weight": (
        '[[dimension]]\nid = "X"\nname = "X"\nindicators = [{ name = "defence_pact", '
        'normalise = "binary", direction = "+", weight = true }]\n'
    ),
    "duplicate": (
        '[[dimension]]\nid = "X"\nname = "X"\nindicators = [{ name = "defence_pact", '
        'normalise = "binary", direction = "+" }]\n'
    ) * 2,
}
DIMENSION_NEEDLES = {
    "table": "write [[dimension]] (double brackets)",
    "string": "[[dimension]] X: indicators must be a list of tables",
    "cap": "[[dimension]] X, indicator 'alliance_tie': cap must be a number > 0, not 'ten'",
    "dimension_key": "[[dimension]] X: unknown key 'colour'",
    "indicator_key": "indicator 'defence_pact': unknown key 'wieght'",
    "top_key": "unknown key 'title'",
    "weight": "indicator 'defence_pact': weight must be a number > 0, not True",
    "duplicate": "two dimensions have id 'X'",
}


@pytest.mark.parametrize("case", sorted(DIMENSIONS))
@pytest.mark.parametrize("command", ["assess", "atlas"])
def test_dimensions_file_is_checked_with_file_and_key_named(tmp_path, case, command):
    path = tmp_path / f"{case}.toml"
    path.write_text(DIMENSIONS[case], encoding="utf-8")
    store = tmp_path / "store.duckdb"
    args = {
        "assess": ["assess", "TWN", "JPN", "--year", "2011"],
        "atlas": ["atlas", "--start", "2011", "--end", "2011", "--out", str(tmp_path / "a.csv")],
    }[command]
    result = CliRunner().invoke(main, ["--db", str(store), *args, "--dimensions", str(path)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    error = one_line(result.stderr)
    assert f"dimensions file {path}" in error and DIMENSION_NEEDLES[case] in error
    assert not store.exists()  # refused before the store was opened


PARAMS = {
    "unknown_key": ("[coercion_loss]\nmedian = 2\n", "unknown key 'median'"),
    "string": ('[coercion_loss]\ndefault = "ten"\n', "default must be a finite number"),
    "not_table": ("coercion_loss = 3\n", "must be a table [coercion_loss]"),
    "unknown_parameter": ("[nope]\ndefault = 1\n", "unknown parameter 'nope'"),
    "empty": ("", "sets no parameter"),
    "syntax": ("[coercion_loss\n", "cannot read parameter file"),
}


@pytest.mark.parametrize("case", sorted(PARAMS))
def test_params_file_is_checked_with_file_and_key_named(tmp_path, case):
    text, needle = PARAMS[case]
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    store = tmp_path / "store.duckdb"
    result = CliRunner().invoke(
        main,
        ["--db", str(store), "options", "TWN", "JPN", "--year", "2011", "--params", str(path)],
    )
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    error = one_line(result.stderr)
    assert str(path) in error and needle in error
    assert not store.exists()


def test_db_that_is_a_text_file(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", str(notes), "states", "TWN"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    error = one_line(result.stderr)
    assert "is not a DuckDB store" in error and "in use" not in error
    assert notes.read_text(encoding="utf-8") == "my notes\n"  # left alone


def test_db_that_is_a_folder(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path), "states", "TWN"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "it is a folder" in one_line(result.stderr)


# ---------------------------------------------------------------- --out before any work


@pytest.mark.parametrize(
    ("args", "needle", "code"),
    [
        (
            ["assess", "TWN", "JPN", "--year", "2011", "--format", "html", "--out", "/proc/r.html"],
            "the folder /proc does not accept new files",
            1,
        ),
        (
            ["assess", "TWN", "JPN", "--year", "2011", "--out", "{file}/y.txt"],
            "x.parquet is a file, not a folder",
            1,
        ),
        (
            ["panel", "--start", "2000", "--end", "2001", "--out", "{file}/y.parquet"],
            "x.parquet is a file, not a folder",
            1,
        ),
        (
            ["panel", "--start", "2000", "--end", "2001", "--out", "{file}/y.txt"],
            "must end in .parquet or .csv",
            2,
        ),
        (
            ["similarity", "--start", "2000", "--end", "2001", "--out", "/proc/s.parquet"],
            "/proc does not accept new files",
            1,
        ),
        (
            ["atlas", "--start", "2011", "--end", "2011", "--out", "{file}/a.csv"],
            "x.parquet is a file, not a folder",
            1,
        ),
        (
            ["network", "--year", "2011", "--format", "html", "--out", "/proc/n.html"],
            "/proc does not accept new files",
            1,
        ),
        (
            ["panel", "--start", "2000", "--end", "2001", "--out", "{dir}/missing/p.parquet"],
            "missing does not exist",
            1,
        ),
    ],
)
def test_out_is_checked_before_any_work(tmp_path, args, needle, code):
    blocker = tmp_path / "x.parquet"
    blocker.write_text("not a folder", encoding="utf-8")
    store = tmp_path / "store.duckdb"
    args = [a.format(file=blocker, dir=tmp_path) for a in args]
    result = CliRunner().invoke(main, ["--db", str(store), *args])
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert needle in one_line(result.stderr)
    assert not store.exists()  # no work: the store was never opened
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.parquet"]  # no probe left behind
