"""alignscope: measure, explain and forecast alignment between states from real, cited data."""

from .atlas import atlas
from .catalog import Dataset, dataset, manifest
from .countries import State, resolve, state_index
from .errors import (
    AlignscopeError,
    DataIntegrityError,
    NotInSystemError,
    OutputError,
    UnknownStateError,
    UsageError,
)
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
    add_leader_visits,
    add_majors,
    add_mids,
    add_rivalries,
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
    "add_leader_visits",
    "add_majors",
    "add_mids",
    "add_rivalries",
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
