"""Declared parameters of the options model: read, merged with a user's file, validated.

The shipped file `assess/options_params.toml` declares every parameter with a default, a
range [low, high] and the reason for the default. A user's file has the same layout and
may give any subset of default / low / high; unknown names or keys, values outside a
parameter's hard bounds, a range with low > high or a default outside its range are
refused with one sentence naming the file and the parameter.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from ...errors import UsageError
from ..dimensions import not_utf8, toml_problem

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "options_params.toml"
USER_KEYS = ("default", "low", "high")
SCALES = ("linear", "log")
NOT_PARAMETERS = ("ladder",)
"""Tables of the shipped file that are not parameters (the alignment ladder, `ladder`)."""


@dataclass(frozen=True)
class Param:
    """One declared parameter; `origin` says whether a user's file changed it."""

    name: str
    label: str
    default: float
    low: float
    high: float
    bounds: tuple[float, float]
    reason: str
    scale: str = "linear"
    origin: str = "shipped"

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "label": self.label,
            "default": self.default,
            "low": self.low,
            "high": self.high,
            "scale": self.scale,
            "reason": " ".join(self.reason.split()),
            "origin": self.origin,
        }


def _read(path: Path, what: str) -> dict:
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text)
    except FileNotFoundError as exc:
        raise UsageError(f"{what} {path} does not exist; check the path") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read {what} {path}: {not_utf8(exc)}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"cannot read {what} {path}: {toml_problem(exc, text)}") from exc
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise UsageError(f"cannot read {what} {path}: {reason}") from exc
    except ValueError as exc:  # a NUL byte in the name
        shown = str(path).replace("\0", "\\0")
        raise UsageError(
            f"cannot read {what} {shown}: a file name cannot contain a NUL byte"
        ) from exc


def _number(value: object, where: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise UsageError(f"{where}: {key} must be a finite number, not {value!r}")
    return float(value)


def _check(p: Param, where: str) -> Param:
    lo, hi = p.bounds
    for key in USER_KEYS:
        value = getattr(p, key)
        if not lo <= value <= hi:
            raise UsageError(f"{where}: {key} = {value:g} is outside the allowed {lo:g}–{hi:g}")
    if p.low > p.high:
        raise UsageError(f"{where}: the range is empty (low {p.low:g} > high {p.high:g})")
    if p.scale == "log" and p.low <= 0:
        raise UsageError(f"{where}: a log-scale parameter needs low > 0, not {p.low:g}")
    if not p.low <= p.default <= p.high:
        raise UsageError(
            f"{where}: default {p.default:g} lies outside its range {p.low:g}–{p.high:g}"
        )
    return p


def shipped() -> dict[str, Param]:
    """The shipped declarations, in file order."""
    raw = _read(DEFAULT_FILE, "parameter file")
    out = {}
    for name, t in raw.items():
        if name in NOT_PARAMETERS:
            continue
        where = f"parameter {name} in {DEFAULT_FILE}"
        p = Param(
            name,
            t["label"],
            _number(t["default"], where, "default"),
            _number(t["low"], where, "low"),
            _number(t["high"], where, "high"),
            (float(t["bounds"][0]), float(t["bounds"][1])),
            t["reason"],
            t.get("scale", "linear"),
        )
        if p.scale not in SCALES:
            raise UsageError(f"{where}: scale must be one of {', '.join(SCALES)}")
        out[name] = _check(p, where)
    return out


def load_params(path: str | Path | None = None) -> dict[str, Param]:
    """The shipped parameters, with a user's file (if given) laid over them."""
    params = shipped()
    if path is None:
        return params
    path = Path(path)
    raw = _read(path, "parameter file")
    if not raw:
        raise UsageError(f"parameter file {path} sets no parameter; give [name] tables")
    for name, table in raw.items():
        if name not in params:
            raise UsageError(
                f"parameter file {path} names unknown parameter '{name}'; known: "
                f"{', '.join(params)}"
            )
        where = f"parameter {name} in {path}"
        if not isinstance(table, dict):
            raise UsageError(f"{where} must be a table [{name}] with default, low and/or high")
        unknown = sorted(set(table) - set(USER_KEYS))
        if unknown:
            raise UsageError(
                f"{where}: unknown key '{unknown[0]}'; a parameter takes {', '.join(USER_KEYS)}"
            )
        given = {k: _number(v, where, k) for k, v in table.items()}
        params[name] = _check(replace(params[name], **given, origin="file"), where)
    return params
