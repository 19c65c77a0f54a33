"""`dateline timeline --entity NAME`: one entity's events in time order, from real sentences run
through the pipeline and ingested into a temporary SQLite store; `--format semeval` writes the
SemEval-2015 task 4 timeline file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dateline import cli
from dateline.eval.timeline import read_timeline

pytestmark = pytest.mark.model

ARTICLES = [
    {"text": "Apple CEO Steve Jobs unveiled the iPhone 4 in San Francisco on Monday. Jobs praised the new phone. "
             "The iPhone 3GS will be sold for $99.", "published": "2010-06-08", "source": "Wikinews"},
    {"text": "Steve Jobs said on Monday that he would take a medical leave from Apple. "
             "He underwent a liver transplant in 2009.", "published": "2011-01-18", "source": "Wire"},
    {"text": "Apple launched the iPhone 3G on Monday. Customers bought the iPhone 3G in long queues.",
     "published": "2008-06-10", "source": "Wire"},
    {"text": "The International Atomic Energy Agency inspected the Bushehr plant on Monday. "
             "Iran criticised the IAEA on Tuesday.", "published": "2010-08-25", "source": "Wire"},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, analyzer: Any) -> str:
    from dateline.corpus.ingest import ingest
    from dateline.corpus.sources import iter_items
    from dateline.store.db import open_store

    folder = tmp_path_factory.mktemp("entity_timeline")
    dump = folder / "articles.jsonl"
    dump.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    path = str(folder / "store.db")
    store = open_store(path)
    summary = ingest(store, iter_items([str(dump)], max_bytes=10**6), lambda: analyzer)
    store.close()
    assert summary.added == len(ARTICLES) and not summary.failed
    return path


def _timeline(db: str, name: str, **filters: Any) -> list[dict[str, Any]]:
    from dateline.store.db import open_store
    from dateline.store.queries import EventFilter, entity_timeline

    store = open_store(db)
    try:
        return entity_timeline(store, name, EventFilter(**filters))
    finally:
        store.close()


def _by_trigger(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {m["trigger"]: r for r in rows for m in r["mentions"]}


def test_a_persons_events_in_time_order_with_same_day_ones_grouped(db: str) -> None:
    rows = _timeline(db, "Steve Jobs")
    events = _by_trigger(rows)
    assert {"unveiled", "praised", "said", "underwent"} <= set(events)
    assert "launched" not in events and "inspected" not in events
    underwent, unveiled, praised, said = (events[w] for w in ("underwent", "unveiled", "praised", "said"))
    assert (underwent["date"], unveiled["date"], said["date"]) == ("2009", "2010-06-07", "2011-01-17")
    assert 0 < underwent["order"] < unveiled["order"] == praised["order"] < said["order"]
    assert unveiled["roles"] == ["actor"] and underwent["roles"] == ["actor"]  # "He underwent": the pronoun
    assert unveiled["sources"] == 1 and "unveiled the iPhone 4" in unveiled["evidence"]
    dated = [r["order"] for r in rows if r["order"]]
    assert dated == sorted(dated)  # undated (order 0) last, the rest by date
    assert [r["id"] for r in _timeline(db, "Jobs")] == [r["id"] for r in rows]  # the surname alone


def test_products_take_part_through_argument_text_and_longer_names_stay_apart(db: str) -> None:
    iphone_3g = _by_trigger(_timeline(db, "iPhone 3G"))
    assert {"launched", "bought"} <= set(iphone_3g)
    assert "sold" not in iphone_3g and "unveiled" not in iphone_3g  # the iPhone 3GS and the iPhone 4 are others
    iphone_4 = _by_trigger(_timeline(db, "the iPhone 4"))
    assert "unveiled" in iphone_4 and "target" in iphone_4["unveiled"]["roles"]  # "the iPhone 4": no entity
    assert "launched" not in iphone_4 and "sold" not in iphone_4


def test_an_acronym_finds_the_spelled_out_name_and_back(db: str) -> None:
    short = _by_trigger(_timeline(db, "IAEA"))
    assert {"inspected", "criticised"} <= set(short)
    assert "target" in short["criticised"]["roles"] and "actor" in short["inspected"]["roles"]
    long = _by_trigger(_timeline(db, "International Atomic Energy Agency"))
    assert {"inspected", "criticised"} <= set(long)


def test_filters_narrow_the_entity_timeline(db: str) -> None:
    since = _by_trigger(_timeline(db, "Steve Jobs", since="2010-01-01"))
    assert "underwent" not in since and "said" in since
    coded = _timeline(db, "Steve Jobs", coded=True)
    assert coded and all(r["type"] for r in coded)
    assert len(_timeline(db, "Steve Jobs", limit=2)) == 2


def test_cli_semeval_format_is_the_tasks_timeline_file(db: str, tmp_path: Path, capsys) -> None:
    from dateline.store.db import open_store
    from dateline.store.queries import document_row

    out = tmp_path / "steve_jobs.txt"
    assert cli.main(["timeline", "--entity", "Steve Jobs", "--format", "semeval", "--output", str(out),
                     "--db", db]) == 0
    timeline = read_timeline(out)
    assert timeline.entity == "Steve Jobs" and timeline.entries
    orders = [e.order for e in timeline.entries]
    assert orders == sorted(orders)  # undated (0) first, as the task writes them
    store = open_store(db)
    try:
        for entry in timeline.entries:
            assert entry.date == "XXXX-XX-XX" if entry.order == 0 else entry.date[:4].isdigit()
            for mention in entry.mentions:  # DOCID-OFFSET-WORD: the word is at that offset of that document
                doc_id, offset, word = mention.split("-", 2)
                text = document_row(store, doc_id)["text"]  # type: ignore[index]
                assert text[int(offset):].lower().startswith(word.replace("_", " ")), mention
    finally:
        store.close()
    by_word = {m.rsplit("-", 1)[1]: e for e in timeline.entries for m in e.mentions}
    assert by_word["underwent"].order < by_word["unveiled"].order == by_word["praised"].order
    assert by_word["unveiled"].date == "2010-06-07"


def test_cli_table_and_a_semeval_file_needs_an_entity(db: str, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert cli.main(["timeline", "--entity", "Steve Jobs", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Steve Jobs:" in out and "order" in out and "2010-06-07" in out and "underwent" in out
    assert cli.main(["timeline", "--format", "semeval", "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.strip().startswith("dateline: ") and "--entity" in err and len(err.strip().splitlines()) == 1
