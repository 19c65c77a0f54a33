"""What `dateline ingest PATH...` reads: files, folders, JSONL dumps, RSS/Atom feeds, WARC, URLs.

Why items and not exceptions: one unreadable file or bad JSON line must not stop a run of
ten thousand, so every source yields `Article`s and `Failure`s in a stable order (folders
sorted, lines in order); the ingest records failures and carries on. Each item has a
`locator` (path, `path#L12`, `path#record-3`, URL) saying exactly where it came from.
Nothing touches the network unless the user named a URL.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from dateline.corpus.fetch import Fetcher
from dateline.errors import DatelineError, InputError
from dateline.pipeline.read import RawInput, check_regular_file, parse_published, read_bytes, read_source

__all__ = ["Article", "Failure", "Item", "iter_items"]

_FEED_EXT = (".rss", ".atom", ".xml")
_JSONL_EXT = (".jsonl", ".ndjson")
_WARC_EXT = (".warc", ".warc.gz", ".arc", ".arc.gz")
_CHUNK = 1 << 20
# a JSON line may hold its article escaped (\u00e9 is 6 bytes for 2): lines are read up to this
# many times the article limit, so memory stays bounded even by a line that never ends
_JSON_LINE_FACTOR = 6
_GZIP_MAGIC = b"\x1f\x8b"
# an HTML tag or an entity: a feed description without any is plain text, not an HTML fragment
_MARKUP = re.compile(r"<(?:[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?|/[A-Za-z][A-Za-z0-9:-]*\s*|!--)>")
_PLAIN_FEED_NOTE = "feed item: title and plain-text summary"
STDIN = "<stdin>"  # the locator of what `-` reads
# every field a JSONL line is read for; each is a string or null (null: as if absent)
_JSONL_FIELDS = ("text", "html", "url", "title", "published", "source")
_JSON_TYPES = ((bool, "true or false"), (int, "a number"), (float, "a number"), (list, "an array"),
               (dict, "an object"))


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


def _jsonl_field_problem(row: dict[str, Any]) -> str | None:
    """What is wrong with the type of a field the reader uses, if anything.

    Why checked here: a title, URL or source that is an array or a number went on to the store
    and failed there with a database error (binding a list to a text column), which aborted the
    whole ingest on every rerun; here it is one failed line, named, and the others go on.
    """
    for name in _JSONL_FIELDS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            kind = next((what for cls, what in _JSON_TYPES if isinstance(value, cls)), type(value).__name__)
            return f"field {name!r} must be a string or null, not {kind}"
    return None


def _lines(handle: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Each line of `handle` (None for one over `limit` bytes, which is skipped unread)."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := handle.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield line


def _open(path: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    """`path` opened for reading bytes; `STDIN` is standard input, left open afterwards."""
    return contextlib.nullcontext(sys.stdin.buffer) if path == STDIN else open(path, "rb")


def _jsonl(path: str, max_bytes: int) -> Iterator[Item]:
    with _open(path) as handle:
        for lineno, raw_line in enumerate(_lines(handle, _JSON_LINE_FACTOR * max_bytes), start=1):
            locator = f"{path}#L{lineno}"
            if raw_line is None:
                yield Failure(locator, "E004", f"line over {_JSON_LINE_FACTOR * max_bytes / 1e6:.1f} MB, skipped")
                continue
            line = raw_line.decode("utf-8", errors="replace")
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
            if problem := _jsonl_field_problem(row):
                yield Failure(locator, "E007", problem)
                continue
            html_body, text = row.get("html"), row.get("text")
            body = html_body if html_body else text
            if not isinstance(body, str) or not body.strip():
                yield Failure(locator, "E002", "no 'text' or 'html' field")
                continue
            data = body.encode("utf-8")
            if len(data) > max_bytes:
                yield Failure(locator, "E004", f"article over {max_bytes / 1e6:.1f} MB")
                continue
            yield Article(
                locator,
                RawInput(locator, data, is_html=bool(html_body)),
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
        detail = contents[0] if contents else entry.get("summary_detail") or {}
        body = contents[0].get("value") if contents else entry.get("summary")
        entry_locator = f"{locator}#item-{index}"
        if not body:
            yield Failure(entry_locator, "E002", "feed entry has no content or summary")
            continue
        yield Article(
            entry_locator,
            _feed_body(entry_locator, body, detail.get("type"), entry.get("title")),
            url=entry.get("link"),
            title=entry.get("title"),
            published=_feed_date(entry),
            source_name=outlet,
        )


def _feed_body(locator: str, body: str, content_type: str | None, title: str | None) -> RawInput:
    """The article of a feed entry: its HTML as a page, or its plain text with the title.

    Why two ways: many feeds put a sentence or two of plain text in <description>, which
    feedparser labels text/html all the same; given to the HTML extractor it yields no
    article at all (E006). Plain text is read as text, headed by the item's title, since a
    summary of one or two sentences often leaves the event's who and where to the headline;
    the `note` says so in `Document.source`, and `Document.format` is "text".
    """
    if content_type != "text/plain" and _MARKUP.search(body):
        return RawInput(locator, body.encode("utf-8"), is_html=True)
    # feedparser unescapes the XML; a description it calls text/html may still hold HTML entities
    text = (body if content_type == "text/plain" else html.unescape(body)).strip()
    heading = (title or "").strip()
    if heading and not text.startswith(heading):
        text = f"{heading}\n\n{text}"
    return RawInput(locator, text.encode("utf-8"), is_html=False, note=_PLAIN_FEED_NOTE)


def _gzip_damage(path: str) -> str | None:
    """What is wrong with the gzip stream of `path`, if anything (one streaming pass, bounded memory).

    Why a pass of its own: warcio reads a gzip stream that ends early as if it had ended,
    so a truncated archive would look complete; only the stream's end marker tells.
    """
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(_CHUNK):
                pass
    except EOFError:
        return "the gzip stream ends before its end marker: the file is truncated"
    except (gzip.BadGzipFile, zlib.error) as e:
        return f"the gzip stream is damaged ({e})"
    except OSError as e:
        return f"cannot be read ({e.strerror or e})"
    return None


def _warc_record_problem(record: Any, archive: Any) -> str | None:
    """Why `record` (already read to its end) is not whole: cut short, or its length is wrong."""
    declared = record.rec_headers.get_header("Content-Length")
    if record.format == "warc" and not (declared or "").strip().isdigit():
        return "has no Content-Length: its header is cut short or damaged"
    raw = record.raw_stream
    while raw.read(_CHUNK):  # the rest of the block, if the content stream stopped early
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        length = (declared or record.rec_headers.get_header("length") or "").strip()  # ARC says "length"
        of = f" of its {int(length):,}" if length.isdigit() else ""
        return f"is cut short: {missing:,}{of} bytes are missing"
    errors = archive.err_count
    with contextlib.redirect_stderr(io.StringIO()):  # warcio prints this warning; it is reported here
        archive.read_to_end()
    if archive.err_count > errors:
        return "does not end where its Content-Length says"
    return None


def _warc(path: str, max_bytes: int) -> Iterator[Item]:
    """The HTML responses of a WARC/ARC file; a damaged record or archive is a `Failure`.

    Why so strict: warcio hands over a record cut off by the end of the file as if it were
    whole, stops silently at a gzip stream that ends early, and reads garbage as ARC
    records. So each record must be read to the length it declares (or it is a failure,
    never half an article), the gzip stream must reach its end marker, and the records
    must cover the file; any damage is one failure naming the archive and how many records
    were read intact before it, after the articles of those records.
    """
    from warcio.archiveiterator import ArchiveIterator

    expected = "arc" if path.lower().endswith((".arc", ".arc.gz")) else "warc"
    intact = 0
    problem: str | None = None
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        damage = _gzip_damage(path) if handle.read(2) == _GZIP_MAGIC else None
        handle.seek(0)
        archive = ArchiveIterator(handle)
        records = iter(archive)
        index = 0
        while problem is None:
            try:
                with contextlib.redirect_stderr(io.StringIO()):  # warcio's warnings: reported below instead
                    record = next(records, None)
            except Exception as e:  # warcio raises bare exceptions on damaged archives
                problem = f"record {index + 1} cannot be read ({e.__class__.__name__}: {e})"
                break
            if record is None:
                break
            index += 1
            locator = f"{path}#record-{index}"
            if record.format != expected:
                problem = f"record {index} is not a {expected.upper()} record"
                break
            content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
            is_article = record.rec_type == "response" and "html" in (content_type or "")
            try:
                body = record.content_stream().read(max_bytes + 1) if is_article else b""
                cut = _warc_record_problem(record, archive)
            except Exception as e:  # a damaged compressed body, or the stream beneath it
                cut = f"cannot be read ({e.__class__.__name__}: {e})"
            if cut is not None:
                problem = f"record {index} {cut}"
                if is_article:
                    yield Failure(locator, "E007", f"WARC record {cut}; not stored")
                break
            intact += 1
            if not is_article:
                continue
            if len(body) > max_bytes:
                yield Failure(locator, "E004", f"article over {max_bytes / 1e6:.1f} MB")
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            yield Article(locator, RawInput(locator, body, is_html=True, content_type=content_type), url=url)
        if problem is None and damage is None:
            handle.seek(archive.offset)
            tail = handle.read(4096)
            if tail.strip():
                problem = f"{size - archive.offset:,} bytes after the last record are no complete record"
    if damage or problem:
        yield Failure(path, "E007", f"damaged or truncated archive: {damage or problem}; "
                                    f"{intact} record{'s' if intact != 1 else ''} read intact before it")
    elif intact == 0:
        yield Failure(path, "E002", "the archive holds no records")


def _looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _file(path: Path, max_bytes: int) -> Iterator[Item]:
    name = path.name.lower()
    locator = str(path)
    try:
        check_regular_file(locator)  # before any open: opening a FIFO blocks the run
    except DatelineError as e:
        yield _failure(locator, e)
        return
    if name.endswith(_JSONL_EXT):
        yield from _jsonl(locator, max_bytes)
        return
    if name.endswith(_WARC_EXT):
        yield from _warc(locator, max_bytes)
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
            content_type=fetched.content_type or None,
        ),
        url=fetched.url,
    )


def _stdin(max_bytes: int) -> Iterator[Item]:
    """`-`: standard input, as JSONL when it starts with `{` (one article a line, `cat dump.jsonl |
    dateline ingest -`), else as one article (text or HTML, as `dateline analyze -` reads it)."""
    stream = sys.stdin.buffer
    head = stream.peek(4096).lstrip() if hasattr(stream, "peek") else b""
    if head.startswith(b"{"):
        yield from _jsonl(STDIN, max_bytes)
        return
    try:
        raw = read_source("-", max_bytes)
    except DatelineError as e:
        yield _failure(STDIN, e)
        return
    yield Article(STDIN, raw)


def iter_items(paths: Iterable[str], *, max_bytes: int, fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Every article (or failure) under `paths`, in a stable order; folders are walked sorted; `-` is stdin."""
    for given in paths:
        if given == "-":
            yield from _stdin(max_bytes)
            continue
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
