"""Plain-text citations from the BibTeX the manifest ships (a small reader, not a full parser).

Enough for the entries alignscope writes: ``@type{key, field = {value}, ...}`` with braced or
quoted values, nested braces, and the usual LaTeX accents ({\\"u}, {\\o}) and dashes.
"""

from __future__ import annotations

import re

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


def _delatex(text: str) -> str:
    for tex, char in sorted(_ACCENTS.items(), key=lambda kv: -len(kv[0])):
        text = text.replace("{" + tex + "}", char).replace(tex, char)
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


def parse(text: str) -> list[tuple[str, dict[str, str]]]:
    """[(entry type, {field: value})] for every @entry in `text`."""
    entries = []
    for m in re.finditer(r"@(\w+)\s*\{\s*[^,\s]*\s*,", text):
        fields: dict[str, str] = {}
        i = m.end()
        while True:
            f = re.compile(r"\s*(\w+)\s*=\s*").match(text, i)
            if not f:
                break
            value, i = _value(text, f.end())
            fields[f.group(1).lower()] = _delatex(value)
            comma = re.compile(r"\s*,").match(text, i)
            if not comma:
                break
            i = comma.end()
        entries.append((m.group(1).lower(), fields))
    return entries


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
