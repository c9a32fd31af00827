"""Writing a report file atomically, as `alignscope.output` does for tables.

The text goes to a temporary file in the target's folder, which is then renamed over the
target: a reader never sees half a report, and a failed write leaves the old file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import OutputError


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
    """Write `text` (UTF-8) to `path` atomically; returns the path."""
    target = check_writable(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write '{target}': {exc.strerror.lower()}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write '{target}': {exc.strerror.lower()}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
