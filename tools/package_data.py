"""Copy the source datasets into the package as Parquet and write their manifest.

Developer tool, run by hand when a dataset is added or updated; alignscope itself never
reads the source folder. Usage:

    python tools/package_data.py [--source ../shared/data]

Reads the hand-written metadata in tools/datasets_spec.toml, converts each source file,
and writes src/alignscope/datasets/<name>.parquet plus manifest.toml with the computed
fields (sha256, rows, year coverage, number of states) added to each entry.

An entry may derive columns with `transform`, a DuckDB SELECT in which {source} is the
source file, {shared} the source folder and {datasets} the package's dataset folder
(e.g. to join the shipped codelist), and {resolved} the relation (code, ccode) of every
code found in the entry's `resolve_columns`, resolved by alignscope's own state resolver
(`state_index(...).resolve`). The template is kept in the manifest as provenance.

The curated tables (curation/*.csv) are checked first with the rules of
tools/curated_checks.py: a bad date, unknown party or actor code, duplicate id, kind outside
the vocabulary, Simplified characters in a zh-TW summary or unknown CAMEO code is reported
with file and line, and nothing is packaged.
"""

from __future__ import annotations

import argparse
import hashlib
import tomllib
from pathlib import Path

import duckdb
import tomli_w
from curated_checks import CHECKS

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "tools" / "datasets_spec.toml"
OUT = ROOT / "src" / "alignscope" / "datasets"


def _reader(path: Path) -> str:
    if path.suffix == ".parquet":
        return f"read_parquet('{path}')"
    if path.suffix == ".tab":  # ICEWS: keep every field as published text (CAMEO '040' etc.)
        return f"read_csv('{path}', delim='\t', header=true, all_varchar=true, quote='')"
    if "curation" in path.parts:  # our own curated tables: keep every field as written
        return f"read_csv('{path}', header=true, all_varchar=true)"
    return f"read_csv('{path}', header=true)"


def _select_list(con: duckdb.DuckDBPyConnection, source: str, keep: list[str] | None) -> str:
    if not keep:
        return "*"
    return ", ".join(f'"{c}"' for c in keep)


def _year_expr(con: duckdb.DuckDBPyConnection, table: str, column: str) -> str:
    kind = con.execute(f'select typeof("{column}") from {table} limit 1').fetchone()[0]
    if kind in ("DATE", "TIMESTAMP"):
        return f'year("{column}")'
    if kind == "VARCHAR":
        return f'try_cast(substr("{column}", 1, 4) as integer)'
    return f'"{column}"'


def _resolved(con: duckdb.DuckDBPyConnection, source: Path, columns: list[str]) -> str:
    """VALUES (code, ccode) for every code in `columns`, by alignscope's own resolver."""
    if not columns:
        return "(select null::varchar as code, null::integer as ccode where false)"
    from alignscope.countries import state_index
    from alignscope.workspace import Workspace

    index = state_index(Workspace(":memory:"))
    union = " union ".join(f'select "{c}" as code from {_reader(source)}' for c in columns)
    codes = sorted(c for (c,) in con.execute(union).fetchall() if c)
    pairs = ", ".join(f"('{c}', {index.resolve(c).ccode})" for c in codes)
    return f"(select * from (values {pairs}) r(code, ccode))"


def _relation(
    con: duckdb.DuckDBPyConnection, spec: dict, source: Path, source_root: Path
) -> str:
    """The source as a SQL relation: read as published, or through the entry's `transform`."""
    if "transform" not in spec:
        return _reader(source)
    resolved = (
        _resolved(con, source, spec.get("resolve_columns", []))
        if "{resolved}" in spec["transform"] else ""
    )
    sql = spec["transform"].format(
        source=_reader(source), shared=source_root, datasets=OUT, resolved=resolved
    )
    return f"({sql})"


def _source(spec: dict, source_root: Path) -> Path:
    repo_file = spec["source_file"].removeprefix("repo:")
    return ROOT / repo_file if repo_file != spec["source_file"] else source_root / repo_file


def check_curated(names: list[str], spec: dict, source_root: Path) -> list[str]:
    """Problems ("file:line: problem") of the curated tables among `names`."""
    return [p for n in names if n in CHECKS for p in CHECKS[n](_source(spec[n], source_root))]


def package(name: str, spec: dict, source_root: Path, con: duckdb.DuckDBPyConnection) -> dict:
    source = _source(spec, source_root)
    target = OUT / f"{name}.parquet"
    relation = _relation(con, spec, source, source_root)
    select = _select_list(con, relation, spec.get("keep_columns"))
    con.execute(f"create or replace temp table t as select {select} from {relation}")
    con.execute(f"copy t to '{target}' (format parquet, compression zstd, row_group_size 100000)")
    rows = con.execute("select count(*) from t").fetchone()[0]
    entry = dict(spec)
    entry["file"] = target.name
    entry["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
    entry["rows"] = rows
    years = spec.get("year_columns", [])
    if years:
        exprs = [_year_expr(con, "t", c) for c in years]
        lo = min(con.execute(f"select min({e}) from t").fetchone()[0] for e in exprs)
        hi = max(con.execute(f"select max({e}) from t").fetchone()[0] for e in exprs)
        entry["years"] = [int(lo), int(hi)]
    states = spec.get("state_columns", [])
    if states:
        union = " union ".join(f'select "{c}" as s from t' for c in states)
        entry["n_states"] = con.execute(
            f"select count(distinct s) from ({union}) where s is not null"
        ).fetchone()[0]
    missing = [c for c in con.sql("select * from t limit 0").columns if c not in spec["columns"]]
    if missing:
        raise SystemExit(f"{name}: columns without a description: {missing}")
    return entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("names", nargs="*", help="only these datasets (default: all)")
    args = parser.parse_args()
    spec = tomllib.loads(SPEC.read_text(encoding="utf-8"))
    manifest_path = OUT / "manifest.toml"
    manifest = tomllib.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    names = [n for n in spec if not args.names or n in args.names]
    problems = check_curated(names, spec, args.source)
    if problems:
        raise SystemExit("refused, nothing packaged:\n" + "\n".join(problems))
    con = duckdb.connect()
    OUT.mkdir(parents=True, exist_ok=True)
    for name in names:
        entry = spec[name]
        manifest[name] = package(name, entry, args.source, con)
        print(f"{name:20s} {manifest[name]['rows']:>10,d} rows  {manifest[name]['sha256'][:12]}")
    ordered = {name: manifest[name] for name in spec if name in manifest}
    header = "# Generated by tools/package_data.py from tools/datasets_spec.toml; do not edit.\n"
    manifest_path.write_text(header + tomli_w.dumps(ordered), encoding="utf-8")


if __name__ == "__main__":
    main()
