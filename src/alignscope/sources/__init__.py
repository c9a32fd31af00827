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
from .distance import add_distance
from .igo import add_igo
from .interdependence import add_interdependence
from .majors import add_majors
from .mids import add_mids
from .regime_similarity import add_regime
from .rivalries import add_rivalries
from .similarity import add_similarity
from .trade import add_trade
from .unga import add_unga

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
}

__all__ = [
    "STEPS",
    "add_arms",
    "add_atop",
    "add_capabilities",
    "add_contiguity",
    "add_democracy",
    "add_desta",
    "add_distance",
    "add_igo",
    "add_interdependence",
    "add_majors",
    "add_mids",
    "add_regime",
    "add_rivalries",
    "add_similarity",
    "add_trade",
    "add_unga",
]
