"""A parallel ingest leaves the store a single-process ingest leaves: worker processes, a Dask
LocalCluster of separate processes, shards loaded later; stdin, `--published`, Ctrl-C, the export.

The `model` tests run the real pipeline on six short news articles (a near-copy and an exact
copy among them, so the near-duplicate and duplicate paths run too); the others use the fake
analyzer, whose records are made in microseconds, to test the machinery itself.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from dateline.analyzer import Analyzer
from dateline.corpus.fake import FakeAnalyzer
from dateline.corpus.ingest import ingest
from dateline.corpus.shards import load_shards, shard_paths, write_shard
from dateline.corpus.sources import iter_items
from dateline.corpus.workers import AnalyzerSpec, InProcessAnalysis, Outcome, ProcessAnalysis, analyse_batch
from dateline.errors import ShardError
from dateline.model import Document, Record
from dateline.store import open_store

ARTICLES = {
    "a1.txt": "Rebels captured the town of Saraqib on Monday, the army said. Government forces shelled the town "
              "the next day, according to residents. At least 12 people were killed in the shelling.",
    "a2.txt": "Syrian government forces shelled Saraqib on Tuesday, killing 12 people, residents told Reuters. "
              "The rebels had taken the town a day earlier.",
    "a3.txt": "Protesters marched through central Kyiv on Sunday to demand the release of prisoners of war. "
              "Police said about 2,000 people took part.",
    "a4.txt": "The foreign ministers of France and Germany met in Berlin on Thursday to discuss aid to Ukraine. "
              "They agreed to send more air defence systems, the German ministry said.",
    "a5.txt": "A car bomb exploded near a market in Mogadishu on Friday, killing at least eight people, police "
              "said. Al-Shabaab claimed responsibility for the attack.",
    # a syndicated copy of a1 with the wire's line added: a near-duplicate
    "a6.txt": "Rebels captured the town of Saraqib on Monday, the army said. Government forces shelled the town "
              "the next day, according to residents. At least 12 people were killed in the shelling. (AFP)",
}
PUBLISHED = "2024-12-02"
CMD = [sys.executable, "-m", "dateline.cli"]
ENV = {**os.environ, "COLUMNS": "120"}


def _dump(db: Path) -> dict[str, list[str]]:
    """Every table's rows, sorted (ids are content hashes, so two runs can be compared row for row)."""
    con = sqlite3.connect(db)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                                         "'documents_fts%' AND name NOT LIKE 'sqlite_%'")]
    out = {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}"))) for t in tables}
    con.close()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The six articles as files, then a JSONL dump repeating the first (an exact duplicate) and a bad line."""
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    (folder / "z.jsonl").write_text(json.dumps({"text": ARTICLES["a1.txt"] + "\n"}) + "\nnot json\n",
                                    encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def serial_store(corpus: Path, analyzer: Analyzer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "serial.db"
    store = open_store(str(db))
    summary = ingest(store, iter_items([str(corpus)], max_bytes=10**6), lambda: analyzer, published=PUBLISHED)
    store.close()
    assert (summary.added, summary.duplicates, summary.near_duplicates, len(summary.failed)) == (6, 1, 1, 1)
    assert summary.merge is not None and summary.merge.events > 0
    return db


@pytest.mark.model
def test_two_worker_processes_give_the_store_of_one_process(corpus: Path, serial_store: Path,
                                                            tmp_path: Path) -> None:
    db = tmp_path / "parallel.db"
    store = open_store(str(db))
    with ProcessAnalysis(AnalyzerSpec(), 2) as pool:
        summary = ingest(store, iter_items([str(corpus)], max_bytes=10**6), AnalyzerSpec().make, analysis=pool,
                         published=PUBLISHED, batch_size=2)  # three batches in flight over two workers
    store.close()
    assert (summary.added, summary.duplicates, summary.near_duplicates, len(summary.failed)) == (6, 1, 1, 1)
    parallel, serial = _dump(db), _dump(serial_store)
    for table in ("documents", "event_mentions", "events", "event_sources", "entities", "failures"):
        assert parallel[table] == serial[table], table
    assert parallel == serial


@pytest.mark.model
def test_dask_local_cluster_shards_then_load_give_the_same_store(corpus: Path, serial_store: Path,
                                                                 tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from dateline.corpus.dask_ingest import dask_ingest

    db, shards = tmp_path / "dask.db", tmp_path / "shards"
    store = open_store(str(db))
    summary, run = dask_ingest(store, iter_items([str(corpus)], max_bytes=10**6), AnalyzerSpec(), "local:2",
                               shards, partition_size=2, load=False, published=PUBLISHED)
    assert (run.written, run.reused, run.analysed, summary.added) == (3, 0, 6, 0)  # three shards, none stored
    loaded = load_shards(store, shard_paths([str(shards)]))
    again = load_shards(store, shard_paths([str(shards)]))  # idempotent: nothing added twice
    store.close()
    assert (loaded.added, loaded.near_duplicates, again.added, again.duplicates) == (6, 1, 0, 6)
    assert _dump(db) == _dump(serial_store)


def _fake_dump(folder: Path, n: int) -> Path:
    lines = [json.dumps({"text": f"Alpha Brigade attacked Bravo Front in Aleppo on 2024-12-{1 + i % 20:02d}. "
                                 f"Report {i} from the front with details {i * 7}.", "source": f"S{i % 5}"})
             for i in range(n)]
    lines.insert(7, "broken line")
    dump = folder / "dump.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dump


class _BreaksOn(FakeAnalyzer):
    """The fake, raising on any article that contains "Report 13 " (an analyzer bug on one article)."""

    def analyze_documents(self, documents: object) -> Iterator[Record]:
        for record in super().analyze_documents(documents):  # type: ignore[arg-type]
            if "Report 13 " in record.document.text:
                raise ValueError("boom")
            yield record


def test_pipelined_loop_stores_what_the_serial_loop_stores(tmp_path: Path) -> None:
    """The parent's loop (read ahead, analyse elsewhere, store in input order) against the serial loop,
    with a broken JSON line and an article that breaks the analyzer: same rows, same failures."""
    dump = _fake_dump(tmp_path, 60)
    stores = {}
    for name, analysis in (("serial", None), ("pipelined", InProcessAnalysis(_BreaksOn()))):
        db = tmp_path / f"{name}.db"
        store = open_store(str(db))
        summary = ingest(store, iter_items([str(dump)], max_bytes=10**6), _BreaksOn, analysis=analysis,
                         batch_size=4)
        store.close()
        assert (summary.added, len(summary.failed)) == (59, 2), name
        assert any("ValueError: boom" in reason for _, reason in summary.failed)
        stores[name] = _dump(db)
    assert stores["serial"] == stores["pipelined"]


class _SkewedAnalysis(InProcessAnalysis):
    """Outcomes as a worker of another dateline version would send them: one record carries a
    field this process's model does not know."""

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[Outcome]]:
        for outcomes in super().map(batches):
            out = []
            for record_json, error in outcomes:
                if record_json is not None and "Report 5 " in record_json:
                    data = json.loads(record_json)
                    data["entities"] = [{**e, "mentions": [{**m, "role": "metonymic"} for m in e["mentions"]]}
                                        for e in data["entities"]]
                    data["places"].append({"id": "p9", "name": "X", "unknown_field": 1, "mentions": []})
                    record_json = json.dumps(data)
                out.append((record_json, error))
            yield out


