"""What every sieve reads: the record, the parse, the cues, and the state the sieves share.

Why one object: the sieves are plain functions `(ctx, event) -> EventWhen | None`; what one
sieve learns that another needs (the events a reporting verb dated, the events named
inside a time adjunct, the news day) lives here, not in module globals, so a run over one
article never sees another's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from dateline.model import Event, EventWhen, Record, Timex
from dateline.pipeline.quotes import find_quotes
from dateline.pipeline.time.resolve import granularity, period_bounds
from dateline.pipeline.time.stage import parse_dct
from dateline.pipeline.time.tense import looks_ahead
from dateline.resources import load_yaml

if TYPE_CHECKING:
    from dateline.pipeline.dating.links import Link

__all__ = [
    "CLIMB", "COMPLEMENT_DEPS", "DURATION", "LEAD_SENTENCES", "OWN_CLAUSE_DEPS", "REPORTED_DEPS",
    "Context", "Cues", "day_bounds", "day_value", "headline_like", "in_complement", "known_part", "load_cues",
    "opens_with_cue", "usable", "verb_of",
]

# "P2D", "P1Y6M" (a year and a half): counted in months, then in days
DURATION = re.compile(r"^P(?=\d)(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?$")
CLIMB = 8
# clauses a verb takes as its complement: a reporting verb inside one reports for another
# verb, not for this edition (`undated.reports`); which of their dates are their own: `in_complement`
COMPLEMENT_DEPS = ("ccomp", "xcomp")
# what a reporting verb reports: a clause ("said [it would]", "[...], he said") or a quotation
REPORTED_DEPS = ("ccomp", "parataxis")
# a participle with these is a clause of its own ("after he was found", "when asked"), not a bare one
OWN_CLAUSE_DEPS = ("mark", "aux", "auxpass", "nsubj", "nsubjpass")
LEAD_SENTENCES = 2  # the first sentences with events: a headline and the lead, or the lead and the next


@dataclass(frozen=True)
class Cues:
    signals: dict[str, str]
    same_time: tuple[str, ...]
    later: tuple[str, ...]
    speech: frozenset[str]  # reporting verbs' lemmas, shared with the attribution stage's cues
    according: frozenset[str]  # the heads of "according to X", from the same file
    anaphoric: frozenset[str] = frozenset()  # determiners of an event noun that refers back


def load_cues(language: str) -> Cues:
    raw = load_yaml(f"time/{language}/dating.yaml") or {}
    attribution = load_yaml("attribution/cues.yaml")
    return Cues(
        signals={k.lower(): v for k, v in (raw.get("signals") or {}).items()},
        same_time=tuple(sorted((c.lower() for c in raw.get("same_time") or []), key=len, reverse=True)),
        later=tuple(sorted((c.lower() for c in raw.get("later") or []), key=len, reverse=True)),
        speech=frozenset(attribution["speech_verbs"]["lemmas"]),
        according=frozenset(w.lower() for w in attribution["according_to"]["heads"]),
        anaphoric=frozenset(w.lower() for w in raw.get("anaphoric") or []),
    )


_DATED = re.compile(r"^(?:\d{4}|XXXX)-").match
_DIGIT = re.compile(r"\d").search
_BOUND_SIGNAL = re.compile(r"\b(?:since|until|before|after)\s+$").search
_AFTER = re.compile(r"\bafter\s+$").search


def day_value(value: str) -> str:
    """The event's value: the timex value without its time of day ("2024-11-27TMO" -> day)."""
    return value.split("T")[0] if _DATED(value) else value


@lru_cache(maxsize=4096)
def day_bounds(value: str) -> tuple[str | None, str | None]:
    """`period_bounds(day_value(value))`, once per value: the sieves ask it of the same few
    timex values again and again (every pair of dates a sentence holds, every event after them).
    The cache is sound only while `period_bounds` and `day_value` stay pure functions of the
    value string (no publication date or settings read inside)."""
    return period_bounds(day_value(value))


@lru_cache(maxsize=64)
def _cue_search(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?:^|\W)(?:" + "|".join(re.escape(cue) for cue in cues) + r")\b")


