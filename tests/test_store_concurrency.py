"""Several ingests into one store at once, on SQLite and PostgreSQL: the outcome of one serial ingest.

Why these tests: two `dateline ingest` runs into one store crashed the second with
`UNIQUE constraint failed: documents.seq` (each run took its next seq from the maximum it
read at its start), the same article ingested by two runs at once was a primary-key
violation, two ingests opening a new PostgreSQL store both created its schema, and two
merges rebuilt the same events. The runs here really overlap: separate processes (the
'spawn' start method, as two shells would start them) or threads, each with a store (an
engine and connections) of its own, released together by a barrier, with an analyzer slow
enough that their writes interleave. What they must leave is exactly what one serial
ingest of the same articles leaves: every distinct article once, seqs 1..N, the same
corpus events, entities and links.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dateline.corpus.fake import FakeAnalyzer, fill_store
from dateline.corpus.ingest import ingest
from dateline.corpus.neardup import content_hash
from dateline.corpus.sources import iter_items
from dateline.model import Document, Record
from dateline.store import open_store
from dateline.store import tables as t
from dateline.store.db import Store, write_transaction
from dateline.store.merge import merge_events

FILLER = (" Residents said the fighting went on through the night and that many families had left the area "
          "for villages further north, where aid groups were handing out food, blankets and water.")
WIRE = "Rebels attacked Army Forces in Aleppo on 2024-12-01, killing 12 people." + FILLER * 3

# (text, source): one event told by several outlets, a wire copy (a near-duplicate), a
# contradiction of casualties and one of assertion, a claim, uncoded events, and singletons
ARTICLES: list[tuple[str, str]] = [
    (WIRE, "AP"),
    (WIRE.replace("the night", "the whole night"), "Daily Copy"),
    ("Rebels attacked Army Forces in Aleppo on 2024-12-01, killing 15 people. Witnesses spoke of chaos.", "Observer"),
    ("Rebels did not attack Army Forces in Aleppo on 2024-12-01. The army spokesman said so.", "Army"),
    ("Militia shelled Border Guard in Homs on 2024-12-03. Residents counted the craters.", "Observer"),
    ("Militia shelled Border Guard in Homs on 2024-12-03. The guard posts were hit.", "Gazette"),
    ("Turkey met Russia in Damascus on 2024-12-05. The talks lasted hours.", "Wire"),
    ("Turkey met Russia in Damascus on 2024-12-05. Officials shook hands afterwards.", "Post"),
    ("Kyiv Council said that Eagle Legion bombed Kharkiv Depot in Kharkiv on 2024-11-20.", "Kyiv Daily"),
    ("Eagle Legion did not bomb Kharkiv Depot in Kharkiv on 2024-11-20. The legion denied it.", "Legion"),
    ("Harbor Front sent Valley Union aid in Beirut on 2024-10-02. Trucks crossed at dawn.", "Relief"),
    ("Prices rose in Odesa on 2024-09-09. Markets remained calm.", "Market"),
    ("Prices rose in Odesa on 2024-09-09. Traders hoped for more.", "Bourse"),
    *[(f"{actor} captured {target} in Idlib on 2024-0{month}-1{month}. Dispatch {month} from the north.", "Wire")
      for month, (actor, target) in enumerate([("Oak Brigade", "Pine Hill"), ("Stone Militia", "Iron Ford"),
                                               ("Tiger Corps", "Jade Bay"), ("Wolf Guard", "Amber Field"),
                                               ("Lion Army", "Birch Port"), ("Cedar Front", "River Dale")], start=1)],
]


class SlowFake(FakeAnalyzer):
    """The fake analyzer, a little slow, so that runs started together write in turns."""

    def analyze_documents(self, documents: Iterable[Document]) -> Iterator[Record]:
        for document in documents:
            time.sleep(0.01)
            yield self.analyze_document(document)


def _write_jsonl(path: Path, articles: list[tuple[str, str]]) -> str:
    path.write_text("".join(json.dumps({"text": text, "source": source, "published": "2024-12-06"}) + "\n"
                            for text, source in articles), encoding="utf-8")
    return str(path)


def _inputs(tmp_path: Path, runs: int) -> list[str]:
    """One JSONL file per run: the first four articles in every run (the same article
    ingested by all runs at once), the others dealt out, every other run in reverse order."""
    shared, rest = ARTICLES[:4], ARTICLES[4:]
    files = []
    for i in range(runs):
        mine = shared + rest[i::runs]
        files.append(_write_jsonl(tmp_path / f"run{i}.jsonl", mine[::-1] if i % 2 else mine))
    return files


def _run_ingest(url: str, path: str, barrier: Any) -> dict[str, Any]:
    """Wait for the others, open the store (a new store's schema is created by whichever run
    gets there first), ingest and merge; the times show the runs overlapped."""
    barrier.wait(timeout=120)
    started = time.monotonic()
    store = open_store(url)
    try:
        summary = ingest(store, iter_items([path], max_bytes=10**6), SlowFake, batch_size=2)
    finally:
        store.close()
    return {"added": summary.added, "duplicates": summary.duplicates, "failed": summary.failed,
            "started": started, "ended": time.monotonic()}


def _process_worker(url: str, path: str, barrier: Any, results: Any) -> None:
    """The body of one spawned ingest process: its result, or its traceback, goes to `results`."""
    try:
        results.put(_run_ingest(url, path, barrier))
    except BaseException:
        results.put({"error": traceback.format_exc()})


def _in_processes(url: str, paths: list[str]) -> list[dict[str, Any]]:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(len(paths)), ctx.Queue()
    procs = [ctx.Process(target=_process_worker, args=(url, p, barrier, results)) for p in paths]
    for proc in procs:
        proc.start()
    try:
        out = [results.get(timeout=180) for _ in procs]
    finally:
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
    return out


def _in_threads(url: str, paths: list[str]) -> list[dict[str, Any]]:
    barrier = threading.Barrier(len(paths))
    out: list[dict[str, Any]] = []

    def work(path: str) -> None:
        try:
            out.append(_run_ingest(url, path, barrier))
        except BaseException:
            out.append({"error": traceback.format_exc()})

    threads = [threading.Thread(target=work, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return out


def _outcome(store: Store) -> dict[str, Any]:
    """The store's contents in terms that do not depend on the order articles were stored in
    (event and link ids are made from seqs, which do)."""
    with store.engine.connect() as conn:
        docs = {r.id: r for r in conn.execute(select(t.documents))}
        em, e = t.event_mentions.c, t.events.c
        texts_of: dict[str, list[str]] = {}
        for r in conn.execute(select(em.event_id, em.doc_id)):
            texts_of.setdefault(r.event_id, []).append(docs[r.doc_id].text)
        events = sorted(
            (r.type or "", r.when_value or "", r.n_mentions, r.n_documents, r.corroboration, bool(r.contradicted),
             tuple(sorted(texts_of.get(r.id, []))))
            for r in conn.execute(select(e.id, e.type, e.when_value, e.n_mentions, e.n_documents, e.corroboration,
                                         e.contradicted)))
        links = sorted(
            (r.kind, r.reason or "", *sorted([(r.left_doc or "", r.left_mention or "", r.left_value or ""),
                                              (r.right_doc or "", r.right_mention or "", r.right_value or "")]))
            for r in conn.execute(select(t.claim_links)))
        return {
            "documents": sorted(d.text for d in docs.values()),
            "events": events,
            "links": links,
            "entities": sorted(map(tuple, conn.execute(select(t.entities)).all())),
            "aliases": sorted(map(tuple, conn.execute(select(t.entity_aliases)).all())),
            "places": sorted(map(tuple, conn.execute(select(t.places)).all())),
            "near_duplicates": sum(d.dup_of is not None for d in docs.values()),
            "failures": conn.execute(select(func.count()).select_from(t.failures)).scalar_one(),
        }


def _check_consistent(store: Store) -> None:
    """The merge left no half: every mention in an existing event, every source of one, counts that add up."""
    em, e, es = t.event_mentions.c, t.events.c, t.event_sources.c
    with store.engine.connect() as conn:
        event_ids = set(conn.execute(select(e.id)).scalars())
        mention_events = list(conn.execute(select(em.event_id)).scalars())
        assert mention_events and set(mention_events) == event_ids, "every mention in one existing event"
        n_mentions = conn.execute(select(func.sum(e.n_mentions))).scalar_one()
        assert n_mentions == len(mention_events)
        assert set(conn.execute(select(es.event_id)).scalars()) == event_ids
        assert conn.execute(select(func.sum(e.n_documents))).scalar_one() == conn.execute(
            select(func.count()).select_from(t.event_sources)).scalar_one()


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What one run ingesting every distinct article, one after another, leaves."""
    tmp = tmp_path_factory.mktemp("serial")
    store = open_store(str(tmp / "serial.db"))
    try:
        summary = ingest(store, iter_items([_write_jsonl(tmp / "all.jsonl", ARTICLES)], max_bytes=10**6), FakeAnalyzer)
        assert (summary.added, summary.duplicates, summary.failed) == (len(ARTICLES), 0, [])
        return _outcome(store)
    finally:
        store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "shared.db")
    return str(request.getfixturevalue("postgres_url"))


