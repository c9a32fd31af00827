"""Fuzzing the command line and the files a user gives (issue 12, item 4).

Hypothesis generates garbled arguments for the main commands (years huge, negative, not
numbers, in other scripts; unknown states; odd --format, --lang, --out, --db values; empty
strings, NUL bytes, long strings, paths under files) and corrupted --dimensions and --params
files (wrong types, missing and extra keys, tables for strings, truncation, other encodings,
huge lines, NaN and inf, negative weights). Whatever it generates, the invariant is:

* exit 0, or a non-zero exit with exactly one line on stderr starting "error:" and no
  traceback — never an internal error (exit 70);
* a command that fails leaves nothing behind: not the --out file, not a temporary file;
* an error about a file names the file, and the key or the line.

Speed. Everything runs in process (CliRunner, standalone as the real entry point), on one
store file built once for the module. Work past the checks is cut short: the steps that
compute (the engine's SQL, the measures of a dyad, a panel's rows, the similarity tables)
are replaced by `_reached`, which raises `Reached` — an exception no error path catches, so
reaching it means every check let the input through, an accepted outcome. The state index
is built once (it depends only on the shipped data), not once per command. What the heavy
steps compute is tested elsewhere (tests/test_assess.py, test_atlas.py, test_options.py, …).

Besides the generated cases, `test_every_key_with_every_type` sweeps each key of a small
dimensions file and parameter file through a value of each TOML type, and the tests at the
end keep each failure the fuzzing found as an example.

Counts. Every case is counted per test (generated and swept apart); the totals, with how
many were accepted ("reached" the work or ran, "ok") and refused, are written to
$ALIGNSCOPE_FUZZ_COUNTS (default: <tmp>/fuzz_counts.json) when the module ends, and
`test_counts` prints them. ALIGNSCOPE_FUZZ_SCALE=N multiplies the number of cases,
ALIGNSCOPE_FUZZ_RANDOM=1 draws new ones, ALIGNSCOPE_FUZZ_LOG=1 logs every case.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import shutil
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import alignscope.assess.engine
import alignscope.cli
import alignscope.cli.measures
import alignscope.cli.panel
import alignscope.cli.similarity
import alignscope.countries
import alignscope.panel
import alignscope.sources
from alignscope.assess.dimensions import DEFAULT_FILE as DIMENSIONS_FILE
from alignscope.assess.options import load_params
from alignscope.assess.options.inputs import Measured
from alignscope.assess.options.params import DEFAULT_FILE as PARAMS_FILE
from alignscope.assess.options.simulate import sensitivity, simulate
from alignscope.cli import main

SCALE = float(os.environ.get("ALIGNSCOPE_FUZZ_SCALE") or 1)
"""Multiplies every max_examples: ALIGNSCOPE_FUZZ_SCALE=20 for a long local run."""


def examples(n: int) -> int:
    return max(1, round(n * SCALE))


FUZZ = settings(
    # the same cases on every run, so CI is reproducible; ALIGNSCOPE_FUZZ_RANDOM=1 for new ones
    derandomize=not os.environ.get("ALIGNSCOPE_FUZZ_RANDOM"),
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CASES: Counter[str] = Counter()
FAILURES: Counter[str] = Counter()
OUTCOMES: dict[str, Counter[str]] = {}  # per test: reached, ok, refused
LOG: list[dict] | None = [] if os.environ.get("ALIGNSCOPE_FUZZ_LOG") else None
"""With ALIGNSCOPE_FUZZ_LOG=1, every case and its outcome go into the counts file too."""
COUNTS_FILE = Path(
    os.environ.get("ALIGNSCOPE_FUZZ_COUNTS") or Path(tempfile.gettempdir()) / "fuzz_counts.json"
)


class Reached(BaseException):  # not an error: the input passed every check
    """Raised where a command would start its real work (see the module docstring)."""


def _reached(*args: object, **kwargs: object) -> None:
    raise Reached


def _panel_only(ws, start, end, directed, steps, system="cow"):
    """`dyad`'s panel: built (the years are checked there), then cut short without its
    thirteen joins."""
    alignscope.panel.build_panel(start, end, directed=directed, system=system, workspace=ws)
    raise Reached


@dataclasses.dataclass
class Env:
    root: Path  # the current folder while the module runs
    store: Path
    runner: CliRunner


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    store = root / "store.duckdb"
    (root / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (root / "folder").mkdir()
    os.mkfifo(root / "fifo")
    (root / "params.toml").write_text(tomli_w.dumps(PARAMETERS), encoding="utf-8")
    runner = CliRunner(env={
        "ALIGNSCOPE_DB": str(store),  # also where an empty --db would fall back to
        "XDG_DATA_HOME": str(root / "xdg"),
        "ALIGNSCOPE_DEBUG": None,
    })  # fmt: skip
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        first = runner.invoke(main, ["--db", str(store), "states", "TWN"])  # loads the data
        assert first.exit_code == 0, first.output
        index: dict[str, alignscope.countries.StateIndex] = {}

        def state_index(ws):
            if "index" not in index:
                index["index"] = alignscope.countries.StateIndex(ws)
            return index["index"]

        mp.setattr(alignscope.countries, "state_index", state_index)
        mp.setattr(alignscope.assess.engine, "_build", _reached)
        mp.setattr(alignscope.cli.measures, "dyad_measures", _reached)
        mp.setattr(alignscope.cli.similarity, "similarity_frame", _reached)
        mp.setattr(alignscope.panel.Panel, "write", _reached)
        mp.setattr(alignscope.panel.Panel, "dyad", _reached)
        mp.setattr(alignscope.cli.panel, "assemble", _panel_only)
        mp.setitem(alignscope.sources.STEPS, "similarity", _reached)
        yield Env(root, store, runner)
    swept = {k for k in CASES if k.startswith("every key")}
    COUNTS_FILE.write_text(
        json.dumps({
            "cases": sum(CASES.values()),
            "failures": sum(FAILURES.values()),
            "generated": sum(n for k, n in CASES.items() if k not in swept),
            "swept": sum(CASES[k] for k in swept),
            "by_test": {
                k: {"cases": CASES[k], "failures": FAILURES[k], **OUTCOMES.get(k, {})}
                for k in sorted(CASES)
            },
            **({"log": LOG} if LOG is not None else {}),
        }, indent=1, default=repr) + "\n",
        encoding="utf-8",
    )  # fmt: skip


# ---------------------------------------------------------------- the invariant


def _tree(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if not str(p.relative_to(root)).startswith("store.duckdb")
    }


def check(env: Env, name: str, args: list[str], *, db: str | None = None) -> str:
    """Run `alignscope [--db DB] ARGS` and check the invariant; returns the outcome:
    "reached", "ok" or the error line."""
    CASES[name] += 1
    before = _tree(env.root)
    try:
        outcome = _check(env, args, db, before)
        kind = outcome if outcome in ("ok", "reached") else "refused"
        OUTCOMES.setdefault(name, Counter())[kind] += 1
        if LOG is not None:
            LOG.append({"test": name, "outcome": outcome, "args": args, "db": db})
    except BaseException:
        FAILURES[name] += 1
        raise
    finally:
        for new in sorted(_tree(env.root) - before, reverse=True):  # what a success wrote
            path = env.root / new
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    return outcome


def _check(env: Env, args: list[str], db: str | None, before: set[str]) -> str:
    argv = ["--db", str(env.store) if db is None else db, *args]
    try:
        result = env.runner.invoke(main, argv)
    except Reached:  # stopped where the work starts: nothing may be written yet
        assert not _tree(env.root) - before, (argv, "files written before the work")
        return "reached"
    assert "Traceback" not in result.stderr, (argv, result.stderr)
    if result.exit_code == 0:  # CliRunner keeps no exception for sys.exit(0)
        assert result.exception is None, (argv, repr(result.exception))
        return "ok"
    # CliRunner catches every exception: leaving through sys.exit shows that the group's
    # error path handled whatever happened
    assert isinstance(result.exception, SystemExit), (argv, repr(result.exception))
    assert result.exit_code != 70, (argv, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), (argv, result.stderr)
    left = _tree(env.root) - before
    assert not left, (argv, "a failed command left files behind", left)
    return lines[0]


# ---------------------------------------------------------------- values

LONG = "x" * 300  # longer than a file name may be (255 bytes)
NASTY = [
    "", " ", "\x00", "a\x00b", "\n", "a\nb", "\t", "-", "--", "—", "\u202e", "\ufeff",
    "\udcff", "caf\udce9", "é", "台灣", "🦄", "%s", "{}", "'", '"', "\\", "../", "/", ".",
    "..", "nan", "inf", "-inf", "1e3", "0x10", "0", "-0", "+1", "٣", "２０１１", "2_011",
    "2011.5", " 2011", LONG, "9" * 40, "-" + "9" * 40, "9" * 5000, "a" * 20_000,
]  # fmt: skip
nasty = st.sampled_from(NASTY)
text = st.one_of(nasty, st.text(max_size=12))


def mix(valid: list[str] | st.SearchStrategy[str], *garbled: st.SearchStrategy[str], odds=3):
    """A valid value `odds` times for each garbled one, so that most cases carry one or two
    bad values and the checks after the first are reached too."""
    good = st.sampled_from(valid) if isinstance(valid, list) else valid
    bad = st.one_of(text, *garbled)
    return st.sampled_from([True] * odds + [False]).flatmap(lambda ok: good if ok else bad)


STATES = [
    "TWN", "JPN", "USA", "CHN", "KOR", "FRA", "GBR", "RUS", "IND", "AUS", "BRA", "DEU", "740",
    "2", "gw:713", "iso:158", "台灣", "日本", "Japan", "china", "Germany", "Philippines",
]  # fmt: skip
ODD_STATES = [
    "West Germany", "GFR", "GDR", "260", "265", "USSR", "SRB", "Serbia", "MAC", "HKG", "PRK",
    "Yugoslavia", "345", "Narnia", "1", "0", "-713", "gw:-1", "gw:", "iso:", "iso:999999",
    "Congo", "Korea", "South Vietnam", "Hong Kong", "Puerto Rico", "Antarctica", "ATA", "²",
    "gw:²", "iso:¹⁵⁸", "٧١٣", "７１３", "9" * 5000, "gw:" + "9" * 5000,
]  # fmt: skip
state = mix(STATES, st.sampled_from(ODD_STATES), odds=6)
YEARS = ["2011", "2010", "2000", "1990", "1960", "1946", "2014", "2018", "2024", "1816"]
year = mix(
    YEARS,
    st.sampled_from(["1815", "2025", "0", "-1", "99999", "3000000000", "9" * 30]),
    st.integers(-(10**30), 10**30).map(str),
    st.integers(1700, 2100).map(str),
)


def choice(valid: list[str]) -> st.SearchStrategy[str]:
    return mix(valid, st.sampled_from([v.upper() for v in valid] + ["xml", "", " "]))


lang = mix(["en", "zh-TW"], st.sampled_from(["zh_tw", "zh-Hant", "fr", "EN", "zh-TW "]))
OUTS = [
    "r.csv", "r.parquet", "r.html", "r.json", "r.txt", "r.graphml", "r.CSV", ".csv", "r", "",
    " ", "r.csv/", "missing/r.csv", "notes.txt/r.csv", "notes.txt", "folder", "folder/",
    "fifo", "/proc/r.csv", "/proc/self/r.html", LONG + ".csv", "r\x00.csv", "\udcff.csv",
    "r .csv", "-r.csv", "./r.parquet", "folder/r.json",
]  # fmt: skip
READS = [o for o in OUTS if o != "fifo"]  # a FIFO without a writer blocks a reader (as cat)
# generated paths stay relative: they land in the module's folder, never at /
bad_out = st.one_of(st.sampled_from(OUTS), st.text(max_size=12).map(lambda s: s.lstrip("/")))
bad_read = st.one_of(st.sampled_from(READS), text)


def out(*valid: str) -> st.SearchStrategy[str]:
    return mix(list(valid), bad_out)


def number(*valid: str) -> st.SearchStrategy[str]:
    return mix(list(valid), st.integers(-(10**12), 10**12).map(str), st.just("9" * 30))


def listing(names: list[str]) -> st.SearchStrategy[str]:
    """A comma-separated list of known names, perhaps with an unknown or empty one."""
    known = st.lists(st.sampled_from(names), min_size=1, max_size=4).map(",".join)
    odd = st.lists(st.sampled_from([*names, "nope", "", " "]), max_size=4).map(",".join)
    return mix(known, odd)


@st.composite
def command(draw, name: list[str], positional: list, options: dict, flags=()) -> list[str]:
    """`name`, the positional values, and a random subset of the options in random order;
    an option may come twice, and the line may end in an unknown option or argument.
    Options named in `options` with a leading "!" are required (left out one time in 8)."""
    args = [draw(s) for s in positional]
    chosen = []
    for opt, values in options.items():
        times = [0] + [1] * 6 + [2] if opt.startswith("!") else [0, 0, 1, 1, 1, 2]
        for _ in range(draw(st.sampled_from(times))):
            chosen.append([opt.lstrip("!"), draw(values)])
    chosen += [[f] for f in flags if draw(st.booleans())]
    chosen = draw(st.permutations(chosen))
    tail = [a for pair in chosen for a in pair]
    extra = draw(st.sampled_from([[]] * 20 + [["--nope"], ["extra"], ["--"], ["--year"]]))
    return [*name, *args, *tail, *extra]


DIMS = [str(DIMENSIONS_FILE)]
COMMANDS: dict[str, st.SearchStrategy[list[str]]] = {
    "assess": command(["assess"], [state, state], {
        "!--year": year, "--third": state, "--patron": state, "--lang": lang,
        "--format": choice(["text", "json", "html"]),
        "--out": out("r.html", "r.json", "r.txt", "folder/r.html"),
        "--dimensions": mix(DIMS, bad_read),
    }),
    "classify": command(["classify"], [state, state], {
        "!--year": year, "--lang": lang, "--format": choice(["text", "json"]),
    }),
    "measures": command(["measures"], [state, state], {
        "!--year": year, "--third": state, "--patron": state, "--format": choice(["text", "json"]),
    }),
    "options": command(["options"], [state, state], {
        "!--year": year, "--third": state, "--patron": state, "--draws": number("100", "1"),
        "--seed": number("7", "0"), "--format": choice(["text", "json"]),
        "--params": mix(["params.toml"], bad_read),  # written by `env`
    }),
    "panel": command(["panel"], [], {
        "!--start": year, "!--end": year, "!--out": out("r.csv", "r.parquet", "folder/r.csv"),
        "--format": choice(["text", "json"]), "--system": choice(["cow", "gw"]),
        "--add": listing(list(alignscope.sources.STEPS)),
    }, flags=["--directed"]),
    "atlas": command(["atlas"], [], {
        "!--start": year, "!--end": year, "--state": state,
        "!--out": out("r.csv", "r.parquet"), "--format": choice(["text", "json"]),
        "--system": choice(["cow", "gw"]), "--dimensions": mix(DIMS, bad_read),
    }, flags=["--columns"]),
    "history": command(["history"], [state, state], {
        "--start": year, "--end": year, "--format": choice(["text", "json"]),
    }),
    "network": command(["network"], [], {
        "!--year": year, "--format": choice(["text", "json", "html", "graphml"]),
        "--out": out("r.html", "r.json", "r.graphml", "r.txt", "r.xml"),
        "--lang": lang, "--types": listing(["alliance", "rivalry", "coalition"]),
        "--region": choice(["asia", "europe", "africa"]),
    }),
    "states": command(["states"], [state], {"--year": year, "--format": choice(["text", "json"])}),
    "agreements": command(["agreements"], [], {
        "--state": state, "--since": year, "--until": year, "--format": choice(["text", "json"]),
        "--kind": choice(["fta", "defence_pact", "strategic_partnership"]),
    }),
    "evidence": command(["evidence"], [state, state], {
        "--dimension": choice(["I-1", "E-2", "I-5"]), "--lang": lang,
        "--format": choice(["text", "json"]),
    }),
    "data info": command(["data", "info"], [choice(["atop", "states_cow", "trade_dyadic"])], {
        "--format": choice(["text", "json"]),
    }),
    "data coverage": command(["data", "coverage"], [], {
        "--state": state, "--format": choice(["text", "json"]),
    }),
    "cite": command(["cite"], [choice(["atop", "all", "codelist"])], {}),
    "dyad": command(["dyad"], [state, state], {
        "--start": year, "--end": year, "--columns": number("5", "1", "40"),
        "--format": choice(["text", "json"]),
    }),
    "similarity": command(["similarity"], [], {
        "!--start": year, "!--end": year, "!--out": out("r.csv", "r.parquet"),
        "--format": choice(["text", "json"]), "--source": choice(["atop", "unga", "both"]),
        "--measures": listing(["s", "kappa", "s_w", "taub", "pi"]),
    }, flags=["--directed-portfolios"]),
}  # fmt: skip
EXAMPLES_PER_COMMAND = 45


# ---------------------------------------------------------------- (a) arguments


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_arguments(env, name):
    """Random and garbled arguments for each main command: the invariant holds."""

    @settings(FUZZ, max_examples=examples(EXAMPLES_PER_COMMAND))
    @given(args=COMMANDS[name])
    def run(args):
        check(env, f"arguments[{name}]", args)

    run()


db_value = st.one_of(  # a FIFO: test_db_fifo_is_refused_not_opened (a regression would hang)
    st.tuples(st.just("name"), st.sampled_from([
        "notes.txt", "folder", "notes.txt/s.duckdb", "folder/", "", " ", "\x00",
        "a\x00b.duckdb", LONG, LONG + "/s.duckdb", "/proc/s.duckdb", "/proc/self/s.duckdb",
        "\udcff/", "notes.txt\x00",
    ])),
    st.tuples(st.just("bytes"), st.binary(max_size=9000)),
    st.tuples(st.just("truncated"), st.integers(0, 3_000_000)),
)  # fmt: skip
"""A --db that can never become a new store (that would load every dataset): a name, or
a file of random bytes, or the first bytes of a real store."""


@settings(FUZZ, max_examples=examples(40))
@given(db=db_value, args=st.sampled_from([["states", "TWN"], ["data", "coverage"]]))
def test_db(env, db, args):
    """--db: text files, folders, random bytes, truncated stores, bad names."""
    kind, value = db
    if kind == "name":
        check(env, "db", args, db=value)
        return
    path = env.root / "files" / "store.duckdb"
    path.parent.mkdir(exist_ok=True)
    if kind == "bytes":
        path.write_bytes(value)
    else:
        with env.store.open("rb") as f:
            path.write_bytes(f.read(value))
    try:
        check(env, "db", args, db=str(path))
    finally:
        for leftover in path.parent.glob("store.duckdb*"):
            leftover.unlink()


# ---------------------------------------------------------------- (b) files the user gives

DIMENSIONS = tomllib.loads(DIMENSIONS_FILE.read_text(encoding="utf-8"))
PARAMETERS = {
    name: {k: v for k, v in table.items() if k in ("default", "low", "high")}
    for name, table in tomllib.loads(PARAMS_FILE.read_text(encoding="utf-8")).items()
    if name != "ladder"
}

toml_value = st.one_of(  # one type at a time, each about as likely
    st.sampled_from([0, -1, 3, 1e308, 5e-324, -0.0, math.nan, math.inf, -math.inf]),
    st.booleans(),
    st.one_of(st.sampled_from(["", "x", "ten", "+", "cap", "binary", "defence_pact", "I-1"]),
              st.text(max_size=8)),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.one_of(st.integers(), st.text(max_size=3)), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)  # fmt: skip
key = st.one_of(st.sampled_from(["name", "id", "weight", "cap", "normalise", "direction",
                                 "indicators", "question", "default", "low", "high", "x"]),
                st.text(max_size=8))  # fmt: skip


def _paths(obj: object, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value in nested dicts and lists (the tables, arrays and keys)."""
    found = [prefix] if prefix else []
    if isinstance(obj, dict):
        for k, v in obj.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            found += _paths(v, (*prefix, i))
    return found


