"""Load event files into the store: validate every row, quarantine the malformed, keep the rest.

The whole ingest is one DuckDB transaction: it commits after the last file, and any error —
a malformed row under `strict`, an unreadable file, an interruption — rolls it back, so the
store is exactly as it was. Work is vectorised: DuckDB's parallel CSV reader parses each file
(every field as text, rows in file order), casts use `try_*` functions, and small lookup
tables (CAMEO codes, country codes, COW membership spells) are joined in SQL. Line numbers
come from the row order plus the lines the reader skipped (header, blank lines, rows with too
many fields), found with a vectorised newline count (`lines.py`).

Per row, in this order, the first failing check quarantines it (table `events_quarantine`
with file, line, reason and the raw line): wrong number of fields, a date that does not
parse, a CAMEO code that is not in the shipped CAMEO table, an actor country that means
nothing (see `codes.py`). A well-formed row whose actors are not two different states of the
COW system on that day (no country, a territory or region, the same state, or a state not
then in the system) is skipped and counted, not quarantined. Everything else is appended to
`events`. Ingesting a file again replaces the rows it loaded before. A file that is not UTF-8
is refused whole (GDELT and ICEWS publish UTF-8).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from ..errors import AlignscopeError, DataIntegrityError, UsageError
from ..workspace import Workspace
from .codes import gdelt_countries, icews_countries, state_spells
from .gdelt import GDELT1, GDELT2
from .icews import ICEWS
from .layout import Layout
from .lines import LineIndex
from .schema import QUAD_SQL, ensure_schema

LAYOUTS = {"icews": ICEWS, "gdelt1": GDELT1, "gdelt2": GDELT2}
SHOWN_REASONS = 5
STAGE = "_events_stage"
ROWS = "_events_rows"
BAD = "_events_bad"
REJECTS = "_events_rejects"
REJECT_SCANS = "_events_reject_scans"
SKIPPED = "_events_skipped_lines"
RAW = "_events_raw_lines"

SKIP_REASONS = {
    "no_country": "an actor has no country",
    "non_state": "an actor's country is not a state (territory, region)",
    "same_state": "source and target are the same state (domestic event)",
    "not_member": "an actor was not a state of the COW system on that day",
}


@dataclass
class IngestReport:
    """What an ingest did: rows loaded, skipped (with why) and quarantined (with where)."""

    source: str
    files: list[str]
    ingest_id: int = 0
    loaded: int = 0
    skipped: int = 0
    quarantined: int = 0
    replaced: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    first_problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return self.loaded + self.skipped + self.quarantined

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "files": self.files,
            "ingest_id": self.ingest_id,
            "rows": self.rows,
            "loaded": self.loaded,
            "skipped": self.skipped,
            "skipped_by_reason": self.skipped_by_reason,
            "quarantined": self.quarantined,
            "first_problems": self.first_problems,
            "replaced": self.replaced,
            "seconds": round(self.seconds, 3),
        }


def _raw_lines() -> str:
    """Every physical line of one file (parameter ?) with its number; blank lines are NULL."""
    return (
        "select ordinality as line, line as raw from read_csv(?, "
        "columns = {'line': 'VARCHAR'}, delim = chr(0), quote = '', escape = '', "
        "header = false, auto_detect = false) with ordinality"
    )


def _field(layout: Layout, position: int) -> str:
    """A field as text, NULL when missing ('' in GDELT, 'NA' in ICEWS)."""
    missing = ", ".join(f"'{m}'" for m in dict.fromkeys(("", layout.missing)))
    return f"case when c{position} not in ({missing}) then c{position} end"


def _stage(ws: Workspace, layout: Layout, path: str) -> None:
    """Temp table STAGE (in file order, so rowid + 1 numbers the parsed rows) and REJECTS.

    DuckDB's parallel CSV reader parses the fields (all text); a row with too few fields is
    padded with NULLs (`nullstr` is a byte that never occurs, so a real empty field is '')
    and one with too many lands in REJECTS with its line number.
    """
    ws.con.execute(f"drop table if exists {REJECTS}")
    ws.con.execute(f"drop table if exists {REJECT_SCANS}")
    n = max(layout.field_counts)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(n)) + "}"
    ws.con.execute(
        f"""create or replace temp table {STAGE} as
        select c{min(layout.field_counts) - 1} is null as short,
            try_strptime(c{layout.date}, '{layout.date_format}')::date as event_date,
            c{layout.date} as date_text,
            {_field(layout, layout.actor1_country)} as a1,
            {_field(layout, layout.actor2_country)} as a2,
            c{layout.cameo_code} as cameo_code,
            try_cast(c{layout.source_score} as double) as source_score,
            {_field(layout, layout.event_id)} as origin_id
        from read_csv(?, columns = {columns}, delim = '\t', quote = '', escape = '',
            header = {str(layout.header).lower()}, auto_detect = false, null_padding = true,
            nullstr = chr(1), store_rejects = true, rejects_table = '{REJECTS}',
            rejects_scan = '{REJECT_SCANS}')""",
        [path],
    )


def _line_numbers(ws: Workspace, layout: Layout, lines: LineIndex, shown: str) -> str:
    """SQL for the physical line of STAGE's row (rowid), given the lines the reader skipped."""
    problems = ws.rows(
        f"select line, error_type from {REJECTS} where error_type = 'INVALID ENCODING' limit 1"
    )
    if problems:
        raise DataIntegrityError(
            f"{shown}:{problems[0][0]} is not valid UTF-8; convert the file to UTF-8 "
            "(GDELT and ICEWS publish UTF-8)"
        )
    skipped = ([1] if layout.header else []) + [
        r[0] for r in ws.rows(f"select line from {REJECTS}")
    ]
    if lines.n_lines > len(set(skipped)) + ws.scalar(f"select count(*) from {STAGE}"):
        skipped += lines.blank_lines()  # the reader skipped blank lines too
    skipped = sorted(set(skipped))
    # STAGE was written in file order, so its rowids count the parsed rows; inside a
    # transaction DuckDB numbers new rows from an offset, hence the subtraction.
    base = ws.scalar(f"select coalesce(min(rowid), 0) from {STAGE}")
    row = f"(s.rowid - {base} + 1)"
    if skipped == list(range(1, len(skipped) + 1)):  # only leading lines (header) were skipped
        return f"{row} + {len(skipped)}"
    # Row k (1-based) follows the skipped line s_j (its j-th) iff s_j - j < k; the line is k
    # plus the number of such skipped lines, found by an ASOF join on s_j - j.
    ws.con.execute(f"create or replace temp table {SKIPPED} (line bigint)")
    ws.con.executemany(f"insert into {SKIPPED} values (?)", [(x,) for x in skipped])
    ws.con.execute(
        f"""create or replace temp table {STAGE} as
        select s.*, {row} + coalesce(k.n, 0) as line
        from {STAGE} s asof left join (
            select line - j as t, max(j) as n
            from (select line, row_number() over (order by line) as j from {SKIPPED})
            group by 1) k on {row} > k.t"""
    )
    return "s.line"


