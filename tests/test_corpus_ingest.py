"""Sources, URL refusal and crash safety of `dateline ingest` (no network, fake analyzer)."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.corpus.fetch import StaticFetcher, check_public
from dateline.corpus.sources import Article, Failure, iter_items
from dateline.errors import PrivateAddress

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>https://w.example/1</link><pubDate>Mon, 02 Dec 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Rebels attacked Army Forces in Aleppo on 2024-12-01.&lt;/p&gt;</description></item>
<item><title>Two</title><link>https://w.example/2</link></item>
</channel></rss>"""


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # warcio's writer, test-side only
def test_sources_folder_feed_jsonl_warc_in_stable_order(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Militia shelled Army Forces in Homs.", encoding="utf-8")
    (tmp_path / "a.rss").write_bytes(RSS)
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": "x y", "published": "2024-12-02", "source": "AP"}) + "\n")
    (tmp_path / ".hidden.txt").write_text("skip me")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    html = b"<html><body><article><p>Rebels attacked Army Forces in Aleppo on 2024-12-01.</p></article></body></html>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
    writer.write_record(writer.create_warc_record("https://x.example/a", "response", payload=io.BytesIO(html),
                                                  http_headers=headers))
    (tmp_path / "d.warc.gz").write_bytes(buffer.getvalue())

    items = list(iter_items([str(tmp_path), str(tmp_path / "missing.txt")], max_bytes=10**6))
    locators = [i.locator for i in items]
    assert locators[:2] == [f"{tmp_path}/a.rss#item-1", f"{tmp_path}/a.rss#item-2"]
    assert isinstance(items[1], Failure)
    feed_item = items[0]
    assert isinstance(feed_item, Article) and feed_item.source_name == "Wire" and feed_item.published == "2024-12-02"
    assert locators[2:] == [f"{tmp_path}/b/z.txt", f"{tmp_path}/c.jsonl#L1", f"{tmp_path}/d.warc.gz#record-1",
                            str(tmp_path / "missing.txt")]
    assert items[4].url == "https://x.example/a"  # type: ignore[union-attr]
    assert isinstance(items[-1], Failure) and items[-1].code == "E001"
    assert gzip  # gzip-compressed WARC read above


@pytest.mark.parametrize("url", ["http://127.0.0.1/feed", "http://localhost:8080/", "http://10.1.2.3/x",
                                 "http://[::1]/", "http://169.254.169.254/latest/meta-data"])
def test_fetch_refuses_private_addresses(url: str) -> None:
    with pytest.raises(PrivateAddress):
        StaticFetcher({url: (b"<html></html>", "text/html")}).fetch(url)
    items = list(iter_items([url], max_bytes=10**6, fetcher=StaticFetcher({})))
    assert isinstance(items[0], Failure) and items[0].code == "E051"


def test_fetch_allows_public_and_private_when_asked() -> None:
    check_public("https://news.example/a", resolve=lambda host: ["93.184.215.14"])
    page = (b"<rss><channel><item><description>Rebels met Turkey.</description></item></channel></rss>",
            "application/rss+xml")
    items = list(iter_items(["http://127.0.0.1/f"], max_bytes=10**6,
                            fetcher=StaticFetcher({"http://127.0.0.1/f": page}, allow_private=True)))
    assert isinstance(items[0], Article)


def _dump(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                                         "'documents_fts%' AND name NOT LIKE 'sqlite_%'")]
    return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}"))) for t in tables}


