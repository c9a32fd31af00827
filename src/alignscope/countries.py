"""State codes: resolve what users type to a COW code, and who was a state when.

The COW code is the internal key (Taiwan 713, Japan 740, China 710, USA 2). Inputs may be
a COW number (`713`), an ISO3 or ISO2 code (`TWN`, `TW`), a COW or G-W abbreviation, a
G-W code (`gw:260`), a numeric ISO code (`iso:158`), or an English or Chinese name in
simplified or traditional characters (`Taiwan`, `台灣`, `台湾`, `臺灣`).

System membership comes from the COW State System v2016, whose last date (2016-12-31)
means "still a member"; such spells are extended to LAST_YEAR, as peacesciencer does.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import NotInSystemError, UnknownStateError
from .workspace import Workspace

FIRST_YEAR = 1816
LAST_YEAR = 2024
"""Last year of the state system that panels cover (peacesciencer's cow_ddy ends here)."""
_COW_CENSOR = date(2016, 12, 31)
_ALIASES = Path(__file__).resolve().parent / "data" / "aliases.toml"


@dataclass(frozen=True)
class State:
    """A state of the COW system with its codes and names."""

    ccode: int
    abb: str
    name: str
    iso3: str | None
    iso3n: int | None
    gwcode: int | None
    un_m49: int | None
    name_zh: str | None
    spells: tuple[tuple[int, int], ...]

    def label(self, lang: str = "en") -> str:
        return (self.name_zh or self.name) if lang == "zh-TW" else self.name

    @property
    def code(self) -> str:
        """ISO3 where one exists, else the COW abbreviation (historical states)."""
        return self.iso3 or self.abb

    def member(self, year: int) -> bool:
        return any(start <= year <= end for start, end in self.spells)

    def membership(self) -> str:
        return ", ".join(f"{s}–{e}" if s != e else str(s) for s, e in self.spells)


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key; 臺 and 台 are the same character here."""
    text = unicodedata.normalize("NFKD", text.strip()).replace("臺", "台")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[.,'’()\-]", " ", text)
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


class StateIndex:
    """All COW states with every name and code they can be looked up by."""

    def __init__(self, ws: Workspace) -> None:
        self.states: dict[int, State] = {}
        self._codes: dict[str, set[int]] = {}  # ISO3/ISO2: checked before abbreviations
        self._abbs: dict[str, set[int]] = {}  # COW and G-W abbreviations (AUS is Austria there)
        self._names: dict[str, set[int]] = {}
        self._regex: list[tuple[re.Pattern[str], int]] = []
        self._by_gw: dict[int, int] = {}
        self._by_iso3n: dict[int, int] = {}
        self._load(ws)

    def _add_name(self, name: object, ccode: int, into: dict[str, set[int]] | None = None) -> None:
        if isinstance(name, str) and name.strip():
            (self._names if into is None else into).setdefault(normalise(name), set()).add(ccode)

    def _load(self, ws: Workspace) -> None:
        spells: dict[int, list[tuple[int, int]]] = {}
        rows = ws.con.execute(
            f"select ccode, stateabb, statenme, styear, endyear, "
            f"make_date(endyear, endmonth, endday) from {ws.table('states_cow')} "
            "order by ccode, styear"
        ).fetchall()
        first: dict[int, tuple[str, str]] = {}
        for ccode, abb, name, start, end, end_date in rows:
            end = LAST_YEAR if end_date == _COW_CENSOR else end
            spells.setdefault(ccode, []).append((start, end))
            first.setdefault(ccode, (abb, name))
            self._add_name(name, ccode)
            self._add_name(abb, ccode, self._abbs)
        codes = {
            row[0]: row[1:]
            for row in ws.con.execute(
                f'select cown, iso3c, iso2c, iso3n, gwn, un, "cldr.name.zh_hant", '
                f'"country.name.en", "country.name.en.regex", "cldr.name.zh", '
                f'"cldr.short.zh_hant", "cldr.variant.zh_hant", "cldr.short.zh", "un.name.zh" '
                f"from {ws.table('codelist')} where cown is not null"
            ).fetchall()
        }
        for ccode, (abb, name) in first.items():
            iso3, iso2, iso3n, gw, un, zh, en, regex, *zh_names = codes.get(ccode, (None,) * 13)
            self.states[ccode] = State(
                ccode=ccode,
                abb=abb,
                name=name,
                iso3=iso3,
                iso3n=int(iso3n) if iso3n is not None else None,
                gwcode=int(gw) if gw is not None else None,
                un_m49=int(un) if un is not None else None,
                name_zh=zh,
                spells=tuple(spells[ccode]),
            )
            self._add_name(iso3, ccode, self._codes)
            self._add_name(iso2, ccode, self._codes)
            for alias in (en, zh, *zh_names):
                self._add_name(alias, ccode)
            if regex:
                self._regex.append((re.compile(regex, re.IGNORECASE), ccode))
            if gw is not None:
                self._by_gw[int(gw)] = ccode
            if iso3n is not None:
                self._by_iso3n[int(iso3n)] = ccode
        for gw, gname in ws.rows(f"select gwcode, statename from {ws.table('states_gw')}"):
            if gw in self.states and gw not in self._by_gw:
                self._by_gw[gw] = gw  # same number in both systems
            if gw in self._by_gw and normalise(gname) not in self._names:
                self._add_name(gname, self._by_gw[gw])
        for ccode, names in tomllib.loads(_ALIASES.read_text(encoding="utf-8")).items():
            for alias in names:
                self._add_name(alias, int(ccode))

    def candidates(self, query: str) -> set[int]:
        """Every COW code `query` can mean (empty when it means nothing)."""
        q = query.strip()
        prefix, _, number = q.partition(":")
        if number.isdigit() and prefix.lower() in ("gw", "iso", "cow"):
            table = {"gw": self._by_gw, "iso": self._by_iso3n}.get(prefix.lower())
            code = int(number) if table is None else table.get(int(number))
            return {code} if code in self.states else set()
        if q.isdigit():
            return {int(q)} if int(q) in self.states else set()
        key = normalise(q)
        for table in (self._codes, self._abbs):
            if key in table:
                return set(table[key])
        # Names and countrycode's regexes together, so that "Korea" means both the historical
        # Korea and South Korea, and a year (or the user) has to choose.
        by_regex = {ccode for pattern, ccode in self._regex if pattern.search(q)}
        return self._names.get(key, set()) | by_regex

    def suggestions(self, query: str, n: int = 4) -> list[str]:
        labels = {f"{s.name} ({s.code})": normalise(s.name) for s in self.states.values()}
        close = difflib.get_close_matches(normalise(query), list(labels.values()), n=n, cutoff=0.6)
        by_norm = {norm: label for label, norm in labels.items()}
        return [by_norm[c] for c in close]

    def resolve(self, query: str | int, year: int | None = None) -> State:
        """The one state `query` names; with `year`, it must have been a member then."""
        query = str(query)
        found = self.candidates(query)
        if year is not None and len(found) > 1:
            found = {c for c in found if self.states[c].member(year)} or found
        if not found:
            hint = self.suggestions(query)
            also = (
                f"; did you mean {' or '.join(hint)}?"
                if hint
                else ("; try an ISO3 code (TWN), a COW code (713) or an English or Chinese name")
            )
            raise UnknownStateError(f"unknown state '{query}'{also}")
        if len(found) > 1:
            names = ", ".join(f"{self.states[c].name} (COW {c})" for c in sorted(found))
            raise UnknownStateError(
                f"'{query}' is ambiguous: it could be {names}; use a COW or ISO3 code"
            )
        state = self.states[found.pop()]
        if year is not None and not state.member(year):
            raise NotInSystemError(
                f"{state.name} ({state.code}) was not a state in the COW system in {year}; "
                f"it was a member in {state.membership()}"
            )
        return state

    def members(self, year: int) -> list[State]:
        return [s for s in self.states.values() if s.member(year)]


def state_index(ws: Workspace) -> StateIndex:
    """The workspace's state index, built once per workspace."""
    return ws.cached("state_index", lambda: StateIndex(ws))


def resolve(ws: Workspace, query: str | int, year: int | None = None) -> State:
    """Resolve a user's state name or code to a State (see StateIndex.resolve)."""
    return state_index(ws).resolve(query, year)
