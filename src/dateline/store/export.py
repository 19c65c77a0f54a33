"""Writing query rows out: table, JSON, JSONL, CSV, GeoJSON, Parquet.

Why one module: every command that lists rows (`events`, `timeline`, `entities`) offers
the same formats, and lists (actors, aliases) are flattened the same way everywhere:
JSON keeps them as lists, CSV and Parquet join them with "; ".
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from dateline.errors import UsageError

__all__ = ["FORMATS", "write_rows"]

FORMATS = ("table", "json", "jsonl", "csv", "geojson", "parquet")


def _flat(value: Any) -> Any:
    return "; ".join(map(str, value)) if isinstance(value, list) else value


def _geojson(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
         "properties": {k: v for k, v in r.items() if k not in ("lat", "lon")}}
        for r in rows if r.get("lat") is not None and r.get("lon") is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def write_rows(
    rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str], *, out: TextIO | None = None,
    path: str | None = None, title: str | None = None,
) -> None:
    """Print `rows` in `fmt`; `columns` are those the table and CSV show (JSON keeps all)."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "jsonl":
        out.writelines(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
    elif fmt == "geojson":
        out.write(json.dumps(_geojson(rows), ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _flat(r.get(k)) for k in columns} for r in rows)
    elif fmt == "parquet":
        if not path:
            raise UsageError("--format parquet needs --output FILE.parquet")
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist([{k: _flat(r.get(k)) for k in columns} for r in rows])
        pq.write_table(table, path)
    elif fmt == "table":
        console = Console(file=out, soft_wrap=False)
        grid = Table(title=title, show_lines=False)
        for column in columns:
            grid.add_column(column, overflow="fold")
        for r in rows:
            grid.add_row(*("" if r.get(k) is None else str(_flat(r.get(k))) for k in columns))
        console.print(grid)
    else:
        raise UsageError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
