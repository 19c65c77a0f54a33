"""Reading articles: files, stdin, plain text or HTML, into a `Document`.

Why the care: offsets are the evidence of every field, so plain text keeps its decoded
text exactly (no normalisation, no stripping); HTML goes through trafilatura and offsets
point into the extracted text. Every refusal names the input and the reason, and the
publication date is never guessed from the clock.

Hostile inputs are refused before they cost anything: only regular files and stdin are
read (a FIFO would block the run, /dev/zero would never end), at most `max_bytes + 1`
bytes are ever read (a file's size may lie: /proc files say 0, a log grows while read),
and bytes become text only through an encoding that can be named and justified (see
`decode`), recorded in `Document.encoding` / `Document.encoding_from`.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any, Literal, Protocol

from dateline.document_id import content_hash
from dateline.errors import (
    BinaryInput,
    EmptyInput,
    InputNotFound,
    InputTooLarge,
    NoArticleInHtml,
    ResourceError,
    UndecodableInput,
    UsageError,
)
from dateline.model import Document
from dateline.resources import load_yaml

__all__ = [
    "PUBLISHED_FORMS",
    "PUBLISHED_RANGE",
    "Decoded",
    "RawInput",
    "check_regular_file",
    "decode",
    "decode_bytes",
    "parse_published",
    "read_bounded",
    "read_bytes",
    "read_source",
    "to_document",
]

PUBLISHED_FORMS = "YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], YYYYMMDD"
# Any day of the calendar Python's `date` holds: the stages' date arithmetic saturates or
# leaves a value unknown at its ends ("a week before" 0001-01-01 is XXXX-XX-XX), so no day
# needs refusing; a year 0000 or 10000 is no date of it and is refused (E010)
PUBLISHED_RANGE = "0001-01-01 to 9999-12-31"

EncodingFrom = Literal["utf-8", "bom", "declared", "guessed", "argument"]

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b", re.I | re.S)
# A valid multi-byte UTF-8 sequence: its presence means the file was meant to be UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_MIN_ARTICLE_WORDS = 12  # fewer words than a one-sentence news brief is page furniture, not an article
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}
_CHUNK = 1 << 20  # bytes per read: memory stays bounded by the limit, not by what the input offers
# Binary formats pad with NUL bytes and UTF-16 without a byte order mark is half NULs; a text
# with a stray NUL or two (a C string pasted, a database dump) is still a text: past one NUL
# per this many bytes of the head, the input is binary
_NUL_PER = 100


@dataclass(frozen=True)
class RawInput:
    """The bytes of one article and what came with them.

    `content_type` is the transport's Content-Type header (a URL fetch, a WARC record's
    HTTP headers), whose charset `decode_bytes` trusts before a `<meta>` in the bytes; `note`
    says how the bytes were put together when that is not obvious (a feed item's title and
    summary), and ends up in `Document.source`.
    """

    source: str
    data: bytes
    is_html: bool
    content_type: str | None = None
    note: str | None = None


def parse_published(value: str) -> str:
    """The ISO date of a `--published` value; rejects anything else with the accepted forms.

    Digits are ASCII only: `\\d` would let "２０２４" through to parsers that refuse it anyway.
    """
    text = value.strip()
    try:
        if re.fullmatch(r"\d{8}", text, re.ASCII):
            return datetime.strptime(text, "%Y%m%d").date().isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
            return date.fromisoformat(text).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", text, re.ASCII):
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError as e:
        raise UsageError(f"--published {value!r} is not a valid date ({e}); accepted forms: {PUBLISHED_FORMS}, "
                         f"days {PUBLISHED_RANGE}") from e
    raise UsageError(f"--published {value!r} is not a date; accepted forms: {PUBLISHED_FORMS}, days {PUBLISHED_RANGE}")


# --------------------------------------------------------------------------- reading bytes

_NOT_REGULAR = (
    (stat.S_ISDIR, "is a directory, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file: reading it would wait for a writer; "
                    "pipe it to stdin with '-' instead"),
    (stat.S_ISCHR, "is a character device, not a regular file (it may never end); "
                   "pipe it to stdin with '-' if you mean it"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def _refuse_not_regular(path: str, mode: int) -> None:
    for test, reason in _NOT_REGULAR:
        if test(mode):
            raise InputNotFound(path, reason)
    if not stat.S_ISREG(mode):
        raise InputNotFound(path, "is not a regular file")


def check_regular_file(path: str) -> os.stat_result:
    """The `stat` of `path`, which must be a regular file (symlinks followed); refuses the rest.

    Why before opening: opening a FIFO for reading blocks until some writer opens it, so
    the refusal must come from `stat`, not from a read. Devices (/dev/zero, /dev/tty) are
    refused too rather than read bounded: no news article is a device, and a terminal
    would block just like a FIFO.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputNotFound(path, "no such file") from None
    except OSError as e:
        raise InputNotFound(path, f"cannot be read ({e.strerror})") from e
    _refuse_not_regular(path, st.st_mode)
    return st


