"""Writing the analyst event table as CSV, JSON, JSONL, Parquet or GeoJSON.

Why each format is typed the way it is: the file should load into pandas, R, DuckDB, QGIS
or a spreadsheet with the right types and no cleaning. CSV has no types, so it writes what
readers infer well (ISO dates, `true`/`false`, empty for missing, lists joined with "; ");
JSON keeps numbers, booleans and lists as such; Parquet declares every column's type
(DATE, int64, double, bool, list<string>); GeoJSON carries every row that has coordinates as
a Point with the row as its properties, and says how many it could not place, because a map
that silently drops events misleads.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

from dateline.errors import UsageError
from dateline.export.columns import CALENDAR_DAY, COLUMNS, Column

__all__ = ["FORMATS", "Written", "arrow_schema", "feature_collection", "require_pyarrow", "write_table"]

FORMATS = ("csv", "json", "jsonl", "parquet", "geojson")
PARQUET_EXTRA = "pip install 'dateline[parquet]'"


@dataclass(frozen=True)
class Written:
    rows: int  # rows written (features, for GeoJSON)
    left_out: int = 0  # GeoJSON: events without coordinates


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return value


def feature_collection(rows: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], int]:
    """The rows with coordinates as Point features ([lon, lat], RFC 7946) whose properties are the
    whole row; and how many rows had none (no place, or a place without coordinates)."""
    features = [
        {"type": "Feature", "id": r["event_id"],
         "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]}, "properties": r}
        for r in rows if r.get("lat") is not None and r.get("lon") is not None
    ]  # fmt: skip
    return {"type": "FeatureCollection", "features": features}, len(rows) - len(features)


def _date_is_day(rows: Sequence[dict[str, Any]]) -> bool:
    """Whether every dated row's `date` is a calendar day (so the column can be a DATE)."""
    return all(CALENDAR_DAY.match(r["date"]) for r in rows if r.get("date"))


def arrow_schema(rows: Sequence[dict[str, Any]]) -> Any:
    """The pyarrow schema of the table (`date` is DATE only when `_date_is_day`); each field carries
    its meaning as metadata, so the Parquet file documents itself."""
    import pyarrow as pa

    types = {"string": pa.string(), "date": pa.date32(), "int": pa.int64(), "float": pa.float64(),
             "bool": pa.bool_(), "list": pa.list_(pa.string())}

    def arrow_type(c: Column) -> Any:
        return pa.string() if c.name == "date" and not _date_is_day(rows) else types[c.kind]

    return pa.schema([pa.field(c.name, arrow_type(c), nullable=c.kind != "list",
                               metadata={"meaning": c.meaning}) for c in COLUMNS])


def require_pyarrow() -> None:
    """A one-line UsageError naming the extra when pyarrow (the `parquet` extra) is not installed."""
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise UsageError(f"--format parquet needs pyarrow, which the optional extra installs: {PARQUET_EXTRA}"
                         ) from None


def _write_parquet(rows: Sequence[dict[str, Any]], path: str) -> None:
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(rows)
    dates = [f.name for f in schema if pa.types.is_date32(f.type)]

    def typed(row: dict[str, Any]) -> dict[str, Any]:
        out = dict(row)
        for name in dates:
            out[name] = date.fromisoformat(row[name]) if row.get(name) else None
        return out

    table = pa.Table.from_pylist([typed(r) for r in rows], schema=schema)
    pq.write_table(table.replace_schema_metadata({"dateline": "event table; `dateline export-schema`"}), path)


def write_table(rows: Sequence[dict[str, Any]], fmt: str, *, out: TextIO | None = None,
                path: str | None = None) -> Written:
    """Write the analyst rows (`export.table.event_table`) in `fmt` to `path`, else to `out` (stdout)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not path:
            raise UsageError("--format parquet needs --output FILE.parquet")
        _write_parquet(rows, path)
        return Written(len(rows))
    with ExitStack() as stack:
        stream = stack.enter_context(open(path, "w", encoding="utf-8", newline="")) if path else (out or sys.stdout)
        if fmt == "csv":
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow([c.name for c in COLUMNS])
            writer.writerows([_csv_value(r[c.name]) for c in COLUMNS] for r in rows)
        elif fmt == "json":
            stream.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
        elif fmt == "jsonl":
            for r in rows:
                stream.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            collection, left_out = feature_collection(rows)
            stream.write(json.dumps(collection, ensure_ascii=False, indent=2) + "\n")
            return Written(len(collection["features"]), left_out)
    return Written(len(rows))
