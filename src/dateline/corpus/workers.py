"""`dateline ingest --workers N`: the analysis in N worker processes, one writer in the parent.

Why this split: the analysis (spaCy and the stages) is the part that scales with cores; the
store, the near-duplicate check and `seq` must stay one serial writer so that the store a
parallel run leaves is the one a single-process ingest of the same inputs leaves. So the
parent reads the inputs and prepares each article exactly as the serial ingest does
(`IngestRun.prepare`: the content-hash key, duplicates dropped, the MinHash signature), sends
batches of `Document`s to the workers, and stores what comes back with `IngestRun.store_one`
in input order, whatever order the workers finish in. A batch is written as soon as it and
every batch before it are back; a few batches per worker are kept in flight, so the workers
never wait for the writer and the input is never read far ahead (a dump of a million lines
is streamed, not held).

Why JSON across the process boundary: a `Record` is a deep pydantic tree; its JSON (the form
the store keeps anyway) is cheaper and safer to send than a pickle, and round-trips exactly.

Why the `forkserver` start method (else `spawn`): a forked child of a parent that holds
SQLite connections and threads is not safe; a fork server starts clean, imports
`dateline.analyzer` once, and each worker forks from it with spaCy already imported. Each
worker loads the pipeline and the rule files once, in its initializer, and ignores Ctrl-C:
the parent alone decides to stop, stops the workers, and leaves the store as its last
commit left it (each article is one transaction, so nothing half-written is committed).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from dateline.errors import WorkerError
from dateline.model import Document, Record
from dateline.settings import Settings

if TYPE_CHECKING:
    from dateline.corpus.ingest import IngestRun, Pending, Progress, RecordMaker
    from dateline.corpus.sources import Item

__all__ = ["AnalyzerSpec", "BatchAnalysis", "InProcessAnalysis", "Outcome", "ProcessAnalysis", "analyse_batch",
           "default_workers", "prepared_batches", "run_pipelined"]

# one article's result: its record as JSON, or why it could not be analysed (code, reason)
Outcome = tuple[str, None] | tuple[None, tuple[str, str]]
# batches a worker may hold beyond the one it analyses: enough that it never waits for the writer
_AHEAD_PER_WORKER = 2
# a worker is replaced after this many batches: spaCy's string store only grows (every new word
# of every article), so a long run's worker would creep past its memory budget
_BATCHES_PER_WORKER = 400


def default_workers() -> int:
    """The cores this process may use (its CPU affinity where the OS tells it), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class AnalyzerSpec:
    """How a worker builds its analyzer: picklable, so it crosses to worker processes and Dask workers."""

    settings: Settings = field(default_factory=Settings)
    fake: bool = False  # `corpus.fake.FakeAnalyzer`: tests and benchmarks of the machinery

    def make(self) -> RecordMaker:
        if self.fake:
            from dateline.corpus.fake import FakeAnalyzer

            return FakeAnalyzer()
        from dateline.analyzer import Analyzer

        return Analyzer(self.settings)


def analyse_batch(analyzer: RecordMaker, documents: list[Document]) -> list[Outcome]:
    """Each document's record as JSON, or its failure. The batch goes through `nlp.pipe` at once;
    should one article break it, the batch is redone one by one so that only that article fails
    (what `ingest.IngestRun.run_batch` does in-process)."""
    try:
        records = list(analyzer.analyze_documents(documents))
    except Exception:  # one article broke the batch: redo one by one to find which
        records = []
    if len(records) == len(documents):
        return [(r.model_dump_json(), None) for r in records]
    out: list[Outcome] = []
    for document in documents:
        try:
            out.append((next(iter(analyzer.analyze_documents([document]))).model_dump_json(), None))
        except Exception as e:  # an analyzer bug on one article must not stop the run
            out.append((None, (getattr(e, "code", "E099"), f"{e.__class__.__name__}: {e}")))
    return out


class BatchAnalysis(Protocol):
    """Analyses batches of documents somewhere; yields each batch's outcomes in the order given."""

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[Outcome]]: ...


class InProcessAnalysis:
    """The batches analysed here, one after the other: the pipelined loop without processes
    (tests of the loop, and the single-worker baseline of `benchmarks/scale.py`)."""

    def __init__(self, analyzer: RecordMaker) -> None:
        self.analyzer = analyzer

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[Outcome]]:
        for batch in batches:
            yield analyse_batch(self.analyzer, batch)


# ---------------------------------------------------------------- the worker side

_worker_analyzer: RecordMaker | None = None