class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def read_bounded(stream: _Readable, max_bytes: int, source: str) -> bytes:
    """At most `max_bytes` from `stream`, read in chunks; refuses (E004) as soon as there is more.

    Why not `read()`: an endless or huge stream (/dev/zero, a file that grows) would be
    held in memory whole before any size check; this reads `max_bytes + 1` bytes at most.
    """
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = stream.read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > max_bytes:
        raise InputTooLarge(source, f"input is over the limit of {max_bytes / 1e6:.1f} MB")
    return b"".join(chunks)


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The bytes of `path` ('-' for stdin): only regular files, never more than `max_bytes`."""
    if path == "-":
        return read_bounded(sys.stdin.buffer, max_bytes, "<stdin>")
    st = check_regular_file(path)
    if st.st_size > max_bytes:
        raise InputTooLarge(path, f"file is {st.st_size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB")
    try:
        # O_NONBLOCK: should the path have become a FIFO since the stat, opening does not
        # block, and the fstat below refuses it
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise InputNotFound(path, f"cannot be read ({e.strerror})") from e
    with os.fdopen(fd, "rb", buffering=0) as handle:
        _refuse_not_regular(path, os.fstat(fd).st_mode)
        try:
            return read_bounded(handle, max_bytes, path)
        except OSError as e:
            raise InputNotFound(path, f"cannot be read ({e.strerror})") from e


def read_source(path: str, max_bytes: int, force_html: bool | None = None) -> RawInput:
    data = read_bytes(path, max_bytes)
    if force_html is None:
        is_html = path.lower().endswith((".html", ".htm", ".xhtml")) or bool(_HTML_START.match(data[:2048]))
    else:
        is_html = force_html
    return RawInput(source="<stdin>" if path == "-" else path, data=data, is_html=is_html)


# --------------------------------------------------------------------------- bytes to text

_BOMS = (  # longest first: the UTF-32-LE mark begins with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE_BYTES = 64 * 1024  # plausibility is judged on this much text around the first non-ASCII byte
_XML_DECL = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_VISIBLE = re.compile(r"\S")
_ALNUM = re.compile(r"[^\W_]")
_LETTERS_ONE = re.compile(r"[^\W\d_]")
_LETTERS = re.compile(r"[^\W\d_]+")  # a word: a run of letters
# non-letters that belong inside a word: apostrophes, the Catalan middle dot, hyphens, soft hyphen
_IN_WORD_OK = frozenset("\u2019\u2018\u02bc\u00b7\u2010\u2011\u00ad")
_INVISIBLE_OK = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")  # format characters real text holds
_SCRIPT_ALIASES = {"cjk": "han", "ideographic": "han", "katakana-hiragana": "katakana",
                   "feminine": "latin", "masculine": "latin", "micro": "latin"}
# letters (German law names reach 63); past it a "word" of a spaced script is one byte repeated
_LONGEST_WORD = 80
_CJK = frozenset({"han", "hiragana", "katakana", "hangul", "bopomofo"})


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and how it was chosen."""

    text: str
    encoding: str
    encoding_from: EncodingFrom


@dataclass(frozen=True)
class _Candidate:
    name: str
    codec: str
    scripts: frozenset[str]
    common: tuple[tuple[int, int, int, int], ...] = ()
    instead_of: str | None = None
    markers: frozenset[str] = frozenset()
    native_share: float = 0.0  # the least share of the letters that must be non-ASCII (non-Latin scripts)


@dataclass(frozen=True)
class _Encodings:
    candidates: tuple[_Candidate, ...]
    aliases: dict[str, str]
    max_implausible: float
    evidence_margin: float
    marker_share: float
    implausible_symbols: frozenset[str] = frozenset()


_ENCODINGS_FILE = "read/encodings.yaml"


