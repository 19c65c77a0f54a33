"""Scale: `dateline ingest` articles/s for 1 and 2 workers (processes and Dask local) beside bare spaCy.

Each run ingests the same generated articles (`articles.py`: 400-700 words each) into a new
store; the merge is left out of the rate (it runs once per store, timed on its own in
`ingest.py` and `merge_scale.py`). Bare spaCy is the same texts through `nlp.pipe` in one
process, the floor no worker can beat. Printed per run: wall seconds, articles/s over the
whole run and "steady" (from the first article stored to the last, so the pool's start and the
model loads are left out), the speedup over the one-worker run of the same kind, the ratio of
a worker's rate to bare spaCy's, and the largest peak resident memory (VmHWM) of any worker process.

Goals (issue 20): 1 -> 2 workers >= 1.8x; per worker within 1.25x of bare spaCy; < 600 MB a
worker. On a machine whose cores other work shares, the figures are noise: run it quiet.

    python benchmarks/scale.py [--n 2000] [--workers 1 2] [--no-dask]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from articles import generated_articles
from dateline.corpus.ingest import IngestSummary, ingest
from dateline.corpus.sources import iter_items
from dateline.corpus.workers import AnalyzerSpec, ProcessAnalysis
from dateline.store import open_store


class _Clock:
    """The progress callback: when the first and the last article were stored, and the workers' memory."""

    def __init__(self) -> None:
        self.first: float | None = None
        self.last = 0.0
        self.peak_rss = 0
        self._seen = 0

    def __call__(self, summary: IngestSummary, _locator: str) -> None:
        now = time.perf_counter()
        if summary.added and self.first is None:
            self.first = now
        self.last = now
        self._seen += 1
        if self._seen % 25 == 1:
            self.sample()

    def sample(self) -> None:
        try:
            import psutil
        except ImportError:  # psutil comes with dask.distributed; without it no memory figure
            return
        for child in psutil.Process().children(recursive=True):
            try:
                self.peak_rss = max(self.peak_rss, _high_water(child.pid) or child.memory_info().rss)
            except psutil.Error:
                continue


def _high_water(pid: int) -> int:
    """The process's peak resident set so far (Linux VmHWM), in bytes; 0 where /proc does not say."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _bare_spacy(texts: list[str]) -> float:
    from dateline.analyzer import Analyzer
    from dateline.pipeline import clean

    analyzer = Analyzer()
    started = time.perf_counter()
    for _ in analyzer.nlp.pipe((clean.masked_text(t, clean.find_debris(t)) for t in texts),
                               batch_size=analyzer.settings.batch_size):
        pass
    return len(texts) / (time.perf_counter() - started)


def _run(kind: str, workers: int, dump: Path, tmp: Path) -> dict[str, Any]:
    store = open_store(str(tmp / f"{kind}-{workers}.db"))
    clock = _Clock()
    items = iter_items([str(dump)], max_bytes=10**7)
    started = time.perf_counter()
    if kind == "in-process":
        analyzer = AnalyzerSpec().make()
        summary = ingest(store, items, lambda: analyzer, merge=False, progress=clock)  # `--workers 1`
    elif kind == "processes":
        with ProcessAnalysis(AnalyzerSpec(), workers) as pool:
            summary = ingest(store, items, AnalyzerSpec().make, merge=False, progress=clock, analysis=pool)
            clock.sample()
    else:
        from dateline.corpus.dask_ingest import dask_ingest

        summary, _ = dask_ingest(store, items, AnalyzerSpec(), f"local:{workers}", tmp / f"shards-{workers}",
                                 partition_size=32, merge=False, progress=clock)
    wall = time.perf_counter() - started
    store.close()
    steady = (summary.added - 1) / (clock.last - clock.first) if clock.first and clock.last > clock.first else 0.0
    return {"kind": kind, "workers": workers, "added": summary.added, "failed": len(summary.failed),
            "near_dups": summary.near_duplicates, "wall": wall, "rate": summary.added / wall, "steady": steady,
            "rss_mb": clock.peak_rss / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="generated articles (default 2000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-dask", action="store_true", help="leave the Dask LocalCluster runs out")
    parser.add_argument("--no-in-process", action="store_true", help="leave the single-process run out")
    args = parser.parse_args()

    articles = generated_articles(args.n)
    texts = [t for t, _ in articles]
    words = sum(len(t.split()) for t in texts) / len(texts)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        dump = tmp / "articles.jsonl"
        dump.write_text("".join(json.dumps({"text": t, "published": p, "source": f"S{i % 40}"}) + "\n"
                                for i, (t, p) in enumerate(articles)), encoding="utf-8")
        bare = _bare_spacy(texts)
        runs = [] if args.no_in_process else [_run("in-process", 1, dump, tmp)]
        kinds = ["processes"] + ([] if args.no_dask else ["dask-local"])
        for kind in kinds:
            for workers in args.workers:
                runs.append(_run(kind, workers, dump, tmp))
                print(f"  done: {kind} x{workers}", flush=True)

    print(f"\n{args.n} generated articles, {words:.0f} words each on average; bare spaCy (one process): "
          f"{bare:.1f} articles/s")
    print(f"{'run':<12} {'workers':>7} {'added':>6} {'wall s':>7} {'art/s':>7} {'steady':>7} {'speedup':>8} "
          f"{'per worker / spaCy':>19} {'worker MB':>10}")
    base: dict[str, float] = {}
    for r in runs:
        rate = r["steady"] or r["rate"]
        if r["workers"] == min(args.workers) or r["kind"] == "in-process":
            base.setdefault(r["kind"], rate / r["workers"] * min(args.workers))
        speedup = rate / base[r["kind"]] if base.get(r["kind"]) else float("nan")
        per_worker = bare / (rate / r["workers"])  # >1: a worker is slower than bare spaCy by this factor
        memory = f"{r['rss_mb']:.0f}" if r["rss_mb"] else "-"
        print(f"{r['kind']:<12} {r['workers']:>7} {r['added']:>6} {r['wall']:>7.1f} {r['rate']:>7.1f} "
              f"{r['steady']:>7.1f} {speedup:>7.2f}x {per_worker:>18.2f}x {memory:>10}")
    print("speedup: steady articles/s over the one-worker run of the same kind (goal 1 -> 2 >= 1.8x); per worker / "
          "spaCy: bare spaCy's articles/s over one worker's (goal <= 1.25x); worker MB: the largest resident set "
          "of any worker process (goal < 600)")


if __name__ == "__main__":
    main()
