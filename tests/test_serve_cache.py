"""serve.cache: the API's read answers are kept while the store is unchanged, and only then.

Over temporary SQLite stores filled by `corpus.fake` (no spaCy); the PostgreSQL revision is
checked where a server answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.corpus.fake import FakeAnalyzer, fill_store
from dateline.corpus.ingest import ingest
from dateline.corpus.sources import iter_items
from dateline.serve import create_app
from dateline.store import open_store
from dateline.store.revision import RevisionWatch

HEADER = "x-dateline-cache"


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "kept.db")
    store = open_store(path)
    fill_store(store, 40, seed=3)
    store.close()
    return path


@pytest.fixture()
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db, make_analyzer=FakeAnalyzer)) as c:
        yield c


def test_a_read_asked_twice_is_answered_from_the_kept_copy(client: TestClient) -> None:
    first = client.get("/api/v1/events", params={"limit": 5})
    second = client.get("/api/v1/events", params={"limit": 5})
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.headers[HEADER], second.headers[HEADER]) == ("miss", "hit")
    assert first.content == second.content
    assert second.headers["content-type"] == first.headers["content-type"]
    # another query string is another answer
    other = client.get("/api/v1/events", params={"limit": 6})
    assert other.headers[HEADER] == "miss" and len(other.json()["events"]) == 6


def test_a_write_by_another_process_drops_the_kept_answers(client: TestClient, db: str, tmp_path: Path) -> None:
    before = client.get("/api/v1/events", params={"limit": 1000}).json()["events"]
    assert client.get("/api/v1/events", params={"limit": 1000}).headers[HEADER] == "hit"
    dump = tmp_path / "more.jsonl"
    dump.write_text(json.dumps({"text": "Zebra Brigade attacked Yak Militia in Aleppo on 2024-05-02.",
                                "published": "2024-05-03"}) + "\n", encoding="utf-8")
    writer = open_store(db)  # another engine and connection pool, as `dateline ingest` in another shell
    try:
        assert ingest(writer, iter_items([str(dump)], max_bytes=10**6), FakeAnalyzer).added == 1
    finally:
        writer.close()
    after = client.get("/api/v1/events", params={"limit": 1000})
    assert after.headers[HEADER] == "miss"
    assert len(after.json()["events"]) > len(before)


def test_a_write_through_the_api_drops_the_kept_answers(client: TestClient) -> None:
    count = len(client.get("/api/v1/entities", params={"limit": 1000}).json()["entities"])
    assert client.get("/api/v1/entities", params={"limit": 1000}).headers[HEADER] == "hit"
    text = "Zebra Brigade attacked Yak Militia in Aleppo on 2024-05-02."
    posted = client.post("/api/v1/articles", json={"articles": [{"text": text, "published": "2024-05-03"}]})
    assert posted.status_code == 200 and posted.json()["added"] == 1, posted.text
    after = client.get("/api/v1/entities", params={"limit": 1000})
    assert after.headers[HEADER] == "miss"
    assert len(after.json()["entities"]) > count


def test_only_successful_reads_are_kept(client: TestClient) -> None:
    for _ in range(2):
        missing = client.get("/api/v1/events/no-such-event")
        assert missing.status_code == 404 and missing.headers[HEADER] == "miss"
        bad = client.get("/api/v1/events", params={"limit": 0})
        assert bad.status_code == 422 and bad.headers[HEADER] == "miss"
    # the pages and the posts are not the cache's
    assert HEADER not in client.get("/").headers
    assert HEADER not in client.post("/api/v1/analyze", json={"text": "Zebra Brigade attacked Yak Militia."}).headers


def test_the_cache_can_be_switched_off(db: str) -> None:
    with TestClient(create_app(db, make_analyzer=FakeAnalyzer, cache=False)) as c:
        assert HEADER not in c.get("/api/v1/events").headers
        assert HEADER not in c.get("/api/v1/events").headers


def test_a_store_with_no_revision_keeps_nothing(tmp_path: Path) -> None:
    memory = open_store("sqlite://")  # in memory: another connection would see another database
    try:
        assert RevisionWatch(memory).current() is None
    finally:
        memory.close()
    store = open_store(str(tmp_path / "r.db"))
    watch = RevisionWatch(store)
    try:
        first = watch.current()
        assert first is not None and watch.current() == first  # reads do not move it
        fill_store(store, 5)
        assert watch.current() not in (None, first)
    finally:
        watch.close()
        store.close()
    assert watch.current() is None  # closed: nothing more to give


@pytest.mark.postgres
def test_the_postgresql_revision_moves_with_a_commit(postgres_url: str) -> None:
    store = open_store(postgres_url)
    watch = RevisionWatch(store)
    try:
        first = watch.current()
        assert first is not None and first.startswith("pg:")
        fill_store(store, 5)
        assert watch.current() not in (None, first)
    finally:
        watch.close()
        store.close()
