"""Alignment options (status quo, strategic partnership, trilateral) with uncertainty,
sensitivity, abandonment and entrapment: `options()` for a dyad, `analyse()` for a triangle
already built, `assessment_options()` for the `options` entry of an assessment. The model is
in `model`, its measured inputs in `inputs`, its declared parameters in `params` and
`assess/options_params.toml`, the Monte Carlo and sensitivity in `simulate`."""

from .analysis import DEFAULT_DRAWS, DEFAULT_SEED, analyse, assessment_options, options
from .inputs import Measured
from .model import OPTIONS, Outcome, evaluate
from .params import Param, load_params

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "OPTIONS",
    "Measured",
    "Outcome",
    "Param",
    "analyse",
    "assessment_options",
    "evaluate",
    "load_params",
    "options",
]