def test_ingest_kill_9_then_rerun_equals_uninterrupted_run(tmp_path: Path) -> None:
    lines = []
    for i in range(400):
        day = 1 + i % 20
        text = (f"Group{chr(65 + i % 26)} attacked Army Forces in Aleppo on 2024-12-{day:02d}. "
                f"Report number {i} from the front with details {i * 7}.")
        lines.append(json.dumps({"text": text, "source": f"S{i % 5}"}))
    lines.insert(50, "broken line")
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "dateline.cli", "ingest", str(dump), "--fake-analyzer"]
    env = {**os.environ, "COLUMNS": "100"}

    subprocess.run([*cmd, "--db", str(tmp_path / "clean.db")], check=False, capture_output=True, env=env, timeout=120)

    crashed = tmp_path / "crashed.db"
    proc = subprocess.Popen([*cmd, "--db", str(crashed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.05)
        try:
            n = sqlite3.connect(crashed).execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:
            continue
        if n >= 40:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = sqlite3.connect(crashed).execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 0 < partial < 400, "the kill must land mid-run"
    rerun = subprocess.run([*cmd, "--db", str(crashed)], capture_output=True, text=True, env=env, timeout=120)
    assert "duplicates" in rerun.stdout
    assert _dump(crashed) == _dump(tmp_path / "clean.db")


# ---------------------------------------------------------------- hostile inputs of `ingest`


def _warc_bytes(n: int, *, gzip_it: bool) -> tuple[bytes, list[bytes]]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_it)
    bodies = []
    for i in range(n):
        html = ("<html><body><article><p>" + "".join(
            f"Story {i}, paragraph {j}: rebels attacked Army Forces in Aleppo on 2024-12-0{1 + i}. " for j in range(40)
        ) + "</p></article></body></html>").encode()
        bodies.append(html)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(f"https://x.example/{i}", "response",
                                                      payload=io.BytesIO(html), http_headers=headers))
    return buffer.getvalue(), bodies


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # warcio's writer, test-side only
@pytest.mark.parametrize("gzip_it", [True, False])
def test_sources_truncated_warc_fails_the_cut_record_and_names_the_archive(tmp_path: Path, gzip_it: bool) -> None:
    data, bodies = _warc_bytes(3, gzip_it=gzip_it)
    # the middle of the second record's body: find it in the uncompressed file, or cut the gzip member
    plain, _ = _warc_bytes(3, gzip_it=False)
    cut = plain.index(b"Story 1, paragraph 20") if not gzip_it else len(data) // 2
    path = tmp_path / ("cut.warc.gz" if gzip_it else "cut.warc")
    path.write_bytes(data[:cut])
    items = list(iter_items([str(path)], max_bytes=10**6))
    articles = [i for i in items if isinstance(i, Article)]
    failures = {i.locator: i for i in items if isinstance(i, Failure)}
    assert [a.raw.data for a in articles] == bodies[:1]  # the intact record; never half of the second
    archive = failures[str(path)]
    assert archive.code == "E007" and "truncated" in archive.reason and "1 record read intact" in archive.reason
    if not gzip_it:  # the cut record itself is a failure of its own
        assert "cut short" in failures[f"{path}#record-2"].reason


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("gzip_it", [True, False])
def test_sources_warc_cut_anywhere_never_gives_half_an_article(tmp_path: Path, gzip_it: bool) -> None:
    data, bodies = _warc_bytes(2, gzip_it=gzip_it)
    ext = ".warc.gz" if gzip_it else ".warc"
    for cut in range(0, len(data), max(1, len(data) // 60)):
        path = tmp_path / f"c{cut}{ext}"
        path.write_bytes(data[:cut])
        items = list(iter_items([str(path)], max_bytes=10**6))
        assert all(i.raw.data in bodies for i in items if isinstance(i, Article)), cut
        assert any(isinstance(i, Failure) and i.locator == str(path) for i in items), cut
    whole = tmp_path / f"whole{ext}"
    whole.write_bytes(data)
    assert [i.raw.data for i in iter_items([str(whole)], max_bytes=10**6)] == bodies  # type: ignore[union-attr]


def test_sources_garbage_warc_is_a_failure(tmp_path: Path) -> None:
    text = tmp_path / "garbage.warc.gz"
    text.write_bytes(b"this is not a warc file at all\n" * 20)
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)
    items = list(iter_items([str(text), str(broken)], max_bytes=10**6))
    assert [(i.locator, i.code) for i in items] == [(str(text), "E007"), (str(broken), "E007")]
    assert "not a WARC record" in items[0].reason and "gzip" in items[1].reason  # type: ignore[union-attr]
    assert all("0 records read intact" in i.reason for i in items)  # type: ignore[union-attr]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_ingest_counts_damaged_archives_and_fifos_as_failed(tmp_path: Path) -> None:
    from dateline.corpus.fake import FakeAnalyzer
    from dateline.corpus.ingest import ingest
    from dateline.store import open_store

    data, _ = _warc_bytes(3, gzip_it=True)
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "garbage.warc.gz").write_bytes(b"garbage " * 100)
    os.mkfifo(tmp_path / "pipe.jsonl")
    store = open_store(str(tmp_path / "x.db"))
    try:
        paths = [str(tmp_path / n) for n in ("cut.warc.gz", "garbage.warc.gz", "pipe.jsonl")]
        summary = ingest(store, iter_items(paths, max_bytes=10**6), FakeAnalyzer, merge=False)
    finally:
        store.close()
    failed = dict(summary.failed)
    assert summary.added == 1
    assert {str(tmp_path / "cut.warc.gz"), str(tmp_path / "garbage.warc.gz"), str(tmp_path / "pipe.jsonl")} <= set(
        failed)
    assert "[E001]" in failed[str(tmp_path / "pipe.jsonl")]


