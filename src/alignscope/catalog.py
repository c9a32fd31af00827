"""The shipped datasets and their provenance, as declared in datasets/manifest.toml."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import DataIntegrityError, UsageError

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"


@dataclass(frozen=True)
class Dataset:
    """One manifest entry: what the file is, where it came from, and how to cite it."""

    name: str
    file: str
    title: str
    dataset: str
    version: str
    unit: str
    origin: str
    licence: str
    processing: str
    citation: str
    sha256: str
    rows: int
    columns: dict[str, str]
    years: tuple[int, int] | None = None
    n_states: int | None = None
    gaps: tuple[str, ...] = ()
    source_url: str | None = None
    code_system: str | None = None
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def path(self) -> Path:
        return DATASETS_DIR / self.file

    def verify(self) -> str | None:
        """Return None if the file is present and intact, else a sentence saying what is wrong."""
        if not self.path.exists():
            return f"dataset '{self.name}' is missing its file {self.path}; reinstall alignscope"
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        if digest != self.sha256:
            return (
                f"dataset '{self.name}' is corrupted ({self.file} has sha256 {digest[:12]}…, "
                f"the manifest expects {self.sha256[:12]}…); reinstall alignscope"
            )
        return None

    def require_intact(self) -> None:
        problem = self.verify()
        if problem:
            raise DataIntegrityError(problem)


_KNOWN = {f for f in Dataset.__dataclass_fields__ if f not in ("name", "extra")}


@cache
def manifest() -> dict[str, Dataset]:
    """All shipped datasets, keyed by name, in manifest order."""
    path = DATASETS_DIR / "manifest.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataIntegrityError(
            f"cannot read the dataset manifest {path} ({exc}); reinstall alignscope"
        ) from exc
    out = {}
    for name, entry in raw.items():
        known = {k: v for k, v in entry.items() if k in _KNOWN}
        if "years" in known:
            known["years"] = tuple(known["years"])
        known["gaps"] = tuple(known.get("gaps", ()))
        extra = {k: v for k, v in entry.items() if k not in _KNOWN}
        out[name] = Dataset(name=name, extra=extra, **known)
    return out


def dataset(name: str) -> Dataset:
    """Look a dataset up by name, with the list of names in the error."""
    datasets = manifest()
    if name not in datasets:
        raise UsageError(
            f"unknown dataset '{name}'; known datasets: {', '.join(datasets)} "
            "(see `alignscope data list`)"
        )
    return datasets[name]


def coverage(name: str) -> tuple[int, int]:
    """First and last year of a shipped dataset, from its manifest entry."""
    years = dataset(name).years
    assert years is not None, f"dataset {name} declares no year coverage"
    return years
