"""State codes: resolve what users type to a COW code, and who was a state when.

The COW code is the internal key (Taiwan 713, Japan 740, China 710, USA 2). Inputs may be
a COW number (`713`), an ISO3 or ISO2 code (`TWN`, `TW`), a COW or G-W abbreviation, a
G-W code (`gw:260`), a numeric ISO code (`iso:158`), or an English or Chinese name in
simplified or traditional characters (`Taiwan`, `台灣`, `台湾`, `臺灣`), including names
a state had in the past (`USSR`, `West Germany`, `Serbia` for COW 345).

A COW code keeps its identity across renamings, so `State.label(lang, year)` gives the
name in force in a year (COW 365 is the Soviet Union in 1962) from the cited table in
`data/historical_names.toml`. ISO codes of territories that are not states (HKG, MAC, PRI)
are refused with the reason (`data/territories.toml`); a state asked for in a year when it
was not a member is refused with its predecessors or successors that were.

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
COW_CENSOR = date(2016, 12, 31)
"""Last day of the COW State System and Major Powers v2016: a spell ending on it was still
open, and runs to LAST_YEAR here."""


def cow_last_year_sql(then: int = LAST_YEAR) -> str:
    """SQL: the last year of a COW spell (endyear, endmonth, endday columns), a spell still
    open at the data's end running to `then`."""
    return (
        f"(case when make_date(endyear, endmonth, endday) = date '{COW_CENSOR}' then {then} "
        "else endyear end)"
    )


_DATA = Path(__file__).resolve().parent / "data"
_ALIASES = _DATA / "aliases.toml"
_HISTORY = _DATA / "historical_names.toml"
_TERRITORIES = _DATA / "territories.toml"


@dataclass(frozen=True)
class Era:
    """A name a state had in the years `start`–`end` (inclusive)."""

    start: int
    end: int
    name: str
    name_zh: str


@dataclass(frozen=True)
class Territory:
    """An ISO 3166 entity with no COW state: a dependency or a non-member."""

    code: str
    name: str
    sovereign: int | None
    status: str | None


@dataclass(frozen=True)
class State:
    """A state of the COW system with its codes and names (and the names it had when)."""

    ccode: int
    abb: str
    name: str
    iso3: str | None
    iso3n: int | None
    gwcode: int | None
    un_m49: int | None
    name_zh: str | None
    spells: tuple[tuple[int, int], ...]
    eras: tuple[Era, ...] = ()

    def label(self, lang: str = "en", year: int | None = None) -> str:
        """The name in `lang` ("en" or "zh-TW"), the one in force in `year` when given."""
        era = self.era(year)
        if era is not None:
            return era.name_zh if lang == "zh-TW" else era.name
        return (self.name_zh or self.name) if lang == "zh-TW" else self.name

    def name_in(self, year: int | None) -> str:
        """The English name in force in `year`: Soviet Union for COW 365 in 1962."""
        return self.label("en", year)

    def era(self, year: int | None) -> Era | None:
        if year is None:
            return None
        return next((e for e in self.eras if e.start <= year <= e.end), None)

    @property
    def code(self) -> str:
        """ISO3 where one exists, else the COW abbreviation (historical states)."""
        return self.iso3 or self.abb

    def member(self, year: int) -> bool:
        return any(start <= year <= end for start, end in self.spells)

    def membership(self) -> str:
        return ", ".join(f"{s}–{e}" if s != e else str(s) for s, e in self.spells)


