"""Reading TimeML (`.tml`) and MEANTIME (token `.xml`) files: raw text, DCT, gold timexes and events.

Why apart from the scorer: the TimeML harnesses (task A and B, event dates, the detector's
training script) all read the same files the same way; one reader keeps their offsets equal.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GoldEvent", "GoldTimex", "TimemlDoc", "candidates", "files_under", "is_meantime", "read_documents",
           "read_meantime_timexes", "read_tml", "tml_files"]

_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z0-9_]+)(?P<attrs>[^>]*?)/?>")
_ATTR = re.compile(r'(?P<key>\w+)="(?P<value>[^"]*)"')


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str = ""


@dataclass(frozen=True)
class GoldEvent:
    """An EVENT tag of a TimeML file (its TLINKs are read by `eval.dating`)."""

    eid: str
    start: int
    end: int
    text: str
    cls: str = ""  # the TimeML class: OCCURRENCE, REPORTING, STATE, I_ACTION, I_STATE, ASPECTUAL, PERCEPTION


@dataclass(frozen=True)
class TimemlDoc:
    name: str
    dct: str | None
    text: str
    timexes: tuple[GoldTimex, ...]
    events: tuple[GoldEvent, ...] = ()
    event_classes: bool = True  # the gold events carry TimeML classes (MEANTIME's do not)


def read_tml(path: Path) -> TimemlDoc:
    """Raw text, DCT and gold TIMEX3 offsets of one TimeML file."""
    source = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<DCT>\s*<TIMEX3[^>]*\bvalue=\"(?P<value>[^\"]+)\"", source)
    dct = dct_m.group("value")[:10] if dct_m else None
    body_m = re.search(r"<TEXT>(?P<body>.*?)</TEXT>", source, re.DOTALL)
    body = body_m.group("body") if body_m else ""
    out: list[str] = []
    pos = length = 0
    opened: dict[str, tuple[int, dict[str, str]]] = {}
    timexes: list[GoldTimex] = []
    events: list[GoldEvent] = []
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        name = m.group("name")
        if name not in ("TIMEX3", "EVENT"):
            continue
        if not m.group("close"):
            opened[name] = (length, {a.group("key"): a.group("value") for a in _ATTR.finditer(m.group("attrs"))})
        elif name in opened:
            start, attrs = opened.pop(name)
            text = "".join(out)[start:length]
            if name == "TIMEX3":
                timexes.append(GoldTimex(start, length, text, attrs.get("type", ""), attrs.get("value", ""),
                                         attrs.get("tid", "")))
            else:
                events.append(GoldEvent(attrs.get("eid", ""), start, length, text, attrs.get("class", "")))
    out.append(html.unescape(body[pos:]))
    return TimemlDoc(path.name, dct, "".join(out), tuple(timexes), tuple(events))


def read_meantime_timexes(path: Path) -> TimemlDoc:
    """Text, DCT, gold TIMEX3 spans and gold EVENT_MENTION spans of one MEANTIME document (token XML).

    MEANTIME annotates the title and the first sentences only, so the text ends with the
    last sentence that holds an annotation; a tagger must not be charged for dates
    nobody looked at. Tokens are joined as written ("May 8, 2006", not "May 8 , 2006").
    """
    import xml.etree.ElementTree as ET

    from dateline.eval.meantime import tokens_to_text

    root = ET.parse(path).getroot()
    sentence_of = {t.get("t_id", ""): int(t.get("sentence", "0")) for t in root.iter("token")}
    markables = root.find("Markables")
    anchors = markables.iter("token_anchor") if markables is not None else iter(())
    last = max((sentence_of[a.get("t_id", "")] for a in anchors if a.get("t_id", "") in sentence_of), default=-1)
    text, offsets = tokens_to_text(root, "\n", last_sentence=last, as_written=True)
    dct: str | None = None
    events: list[GoldEvent] = []
    for mention in root.iter("EVENT_MENTION"):
        spans = [offsets[a.get("t_id", "")] for a in mention.iter("token_anchor") if a.get("t_id", "") in offsets]
        if spans:
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            events.append(GoldEvent(mention.get("m_id", ""), start, end, text[start:end]))
    events.sort(key=lambda e: (e.start, e.end))
    timexes: list[GoldTimex] = []
    for timex in root.iter("TIMEX3"):
        spans = [offsets[a.get("t_id", "")] for a in timex.iter("token_anchor") if a.get("t_id", "") in offsets]
        value = timex.get("value", "")
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = value[:10] or None
        if not spans:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        timexes.append(GoldTimex(start, end, text[start:end], timex.get("type", ""), value))
    timexes.sort(key=lambda t: t.start)
    return TimemlDoc(path.name, dct, text, tuple(timexes), tuple(events), event_classes=False)


def candidates(directory: Path) -> list[Path]:
    """The `.tml` files under `directory`, or else its MEANTIME `.xml` files."""
    found = sorted(p for p in directory.rglob("*.tml") if p.is_file())
    return found or sorted(p for p in directory.rglob("*.xml") if p.is_file() and _is_meantime(p))


def _files(directory: Path) -> list[Path]:
    """The files to score; one that repeats an earlier one byte for byte counts once
    (TBAQ-cleaned ships AP900815-0044 in both `TimeBank/` and `testpipeline/`)."""
    seen: set[str] = set()
    unique = []
    for path in candidates(directory):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            unique.append(path)
    return unique


def tml_files(directory: Path) -> list[Path]:
    """The TimeML files under `directory`, a repeated one once (for harnesses that need TLINKs)."""
    return [p for p in _files(directory) if p.suffix == ".tml"]


def _is_meantime(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(2048)
    return b"<Document" in head and b"<token" in head


def _read(path: Path) -> TimemlDoc:
    return read_tml(path) if path.suffix == ".tml" else read_meantime_timexes(path)


def read_documents(directory: str | Path, limit: int | None = None) -> list[TimemlDoc]:
    """The gold documents under `directory` (TimeML `.tml`, else MEANTIME `.xml`), first `limit` only."""
    paths = _files(Path(directory))
    return [_read(p) for p in (paths[:limit] if limit else paths)]


def files_under(directory: Path) -> list[Path]:
    """The files to score under `directory`, a repeated one once."""
    return _files(directory)


def is_meantime(path: Path) -> bool:
    return _is_meantime(path)
