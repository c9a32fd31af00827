"""Import only what a command uses (issue 13): `import alignscope` and `alignscope --help`
load neither the query engines nor the chart stack, each checked in a fresh interpreter.

Ibis is the optional `events` extra (issue 12): only `events series` needs it; without it
that command says what to install in one line, and everything else runs.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import types

import click
import pytest

import alignscope
from alignscope import AlignscopeError
from alignscope.cli import COMMANDS, main

HEAVY = ("ibis", "altair", "vl_convert", "pyspark", "networkx")


def loaded_after(code: str) -> dict:
    """Run `code` in a fresh interpreter; returns which HEAVY modules it left in sys.modules
    and what it printed on stdout."""
    probe = (
        "import io, json, sys\n"
        "out = io.StringIO()\n"
        "real, sys.stdout = sys.stdout, out\n"
        "try:\n"
        + "".join(f"    {line}\n" for line in code.splitlines())
        + "except SystemExit:\n"
        "    pass\n"
        "sys.stdout = real\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print(json.dumps({'heavy': heavy, 'stdout': out.getvalue()}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(done.stdout)


def test_import_alignscope_loads_no_heavy_module():
    assert loaded_after("import alignscope")["heavy"] == []


def test_help_loads_no_heavy_module_and_lists_every_command():
    found = loaded_after("from alignscope.cli import main\nmain(['--help'])")
    assert found["heavy"] == []
    listed = {
        line.split()[0]
        for line in found["stdout"].split("Commands:")[1].splitlines()
        if line.startswith("  ") and line.strip()
    }
    assert listed == set(main.list_commands(click.Context(main)))
    assert set(COMMANDS) <= listed


@pytest.mark.parametrize(
    "args", [["events", "--help"], ["events", "series", "--help"], ["events", "ingest", "--help"]]
)
def test_events_help_loads_no_heavy_module(args):
    """The events commands declare their options from `events.series`, not the Ibis code."""
    found = loaded_after(f"from alignscope.cli import main\nmain({args!r})")
    assert found["heavy"] == []
    assert "Usage: " in found["stdout"]


NO_IBIS = '''
import sys


class NoIbis:
    """Finds `ibis` nowhere: alignscope installed without the events extra."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "ibis":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


sys.meta_path.insert(0, NoIbis())
from alignscope.cli import main

main(sys.argv[1:], prog_name="alignscope")
'''


def without_ibis(*args: str) -> subprocess.CompletedProcess:
    """`alignscope ARGS` in a fresh interpreter in which `import ibis` fails."""
    return subprocess.run(
        [sys.executable, "-c", NO_IBIS, *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["assess", "--help"],
        ["events", "--help"],
        ["events", "series", "--help"],
        ["--db", ":memory:", "states", "TWN"],
    ],
)
def test_without_ibis_other_commands_run(args):
    done = without_ibis(*args)
    assert done.returncode == 0, done.stderr
    assert done.stdout and "error" not in done.stderr


def test_without_ibis_events_ingest_runs(tmp_path):
    from test_events import gdelt_file

    path = tmp_path / "20180601.export.CSV"
    gdelt_file(path, 61, [(1, "20180601", "USA", "CHN", "042")])
    args = ["events", "ingest", str(path), "--source", "gdelt2", "--format", "json"]
    done = without_ibis("--db", ":memory:", *args)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["loaded"] == 1


def test_without_ibis_the_aggregation_names_the_extra_in_one_line():
    args = ["events", "series", "TWN", "JPN", "--start", "2018-01-01", "--end", "2018-12-31"]
    done = without_ibis("--db", ":memory:", *args)
    assert done.returncode == AlignscopeError.exit_code
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()  # one line: no traceback
    assert line.startswith("error: aggregating events needs Ibis"), line
    assert line.endswith("install the events extra: pip install 'alignscope[events]'"), line


def test_help_does_not_load_the_command_modules():
    """`--help` lists the table; the modules behind it stay unloaded."""
    probe = (
        "import sys\nfrom alignscope.cli import COMMANDS, main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted({m for m, _, _ in COMMANDS.values()} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_table_entries_load_the_command_they_describe(name):
    module, attribute, short_help = COMMANDS[name]
    command = getattr(importlib.import_module(module), attribute)
    assert isinstance(command, click.Command)
    assert main.get_command(click.Context(main), name) is command
    # the table's one-line help starts as the command's own docstring does
    assert command.help.split()[:4] == short_help.split()[:4], (command.help, short_help)


@pytest.mark.parametrize("module", sorted({m for m, _, _ in COMMANDS.values()}))
def test_each_command_module_imports_first(module):
    """The lazy group imports a command's module first thing: no import cycle may hide
    behind the order `import alignscope` used to impose."""
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True, timeout=120)


def test_lazy_public_names_are_the_real_objects():
    from alignscope.workspace import Workspace

    assert alignscope.Workspace is Workspace
    assert set(alignscope.__all__) <= set(dir(alignscope))
    with pytest.raises(AttributeError):
        _ = alignscope.no_such_name


def test_atlas_stays_the_function_after_its_module_is_imported():
    importlib.import_module("alignscope.atlas")
    assert callable(alignscope.atlas) and not isinstance(alignscope.atlas, types.ModuleType)
    from alignscope import atlas

    assert atlas is sys.modules["alignscope.atlas"].atlas
