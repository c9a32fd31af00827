"""Writing a report file atomically, with the one writer of `alignscope.output`.

The text goes to a temporary file in the target's folder, which is then renamed over the
target: a reader never sees half a report, and a failed write leaves the old file. A target
that exists but is not a regular file (a FIFO, a device) is refused, from Python as from
the CLI.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import OutputError
from ..output import write_text as _write_text


def check_writable(path: str | os.PathLike[str]) -> Path:
    """The target path, refused in one sentence when it cannot be written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"cannot write '{target}': it is a folder; give a file name")
    if not folder.is_dir():
        raise OutputError(f"cannot write '{target}': the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write '{target}': no permission to write in {folder}")
    return target


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write `text` (UTF-8) to `path` atomically, readable by all (0o644); returns the path."""
    return _write_text(check_writable(path), text, mode=0o644)
