"""The core as the dashboard and the API call it: checked parameters, one store connection
used by one thread at a time, and finished results kept in a bounded cache.

A web server answers many requests at once on threads; DuckDB's connection is used by one
of them at a time (`_compute`), and a repeated question is answered from the cache without
waiting for it, so a page of a computed dyad-year stays fast while another is computed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from ..countries import FIRST_YEAR, LAST_YEAR, State, state_index
from ..errors import UsageError
from ..workspace import Workspace

CACHE_SIZE = 512
"""Results kept (assessments, networks, histories, pages); the oldest used goes first."""

SERIES_FROM = 1990
"""First year of a dyad's series, as in the HTML report (earlier years start 10 back)."""

DEFAULT_YEAR = 2011
"""The year pages open on: the last year every dimension's sources cover (the atlas shows
later years with carried-forward sources flagged)."""

LANGS = ("en", "zh-TW")


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(
            f"year {year} is outside every source's coverage; choose a year in "
            f"{FIRST_YEAR}–{LAST_YEAR}"
        )
    return year


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise UsageError(f"unknown language '{lang}'; choose en or zh-TW")
    return lang


def series_start(year: int) -> int:
    return max(FIRST_YEAR, min(SERIES_FROM, year - 10))


class Service:
    """What the routes ask of the core, each answer computed once."""

    def __init__(self, ws: Workspace, cache_size: int = CACHE_SIZE) -> None:
        self.ws = ws
        self._compute_lock = threading.RLock()  # a page builds on results
        self._cache_lock = threading.Lock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._size = cache_size

    def _memo(self, key: tuple, build: Callable[[], Any]) -> Any:
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        with self._compute_lock:
            with self._cache_lock:  # another thread may have built it while we waited
                if key in self._cache:
                    return self._cache[key]
            value = build()
        with self._cache_lock:
            self._cache[key] = value
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return value

    # ------------------------------------------------------------ states

    def index(self):
        return self._memo(("index",), lambda: state_index(self.ws))

    def state(self, query: str, year: int | None = None) -> State:
        if not query.strip():
            raise UsageError("name a state, e.g. TWN, 713, Taiwan or 台灣")
        return self.index().resolve(query, year)

    def states(self, query: str, limit: int = 10, year: int | None = None) -> list[dict]:
        if year is not None:
            check_year(year)
        return [state_row(s, year) for s in self.index().search(query, limit, year)]

    def pair(self, a: str, b: str, year: int) -> tuple[State, State]:
        check_year(year)
        sa, sb = self.state(a, year), self.state(b, year)
        if sa.ccode == sb.ccode:
            raise UsageError("name two different states")
        return sa, sb

    # ------------------------------------------------------------ core results

    def assess(self, a: str, b: str, year: int) -> dict[str, Any]:
        """`alignscope assess A B --year Y --format json`, as a dict (1990–Y series)."""
        from ..assess import assess
        from ..render import _clean

        sa, sb = self.pair(a, b, year)
        return self._memo(
            ("assess", sa.ccode, sb.ccode, year),
            lambda: _clean(
                assess(self.ws, sa.ccode, sb.ccode, year, series_from=series_start(year))
            ),
        )

    def view(self, a: str, b: str, year: int, lang: str) -> dict[str, Any]:
        """The report's translated view of an assessment."""
        from ..report.view import build_view, state_names

        result = self.assess(a, b, year)
        key = ("view", *result["ccodes"], year, check_lang(lang))
        return self._memo(key, lambda: build_view(result, state_names(self.ws, result), lang))

    def report_html(self, a: str, b: str, year: int, lang: str) -> str:
        """The self-contained HTML report `assess --format html` writes."""
        from ..report.html import render_html

        view = self.view(a, b, year, lang)
        key = ("report", *self.assess(a, b, year)["ccodes"], year, lang)
        return self._memo(key, lambda: render_html(view, start=series_start(year)))

    def network(self, year: int, types: str | None = None, region: str | None = None):
        """`alignscope network --year Y --format json`, as a dict."""
        from ..network import REGIONS, network, parse_types

        check_year(year)
        tie_types = parse_types(types)
        if region is not None and region not in REGIONS:
            raise UsageError(f"unknown region '{region}'; choose from {', '.join(REGIONS)}")
        return self._memo(
            ("network", year, tie_types, region),
            lambda: network(self.ws, year, types=tie_types, region=region),
        )

    def atlas(self, year: int, type_: str | None = None, state: str | None = None) -> dict:
        """The atlas rows of `year` (optionally of one type or one state), as dicts."""
        from ..atlas import atlas
        from ..network import TIE_TYPES

        check_year(year)
        if type_ is not None and type_ not in (*TIE_TYPES, "non_aligned"):
            raise UsageError(
                f"unknown type '{type_}'; choose from {', '.join((*TIE_TYPES, 'non_aligned'))}"
            )
        ccode = self.state(state, year).ccode if state else None
        table = self._memo(("atlas", year), lambda: atlas(year, year, workspace=self.ws))

        def select() -> dict:
            import pyarrow.compute as pc

            rows = table
            if type_ is not None:
                rows = rows.filter(pc.equal(rows["type"], type_))
            if ccode is not None:
                rows = rows.filter(pc.or_(pc.equal(rows["ccode1"], ccode),
                                          pc.equal(rows["ccode2"], ccode)))
            return {"year": year, "type": type_, "state": state and self.index().states[
                ccode].code, "count": rows.num_rows, "rows": rows.to_pylist()}

        return self._memo(("atlas", year, type_, ccode), select)

    def history(self, a: str, b: str, start: int, end: int) -> dict[str, Any]:
        """`alignscope history A B --start --end --format json`, as a dict."""
        from ..history import dyad_history
        from ..panel import check_years

        check_years(start, end)
        sa, sb = self.state(a), self.state(b)
        return self._memo(
            ("history", sa.ccode, sb.ccode, start, end),
            lambda: dyad_history(self.ws, sa.ccode, sb.ccode, start, end),
        )

    def memo(self, key: tuple, build: Callable[[], Any]) -> Any:
        """Cache a rendered page or fragment under `key` (routes use it for HTML)."""
        return self._memo(("page", *key), build)


def state_row(s: State, year: int | None = None) -> dict[str, Any]:
    return {
        "ccode": s.ccode,
        "code": s.code,
        "iso3": s.iso3,
        "name": s.label("en", year),
        "name_zh": s.label("zh-TW", year),
        "member": s.membership(),
    }


def default_service(db: str | None) -> Service:
    return Service(Workspace(db))