def _check_header(layout: Layout, path: str, shown: str) -> None:
    if not layout.header:
        return
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        first = handle.readline().rstrip("\r\n")
    if first != "\t".join(layout.columns):
        raise DataIntegrityError(
            f"{shown} does not start with the {layout.kind.upper()} header line "
            f"({', '.join(layout.columns[:3])}, …); pass the Dataverse .tab file as published"
        )


def _lookup(ws: Workspace, layout: Layout) -> str:
    if layout.country_kind == "code":
        return gdelt_countries(ws)
    names = [
        r[0]
        for r in ws.rows(
            f"select distinct a from (select a1 as a from {STAGE} union select a2 from {STAGE}) "
            "where a is not null"
        )
    ]
    return icews_countries(ws, names)


def _classify(ws: Workspace, layout: Layout, countries: str, line: str) -> None:
    """Temp table ROWS: every parsed row with its COW codes, scores, and why it is not loaded.

    `problem` names the first failed check (shape, date, code, country1, country2) of a
    malformed row; `skip` says why a well-formed row is not an interstate event.
    """
    cameo = ws.table("cameo_codes")
    spells = state_spells(ws)
    ws.con.execute(
        f"""create or replace temp table {ROWS} as
        with joined as (
            select {line} as line, s.*, c.code is not null as code_ok, c.goldstein,
                m1.code is not null as a1_known, m1.ccode as c1,
                m2.code is not null as a2_known, m2.ccode as c2
            from {STAGE} s
            left join {cameo} c on c.code = s.cameo_code
            left join {countries} m1 on m1.code = s.a1
            left join {countries} m2 on m2.code = s.a2
        ), checked as (
            select *, case
                when short then 'shape'
                when event_date is null then 'date'
                when not code_ok then 'code'
                when a1 is not null and not a1_known then 'country1'
                when a2 is not null and not a2_known then 'country2'
            end as problem
            from joined
        )
        select k.line, k.problem, k.event_date, k.date_text, k.a1, k.a2, k.c1, k.c2,
            k.cameo_code, k.goldstein, k.source_score, k.origin_id,
            {QUAD_SQL.format(root="left(k.cameo_code, 2)")} as quad_class,
            case when k.problem is not null then null
                when k.a1 is null or k.a2 is null then 'no_country'
                when k.c1 is null or k.c2 is null then 'non_state'
                when k.c1 = k.c2 then 'same_state'
                when p1.ccode is null or p2.ccode is null then 'not_member'
            end as skip
        from checked k
        left join {spells} p1
            on p1.ccode = k.c1 and k.event_date between p1.first_day and p1.last_day
        left join {spells} p2
            on p2.ccode = k.c2 and k.event_date between p2.first_day and p2.last_day"""
    )