@pytest.mark.parametrize("name", ["pipe.txt", "pipe.jsonl", "pipe.warc.gz", "pipe.rss"])
def test_sources_fifo_is_a_failure_without_blocking(tmp_path: Path, name: str) -> None:
    import threading

    path = tmp_path / name
    os.mkfifo(path)
    result: list[list[object]] = []
    worker = threading.Thread(target=lambda: result.append(list(iter_items([str(path)], max_bytes=10**6))),
                              daemon=True)
    worker.start()
    worker.join(10)
    try:
        assert not worker.is_alive(), "iter_items blocked on a FIFO"
    finally:
        with contextlib.suppress(OSError):  # release a blocked reader, if any
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    [failure] = result[0]
    assert isinstance(failure, Failure) and failure.code == "E001" and "named pipe" in failure.reason


def test_sources_jsonl_line_over_the_limit_is_skipped_bounded(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    with dump.open("wb") as handle:
        handle.write(b'{"text": "' + b"a" * 700_000 + b'"}\n')  # over 6 x the 100 kB limit
        handle.write(json.dumps({"text": "Rebels attacked Army Forces in Aleppo."}).encode() + b"\n")
    items = list(iter_items([str(dump)], max_bytes=100_000))
    assert isinstance(items[0], Failure) and items[0].code == "E004" and items[0].locator.endswith("#L1")
    assert isinstance(items[1], Article) and items[1].locator.endswith("#L2")


PLAIN_RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Rebels enter Aleppo</title><link>https://w.example/1</link>
<description>Rebels attacked Army Forces in Aleppo on 2024-12-01, witnesses said, after two days of fighting
around the city &amp;amp; its airport.</description></item>
<item><title>Talks</title><link>https://w.example/2</link><description>&lt;p&gt;Turkey met Russia in Ankara on
Tuesday.&lt;/p&gt;</description></item>
</channel></rss>"""


def test_sources_feed_plain_text_description_is_read_as_text(tmp_path: Path) -> None:
    from dateline.pipeline.read import to_document

    feed = tmp_path / "wire.rss"
    feed.write_bytes(PLAIN_RSS)
    plain, tagged = list(iter_items([str(feed)], max_bytes=10**6))
    assert isinstance(plain, Article) and isinstance(tagged, Article)
    assert not plain.raw.is_html and tagged.raw.is_html  # an HTML description stays HTML
    document = to_document(plain.raw)  # before: E006 "HTML page holds no article text"
    assert document.format == "text"
    assert document.text.startswith("Rebels enter Aleppo\n\nRebels attacked Army Forces in Aleppo on 2024-12-01")
    assert document.text.endswith("the city & its airport.")
    assert "title and plain-text summary" in (document.source or "") and str(feed) in (document.source or "")


def test_neardup_compares_a_bounded_number_of_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 stored copies of one story: a new copy is compared with at most MAX_CANDIDATES
    of them (before: with all 2,000), and still linked to the first."""
    from datasketch import MinHash

    from dateline.corpus.neardup import MAX_CANDIDATES, NearDupIndex, minhash

    story = " ".join(f"word{(i * 7919) % 5003}" for i in range(300))
    index = NearDupIndex()
    for i in range(2000):
        index.add(f"copy-{i}", minhash(f"{story} Copy {i}."), i + 1)
    index.add("other", minhash(" ".join(f"other{i}" for i in range(300))), 3000)
    calls = 0
    real = MinHash.jaccard

    def counting(self: MinHash, other: MinHash) -> float:
        nonlocal calls
        calls += 1
        return real(self, other)

    monkeypatch.setattr(MinHash, "jaccard", counting)
    assert index.match(minhash(f"{story} Copy new.")) == ("copy-0", pytest.approx(1.0, abs=0.1))
    assert 0 < calls <= MAX_CANDIDATES
    assert index.match(minhash("An unrelated report about the weather in Oslo on Monday, with snow.")) is None
