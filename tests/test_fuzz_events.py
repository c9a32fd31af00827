"""Fuzzing the event loader (issue 12, item 4): corrupted ICEWS and GDELT files.

Small valid files — the first rows of the shipped ICEWS sample in the Dataverse layout, and
GDELT 1.0 (57 and 58 fields) and 2.0 (61 fields) rows written as in tests/test_events.py —
are corrupted by hypothesis, one to three corruptions each: truncation at a byte; other
encodings (latin-1, cp1252, UTF-16 and UTF-32 with and without a byte-order mark, UTF-8
with one); invalid UTF-8 sequences; fields added or removed; huge lines and fields (around
and over the reader's 2,000,000 bytes); thousands of fields; an empty file; binary garbage,
inserted or instead of the file; NUL bytes; CRLF, lone CRs, classic Mac line ends; blank
lines; a field's value replaced by arbitrary text. Whatever it generates:

* the API (`ingest` on one in-memory store) either succeeds — every non-blank line of the
  file counted once (loaded, skipped or quarantined), each quarantined line's raw text is
  that line of the file, each loaded event's origin id is the event id of its line — or
  raises an `AlignscopeError` whose message is one line, and the store is unchanged (the
  same number of rows in events, events_quarantine and events_ingests);
* the command (`alignscope events ingest`, in process through CliRunner, standalone as the
  real entry point, on a store file) exits 0, or non-zero with exactly one line on stderr
  starting "error:", no traceback, never 70 (an internal error), and the store keeps the
  number of events it had.

Cases are fixed (`derandomize`), so CI runs the same ones every time (about 30 s; set
ALIGNSCOPE_FUZZ_EVENTS_SCALE=10 for ten times as many). Every generated case
is counted per test; the totals go to $ALIGNSCOPE_FUZZ_EVENTS_COUNTS (default
<tmp>/fuzz_events_counts.json) when the module ends, and `test_counts` prints them.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_events import GDELT_ROWS, gdelt_file, write_icews_sample

from alignscope import AlignscopeError, Workspace
from alignscope.cli import main
from alignscope.events import LAYOUTS, ingest

FUZZ = settings(
    derandomize=True,  # the same cases on every run
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SCALE = float(os.environ.get("ALIGNSCOPE_FUZZ_EVENTS_SCALE") or 1)  # more cases: e.g. 10
API_EXAMPLES = round(70 * SCALE)  # per layout (4 layouts)
CLI_EXAMPLES = round(45 * SCALE)
CASES: Counter[str] = Counter()
FAILURES: Counter[str] = Counter()
COUNTS_FILE = Path(
    os.environ.get("ALIGNSCOPE_FUZZ_EVENTS_COUNTS")
    or Path(tempfile.gettempdir()) / "fuzz_events_counts.json"
)
ICEWS_ROWS = 40  # rows of the shipped sample after the header
MAX_LINE = 2_000_000  # DuckDB's default maximum line size

# ---------------------------------------------------------------- valid files


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, tuple[str, bytes]]:
    """Layout name -> (source, bytes of a small valid file)."""
    folder = tmp_path_factory.mktemp("valid")
    out = {}
    with Workspace(":memory:") as ws:
        lines = write_icews_sample(ws, folder / "full.tab")
    out["icews"] = ("icews", ("\n".join(lines[: ICEWS_ROWS + 1]) + "\n").encode())
    for name, n, source in (
        ("gdelt1-57", 57, "gdelt1"),
        ("gdelt1-58", 58, "gdelt1"),
        ("gdelt2", 61, "gdelt2"),
    ):
        path = folder / f"{name}.tsv"
        gdelt_file(path, n, GDELT_ROWS)
        out[name] = (source, path.read_bytes())
    return out


@pytest.fixture(scope="module", autouse=True)
def counts():
    yield
    COUNTS_FILE.write_text(
        json.dumps({
            "cases": sum(CASES.values()),
            "failures": sum(FAILURES.values()),
            "by_test": {k: {"cases": CASES[k], "failures": FAILURES[k]} for k in sorted(CASES)},
        }, indent=1) + "\n",
        encoding="utf-8",
    )  # fmt: skip


# ---------------------------------------------------------------- corruptions

NON_ASCII = ["é", "Côte d’Ivoire", "台灣", "Ä", "€", "🦄", "\u00a0", "ß"]
ENCODINGS = ["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"]
BAD_UTF8 = [
    b"\xff", b"\xfe", b"\x80", b"\xc3\x28", b"\xa0\xa1", b"\xe2\x28\xa1", b"\xe2\x82",
    b"\xf0\x28\x8c\xbc", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80",
]  # fmt: skip
VALUES = [
    "", " ", "NA", "XXX", "USA", "CHN", "99999999", "20181301", "2018-06-01", "0", "-1",
    "010", "999", "abc", "'", '"', "\\", "\x00", "\x0b", "\x1c", "\u2028", "NaN", "inf",
    "Taiwan", "Hong Kong", "Serbia", "Russian Federation", "x" * 500,
]  # fmt: skip

READ_FIELDS = [0, 1, 4, 6, 7, 10, 17, 26, 30]  # what the loader reads, ICEWS and GDELT
HUGE = [100_000, MAX_LINE - 200, MAX_LINE + 10, 3_000_000]  # bytes added to a line

unit = st.floats(0, 1, allow_nan=False)
BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\x1b[31m"]
value = st.one_of(
    st.sampled_from(VALUES),
    st.sampled_from(BREAKS).map(lambda b: f"U{b}SA"),  # line breaks of str.splitlines
    st.text(max_size=20),
)
field = st.one_of(st.sampled_from(READ_FIELDS), st.integers(0, 70))
corruption = st.one_of(
    st.tuples(st.just("truncate"), unit),
    st.tuples(st.just("encode"), st.sampled_from(ENCODINGS), unit, st.sampled_from(NON_ASCII)),
    st.tuples(st.just("bad_utf8"), unit, st.sampled_from(BAD_UTF8)),
    st.tuples(st.just("extra_fields"), unit, st.integers(1, 5)),
    st.tuples(st.just("missing_fields"), unit, st.integers(1, 5)),
    st.tuples(st.just("huge"), unit, st.sampled_from(HUGE)),
    st.tuples(st.just("many_fields"), unit, st.sampled_from([100, 5_000, 100_000])),
    st.tuples(st.just("empty")),
    st.tuples(st.just("garbage"), unit, st.binary(min_size=1, max_size=300)),
    st.tuples(st.just("all_garbage"), st.binary(max_size=3_000)),
    st.tuples(st.just("nul"), unit, st.integers(1, 3)),
    st.tuples(st.just("crlf"), st.sampled_from(["all", "line", "lone", "mac", "crcrlf"]), unit),
    st.tuples(st.just("blank"), unit, st.sampled_from([b"\n", b"\n\n", b"\r\n", b" \n"])),
    st.tuples(st.just("bom")),
    *[st.tuples(st.just("value"), unit, field, value)] * 3,  # three times as likely
    st.tuples(st.just("duplicate"), unit),
)
corruptions = st.lists(corruption, min_size=1, max_size=3)


def _at(n: int, where: float) -> int:
    """An index in range(n) (n >= 1) for a position in [0, 1]."""
    return min(int(where * n), n - 1)


def _on_line(data: bytes, where: float, change) -> bytes:
    """`data` with one of its lines (split on LF) replaced by change(line)."""
    lines = data.split(b"\n")
    i = _at(len(lines), where)
    lines[i] = change(lines[i])
    return b"\n".join(lines)


def _remove_tabs(line: bytes, n: int) -> bytes:
    for _ in range(n):
        line = line.replace(b"\t", b"", 1)
    return line


def _set_field(line: bytes, index: int, value: bytes) -> bytes:
    fields = line.split(b"\t")
    fields[index % len(fields)] = value
    return b"\t".join(fields)


def _crlf(data: bytes, mode: str, where: float) -> bytes:
    if mode == "all":
        return data.replace(b"\n", b"\r\n")
    if mode == "line":
        return _on_line(data, where, lambda line: line + b"\r")
    if mode == "mac":
        return data.replace(b"\n", b"\r")
    if mode == "crcrlf":
        return _on_line(data, where, lambda line: line + b"\r\r")
    at = _at(len(data) + 1, where)  # lone: a CR inside a line
    return data[:at] + b"\r" + data[at:]


def corrupt(data: bytes, ops: list[tuple]) -> bytes:
    for name, *args in ops:
        n = len(data)
        if name == "truncate":
            data = data[: round(args[0] * n)]
        elif name == "encode":
            encoding, where, extra = args
            text = data.decode("utf-8", "replace")
            at = _at(len(text) + 1, where)
            data = (text[:at] + extra + text[at:]).encode(encoding, "replace")
        elif name in ("bad_utf8", "garbage"):
            at = _at(n + 1, args[0])
            data = data[:at] + args[1] + data[at:]
        elif name == "extra_fields":
            data = _on_line(data, args[0], lambda line, k=args[1]: line + b"\tx" * k)
        elif name == "missing_fields":
            data = _on_line(data, args[0], lambda line, k=args[1]: _remove_tabs(line, k))
        elif name == "huge":
            data = _on_line(data, args[0], lambda line, k=args[1]: b"y" * k + line)
        elif name == "many_fields":
            data = _on_line(data, args[0], lambda line, k=args[1]: line + b"\t" * k)
        elif name == "empty":
            data = b""
        elif name == "all_garbage":
            data = args[0]
        elif name == "nul":
            at = _at(n + 1, args[0])
            data = data[:at] + b"\x00" * args[1] + data[at:]
        elif name == "crlf":
            data = _crlf(data, args[0], args[1])
        elif name == "blank":
            data = _on_line(data, args[0], lambda line, b=args[1]: b + line)
        elif name == "bom":
            data = b"\xef\xbb\xbf" + data
        elif name == "value":
            where, index, value = args
            raw = value.encode("utf-8", "surrogatepass")
            data = _on_line(data, where, lambda line, i=index, v=raw: _set_field(line, i, v))
        elif name == "duplicate":
            data = _on_line(data, args[0], lambda line: line + b"\n" + line)
    return data


# ---------------------------------------------------------------- the invariant


def _lines(data: bytes) -> list[bytes]:
    """The file's lines as the loader numbers them: split on LF, a CR before it dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # the reader skips a UTF-8 byte-order mark
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # after a final LF there is no line
    return [line[:-1] if line.endswith(b"\r") else line for line in lines]


