"""The writing commands of the corpus CLI: `dateline ingest`, `dateline load`, `dateline export`.

Why apart from `cli_corpus.py` (which keeps the parser and the read commands): these run the
machinery of a large ingest (worker processes, a Dask cluster, shards, a progress bar with a
total and an ETA, the merge) and would double that module. Nothing heavy is imported at the
top: `dateline --help` builds the parser without this module's imports.

Why the defaults: `--workers` is the number of cores, since the analysis is what takes the time
and a worker costs a model load (about a second) and under 600 MB; `--workers 1` keeps the
single-process ingest. `--fake-analyzer` (tests, benchmarks) defaults to one worker: the fake
takes microseconds, the processes seconds.
"""

from __future__ import annotations

import argparse
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.errors import UsageError
from dateline.settings import Settings

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

__all__ = ["add_export", "add_ingest_options", "add_load", "count_items", "run_export", "run_ingest", "run_load"]

_JSONL_EXT = (".jsonl", ".ndjson")
_UNCOUNTED_EXT = (".rss", ".atom", ".xml", ".warc", ".warc.gz", ".arc", ".arc.gz")
EXIT_INTERRUPTED = 130


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: must be at least 1")
    return n


def add_ingest_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--published", help="publication date of articles that carry none of their own (plain-text "
                                       "files, JSONL lines and HTML pages without one): YYYY-MM-DD")
    p.add_argument("--workers", type=_positive, default=None, metavar="N",
                   help="analyse in N worker processes, this one writing (default: the number of cores; "
                        "1: all in this process)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="analyse on a Dask cluster: tcp://scheduler:8786, or local[:N] for N local worker "
                        "processes; needs --shards (pip install 'dateline[dask]')")
    p.add_argument("--shards", metavar="DIR", help="with --dask: the folder the workers write the record shards "
                                                   "to (the same path on every worker and here)")
    p.add_argument("--no-load", action="store_true", help="with --dask: only write the shards; "
                                                          "`dateline load DIR --db ...` stores them later")
    p.add_argument("--partition-size", type=_positive, default=64, metavar="N",
                   help="with --dask: articles per task and shard (default 64)")


def add_load(add: Any, db: Any) -> None:
    load = add("load", "Store record shards written by `ingest --dask` (idempotent); merge events.")
    load.add_argument("shards", nargs="+", metavar="SHARDS", help="shard files or folders of them (*.parquet)")
    load.add_argument("--no-merge", action="store_true", help="skip the cross-document merge at the end")
    db(load)


def add_export(add: Any, db: Any) -> None:
    export = add("export", "Write the corpus (events, mentions, articles) as Parquet partitioned by month.")
    export.add_argument("--format", choices=["parquet"], default="parquet", help="parquet (Hive partitions)")
    export.add_argument("--out", required=True, metavar="DIR", help="folder to write (created; must be empty)")
    db(export)


# ---------------------------------------------------------------- the progress bar


def count_items(paths: list[str]) -> int | None:
    """How many items `iter_items(paths)` yields, when that is cheap to know: files, folders of
    files, JSONL lines; None when any input is a feed, an archive, a URL or stdin (the bar then
    shows no total and no ETA)."""
    total = 0
    for given in paths:
        if given == "-" or given.startswith(("http://", "https://")):
            return None
        path = Path(given)
        files = ([p for p in sorted(path.rglob("*")) if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(path).parts)]
                 if path.is_dir() else [path])
        for file in files:
            name = file.name.lower()
            if name.endswith(_UNCOUNTED_EXT):
                return None
            if name.endswith(_JSONL_EXT):
                try:
                    with open(file, "rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    total += 1  # it will be one failure
            else:
                total += 1
    return total


def _bar(err: Console) -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[stats]}"), TimeElapsedColumn(), TextColumn("eta"),
                    TimeRemainingColumn(), console=err, transient=False)


def _progress_callback(bar: Progress, task: Any) -> Any:
    def progress(summary: Any, locator: str) -> None:
        done = summary.added + summary.duplicates + len(summary.failed)
        elapsed = bar.tasks[task].elapsed or 1e-9
        bar.update(task, completed=done, stats=f"{summary.added / elapsed:.1f} articles/s · "
                   f"{summary.duplicates} dup · {len(summary.failed)} failed")
    return progress


def _merge(store: Any, bar: Progress) -> Any:
    """The cross-document merge, as a task of its own on the bar (its length is not known ahead)."""
    from dateline.store.merge import merge_events

    task = bar.add_task("merge", total=None, stats="clustering the event mentions of the whole store")
    merged = merge_events(store)
    bar.update(task, total=1, completed=1, stats=f"{merged.mentions} mentions → {merged.events} events")
    return merged


def _report(summary: Any, console: Console, err: Console, *, what: str = "ingest") -> None:
    console.print(f"added {summary.added} · duplicates {summary.duplicates} · near-duplicates "
                  f"{summary.near_duplicates} · failed {len(summary.failed)} · {summary.seconds:.1f} s",
                  highlight=False)
    if summary.merge:
        m = summary.merge
        console.print(f"merged {m.mentions} event mentions into {m.events} events · {m.multi_source} with several "
                      f"independent sources · {m.contradictions} contradictions", highlight=False)
    for locator, reason in summary.failed:
        err.print(f"dateline: {locator}: {reason}", markup=False, highlight=False, soft_wrap=True)
    if summary.interrupted:
        err.print(f"dateline: interrupted: {summary.added} articles stored before the stop are kept; run the same "
                  f"{what} again to resume (nothing is stored twice)", markup=False, highlight=False, soft_wrap=True)


