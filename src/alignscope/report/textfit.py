"""Text sizes from character counts, never from the fonts of the machine that builds a report.

vl-convert lays out a chart with the fonts it finds where the report is built, and a reader's
browser draws the same text with its own fonts: a label measured narrow on a machine without
CJK fonts (or with a narrow Latin fallback) then overflows, and the SVG clips it ("-4 Leaders
and domestic politics", issue 12). So the report reserves room for text by counting
characters instead: a Latin character is one unit, an East Asian wide or full-width character
(CJK ideographs, kana, hangul, full-width punctuation) two, a combining mark none; a unit is
`EM_PER_UNIT` of the font size, more than the average Latin glyph of the sans-serif fonts a
reader may have (about 0.5–0.58 em) and so a CJK glyph (1 em) gets 1.2 em. Long labels are
wrapped (and, past a number of lines, cut with an ellipsis) on these counts, so what a label
says and how much room it gets are the same on every machine.
"""

from __future__ import annotations

import unicodedata

EM_PER_UNIT = 0.6
"""Width of one unit (a Latin character) as a share of the font size."""
BOLD = 1.1
"""Bold text (axis titles) is about a tenth wider."""
ELLIPSIS = "…"

_OPENING = set("（「『《〈【〔([{“‘")
_CLOSING = set("）」』》〉】〕)]}”’、，。：；！？,.:;!?％%")


def char_units(ch: str) -> int:
    """2 for a wide or full-width character, 0 for a combining mark, else 1."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def units(text: str) -> int:
    """The width of `text` in units (CJK characters count double)."""
    return sum(char_units(ch) for ch in text)


def width(text: str, font_size: float, *, bold: bool = False) -> float:
    """The room in pixels that `text` is given at `font_size` (never measured)."""
    return units(text) * font_size * EM_PER_UNIT * (BOLD if bold else 1.0)


def _wide(ch: str) -> bool:
    return char_units(ch) == 2


def _can_break(before: str, after: str) -> bool:
    """May a line end between `before` and `after`? After a space, and between characters
    of which one is wide (Chinese breaks between any two characters), but never before
    closing or after opening punctuation."""
    if after == " ":
        return False
    if before == " ":
        return True
    if after in _CLOSING or before in _OPENING:
        return False
    return _wide(before) or _wide(after)


def _segments(text: str) -> list[str]:
    """`text` cut at every place a line may end (spaces stay at the end of their segment)."""
    out: list[str] = []
    current = ""
    for ch in text:
        if current and _can_break(current[-1], ch):
            out.append(current)
            current = ""
        current += ch
    if current:
        out.append(current)
    return out


def _fit(text: str, max_units: int) -> tuple[str, str]:
    """The longest head of `text` within `max_units` (at least one character), and the rest."""
    used = 0
    for i, ch in enumerate(text):
        used += char_units(ch)
        if used > max_units and i > 0:
            return text[:i], text[i:]
    return text, ""


def wrap(text: str, max_units: int, max_lines: int | None = None) -> list[str]:
    """`text` in lines of at most `max_units` units each, broken at spaces or between CJK
    characters (a word longer than a line is cut); beyond `max_lines` lines the last kept
    line ends with an ellipsis."""
    text = " ".join(text.split())
    lines: list[str] = []
    line = ""
    for segment in _segments(text):
        if line and units((line + segment).rstrip()) > max_units:
            lines.append(line.rstrip())
            line = ""
        line += segment
        while units(line.rstrip()) > max_units:
            head, line = _fit(line, max_units)
            lines.append(head.rstrip())
    if line.strip() or not lines:
        lines.append(line.rstrip())
    if max_lines is not None and len(lines) > max_lines:
        last, _ = _fit(lines[max_lines - 1], max_units - units(ELLIPSIS))
        lines = [*lines[: max_lines - 1], last.rstrip() + ELLIPSIS]
    return lines


def block_width(lines: list[str], font_size: float, *, bold: bool = False) -> float:
    """The room in pixels of the widest of `lines`."""
    return max((width(line, font_size, bold=bold) for line in lines), default=0.0)
