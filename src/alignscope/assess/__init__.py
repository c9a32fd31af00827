"""Assessment: seven dimensions, the alignment type with its reasons, and their sources."""

from .assessment import assess, classify
from .dimensions import load_dimensions
from .taxonomy import RULES

__all__ = ["RULES", "assess", "classify", "load_dimensions"]