def _get(obj, path):
    for step in path:
        obj = obj[step]
    return obj


@st.composite
def corrupt_data(draw, data: dict) -> dict:
    """`data` (a deep copy) with one to three structural changes: a value of another type,
    a key removed or added, a table turned into a string or a list, a list emptied."""
    data = json.loads(json.dumps(data))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        by_key: dict[str, list[tuple]] = {}  # each key as likely as any other, then a place
        for p in paths:
            by_key.setdefault(p[-1] if isinstance(p[-1], str) else "[i]", []).append(p)
        path = draw(st.sampled_from(by_key[draw(st.sampled_from(sorted(by_key)))]))
        parent, last = _get(data, path[:-1]), path[-1]
        how = draw(st.sampled_from(["value", "value", "value", "remove", "add", "wrap", "empty"]))
        if how == "value":
            parent[last] = draw(toml_value)
        elif how == "remove":
            del parent[last]
        elif how == "add" and isinstance(parent, dict):
            parent[draw(key)] = draw(toml_value)
        elif how == "wrap":
            parent[last] = draw(st.sampled_from([[parent[last]], {"value": parent[last]}]))
        elif how == "empty" and isinstance(parent[last], list | dict):
            parent[last] = type(parent[last])()
    return data


@st.composite
def toml_bytes(draw, data: dict) -> bytes:
    """TOML for a (possibly corrupted) `data`, perhaps damaged as bytes: truncated, invalid
    UTF-8, UTF-16, a huge line, a line repeated, a byte changed."""
    if draw(st.sampled_from([True, True, True, False])):
        data = draw(corrupt_data(data))
    try:
        raw = tomli_w.dumps(data).encode("utf-8")
    except (TypeError, ValueError):  # e.g. a key tomli_w cannot write
        raw = b"[[dimension]]\n"
    how = draw(st.sampled_from(["none", "none", "truncate", "utf8", "utf16", "bom", "huge",
                                "repeat", "byte", "nul"]))  # fmt: skip
    if how == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif how == "utf8":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"]))
        raw += raw[at:]
    elif how == "utf16":
        raw = raw.decode("utf-8").encode(draw(st.sampled_from(["utf-16", "utf-16-le"])))
    elif how == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif how == "huge":
        raw += b"# " + b"x" * 200_000 + b"\n" + b'big = "' + b"y" * 100_000 + b'"\n'
    elif how == "repeat" and raw:
        lines = raw.splitlines(keepends=True)
        i = draw(st.integers(0, len(lines) - 1))
        raw = b"".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
    elif how == "byte" and raw:
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    elif how == "nul":
        raw += b"\x00"
    return raw