def _assert_like_serial(db: str, paths: list[str], results: list[dict[str, Any]], serial: dict[str, Any]) -> None:
    errors = [r["error"] for r in results if "error" in r]
    assert not errors, errors[0]
    assert len(results) == len(paths)
    n_items = sum(len(Path(p).read_text(encoding="utf-8").splitlines()) for p in paths)
    assert max(r["started"] for r in results) < min(r["ended"] for r in results), "the runs must overlap"
    assert [r["failed"] for r in results] == [[]] * len(results)
    assert sum(r["added"] for r in results) == len(ARTICLES), "each distinct article added by exactly one run"
    assert sum(r["added"] + r["duplicates"] for r in results) == n_items
    # the four articles every run had: stored once, the other runs counted them as duplicates
    assert sum(r["duplicates"] for r in results) == 4 * (len(paths) - 1)
    store = open_store(db)
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(select(t.documents.c.id, t.documents.c.seq, t.documents.c.text)).all()
        assert sorted(r.seq for r in rows) == list(range(1, len(ARTICLES) + 1)), "seqs unique, gapless"
        assert sorted(r.id for r in rows) == sorted(content_hash(text) for text, _ in ARTICLES)
        _check_consistent(store)
        got = _outcome(store)
        assert len(got["events"]) == len(serial["events"])
        assert got == serial
    finally:
        store.close()


