"""`dateline ingest`: articles from sources into the store, idempotent and resumable.

Why this shape: every article is keyed by its content hash and written with all its rows
in one transaction, so re-running adds nothing and a run killed at any moment (kill -9)
resumes without losing or duplicating an article. Articles go through the analyzer in
small batches (spaCy is faster on batches) but are committed one by one; a batch that
fails is redone article by article so one bad article is recorded as a failure and the
run goes on. The analyzer is created only once there is something new to analyse.

Why several runs may ingest into one store at once: each article is written under the
store's writer lock (`store.db.write_transaction`), and inside it the run first catches up
with what other runs committed since it last looked (their documents, so it neither stores
an article twice nor misses a near-duplicate's original; the aliases of the entities they
named, so the first article to name an entity still wins). Only then are `seq` (the
stored maximum plus one, gapless and in commit order) and the rows decided. The outcome is
the one a serial ingest of the articles in `seq` order gives. The work that takes time,
the analysis, runs outside the lock, in parallel; an article another run stored while this
one analysed it is counted as a duplicate.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from datasketch import MinHash
from sqlalchemy import Connection, bindparam, delete, func, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from dateline.corpus.neardup import NearDupIndex, content_hash, minhash, signature_from_hex, signature_hex
from dateline.corpus.sources import Article, Failure, Item
from dateline.errors import ArticleNotStored, DatelineError, StoreError
from dateline.model import Document, Record
from dateline.pipeline.read import to_document
from dateline.store import tables as t
from dateline.store.db import Store, db_problem, masked, write_transaction
from dateline.store.merge import MergeSummary, merge_events
from dateline.store.write import DocumentMeta, EntityResolver, insert_ignore, write_record

if TYPE_CHECKING:
    from dateline.corpus.workers import BatchAnalysis

__all__ = ["IngestRun", "IngestSummary", "Pending", "RecordMaker", "ingest"]


class RecordMaker(Protocol):
    """What the ingest needs of an analyzer: `dateline.Analyzer` or `corpus.fake.FakeAnalyzer`."""

    def analyze_documents(self, documents: Iterable[Document]) -> Iterator[Record]: ...


@dataclass
class IngestSummary:
    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (locator, "reason [Ecode]")
    seconds: float = 0.0
    merge: MergeSummary | None = None
    interrupted: bool = False  # Ctrl-C: what was committed stays, a rerun resumes


@dataclass
class Pending:
    article: Article
    document: Document
    signature_hex: str
    dup: tuple[str, float] | None = None


Progress = Callable[[IngestSummary, str], None]


class IngestRun:
    """One run's writer: the store's known articles and near-duplicate index, `prepare` and `store_one`.

    Shared by every way articles arrive (in-process analysis, worker processes, Dask shards,
    `dateline load`), so each stores exactly what a serial ingest stores; `run` wraps a driver
    with what they all end with (Ctrl-C kept as `interrupted`, then the merge).
    """

    def __init__(self, store: Store, make_analyzer: Callable[[], RecordMaker], batch_size: int,
                 published: str | None = None) -> None:
        self.started = time.perf_counter()
        self.store = store
        self.published = published  # the date of articles that carry none of their own (`--published`)
        self.make_analyzer = make_analyzer
        self.analyzer: RecordMaker | None = None
        self.batch_size = batch_size
        self.summary = IngestSummary()
        self.index = NearDupIndex()
        self.roots: dict[str, str] = {}
        with store.engine.connect() as conn:
            rows = conn.execute(select(t.documents.c.id, t.documents.c.seq, t.documents.c.dup_of,
                                       t.documents.c.minhash)).all()
            self.resolver = EntityResolver.load(conn)
        self.known: set[str] = set()
        self.last_seq = 0  # the highest seq this run knows to be stored
        for r in sorted(rows, key=lambda r: r.seq):
            self._remember(r.id, r.seq, r.dup_of, signature_from_hex(r.minhash) if r.minhash else None)
        d = t.documents.c
        self._newer = select(d.id, d.seq, d.dup_of, d.minhash).where(d.seq > bindparam("since")).order_by(d.seq)

    def _remember(self, doc_id: str, seq: int, dup_of: str | None, signature: MinHash | None) -> None:
        """A stored article, by this run or another: known, its root, in the near-duplicate index."""
        self.known.add(doc_id)
        self.roots[doc_id] = dup_of or doc_id
        if signature is not None:
            self.index.add(doc_id, signature, seq)
        self.last_seq = max(self.last_seq, seq)

    def _catch_up(self, conn: Connection) -> None:
        """Learn what other runs committed since this one last looked (call under the writer lock).

        Seqs are given in commit order under the lock, so "seq above the last one known" is
        exactly the others' new articles; each alias they added names an entity one of
        those articles mentions.
        """
        since = self.last_seq
        rows = conn.execute(self._newer, {"since": since}).all()
        if not rows:
            return
        for r in rows:
            self._remember(r.id, r.seq, r.dup_of, signature_from_hex(r.minhash) if r.minhash else None)
        d, a, m = t.documents.c, t.entity_aliases.c, t.entity_mentions.c
        named = select(m.entity_id).where(m.doc_id.in_(select(d.id).where(d.seq > since)))
        self.resolver.aliases.update({(alias, type_): entity_id for alias, type_, entity_id in conn.execute(
            select(a.alias, a.type, a.entity_id).where(a.entity_id.in_(named)))})

    def run(self, drive: Callable[[], object], *, merge: bool = True) -> IngestSummary:
        """`drive()` (which feeds this run's articles), then the merge; Ctrl-C stops it after the
        last committed article, marks the summary `interrupted` and skips the merge."""
        try:
            drive()
        except KeyboardInterrupt:
            self.summary.interrupted = True
            merge = False
        if merge:
            self.summary.merge = merge_events(self.store)
        self.summary.seconds = time.perf_counter() - self.started
        return self.summary

    def fail(self, locator: str, code: str, reason: str) -> None:
        self.summary.failed.append((locator, f"{reason} [{code}]"))
        with write_transaction(self.store.engine) as conn:
            conn.execute(delete(t.failures).where(t.failures.c.locator == locator))
            insert_ignore(conn, t.failures, [{"locator": locator, "code": code, "error": reason}])

    def prepare(self, item: Item, queued: set[str]) -> Pending | None:
        if isinstance(item, Failure):
            self.fail(item.locator, item.code, item.reason)
            return None
        try:
            document = to_document(item.raw, published=item.published)
        except DatelineError as e:
            self.fail(item.locator, e.code, getattr(e, "reason", e.message))
            return None
        if document.published is None and self.published:
            document.published, document.published_from = self.published, "argument"
        key = content_hash(document.text)
        if key in self.known or key in queued:
            self.summary.duplicates += 1
            return None
        queued.add(key)
        document.id = key
        document.title = document.title or item.title
        document.source = item.url or item.locator
        return Pending(item, document, signature_hex(minhash(document.text)))

    def store_one(self, pending: Pending, record: Record) -> None:
        """Write one article; rows the store refuses fail that article alone, and the run goes on.

        Why: a value one article carries that the database cannot hold (a NUL byte in PostgreSQL
        text, a constraint it breaks) used to abort the whole run before the merge, and again on
        every rerun, since the article was still new. Its transaction is rolled back (nothing
        of it is stored, the in-memory state has not moved) and it is a failure with its code
        and the database's reason. A bug in writing it is a failure too (E099, with its message:
        counted and reported, the run's exit code says so), never silence. Only a connection
        the database dropped stops the run: every later article would fail the same way.
        """
        locator = pending.article.locator
        try:
            self._write_one(pending, record)
        except DBAPIError as e:
            if e.connection_invalidated:
                raise StoreError(masked(self.store.url), f"the connection was lost writing {locator}: "
                                                         f"{db_problem(e)}") from e
            self.fail(locator, ArticleNotStored.code, f"the store refused the article: {db_problem(e)}")
        except SQLAlchemyError as e:  # a value that could not even be bound to the statement
            self.fail(locator, ArticleNotStored.code, f"the store refused the article: {db_problem(e)}")
        except Exception as e:
            self.fail(locator, getattr(e, "code", "E099"), f"not stored: {e.__class__.__name__}: {e}")

    def _write_one(self, pending: Pending, record: Record) -> None:
        doc_id = pending.document.id
        signature = signature_from_hex(pending.signature_hex)
        with write_transaction(self.store.engine) as conn:
            self._catch_up(conn)
            if doc_id in self.known:  # another run stored this article while this one analysed it
                self.summary.duplicates += 1
                return
            match = self.index.match(signature)
            dup_of = self.roots[match[0]] if match else None
            seq = self.last_seq + 1
            meta = DocumentMeta(doc_id, seq, pending.article.locator, pending.article.url,
                                pending.article.source_name, dup_of, round(match[1], 3) if match else None,
                                pending.signature_hex)
            new_aliases = write_record(conn, meta, record, self.resolver)
            conn.execute(delete(t.failures).where(t.failures.c.locator == pending.article.locator))
        # only now, after the commit, does the in-memory state move on
        self.resolver.aliases.update(new_aliases)
        self._remember(doc_id, seq, dup_of, signature)
        self.summary.added += 1
        self.summary.near_duplicates += dup_of is not None

    def run_batch(self, batch: list[Pending], progress: Progress | None) -> None:
        if self.analyzer is None:
            self.analyzer = self.make_analyzer()
        try:
            records = list(self.analyzer.analyze_documents([p.document for p in batch]))
        except Exception:  # one article broke the batch: redo one by one to find which
            records = []
        if len(records) == len(batch):
            pairs = list(zip(batch, records, strict=True))
        else:
            pairs = []
            for pending in batch:
                try:
                    pairs.append((pending, next(iter(self.analyzer.analyze_documents([pending.document])))))
                except Exception as e:  # an analyzer bug on one article must not stop the run
                    self.fail(pending.article.locator, getattr(e, "code", "E099"), f"{e.__class__.__name__}: {e}")
        for pending, record in pairs:
            self.store_one(pending, record)
            if progress:
                progress(self.summary, pending.article.locator)


def ingest(
    store: Store,
    items: Iterable[Item],
    make_analyzer: Callable[[], RecordMaker],
    *,
    batch_size: int = 16,
    merge: bool = True,
    progress: Progress | None = None,
    analysis: BatchAnalysis | None = None,
    published: str | None = None,
) -> IngestSummary:
    """Store every new article of `items`; then (by default) rebuild the corpus events.

    `analysis`: analyse elsewhere (`corpus.workers.ProcessAnalysis`: worker processes) while this
    process stays the one writer, storing in input order. `published`: the date of articles that
    carry none of their own. Ctrl-C stops after the last committed article (`interrupted`, no merge).
    """
    run = IngestRun(store, make_analyzer, batch_size, published)
    if analysis is not None:
        from dateline.corpus.workers import run_pipelined

        return run.run(lambda: run_pipelined(run, items, analysis, progress), merge=merge)
    return run.run(lambda: _run_serial(run, items, batch_size, progress), merge=merge)


def _run_serial(run: IngestRun, items: Iterable[Item], batch_size: int, progress: Progress | None) -> None:
    queued: set[str] = set()
    batch: list[Pending] = []
    for item in items:
        pending = run.prepare(item, queued)
        if progress and pending is None:
            progress(run.summary, getattr(item, "locator", ""))
        if pending is not None:
            batch.append(pending)
        if len(batch) >= batch_size:
            run.run_batch(batch, progress)
            batch = []
    if batch:
        run.run_batch(batch, progress)


def count_documents(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.documents)).scalar_one())
