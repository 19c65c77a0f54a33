"""Record shards: Parquet files of analysed articles, written by workers, loaded into a store.

Why shards between the cluster and the store: a Dask cluster analyses on many machines, but
the store has one writer (the near-duplicate check and `seq` are serial). So workers write
what they analysed to shard files, which need neither the database nor its credentials, and
`dateline load` (or the `ingest --dask` client as shards come back) stores them through the
same single-writer path as `dateline ingest` (`IngestRun.store_one`): loading is idempotent
(content-hash keys: a shard loaded twice adds nothing) and a load killed midway resumes.
An analysis that can be redone is never redone when only the load failed.

A shard holds one row per article, in input order: its key, where it came from, its MinHash
signature and its whole `Record` as JSON (the form the store keeps), or why its analysis
failed. The schema's name and version are in the file's metadata (`SHARD_FORMAT`); a file
without them is refused, naming it.

Why the name `{position:09d}-{digest}.parquet`: sorting the names gives the input order (the
position of the shard's first article among all the articles the run read), so loading a
folder in name order stores the articles in the order a serial ingest would have; the digest
of the shard's keys makes the name of the same articles the same again, so a rerun of a
killed cluster run finds the shards already written and does not analyse them twice.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.errors import ShardError
from dateline.model import Record

if TYPE_CHECKING:
    from dateline.corpus.ingest import IngestRun, IngestSummary, Pending, Progress, RecordMaker
    from dateline.corpus.workers import Outcome
    from dateline.store.db import Store

__all__ = ["SHARD_FORMAT", "SHARD_SCHEMA", "ShardRow", "count_rows", "load_shard", "load_shards", "rows_of",
           "shard_name", "shard_paths", "shard_rows", "write_shard"]

SHARD_FORMAT = b"dateline-record-shard/1"
# (name, arrow type, meaning): written into the file's field metadata, and the README's table
SHARD_SCHEMA: tuple[tuple[str, str, str], ...] = (
    ("position", "int64", "the article's place in the input of the run that read it (0, 1, ...)"),
    ("doc_id", "string", "content hash of the article's text: the store's document id"),
    ("locator", "string", "where it came from: path, path#L12, URL, <stdin>#L3"),
    ("url", "string", "the article's URL, when the source gave one"),
    ("source_name", "string", "the outlet, when the source named it"),
    ("minhash", "string", "MinHash signature (hex uint32s) for the near-duplicate check"),
    ("record_json", "string", "the whole dateline Record as JSON; null when the analysis failed"),
    ("error_code", "string", "E0xx when the analysis failed, else null"),
    ("error", "string", "why the analysis failed, else null"),
)


@dataclass(frozen=True)
class ShardRow:
    position: int
    doc_id: str
    locator: str
    url: str | None
    source_name: str | None
    minhash: str
    record_json: str | None
    error_code: str | None = None
    error: str | None = None


def shard_name(position: int, doc_ids: Sequence[str]) -> str:
    digest = hashlib.sha1("\n".join(doc_ids).encode("utf-8")).hexdigest()[:12]
    return f"{position:09d}-{digest}.parquet"


def _arrow_schema() -> Any:
    import pyarrow as pa

    types = {"int64": pa.int64(), "string": pa.string()}
    fields = [pa.field(name, types[kind], nullable=name not in ("position", "doc_id", "locator"),
                       metadata={"meaning": meaning}) for name, kind, meaning in SHARD_SCHEMA]
    return pa.schema(fields, metadata={b"format": SHARD_FORMAT})


def rows_of(pendings: Sequence[Pending], positions: Sequence[int], outcomes: Sequence[Outcome]) -> list[ShardRow]:
    """The shard rows of analysed articles: each prepared article with its outcome."""
    rows = []
    for pending, position, (record_json, error) in zip(pendings, positions, outcomes, strict=True):
        rows.append(ShardRow(position, pending.document.id, pending.article.locator, pending.article.url,
                             pending.article.source_name, pending.signature_hex, record_json,
                             error[0] if error else None, error[1] if error else None))
    return rows


def write_shard(path: str | Path, rows: Sequence[ShardRow]) -> None:
    """Write `rows` to `path` atomically (a temporary name, then a rename): a shard that exists is whole."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    columns = {name: [getattr(r, name) for r in rows] for name, _, _ in SHARD_SCHEMA}
    table = pa.Table.from_pydict(columns, schema=_arrow_schema())
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    pq.write_table(table, partial, compression="zstd")
    os.replace(partial, target)


def shard_paths(paths: Iterable[str]) -> list[Path]:
    """The shard files named: files as given, folders' `*.parquet` sorted by name (input order)."""
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            out.extend(sorted(p for p in path.glob("*.parquet") if not p.name.startswith(".")))
        elif path.is_file():
            out.append(path)
        else:
            raise ShardError(given, "no such shard file or folder")
    return out


def _table(path: Path) -> Any:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as e:  # pyarrow raises ArrowInvalid, OSError ... for a file that is no Parquet
        raise ShardError(str(path), f"not a readable Parquet file ({e.__class__.__name__}: {e})") from None
    if (table.schema.metadata or {}).get(b"format") != SHARD_FORMAT:
        raise ShardError(str(path), f"not a dateline record shard (no {SHARD_FORMAT.decode()} in its metadata)")
    missing = [name for name, _, _ in SHARD_SCHEMA if name not in table.column_names]
    if missing:
        raise ShardError(str(path), f"shard lacks the column(s) {', '.join(missing)}")
    return table


def count_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except Exception as e:
        raise ShardError(str(path), f"not a readable Parquet file ({e.__class__.__name__}: {e})") from None


def shard_rows(path: Path) -> Iterator[ShardRow]:
    table = _table(path)
    for row in table.to_pylist():
        yield ShardRow(**{name: row[name] for name, _, _ in SHARD_SCHEMA})


def load_shard(run: IngestRun, path: Path, progress: Progress | None = None) -> None:
    """Store a shard's articles through the serial ingest's writer (`IngestRun.store_one`), in row order."""
    from dateline.corpus.ingest import Pending
    from dateline.corpus.sources import Article
    from dateline.pipeline.read import RawInput

    for row in shard_rows(path):
        if row.error_code or row.record_json is None:
            run.fail(row.locator, row.error_code or "E099", row.error or "analysis failed")
        elif row.doc_id in run.known:
            run.summary.duplicates += 1
        else:
            record = Record.model_validate_json(row.record_json)
            if record.document.id != row.doc_id:
                raise ShardError(str(path), f"row {row.position}: the record is of {record.document.id!r}, "
                                            f"the row of {row.doc_id!r}")
            # the article's bytes are not needed any more: the record holds its document
            article = Article(row.locator, RawInput(row.locator, b"", is_html=False), url=row.url,
                              source_name=row.source_name)
            run.store_one(Pending(article, record.document, row.minhash), record)
        if progress:
            progress(run.summary, row.locator)


def no_analyzer() -> RecordMaker:
    raise RuntimeError("a load analyses nothing: the shards hold the records")


def load_shards(store: Store, paths: Sequence[Path], *, merge: bool = True,
                progress: Progress | None = None) -> IngestSummary:
    """`dateline load`: every shard's articles into `store` in the order given, then (by default) the merge.
    Ctrl-C stops after the last committed article (`interrupted`, no merge); a rerun resumes."""
    from dateline.corpus.ingest import IngestRun

    run = IngestRun(store, no_analyzer, batch_size=1)

    def drive() -> None:
        for path in paths:
            load_shard(run, path, progress)

    return run.run(drive, merge=merge)
