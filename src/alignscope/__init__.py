"""alignscope: measure, explain and forecast alignment between states from real, cited data.

The public names are loaded on first use (PEP 562), so `import alignscope` and
`alignscope --help` do not pay for DuckDB, Arrow, Ibis or the report stack (issue 13).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

from .errors import (
    AlignscopeError,
    DataIntegrityError,
    NotInSystemError,
    OutputError,
    UnknownStateError,
    UsageError,
)

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from .atlas import atlas
    from .catalog import Dataset, dataset, manifest
    from .countries import State, resolve, state_index
    from .panel import Panel, build_panel
    from .sources import (
        STEPS,
        add_arms,
        add_atop,
        add_capabilities,
        add_contiguity,
        add_democracy,
        add_desta,
        add_diplomatic,
        add_distance,
        add_exercises,
        add_gdelt,
        add_icews,
        add_igo,
        add_interdependence,
        add_leader_visits,
        add_majors,
        add_mids,
        add_regime,
        add_rivalries,
        add_similarity,
        add_trade,
        add_unga,
        add_us_troops,
    )
    from .workspace import Workspace

__version__ = "0.1.0"

__all__ = [
    "STEPS",
    "AlignscopeError",
    "DataIntegrityError",
    "Dataset",
    "NotInSystemError",
    "OutputError",
    "Panel",
    "State",
    "UnknownStateError",
    "UsageError",
    "Workspace",
    "__version__",
    "add_arms",
    "add_atop",
    "add_capabilities",
    "add_contiguity",
    "add_democracy",
    "add_desta",
    "add_diplomatic",
    "add_distance",
    "add_exercises",
    "add_gdelt",
    "add_icews",
    "add_igo",
    "add_interdependence",
    "add_leader_visits",
    "add_majors",
    "add_mids",
    "add_regime",
    "add_rivalries",
    "add_similarity",
    "add_trade",
    "add_unga",
    "add_us_troops",
    "atlas",
    "build_panel",
    "dataset",
    "manifest",
    "resolve",
    "state_index",
]

_LAZY = {
    "atlas": "atlas",
    "Dataset": "catalog",
    "dataset": "catalog",
    "manifest": "catalog",
    "State": "countries",
    "resolve": "countries",
    "state_index": "countries",
    "Panel": "panel",
    "build_panel": "panel",
    "Workspace": "workspace",
    **{name: "sources" for name in __all__ if name == "STEPS" or name.startswith("add_")},
}
"""Public name -> the private module defining it, imported when the name is first used."""


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


class _Package(types.ModuleType):
    """Keeps `alignscope.atlas` the function when the submodule of that name is imported.

    Importing `alignscope.atlas` (the module) binds it on the package; eagerly, the
    `from .atlas import atlas` that followed rebound the name to the function, and lazily
    nothing would, so the public function would turn into a module behind the user's back.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