def _write(env: Env, name: str, raw: bytes) -> Path:
    path = env.root / "files" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(raw)
    return path


FILE_ERROR_WORDS = ("line", "key", "[[dimension]]", "indicator", "parameter")


def check_file_error(outcome: str, path: Path) -> None:
    if outcome in ("ok", "reached"):
        return
    assert str(path) in outcome, outcome  # the file is named ...
    assert any(w in outcome for w in FILE_ERROR_WORDS), outcome  # ... and where in it


@settings(FUZZ, max_examples=examples(150))
@given(raw=toml_bytes(DIMENSIONS), command=st.sampled_from(["assess", "atlas"]))
def test_dimensions_file(env, raw, command):
    """--dimensions FILE: valid-looking files, corrupted."""
    path = _write(env, "dims.toml", raw)
    args = {
        "assess": ["assess", "TWN", "JPN", "--year", "2011", "--dimensions", str(path)],
        "atlas": ["atlas", "--columns", "--format", "json", "--dimensions", str(path)],
    }[command]
    try:
        check_file_error(check(env, "dimensions", args), path)
    finally:
        path.unlink()


# a neutral dyad: the model's arithmetic with every parameter a file may set
MEASURED = Measured(**(
    {f.name: 0.5 for f in dataclasses.fields(Measured)}
    | {"rung": 1.0, "framework": 0.0, "cap_a": 0.1, "cap_b": 0.1, "cap_c": 0.2, "cap_p": 0.1}
))  # fmt: skip


