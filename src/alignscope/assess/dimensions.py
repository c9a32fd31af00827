"""Load and check a dimensions file (TOML): seven dimensions, each a weighted set of indicators."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from .indicators import INDICATORS

DEFAULT_FILE = Path(__file__).with_name("dimensions.toml")
NORMALISATIONS = ("percentile", "rank_nonzero", "binary", "share", "cap", "balance")


@dataclass(frozen=True)
class Use:
    """One indicator as a dimension uses it."""

    name: str
    normalise: str
    direction: str
    weight: float
    cap: float | None = None


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    question: str
    uses: tuple[Use, ...]


def load_dimensions(path: str | Path | None = None) -> tuple[Dimension, ...]:
    """Read and validate a dimensions file; every problem is one sentence naming the file."""
    path = Path(path) if path else DEFAULT_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UsageError(f"dimensions file {path} does not exist") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read dimensions file {path}: {exc}") from exc
    dims = []
    for d in raw.get("dimension", []):
        where = f"dimension {d.get('id', '?')} in {path}"
        if not {"id", "name", "indicators"} <= d.keys():
            raise UsageError(f"{where} needs id, name and indicators")
        uses = []
        for u in d["indicators"]:
            name = u.get("name")
            if name not in INDICATORS:
                raise UsageError(
                    f"{where} references unknown indicator '{name}'; known indicators: "
                    f"{', '.join(INDICATORS)}"
                )
            if u.get("normalise") not in NORMALISATIONS:
                raise UsageError(
                    f"{where}: indicator '{name}' needs normalise = one of "
                    f"{', '.join(NORMALISATIONS)}"
                )
            if u.get("direction") not in ("+", "-"):
                raise UsageError(f"{where}: indicator '{name}' needs direction '+' or '-'")
            weight = u.get("weight", 1)
            if not isinstance(weight, int | float) or weight <= 0:
                raise UsageError(f"{where}: indicator '{name}' needs a positive weight")
            if u["normalise"] == "cap" and not u.get("cap", 0) > 0:
                raise UsageError(f"{where}: indicator '{name}' uses cap but gives no cap > 0")
            uses.append(Use(name, u["normalise"], u["direction"], float(weight), u.get("cap")))
        dims.append(Dimension(d["id"], d["name"], d.get("question", ""), tuple(uses)))
    if not dims:
        raise UsageError(f"dimensions file {path} declares no [[dimension]]")
    return tuple(dims)
