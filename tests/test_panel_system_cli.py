"""`alignscope panel --system gw --add STEP` names the CLI fix (`--system cow`), not the
Python one (`build_panel(..., system='cow')`), which the Python API keeps."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from alignscope.cli import main
from alignscope.errors import UsageError
from alignscope.panel import build_panel
from alignscope.sources import add_atop


def test_the_cli_says_use_system_cow(tmp_path):
    out = tmp_path / "p.parquet"
    result = CliRunner().invoke(main, ["--db", ":memory:", "panel", "--start", "2000",
                                       "--end", "2001", "--system", "gw", "--add", "atop",
                                       "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2, result.output
    error = result.stderr.strip()
    assert len(error.splitlines()) == 1 and error.startswith("error:")
    assert "--system cow" in error and "--add atop" in error
    assert "build_panel" not in error and not out.exists()


def test_the_python_api_still_names_the_python_fix(ws):
    with pytest.raises(UsageError, match=r"build_panel\(\.\.\., system='cow'\)"):
        add_atop(build_panel(2000, 2001, system="gw", workspace=ws))
