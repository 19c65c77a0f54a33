"""`dateline export --format parquet --out DIR`: the corpus as Parquet, partitioned by month.

Why partitioned Parquet beside `events --format parquet`: a corpus of a million articles is
read by DuckDB, Spark, Polars or pandas, which prune Hive partitions (`month=2024-12/`) and
want typed columns; one file per table is too big to open for one month. Three tables:

- `events/`: the analyst event table (`export.columns.COLUMNS`, the columns of `dateline
  export-schema`), one row per corpus event;
- `mentions/`: every event mention with its corpus event, article, evidence and date;
- `articles/`: every stored article's metadata and text (the record JSON stays in the store).

An event's `month` is the month its time lies in: the month of `earliest` when `latest` is in
the same month, else the month the date's value names; `unknown` for an event whose time is
not within one month (undated, a year, a span across months). A mention is filed under its
event's month, so joining the two tables inside a month never misses a row; an article under
its publication month. Every file of a table has the same schema (computed over all rows),
each field carries its meaning as metadata, and `schema.json` in DIR lists them all.

    duckdb -c "SELECT type, count(*) FROM read_parquet('DIR/events/*/*.parquet', hive_partitioning=1)
               WHERE month = '2024-12' GROUP BY type"
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from dateline.export.columns import COLUMNS
from dateline.export.table import event_table
from dateline.export.writers import arrow_schema
from dateline.store import tables as t
from dateline.store.db import Store

__all__ = ["TABLES", "UNKNOWN_MONTH", "corpus_schema", "event_month", "export_parquet"]

UNKNOWN_MONTH = "unknown"
_MONTH = re.compile(r"^(\d{4}-\d{2})(?:-|$)")
_FLUSH = 20_000  # rows buffered per table before they are written: memory stays bounded

# (name, kind, meaning) of the two tables beside the event table; kinds as in export.columns
MENTION_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("event_id", "string", "the corpus event it was merged into (events.event_id)"),
    ("doc_id", "string", "the article (articles.doc_id)"),
    ("local_id", "string", "the mention's id inside its article's record (v1, v2 ...)"),
    ("type", "string", "PLOVER type or news kind; empty when the trigger table does not code it"),
    ("mode", "string", "PLOVER mode"),
    ("event_class", "string", "TimeML class"),
    ("tense", "string", "TimeML tense"),
    ("aspect", "string", "TimeML aspect"),
    ("modality", "string", "the modal that qualifies it"),
    ("trigger", "string", "the trigger's text"),
    ("lemma", "string", "the trigger head's lemma"),
    ("start", "int", "character offset of the trigger in the article's text"),
    ("end", "int", "end offset of the trigger"),
    ("sentence", "string", "the evidence sentence"),
    ("when_value", "string", "the mention's TIMEX3 date value"),
    ("when_earliest", "date", "the earliest day it can have happened"),
    ("when_latest", "date", "the latest day"),
    ("when_basis", "string", "how the text gave the date: explicit | anchored | relative | inferred | publication"),
    ("certainty", "string", "asserted | reported | hedged | unconfirmed | denied | negated | future | claimed"),
    ("negated", "bool", "the article says it did not happen"),
    ("source", "string", "the nearest attributed source"),
    ("actors", "list", "entity ids of its actors"),
    ("targets", "list", "entity ids of its targets"),
    ("places", "list", "place ids of its places"),
)
ARTICLE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("doc_id", "string", "content hash of the text: the store's document id"),
    ("seq", "int", "ingest order (1, 2, ...)"),
    ("locator", "string", "where it came from: path, path#L12, URL"),
    ("url", "string", "its URL, when known"),
    ("title", "string", "its title"),
    ("published", "string", "its publication date (ISO)"),
    ("source_name", "string", "the outlet"),
    ("dup_of", "string", "the article it is a near-duplicate copy of"),
    ("dup_similarity", "float", "estimated Jaccard similarity to that article"),
    ("text", "string", "the article's text, as the offsets count it"),
)
TABLES = {
    "events": tuple((c.name, c.kind, c.meaning) for c in COLUMNS),
    "mentions": MENTION_COLUMNS,
    "articles": ARTICLE_COLUMNS,
}


def corpus_schema() -> dict[str, Any]:
    """What `schema.json` says: each table's columns (name, type, meaning) and the partition column."""
    return {
        "partitioning": {"column": "month", "style": "hive", "values": f"YYYY-MM, or {UNKNOWN_MONTH!r}",
                         "meaning": "events: the month the event's time lies in; mentions: their event's; "
                                    "articles: the publication month"},
        "tables": {name: [{"name": n, "type": k, "meaning": m} for n, k, m in cols] for name, cols in TABLES.items()},
    }


