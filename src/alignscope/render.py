"""Output helpers shared by CLI commands: JSON on stdout, rich tables, messages on stderr."""

from __future__ import annotations

import json
import math
import sys
from typing import TYPE_CHECKING, Any

from .numbers import number

if TYPE_CHECKING:
    from rich.console import Console

    stdout: Console
    stderr: Console


def __getattr__(name: str) -> Console:
    """`stdout` and `stderr`, rich consoles made on first use (rich takes 70 ms to import,
    which `alignscope --help` need not pay)."""
    if name not in ("stdout", "stderr"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rich.console import Console

    consoles = {
        "stdout": Console(highlight=False, soft_wrap=False),
        "stderr": Console(stderr=True, highlight=False),
    }
    globals().update(consoles)
    return consoles[name]


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def emit_json(obj: Any) -> None:
    """One JSON object on stdout with NULLs as null, ready for a pipe."""
    sys.stdout.write(json.dumps(_clean(obj), ensure_ascii=False, indent=2, default=str) + "\n")


def fmt(value: Any) -> str:
    """Short human form of a table cell (`numbers.number`, three decimals so columns line
    up); NULL shown as an en dash."""
    return number(value, fixed=True)