def _byte_range(value: Any, where: str) -> tuple[int, int, int, int]:
    if not (isinstance(value, list) and len(value) in (2, 4) and all(isinstance(v, int) and 0 <= v < 256
                                                                       for v in value)):
        raise ResourceError(_ENCODINGS_FILE, f"{where}: a range is [lead_lo, lead_hi] or "
                                             f"[lead_lo, lead_hi, trail_lo, trail_hi] of bytes, not {value!r}")
    return (value[0], value[1], value[2], value[3]) if len(value) == 4 else (value[0], value[1], 0, 255)


@cache
def _encodings() -> _Encodings:
    """The candidate list of resources/read/encodings.yaml, validated (names the file and entry)."""
    data = load_yaml(_ENCODINGS_FILE)
    if not isinstance(data, dict) or not isinstance(data.get("candidates"), list):
        raise ResourceError(_ENCODINGS_FILE, "expected a mapping with a 'candidates' list")
    candidates: list[_Candidate] = []
    for index, entry in enumerate(data["candidates"], start=1):
        where = f"candidate {index}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry.get("codec"):
            raise ResourceError(_ENCODINGS_FILE, f"{where}: needs 'name' and 'codec'")
        where = f"candidate {entry['name']!r}"
        try:
            codecs.lookup(entry["codec"])
        except LookupError:
            raise ResourceError(_ENCODINGS_FILE, f"{where}: unknown codec {entry['codec']!r}") from None
        scripts = entry.get("scripts")
        if not isinstance(scripts, list) or not scripts:
            raise ResourceError(_ENCODINGS_FILE, f"{where}: needs a 'scripts' list")
        candidates.append(_Candidate(
            name=entry["name"],
            codec=entry["codec"],
            scripts=frozenset(str(s).lower() for s in scripts),
            common=tuple(_byte_range(r, where) for r in entry.get("common") or ()),
            instead_of=entry.get("instead_of"),
            markers=frozenset(str(entry.get("markers") or "")),
            native_share=0.0 if scripts[0] == "latin" else float(data.get("native_share", 0.5)),
        ))
    names = {c.name for c in candidates}
    for c in candidates:
        if c.instead_of is not None and c.instead_of not in names:
            raise ResourceError(_ENCODINGS_FILE, f"candidate {c.name!r}: instead_of {c.instead_of!r} is no candidate")
    aliases = {name.lower(): name for name in names}
    for name, labels in (data.get("aliases") or {}).items():
        if name not in names or not isinstance(labels, list):
            raise ResourceError(_ENCODINGS_FILE, f"aliases: {name!r} must be a candidate with a list of labels")
        aliases.update({str(label).lower(): name for label in labels})
    try:
        return _Encodings(tuple(candidates), aliases, float(data["max_implausible"]),
                          float(data["evidence_margin"]), float(data["marker_share"]),
                          frozenset(str(data.get("implausible_symbols") or "")))
    except (KeyError, TypeError, ValueError) as e:
        raise ResourceError(_ENCODINGS_FILE, f"needs numbers max_implausible, evidence_margin, "
                                             f"marker_share ({e})") from e


@lru_cache(maxsize=8192)
def _script(char: str) -> str:
    """The script of a letter: the first word of its Unicode name ("LATIN", "CYRILLIC", ...)."""
    words = unicodedata.name(char, "").lower().split()
    if not words:
        return "unknown"
    first = words[1] if words[0] in ("halfwidth", "fullwidth") and len(words) > 1 else words[0]
    return _SCRIPT_ALIASES.get(first, first)


def _script_group(script: str) -> str:
    return "cjk" if script in _CJK else script


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _is_common(char: str, candidate: _Candidate) -> bool:
    encoded = char.encode(candidate.codec, errors="ignore")
    if not encoded:
        return False
    lead, trail = encoded[0], encoded[1] if len(encoded) > 1 else 0
    return any(lo <= lead <= hi and tlo <= trail <= thi for lo, hi, tlo, thi in candidate.common)