def _problems(ws: Workspace, layout: Layout, lines: LineIndex) -> int:
    """Temp table BAD (line, reason, raw) of the file's malformed rows; returns their number."""
    wanted = " or ".join(str(n) for n in layout.field_counts)
    date_label = layout.date_format.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD")
    quoted = "coalesce(chr(39) || {} || chr(39), 'missing')"
    ws.con.execute(
        f"""create or replace temp table {BAD} as
        select line, problem, date_text, cameo_code, a1, a2, null::varchar as message
        from {ROWS} where problem is not null
        union all
        select line, 'reject', null, null, null, null, error_message from {REJECTS}"""
    )
    numbers = [r[0] for r in ws.rows(f"select line from {BAD}")]
    if not numbers:
        ws.con.execute(
            f"create or replace temp table {BAD} (line bigint, reason varchar, raw varchar)"
        )
        return 0
    text = lines.text(numbers)
    ws.con.register(RAW, pa.table({"line": list(text), "raw": list(text.values())}))
    ws.con.execute(
        f"""create or replace temp table {BAD} as
        select b.line, case b.problem
                when 'shape' then format('expected {wanted} tab-separated fields, found {{}}',
                                         len(string_split(r.raw, chr(9))))
                when 'reject' then coalesce(
                    'expected {wanted} tab-separated fields, found '
                        || nullif(regexp_extract(b.message, 'Found: ([0-9]+)', 1), ''),
                    split_part(b.message, chr(10), 1))
                when 'date' then format('bad date {{}} (expected {date_label})',
                                        {quoted.format("b.date_text")})
                when 'code' then format('unknown CAMEO code {{}}',
                                        {quoted.format("b.cameo_code")})
                when 'country1' then format('unknown actor country {{}}', {quoted.format("b.a1")})
                when 'country2' then format('unknown actor country {{}}', {quoted.format("b.a2")})
            end as reason, r.raw
        from {BAD} b left join {RAW} r using (line)
        order by b.line"""
    )
    ws.con.unregister(RAW)
    return len(numbers)


def _insert_batch(ws: Workspace, layout: Layout, path: str, ingest_id: int) -> None:
    """Append one checked file to the store (inside the ingest's transaction)."""
    ws.con.execute(
        f"""insert into events select event_date, c1, c2, cameo_code, quad_class, goldstein,
            source_score, ?, ?, line, origin_id, null, ?
        from {ROWS} where problem is null and skip is null""",
        [layout.kind, path, ingest_id],
    )
    ws.con.execute(
        f"insert into events_quarantine select ?, ?, ?, line, reason, raw from {BAD}",
        [ingest_id, layout.kind, path],
    )


def _tally(ws: Workspace, report: IngestReport, shown: str) -> None:
    for problem, skip, n in ws.rows(
        f"select problem is not null, skip, count(*) from {ROWS} group by all"
    ):
        if problem:
            continue
        if skip:
            report.skipped += n
            report.skipped_by_reason[skip] = report.skipped_by_reason.get(skip, 0) + n
        else:
            report.loaded += n
    report.quarantined += ws.scalar(f"select count(*) from {BAD}")
    room = SHOWN_REASONS - len(report.first_problems)
    if room > 0:
        report.first_problems += [
            f"{shown}:{line}: {reason}"
            for line, reason in ws.rows(f"select line, reason from {BAD} limit ?", [room])
        ]


