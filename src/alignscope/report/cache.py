"""The report's file cache: drawn charts and compiled templates in the user's cache folder.

Everything here can be made again, so a cache that cannot be written is skipped, never an
error; `$XDG_CACHE_HOME/alignscope/` (`~/.cache/alignscope/`) may be deleted at any time.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(kind: str) -> Path:
    """The folder of one kind of cached file ("charts", "templates"); not created here."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "alignscope" / kind


def keep(path: Path, text: str) -> None:
    """Keep `text` at `path` (`output.write_text`, atomic); skipped when it cannot be."""
    from ..errors import OutputError
    from ..output import write_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, text, mode=None)
    except (OSError, OutputError):
        return
