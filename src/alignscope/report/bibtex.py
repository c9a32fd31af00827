"""Plain-text citations from the BibTeX the manifest ships (a small reader, not a full parser).

Enough for the entries alignscope writes: ``@type{key, field = {value}, ...}`` with braced or
quoted values, nested braces, and the usual LaTeX accents ({\\"u}, {\\o}) and dashes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_ACCENTS = {
    '\\"u': "ü",
    '\\"o': "ö",
    '\\"a': "ä",
    '\\"U': "Ü",
    '\\"O': "Ö",
    '\\"A': "Ä",
    "\\'e": "é",
    "\\'a": "á",
    "\\'o": "ó",
    "\\'i": "í",
    "\\`e": "è",
    "\\o": "ø",
    "\\O": "Ø",
    "\\aa": "å",
    "\\ss": "ß",
    "\\c{c}": "ç",
    "\\~n": "ñ",
    "\\&": "&",
}


_COMBINING = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    "u": "\u0306", ".": "\u0307", '"': "\u0308", "H": "\u030b", "v": "\u030c",
    "c": "\u0327", "k": "\u0328",
}  # fmt: skip
"""LaTeX accent commands not in _ACCENTS ({\\c{s}} in "Re{\\c{s}}at"), as combining marks."""
_ACCENT = re.compile(r"\\([`'^~=.\"]|[uHvck](?=[{\s]))\s*(?:\{([A-Za-z])\}|([A-Za-z]))")


def _delatex(text: str) -> str:
    for tex, char in sorted(_ACCENTS.items(), key=lambda kv: -len(kv[0])):
        text = text.replace("{" + tex + "}", char).replace(tex, char)
    text = _ACCENT.sub(
        lambda m: unicodedata.normalize("NFC", (m[2] or m[3]) + _COMBINING[m[1]]), text
    )
    text = text.replace("---", "—").replace("--", "–")
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()


def _value(text: str, i: int) -> tuple[str, int]:
    """The value starting at text[i] (braced, quoted or bare) and the index after it."""
    if text[i] == "{":
        depth, j = 0, i
        while j < len(text):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                return text[i + 1 : j], j + 1
            j += 1
        return text[i + 1 :], len(text)
    if text[i] == '"':
        j = text.find('"', i + 1)
        j = len(text) if j < 0 else j
        return text[i + 1 : j], j + 1
    m = re.match(r"[^,}\s]+", text[i:])
    return (m.group(0), i + m.end()) if m else ("", i)


_ENTRY = re.compile(r"@(\w+)\s*\{\s*[^,\s]*\s*,")
_FIELD = re.compile(r"\s*(\w+)\s*=\s*")
_COMMA = re.compile(r"\s*,")


def _entries(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """[(entry as written, entry type, {field: raw value})] for every @entry in `text`."""
    entries = []
    for m in _ENTRY.finditer(text):
        fields: dict[str, str] = {}
        i = m.end()
        while True:
            f = _FIELD.match(text, i)
            if not f:
                break
            value, i = _value(text, f.end())
            fields[f.group(1).lower()] = value
            comma = _COMMA.match(text, i)
            if not comma:
                break
            i = comma.end()
        close = text.find("}", i)
        end = len(text) if close < 0 else close + 1
        entries.append((text[m.start() : end], m.group(1).lower(), fields))
    return entries


def parse(text: str) -> list[tuple[str, dict[str, str]]]:
    """[(entry type, {field: value})] for every @entry in `text`."""
    return [
        (kind, {k: _delatex(v) for k, v in fields.items()}) for _, kind, fields in _entries(text)
    ]


def unique_entries(texts: Iterable[str]) -> list[str]:
    """The BibTeX entries of `texts` as written, each work once: an entry whose type and fields
    (all but the key) equal an earlier one's is left out.

    Every dataset's citation repeats the articles it came through (peacesciencer for 17 of
    them) under a key of its own, since keys are unique across the manifest; `cite all`
    should still print each article once (issue 12).
    """
    seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    unique = []
    for text in texts:
        for raw, kind, fields in _entries(text):
            content = (kind, tuple(sorted((k, " ".join(v.split())) for k, v in fields.items())))
            if content not in seen:
                seen.add(content)
                unique.append(raw)
    return unique


def _authors(names: str) -> str:
    people = [p.strip() for p in names.split(" and ") if p.strip()]
    if len(people) > 6:
        people = [*people[:6], "et al."]
    return "; ".join(people)


def plain(kind: str, f: dict[str, str]) -> str:
    """One entry as 'Authors (Year). Title. Container. Publisher. doi/url.'"""
    parts = [
        f"{_authors(f.get('author') or f.get('organization') or '')} ({f.get('year', 'n.d.')})"
    ]
    parts.append(f.get("title", ""))
    container = f.get("journal") or f.get("booktitle") or ""
    if container:
        if f.get("editor"):
            container = f"In {container}, ed. {_authors(f['editor'])}"
        vol = f.get("volume", "")
        if f.get("number"):
            vol += f"({f['number']})"
        container = ", ".join(x for x in (container, vol) if x)
        if f.get("pages"):
            container += f": {f['pages']}"
        parts.append(container)
    where = ": ".join(x for x in (f.get("address"), f.get("publisher")) if x)
    if where:
        parts.append(where)
    if f.get("note"):
        parts.append(f["note"])
    if f.get("doi"):
        parts.append(f"doi:{f['doi']}")
    elif f.get("url"):
        parts.append(f["url"])
    return ". ".join(p.rstrip(".") for p in parts if p.strip()) + "."


def plain_citations(text: str) -> list[str]:
    """Every BibTeX entry of `text` as a plain citation; non-BibTeX text as it is."""
    if not text or "@" not in text:
        return [text] if text else []
    return [plain(kind, fields) for kind, fields in parse(text)]
