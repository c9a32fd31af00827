"""Order-preserving lookups for the loader: a text's position among known values, then lists.

The loader classifies every row of a file in the statement that reads it, and numbers rows
by their order in the staged table, so it cannot join (a hash join's output is not in its
input's order). A lookup is instead two scalar expressions: the position of a text among
the known keys — a cast to a SQL ENUM of the keys, which DuckDB resolves with a hash table,
NULL for an unknown text — and that position as an index into constant lists of values
(query parameters). Both run vectorised and in parallel, and keep the rows where they are.

`cameo_lookup` holds the shipped CAMEO codes with their Goldstein weight and quad class;
`country_lookup` holds a file layout's actor countries (`codes.py`) with the COW code and
the state's COW system membership spells (`first0`/`last0`, `first1`/`last1`, …; a state
has as many pairs as its most-interrupted member has spells, NULL where it has fewer).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..workspace import Workspace
from .codes import state_spells
from .schema import QUAD_SQL


@dataclass(frozen=True)
class Lookup:
    """Known text `keys` and, per key, values of `columns` (name -> (SQL type, values))."""

    name: str
    keys: tuple[str, ...]
    columns: dict[str, tuple[str, list]] = field(default_factory=dict)
    spells: int = 0

    def index(self, text: str) -> str:
        """SQL: the 1-based position of the text expression `text` among the keys, or NULL."""
        if not self.keys:
            return "null::integer"
        values = ", ".join("'" + key.replace("'", "''") + "'" for key in self.keys)
        return f"(enum_code(try_cast({text} as ENUM({values})))::integer + 1)"

    def value(self, column: str, index: str) -> str:
        """SQL: the value of `column` for the key at position `index` (NULL for NULL)."""
        sql_type = self.columns[column][0]
        return f"(${self.name}_{column}::{sql_type}[])[{index}]"

    @property
    def params(self) -> dict[str, list]:
        return {f"{self.name}_{column}": values for column, (_, values) in self.columns.items()}


def _usable(key: object) -> bool:
    """A key an ENUM can hold: text without NUL (such a value is simply unknown)."""
    return isinstance(key, str) and "\x00" not in key


def cameo_lookup(ws: Workspace) -> Lookup:
    """The shipped CAMEO codes: Goldstein weight and quad class (schema.py) of each."""

    def build() -> Lookup:
        rows = ws.rows(
            f"select code, goldstein, {QUAD_SQL.format(root='left(code, 2)')} "
            f"from {ws.table('cameo_codes')} where code is not null order by code"
        )
        rows = [r for r in rows if _usable(r[0])]
        return Lookup(
            "cameo",
            tuple(r[0] for r in rows),
            {
                "code": ("VARCHAR", [r[0] for r in rows]),
                "goldstein": ("DOUBLE", [r[1] for r in rows]),
                "quad_class": ("TINYINT", [r[2] for r in rows]),
            },
        )

    return ws.cached("events_cameo_lookup", build)


def country_lookup(ws: Workspace, table: str) -> Lookup:
    """Countries of temp table `table` (code, ccode; codes.py) with their COW spells."""
    spells: dict[int, list] = defaultdict(list)
    for ccode, first, last in ws.rows(
        f"select ccode, first_day, last_day from {state_spells(ws)} order by ccode, first_day"
    ):
        spells[ccode].append((first, last))
    rows = [
        (code, ccode)
        for code, ccode in ws.rows(f"select code, ccode from {table} order by code")
        if _usable(code)
    ]
    rows = list(dict(rows).items())  # one row per code
    most = max((len(spells.get(ccode, ())) for _, ccode in rows), default=0)
    columns: dict[str, tuple[str, list]] = {"ccode": ("INTEGER", [c for _, c in rows])}
    for k in range(most):
        nth = [
            spells[c][k] if c is not None and len(spells.get(c, ())) > k else None for _, c in rows
        ]
        columns[f"first{k}"] = ("DATE", [s[0] if s else None for s in nth])
        columns[f"last{k}"] = ("DATE", [s[1] if s else None for s in nth])
    return Lookup("country", tuple(code for code, _ in rows), columns, most)
