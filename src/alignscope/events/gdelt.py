"""GDELT 1.0 and 2.0 event exports: tab-separated, no header row.

Column lists follow GDELT's codebooks:

* GDELT 1.0 — "GDELT Data Format Codebook V1.03" (8/25/2013): the historical backfile
  (1979 – 2013-03-31) has 57 fields per record; the daily update files (from 2013-04-01) add
  `SOURCEURL` at the end, 58 fields. Both are accepted. `DATEADDED` is YYYYMMDD.
* GDELT 2.0 — "The GDELT Event Database Data Format Codebook V2.0" (2/19/2015): 61 fields;
  the three geography blocks gain an `ADM2Code` after `ADM1Code`, and `DATEADDED` becomes
  YYYYMMDDHHMMSS (15-minute update files, `*.export.CSV`).

The first 35 fields (event id, dates, both actors, the CAMEO action and its scores, the
mention counts and tone) are identical in both versions, so the loader reads the same
positions: `GLOBALEVENTID` (0), `SQLDATE` (1, YYYYMMDD), `Actor1CountryCode` (7),
`Actor2CountryCode` (17), `EventCode` (26, text with leading zeros) and `GoldsteinScale`
(30). The lists were checked against the codebooks' field tables as reproduced in public
code: gdeltPyR's `data/events1.csv` (the 1.0 codebook's 58 fields with their descriptions,
SOURCEURL "only present in the daily event stream files beginning April 1, 2013") and the
61-field GDELT 2.0 column lists of public importers (e.g. NoSQLProject's
`data_import/data_files_description.md`).

Actor country codes are "the 3-character CAMEO code for the country affiliation" of the
actor (codebook), blank when the actor has none; they are mapped to COW codes in `codes.py`.
"""

from __future__ import annotations

from .layout import Layout

_HEAD = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"{actor}{field}"
        for actor in ("Actor1", "Actor2")
        for field in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)


def _geo(adm2: bool) -> tuple[str, ...]:
    fields = ("Type", "FullName", "CountryCode", "ADM1Code", *(("ADM2Code",) if adm2 else ()))
    fields += ("Lat", "Long", "FeatureID")
    return tuple(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in fields)


GDELT1_COLUMNS = (*_HEAD, *_geo(adm2=False), "DATEADDED", "SOURCEURL")
GDELT2_COLUMNS = (*_HEAD, *_geo(adm2=True), "DATEADDED", "SOURCEURL")

assert len(_HEAD) == 35 and len(GDELT1_COLUMNS) == 58 and len(GDELT2_COLUMNS) == 61


def _layout(kind: str, columns: tuple[str, ...], counts: tuple[int, ...], cite: str) -> Layout:
    return Layout(
        kind=kind,
        columns=columns,
        field_counts=counts,
        header=False,
        date_format="%Y%m%d",
        event_id=columns.index("GLOBALEVENTID"),
        date=columns.index("SQLDATE"),
        actor1_country=columns.index("Actor1CountryCode"),
        actor2_country=columns.index("Actor2CountryCode"),
        cameo_code=columns.index("EventCode"),
        source_score=columns.index("GoldsteinScale"),
        country_kind="code",
        missing="",
        citation=cite,
    )


GDELT1 = _layout(
    "gdelt1",
    GDELT1_COLUMNS,
    (57, 58),
    "Leetaru, K. and Schrodt, P. A. (2013). GDELT: Global Data on Events, Location and Tone, "
    "1979-2012. ISA Annual Convention.",
)
GDELT2 = _layout(
    "gdelt2",
    GDELT2_COLUMNS,
    (61,),
    "The GDELT Project, GDELT 2.0 Event Database (https://www.gdeltproject.org/data.html).",
)