def test_two_ingest_processes_at_once_store_what_one_serial_ingest_stores(
    db: str, tmp_path: Path, serial: dict[str, Any]
) -> None:
    """Two processes, as two shells running `dateline ingest` (each spends seconds importing
    spaCy, so more run as threads below), on a store neither has created yet."""
    paths = _inputs(tmp_path, 2)
    _assert_like_serial(db, paths, _in_processes(db, paths), serial)


@pytest.mark.parametrize("runs", [2, 4])
def test_ingest_threads_at_once_store_what_one_serial_ingest_stores(
    db: str, tmp_path: Path, serial: dict[str, Any], runs: int
) -> None:
    paths = _inputs(tmp_path, runs)
    _assert_like_serial(db, paths, _in_threads(db, paths), serial)


def test_merges_at_once_leave_what_one_merge_leaves(db: str) -> None:
    store = open_store(db)
    try:
        fill_store(store, 60, seed=3)

        def dump() -> dict[str, list[tuple[Any, ...]]]:
            with store.engine.connect() as conn:
                return {table.name: sorted(map(tuple, conn.execute(select(table)).all()), key=repr)
                        for table in (t.events, t.event_sources, t.claim_links, t.event_mentions, t.entities)}

        once = dump()
        barrier = threading.Barrier(4)
        errors: list[str] = []

        def merge() -> None:
            other = open_store(db)
            try:
                barrier.wait(timeout=60)
                merge_events(other)
            except BaseException:
                errors.append(traceback.format_exc())
            finally:
                other.close()

        threads = [threading.Thread(target=merge) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors[0]
        assert dump() == once
        _check_consistent(store)
    finally:
        store.close()


def test_a_writer_waits_for_the_one_holding_the_lock_and_then_sees_its_rows(db: str) -> None:
    first, second = open_store(db), open_store(db)
    try:
        holding, order = threading.Event(), []

        def hold() -> None:
            with write_transaction(first.engine) as conn:
                conn.execute(t.failures.insert(), [{"locator": "a", "code": "E001", "error": "first"}])
                holding.set()
                time.sleep(0.5)
                order.append("first commits")

        thread = threading.Thread(target=hold)
        thread.start()
        assert holding.wait(timeout=30)
        with write_transaction(second.engine) as conn:
            order.append("second in")
            seen = conn.execute(select(t.failures.c.locator)).scalars().all()
            conn.execute(t.failures.insert(), [{"locator": "b", "code": "E001", "error": "second"}])
        thread.join(timeout=30)
        assert order == ["first commits", "second in"]
        assert seen == ["a"]
        with first.engine.connect() as conn:
            assert sorted(conn.execute(select(t.failures.c.locator)).scalars()) == ["a", "b"]
    finally:
        first.close()
        second.close()
