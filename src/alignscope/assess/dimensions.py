"""Load and check a dimensions file (TOML): seven dimensions, each a weighted set of indicators."""

from __future__ import annotations

import math
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


DIMENSION_KEYS = ("id", "name", "question", "indicators")
INDICATOR_KEYS = ("name", "normalise", "direction", "weight", "cap")


def load_dimensions(path: str | Path | None = None) -> tuple[Dimension, ...]:
    """Read and validate a dimensions file; every problem is one sentence naming the file
    and the key ("dimensions file F, [[dimension]] I-1, indicator 'alliance_tie': cap ...")."""
    path = Path(path) if path else DEFAULT_FILE
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except FileNotFoundError as exc:
        raise UsageError(f"dimensions file {path} does not exist") from exc
    except IsADirectoryError as exc:
        raise UsageError(f"dimensions file {path} is a folder; give a TOML file") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read dimensions file {path}: {not_utf8(exc)}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"cannot read dimensions file {path}: {toml_problem(exc, text)}") from exc
    except OSError as exc:
        raise UsageError(
            f"cannot read dimensions file {path}: {(exc.strerror or str(exc)).lower()}"
        ) from exc
    except ValueError as exc:  # a NUL byte in the name
        shown = str(path).replace("\0", "\\0")
        raise UsageError(
            f"cannot read dimensions file {shown}: a file name cannot contain a NUL byte"
        ) from exc
    unknown = sorted(set(raw) - {"dimension"})
    if unknown:
        raise UsageError(
            f"dimensions file {path}: unknown key '{unknown[0]}'; the file holds only "
            "[[dimension]] tables"
        )
    tables = raw.get("dimension", [])
    if not isinstance(tables, list) or not all(isinstance(d, dict) for d in tables):
        raise UsageError(
            f"dimensions file {path}: 'dimension' must be an array of tables; write "
            "[[dimension]] (double brackets) before each dimension"
        )
    if not tables:
        raise UsageError(f"dimensions file {path} declares no [[dimension]]")
    dims = tuple(_dimension(d, i, path) for i, d in enumerate(tables, 1))
    seen: set[str] = set()
    for d in dims:
        if d.id in seen:
            raise UsageError(f"dimensions file {path}: two dimensions have id '{d.id}'")
        seen.add(d.id)
    return dims


def toml_problem(exc: tomllib.TOMLDecodeError, text: str) -> str:
    """The parser's message; one at the end of the text also says which line that is."""
    message = str(exc)
    if message.endswith("(at end of document)"):
        lines = text.count("\n") + (not text.endswith("\n"))
        message = message.replace("at end of document", f"at the end of the file, line {lines}")
    return message


def not_utf8(exc: UnicodeDecodeError) -> str:
    """Where a file stops being UTF-8: 'line 3: byte 0xff is not UTF-8 (...)'."""
    if exc.object[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "line 1: the file is UTF-16 (it starts with a byte-order mark); save it as UTF-8"
    line = exc.object[: exc.start].count(b"\n") + 1
    byte = exc.object[exc.start : exc.start + 1].hex() or "?"
    return f"line {line}: byte 0x{byte} is not UTF-8, the encoding TOML requires; save it as UTF-8"


def _dimension(d: dict, number: int, path: Path) -> Dimension:
    ident = d.get("id")
    name = ident if isinstance(ident, str) and ident else f"number {number}"
    where = f"dimensions file {path}, [[dimension]] {name}"
    _no_unknown(d, DIMENSION_KEYS, where)
    missing = [k for k in ("id", "name", "indicators") if k not in d]
    if missing:
        raise UsageError(f"{where} needs id, name and indicators (missing: {', '.join(missing)})")
    for key in ("id", "name", "question"):
        if key in d and not (isinstance(d[key], str) and (d[key].strip() or key == "question")):
            raise UsageError(f"{where}: {key} must be a non-empty string, not {d[key]!r}")
    uses = d["indicators"]
    if not isinstance(uses, list) or not all(isinstance(u, dict) for u in uses):
        raise UsageError(
            f"{where}: indicators must be a list of tables, e.g. indicators = "
            '[{ name = "defence_pact", normalise = "binary", direction = "+" }], '
            f"not {uses!r}"
        )
    if not uses:
        raise UsageError(f"{where}: indicators is empty; a dimension needs at least one")
    return Dimension(
        d["id"],
        d["name"],
        d.get("question", ""),
        tuple(_use(u, where, j) for j, u in enumerate(uses, 1)),
    )


def _use(u: dict, where: str, number: int) -> Use:
    name = u.get("name")
    if "name" not in u:
        raise UsageError(
            f"{where}: indicator number {number} has no name; give name = one of "
            f"{', '.join(INDICATORS)}"
        )
    if not isinstance(name, str):
        raise UsageError(
            f"{where}: the name of indicator number {number} must be a string, not {name!r}"
        )
    if name not in INDICATORS:
        raise UsageError(
            f"{where} references unknown indicator '{name}'; known indicators: "
            f"{', '.join(INDICATORS)}"
        )
    where = f"{where}, indicator '{name}'"
    _no_unknown(u, INDICATOR_KEYS, where)
    if u.get("normalise") not in NORMALISATIONS:
        raise UsageError(f"{where} needs normalise = one of {', '.join(NORMALISATIONS)}")
    if u.get("direction") not in ("+", "-"):
        raise UsageError(f"{where} needs direction '+' or '-'")
    weight = _positive(u.get("weight", 1), where, "weight")
    if "cap" in u:
        _positive(u["cap"], where, "cap")
    elif u["normalise"] == "cap":
        raise UsageError(f'{where} uses normalise = "cap" but gives no cap > 0')
    return Use(name, u["normalise"], u["direction"], weight, u.get("cap"))


def _positive(value: object, where: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        raise UsageError(f"{where}: {key} must be a number > 0, not {value!r}")
    return float(value)


def _no_unknown(table: dict, keys: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise UsageError(f"{where}: unknown key '{unknown[0]}'; the keys are {', '.join(keys)}")
