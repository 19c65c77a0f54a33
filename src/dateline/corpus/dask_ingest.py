"""`dateline ingest --dask ADDRESS --shards DIR`: the analysis on a Dask cluster, shards, one writer.

Why Dask beyond one machine: `--workers N` fills the cores of one machine; a day of world news
wants more. The client (this process) reads the inputs and prepares every article as the
serial ingest does (`IngestRun.prepare`: content-hash key, duplicates of the store and of the run
dropped, MinHash signature), cuts the new articles into partitions in input order and submits
each to the cluster. A worker analyses its partition with the analyzer it loaded once
(`AnalyzerPlugin`, a worker plugin: the spaCy pipeline and the rule files are loaded when the
worker joins, not per task) and writes it as a Parquet record shard into DIR
(`corpus.shards`). The client then loads the finished shards in input order through the one
writer (`shards.load_shard`, `IngestRun.store_one`), while the cluster analyses the next ones;
the cross-document merge runs once at the end, over the whole store. So the store a cluster
run leaves is the one `dateline ingest` of the same inputs leaves.

`--no-load` only writes the shards (`dateline load DIR --db ...` stores them later, anywhere).
DIR must be the same path on the client and on every worker (a shared file system; on a
`local` cluster any folder). A shard already in DIR is not analysed again, so a killed run
resumes where it stopped. `local` or `local:N` starts a LocalCluster of N separate worker
processes (one thread each) on this machine.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.corpus.shards import load_shard, shard_name
from dateline.corpus.workers import AnalyzerSpec, default_workers, prepared_batches
from dateline.errors import UsageError, WorkerError

if TYPE_CHECKING:
    from dateline.corpus.ingest import IngestSummary, Pending, Progress
    from dateline.corpus.sources import Item
    from dateline.store.db import Store

__all__ = ["DaskRun", "connect", "dask_ingest", "require_dask"]

DASK_EXTRA = "pip install 'dateline[dask]'"
_AHEAD_PER_WORKER = 2  # partitions queued per worker beyond the one it analyses


def _distributed() -> Any:
    try:
        import distributed
        import pyarrow.parquet  # noqa: F401  (the shards)
    except ImportError:
        raise UsageError(f"--dask needs dask.distributed and pyarrow, which the optional extra installs: "
                         f"{DASK_EXTRA}") from None
    return distributed


def require_dask() -> None:
    """A one-line UsageError naming the extra when dask.distributed (or pyarrow) is not installed."""
    _distributed()


def connect(address: str) -> tuple[Any, Any]:
    """A Dask client for `address` (tcp://host:8786), or for a new LocalCluster (`local`, `local:N`)."""
    distributed = _distributed()
    if address == "local" or address.startswith("local:"):
        count = address.partition(":")[2]
        if (count and not count.isdigit()) or count == "0":
            raise UsageError(f"--dask {address!r}: the number of local workers must be a whole number >= 1")
        n = int(count) if count else default_workers()
        cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.WARNING)
        return distributed.Client(cluster), cluster
    try:
        return distributed.Client(address, timeout="20s"), None
    except (OSError, TimeoutError) as e:
        raise WorkerError(f"cannot reach the Dask scheduler at {address} ({e.__class__.__name__}: {e})") from None


@dataclass
class DaskRun:
    """What a cluster run did besides the store: the shards it wrote or found already written."""

    shards: list[Path] = field(default_factory=list)
    written: int = 0
    reused: int = 0  # already in DIR from an earlier run of the same inputs: not analysed again
    analysed: int = 0


def _payload(batch: list[Pending], first: int) -> list[dict[str, Any]]:
    return [{"position": first + i, "locator": p.article.locator, "url": p.article.url,
             "source_name": p.article.source_name, "minhash": p.signature_hex,
             "document": p.document.model_dump_json()} for i, p in enumerate(batch)]


def dask_ingest(
    store: Store,
    items: Iterable[Item],
    spec: AnalyzerSpec,
    address: str,
    shards: str | Path,
    *,
    partition_size: int = 64,
    load: bool = True,
    merge: bool = True,
    published: str | None = None,
    progress: Progress | None = None,
    on_shard: Callable[[DaskRun], None] | None = None,
) -> tuple[IngestSummary, DaskRun]:
    """Analyse `items` on the cluster at `address` into shards under `shards`; load them (see the module doc)."""
    from dateline.corpus.ingest import IngestRun
    from dateline.corpus.shards import no_analyzer

    folder = Path(shards)
    folder.mkdir(parents=True, exist_ok=True)
    run = IngestRun(store, no_analyzer, partition_size, published)
    done = DaskRun()
    client, cluster = connect(address)
    from dateline.corpus.dask_plugin import PLUGIN_NAME, AnalyzerPlugin, analyse_partition

    inflight: deque[tuple[Path, Any]] = deque()

    def finish_one() -> None:
        path, future = inflight.popleft()
        if future is not None:
            try:
                _, n, _ = future.result()
            except Exception as e:  # the task's own error, or the cluster's (a worker lost)
                raise WorkerError(f"the cluster could not analyse shard {path.name} "
                                  f"({e.__class__.__name__}: {e})") from e
            done.written += 1
            done.analysed += n
        done.shards.append(path)
        if load:
            load_shard(run, path, progress)
        if on_shard:
            on_shard(done)

    def drive() -> None:
        try:
            client.register_plugin(AnalyzerPlugin(spec), name=PLUGIN_NAME)
            limit = max(1, len(client.scheduler_info().get("workers", {}))) * (1 + _AHEAD_PER_WORKER)
            position = 0
            for batch in prepared_batches(run, items, partition_size, progress):
                path = folder / shard_name(position, [p.document.id for p in batch])
                if path.is_file():
                    done.reused += 1
                    inflight.append((path, None))
                else:
                    inflight.append((path, client.submit(analyse_partition, _payload(batch, position), str(path),
                                                         pure=False)))
                position += len(batch)
                while len(inflight) > limit:
                    finish_one()
            while inflight:
                finish_one()
        finally:
            for _, future in inflight:
                if future is not None:
                    future.cancel()
            client.close()
            if cluster is not None:
                cluster.close()

    return run.run(drive, merge=merge and load), done