@settings(FUZZ, max_examples=examples(150))
@given(raw=toml_bytes(PARAMETERS))
def test_params_file(env, raw):
    """options --params FILE: valid-looking files, corrupted; a file the check accepts runs
    through the model (its Monte Carlo and sensitivity) without an error."""
    path = _write(env, "params.toml", raw)
    args = ["options", "TWN", "JPN", "--year", "2011", "--params", str(path)]
    try:
        outcome = check(env, "params", args)
        check_file_error(outcome, path)
        if outcome == "reached":
            params = load_params(path)
            simulate(MEASURED, params, 64, 7)
            for row in sensitivity(MEASURED, params):
                assert all(math.isfinite(row[k]) for k in ("net_at_low", "net_at_high"))
    finally:
        path.unlink()


# ---------------------------------------------------------------- every key, every type

SMALL_DIMENSIONS = {
    "dimension": [{**DIMENSIONS["dimension"][0],
                   "indicators": DIMENSIONS["dimension"][0]["indicators"][:3]}]
}  # fmt: skip
SMALL_PARAMETERS = dict(list(PARAMETERS.items())[:2])
ODD = [[], {}, [1], {"a": 1}, "", "x", 0, -1, 1e308, math.nan, math.inf, -math.inf, True, -0.0]


def test_every_key_with_every_type(env):
    """A systematic sweep the random cases may miss: each key of a small dimensions file and
    a small parameter file set to a value of each TOML type, or left out (every dimension,
    indicator and parameter is checked by the same code, so one of each stands for all)."""
    for what, doc in (("dimensions", SMALL_DIMENSIONS), ("params", SMALL_PARAMETERS)):
        for path in _paths(doc):
            for value in [*ODD, "<removed>"]:
                data = json.loads(json.dumps(doc))
                parent = _get(data, path[:-1])
                if value == "<removed>":
                    del parent[path[-1]]
                else:
                    parent[path[-1]] = value
                file = _write(env, f"{what}.toml", tomli_w.dumps(data).encode("utf-8"))
                args = {
                    "dimensions": ["atlas", "--columns", "--dimensions", str(file)],
                    "params": ["options", "TWN", "JPN", "--year", "2011", "--params", str(file)],
                }[what]
                try:
                    check_file_error(check(env, f"every key[{what}]", args), file)
                finally:
                    file.unlink()