def test_a_record_this_process_refuses_fails_its_article_and_the_run_goes_on(tmp_path: Path) -> None:
    dump = _fake_dump(tmp_path, 12)
    store = open_store(str(tmp_path / "skew.db"))
    summary = ingest(store, iter_items([str(dump)], max_bytes=10**6), FakeAnalyzer,
                     analysis=_SkewedAnalysis(FakeAnalyzer()), batch_size=4)
    store.close()
    skewed = [(locator, reason) for locator, reason in summary.failed if "[E060]" in reason]
    assert len(skewed) == 1 and "another dateline version" in skewed[0][1], summary.failed
    assert summary.added == 12 - 1 and summary.merge is not None  # the broken JSON line is the other failure


def test_analyse_batch_isolates_the_article_that_breaks_the_batch() -> None:
    documents = [Document(id=f"d{i}", text=f"Alpha Brigade attacked Bravo Front. Report {i} here.")
                 for i in (12, 13, 14)]
    outcomes = analyse_batch(_BreaksOn(), documents)
    assert [o[0] is not None for o in outcomes] == [True, False, True]
    assert outcomes[1][1] is not None and outcomes[1][1][1] == "ValueError: boom"
    assert Record.model_validate_json(outcomes[0][0] or "").document.id == "d12"


def test_ctrl_c_stops_the_workers_and_a_rerun_completes_the_store(tmp_path: Path) -> None:
    dump = _fake_dump(tmp_path, 3_000)
    clean, stopped = tmp_path / "clean.db", tmp_path / "stopped.db"
    subprocess.run([*CMD, "ingest", str(dump), "--fake-analyzer", "--workers", "1", "--db", str(clean)],
                   capture_output=True, env=ENV, timeout=300, check=False)
    cmd = [*CMD, "ingest", str(dump), "--fake-analyzer", "--workers", "2", "--db", str(stopped)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.05)
        try:
            n = sqlite3.connect(stopped).execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:
            continue
        if n >= 40:
            break
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err, err
    partial = sqlite3.connect(stopped).execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 0 < partial < 3_000, "the stop must land mid-run"
    rerun = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert rerun.returncode == 4, rerun.stderr  # the broken line fails, every article is done
    assert _dump(stopped) == _dump(clean)