def opens_with_cue(text: str, cues: tuple[str, ...]) -> bool:
    """Whether one of `cues` stands in `text` as a word ("(?:^|\\W)cue\\b"): one search with
    every cue as an alternative, compiled once per cue list, says what a search per cue says."""
    return bool(cues) and _cue_search(cues).search(text) is not None


def headline_like(line: str) -> bool:
    """A line that does not end as a sentence does (".", "!", "?", a closing quote, a colon
    announcing a quote): a headline or subhead, which sums up what the story tells."""
    line = line.strip()
    return bool(line) and line[-1] not in ".!?\"'”:"


def usable(t: Timex) -> bool:
    known = granularity(t.value) is not None or (t.value.startswith("XXXX-") and _DIGIT(t.value) is not None)
    return t.type in ("DATE", "TIME") and known


class Context:
    """One article's dating run: the record, its parse, the cues, and what the sieves learn."""

    def __init__(self, doc: Doc, record: Record, cues: Cues) -> None:
        self.doc, self.record, self.cues = doc, record, cues
        self.text = record.document.text
        self.dct = parse_dct(record.document.published)
        self.events = sorted(record.events, key=lambda e: e.trigger.start)
        self.times = sorted(record.times, key=lambda t: t.start)
        self.rechained: set[str] = set()  # events whose same-day date the chain replaced
        self.reported: set[str] = set()  # reporting verbs dated by the DCT: not the story's chronology
        # the document's own paragraph break: a blank line where it has them (plain text,
        # TimeML), else a line break (a web page's text gives one paragraph per line)
        self.paragraph_break = "\n\n" if "\n\n" in self.text.strip() else "\n"
        self.news_day: str | None = None  # see undated.news_day
        self.latest_past: tuple[str, Timex] | None = None  # see undated.latest_past_date
        self.latest_past_known = False
        self.story_reference: Event | None = None  # see undated.story_time
        self.story_reference_known = False
        # events named inside a time adjunct ("the day after [the offensive]"): reference points,
        # not the story's chronology, which advances with its main clauses
        self.framed: set[str] = set()
        self.explicit: set[str] = set()  # events the explicit sieves dated: they take no link
        self.links: dict[str, Link] = {}  # found by the links step, resolved by the settle step
        self.tokens: dict[tuple[int, int, bool], Token | None] = {}  # see `token`: asked 10x per event

    def sentence_times(self, event: Event) -> list[Timex]:
        s, e = event.sentence.start, event.sentence.end
        return [t for t in self.times if s <= t.start and t.end <= e]

    def verb(self, event: Event) -> Token | None:
        """The verb of the event's clause (the trigger itself when it is one)."""
        trigger = self.token(event.trigger.start, event.trigger.end)
        return verb_of(trigger) if trigger is not None else None

    def token(self, start: int, end: int, root: bool = False) -> Token | None:
        key = (start, end, root)
        if key in self.tokens:
            return self.tokens[key]
        span = self.doc.char_span(start, end, alignment_mode="expand")
        token = None if span is None or not len(span) else span.root if root else span[0]
        self.tokens[key] = token
        return token

    def paragraph_start(self, pos: int) -> int:
        """Where the paragraph holding `pos` begins."""
        found = self.text.rfind(self.paragraph_break, 0, pos)
        return 0 if found == -1 else found + len(self.paragraph_break)

    def paragraph_end(self, pos: int) -> int:
        """Where the paragraph holding `pos` ends."""
        found = self.text.find(self.paragraph_break, pos)
        return len(self.text) if found == -1 else found

    def dct_iso(self) -> str | None:
        return self.dct.isoformat() if self.dct else None

    def when_from(self, t: Timex, basis: str) -> EventWhen:
        """The event at the timex's date; only bounded by it when the timex is a bound ("more
        than two decades earlier" is before the date it reckons, "less than a year ago" after it)."""
        value = day_value(t.value)
        earliest, latest = day_bounds(t.value)
        bound = self.bound_side(t)
        if bound == "before":
            return EventWhen(value=None, latest=latest, time_ids=[t.id], basis=basis, relation="BEFORE")  # type: ignore[arg-type]
        if bound == "after":
            return EventWhen(value=None, earliest=earliest, latest=self.dct_iso(), time_ids=[t.id], basis=basis,  # type: ignore[arg-type]
                             relation="AFTER")
        return EventWhen(value=value, earliest=earliest, latest=latest, time_ids=[t.id], basis=basis)  # type: ignore[arg-type]

    def bound_side(self, t: Timex) -> str | None:
        """'before' or 'after' when a past date is given as a bound ("more than two decades
        ago": before the date reckoned; "less than a year ago": after it), else None."""
        if t.type != "DATE" or t.mod not in ("MORE_THAN", "LESS_THAN") or self.dct is None:
            return None
        start = day_bounds(t.value)[0]
        if start is None or start > self.dct.isoformat():
            return None
        return "before" if t.mod == "MORE_THAN" else "after"

    def same_as(self, other: Event, basis: str) -> EventWhen:
        """The other event's time (never its sieve: the sieve is the one that linked the two)."""
        w = other.when
        return EventWhen(value=w.value, earliest=w.earliest, latest=w.latest, time_ids=list(w.time_ids),
                         basis=basis, relation="SAME", relative_to=other.id)  # type: ignore[arg-type]

    def reference_times(self, start: int, end: int) -> list[Timex]:
        """Concrete dates in [start, end) that can date what follows ("since 2016" cannot)."""
        return [
            t for t in self.times
            if start <= t.start and t.end <= end and usable(t) and granularity(t.value)
            and self.bound_side(t) is None
            and not _BOUND_SIGNAL(self.text[max(0, t.start - 8) : t.start])
        ]

    def previous_event(self, event: Event) -> Event | None:
        before = [e for e in self.events if e.sentence.end <= event.sentence.start]
        return before[-1] if before else None

    def duration_after(self, event: Event, dates: list[Timex]) -> tuple[Timex, Timex] | None:
        """("after two days", the date it counts from) when they stand between date and trigger."""
        for t in self.sentence_times(event):
            if t.type != "DURATION" or not _AFTER(self.text[max(0, t.start - 12) : t.start]):
                continue
            before = [d for d in dates if d.end <= t.start]
            if before and t.end <= event.trigger.start:
                return t, before[-1]
        return None

    def according(self, event: Event) -> bool:
        """The event is the attribution "according to X" itself."""
        return event.trigger.text.lower() in self.cues.according

    def quoted(self, offset: int) -> bool:
        """Inside a quotation (the attribution stage's reading of the quotes, cached on the `Doc`)."""
        return any(q.start <= offset < q.end for q in find_quotes(self.doc, self.cues.speech))