# ---------------------------------------------------------------- regressions found by fuzzing


def refused(env: Env, *args: str, db: str | None = None, code: int) -> str:
    """The one error line of a command that must fail with `code`."""
    argv = ["--db", str(env.store) if db is None else db, *args]
    result = env.runner.invoke(main, argv)
    assert result.exit_code == code, (argv, result.output)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "TWN", "JPN", "--year", "2011", "--out", "r\x00.html"],
        ["panel", "--start", "2000", "--end", "2000", "--out", "r\x00.csv"],
        ["atlas", "--start", "2011", "--end", "2011", "--out", "r\x00.csv"],
        ["network", "--year", "2011", "--format", "json", "--out", "r\x00.json"],
        ["assess", "TWN", "JPN", "--year", "2011", "--dimensions", "d\x00.toml"],
        ["options", "TWN", "JPN", "--year", "2011", "--params", "p\x00.toml"],
    ],
)
def test_nul_byte_in_a_file_name(env, args):
    """Was: internal error, ValueError: embedded null byte (exit 70)."""
    assert "NUL byte" in refused(env, *args, code=2)


@pytest.mark.parametrize("command", [
    ["assess", "TWN", "JPN", "--year", "2011", "--out", LONG + ".txt"],
    ["panel", "--start", "2000", "--end", "2000", "--out", LONG + ".csv"],
    ["atlas", "--start", "2011", "--end", "2011", "--out", LONG + ".csv"],
    ["network", "--year", "2011", "--format", "json", "--out", LONG + ".json"],
])  # fmt: skip
def test_out_name_too_long(env, command):
    """Was: internal error, OSError: [Errno 36] File name too long (exit 70)."""
    assert "the name is too long" in refused(env, *command, code=1)


