"""ICEWS coded event data in the Harvard Dataverse TSV layout (Boschee et al. 2015).

One header row, then one event per line, 20 tab-separated fields, exactly as in the shipped
`icews_sample` dataset (a filter of the Dataverse 2018 events file): `Event ID`,
`Event Date` (YYYY-MM-DD), `Source Name`, `Source Sectors`, `Source Country`, `Event Text`,
`CAMEO Code` (text, leading zeros kept), `Intensity`, `Target Name`, `Target Sectors`,
`Target Country`, `Story ID`, `Sentence Number`, `Publisher`, `City`, `District`,
`Province`, `Country`, `Latitude`, `Longitude`. Missing values are the literal text `NA`.

Countries are ICEWS country names ('Russian Federation', 'Taiwan'), mapped to COW codes in
`codes.py`. ICEWS's `Intensity` is kept as `source_score`; `goldstein` comes from the CAMEO
table like every other source (see `schema.py`).
"""

from __future__ import annotations

from .layout import Layout

ICEWS_COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)

ICEWS = Layout(
    kind="icews",
    columns=ICEWS_COLUMNS,
    field_counts=(len(ICEWS_COLUMNS),),
    header=True,
    date_format="%Y-%m-%d",
    event_id=ICEWS_COLUMNS.index("Event ID"),
    date=ICEWS_COLUMNS.index("Event Date"),
    actor1_country=ICEWS_COLUMNS.index("Source Country"),
    actor2_country=ICEWS_COLUMNS.index("Target Country"),
    cameo_code=ICEWS_COLUMNS.index("CAMEO Code"),
    source_score=ICEWS_COLUMNS.index("Intensity"),
    country_kind="name",
    missing="NA",
    citation="Boschee, E. et al. (2015). ICEWS Coded Event Data. Harvard Dataverse. "
    "doi:10.7910/DVN/28075",
)