_PUNCTUATION = re.compile(r"[.,'’()\-]")
_THE = re.compile(r"^the\s+")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key; 臺 and 台 are the same character here."""
    text = unicodedata.normalize("NFKD", text.strip()).replace("臺", "台")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PUNCTUATION.sub(" ", text)
    text = _THE.sub("", text)
    return _SPACES.sub(" ", text).strip()


class _Patterns:
    """countrycode's regexes with what each stands for, compiled on first use: a code or an
    exact name (most queries) never needs them, and compiling ~280 took 0.1 s (issue 13)."""

    def __init__(self) -> None:
        self._source: list[tuple[str, object]] = []
        self._compiled: list[tuple[re.Pattern[str], object]] | None = None

    def append(self, regex: str, value: object) -> None:
        self._source.append((regex, value))
        self._compiled = None

    def __iter__(self):
        if self._compiled is None:
            self._compiled = [(re.compile(r, re.IGNORECASE), v) for r, v in self._source]
        return iter(self._compiled)


def _code_number(text: str) -> int | None:
    """The number a code written in decimal digits (of any script) stands for, else None.

    str.isdigit would let through digits int() refuses (superscripts, "²"); more than nine
    digits is no code (and past 4,300 int() refuses them too).
    """
    return int(text) if text.isdecimal() and len(text) <= 9 else None


def _the(name: str) -> str:
    """A state's name after a preposition: "of the United States of America"."""
    return f"the {name}" if name.startswith(("United ", "Netherlands")) else name


