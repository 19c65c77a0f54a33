"""One bad input must not poison a store: after it, a good ingest into the same store still
stores and the merge still runs (issue 22). And a bad `--db` is one coded line, no traceback.

The records come from the fake analyzer (`corpus.fake`), so no spaCy model is loaded.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from dateline import cli
from dateline.corpus import ingest as ingest_module
from dateline.corpus.coref import day_interval
from dateline.corpus.days import FIRST_DAY, LAST_DAY, clamp_day, day_of, month_end, widen
from dateline.corpus.fake import FakeAnalyzer
from dateline.corpus.ingest import IngestSummary, ingest
from dateline.corpus.sources import Article, Failure, iter_items
from dateline.errors import BadStoreUrl, StoreDriverMissing, StoreUnreachable
from dateline.model import Document, EventWhen, Record
from dateline.pipeline.read import RawInput
from dateline.store import open_store
from dateline.store import tables as t
from dateline.store.db import Store, database_url, masked
from dateline.store.merge import merge_events
from dateline.store.queries import EventFilter, event_rows

GOOD = {"text": "Rebels attacked Army Forces in Aleppo on 2024-12-01, killing 12 people. Prices fell.",
        "published": "2024-12-02", "url": "https://a.example/good"}
LATER = {"text": "Militia shelled Army Forces in Homs on 2024-12-03. Shares rose.",
         "published": "2024-12-04", "url": "https://a.example/later"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "poison.db")
        return
    yield request.getfixturevalue("postgres_url")


def _jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _ingest(store: Store, path: str, analyzer: type[FakeAnalyzer] = FakeAnalyzer) -> IngestSummary:
    return ingest(store, iter_items([path], max_bytes=10**6), analyzer)


def _documents(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.documents)).scalar_one())


def _assert_good_ingest_still_works(store: Store, tmp_path: Path) -> None:
    """The poisoned store takes a good article and merges: the Homs attack is a corpus event."""
    before = _documents(store)
    summary = _ingest(store, _jsonl(tmp_path / "later.jsonl", [LATER]))
    assert (summary.added, summary.failed) == (1, [])
    assert summary.merge is not None and summary.merge.events > 0
    assert _documents(store) == before + 1
    homs = event_rows(store, EventFilter(place="Homs"))
    assert [e["when_value"] for e in homs] == ["2024-12-03"]


# -- dates at the calendar's edges ------------------------------------------------------------------


class _DatedByPublication(FakeAnalyzer):
    """As the dating stage does: an event the text gives no date dates by the publication day, inferred."""

    def analyze_document(self, document: Document) -> Record:
        record = super().analyze_document(document)
        day = record.document.published
        for event in record.events:
            if event.when.value is None and day:
                event.when = EventWhen(value=day, earliest=day, latest=day, basis="inferred")
        return record


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01"])
def test_a_published_day_at_the_calendars_edge_does_not_poison_the_merge(
    db: str, tmp_path: Path, published: str
) -> None:
    """An event dated by its publication day is widened a week by the merge: past date.max (or before
    date.min) that raised in the merge, and then in every later merge of the store."""
    store = open_store(db)
    try:
        edge = {"text": "Rebels captured Army Forces in Idlib. Prices fell.", "published": published}
        summary = _ingest(store, _jsonl(tmp_path / "edge.jsonl", [edge, GOOD]), _DatedByPublication)
        assert (summary.added, summary.failed) == (2, [])
        assert summary.merge is not None and summary.merge.events > 0
        edge_events = [e for e in event_rows(store, EventFilter()) if e["when_value"] == published]
        assert edge_events, "the edge-dated event is stored and merged"
        assert all(date.fromisoformat(e["when_earliest"]) <= date.fromisoformat(e["when_latest"])
                   for e in edge_events)
        _assert_good_ingest_still_works(store, tmp_path)
    finally:
        store.close()


@pytest.mark.parametrize(("value", "basis"), [("9999-12-31", "inferred"), ("0001-01-01", "publication"),
                                               ("9999-12", "inferred"), ("9999", "explicit")])
def test_a_store_already_holding_an_edge_date_merges(db: str, tmp_path: Path, value: str, basis: str) -> None:
    """A store written before the fix may hold such a row already: the merge must take it."""
    store = open_store(db)
    try:
        _ingest(store, _jsonl(tmp_path / "good.jsonl", [GOOD]))
        em = t.event_mentions.c
        with store.engine.begin() as conn:
            conn.execute(update(t.event_mentions).values(when_value=value, when_earliest=value, when_latest=value,
                                                         when_basis=basis).where(em.type.is_not(None)))
        merged = merge_events(store)
        assert merged.events > 0
        dated = [e for e in event_rows(store, EventFilter()) if e["when_value"] == value]
        assert dated and dated[0]["when_latest"][:4] == value[:4]
        _assert_good_ingest_still_works(store, tmp_path)
    finally:
        store.close()


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=10**6))
def test_days_saturate_instead_of_raising(ordinal: int, days: int) -> None:
    assert FIRST_DAY <= clamp_day(ordinal) <= LAST_DAY
    assert date.min <= day_of(ordinal) <= date.max
    lo, hi = widen((clamp_day(ordinal), clamp_day(ordinal)), days)
    assert FIRST_DAY <= lo <= clamp_day(ordinal) <= hi <= LAST_DAY
    if FIRST_DAY + days <= ordinal <= LAST_DAY - days:
        assert (lo, hi) == (ordinal - days, ordinal + days)


@given(st.dates(), st.booleans())
def test_month_end_is_the_last_day_of_the_month(day: date, december: bool) -> None:
    day = day.replace(month=12) if december else day
    last = date.fromordinal(month_end(day.year, day.month))
    assert (last.year, last.month) == (day.year, day.month)
    assert last.day >= day.day and (last.toordinal() == LAST_DAY or date.fromordinal(last.toordinal() + 1).day == 1)


@given(st.text(alphabet="0123456789-X", max_size=12), st.text(alphabet="0123456789-", max_size=12))
def test_day_interval_reads_any_stored_value_inside_the_calendar(value: str, other: str) -> None:
    for got in (day_interval(value, None, None), day_interval(value, other, value), day_interval(None, other, other)):
        assert got is None or FIRST_DAY <= got[0] <= got[1] <= LAST_DAY


def test_a_december_9999_month_is_read_to_its_last_day() -> None:
    assert day_interval("9999-12", None, None) == (date(9999, 12, 1).toordinal(), LAST_DAY)
    assert day_interval("2024-02", None, None) == (date(2024, 2, 1).toordinal(), date(2024, 2, 29).toordinal())


# -- JSONL fields of the wrong type -----------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "kind"), [
    ("title", ["a", "b"], "an array"), ("url", {"href": "x"}, "an object"), ("published", 20241203, "a number"),
    ("source", True, "true or false"), ("text", 12.5, "a number"), ("html", ["<p>x</p>"], "an array"),
])
def test_a_jsonl_field_of_the_wrong_type_fails_its_line_alone(
    db: str, tmp_path: Path, field: str, value: Any, kind: str
) -> None:
    bad = {"text": "Rebels attacked Army Forces in Hama on 2024-12-03.", "published": "2024-12-03", field: value}
    path = _jsonl(tmp_path / "dump.jsonl", [bad, GOOD])
    store = open_store(db)
    try:
        for _ in range(2):  # and again: the rerun is not stuck on the line either
            summary = _ingest(store, path)
            assert summary.failed == [(f"{path}#L1", f"field {field!r} must be a string or null, not {kind} [E007]")]
            assert summary.merge is not None and summary.merge.events > 0
        assert _documents(store) == 1
        _assert_good_ingest_still_works(store, tmp_path)
    finally:
        store.close()


def test_jsonl_nulls_are_absent_fields(tmp_path: Path) -> None:
    row = {"text": "Rebels attacked Army Forces in Hama.", "title": None, "url": None, "published": None,
           "source": None, "html": None}
    [item] = iter_items([_jsonl(tmp_path / "d.jsonl", [row])], max_bytes=10**6)
    assert isinstance(item, Article) and (item.title, item.url, item.published, item.source_name) == (None,) * 4


# -- one article the store refuses ------------------------------------------------------------------


class _NulText(FakeAnalyzer):
    """Records as the fake makes them; an article that says "POISON" gets a NUL byte appended to its text,
    whatever the reader did with the input (PostgreSQL text cannot hold one)."""

    def analyze_document(self, document: Document) -> Record:
        record = super().analyze_document(document)
        if "POISON" in record.document.text:
            record.document.text += "\x00"
        return record


class _SameEventTwice(FakeAnalyzer):
    """An article that says "POISON" gets its first event twice: the same key, a unique violation."""

    def analyze_document(self, document: Document) -> Record:
        record = super().analyze_document(document)
        if "POISON" in record.document.text and record.events:
            record.events.append(record.events[0])
        return record


def _poisoned_run(store: Store, tmp_path: Path, analyzer: type[FakeAnalyzer]) -> tuple[IngestSummary, str]:
    poison = {"text": "POISON. Rebels attacked Army Forces in Hama on 2024-12-03.", "published": "2024-12-03"}
    path = _jsonl(tmp_path / "dump.jsonl", [poison, GOOD])
    return _ingest(store, path, analyzer), f"{path}#L1"


def _assert_rolled_back_alone(store: Store, summary: IngestSummary, locator: str, code: str) -> None:
    assert summary.added == 1 and [loc for loc, _ in summary.failed] == [locator]
    assert summary.failed[0][1].endswith(f"[{code}]")
    assert summary.merge is not None and summary.merge.events > 0, "the merge still ran"
    with store.engine.connect() as conn:
        assert conn.execute(select(t.documents.c.locator)).scalars().all() == [locator.replace("#L1", "#L2")]
        failures = conn.execute(select(t.failures.c.locator, t.failures.c.code)).all()
        hama = conn.execute(select(func.count()).select_from(t.place_mentions)
                            .where(t.place_mentions.c.name == "Hama")).scalar_one()
    assert [tuple(f) for f in failures] == [(locator, code)]
    assert hama == 0, "nothing of the refused article is left"


@pytest.mark.postgres
def test_a_nul_byte_postgresql_refuses_fails_that_article_alone(postgres_url: str, tmp_path: Path) -> None:
    store = open_store(postgres_url)
    try:
        summary, locator = _poisoned_run(store, tmp_path, _NulText)
        _assert_rolled_back_alone(store, summary, locator, "E044")
        reason = summary.failed[0][1]
        assert "the store refused the article: DataError:" in reason and "NUL" in reason
        assert "INSERT" not in reason and "POISON" not in reason, "the driver's reason, not the statement"
        _assert_good_ingest_still_works(store, tmp_path)
    finally:
        store.close()


def test_a_row_the_store_rejects_fails_that_article_alone(db: str, tmp_path: Path) -> None:
    store = open_store(db)
    try:
        summary, locator = _poisoned_run(store, tmp_path, _SameEventTwice)
        _assert_rolled_back_alone(store, summary, locator, "E044")
        assert "IntegrityError" in summary.failed[0][1]
        _assert_good_ingest_still_works(store, tmp_path)
    finally:
        store.close()


def test_a_bug_in_writing_one_article_is_a_reported_failure(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ingest_module.write_record

    def broken(conn: Any, meta: Any, record: Record, resolver: Any) -> Any:
        real(conn, meta, record, resolver)  # rows written, then the bug: all of them must go
        if "POISON" in record.document.text:
            raise KeyError("e9")
        return {}

    monkeypatch.setattr(ingest_module, "write_record", broken)
    store = open_store(db)
    try:
        summary, locator = _poisoned_run(store, tmp_path, FakeAnalyzer)
        _assert_rolled_back_alone(store, summary, locator, "E099")
        assert summary.failed[0][1] == "not stored: KeyError: 'e9' [E099]"
    finally:
        store.close()


def test_the_cli_reports_a_refused_article_and_exits_4(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dateline.corpus.fake.FakeAnalyzer", _SameEventTwice)
    db = str(tmp_path / "cli.db")
    poison = {"text": "POISON. Rebels attacked Army Forces in Hama on 2024-12-03.", "published": "2024-12-03"}
    path = _jsonl(tmp_path / "dump.jsonl", [poison, GOOD])
    assert cli.main(["ingest", path, "--db", db, "--fake-analyzer"]) == 4
    out, err = capsys.readouterr()
    assert "merged " in out
    lines = [ln for ln in err.splitlines() if ln.startswith("dateline: ")]
    assert len(lines) == 1 and lines[0].startswith(f"dateline: {path}#L1: the store refused the article: ")
    assert lines[0].endswith("[E044]") and "Traceback" not in err


def test_failures_from_sources_do_not_stop_the_merge(db: str, tmp_path: Path) -> None:
    store = open_store(db)
    try:
        items = [Failure("x#L1", "E007", "invalid JSON"),
                 Article("a.txt", RawInput("a.txt", GOOD["text"].encode(), is_html=False), published="2024-12-02")]
        summary = ingest(store, items, FakeAnalyzer)
        assert summary.added == 1 and summary.merge is not None and summary.merge.events > 0
    finally:
        store.close()


# -- bad --db values --------------------------------------------------------------------------------


def _one_line(err: str, *parts: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and lines[0].startswith("dateline: "), err
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(("db", "code", "parts"), [
    ("mysql://x/y", 2, ("mysql://x/y: unsupported backend 'mysql'", "SQLite", "PostgreSQL", "[E041]")),
    ("mariadb+pymysql://root:hunter2@127.0.0.1/test", 2, ("root:***@127.0.0.1", "unsupported backend 'mariadb'")),
    ("http://example.org/store", 2, ("unsupported backend 'http'", "[E041]")),
    ("postgresql://bad:url:x", 2, ("postgresql://bad:url:x: malformed URL", "port is not a number", "[E041]")),
    ("postgresql://u:pw@h:70000/d", 2, ("u:***@h:70000", "port 70000 is not between 1 and 65535", "[E041]")),
    ("postgresql://", 2, ("postgresql://: no database name", "HOST[:PORT]/DATABASE", "[E041]")),
    ("postgresql://someone@127.0.0.1:5432", 2, ("no database name", "[E041]")),
    ("postgresql+asyncpg://h/d", 2, ("unsupported postgresql driver 'asyncpg'", "postgresql+psycopg://")),
    ("postgresql://u:s3cret@127.0.0.1:1/test", 3, ("u:***@127.0.0.1:1/test: cannot connect to the database server",
                                                   "Connection refused", "[E043]")),
])
@pytest.mark.parametrize("command", ["events", "ingest", "timeline"])
def test_a_bad_db_is_one_coded_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, db: str,
                                    code: int, parts: tuple[str, ...]) -> None:
    args = [command, _jsonl(tmp_path / "d.jsonl", [GOOD])] if command == "ingest" else [command]
    assert cli.main([*args, "--db", db, "--fake-analyzer"] if command == "ingest" else [*args, "--db", db]) == code
    out, err = capsys.readouterr()
    line = _one_line(err, *parts)
    assert "s3cret" not in line and "hunter2" not in line and ":pw@" not in line
    assert not out


def test_a_missing_driver_says_what_to_install(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    assert cli.main(["events", "--db", "postgresql://u:pw@127.0.0.1/test"]) == 3
    _one_line(capsys.readouterr().err, "postgresql://u:***@127.0.0.1/test", "driver 'psycopg' is not installed",
              "pip install 'psycopg[binary]'", "[E042]")


@pytest.mark.skipif(importlib.util.find_spec("psycopg2") is not None, reason="psycopg2 is installed here")
def test_the_other_postgresql_driver_names_its_own_package() -> None:
    with pytest.raises(StoreDriverMissing, match=r"driver 'psycopg2' is not installed .*pip install 'psycopg2-binary'"):
        open_store("postgresql+psycopg2://u@127.0.0.1/test")


def test_serve_refuses_a_bad_db_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("uvicorn")
    assert cli.main(["serve", "--db", "mysql://u:pw@x/y"]) == 2
    _one_line(capsys.readouterr().err, "mysql://u:***@x/y: unsupported backend 'mysql'", "[E041]")


def test_the_api_refuses_a_bad_db() -> None:
    from dateline.serve.app import create_app

    with pytest.raises(BadStoreUrl, match="no database name"):
        create_app("postgresql://127.0.0.1")


def test_a_url_without_a_database_is_refused_before_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    """`postgresql://` used to connect to the database named after the user, and write there."""

    def no_engine(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("an engine was made for a URL without a database")

    monkeypatch.setattr("dateline.store.db.create_engine", no_engine)
    for db in ("postgresql://", "postgresql://u@127.0.0.1", "postgres://u@127.0.0.1/"):
        with pytest.raises(BadStoreUrl, match="no database name"):
            open_store(db)


def test_a_server_that_does_not_answer_is_unreachable() -> None:
    with pytest.raises(StoreUnreachable, match="Connection refused") as caught:
        open_store("postgresql://u:pw@127.0.0.1:1/test")
    assert caught.value.exit_code == 3 and "pw" not in str(caught.value)


@pytest.mark.parametrize(("db", "shown"), [
    ("postgresql://u:secret@h/d", "postgresql://u:***@h/d"),
    ("postgresql+psycopg://u:a:b/c@h:5/d?x=1", "postgresql+psycopg://u:***@h:5/d?x=1"),
    ("postgresql://u@h/d", "postgresql://u@h/d"),
    ("postgresql://bad:url:x", "postgresql://bad:url:x"),
    ("store.db", "store.db"),
])
def test_masked_hides_the_password_only(db: str, shown: str) -> None:
    assert masked(db) == shown


def test_good_urls_still_read() -> None:
    assert database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert database_url("postgres://u@h:5433/d?options=-csearch_path%3Ds") == (
        "postgresql+psycopg://u@h:5433/d?options=-csearch_path%3Ds")
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
    assert database_url("x.db").startswith("sqlite:///") and database_url("x.db").endswith("x.db")
