"""Sources, URL refusal and crash safety of `dateline ingest` (no network, fake analyzer)."""

from __future__ import annotations

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
