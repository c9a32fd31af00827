"""One atomic writer (`output.atomic_file`) for tables, reports and cached charts; it
refuses a target that exists but is not a regular file, from Python as from the CLI."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from alignscope.errors import OutputError
from alignscope.output import atomic_file, write_text
from alignscope.report.cache import keep


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_report_text_is_written_whole_and_readable(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    assert write_text(target, "new\nline") == target
    assert target.read_bytes() == b"new\nline"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert not leftovers(tmp_path)


def test_a_failed_write_keeps_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ZeroDivisionError), atomic_file(target) as tmp:
        Path(tmp).write_text("half", encoding="utf-8")
        1 / 0  # noqa: B018
    assert target.read_text(encoding="utf-8") == "old" and not leftovers(tmp_path)


def test_a_fifo_target_is_refused_from_python(tmp_path):
    """Was: the report writer renamed a file over the FIFO (the CLI checked --out)."""
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as caught:
        write_text(fifo, "text")
    message = str(caught.value)
    assert str(fifo) in message and "not a regular file" in message
    assert len(message.splitlines()) == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode) and not leftovers(tmp_path)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_device_target_is_refused():
    with pytest.raises(OutputError, match="not a regular file"), atomic_file("/dev/null"):
        pytest.fail("the block must not run")
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_an_os_error_of_the_rename_is_one_output_error(tmp_path):
    target = tmp_path / "t.txt"
    with pytest.raises(OutputError, match=f"cannot write '{target}'"), atomic_file(target) as tmp:
        os.unlink(tmp)  # the rename then finds nothing to rename
    assert not target.exists()


def test_the_chart_cache_uses_the_same_writer(tmp_path):
    cached = tmp_path / "charts" / "a.svg"
    keep(cached, "<svg/>")
    assert cached.read_text(encoding="utf-8") == "<svg/>" and not leftovers(cached.parent)
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    keep(blocked / "b.svg", "<svg/>")  # a cache that cannot be written is skipped
    os.mkfifo(tmp_path / "charts" / "c.svg")
    keep(tmp_path / "charts" / "c.svg", "<svg/>")  # refused, skipped, not hung
    assert stat.S_ISFIFO((tmp_path / "charts" / "c.svg").stat().st_mode)