def _tables(ws: Workspace) -> dict[str, int]:
    """Rows of the event tables (0 before the first ingest has created them)."""
    made = ws.rows("select 1 from information_schema.tables where table_name = 'events'")
    return {
        t: ws.scalar(f"select count(*) from {t}") if made else 0
        for t in ("events", "events_quarantine", "events_ingests")
    }


def _check_api(ws: Workspace, path: Path, source: str, data: bytes, strict: bool) -> str:
    path.write_bytes(data)
    before = _tables(ws)
    try:
        report = ingest(ws, [str(path)], source, strict=strict)
    except AlignscopeError as exc:
        message = str(exc)
        assert message.strip() and len(message.strip().splitlines()) == 1, message
        assert _tables(ws) == before, (message, before, _tables(ws))
        return "error"
    layout = LAYOUTS[source]
    lines = _lines(data)
    body = lines[1:] if layout.header else lines
    expected = sum(1 for line in body if line)  # the reader skips blank lines
    assert report.rows == expected, (report.as_dict(), expected)
    file = str(path.resolve())
    quarantined = ws.rows(
        "select line, raw from events_quarantine where file = ? and ingest_id = ? order by line",
        [file, report.ingest_id],
    )
    assert len(quarantined) == report.quarantined
    assert len({q[0] for q in quarantined}) == len(quarantined)  # one entry per line
    for line, raw in quarantined:
        assert raw == lines[line - 1].decode("utf-8", "replace"), (line, raw)
    loaded = ws.rows(
        "select origin_line, origin_id from events where origin_file = ? and ingest_id = ?",
        [file, report.ingest_id],
    )
    assert len(loaded) == report.loaded
    missing = {"", layout.missing}
    for line, origin_id in loaded:
        event_id = lines[line - 1].decode("utf-8", "replace").split("\t")[layout.event_id]
        assert origin_id == (None if event_id in missing else event_id), (line, origin_id)
    return "ok"


