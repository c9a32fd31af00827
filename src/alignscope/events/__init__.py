"""Event data: one schema for ICEWS, GDELT 1.0/2.0, curated and machine evidence; one aggregation.

`ingest` validates published event files into the store's `events` table; `aggregate` is
the dyad × period aggregation, written once as an Ibis expression that runs on the embedded
DuckDB or on Spark. Ibis is the optional `events` extra (`pip install 'alignscope[events]'`):
only `aggregate` imports it, and not from here; `series` holds the Ibis-free vocabulary
(periods, engines, columns).
"""

from .ingest import LAYOUTS, IngestReport, ingest
from .schema import COLUMNS, ORIGIN_KINDS, QUAD_CLASSES, ensure_schema

__all__ = [
    "COLUMNS",
    "LAYOUTS",
    "ORIGIN_KINDS",
    "QUAD_CLASSES",
    "IngestReport",
    "ensure_schema",
    "ingest",
]
