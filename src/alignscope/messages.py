"""Sentences the core hands to its renderers: English text that keeps its catalog id.

A note such as "ATOP 2018 stands in for 2024" is a `Message`: a `str` holding the English
sentence (so JSON, the terminal and logs read it as before, and the JSON output stays
language-neutral), made from a template that is also the message's catalog id ("ATOP
{atop} stands in for {year}") and the parameters filled into it. A renderer translates it
from the id and the parameters (`report.i18n.Translator.data`), never by re-reading the
English. Templates are marked with `report.i18n.N_` where they are declared, so Babel's
extraction finds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def N_(template: str) -> str:
    """Mark a template for the catalog where it is declared, apart from its use."""
    return template


class Message(str):
    """An English sentence with the template (its catalog id) and parameters it came from.

    Parameters are the words the template leaves open: codes, years, formatted numbers,
    or other messages (translated in turn by the renderer).
    """

    id: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        text = super().__new__(cls, template.format(**params))
        text.id = template
        text.params = params
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # str's own pickling would drop the id and parameters (copy, multiprocessing)
        return (_rebuild, (self.id, dict(self.params)))


def _rebuild(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


class Notes(str):
    """Several notes read as one ("a; b"): each part is translated on its own."""

    parts: tuple[str, ...]

    def __new__(cls, parts: Iterable[str]) -> Notes:
        items = tuple(parts)
        text = super().__new__(cls, "; ".join(items))
        text.parts = items
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Notes, (self.parts,))


def joined(*notes: str | None) -> str | None:
    """The distinct notes given, in order, as one note (None when there are none)."""
    parts: list[str] = []
    for note in notes:
        for part in note.parts if isinstance(note, Notes) else (note,):
            if part and part not in parts:
                parts.append(part)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Notes(parts)


def _encoded(note: str) -> Any:
    if isinstance(note, Notes):
        return {"parts": [_encoded(p) for p in note.parts]}
    if isinstance(note, Message):
        return {"id": note.id,
                "params": {k: _encoded(v) if isinstance(v, str) else v
                           for k, v in note.params.items()}}
    return note


def _decoded(entry: Any) -> Any:
    if isinstance(entry, dict) and "parts" in entry:
        return Notes(_decoded(p) for p in entry["parts"])
    if isinstance(entry, dict) and "id" in entry:
        return Message(entry["id"], **{k: _decoded(v) for k, v in entry["params"].items()})
    return entry


def _walk(obj: Any, seen: Any) -> Any:
    """A copy of a JSON-like object with every string replaced by `seen(string)`."""
    if isinstance(obj, str):
        return seen(obj)
    if isinstance(obj, dict):
        return {k: _walk(v, seen) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_walk(v, seen) for v in obj]
    return obj


def index(obj: Any) -> dict[str, Any]:
    """The messages inside a result, by their English text, with ids and parameters.

    Put in the JSON output (`"messages"`), it keeps the output language-neutral: a reader
    can translate each note from its id, and `revive` rebuilds the messages when the JSON
    is read back (to render a report from a saved assessment).
    """
    found: dict[str, Any] = {}
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, Message | Notes):
            found.setdefault(str(item), _encoded(item))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return dict(sorted(found.items()))


def revive(result: dict[str, Any]) -> dict[str, Any]:
    """A result read back from JSON with its notes as messages again (see `index`)."""
    known = result.get("messages") or {}
    if not known:
        return result
    decoded = {text: _decoded(entry) for text, entry in known.items()}
    return _walk(result, lambda text: decoded.get(text, text))