@pytest.fixture(scope="module")
def api_store():
    with Workspace(":memory:") as ws:
        yield ws


@pytest.mark.parametrize("name", ["icews", "gdelt1-57", "gdelt1-58", "gdelt2"])
def test_api_survives_corrupted_files(files, api_store, tmp_path_factory, name):
    source, valid = files[name]
    path = tmp_path_factory.mktemp("api") / f"{name}.events"

    @settings(FUZZ, max_examples=API_EXAMPLES)
    @given(ops=corruptions, strict=st.booleans())
    def check(ops, strict):
        CASES[f"api-{name}"] += 1
        try:
            _check_api(api_store, path, source, corrupt(valid, ops), strict)
        except BaseException:
            FAILURES[f"api-{name}"] += 1
            raise

    check()


def _events_in(store: Path) -> int:
    con = duckdb.connect(str(store), read_only=True)
    try:
        found = con.execute(
            "select count(*) from information_schema.tables where table_name = 'events'"
        ).fetchall()[0][0]
        return con.execute("select count(*) from events").fetchall()[0][0] if found else 0
    finally:
        con.close()


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("cli")
    store = folder / "store.duckdb"
    valid = folder / "valid.tsv"
    valid.write_bytes(files["gdelt2"][1])
    done = CliRunner().invoke(  # loads the shipped data and some events once
        main, ["--db", str(store), "events", "ingest", str(valid), "--source", "gdelt2"]
    )
    assert done.exit_code == 0, done.output
    return folder, store


