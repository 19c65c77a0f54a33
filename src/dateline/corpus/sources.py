"""What `dateline ingest PATH...` reads: files, folders, JSONL dumps, RSS/Atom feeds, WARC, URLs.

Why items and not exceptions: one unreadable file or bad JSON line must not stop a run of
ten thousand, so every source yields `Article`s and `Failure`s in a stable order (folders
sorted, lines in order); the ingest records failures and carries on. Each item has a
`locator` (path, `path#L12`, `path#record-3`, URL) saying exactly where it came from.
Nothing touches the network unless the user named a URL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.corpus.fetch import Fetcher
from dateline.errors import DatelineError, InputError
from dateline.pipeline.read import RawInput, parse_published, read_bytes

__all__ = ["Article", "Failure", "Item", "iter_items"]

_FEED_EXT = (".rss", ".atom", ".xml")
_JSONL_EXT = (".jsonl", ".ndjson")
_WARC_EXT = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True)
class Article:
    """One article to analyse, with what the source said about it."""

    locator: str
    raw: RawInput
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source_name: str | None = None


@dataclass(frozen=True)
class Failure:
    locator: str
    code: str
    reason: str


Item = Article | Failure


def _failure(locator: str, error: DatelineError) -> Failure:
    reason = error.reason if isinstance(error, InputError) else error.message
    return Failure(locator, error.code, reason)


def _published(value: object) -> str | None:
    if not value:
        return None
    try:
        return parse_published(str(value))
    except DatelineError:
        return None


def _jsonl(path: str, max_bytes: int) -> Iterator[Item]:
    with open(path, encoding="utf-8", errors="replace") as handle:
        for lineno, line in enumerate(handle, start=1):
            locator = f"{path}#L{lineno}"
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                yield Failure(locator, "E007", f"invalid JSON ({e.msg} at column {e.colno})")
                continue
            if not isinstance(row, dict):
                yield Failure(locator, "E007", "a JSONL line must be an object")
                continue
            html, text = row.get("html"), row.get("text")
            body = html if html else text
            if not isinstance(body, str) or not body.strip():
                yield Failure(locator, "E002", "no 'text' or 'html' field")
                continue
            data = body.encode("utf-8")
            if len(data) > max_bytes:
                yield Failure(locator, "E004", f"article over {max_bytes / 1e6:.1f} MB")
                continue
            yield Article(
                locator,
                RawInput(locator, data, is_html=bool(html)),
                url=row.get("url"),
                title=row.get("title"),
                published=_published(row.get("published")),
                source_name=row.get("source"),
            )


def _feed_date(entry: Any) -> str | None:
    """Feeds write RFC 822 dates ("Mon, 02 Dec 2024 ..."); feedparser parses them to UTC struct_time."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return _published(entry.get("published") or entry.get("updated"))


def _feed(locator: str, data: bytes) -> Iterator[Item]:
    import feedparser  # imported here: most runs read plain files

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        yield Failure(locator, "E007", f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})")
        return
    outlet = parsed.feed.get("title")
    for index, entry in enumerate(parsed.entries, start=1):
        contents = entry.get("content") or []
        body = contents[0].get("value") if contents else entry.get("summary")
        entry_locator = f"{locator}#item-{index}"
        if not body:
            yield Failure(entry_locator, "E002", "feed entry has no content or summary")
            continue
        yield Article(
            entry_locator,
            RawInput(entry_locator, body.encode("utf-8"), is_html=True),
            url=entry.get("link"),
            title=entry.get("title"),
            published=_feed_date(entry),
            source_name=outlet,
        )


def _warc(path: str) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as handle:
        try:
            for index, record in enumerate(ArchiveIterator(handle), start=1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if "html" not in (record.http_headers.get_header("Content-Type") or ""):
                    continue
                locator = f"{path}#record-{index}"
                url = record.rec_headers.get_header("WARC-Target-URI")
                yield Article(locator, RawInput(locator, record.content_stream().read(), is_html=True), url=url)
        except Exception as e:  # warcio raises bare exceptions on damaged archives
            yield Failure(path, "E007", f"damaged WARC file ({e.__class__.__name__}: {e})")


def _looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _file(path: Path, max_bytes: int) -> Iterator[Item]:
    name = path.name.lower()
    locator = str(path)
    if name.endswith(_JSONL_EXT):
        yield from _jsonl(locator, max_bytes)
        return
    if name.endswith(_WARC_EXT):
        yield from _warc(locator)
        return
    try:
        data = read_bytes(locator, max_bytes)
    except DatelineError as e:
        yield _failure(locator, e)
        return
    if name.endswith(_FEED_EXT) and _looks_like_feed(data):
        yield from _feed(locator, data)
        return
    is_html = name.endswith((".html", ".htm", ".xhtml")) or data[:2048].lstrip().lower().startswith(
        (b"<!doctype html", b"<html")
    )
    yield Article(locator, RawInput(locator, data, is_html=is_html))


def _url(url: str, fetcher: Fetcher) -> Iterator[Item]:
    try:
        fetched = fetcher.fetch(url)
    except DatelineError as e:
        yield _failure(url, e)
        return
    if "xml" in fetched.content_type or "rss" in fetched.content_type or _looks_like_feed(fetched.data):
        yield from _feed(url, fetched.data)
        return
    yield Article(
        url,
        RawInput(
            url,
            fetched.data,
            is_html="html" in fetched.content_type
            or fetched.data[:2048].lstrip().lower().startswith((b"<!doctype html", b"<html")),
        ),
        url=fetched.url,
    )


def iter_items(paths: Iterable[str], *, max_bytes: int, fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Every article (or failure) under `paths`, in a stable order; folders are walked sorted."""
    for given in paths:
        if given.startswith(("http://", "https://")):
            if fetcher is None:
                yield Failure(given, "E050", "URLs need a fetcher")
                continue
            yield from _url(given, fetcher)
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield from _file(child, max_bytes)
        elif path.exists():
            yield from _file(path, max_bytes)
        else:
            yield Failure(given, "E001", "no such file or folder")
