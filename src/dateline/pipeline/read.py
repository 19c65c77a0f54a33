"""Reading articles: files, stdin, plain text or HTML, into a `Document`.

Why the care: offsets are the evidence of every field, so plain text keeps its decoded
text exactly (no normalisation, no stripping); HTML goes through trafilatura and offsets
point into the extracted text. Every refusal names the input and the reason, and the
publication date is never guessed from the clock.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from charset_normalizer import from_bytes

from dateline.errors import (
    BinaryInput,
    EmptyInput,
    InputNotFound,
    InputTooLarge,
    NoArticleInHtml,
    UndecodableInput,
    UsageError,
)
from dateline.model import Document

__all__ = ["PUBLISHED_FORMS", "RawInput", "decode", "parse_published", "read_bytes", "read_source", "to_document"]

PUBLISHED_FORMS = "YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], YYYYMMDD"

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b", re.I | re.S)
# A valid multi-byte UTF-8 sequence: its presence means the file was meant to be UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# the most characters one article may have: spaCy's own `nlp.max_length` default, which its
# parser and NER are sized for (about 1 GB of memory per 100,000 characters); past it the
# pipeline raises mid-run, so the read stage refuses the input first, naming it
MAX_CHARS = 1_000_000
_MIN_ARTICLE_WORDS = 12  # fewer words than a one-sentence news brief is page furniture, not an article
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}


@dataclass(frozen=True)
class RawInput:
    source: str
    data: bytes
    is_html: bool


def parse_published(value: str) -> str:
    """The ISO date of a `--published` value; rejects anything else with the accepted forms."""
    text = value.strip()
    try:
        if re.fullmatch(r"\d{8}", text):
            return datetime.strptime(text, "%Y%m%d").date().isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", text):
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError as e:
        raise UsageError(f"--published {value!r} is not a valid date ({e}); accepted forms: {PUBLISHED_FORMS}") from e
    raise UsageError(f"--published {value!r} is not a date; accepted forms: {PUBLISHED_FORMS}")


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The bytes of `path` ('-' for stdin), refusing missing and oversized inputs early."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(path)
        if not p.exists():
            raise InputNotFound(path, "no such file")
        if p.is_dir():
            raise InputNotFound(path, "is a directory, not a file")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputTooLarge(path, f"file is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB")
        try:
            data = p.read_bytes()
        except OSError as e:
            raise InputNotFound(path, f"cannot be read ({e.strerror})") from e
    if len(data) > max_bytes:
        raise InputTooLarge(path, f"input is over the limit of {max_bytes / 1e6:.1f} MB")
    return data


def read_source(path: str, max_bytes: int, force_html: bool | None = None) -> RawInput:
    data = read_bytes(path, max_bytes)
    if force_html is None:
        is_html = path.lower().endswith((".html", ".htm", ".xhtml")) or bool(_HTML_START.match(data[:2048]))
    else:
        is_html = force_html
    return RawInput(source="<stdin>" if path == "-" else path, data=data, is_html=is_html)


_MIN_COHERENCE = 0.2  # charset-normalizer's language coherence of a believable legacy text


def decode(data: bytes, source: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 first, then a detected legacy encoding; refuses binaries.

    A file that holds valid UTF-8 multi-byte sequences but does not decode as a whole is
    corrupt UTF-8 and is refused rather than decoded into mojibake.
    """
    if not data.strip():
        raise EmptyInput(source, "input is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise UndecodableInput(source, f"invalid UTF-16 ({e.reason})") from e
    head = data[:8192]
    if b"\x00" in head or sum(b in _CONTROL for b in head) > 0.05 * len(head):
        raise BinaryInput(source, "looks like a binary file, not text or HTML")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as e:
        invalid = UndecodableInput(
            source, f"invalid UTF-8 at byte {e.start} ({e.reason}); fix the file or pass --encoding"
        )
        if _UTF8_MULTIBYTE.search(data):
            raise invalid from e
        best = from_bytes(data).best()
        # A legacy encoding is believed only when the decoded text reads as a language
        # (coherence): random or damaged bytes decode "cleanly" in some code page too.
        if best is None or best.encoding is None or best.coherence < _MIN_COHERENCE:
            raise invalid from e
        return str(best), best.encoding


def _published_from_html(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_published(value)
    except UsageError:
        return None


def to_document(raw: RawInput, *, published: str | None = None, encoding: str | None = None) -> Document:
    """A `Document` from raw bytes; `published` (already validated) beats HTML metadata."""
    if encoding:
        try:
            text, used = raw.data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as e:
            raise UndecodableInput(raw.source, f"cannot be decoded as {encoding} ({e})") from e
    else:
        text, used = decode(raw.data, raw.source)
    doc_id = "sha1:" + hashlib.sha1(raw.data).hexdigest()[:16]
    if not raw.is_html:
        if not text.strip():
            raise EmptyInput(raw.source, "input holds only whitespace")
        document = Document(
            id=doc_id,
            text=text,
            source=raw.source,
            encoding=used,
            published=published,
            published_from="argument" if published else None,
        )
    else:
        document = _html_document(text, raw.source, doc_id, used, published)
    if len(document.text) > MAX_CHARS:
        raise InputTooLarge(raw.source, f"the article text is {len(document.text):,} characters, over the "
                            f"analyzer's limit of {MAX_CHARS:,} (spaCy's max_length); split it into articles")
    return document


def _html_document(html: str, source: str, doc_id: str, encoding: str, published: str | None) -> Document:
    import trafilatura  # imported here: loading it costs ~0.3 s that plain-text runs should not pay

    # trafilatura's balanced setting, not favor_precision: on real pages precision dropped the
    # words of inline links ("especially high for ." where the names were links) and once the whole
    # article (text token F1 on the 10 dev pages with an expected text: 87.8 precise, 97.0
    # balanced); page furniture it lets through is what the clean stage's debris rules are for
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    text = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if len(re.findall(r"\w+", text)) < _MIN_ARTICLE_WORDS:
        raise NoArticleInHtml(
            source, f"HTML page holds no article text (extracted {len(text.split())} words of page furniture)"
        )
    meta_date = _published_from_html(getattr(extracted, "date", None))
    return Document(
        id=doc_id,
        title=getattr(extracted, "title", None),
        author=getattr(extracted, "author", None),
        text=text,
        source=source,
        format="html",
        encoding=encoding,
        published=published or meta_date,
        published_from="argument" if published else ("html-metadata" if meta_date else None),
    )
