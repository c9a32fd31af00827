"""What a loader needs to know about a published event-file layout."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """A tab-separated event layout: its columns and where the schema's fields are.

    Positions are 0-based indexes into `columns`. `field_counts` lists every number of
    fields a well-formed row may have (GDELT 1.0 gained a column in 2013).
    """

    kind: str
    columns: tuple[str, ...]
    field_counts: tuple[int, ...]
    header: bool
    date_format: str
    event_id: int
    date: int
    actor1_country: int
    actor2_country: int
    cameo_code: int
    source_score: int
    country_kind: str  # "code" (CAMEO/ISO3 country codes) or "name" (ICEWS country names)
    missing: str = ""  # how the layout writes a missing value
    citation: str = ""

    def position(self, name: str) -> int:
        return self.columns.index(name)