def event_month(value: str | None, earliest: str | None, latest: str | None) -> str:
    """The month partition of an event (see the module doc)."""
    if earliest and latest and earliest[:7] == latest[:7] and _MONTH.match(earliest):
        return earliest[:7]
    found = _MONTH.match(value or "")
    return found.group(1) if found else UNKNOWN_MONTH


def _arrow(columns: tuple[tuple[str, str, str], ...]) -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "date": pa.date32(), "int": pa.int64(), "float": pa.float64(),
             "bool": pa.bool_(), "list": pa.list_(pa.string())}
    return pa.schema([pa.field(n, types[k], metadata={"meaning": m}) for n, k, m in columns])


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class _Partitions:
    """One Parquet writer per month of one table, fed in chunks (`DIR/TABLE/month=M/part-0.parquet`)."""

    def __init__(self, root: Path, table: str, schema: Any) -> None:
        self.root, self.table, self.schema = root / table, table, schema
        self.buffer: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.writers: dict[str, Any] = {}
        self.rows = 0
        self.dates = [f.name for f in schema if str(f.type) == "date32[day]"]

    def add(self, month: str, row: dict[str, Any]) -> None:
        for name in self.dates:
            row[name] = _day(row.get(name))
        self.buffer[month].append(row)
        self.rows += 1
        if self.rows % _FLUSH == 0:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for month, rows in self.buffer.items():
            if not rows:
                continue
            if month not in self.writers:
                folder = self.root / f"month={month}"
                folder.mkdir(parents=True, exist_ok=True)
                self.writers[month] = pq.ParquetWriter(folder / "part-0.parquet", self.schema, compression="zstd")
            self.writers[month].write_table(pa.Table.from_pylist(rows, schema=self.schema))
        self.buffer.clear()

    def close(self) -> tuple[int, int]:
        self.flush()
        for writer in self.writers.values():
            writer.close()
        return self.rows, len(self.writers)


def _rows(store: Store, query: Any) -> Iterator[Any]:
    with store.engine.connect() as conn:
        yield from conn.execution_options(yield_per=2_000).execute(query)


def _list(value: str | None) -> list[str]:
    return [str(v) for v in json.loads(value or "[]")]


def export_parquet(store: Store, out: Path) -> dict[str, tuple[int, int]]:
    """Write the three tables under `out` and `schema.json`; (rows, partitions) per table."""
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, tuple[int, int]] = {}

    events = event_table(store)
    months: dict[str, str] = {}
    parts = _Partitions(out, "events", arrow_schema(events))
    for row in events:
        month = event_month(row.get("date"), row.get("earliest"), row.get("latest"))
        months[row["event_id"]] = month
        parts.add(month, dict(row))
    written["events"] = parts.close()
    del events

    m = t.event_mentions.c
    parts = _Partitions(out, "mentions", _arrow(MENTION_COLUMNS))
    names = [n for n, _, _ in MENTION_COLUMNS]
    for r in _rows(store, select(*(getattr(m, n) for n in names))
                   .order_by(m.doc_id, m.local_id)):
        row = dict(zip(names, r, strict=True))
        for key in ("actors", "targets", "places"):
            row[key] = _list(row[key])
        parts.add(months.get(row["event_id"] or "", UNKNOWN_MONTH), row)
    written["mentions"] = parts.close()

    d = t.documents.c
    parts = _Partitions(out, "articles", _arrow(ARTICLE_COLUMNS))
    columns: Iterable[Any] = (d.id, d.seq, d.locator, d.url, d.title, d.published, d.source_name, d.dup_of,
                              d.dup_similarity, d.text)
    for r in _rows(store, select(*columns).order_by(d.seq)):
        row = dict(zip((n for n, _, _ in ARTICLE_COLUMNS), r, strict=True))
        found = _MONTH.match(row["published"] or "")
        parts.add(found.group(1) if found else UNKNOWN_MONTH, row)
    written["articles"] = parts.close()

    (out / "schema.json").write_text(json.dumps(corpus_schema(), ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
    return written