def _ingest_stdin(data: str, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CMD, "ingest", "-", "--fake-analyzer", "--db", str(db), *extra], input=data,
                          capture_output=True, text=True, env=ENV, timeout=120, check=False)


def _documents(db: Path) -> list[tuple[str, str | None]]:
    con = sqlite3.connect(db)
    rows = con.execute("SELECT locator, published FROM documents ORDER BY seq").fetchall()
    con.close()
    return rows


def test_ingest_reads_stdin_as_jsonl_or_as_one_article(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": f"Alpha Brigade attacked Bravo Front in Homs on 2024-12-0{i}. "
                                        f"Dispatch {i} of the day."}) + "\n" for i in (1, 2)) + "{oops\n"
    done = _ingest_stdin(lines, tmp_path / "jsonl.db")
    assert done.returncode == 4, done.stderr
    assert "<stdin>#L3" in done.stderr and "E007" in done.stderr
    assert [loc for loc, _ in _documents(tmp_path / "jsonl.db")] == ["<stdin>#L1", "<stdin>#L2"]
    one = _ingest_stdin("Alpha Brigade attacked Bravo Front in Homs on 2024-12-03. One article, plain text.\n",
                        tmp_path / "one.db", "--published", "2024-12-04")
    assert one.returncode == 0, one.stderr
    assert _documents(tmp_path / "one.db") == [("<stdin>", "2024-12-04")]


def test_published_dates_only_the_articles_without_a_date(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "undated.txt").write_text("Alpha Brigade attacked Bravo Front in Homs. No date here at "
                                                 "all in this text.\n", encoding="utf-8")
    (tmp_path / "in" / "dated.jsonl").write_text(json.dumps({
        "text": "Cedar Guard shelled Delta Front in Idlib. The line gives its own date.",
        "published": "2024-11-30"}) + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    done = subprocess.run([*CMD, "ingest", str(tmp_path / "in"), "--fake-analyzer", "--published", "2024-12-05",
                           "--db", str(db)], capture_output=True, text=True, env=ENV, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    published = {Path(loc).name: p for loc, p in _documents(db)}
    assert published == {"dated.jsonl#L1": "2024-11-30", "undated.txt": "2024-12-05"}
    bad = subprocess.run([*CMD, "ingest", str(tmp_path / "in"), "--fake-analyzer", "--published", "Dec 5",
                          "--db", str(db)], capture_output=True, text=True, env=ENV, timeout=120, check=False)
    assert bad.returncode == 2 and "--published" in bad.stderr


def _write_fake_shards(tmp_path: Path, n: int) -> Path:
    """Shards as `ingest --dask` workers write them, made here with the fake (no cluster)."""
    from dateline.corpus.ingest import IngestRun
    from dateline.corpus.shards import no_analyzer, rows_of, shard_name
    from dateline.corpus.workers import prepared_batches

    folder = tmp_path / "shards"
    scratch = open_store(str(tmp_path / "scratch.db"))
    run = IngestRun(scratch, no_analyzer, 8)
    position = 0
    for batch in prepared_batches(run, iter_items([str(_fake_dump(tmp_path, n))], max_bytes=10**6), 8, None):
        outcomes = analyse_batch(FakeAnalyzer(), [p.document for p in batch])
        write_shard(folder / shard_name(position, [p.document.id for p in batch]),
                    rows_of(batch, range(position, position + len(batch)), outcomes))
        position += len(batch)
    scratch.close()
    return folder


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "loaded.db")
    return str(request.getfixturevalue("postgres_url"))


def test_load_stores_shards_like_an_ingest_on_sqlite_and_postgresql(tmp_path: Path, db_url: str) -> None:
    folder = _write_fake_shards(tmp_path, 30)
    serial_db = tmp_path / "serial.db"
    serial = open_store(str(serial_db))
    ingest(serial, iter_items([str(tmp_path / "dump.jsonl")], max_bytes=10**6), FakeAnalyzer)
    serial.close()
    store = open_store(db_url)
    first = load_shards(store, shard_paths([str(folder)]))
    second = load_shards(store, shard_paths([str(folder)]))
    from sqlalchemy import select

    from dateline.store import tables as t

    with store.engine.connect() as conn:
        loaded = sorted(conn.execute(select(t.documents.c.id, t.documents.c.seq)).all())
        events = sorted(conn.execute(select(t.events.c.id, t.events.c.n_mentions)).all())
    store.close()
    assert (first.added, second.added, second.duplicates) == (30, 0, 30)
    con = sqlite3.connect(serial_db)
    assert loaded == sorted(con.execute("SELECT id, seq FROM documents").fetchall())
    assert events == sorted(con.execute("SELECT id, n_mentions FROM events").fetchall())
    con.close()


def test_load_refuses_what_is_no_shard(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"x": [1]}), tmp_path / "other.parquet")
    (tmp_path / "junk.parquet").write_bytes(b"not parquet at all")
    store = open_store(str(tmp_path / "s.db"))
    for name, problem in (("other.parquet", "not a dateline record shard"), ("junk.parquet", "not a readable")):
        with pytest.raises(ShardError, match=problem) as caught:
            load_shards(store, [tmp_path / name])
        assert caught.value.code == "E061" and name in str(caught.value)
    store.close()
    with pytest.raises(ShardError, match="no such shard"):
        shard_paths([str(tmp_path / "missing")])