def _init_worker(spec: AnalyzerSpec) -> None:
    global _worker_analyzer
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker_analyzer = spec.make()


def _work(documents_json: list[str]) -> list[Outcome]:
    if _worker_analyzer is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker analyzer not initialised")
    return analyse_batch(_worker_analyzer, [Document.model_validate_json(d) for d in documents_json])


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["dateline.analyzer"])
        return ctx
    return multiprocessing.get_context("spawn")


class ProcessAnalysis:
    """N worker processes, each with its own analyzer; a context manager that stops them on exit."""

    def __init__(self, spec: AnalyzerSpec, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init_worker,
                                             initargs=(spec,), max_tasks_per_child=_BATCHES_PER_WORKER)

    def __enter__(self) -> ProcessAnalysis:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(abort=exc[0] is not None)

    def close(self, *, abort: bool = False) -> None:
        """Stop the workers: after their work (the normal end), or at once (an error, Ctrl-C)."""
        if abort:
            # a batch already running would finish before its worker exits: nothing waits for it
            # (the executor has no public way to stop its processes before Python 3.14)
            processes = list((getattr(self._executor, "_processes", None) or {}).values())
            self._executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                if process.is_alive():
                    process.terminate()
        self._executor.shutdown(wait=True, cancel_futures=abort)

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[Outcome]]:
        inflight: deque[Future[list[Outcome]]] = deque()
        source = iter(batches)
        limit = self.workers * (1 + _AHEAD_PER_WORKER)

        def fill() -> None:
            while len(inflight) < limit:
                batch = next(source, None)
                if batch is None:
                    return
                inflight.append(self._executor.submit(_work, [d.model_dump_json() for d in batch]))

        finished = False
        try:
            try:
                fill()
            except BrokenProcessPool as e:
                raise _died(e) from e
            while inflight:
                try:
                    outcomes = inflight.popleft().result()
                except BrokenProcessPool as e:
                    raise _died(e) from e
                broken = None
                try:
                    fill()  # top up before the parent spends its time writing this batch
                except BrokenProcessPool as e:
                    broken = e
                yield outcomes  # analysed before the pool broke: stored all the same
                if broken is not None:
                    raise _died(broken) from broken
            finished = True
        finally:
            if not finished:  # stopped early (Ctrl-C, an error in the writer): stop the workers now
                self.close(abort=True)


def _died(error: BrokenProcessPool) -> WorkerError:
    return WorkerError(f"a worker process died (out of memory, or killed: {error}); the articles stored so far "
                       "are kept, run the ingest again to resume")


# ---------------------------------------------------------------- the parent side


def prepared_batches(run: IngestRun, items: Iterable[Item], size: int,
                     progress: Progress | None) -> Iterator[list[Pending]]:
    """The new articles of `items`, prepared as the serial ingest prepares them, in batches of `size`."""
    queued: set[str] = set()
    batch: list[Pending] = []
    for item in items:
        pending = run.prepare(item, queued)
        if pending is None:
            if progress:
                progress(run.summary, getattr(item, "locator", ""))
            continue
        batch.append(pending)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _record(record_json: str) -> Record | str:
    """The worker's record, or why it is none: a record this process's model refuses (a worker
    that runs another dateline version, a Dask worker not upgraded with the client) fails its
    article with the reason, and the run goes on, as any one bad input must let it."""
    try:
        return Record.model_validate_json(record_json)
    except ValueError as e:  # pydantic's ValidationError, and JSON that does not parse
        first = str(e).splitlines()[:3]
        return ("the worker's record does not fit this process's data model (a worker running another "
                f"dateline version?): {' '.join(first)}")


def run_pipelined(run: IngestRun, items: Iterable[Item], analysis: BatchAnalysis, progress: Progress | None) -> None:
    """Read and prepare here, analyse through `analysis`, store here in input order (see the module doc)."""
    sent: deque[list[Pending]] = deque()

    def documents() -> Iterator[list[Document]]:
        for batch in prepared_batches(run, items, run.batch_size, progress):
            sent.append(batch)
            yield [p.document for p in batch]

    results = analysis.map(documents())
    try:
        for outcomes in results:
            for pending, (record_json, error) in zip(sent.popleft(), outcomes, strict=True):
                if error is not None:
                    run.fail(pending.article.locator, *error)
                elif record_json is not None:
                    record = _record(record_json)
                    if isinstance(record, Record):
                        run.store_one(pending, record)
                    else:
                        run.fail(pending.article.locator, WorkerError.code, record)
                if progress:
                    progress(run.summary, pending.article.locator)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