class StateIndex:
    """All COW states with every name and code they can be looked up by."""

    def __init__(self, ws: Workspace) -> None:
        self.states: dict[int, State] = {}
        self.territories: dict[str, Territory] = {}  # by ISO3
        self._codes: dict[str, set[int]] = {}  # ISO3/ISO2: checked before abbreviations
        self._abbs: dict[str, set[int]] = {}  # COW and G-W abbreviations (AUS is Austria there)
        self._former: dict[str, set[int]] = {}  # former names: before countrycode's regexes
        self._names: dict[str, set[int]] = {}
        self._regex = _Patterns()  # (pattern, ccode)
        self._by_gw: dict[int, int] = {}
        self._by_iso3n: dict[int, int] = {}
        self._not_states: dict[str, str] = {}  # territory codes and names -> ISO3
        self._not_state_regex = _Patterns()  # (pattern, ISO3)
        self._related: dict[int, tuple[int, ...]] = {}
        self._load(ws)

    def _add_name(self, name: object, ccode: int, into: dict[str, set[int]] | None = None) -> None:
        if isinstance(name, str) and name.strip():
            (self._names if into is None else into).setdefault(normalise(name), set()).add(ccode)

    def _load(self, ws: Workspace) -> None:
        history = tomllib.loads(_HISTORY.read_text(encoding="utf-8"))
        eras: dict[int, list[Era]] = {}
        for row in history["era"]:
            eras.setdefault(row["ccode"], []).append(
                Era(row["years"][0], row["years"][1], row["en"], row["zh"])
            )
            for alias in row["aliases"]:
                self._add_name(alias, row["ccode"], self._former)
        spells: dict[int, list[tuple[int, int]]] = {}
        rows = ws.con.execute(
            f"select ccode, stateabb, statenme, styear, endyear, "
            f"make_date(endyear, endmonth, endday) from {ws.table('states_cow')} "
            "order by ccode, styear"
        ).fetchall()
        first: dict[int, tuple[str, str]] = {}
        for ccode, abb, name, start, end, end_date in rows:
            end = LAST_YEAR if end_date == COW_CENSOR else end
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
        zh_names = {int(c): name for c, name in history["zh"].items()}
        for ccode, (abb, name) in first.items():
            iso3, iso2, iso3n, gw, un, zh, en, regex, *zh_more = codes.get(ccode, (None,) * 13)
            self.states[ccode] = State(
                ccode=ccode,
                abb=abb,
                name=name,
                iso3=iso3,
                iso3n=int(iso3n) if iso3n is not None else None,
                gwcode=int(gw) if gw is not None else None,
                un_m49=int(un) if un is not None else None,
                name_zh=zh_names.get(ccode, zh),
                spells=tuple(spells[ccode]),
                eras=tuple(sorted(eras.get(ccode, []), key=lambda e: e.start)),
            )
            self._add_name(iso3, ccode, self._codes)
            self._add_name(iso2, ccode, self._codes)
            for alias in (en, zh, zh_names.get(ccode), *zh_more):
                self._add_name(alias, ccode)
            if regex:
                self._regex.append(regex, ccode)
            if gw is not None:
                self._by_gw[int(gw)] = ccode
            if iso3n is not None:
                self._by_iso3n[int(iso3n)] = ccode
        for code, ccode in history["codes"].items():
            self._add_name(code, ccode, self._codes)
        for gw, ccode in history["gw"].items():
            self._by_gw[int(gw)] = ccode
        self._related = {int(c): tuple(related) for c, related in history["related"].items()}
        for gw, gname in ws.rows(f"select gwcode, statename from {ws.table('states_gw')}"):
            if gw in self.states and gw not in self._by_gw:
                self._by_gw[gw] = gw  # same number in both systems
            if gw in self._by_gw and normalise(gname) not in self._names:
                self._add_name(gname, self._by_gw[gw])
        for ccode, names in tomllib.loads(_ALIASES.read_text(encoding="utf-8")).items():
            for alias in names:
                self._add_name(alias, int(ccode))
        self._load_territories(ws)

    def _load_territories(self, ws: Workspace) -> None:
        for code, row in tomllib.loads(_TERRITORIES.read_text(encoding="utf-8")).items():
            self.territories[code] = Territory(code, row["name"], row.get("of"), row.get("status"))
            self._not_states[normalise(code)] = code
            self._not_states[normalise(row["name"])] = code
        for iso3, *names, regex in ws.con.execute(
            f'select iso3c, iso2c, "country.name.en", "cldr.name.zh_hant", "cldr.short.zh_hant", '
            f'"cldr.name.zh", "country.name.en.regex" from {ws.table("codelist")} '
            "where cown is null"
        ).fetchall():
            if iso3 not in self.territories:
                continue  # Serbia: a state, mapped in historical_names.toml
            for name in names:
                if name:
                    self._not_states.setdefault(normalise(name), iso3)
            if regex:
                self._not_state_regex.append(regex, iso3)

    def candidates(self, query: str) -> set[int]:
        """Every COW code `query` can mean (empty when it means nothing)."""
        q = query.strip()
        prefix, _, digits = q.partition(":")
        number = _code_number(digits)
        if number is not None and prefix.lower() in ("gw", "iso", "cow"):
            table = {"gw": self._by_gw, "iso": self._by_iso3n}.get(prefix.lower())
            code = number if table is None else table.get(number)
            return {code} if code in self.states else set()
        if _code_number(q) is not None:
            return {int(q)} if int(q) in self.states else set()
        key = normalise(q)
        if key in self._codes:
            return set(self._codes[key])
        if key in self._not_states:
            return set()  # MAC is ISO's Macao before it is COW's Macedonia
        for table in (self._abbs, self._former):
            if key in table:
                return set(table[key])
        # Names and countrycode's regexes together, so that "Korea" means both the historical
        # Korea and South Korea, and a year (or the user) has to choose.
        by_regex = {ccode for pattern, ccode in self._regex if pattern.search(q)}
        return self._names.get(key, set()) | by_regex

    def territory(self, query: str) -> Territory | None:
        """The territory (not a COW state) `query` names, if any."""
        code = self._not_states.get(normalise(query))
        if code is None:
            code = next((c for p, c in self._not_state_regex if p.search(query.strip())), None)
        return None if code is None else self.territories[code]

    def _not_a_state(self, query: str, t: Territory) -> str:
        q = query.strip()
        key = normalise(q)
        subject = t.code if key == normalise(t.name) else q.upper() if len(q) <= 3 else q
        sovereign = self.states.get(t.sovereign) if t.sovereign is not None else None
        owner = _the(sovereign.name) if sovereign else ""
        what = t.status or (f"a territory of {owner}" if sovereign else "a territory")
        text = f"{subject} is {t.name}, {what}, not a state in the COW system"
        if key in self._abbs:
            other = self.states[min(self._abbs[key])]
            text += (
                f"; {q.upper()} is also the COW abbreviation of {other.name}: "
                f"use {other.code} or {other.ccode} for it"
            )
        elif sovereign is not None:
            text += f"; for {owner} use {sovereign.code} or {sovereign.ccode}"
        return text

    def suggestions(self, query: str, n: int = 4) -> list[str]:
        labels: dict[str, str] = {}  # normalised name -> label
        for s in self.states.values():
            for name in (s.name, *(e.name for e in s.eras)):
                labels.setdefault(normalise(name), f"{name} ({s.code})")
        close = difflib.get_close_matches(normalise(query), list(labels), n=n, cutoff=0.6)
        return [labels[c] for c in close]

    def related(self, state: State, year: int) -> list[State]:
        """Predecessors or successors of `state` that were members in `year`."""
        found = (self.states.get(c) for c in self._related.get(state.ccode, ()))
        return [s for s in found if s is not None and s.member(year)]

    def resolve(self, query: str | int, year: int | None = None) -> State:
        """The one state `query` names; with `year`, it must have been a member then."""
        query = str(query)
        found = self.candidates(query)
        if year is not None and len(found) > 1:
            found = {c for c in found if self.states[c].member(year)} or found
        if not found:
            territory = self.territory(query)
            if territory is not None:
                raise UnknownStateError(self._not_a_state(query, territory))
            hint = self.suggestions(query)
            also = (
                f"; did you mean {' or '.join(hint)}?"
                if hint
                else ("; try an ISO3 code (TWN), a COW code (713) or an English or Chinese name")
            )
            raise UnknownStateError(f"unknown state '{query}'{also}")
        if len(found) > 1:
            names = ", ".join(
                f"{self.states[c].label('en', year)} (COW {c})" for c in sorted(found)
            )
            raise UnknownStateError(
                f"'{query}' is ambiguous: it could be {names}; use a COW or ISO3 code"
            )
        state = self.states[found.pop()]
        if year is not None and not state.member(year):
            then = self.related(state, year)
            also = (
                "; did you mean "
                + " or ".join(f"{s.name_in(year)} ({s.code}, COW {s.ccode})" for s in then)
                + (", members" if len(then) > 1 else ", a member")
                + f" in {year}?"
                if then
                else ""
            )
            raise NotInSystemError(
                f"{state.label('en', year)} ({state.code}) was not a state in the COW system in "
                f"{year}; it was a member in {state.membership()}{also}"
            )
        return state

    def members(self, year: int) -> list[State]:
        return [s for s in self.states.values() if s.member(year)]

    def search(self, query: str, limit: int = 10, year: int | None = None) -> list[State]:
        """States a partial name or code may mean, best first: what `resolve` accepts, then
        names and codes (either language, former names too) starting with it, then
        containing it; with `year`, only that year's members. For search boxes."""
        key = normalise(query)
        if not key:
            return []
        rank: dict[int, tuple[int, str]] = {c: (0, "") for c in self.candidates(query)}
        for table in (self._codes, self._abbs, self._former, self._names):
            for name, ccodes in table.items():
                where = 1 if name.startswith(key) else 2 if key in name else None
                if where is None:
                    continue
                for c in ccodes:
                    rank[c] = min(rank.get(c, (where, name)), (where, name))
        found = [self.states[c] for c in sorted(rank, key=lambda c: (*rank[c], c))]
        if year is not None:
            found = [s for s in found if s.member(year)]
        return found[:limit]


def state_index(ws: Workspace) -> StateIndex:
    """The workspace's state index, built once per workspace."""
    return ws.cached("state_index", lambda: StateIndex(ws))


def resolve(ws: Workspace, query: str | int, year: int | None = None) -> State:
    """Resolve a user's state name or code to a State (see StateIndex.resolve)."""
    return state_index(ws).resolve(query, year)
