"""Alignment options relative to where the dyad stands (status quo at the current type,
deepen one rung on the declared alignment ladder, trilateral / minilateral with the patron)
with uncertainty, sensitivity, abandonment and entrapment: `options()` for a dyad,
`analyse()` for a triangle already built, `assessment_options()` for the `options` entry of
an assessment. The model is in `model`, the ladder in `ladder`, its measured inputs in
`inputs`, its declared parameters in `params` and `assess/options_params.toml`, the Monte
Carlo and sensitivity in `simulate`. Gains are in points (`model.points`); the joint net
gain of the dyad is `joint_gain`, the one definition every output uses."""

from .analysis import DEFAULT_DRAWS, DEFAULT_SEED, analyse, assessment_options, options
from .inputs import Measured
from .ladder import Ladder, load_ladder
from .model import OPTIONS, POINTS, Outcome, evaluate, joint_gain, points
from .params import Param, load_params

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "OPTIONS",
    "POINTS",
    "Ladder",
    "Measured",
    "Outcome",
    "Param",
    "analyse",
    "assessment_options",
    "evaluate",
    "joint_gain",
    "load_ladder",
    "load_params",
    "options",
    "points",
]