def _bad_word(word: str) -> bool:
    """A word no language writes: case flipping inside it, scripts mixed, all accents, too long.

    Each is what a wrong code page makes of real text: KOI8-R read as windows-1251 flips
    case ("пРЕЗИДЕНТ"), Latin-1 read as Cyrillic mixes scripts ("йlиves"), Cyrillic read
    as windows-1252 gives words of accented letters only ("Ïðåçèäåíò").
    """
    for left, right in pairwise(word):
        if left.islower() and right.isupper() and left != "ß" and not (left.isascii() and right.isascii()):
            return True
    groups = {_script_group("latin" if ch.isascii() else _script(ch)) for ch in word}
    if len(word) > _LONGEST_WORD and "cjk" not in groups:
        return True
    if len(groups - {"cjk"}) > 1 or ("cjk" in groups and len(groups - {"cjk", "latin"}) > 0):
        return True
    return groups == {"latin"} and len(word) >= 2 and not any(ch.isascii() for ch in word)


def _implausibility(text: str, candidate: _Candidate | None) -> tuple[int, int, int, int]:
    """(implausible, non-ASCII characters, non-ASCII letters, markers) of decoded `text`.

    A character is implausible when it is a control, private-use or unassigned code
    point, a letter of a script the encoding is not for, a rare character of a multi-byte
    encoding, a symbol in the middle of a word, or part of a word no language writes.
    """
    bad: set[int] = set()
    rare_symbols = _encodings().implausible_symbols
    non_ascii = letters = markers = 0
    last = len(text) - 1
    for match in _NON_ASCII.finditer(text):
        i, char = match.start(), match.group()
        non_ascii += 1
        category = unicodedata.category(char)
        if category[0] == "L":
            letters += 1
            script = _script(char)
            if candidate is not None:
                markers += char in candidate.markers
                if script not in candidate.scripts or (candidate.common and not _is_common(char, candidate)):
                    bad.add(i)
            if script in _CJK and 0 < i < last and _ascii_letter(text[i - 1]) and _ascii_letter(text[i + 1]):
                bad.add(i)  # "offi残ials": an ideograph inside an English word is a stray byte pair
        elif category[0] == "C" or (category == "Sk" and char != "\u00b4") or "\u2500" <= char <= "\u259f" \
                or char in rare_symbols:
            if char not in _INVISIBLE_OK:
                bad.add(i)  # controls, unassigned, lone accents ("˙", "˝"), box drawing: not prose
        elif category[0] != "M" and 0 < i < last and text[i - 1].isalpha() and text[i + 1].isalpha() \
                and char not in _IN_WORD_OK:
            bad.add(i)  # "¿o³nierze": a symbol where a letter should be
        elif candidate is not None and candidate.common and not _is_common(char, candidate):
            bad.add(i)
    if non_ascii:
        for word in _LETTERS.finditer(text):
            if not word.group().isascii() and _bad_word(word.group()):
                bad.update(word.start() + j for j, ch in enumerate(word.group()) if not ch.isascii())
    return len(bad), non_ascii, letters, markers


@dataclass(frozen=True)
class _Score:
    candidate: _Candidate
    implausible: float  # share of the non-ASCII characters
    markers: int
    marker_share: float


def _count_letters(text: str) -> int:
    return len(_LETTERS_ONE.findall(text))


def _mostly_words(text: str) -> bool:
    """Whether letters and digits are most of the visible characters: prose, not a run of symbols."""
    visible = len(_VISIBLE.findall(text))
    return not visible or len(_ALNUM.findall(text)) >= visible / 2


def _sample(data: bytes) -> tuple[bytes, bool]:
    """(bytes to judge, whether they are all of `data`): from just before the first non-ASCII byte.

    Starting at an ASCII byte keeps multi-byte encodings in step; the whole input is
    decoded anyway once an encoding is chosen.
    """
    first = re.search(rb"[\x80-\xff]", data)
    start = max(0, (first.start() if first else 0) - 256)
    return data[start : start + _SAMPLE_BYTES], start == 0 and len(data) <= _SAMPLE_BYTES


def _score(sample: bytes, final: bool, candidate: _Candidate) -> _Score | None:
    try:
        text = codecs.getincrementaldecoder(candidate.codec)(errors="strict").decode(sample, final=final)
    except UnicodeDecodeError:
        return None
    bad, non_ascii, letters, markers = _implausibility(text, candidate)
    if not _mostly_words(text) or (candidate.native_share and letters < candidate.native_share * _count_letters(text)):
        # symbols only; or a few letters of a script whose writers write little else
        return _Score(candidate, 1.0, 0, 0.0)
    return _Score(candidate, bad / non_ascii if non_ascii else 0.0, markers, markers / letters if letters else 0.0)


