"""The one number formatter (issue 12): reports trim, CLI tables keep three decimals."""

from __future__ import annotations

import pytest

from alignscope.numbers import number
from alignscope.render import fmt
from alignscope.report.parts import number as report_number


@pytest.mark.parametrize(
    ("value", "trimmed", "fixed"),
    [
        (None, "–", "–"),
        (float("nan"), "–", "–"),
        (True, "1", "1"),
        (12_345, "12,345", "12,345"),
        (5.0, "5", "5.000"),
        (-0.0, "0", "-0.000"),
        (0.3471, "0.347", "0.347"),
        (0.5, "0.5", "0.500"),
        (1.5, "1.50", "1.500"),
        (12.34, "12.3", "12.340"),
        (1234.6, "1,235", "1,235"),
        (2_500_000.0, "2,500,000", "2,500,000"),
        ([0.5, None], "0.5, –", "0.500, –"),
        ("TWN", "TWN", "TWN"),
    ],
)
def test_number(value, trimmed, fixed):
    assert number(value) == trimmed == report_number(value)
    assert number(value, fixed=True) == fixed == fmt(value)
