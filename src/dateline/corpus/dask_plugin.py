"""The worker side of `dateline ingest --dask`: the analyzer plugin and the partition task.

Why a module of its own: it imports `distributed` at the top (Dask accepts only plugins that
subclass its `WorkerPlugin`), and the client side (`corpus.dask_ingest`) must import without
Dask installed, to say which extra to install. Dask workers import this module by name when
they unpickle the plugin and the task, so it must be installed on every worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from dateline.corpus.shards import ShardRow, write_shard
from dateline.corpus.workers import AnalyzerSpec, analyse_batch
from dateline.model import Document

if TYPE_CHECKING:
    from dateline.corpus.ingest import RecordMaker

__all__ = ["PLUGIN_NAME", "AnalyzerPlugin", "analyse_partition"]

PLUGIN_NAME = "dateline-analyzer"


class AnalyzerPlugin(WorkerPlugin):
    """Loads one analyzer per Dask worker when the worker starts (or joins later), not per task."""

    name = PLUGIN_NAME

    def __init__(self, spec: AnalyzerSpec) -> None:
        self.spec = spec
        self.analyzer: RecordMaker | None = None

    def setup(self, worker: Any) -> None:
        self.analyzer = self.spec.make()


def analyse_partition(rows: list[dict[str, Any]], path: str) -> tuple[str, int, int]:
    """Analyse a partition (each row a prepared article, as `dask_ingest` sends it) and write it as
    the shard `path`. Returns (path, articles, failed)."""
    plugin = get_worker().plugins[PLUGIN_NAME]
    if not isinstance(plugin, AnalyzerPlugin):
        raise TypeError(f"worker plugin {PLUGIN_NAME!r} is a {type(plugin).__name__}, not dateline's")
    if plugin.analyzer is None:  # setup runs when the plugin is registered; this is only a guard
        plugin.analyzer = plugin.spec.make()
    documents = [Document.model_validate_json(r["document"]) for r in rows]
    outcomes = analyse_batch(plugin.analyzer, documents)
    shard = [ShardRow(r["position"], d.id, r["locator"], r["url"], r["source_name"], r["minhash"], record_json,
                      error[0] if error else None, error[1] if error else None)
             for r, d, (record_json, error) in zip(rows, documents, outcomes, strict=True)]
    write_shard(path, shard)
    return path, len(shard), sum(1 for r in shard if r.error_code)
