"""Assessment: seven dimensions, the alignment type with its reasons, and their sources."""

from .assessment import assess, classify
from .dimensions import load_dimensions
from .taxonomy import RULES, classify_facts

__all__ = ["RULES", "assess", "classify", "classify_facts", "load_dimensions"]
