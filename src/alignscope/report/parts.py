"""What both views of a report build on (the assessment's `view` and the options'
`options_view`): state names in both languages, and raw values as text (`number`, from
`alignscope.numbers`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..countries import State, state_index
from ..errors import UnknownStateError
from ..numbers import number as number  # the reports' formatter, re-exported
from ..workspace import Workspace


@dataclass(frozen=True)
class Names:
    """State names by code (ISO3 or COW abbreviation) in English and Traditional Chinese."""

    by_code: dict[str, tuple[str, str | None]]

    def get(self, code: str | None, lang: str) -> str:
        if code is None:
            return "–"
        en, zh = self.by_code.get(code, (code, None))
        return (zh or en) if lang == "zh-TW" else en


def state_names(ws: Workspace, result: dict[str, Any]) -> Names:
    """Names of every state an assessment mentions (the dyad, C, P, evidence actors), the
    ones in force in the result's year (the Soviet Union in 1962, not Russia)."""
    index = state_index(ws)
    found: dict[str, State] = {}
    for ccode in result.get("ccodes") or []:
        s = index.states[ccode]
        found[s.code] = s
    for role in ("third", "patron"):
        party = (result.get("triangle") or {}).get(role) or {}
        if party.get("ccode") in index.states:
            s = index.states[party["ccode"]]
            found[s.code] = s
    codes = {
        a
        for e in result.get("evidence") or []
        for a in (e.get("actors") or [e.get("actor1"), e.get("actor2")])
        if a
    }
    for code in codes - found.keys():
        try:
            s = index.resolve(code)
        except UnknownStateError:
            continue
        found[code] = s
    year = result.get("year")
    return Names({code: (s.label("en", year), s.label("zh-TW", year)) for code, s in found.items()})