def test_out_that_is_a_fifo_is_not_replaced(env):
    """Was: the report written over the FIFO (as root, `--out /dev/null` would replace
    /dev/null with a regular file): a write renames a new file over its target."""
    error = refused(env, "assess", "TWN", "JPN", "--year", "2011", "--out", "fifo", code=1)
    assert "it is not a regular file" in error
    assert (env.root / "fifo").is_fifo()


@pytest.mark.parametrize(
    ("db", "needle", "code"),
    [
        ("\x00", "NUL byte", 2),
        ("s\x00.duckdb", "NUL byte", 2),
        ("", "--db is empty", 2),
        (LONG, "file name too long", 1),
        (LONG + "/s.duckdb", "file name too long", 1),
    ],
)
def test_db_names_that_cannot_be_a_store(env, db, needle, code):
    """Was: internal error (ValueError: embedded null byte; OSError: File name too long);
    an empty --db said 'cannot open the store : it is a folder'."""
    assert needle in refused(env, "states", "TWN", db=db, code=code)


@pytest.mark.parametrize("fraction", [0.05, 0.5])
def test_truncated_store(env, fraction):
    """Was: internal error, duckdb.IOException (Could not read enough bytes from file ...):
    a store cut short opens, and fails at its first missing block."""
    path = env.root / "files" / "cut.duckdb"
    path.parent.mkdir(exist_ok=True)
    with env.store.open("rb") as f:
        path.write_bytes(f.read(int(env.store.stat().st_size * fraction)))
    try:
        error = refused(env, "data", "coverage", db=str(path), code=74)
        assert "truncated or damaged" in error and str(path) in error
    finally:
        for leftover in path.parent.glob("cut.duckdb*"):
            leftover.unlink()


