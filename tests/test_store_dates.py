"""The store as other tools read it (migration 0006): DATE columns and precision beside the TIMEX3 values,
foreign keys, the `events_flat` view, the compressed record, a store of 0005 upgraded in place, one
document id in `analyze` and in the store; on SQLite and (when reachable) PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
import warnings
import zlib
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from dateline.corpus.fake import FakeAnalyzer
from dateline.corpus.ingest import ingest
from dateline.corpus.sources import iter_items
from dateline.export.table import event_table
from dateline.model import Document
from dateline.store import open_store
from dateline.store import tables as t
from dateline.store.dates import date_columns
from dateline.store.db import database_url, upgrade_schema
from dateline.store.queries import document_row, event_rows

ARTICLES = [
    {"text": "Rebels attacked Army Forces in Aleppo on 2024-12-01, killing 12 people.", "source": "AP",
     "url": "https://ap.example/1", "published": "2024-12-02", "title": "Rebels attack Aleppo"},
    {"text": "Rebels attacked Army Forces in Aleppo on 2024-12-01, killing 15 people. Witnesses spoke of chaos.",
     "source": "Observer", "published": "2024-12-02", "title": "Chaos in Aleppo"},
    {"text": "Militia shelled Army Forces in Homs on 2024-12-03. Separately, Turkey met Russia in Damascus.",
     "source": "Gazette", "published": "2024-12-04"},
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        yield str(tmp_path / "dateline.db")
        return
    yield request.getfixturevalue("postgres_url")


def _dump(path: Path, rows: list[dict[str, str]] = ARTICLES) -> str:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def _ingested(db: str, tmp_path: Path):
    store = open_store(db)
    ingest(store, iter_items([_dump(tmp_path / "a.jsonl")], max_bytes=10**6), FakeAnalyzer)
    return store


# --- the DATE columns and the precision -------------------------------------------------------------


@pytest.mark.parametrize(("value", "earliest", "latest", "expected"), [
    ("2024-12-05", "2024-12-05", "2024-12-05", (date(2024, 12, 5), date(2024, 12, 5), "day")),
    ("2024-12-05T10:00", "2024-12-05", "2024-12-05", (date(2024, 12, 5), date(2024, 12, 5), "day")),
    ("2024-W49", "2024-12-02", "2024-12-08", (date(2024, 12, 2), date(2024, 12, 8), "week")),
    ("2024-12", None, None, (date(2024, 12, 1), date(2024, 12, 31), "month")),
    ("2024-Q4", "2024-10-01", "2024-12-31", (date(2024, 10, 1), date(2024, 12, 31), "quarter")),
    ("2024", None, None, (date(2024, 1, 1), date(2024, 12, 31), "year")),
    (None, "2024-12-01", "2024-12-03", (date(2024, 12, 1), date(2024, 12, 3), "interval")),
    ("PAST_REF", None, None, (None, None, "none")),
    (None, None, None, (None, None, "none")),
])
def test_a_timex_value_gets_its_first_and_last_day_and_precision(value, earliest, latest, expected) -> None:
    got = date_columns(value, earliest, latest)
    assert (got["date_earliest"], got["date_latest"], got["date_precision"]) == expected


@given(st.one_of(st.none(), st.text(max_size=14)), st.one_of(st.none(), st.dates().map(date.isoformat)),
       st.one_of(st.none(), st.dates().map(date.isoformat)))
def test_date_columns_never_fail_and_never_run_backwards(value, earliest, latest) -> None:
    got = date_columns(value, earliest, latest)
    if got["date_earliest"] and got["date_latest"]:
        assert got["date_earliest"] <= got["date_latest"]
    if earliest and not got["date_earliest"]:
        pytest.fail(f"a calendar day {earliest!r} gave no first day")


def test_stored_rows_have_real_dates_and_the_event_tables_precision(db: str, tmp_path: Path) -> None:
    store = _ingested(db, tmp_path)
    try:
        columns = {c["name"]: c for c in inspect(store.engine).get_columns("events")}
        assert columns["date_earliest"]["type"].python_type is date
        with store.engine.connect() as conn:
            if store.dialect == "postgresql":
                kinds = set(conn.execute(text(
                    "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() "
                    "AND column_name IN ('date_earliest', 'date_latest')")).scalars())
                assert kinds == {"date"}
            mentions = conn.execute(select(t.event_mentions.c.trigger, t.event_mentions.c.when_value,
                                           t.event_mentions.c.date_earliest, t.event_mentions.c.date_precision)
                                    .where(t.event_mentions.c.trigger == "shelled")).all()
            assert mentions == [("shelled", "2024-12-03", date(2024, 12, 3), "day")]
            stored = {r.id: r for r in conn.execute(select(t.events))}
        exported = {r["event_id"]: r for r in event_table(store)}
        assert exported and set(exported) == set(stored)
        for event_id, row in exported.items():
            assert stored[event_id].date_precision == row["date_precision"]
            if row["earliest"]:
                assert stored[event_id].date_earliest.isoformat() == row["earliest"]
    finally:
        store.close()


# --- foreign keys -----------------------------------------------------------------------------------


def test_a_row_naming_no_row_is_refused_and_the_merge_still_rebuilds(db: str, tmp_path: Path) -> None:
    store = _ingested(db, tmp_path)
    try:
        if store.dialect == "sqlite":
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with store.engine.connect() as conn:
            doc_id, local_id = conn.execute(select(t.event_mentions.c.doc_id, t.event_mentions.c.local_id)).first()
        with pytest.raises(IntegrityError), store.engine.begin() as conn:  # deferred: refused at commit
            conn.execute(t.event_mentions.update().where(t.event_mentions.c.doc_id == doc_id,
                                                         t.event_mentions.c.local_id == local_id)
                         .values(event_id="ev:no-such-event"))
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(insert(t.event_mentions).values(
                doc_id="sha256:no-such-document", local_id="v1", trigger="x", start=0, end=1, negated=False))
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(t.events.update().values(place_id="place:nowhere"))
        before = sorted(e["id"] for e in event_rows(store))
        more = [{"text": "Militia shelled Army Forces in Homs on 2024-12-03.", "source": "Wire"}]
        ingest(store, iter_items([_dump(tmp_path / "b.jsonl", more)], max_bytes=10**6), FakeAnalyzer)
        assert sorted(e["id"] for e in event_rows(store)) == before  # merged into the Homs event
        with store.engine.connect() as conn:
            assert conn.execute(select(t.events.c.n_documents).where(t.events.c.label.like("%shelled%"))
                                ).scalar() == 2
    finally:
        store.close()


def test_the_migrations_make_the_schema_tables_py_declares(db: str) -> None:
    store = open_store(db)
    try:
        with store.engine.connect() as conn, warnings.catch_warnings():
            # SQLAlchemy does not reflect an expression index (0004's listing order); it says so
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
            warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index")
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), t.metadata)
        # full-text search is SQL of the migrations, not of tables.py: SQLite's FTS5 table and its shadow
        # tables, PostgreSQL's GIN index
        search = [d for d in diff if d[0] in ("remove_table", "remove_index") and d[1].name.startswith(
            ("documents_fts", "ix_documents_fts"))]
        assert [d for d in diff if d not in search] == []
    finally:
        store.close()


# --- the view ---------------------------------------------------------------------------------------


def test_events_flat_has_one_row_per_event_with_names_dates_and_the_first_article(db: str, tmp_path: Path) -> None:
    store = _ingested(db, tmp_path)
    try:
        with store.engine.connect() as conn:
            rows = {r.event_id: r._mapping for r in conn.execute(text("SELECT * FROM events_flat"))}
            n_events = conn.execute(select(t.events.c.id)).all()
        assert len(rows) == len(n_events)
        aleppo = next(r for r in rows.values() if r["place"] == "Aleppo" and r["type"] == "ASSAULT")
        assert (aleppo["actors"], aleppo["targets"]) == ("Rebels", "Army Forces")
        assert (aleppo["title"], aleppo["url"], aleppo["outlet"], aleppo["published"]) == (
            "Rebels attack Aleppo", "https://ap.example/1", "AP", "2024-12-02")  # the first ingested article
        assert (aleppo["n_sources"], aleppo["n_articles"], aleppo["n_mentions"]) == (2, 2, 2)
        assert str(aleppo["earliest"]) == "2024-12-01" and aleppo["date_precision"] == "day"
        assert aleppo["certainty"] == "asserted" and aleppo["evidence"].startswith("Rebels attacked Army Forces")
        consult = next(r for r in rows.values() if r["type"] == "CONSULT")
        assert (consult["actors"], consult["targets"], consult["outlet"]) == ("Turkey", "Russia", "Gazette")
        assert consult["earliest"] is None and consult["date_precision"] in ("none", "day")
    finally:
        store.close()


# --- the record, compressed ------------------------------------------------------------------------


def test_the_record_is_stored_compressed_without_the_text_and_read_back_whole(tmp_path: Path) -> None:
    store = _ingested(str(tmp_path / "z.db"), tmp_path)
    try:
        with store.engine.connect() as conn:
            doc_id, text_, packed = conn.execute(select(t.documents.c.id, t.documents.c.text,
                                                        t.documents.c.record_z)).first()
        assert text_ not in zlib.decompress(packed).decode("utf-8")
        record = document_row(store, doc_id)["record"]
        assert record["document"]["text"] == text_ and record["document"]["id"] == doc_id
        assert record["events"] and record["events"][0]["trigger"]["text"] in text_
    finally:
        store.close()


# --- a store of revision 0005 upgraded in place -----------------------------------------------------


def _record_json(text_: str, published: str) -> tuple[str, str]:
    from dateline.document_id import content_hash

    document = Document(id=content_hash(text_), text=text_, published=published)
    return document.id, FakeAnalyzer().analyze_document(document).to_json(indent=None)


def test_a_store_at_0005_gets_its_dates_record_search_and_view_on_upgrade(db: str) -> None:
    engine = create_engine(database_url(db))
    upgrade_schema(engine, "0005")
    sentence = "Rebels attacked Army Forces in Aleppo on 2024-12-01."
    doc_id, record_json = _record_json(sentence, "2024-12-02")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO documents (id, seq, locator, title, text, dup_of, record_json) "
                          "VALUES (:d, 1, 'old.txt', 'Old news', :s, 'sha256:gone', :r)"),
                     {"d": doc_id, "s": sentence, "r": record_json})
        mention = ('INSERT INTO event_mentions (doc_id, local_id, type, "trigger", start, "end", sentence, '
                   "when_value, when_earliest, when_latest, when_basis, negated, actors, targets, places, quantities, "
                   "event_id) VALUES (:d, :l, 'ASSAULT', 'attacked', 7, 15, :s, :v, :e, :la, 'explicit', :no, '[]', "
                   "'[]', '[]', '[]', :ev)")
        conn.execute(text(mention), {"d": doc_id, "l": "v1", "s": sentence, "v": "2024-12-01", "e": "2024-12-01",
                                     "la": "2024-12-01", "no": False, "ev": "ev:old"})
        conn.execute(text(mention), {"d": doc_id, "l": "v2", "s": sentence, "v": "2024-W49", "e": "2024-12-02",
                                     "la": "2024-12-08", "no": False, "ev": "ev:vanished"})
        conn.execute(text("INSERT INTO events (id, type, label, when_value, when_earliest, when_latest, n_mentions, "
                          "n_documents, corroboration, contradicted) VALUES ('ev:old', 'ASSAULT', 'Rebels attacked', "
                          "'2024-12', '2024-12-01', '2024-12-31', 1, 1, 1, :no)"), {"no": False})
    engine.dispose()

    store = open_store(db)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0006"
            rows = {r.local_id: r for r in conn.execute(select(t.event_mentions))}
            assert (rows["v1"].date_earliest, rows["v1"].date_latest, rows["v1"].date_precision) == (
                date(2024, 12, 1), date(2024, 12, 1), "day")
            assert (rows["v2"].date_earliest, rows["v2"].date_latest, rows["v2"].date_precision) == (
                date(2024, 12, 2), date(2024, 12, 8), "week")
            assert rows["v1"].event_id == "ev:old" and rows["v2"].event_id is None  # named no event: cleared
            event = conn.execute(select(t.events)).one()
            assert (event.date_earliest, event.date_latest, event.date_precision) == (
                date(2024, 12, 1), date(2024, 12, 31), "month")
            document = conn.execute(select(t.documents)).one()
            assert document.dup_of is None  # named no stored document: cleared
            assert "record_json" not in {c["name"] for c in inspect(conn).get_columns("documents")}
            flat = conn.execute(text("SELECT event_id, title, evidence FROM events_flat")).one()
            assert tuple(flat) == ("ev:old", "Old news", sentence)
        assert document_row(store, doc_id)["record"] == json.loads(record_json)
        if store.dialect == "sqlite":
            con = sqlite3.connect(db)
            assert con.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'Aleppo'").fetchall()
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
            con.close()
    finally:
        store.close()


def test_downgrading_0006_gives_back_the_record_json(tmp_path: Path) -> None:
    db = str(tmp_path / "down.db")
    store = _ingested(db, tmp_path)
    with store.engine.connect() as conn:
        ids = list(conn.execute(select(t.documents.c.id)).scalars())
    before = {doc_id: document_row(store, doc_id)["record"] for doc_id in ids}
    store.close()
    from alembic import command
    from alembic.config import Config

    from dateline.store.db import _MIGRATIONS, write_transaction

    engine = create_engine(database_url(db))
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with write_transaction(engine, foreign_keys=False) as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
    con = sqlite3.connect(db)
    after = {d: json.loads(r) for d, r in con.execute("SELECT id, record_json FROM documents")}
    assert after == before
    assert con.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'Homs'").fetchone()[0] == 1
    con.close()
    engine.dispose()


# --- one document id --------------------------------------------------------------------------------


def test_analyze_and_ingest_give_an_article_the_same_id(tmp_path: Path) -> None:
    from dateline.analyzer import make_document
    from dateline.pipeline.read import read_source, to_document

    article = tmp_path / "story.txt"
    article.write_text("Rebels attacked Army Forces in Aleppo on 2024-12-01.\n\nWitnesses  spoke.\n", encoding="utf-8")
    page = tmp_path / "story.html"
    page.write_text("<html><head><title>T</title></head><body><article><p>" + " ".join(
        ["Rebels attacked Army Forces in Aleppo on 2024-12-01, witnesses said on Monday morning."] * 3)
        + "</p></article></body></html>", encoding="utf-8")
    store = open_store(str(tmp_path / "ids.db"))
    try:
        ingest(store, iter_items([str(article), str(page)], max_bytes=10**6), FakeAnalyzer)
        with store.engine.connect() as conn:
            stored = dict(conn.execute(select(t.documents.c.locator, t.documents.c.id)).all())
    finally:
        store.close()
    for path in (article, page):
        analysed = to_document(read_source(str(path), 10**6))  # what `dateline analyze FILE` reads
        assert analysed.id == stored[str(path)]
    assert make_document(article.read_text(encoding="utf-8")).id == stored[str(article)]
