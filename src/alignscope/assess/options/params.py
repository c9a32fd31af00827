"""Declared parameters of the options model: read, merged with a user's file, validated.

The shipped file `assess/options_params.toml` declares every parameter with a default, a
range [low, high] and the reason for the default. A user's file has the same layout and
may give any subset of default / low / high; unknown names or keys, values outside a
parameter's hard bounds, a range with low > high or a default outside its range are
refused with one sentence naming the file and the parameter.

A copy of the shipped file is a valid user's file, so a user can start from it: its other
keys (label, reason, bounds, scale) and its `[ladder]` are accepted when they are what the
shipped file says, and refused when changed, since they are the model's declarations, not
its inputs (the hard bounds and scale fix what the model may draw; the ladder defines the
options). The text of a label or reason may differ (a user's note). A parameter counts as
changed by the file (`origin = "file"`) only when its default, low or high differs.
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
FIXED_KEYS = ("bounds", "scale")
"""Keys a copy of the shipped file carries that a user may not change."""
TEXT_KEYS = ("label", "reason")
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
        if name in NOT_PARAMETERS:
            _check_unchanged_table(name, table, path)
            continue
        if name not in params:
            raise UsageError(
                f"parameter file {path} names unknown parameter '{name}'; known: "
                f"{', '.join(params)}"
            )
        where = f"parameter {name} in {path}"
        if not isinstance(table, dict):
            raise UsageError(f"{where} must be a table [{name}] with default, low and/or high")
        unknown = sorted(set(table) - {*USER_KEYS, *FIXED_KEYS, *TEXT_KEYS})
        if unknown:
            raise UsageError(
                f"{where}: unknown key '{unknown[0]}'; a parameter takes {', '.join(USER_KEYS)}"
            )
        _check_declarations(params[name], table, where)
        given = {k: _number(v, where, k) for k, v in table.items() if k in USER_KEYS}
        changed = any(given[k] != getattr(params[name], k) for k in given)
        if changed:
            params[name] = _check(replace(params[name], **given, origin="file"), where)
    return params


def _check_declarations(p: Param, table: dict, where: str) -> None:
    """A copy's bounds and scale must be the shipped ones; its label and reason, text."""
    for key in TEXT_KEYS:
        if key in table and not isinstance(table[key], str):
            raise UsageError(f"{where}: {key} must be text, not {table[key]!r}")
    if "bounds" in table:
        value = table["bounds"]
        if not isinstance(value, list) or len(value) != 2:
            raise UsageError(f"{where}: bounds must be a list of two numbers, not {value!r}")
        lo, hi = (_number(v, where, "bounds") for v in value)
        if (lo, hi) != p.bounds:
            raise UsageError(
                f"{where}: bounds are fixed at [{p.bounds[0]:g}, {p.bounds[1]:g}], the values "
                f"the model allows, not [{lo:g}, {hi:g}]; remove the key and set low and high"
            )
    if "scale" in table and table["scale"] != p.scale:
        raise UsageError(
            f"{where}: scale is fixed at '{p.scale}', not {table['scale']!r}; remove the key"
        )


def _check_unchanged_table(name: str, table: object, path: Path) -> None:
    """A non-parameter table of the shipped file (the ladder) may be copied, not changed."""
    if table != _read(DEFAULT_FILE, "parameter file")[name]:
        raise UsageError(
            f"parameter file {path}: the [{name}] table differs from the shipped one in "
            f"{DEFAULT_FILE}, and it cannot be changed by a parameter file; remove it"
        )
