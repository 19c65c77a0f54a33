"""`corpus.fake.fill_store`: the synthetic store `benchmarks/serve.py` serves, written through the normal path."""

from __future__ import annotations

from pathlib import Path

from dateline.corpus.fake import fake_articles, fill_store
from dateline.store import open_store
from dateline.store.queries import EventFilter, entity_rows, event_rows


def test_fake_articles_are_deterministic() -> None:
    first = [(d.text, d.published, s) for d, s in fake_articles(50, seed=3)]
    assert first == [(d.text, d.published, s) for d, s in fake_articles(50, seed=3)]
    assert len(first) > 50  # some events are told twice


def test_fill_store_gives_filterable_events(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "fake.db"))
    try:
        summary = fill_store(store, 300)
        rows = event_rows(store)
        assert len(rows) == summary.events
        assert 0.9 * 300 <= summary.events <= 300
        assert summary.multi_source > 0
        assert all(r["when_earliest"] and r["actors"] and r["targets"] for r in rows)
        entity = entity_rows(store, limit=1)[0]["name"]
        some = event_rows(store, EventFilter(entity=entity))
        assert 0 < len(some) < len(rows)
        assert all(entity in r["actors"] + r["targets"] for r in some)
        month = event_rows(store, EventFilter(since="2024-03-01", until="2024-03-31"))
        assert 0 < len(month) < len(rows)
    finally:
        store.close()