def test_db_fifo_is_refused_not_opened(env):
    """Was: the command hung, waiting for a writer on the FIFO. Run in a process with a
    timeout, so that a regression fails instead of hanging the suite."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "from alignscope.cli import main; main(prog_name='alignscope')",
         "--db", str(env.root / "fifo"), "states", "TWN"],
        capture_output=True, text=True, timeout=120, cwd=env.root,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: cannot open the store") and "not a regular file" in (
        done.stderr
    )
    assert len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize("query", ["²", "gw:²", "iso:¹⁵⁸", "9" * 5000, "cow:" + "9" * 5000])
def test_state_codes_in_other_digits(env, query):
    """Was: internal error, ValueError (int() refuses the superscript digits str.isdigit
    accepts, and numbers of more than 4,300 digits)."""
    assert "unknown state" in refused(env, "states", query, code=2)


def test_state_code_in_arabic_indic_digits(env):
    """Decimal digits of other scripts still name a code: ٧١٣ is 713."""
    result = env.runner.invoke(main, ["--db", str(env.store), "states", "٧١٣", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["states"][0]["ccode"] == 713


@pytest.mark.parametrize(
    "args",
    [
        ["panel", "--start", "2000", "--end", "2000", "--out", "\udcff.csv"],
        ["atlas", "--start", "2011", "--end", "2011", "--out", "\udcff.parquet"],
        ["similarity", "--start", "2000", "--end", "2000", "--out", "\udcff.csv"],
    ],
)
def test_table_name_not_in_utf8(env, args):
    """Was: internal error (DuckDB: cannot encode str as UTF-8; Arrow: UnicodeEncodeError)
    after all the work: a name from bytes that are not UTF-8 (--out $'\\xff.csv')."""
    assert "only UTF-8 file names" in refused(env, *args, code=2)


def test_db_name_not_in_utf8(env):
    """Was: internal error, DuckDB's InvalidInputException (cannot encode str as UTF-8)."""
    assert "only UTF-8 file names" in refused(env, "states", "TWN", db="\udcff.duckdb", code=2)


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_agreements_year_beyond_the_stores_integers(env, option):
    """Was: internal error, DuckDB's ConversionException (too large for 128-bit integer)."""
    error = refused(env, "agreements", option, "9" * 40, code=2)
    assert f"invalid value for '{option}'" in error