# ---------------------------------------------------------------- the commands


def _settings(args: argparse.Namespace) -> Settings:
    base = Settings()
    return Settings(model=args.model or base.model,
                    max_bytes=int(args.max_mb * 1024 * 1024) if args.max_mb else base.max_bytes)


def _check(args: argparse.Namespace) -> str | None:
    """The ingest's options checked before anything is opened; the `--published` date."""
    from dateline.pipeline.read import parse_published

    if args.dask and not args.shards:
        raise UsageError("--dask needs --shards DIR: the folder its workers write the record shards to")
    if (args.shards or args.no_load) and not args.dask:
        raise UsageError("--shards and --no-load go with --dask (a cluster run); --workers N needs neither")
    if args.dask and args.workers:
        raise UsageError("--dask and --workers: the cluster's workers do the analysis; give one of the two")
    if args.paths.count("-") > 1:
        raise UsageError("'-' (stdin) can be given once")
    if args.dask:
        from dateline.corpus.dask_ingest import require_dask

        require_dask()
    return parse_published(args.published) if args.published else None


def run_ingest(args: argparse.Namespace, console: Console, err: Console) -> int:
    """Store every item of the inputs; the exit code says whether all, some or none were done (an item
    stored now or already stored is done, one that could not be read or analysed failed); 130 on Ctrl-C."""
    from dateline.cli_corpus import batch_exit_code
    from dateline.corpus.fetch import HttpFetcher
    from dateline.corpus.ingest import ingest
    from dateline.corpus.sources import iter_items
    from dateline.corpus.workers import AnalyzerSpec, ProcessAnalysis, default_workers
    from dateline.store.db import open_store

    published = _check(args)
    settings = _settings(args)
    spec = AnalyzerSpec(settings, fake=args.fake_analyzer)
    store = open_store(args.db)
    fetcher = HttpFetcher(max_bytes=settings.max_bytes, allow_private=args.allow_private)
    items = iter_items(args.paths, max_bytes=settings.max_bytes, fetcher=fetcher)
    total = count_items(args.paths)
    workers = args.workers or (1 if args.fake_analyzer else default_workers())
    pool: AbstractContextManager[Any] = (ProcessAnalysis(spec, workers) if workers > 1 and not args.dask
                                         else nullcontext())
    dask_line = ""
    try:
        with _bar(err) as bar, pool as analysis:
            task = bar.add_task("ingest", total=total, stats="")
            progress = _progress_callback(bar, task)
            if args.dask:
                from dateline.corpus.dask_ingest import dask_ingest

                def on_shard(done: Any) -> None:
                    if args.no_load:
                        bar.update(task, completed=done.analysed, stats=f"{done.written} shards written · "
                                                                      f"{done.reused} already there")

                summary, shards = dask_ingest(store, items, spec, args.dask, args.shards, published=published,
                                              partition_size=args.partition_size, load=not args.no_load,
                                              merge=False, progress=progress, on_shard=on_shard)
                dask_line = (f"shards in {args.shards}: {shards.written} written ({shards.analysed} articles "
                             f"analysed), {shards.reused} already there")
            else:
                summary = ingest(store, items, spec.make, merge=False, progress=progress, analysis=analysis,
                                 published=published)
            if not args.no_merge and not args.no_load and not summary.interrupted:
                summary.merge = _merge(store, bar)
    finally:
        store.close()
    if dask_line:
        console.print(dask_line, highlight=False)
    _report(summary, console, err)
    if summary.interrupted:
        return EXIT_INTERRUPTED
    if args.no_load:  # nothing is stored: the shards are the outcome; failures so far are the read failures
        return batch_exit_code(shards.analysed + summary.duplicates, len(summary.failed))
    return batch_exit_code(summary.added + summary.duplicates, len(summary.failed))


def run_load(args: argparse.Namespace, console: Console, err: Console) -> int:
    """`dateline load SHARDS... --db`: the shards' articles into the store through the ingest's writer."""
    from dateline.cli_corpus import batch_exit_code
    from dateline.corpus.shards import count_rows, load_shards, shard_paths
    from dateline.store.db import open_store

    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise UsageError("dateline load reads Parquet shards with pyarrow: pip install 'dateline[dask]'") from None
    paths = shard_paths(args.shards)
    total = sum(count_rows(p) for p in paths)
    store = open_store(args.db)
    try:
        with _bar(err) as bar:
            task = bar.add_task("load", total=total, stats="")
            summary = load_shards(store, paths, merge=False, progress=_progress_callback(bar, task))
            if not args.no_merge and not summary.interrupted:
                summary.merge = _merge(store, bar)
    finally:
        store.close()
    _report(summary, console, err, what="load")
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return batch_exit_code(summary.added + summary.duplicates, len(summary.failed))


def run_export(args: argparse.Namespace, console: Console) -> int:
    from dateline.cli_corpus import existing_store
    from dateline.export.partitioned import export_parquet
    from dateline.export.writers import require_pyarrow
    from dateline.store.db import open_store

    require_pyarrow()
    existing_store(args.db)
    out = Path(args.out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"--out {args.out}: exists and is not an empty folder; the export writes a new one")
    store = open_store(args.db)
    try:
        written = export_parquet(store, out)
    finally:
        store.close()
    for table, (rows, parts) in written.items():
        console.print(f"{table}: {rows} rows in {parts} month partitions", highlight=False)
    console.print(f"schema: {out / 'schema.json'}", highlight=False)
    return 0