def known_part(earliest: str | None, latest: str | None) -> str:
    """The part of a day both bounds agree on, TimeML style: 2024-12-07..2024-12-13 gives
    "2024-12-XX" (the day is unknown, the month is not); nothing shared gives "XXXX-XX-XX"."""
    if not earliest or not latest or len(earliest) < 10 or len(latest) < 10:
        return "XXXX-XX-XX"
    if earliest[:7] == latest[:7]:
        return earliest[:7] + "-XX"
    if earliest[:4] == latest[:4]:
        return earliest[:4] + "-XX-XX"
    return "XXXX-XX-XX"


def in_complement(token: Token, clause_verb: Token) -> bool:
    """Whether `token` hangs on a verb of a clause that `clause_verb` takes as its complement."""
    current = verb_of(token)
    if current is None or current.i == clause_verb.i:
        return False
    embedded = False
    for _ in range(CLIMB):
        # "said [it sold Macs last year]", "plans [to open in 2007]": another time; but
        # "began [raising its stake in July]", "was found [clinging to a tube Nov. 25]": the same
        embedded = embedded or current.dep_ == "ccomp" or (current.dep_ == "xcomp" and looks_ahead(current.head))
        if current.head.i == current.i:
            return False
        current = current.head
        if current.i == clause_verb.i:
            return embedded
    return False


def verb_of(token: Token) -> Token | None:
    current = token
    for _ in range(CLIMB):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None