@pytest.mark.parametrize("draws", ["0", "10000001", "9" * 30])
def test_options_draws_bounded_before_work(env, draws):
    """Was: --draws 10**8 allocated the draws after the engine ran (MemoryError, exit 70,
    or the process killed); now refused while the options are parsed, before the store."""
    error = refused(env, "options", "TWN", "JPN", "--year", "2011", "--draws", draws, code=2)
    assert "--draws must be a whole number from 1 to 1,000,000" in error


@pytest.mark.parametrize("option", [["--dimensions", ""], ["--dimensions", " "]])
def test_empty_dimensions_name(env, option):
    """Was: an empty --dimensions silently meant the shipped file."""
    error = refused(env, "assess", "TWN", "JPN", "--year", "2011", *option, code=2)
    assert "--dimensions is empty" in error


def test_empty_params_name(env):
    """Was: 'cannot read parameter file .: [Errno 21] Is a directory: '.''."""
    error = refused(env, "options", "TWN", "JPN", "--year", "2011", "--params", "", code=2)
    assert "--params is empty" in error


@pytest.mark.parametrize("name", [[], {}, ["defence_pact"], 3])
def test_indicator_name_of_another_type(env, name):
    """Was: internal error, TypeError: unhashable type: 'list' (a name that is a list or
    a table)."""
    data = json.loads(json.dumps(SMALL_DIMENSIONS))
    data["dimension"][0]["indicators"][1]["name"] = name
    path = _write(env, "name.toml", tomli_w.dumps(data).encode("utf-8"))
    error = refused(env, "atlas", "--columns", "--dimensions", str(path), code=2)
    assert f"dimensions file {path}, [[dimension]] I-1" in error
    assert f"the name of indicator number 2 must be a string, not {name!r}" in error


def test_indicator_without_a_name(env):
    """Was: "references unknown indicator 'None'"."""
    data = json.loads(json.dumps(SMALL_DIMENSIONS))
    del data["dimension"][0]["indicators"][2]["name"]
    path = _write(env, "noname.toml", tomli_w.dumps(data).encode("utf-8"))
    error = refused(env, "atlas", "--columns", "--dimensions", str(path), code=2)
    assert "[[dimension]] I-1: indicator number 3 has no name" in error


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("[[dimension]]\n".encode("utf-16"), "line 1: the file is UTF-16"),
        (b'[[dimension]]\nid = "I-1"\nname = "caf\xe9"\n', "line 3: byte 0xe9 is not UTF-8"),
        (b'[[dimension]]\nid = "I-1', "(at the end of the file, line 2)"),
    ],
)
@pytest.mark.parametrize("what", ["dimensions", "params"])
def test_unreadable_toml_names_the_line(env, raw, needle, what):
    """Was: 'utf-8' codec can't decode byte 0xff in position 0 ... (no line); an error at
    the end of the file said '(at end of document)'."""
    path = _write(env, "enc.toml", raw)
    args = {
        "dimensions": ["atlas", "--columns", "--dimensions", str(path)],
        "params": ["options", "TWN", "JPN", "--year", "2011", "--params", str(path)],
    }[what]
    error = refused(env, *args, code=2)
    assert str(path) in error and needle in error


# ---------------------------------------------------------------- the counts


def test_counts(env, capsys):
    """The number of generated cases (and failures) of this module, for the issue's note."""
    total, failed = sum(CASES.values()), sum(FAILURES.values())
    swept = sum(n for k, n in CASES.items() if k.startswith("every key"))
    with capsys.disabled():
        print(
            f"\nfuzz: {total - swept} generated cases and {swept} swept, {failed} failures "
            f"(by test: {COUNTS_FILE}, written when the module ends)"
        )
    assert total > 0 or not CASES
