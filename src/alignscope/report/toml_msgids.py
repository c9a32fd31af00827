"""The strings a report shows that are declared in TOML, as catalog msgids.

Dimension names and questions, the options model's parameter and ladder labels and
reasons, and the dataset manifest's licences and prose versions live in TOML files, which
Babel cannot read by itself. `extract_toml` is a Babel extraction method for them (named
in babel.cfg and used by `python -m alignscope.report.i18n extract`); `toml_msgids` gives
the same strings to the catalog tests. Which keys of which file are words for a reader is
declared once, in `TOML_FILES`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

PACKAGE = Path(__file__).resolve().parent.parent


def _prose(text: str) -> bool:
    """A version with words after its first token ("2026-11 (third release, 729
    instruments)"), not a bare identifier ("5.1", "countrycode 1.8.0")."""
    rest = text.split(maxsplit=1)[1:]
    return bool(rest and re.search(r"\b[a-z]{3,}\b", rest[0]))


def _always(_text: str) -> bool:
    return True


class TomlStrings:
    """Which keys of one TOML file are msgids (dotted paths, list indices left out)."""

    def __init__(self, keys: dict[str, Callable[[str], bool]], *, collapse: bool) -> None:
        self.keys = {re.compile(k): keep for k, keep in keys.items()}
        self.collapse = collapse
        """Runs of white space read as one space, as the file's loader reads them."""

    def wanted(self, path: str, value: str) -> bool:
        return any(key.fullmatch(path) and keep(value) for key, keep in self.keys.items())


TOML_FILES = {
    "assess/dimensions.toml": TomlStrings(
        {r"dimension\.(name|question)": _always}, collapse=True
    ),
    "assess/options_params.toml": TomlStrings(
        {r".*\.(label|reason|widen_reason)": _always}, collapse=True
    ),
    "datasets/manifest.toml": TomlStrings(
        {r"[^.]+\.licence": _always, r"[^.]+\.version": _prose}, collapse=False
    ),
}
"""Package-relative TOML files whose strings reports show, and the keys that hold them."""


def _strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, path)
    elif isinstance(node, str):
        yield path, node


def _msgids(text: str, spec: TomlStrings) -> dict[str, int]:
    lines = text.splitlines()
    found: dict[str, int] = {}
    for path, value in _strings(tomllib.loads(text)):
        if not value.strip() or not spec.wanted(path, value):
            continue
        message = " ".join(value.split()) if spec.collapse else value
        head = value.strip().splitlines()[0]
        lineno = next((n for n, line in enumerate(lines, 1) if head in line), 1)
        found.setdefault(message, lineno)
    return found


def toml_msgids(name: str) -> dict[str, int]:
    """The msgids of one file of `TOML_FILES`, each with its first line in the file."""
    return _msgids((PACKAGE / name).read_text(encoding="utf-8"), TOML_FILES[name])


def all_toml_msgids() -> set[str]:
    return {m for name in TOML_FILES for m in toml_msgids(name)}


def extract_toml(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method: the msgids of a TOML file named in `TOML_FILES`."""
    name = Path(fileobj.name).resolve().relative_to(PACKAGE).as_posix()
    spec = TOML_FILES.get(name)
    if spec is None:
        return
    for message, lineno in _msgids(fileobj.read().decode("utf-8"), spec).items():
        yield lineno, "", message, []
