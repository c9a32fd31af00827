"""One module per data source, each with one `add_*` step; STEPS maps CLI names to steps."""

from __future__ import annotations

from collections.abc import Callable

from ..panel import Panel
from .arms import add_arms
from .atop import add_atop
from .capabilities import add_capabilities
from .contiguity import add_contiguity
from .democracy import add_democracy
from .desta import add_desta
from .diplomatic import add_diplomatic
from .distance import add_distance
from .exercises import add_exercises
from .gdelt import add_gdelt
from .icews import add_icews
from .igo import add_igo
from .interdependence import add_interdependence
from .leader_visits import add_leader_visits
from .majors import add_majors
from .mids import add_mids
from .regime_similarity import add_regime
from .rivalries import add_rivalries
from .similarity import add_similarity
from .trade import add_trade
from .unga import add_unga
from .us_troops import add_us_troops

STEPS: dict[str, Callable[[Panel], Panel]] = {
    "atop": add_atop,
    "democracy": add_democracy,
    "rivalries": add_rivalries,
    "contiguity": add_contiguity,
    "distance": add_distance,
    "capabilities": add_capabilities,
    "majors": add_majors,
    "trade": add_trade,
    "igo": add_igo,
    "mids": add_mids,
    "arms": add_arms,
    "desta": add_desta,
    "unga": add_unga,
    "similarity": add_similarity,
    "interdependence": add_interdependence,
    "regime": add_regime,
    "exercises": add_exercises,
    "diplomatic": add_diplomatic,
    "gdelt": add_gdelt,
    "icews": add_icews,
    "us_troops": add_us_troops,
    "leader_visits": add_leader_visits,
}

__all__ = [
    "STEPS",
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
]