def test_export_parquet_partitions_by_month_and_documents_its_schema(tmp_path: Path) -> None:
    import pyarrow.dataset as ds

    from dateline.corpus.fake import fill_store

    db = tmp_path / "x.db"
    store = open_store(str(db))
    merged = fill_store(store, 40)
    store.close()
    out = tmp_path / "corpus"
    done = subprocess.run([*CMD, "export", "--format", "parquet", "--out", str(out), "--db", str(db)],
                          capture_output=True, text=True, env=ENV, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    events = ds.dataset(out / "events", format="parquet", partitioning="hive").to_table()
    mentions = ds.dataset(out / "mentions", format="parquet", partitioning="hive").to_table()
    articles = ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table()
    assert (events.num_rows, mentions.num_rows) == (merged.events, merged.mentions)
    assert articles.num_rows == sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0]
    for row in events.select(["month", "earliest", "latest"]).to_pylist():  # fake events are dated to the day
        assert row["month"] == row["earliest"].isoformat()[:7] == row["latest"].isoformat()[:7]
    month_of = dict(zip(events.column("event_id").to_pylist(), events.column("month").to_pylist(), strict=True))
    assert all(month_of[e] == m for e, m in zip(mentions.column("event_id").to_pylist(),
                                                mentions.column("month").to_pylist(), strict=True))
    schema = json.loads((out / "schema.json").read_text(encoding="utf-8"))
    for table, data in (("events", events), ("mentions", mentions), ("articles", articles)):
        assert [c["name"] for c in schema["tables"][table]] == [n for n in data.column_names if n != "month"]
    again = subprocess.run([*CMD, "export", "--format", "parquet", "--out", str(out), "--db", str(db)],
                           capture_output=True, text=True, env=ENV, timeout=120, check=False)
    assert again.returncode == 2 and "not an empty folder" in again.stderr


class _Dies(FakeAnalyzer):
    """The fake, whose process dies (as one the kernel kills for memory) on "Report 20 "."""

    def analyze_documents(self, documents: object) -> Iterator[Record]:
        for record in super().analyze_documents(documents):  # type: ignore[arg-type]
            if "Report 20 " in record.document.text:
                os._exit(9)
            yield record


class _DyingSpec(AnalyzerSpec):
    def make(self) -> FakeAnalyzer:
        return _Dies()


def test_a_worker_that_dies_stops_the_run_with_a_coded_error_and_keeps_what_was_stored(tmp_path: Path) -> None:
    from dateline.errors import WorkerError

    store = open_store(str(tmp_path / "w.db"))
    with pytest.raises(WorkerError, match="worker process died") as caught, ProcessAnalysis(_DyingSpec(), 2) as pool:
        ingest(store, iter_items([str(_fake_dump(tmp_path, 60))], max_bytes=10**6), FakeAnalyzer, analysis=pool,
               batch_size=4)
    assert caught.value.code == "E060"
    with store.engine.connect() as conn:
        from sqlalchemy import func, select

        from dateline.store import tables as t

        stored = conn.execute(select(func.count()).select_from(t.documents)).scalar_one()
    store.close()
    assert 0 < stored < 60  # the batches before the one that killed its worker are kept


def test_count_items_knows_files_folders_and_jsonl_lines_only(tmp_path: Path) -> None:
    from dateline.cli_ingest import count_items

    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "f" / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "f" / "d.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n', encoding="utf-8")
    (tmp_path / "feed.rss").write_text("<rss/>", encoding="utf-8")
    assert count_items([str(tmp_path / "f")]) == 3
    assert count_items([str(tmp_path / "f"), str(tmp_path / "feed.rss")]) is None
    assert count_items(["-"]) is None and count_items(["https://example.org/a"]) is None