def _check_files(files: list[str], source: str) -> Layout:
    if source not in LAYOUTS:
        raise UsageError(f"unknown event source '{source}'; choose one of {', '.join(LAYOUTS)}")
    if not files:
        raise UsageError("name at least one event file to ingest")
    for name in files:
        if not Path(name).is_file():
            raise UsageError(f"event file '{name}' does not exist or is not a file")
    return LAYOUTS[source]


def _prepare(ws: Workspace, layout: Layout) -> None:
    """Load the shipped lookups before the transaction (their own loads are transactional)."""
    ensure_schema(ws)
    ws.con.execute("set preserve_insertion_order = true")  # the default; line numbers need it
    ws.table("cameo_codes")
    state_spells(ws)
    if layout.country_kind == "code":
        gdelt_countries(ws)
    else:
        icews_countries(ws, [])  # builds the state index and non-state patterns


def _ingest_file(
    ws: Workspace, layout: Layout, name: str, report: IngestReport, strict: bool
) -> None:
    path = str(Path(name).resolve())
    _check_header(layout, path, name)
    _stage(ws, layout, path)
    lines = LineIndex(path)
    line = _line_numbers(ws, layout, lines, name)
    shape = ws.rows(f"select count(*), count(*) filter (not short) from {STAGE}")[0]
    if shape[0] and not shape[1]:
        wanted = " or ".join(str(n) for n in layout.field_counts)
        raise DataIntegrityError(
            f"{name} has no line with the {wanted} tab-separated fields of the {layout.kind} "
            "layout; check --source"
        )
    _classify(ws, layout, _lookup(ws, layout), line)
    if _problems(ws, layout, lines) and strict:
        first, reason = ws.rows(f"select line, reason from {BAD} limit 1")[0]
        raise DataIntegrityError(
            f"{name}:{first}: {reason}; fix the file, or ingest without --strict to "
            "quarantine such rows"
        )
    report.replaced += ws.scalar(
        "select count(*) from events where origin_file = ? and origin_kind = ?", [path, layout.kind]
    )
    ws.con.execute(
        "delete from events where origin_file = ? and origin_kind = ?", [path, layout.kind]
    )
    ws.con.execute(
        "delete from events_quarantine where file = ? and origin_kind = ?", [path, layout.kind]
    )
    _insert_batch(ws, layout, path, report.ingest_id)
    _tally(ws, report, name)


def ingest(ws: Workspace, files: list[str], source: str, *, strict: bool = False) -> IngestReport:
    """Validate and load event `files` of layout `source` (icews, gdelt1, gdelt2) into `events`.

    With `strict`, the first malformed row rejects the whole ingest. Either way the ingest
    is atomic: on any error the store is left exactly as it was.

    >>> report = ingest(ws, ["events.2018.tab"], "icews")  # doctest: +SKIP
    >>> report.loaded, report.skipped, report.quarantined  # doctest: +SKIP
    """
    started = time.perf_counter()
    layout = _check_files(files, source)
    # One exclusive write for the whole ingest (workspace.py): other processes keep reading
    # the store as it was, and a kill leaves it so.
    with ws.writing(f"ingesting {len(files)} {source} file(s)"):
        report = _ingest(ws, layout, files, source, strict)
    report.seconds = time.perf_counter() - started
    return report


def _ingest(
    ws: Workspace, layout: Layout, files: list[str], source: str, strict: bool
) -> IngestReport:
    _prepare(ws, layout)
    report = IngestReport(source=source, files=[str(Path(f).resolve()) for f in files])
    ws.con.execute("begin transaction")
    try:
        report.ingest_id = ws.scalar("select nextval('events_ingest_seq')")
        for name in files:
            _ingest_file(ws, layout, name, report, strict)
        ws.con.execute(
            "insert into events_ingests values (?, ?, ?, ?, ?, ?, ?, now())",
            [
                report.ingest_id,
                source,
                report.files,
                report.loaded,
                report.skipped,
                report.quarantined,
                report.replaced,
            ],
        )
        ws.con.execute("commit")
    except BaseException as exc:
        ws.con.execute("rollback")
        if isinstance(exc, duckdb.Error) and not isinstance(exc, AlignscopeError):
            raise DataIntegrityError(
                f"cannot read the event files ({str(exc).splitlines()[0]}); nothing was loaded"
            ) from exc
        raise
    finally:
        for table in (STAGE, ROWS, BAD, REJECTS, REJECT_SCANS, SKIPPED):
            ws.con.execute(f"drop table if exists {table}")
    return report