def _has_evidence(score: _Score, scores: dict[str, _Score], table: _Encodings) -> bool:
    """Whether `score`'s candidate may replace the one it is an alternative to (`instead_of`)."""
    if score.candidate.instead_of is None:
        return True
    other = scores.get(score.candidate.instead_of)
    return (
        other is None
        or other.implausible - score.implausible >= table.evidence_margin
        or (score.markers >= 2 and score.marker_share >= table.marker_share)
    )


def _guess(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) of the most plausible candidate that decodes all of `data`, if any."""
    table = _encodings()
    sample, final = _sample(data)
    scores = {c.name: s for c in table.candidates if (s := _score(sample, final, c)) is not None
              and s.implausible <= table.max_implausible}
    allowed = [s for s in scores.values() if _has_evidence(s, scores, table)]
    if not allowed:
        return None
    order = {c.name: i for i, c in enumerate(table.candidates)}
    best = min(s.implausible for s in allowed)
    # within a hair of the best, the one with the most evidence for its languages, then the preferred
    ranked = sorted(allowed, key=lambda s: (s.implausible > best + 0.02, -s.marker_share, order[s.candidate.name]))
    for score in ranked:
        try:
            return data.decode(score.candidate.codec), score.candidate.name
        except UnicodeDecodeError:  # plausible in the sample, not further on
            continue
    return None


def _declared_labels(data: bytes, is_html: bool, header: str | None) -> Iterable[str]:
    """Charsets the input declares, strongest first: transport header, XML declaration, <meta>."""
    if header and (label := _HEADER_CHARSET.search(header)):
        yield label.group(1)
    head = data[:4096]
    if xml := _XML_DECL.match(head):
        yield xml.group(1).decode("ascii")
    if is_html and (meta := _META_CHARSET.search(head)):
        yield meta.group(1).decode("ascii")


def _declared(data: bytes, is_html: bool, header: str | None) -> tuple[str, str] | None:
    """(text, encoding) by the first declared charset that is known, decodes, and reads as text.

    A declaration is evidence, not proof: pages that say "iso-8859-1" and hold UTF-8 or
    windows-1251 are common, so a decoding that comes out implausible is set aside and
    the guess decides. UTF-16/32 declared inside ASCII-compatible bytes is a known
    mistake (HTML5 reads it as UTF-8) and is ignored.
    """
    table = _encodings()
    by_name = {c.name: c for c in table.candidates}
    for label in _declared_labels(data, is_html, header):
        key = label.strip().lower()
        name = table.aliases.get(key)
        candidate = by_name.get(name) if name else None
        if candidate is None:
            try:
                info = codecs.lookup(key)
            except LookupError:
                continue
            if info.name.startswith(("utf-16", "utf-32", "utf-8")):
                continue  # UTF-8 has been tried; UTF-16/32 cannot be declared in these bytes
            codec, name = info.name, info.name
        else:
            codec = candidate.codec
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        bad, non_ascii, _, _ = _implausibility(text[: _SAMPLE_BYTES], candidate)
        if non_ascii and bad / non_ascii > table.max_implausible:
            continue
        return text, name or codec
    return None


def decode_bytes(data: bytes, source: str, *, is_html: bool = False, content_type: str | None = None) -> Decoded:
    """Text of `data`: by a BOM, as UTF-8, by a declared charset, or by a justified guess.

    The order is that of certainty. A byte order mark is explicit; bytes that decode as
    UTF-8 are UTF-8 (legacy text almost never does). Then what the input declares: the
    transport's charset (`content_type`, an HTTP Content-Type header), an XML declaration, an
    HTML `<meta charset>`. Only then a guess, among the encodings news is published in
    (resources/read/encodings.yaml), windows-1252 preferred for Western text, each
    judged by whether its decoding reads as writing in its script; central European,
    Turkish and similar alternatives to windows-1252 need strong evidence. Bytes that are
    mostly valid UTF-8 with errors are corrupt UTF-8 and refused rather than decoded
    into mojibake, and bytes no candidate makes plausible text of are refused (E005).
    """
    if not data.strip():
        raise EmptyInput(source, "input is empty")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec, "bom")
            except UnicodeDecodeError as e:
                raise UndecodableInput(source, f"invalid {codec.upper()} after its byte order mark "
                                               f"({e.reason} at byte {e.start + len(bom)})") from e
    head = data[:8192]
    if head.count(0) > max(1, len(head) // _NUL_PER) or sum(b in _CONTROL for b in head) > 0.05 * len(head):
        raise BinaryInput(source, "looks like a binary file, not text or HTML")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    found = _declared(data, is_html, content_type)
    if found is not None:
        return Decoded(found[0], found[1], "declared")
    invalid = f"invalid UTF-8 at byte {utf8_error.start} ({utf8_error.reason})"
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    valid = sum(len(m) for m in _UTF8_MULTIBYTE.findall(data))
    if valid >= high - valid:  # most of its non-ASCII bytes are UTF-8: damaged UTF-8, not a legacy file
        raise UndecodableInput(source, f"{invalid}, in text that is otherwise UTF-8; fix the file or pass --encoding")
    guessed = _guess(data)
    if guessed is None:
        names = ", ".join(c.name for c in _encodings().candidates)
        raise UndecodableInput(source, f"{invalid}, and no legacy encoding makes plausible text of it "
                                       f"(tried {names}); fix the file or pass --encoding")
    return Decoded(guessed[0], guessed[1], "guessed")


def decode(data: bytes, source: str) -> tuple[str, str]:
    """(text, encoding) of `data`; see `decode_bytes`, which also says how it was chosen."""
    decoded = decode_bytes(data, source)
    return decoded.text, decoded.encoding


def _published_from_html(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_published(value)
    except UsageError:
        return None


def _without_nul(decoded: Decoded) -> tuple[Decoded, int]:
    """`decoded` with each NUL character replaced by U+FFFD, and how many there were.

    Why: PostgreSQL text cannot hold NUL (the ingest would fail on a valid article), and a
    NUL is no character of any article. One code point for one keeps every offset true (an
    HTML page's too, before extraction); the count goes into `Document.nul_replaced`.
    """
    count = decoded.text.count("\x00")
    if not count:
        return decoded, 0
    return Decoded(decoded.text.replace("\x00", "\ufffd"), decoded.encoding, decoded.encoding_from), count


def to_document(raw: RawInput, *, published: str | None = None, encoding: str | None = None) -> Document:
    """A `Document` from raw bytes; `published` (already validated) beats HTML metadata."""
    if encoding:
        try:
            decoded = Decoded(raw.data.decode(encoding), encoding, "argument")
        except (UnicodeDecodeError, LookupError) as e:
            raise UndecodableInput(raw.source, f"cannot be decoded as {encoding} ({e})") from e
    else:
        decoded = decode_bytes(raw.data, raw.source, is_html=raw.is_html, content_type=raw.content_type)
    decoded, nul = _without_nul(decoded)
    source = f"{raw.source} ({raw.note})" if raw.note else raw.source
    if not raw.is_html:
        if not decoded.text.strip():
            raise EmptyInput(raw.source, "input holds only whitespace")
        document = Document(
            id=content_hash(decoded.text),
            text=decoded.text,
            source=source,
            encoding=decoded.encoding,
            encoding_from=decoded.encoding_from,
            published=published,
            published_from="argument" if published else None,
        )
    else:
        document = _html_document(decoded, raw.source, source, published)
    document.nul_replaced = nul
    return document


def _html_document(decoded: Decoded, name: str, source: str, published: str | None) -> Document:
    import trafilatura  # imported here: loading it costs ~0.3 s that plain-text runs should not pay

    # trafilatura's balanced setting, not favor_precision: on real pages precision dropped the
    # words of inline links ("especially high for ." where the names were links) and once the whole
    # article (text token F1 on the 10 dev pages with an expected text: 87.8 precise, 97.0
    # balanced); page furniture it lets through is what the clean stage's debris rules are for
    extracted = trafilatura.bare_extraction(decoded.text, with_metadata=True, include_comments=False,
                                            include_tables=False)
    text = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if len(re.findall(r"\w+", text)) < _MIN_ARTICLE_WORDS:
        raise NoArticleInHtml(
            name, f"HTML page holds no article text (extracted {len(text.split())} words of page furniture)"
        )
    meta_date = _published_from_html(getattr(extracted, "date", None))
    return Document(
        id=content_hash(text),
        title=getattr(extracted, "title", None),
        author=getattr(extracted, "author", None),
        text=text,
        source=source,
        format="html",
        encoding=decoded.encoding,
        encoding_from=decoded.encoding_from,
        published=published or meta_date,
        published_from="argument" if published else ("html-metadata" if meta_date else None),
    )