@settings(FUZZ, max_examples=CLI_EXAMPLES)
@given(
    name=st.sampled_from(["icews", "gdelt1-57", "gdelt1-58", "gdelt2"]),
    ops=corruptions,
    strict=st.booleans(),
    fmt=st.sampled_from(["text", "json"]),
    wrong_source=st.booleans(),
)
def test_cli_survives_corrupted_files(files, cli_store, name, ops, strict, fmt, wrong_source):
    CASES["cli"] += 1
    try:
        folder, store = cli_store
        source, valid = files[name]
        if wrong_source:  # a valid layout named wrongly is one more kind of bad file
            source = {"icews": "gdelt2", "gdelt1": "gdelt2", "gdelt2": "gdelt1"}[source]
        path = folder / "events.tsv"
        path.write_bytes(corrupt(valid, ops))
        before = _events_in(store)
        args = ["--db", str(store), "events", "ingest", str(path), "--source", source]
        result = CliRunner().invoke(main, [*args, "--format", fmt, *(["--strict"] * strict)])
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        if result.exit_code == 0:
            assert result.exception is None, repr(result.exception)
            if fmt == "json":
                assert json.loads(result.stdout)["rows"] >= 0
            return
        # CliRunner catches every exception: leaving through sys.exit shows that the
        # group's error path handled whatever happened
        assert isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code != 70, result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        assert _events_in(store) == before
    except BaseException:
        FAILURES["cli"] += 1
        raise


def test_counts(capsys):
    """Runs last in the module: the totals so far (the file is written at module end)."""
    total, failed = sum(CASES.values()), sum(FAILURES.values())
    with capsys.disabled():
        print(f"\nevents fuzzing: {total} generated cases, {failed} failures ({dict(CASES)})")
    assert total > 0
