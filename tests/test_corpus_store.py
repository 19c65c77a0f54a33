"""Ingest, store, merge and query against a real SQLite file and (when reachable) PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import uuid
from pathlib import Path

import pytest

from dateline.corpus.fake import FakeAnalyzer
from dateline.corpus.ingest import ingest
from dateline.corpus.sources import iter_items
from dateline.store import open_store
from dateline.store.export import write_rows
from dateline.store.queries import EventFilter, entity_rows, event_rows, search_documents, show_event

POSTGRES = os.environ.get("DATELINE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
FILLER = (" Residents said the fighting went on through the night and that many families had left the area "
          "for villages further north, where aid groups were handing out food, blankets and water.")


def _articles() -> list[dict[str, str]]:
    wire = "Rebels attacked Army Forces in Aleppo on 2024-12-01, killing 12 people." + FILLER * 3
    return [
        {"text": wire, "source": "AP", "url": "https://ap.example/1", "published": "2024-12-02"},
        {"text": wire.replace("the night", "the whole night"), "source": "Daily Copy", "url": "https://d.example/1"},
        {"text": "Rebels attacked Army Forces in Aleppo on 2024-12-01, killing 15 people. Witnesses spoke of chaos.",
         "source": "Observer", "published": "2024-12-02"},
        {"text": "Rebels did not attack Army Forces in Aleppo on 2024-12-01. The army spokesman said so.",
         "source": "Army"},
        {"text": "Militia shelled Army Forces in Homs on 2024-12-03. "
                 "Separately, Turkey met Russia in Damascus on 2024-12-05.",
         "source": "Observer"},
        {"text": "Militia shelled Army Forces in Homs on 2024-12-04. That is a day later than others said.",
         "source": "Gazette"},
    ]


def _write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        yield str(tmp_path / "dateline.db")
        return
    psycopg = pytest.importorskip("psycopg")
    plain = POSTGRES.replace("postgresql+psycopg://", "postgresql://")
    try:
        admin = psycopg.connect(plain, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as e:
        pytest.skip(f"no PostgreSQL server at {plain} (set DATELINE_TEST_POSTGRES): {e}")
    schema = f"dateline_test_{uuid.uuid4().hex[:8]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in plain else "?"
    try:
        yield f"{plain}{sep}options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def test_store_ingest_merge_query(db: str, tmp_path: Path) -> None:
    dump = _write_jsonl(tmp_path / "dump.jsonl", _articles())
    store = open_store(db)
    summary = ingest(store, iter_items([str(dump)], max_bytes=10**6), FakeAnalyzer)
    assert (summary.added, summary.duplicates, len(summary.failed)) == (6, 0, 1)
    assert summary.near_duplicates == 1
    assert "invalid JSON" in summary.failed[0][1]

    again = ingest(store, iter_items([str(dump)], max_bytes=10**6), FakeAnalyzer)
    assert (again.added, again.duplicates) == (0, 6)

    events = event_rows(store, EventFilter(place="Aleppo"))
    assert len(events) == 1
    aleppo = events[0]
    assert aleppo["n_documents"] == 4 and aleppo["corroboration"] == 3  # the wire copy counts once
    assert aleppo["when_value"] == "2024-12-01" and aleppo["contradicted"]
    shown = show_event(store, aleppo["id"])
    assert shown is not None
    kinds = {c["kind"] for c in shown["contradictions"]}
    assert kinds == {"assertion", "casualties"}
    assert any("did not attack" in (c["right_evidence"] or "") for c in shown["contradictions"])
    assert {s["independent"] for s in shown["sources"]} == {True, False}

    assert [e["type"] for e in event_rows(store, EventFilter(entity="turkey"))] == ["CONSULT"]
    assert [e["when_value"] for e in event_rows(store, EventFilter(since="2024-12-02", until="2024-12-03"))] == [
        "2024-12-03"]
    homs = event_rows(store, EventFilter(place="Homs"))
    assert len(homs) == 2, "a day apart: not merged, but linked as a date contradiction"
    assert any(show_event(store, e["id"])["contradictions"] for e in homs)

    names = {e["name"]: e for e in entity_rows(store)}
    assert names["Rebels"]["n_documents"] == 4
    assert search_documents(store, "blankets")
    store.close()


def test_store_sqlite_file_reads_without_dateline(tmp_path: Path) -> None:
    dump = _write_jsonl(tmp_path / "dump.jsonl", _articles())
    store = open_store(str(tmp_path / "x.db"))
    ingest(store, iter_items([str(dump)], max_bytes=10**6), FakeAnalyzer)
    store.close()
    con = sqlite3.connect(tmp_path / "x.db")
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "entities", "places", "times", "events", "event_sources", "claims", "claim_links",
            "alembic_version"} <= tables
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'Homs'").fetchone()[0] == 2
    json.loads(con.execute("SELECT actors FROM events LIMIT 1").fetchone()[0])


def test_store_exports(tmp_path: Path) -> None:
    rows = [{"id": "ev:1", "type": "ASSAULT", "actors": ["A", "B"], "lat": 1.0, "lon": 2.0}]
    out = io.StringIO()
    write_rows(rows, "csv", ("id", "type", "actors"), out=out)
    assert list(csv.reader(io.StringIO(out.getvalue())))[1] == ["ev:1", "ASSAULT", "A; B"]
    out = io.StringIO()
    write_rows(rows, "geojson", ("id",), out=out)
    assert json.loads(out.getvalue())["features"][0]["geometry"]["coordinates"] == [2.0, 1.0]
    pq = pytest.importorskip("pyarrow.parquet")
    write_rows(rows, "parquet", ("id", "type", "actors"), path=str(tmp_path / "e.parquet"))
    assert pq.read_table(tmp_path / "e.parquet").to_pylist()[0]["actors"] == "A; B"


def test_store_analyzer_failure_is_recorded_and_run_goes_on(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text("\n".join(json.dumps({"text": t}) for t in (
        "Rebels attacked Army Forces in Aleppo on 2024-12-01.", "FAKE-CRASH here.", "Militia shelled Homs.")),
        encoding="utf-8")
    store = open_store(str(tmp_path / "x.db"))
    summary = ingest(store, iter_items([str(dump)], max_bytes=10**6), FakeAnalyzer)
    assert summary.added == 2 and summary.failed and "RuntimeError" in summary.failed[0][1]


@pytest.mark.model
def test_store_real_pipeline_on_three_articles(tmp_path: Path, analyzer) -> None:
    texts = [
        "Rebel fighters captured the city of Aleppo on Friday, the Syrian Observatory said.",
        "Syrian rebels captured Aleppo on Friday, a war monitor said. Residents fled south.",
        "Russian jets struck rebel positions near Idlib on Saturday, state media reported.",
    ]
    dump = tmp_path / "real.jsonl"
    dump.write_text("\n".join(json.dumps({"text": t, "published": "2024-11-30"}) for t in texts), encoding="utf-8")
    store = open_store(str(tmp_path / "real.db"))
    summary = ingest(store, iter_items([str(dump)], max_bytes=10**6), lambda: analyzer)
    assert summary.added == 3 and not summary.failed
    assert summary.merge is not None and summary.merge.mentions >= 2
    assert event_rows(store) and entity_rows(store)
    store.close()


def test_store_claims_contradicted_by_events_reported_elsewhere(tmp_path: Path, capsys) -> None:
    from dateline.cli import main

    rows = [
        {"text": "Assad said that Russia sent Syria support in Damascus on 2024-12-04.", "source": "SANA",
         "published": "2024-12-04"},
        {"text": "Russia refused Syria support in Damascus on 2024-12-06. Moscow gave no reason.", "source": "Wire",
         "published": "2024-12-06"},
        {"text": "Turkey refused Iran support in Beirut on 2024-12-05.", "source": "Wire"},  # other parties
        {"text": "Russia rejected Syria in Aleppo on 2024-12-05.", "source": "Gazette"},  # no shared topic
        {"text": "Army said that Rebels did not attack Civilians in Homs on 2024-12-07.", "source": "Army"},
        {"text": "Rebels attacked Civilians in Homs on 2024-12-07, killing 3 people.", "source": "Observer"},
        {"text": "Observer said that Militia attacked Villagers in Idlib on 2024-12-08.", "source": "Observer"},
        {"text": "Militia did not attack Villagers in Idlib on 2024-12-08.", "source": "Militia"},
    ]
    dump = tmp_path / "claims.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    store = open_store(db)
    ingest(store, iter_items([str(dump)], max_bytes=10**6), FakeAnalyzer)
    links = {}
    for event in event_rows(store):
        shown = show_event(store, event["id"])
        assert shown is not None
        for c in shown["contradictions"]:
            if c["kind"] == "claim":
                links.setdefault(c["right_value"], []).append((event["type"], c))
    store.close()
    assert sorted(links) == ["did not happen", "happened", "refused"]

    refused = links["refused"]
    assert sorted(kind for kind, _ in refused) == ["AID", "REJECT"], "shown from both events"
    link = refused[0][1]
    assert link["left_evidence"].startswith("Assad said that Russia sent Syria support")
    assert link["right_evidence"].startswith("Russia refused Syria support in Damascus")
    assert "refusal" in link["reason"] and link["left_value"] == "Assad: positive"
    assert {c["right_evidence"] for _, c in links["happened"]} == {
        "Rebels attacked Civilians in Homs on 2024-12-07, killing 3 people."}
    assert {c["right_evidence"] for _, c in links["did not happen"]} == {
        "Militia did not attack Villagers in Idlib on 2024-12-08."}

    reject = next(kind_c[1]["event_id"] for kind_c in refused if kind_c[0] == "REJECT")
    assert main(["show", reject, "--db", db]) == 0
    out = capsys.readouterr().out
    assert "contradiction (claim)" in out and "Assad said that Russia sent Syria support" in out
