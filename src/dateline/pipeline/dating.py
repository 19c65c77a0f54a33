"""Event dates: gives every event its own 'when' (writes event.when).

Why a stage of its own: the time stage says what dates the text names; which event each
date belongs to is a separate decision, made in order of trust. An event gets
  explicit     a date of its own sentence, the one attached to its trigger first;
  anchored     "that same day", "at the same time": the last reference time;
  relative     "hours before his escape", "after two days of clashes": another event's
               date (or an interval bounded by it), with `relation` and `relative_to`;
               a verb coordinated with a dated one ("fled ... and left") shares its date;
  inferred     the present tense ("the army says"): the DCT's day; "will" ahead: not
               before the DCT; a reporting verb in the past ("the ministry said") with no
               date of its own: the DCT's day, the day before allowed (news reports what
               was said for this edition); else the story's chronology: after the dated
               event before it in the paragraph;
  publication  nothing else: only `latest` = the DCT, never `value`;
  unknown      not even a DCT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from dateline.model import Event, EventWhen, Record, SentenceRef, Timex
from dateline.pipeline.attribution_quotes import find_quotes
from dateline.pipeline.time import parse_dct
from dateline.pipeline.time_resolve import granularity, period_bounds, shift_value
from dateline.pipeline.time_tense import event_group, explicit_future, looks_ahead, schedules, verb_tense
from dateline.resources import load_yaml
from dateline.settings import Settings

__all__ = ["DatingStage"]

# "P2D", "P1Y6M" (a year and a half): counted in months, then in days
_DURATION = re.compile(r"^P(?=\d)(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?$")
_CLIMB = 8
# clauses a verb takes as its complement: a reporting verb inside one reports for another
# verb, not for this edition (`_reports`); which of their dates are their own: `_in_complement`
_COMPLEMENT_DEPS = ("ccomp", "xcomp")
# what a reporting verb reports: a clause ("said [it would]", "[...], he said") or a quotation
_REPORTED_DEPS = ("ccomp", "parataxis")
# a participle with these is a clause of its own ("after he was found", "when asked"), not a bare one
_OWN_CLAUSE_DEPS = ("mark", "aux", "auxpass", "nsubj", "nsubjpass")
_LEAD_SENTENCES = 2  # the first sentences with events: a headline and the lead, or the lead and the next


@dataclass(frozen=True)
class _Cues:
    signals: dict[str, str]
    same_time: tuple[str, ...]
    later: tuple[str, ...]
    speech: frozenset[str]  # reporting verbs' lemmas, shared with the attribution stage's cues
    according: frozenset[str]  # the heads of "according to X", from the same file


def _load_cues(language: str) -> _Cues:
    raw = load_yaml(f"time/{language}/dating.yaml") or {}
    attribution = load_yaml("attribution/cues.yaml")
    return _Cues(
        signals={k.lower(): v for k, v in (raw.get("signals") or {}).items()},
        same_time=tuple(sorted((c.lower() for c in raw.get("same_time") or []), key=len, reverse=True)),
        later=tuple(sorted((c.lower() for c in raw.get("later") or []), key=len, reverse=True)),
        speech=frozenset(attribution["speech_verbs"]["lemmas"]),
        according=frozenset(w.lower() for w in attribution["according_to"]["heads"]),
    )


def _day_value(value: str) -> str:
    """The event's value: the timex value without its time of day ("2024-11-27TMO" -> day)."""
    return value.split("T")[0] if re.match(r"^(?:\d{4}|XXXX)-", value) else value


def _usable(t: Timex) -> bool:
    known = granularity(t.value) is not None or (t.value.startswith("XXXX-") and bool(re.search(r"\d", t.value)))
    return t.type in ("DATE", "TIME") and known


class DatingStage:
    name = "dating"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.cues = _load_cues(settings.language)

    def __call__(self, doc: Doc, record: Record) -> None:
        _Dater(doc, record, self.cues).run()


class _Dater:
    def __init__(self, doc: Doc, record: Record, cues: _Cues) -> None:
        self.doc, self.record, self.cues = doc, record, cues
        self.text = record.document.text
        self.dct = parse_dct(record.document.published)
        self.events = sorted(record.events, key=lambda e: e.trigger.start)
        self.times = sorted(record.times, key=lambda t: t.start)
        self.rechained: set[str] = set()  # events whose same-day date the chain replaced
        self.reported: set[str] = set()  # reporting verbs dated by the DCT: not the story's chronology
        self.news_day: str | None = None  # see _news_day
        # events named inside a time adjunct ("the day after [the offensive]"): reference points,
        # not the story's chronology, which advances with its main clauses
        self.framed: set[str] = set()
        self.tokens: dict[tuple[int, int, bool], Token | None] = {}  # see _token: asked 10x per event

    def run(self) -> None:
        """Dates in order of trust; links to other events wait until those events are dated.

        1. explicit dates of the event's own sentence;
        2. links ("hours before his escape", "that same day", "after two days of clashes") are
           found, not yet resolved: the event they point to may itself be undated so far;
        3. events with neither: the paragraph's chronology, the lead's chronology, the DCT bound;
        4. links resolve in dependency order, so "that same day" after "hours before his
           escape" gets the escape's day (or interval) once the escape has one.
        """
        links: dict[str, tuple[str, Event | None, Token | None]] = {}
        for event in self.events:
            when = self._explicit(event)
            if when is not None and self._same_day_follows_chain(event, when):
                when = None  # "That same day" after "hours before his escape": the escape's day
                self.rechained.add(event.id)
            if when is not None:
                event.when = when
                continue
            link = self._link(event)
            if link is not None:
                links[event.id] = link
        for event in self.events:
            if event.when.basis == "unknown" and event.id not in links:
                event.when = self._undated(event)
        done: set[str] = set()

        def settle(event: Event, depth: int = 0) -> None:
            if event.id in done or event.id not in links:
                return
            done.add(event.id)
            kind, other, signal = links[event.id]
            if other is not None and depth < 8:
                settle(other, depth + 1)
            when = self._resolve_link(event, kind, other, signal)
            event.when = when or self._undated(event)

        for event in self.events:
            settle(event)
        for event in self.events:
            self._date_same_day_timex(event)

    def _link(self, event: Event) -> tuple[str, Event | None, Token | None] | None:
        """What an undated event is dated against: ("after_duration"|"signal"|"same"|"conj", event, signal)."""
        verb = self._verb(event)
        if verb is not None and self._parenthetical_report(verb):
            return None  # "..., as the source notes, after finishing work, ...": the note is not after the work
        dates = [t for t in self._sentence_times(event) if _usable(t)]
        if self._duration_after(event, dates) is not None:
            return "after_duration", None, None
        found = self._signal_target(event)
        if found is not None:
            return "signal", found[0], found[1]
        if self._same_time_cue(event):
            return "same", self._same_time_target(event), None
        head = self._coordinated_with(event)
        if head is not None:
            return "conj", head, None
        return None

    def _parenthetical_report(self, verb: Token) -> bool:
        """A reporting verb set inside the clause it reports ("one source said,", "as the source
        notes,"): the time words of that clause are what is reported, not the reporting."""
        if verb.lemma_.lower() not in self.cues.speech:
            return False
        return verb.dep_ == "parataxis" or any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)

    def _coordinated_with(self, event: Event) -> Event | None:
        """The event whose time this one shares: the verb it is coordinated with ("assured the
        chiefs ... and urged the troops to hold out"), or the one a bare participle of it
        hangs on ("accepted the papers, marking their entry"; "Addressing the ceremony, Orban said")."""
        verb = self._verb(event)
        if verb is None or verb.head.i == verb.i:
            return None
        participle = (verb.tag_ in ("VBG", "VBN") and verb.dep_ in ("advcl", "xcomp")
                      and not any(c.dep_ in _OWN_CLAUSE_DEPS for c in verb.children))
        if verb.dep_ != "conj" and not participle:
            return None
        return next((e for e in self.events if e.id != event.id and self._verb(e) == verb.head), None)

    def _resolve_link(self, event: Event, kind: str, other: Event | None, signal: Token | None) -> EventWhen | None:
        if kind == "after_duration":
            return self._relative(event)
        if kind == "signal" and other is not None and signal is not None:
            return self._relative_to(event, other, self.cues.signals[signal.lower_], signal)
        if kind == "same":
            return self._anchored(event, other)
        if kind == "conj" and other is not None and other.when.basis not in ("publication", "unknown"):
            return self._same_as(other, other.when.basis)
        return None

    # -------------------------------------------------------------- explicit

    def _sentence_times(self, event: Event) -> list[Timex]:
        s, e = event.sentence.start, event.sentence.end
        return [t for t in self.times if s <= t.start and t.end <= e]

    def _explicit(self, event: Event) -> EventWhen | None:
        """A date of the event's sentence; one attached to the trigger beats a nearer one."""
        dates = [t for t in self._sentence_times(event) if _usable(t)]
        framing = self._framing_timex(event)
        if framing is not None:
            # "November 28, [the day after [the rebel offensive]]": the phrase's date is reckoned
            # from the event, so the event is at what it counts from (the anchor), never at it
            anchor = next((t for t in self.times if t.id == framing.anchor), None)
            if anchor is not None and _usable(anchor):
                self.framed.add(event.id)
                return self._when_from(anchor, "anchored")
            dates = [t for t in dates if t.id != framing.id]
        if not dates or self._according(event):
            return None  # "Sales fell in 1988, according to an aide": the aide speaks for this edition
        if self._after_duration(event, dates):
            return None  # "..., after two days of clashes, took": relative to the date, not on it
        clause_verb = self._verb(event)
        if clause_verb is not None:
            # "set sentencing for Sept. 15", "scheduled a vote Thursday": the date is the plan's,
            # not the setting's (the planned event, if it is one, takes it below)
            dates = [t for t in dates if not self._scheduled_by(t, clause_verb)]
            # "pleaded not guilty and resigned a month later": a date counted from the other
            # conjunct belongs to the one it is attached to
            dates = [t for t in dates if not self._later_conjunct(t, clause_verb)]
        planned = self._planned_date(event)
        if planned is not None:
            return self._when_from(planned, "explicit")
        if clause_verb is not None:
            # "Jobs said his company sold 13.7 million Macs last year": the year dates the
            # sale, not the saying; a date inside the event's complement clause is not its own
            dates = [t for t in dates if not self._in_complement_of(t, clause_verb)]
            if clause_verb.dep_ == "parataxis" and clause_verb.lemma_.lower() in self.cues.speech:
                # "The switch, he said, would happen next year": the clause around the saying is
                # what is said; only a date of the saying's own is the saying's
                dates = [t for t in dates if self._attached_to(t, clause_verb)]
            if not dates:
                return None

        def rank(t: Timex) -> tuple[int, int]:
            attached = clause_verb is not None and self._attached_to(t, clause_verb)
            return (0 if attached else 1), abs(t.start - event.trigger.start)

        best = min(dates, key=rank)
        basis = "explicit" if best.anchor in (None, "DCT") else "anchored"
        end = self._range_end(best)
        if end is not None:
            # "steered contracts between 2019 and 2022": an interval, not its first year
            earliest, latest = period_bounds(_day_value(best.value))[0], period_bounds(_day_value(end.value))[1]
            if earliest and latest and earliest <= latest:
                return EventWhen(value=None, earliest=earliest, latest=latest, time_ids=[best.id, end.id],
                                 basis=basis)  # type: ignore[arg-type]
        return self._when_from(best, basis)

    def _range_end(self, t: Timex) -> Timex | None:
        """The second date of "between X and Y" / "from X to Y" when `t` is the first."""
        before = self.text[max(0, t.start - 9) : t.start].lower()
        opener = re.search(r"\b(between|from)\s+$", before)
        if opener is None:
            return None
        joiner = "and" if opener.group(1) == "between" else "(?:to|until|through)"
        for other in self.times:
            if other.start > t.end and re.fullmatch(rf"\s+{joiner}\s+", self.text[t.end : other.start]):
                return other if _usable(other) else None
        return None

    def _path_child(self, t: Timex, verb: Token) -> Token | None:
        """The child of `verb` through which the timex hangs on it, if it does."""
        node = self._token(t.start, t.end, root=True)
        for _ in range(_CLIMB):
            if node is None or node.head.i == node.i:
                return None
            if node.head.i == verb.i:
                return node
            node = node.head
        return None

    def _scheduled_by(self, t: Timex, verb: Token) -> bool:
        via = self._path_child(t, verb)
        return via is not None and schedules(verb, via)

    def _planned_date(self, event: Event) -> Timex | None:
        """ "set a vote for Monday": the object of a scheduling verb is at the scheduled date."""
        token = self._token(event.trigger.start, event.trigger.end, root=True)
        if token is None or token.dep_ not in ("dobj", "nsubjpass"):
            return None
        verb = token.head
        for t in self._sentence_times(event):
            if _usable(t) and self._scheduled_by(t, verb):
                return t
        return None

    def _later_conjunct(self, t: Timex, verb: Token) -> bool:
        """A date with "later"/"earlier" attached to a verb coordinated with `verb`, not `verb`."""
        if not re.search(r"\b(later|earlier|afterwards?)\b", t.text, re.IGNORECASE):
            return False
        root = self._token(t.start, t.end, root=True)
        owner = _verb_of(root) if root is not None else None
        if owner is None or owner.i == verb.i:
            return False
        return (owner.dep_ == "conj" and owner.head.i == verb.i) or (verb.dep_ == "conj" and verb.head.i == owner.i)

    def _framing_timex(self, event: Event) -> Timex | None:
        """The timex whose signal governs the event ("the day after [the offensive]", "hours
        before [his escape]"): a date counted from the event, not one the event happened on."""
        token = self._token(event.trigger.start, event.trigger.end, root=True)
        if token is None:
            return None
        for hops, node in enumerate(token.ancestors):
            if hops > 3:
                break
            if node.dep_ == "prep" and node.lower_ in self.cues.signals:
                return next((t for t in self._sentence_times(event) if t.start <= node.idx < t.end), None)
        return None

    def _attached_to(self, t: Timex, verb: Token) -> bool:
        """The date hangs on `verb` itself (spaCy makes a new Token per access: compare indexes)."""
        root = self._token(t.start, t.end, root=True)
        found = _verb_of(root) if root is not None else None
        return found is not None and found.i == verb.i

    def _in_complement_of(self, t: Timex, clause_verb: Token) -> bool:
        """Whether the date hangs on a verb of a clause that `clause_verb` takes as its
        complement ("said [that ... last year]", "plans [to open in 2007]")."""
        root = self._token(t.start, t.end, root=True)
        return root is not None and _in_complement(root, clause_verb)

    def _when_from(self, t: Timex, basis: str) -> EventWhen:
        value = _day_value(t.value)
        earliest, latest = period_bounds(value)
        return EventWhen(value=value, earliest=earliest, latest=latest, time_ids=[t.id], basis=basis)  # type: ignore[arg-type]

    def _after_duration(self, event: Event, dates: list[Timex]) -> bool:
        return self._duration_after(event, dates) is not None

    def _duration_after(self, event: Event, dates: list[Timex]) -> tuple[Timex, Timex] | None:
        """("after two days", the date it counts from) when they stand between date and trigger."""
        for t in self._sentence_times(event):
            if t.type != "DURATION" or not re.search(r"\bafter\s+$", self.text[max(0, t.start - 12) : t.start]):
                continue
            before = [d for d in dates if d.end <= t.start]
            if before and t.end <= event.trigger.start:
                return t, before[-1]
        return None

    # -------------------------------------------------------------- anchored

    def _same_time_cue(self, event: Event) -> bool:
        opening = self.text[event.sentence.start : event.trigger.start].lower()
        return any(re.search(rf"(?:^|\W){re.escape(cue)}\b", opening) for cue in self.cues.same_time)

    def _same_time_target(self, event: Event) -> Event | None:
        """The event "that same day" points to: the previous sentence's reference event.

        When that sentence is itself dated against another event ("hours before his escape"),
        the day is that other event's: the chain is followed to its dated or undated anchor.
        """
        previous = self._previous_event(event)
        if previous is None:
            return None
        chained = self._chain_target(event, previous)
        if chained is not None:
            return chained
        sentence = [e for e in self.events if e.sentence == previous.sentence and e.id != event.id]
        dated = [e for e in sentence if e.when.value]
        return dated[-1] if dated else previous

    def _chain_target(self, event: Event, previous: Event) -> Event | None:
        """The event the previous sentence is dated against by a same-day signal ("hours before")."""
        for candidate in (e for e in self.events if e.sentence == previous.sentence and e.id != event.id):
            link = self._signal_target(candidate)
            if link is not None and link[0].id != event.id and self._same_day_signal(link[1]):
                return link[0]
        return None

    def _same_day_timex(self, event: Event) -> Timex | None:
        """The "that same day" expression opening the event's sentence, if any."""
        opening = (event.sentence.start, event.trigger.start)
        for t in self._sentence_times(event):
            if t.end <= opening[1] and t.type in ("DATE", "TIME") and self._is_same_time_cue(t.text):
                return t
        return None

    def _is_same_time_cue(self, text: str) -> bool:
        key = " ".join(text.lower().split())
        return any(key == cue or key.endswith(" " + cue) for cue in self.cues.same_time)

    def _same_day_follows_chain(self, event: Event, when: EventWhen) -> bool:
        """True when the date came from a same-day cue but the previous sentence names its anchor
        event ("hours before his escape"): the time stage's last date may be unrelated."""
        timex = self._same_day_timex(event)
        if timex is None or timex.id not in when.time_ids:
            return False
        previous = self._previous_event(event)
        if previous is None or self._chain_target(event, previous) is None:
            return False
        anchor = next((t for t in self.times if t.id == timex.anchor), None)
        # the time stage's anchor is related when it dates the previous sentence itself
        return anchor is None or not (previous.sentence.start <= anchor.start < event.sentence.start)

    def _date_same_day_timex(self, event: Event) -> None:
        """A same-day expression dated through its anchor event takes that event's date, or
        stays honestly unknown (never a date the time stage guessed from an unrelated mention)."""
        if event.when.basis != "anchored" or event.when.relation != "SAME":
            return
        timex = self._same_day_timex(event)
        if timex is None:
            return
        value = event.when.value
        if value and granularity(value) == "D":
            timex.value, timex.anchor = value, (event.when.time_ids[0] if event.when.time_ids else None)
        elif event.id in self.rechained or timex.value.startswith("XXXX"):
            timex.value, timex.anchor = _known_part(event.when.earliest, event.when.latest), None

    def _anchored(self, event: Event, previous: Event | None = None) -> EventWhen | None:
        """"At the same time, Russia promised ...": the previous event's time, else the last date."""
        if previous is not None and (previous.when.value or previous.when.earliest):
            return self._same_as(previous, "anchored")
        # with a known but undated anchor event only a date from its sentence on may stand in:
        # an older date elsewhere in the story is unrelated to "that same day"
        earlier = self._reference_times(previous.sentence.start if previous is not None else 0, event.sentence.start)
        if earlier:
            return self._when_from(earlier[-1], "anchored")
        when = previous.when if previous is not None else EventWhen()
        return EventWhen(
            value=when.value, earliest=when.earliest, latest=when.latest or self._dct_iso(),
            time_ids=list(when.time_ids), basis="anchored", relation="SAME",
            relative_to=previous.id if previous is not None else None,
        )

    def _same_as(self, other: Event, basis: str) -> EventWhen:
        w = other.when
        return EventWhen(value=w.value, earliest=w.earliest, latest=w.latest, time_ids=list(w.time_ids),
                         basis=basis, relation="SAME", relative_to=other.id)  # type: ignore[arg-type]

    def _reference_times(self, start: int, end: int) -> list[Timex]:
        """Concrete dates in [start, end) that can date what follows ("since 2016" cannot)."""
        return [
            t for t in self.times
            if start <= t.start and t.end <= end and _usable(t) and granularity(t.value)
            and not re.search(r"\b(?:since|until|before|after)\s+$", self.text[max(0, t.start - 8) : t.start])
        ]

    def _previous_event(self, event: Event) -> Event | None:
        before = [e for e in self.events if e.sentence.end <= event.sentence.start]
        return before[-1] if before else None

    # -------------------------------------------------------------- relative

    def _relative(self, event: Event) -> EventWhen | None:
        dates = [t for t in self._sentence_times(event) if _usable(t)]
        found = self._duration_after(event, dates)
        if found is not None:
            return self._after_duration_when(event, *found)
        return None

    def _after_duration_when(self, event: Event, duration: Timex, base: Timex) -> EventWhen:
        m = _DURATION.match(duration.value)
        value = None
        if m and granularity(base.value):
            months = 12 * int(m.group("Y") or 0) + int(m.group("M") or 0)
            days = 7 * int(m.group("W") or 0) + int(m.group("D") or 0)
            value = _day_value(base.value)
            for n, unit in ((months, "M"), (days, "D")):
                if n and value is not None:
                    value = shift_value(value, n, unit, "D")
        earliest, latest = period_bounds(value) if value else (None, None)
        if value and latest:
            latest = (date.fromisoformat(latest) + timedelta(days=1)).isoformat()
        source = next((e for e in self.events if e.id != event.id and e.sentence == event.sentence
                       and e.trigger.end <= duration.start), None)
        return EventWhen(
            value=value, earliest=earliest, latest=latest, time_ids=[base.id, duration.id], basis="relative",
            relation="AFTER", relative_to=source.id if source is not None else None,
        )

    def _signal_target(self, event: Event) -> tuple[Event, Token] | None:
        """"hours before his escape": a signal after the trigger whose object is another event."""
        span = self.doc.char_span(event.trigger.end, event.sentence.end, alignment_mode="expand")
        if span is None:
            return None
        clause_verb = self._verb(event)
        for token in span:
            if token.lower_ not in self.cues.signals:
                continue
            if clause_verb is not None and _in_complement(token, clause_verb):
                continue  # "said [he left before the shooting]": the leaving is relative, not the saying
            for target in _signal_objects(token):
                other = self._event_for(target, event)
                if other is not None:
                    return other, token
        return None

    def _same_day_signal(self, signal: Token) -> bool:
        left = self.text[max(0, signal.idx - 20) : signal.idx]
        return bool(re.search(r"\b(?:hours?|minutes?|moments?)\s*$", left))

    def _event_for(self, token: Token, event: Event) -> Event | None:
        group = event_group(token.lemma_)
        for other in self.events:
            if other.id == event.id:
                continue
            trig = self._token(other.trigger.start, other.trigger.end)
            if trig is not None and (trig.i == token.i or event_group(trig.lemma_) == group):
                return other
        return None

    def _relative_to(self, event: Event, other: Event, relation: str, signal: Token) -> EventWhen:
        ref = other.when
        same_day = self._same_day_signal(signal)
        value = ref.value if same_day else None
        earliest, latest = (ref.earliest, ref.latest) if same_day else (None, None)
        if not same_day and relation == "BEFORE":
            latest = (ref.value and period_bounds(ref.value)[1]) or ref.latest
        elif not same_day:
            earliest = (ref.value and period_bounds(ref.value)[0]) or ref.earliest
        if latest is None and self.dct is not None:
            latest = self._dct_iso()
        return EventWhen(
            value=value, earliest=earliest, latest=latest, time_ids=list(ref.time_ids), basis="relative",
            relation=relation, relative_to=other.id,
        )

    # -------------------------------------------------------------- inferred / fallback

    def _undated(self, event: Event) -> EventWhen:
        """An event with no date of its own and no link: its tense, the story, the lead, the DCT bound."""
        return (self._present(event) or self._future(event) or self._reported(event) or self._inferred(event)
                or self._news_lead(event) or self._lead(event) or self._fallback())

    def _news_lead(self, event: Event) -> EventWhen | None:
        """ "Apple has released new iPods", "Police arrested a man": a past or present-perfect verb
        of the lead sentence that no date dates is the news day, the day before allowed.

        Why: a news story opens with what happened since the last edition (the inverted
        pyramid); a lead that names no day tells the news day's event. Only the lead's own
        verbs, not its quotes, not what it looks ahead to; background comes later in the story.
        Not when the story's latest date lies days before the DCT: then the lead may report
        on that, and `_lead`'s bounds say what is known.
        """
        if self.dct is None or not self._in_lead_sentence(event) or self._quoted(event.trigger.start):
            return None
        verb, trigger = self._verb(event), self._token(event.trigger.start, event.trigger.end, root=True)
        if verb is None or trigger is None or verb.i != trigger.i:
            return None  # the clause's own verb only, not a noun or a participle hanging on it
        if verb_tense(verb) != "past" or looks_ahead(verb) or any(c.lower_ == "had" for c in verb.children):
            return None
        if any(_usable(t) for t in self._sentence_times(event)):
            return None  # a dated lead dates its events itself, or they are not the news
        dct, day_before = self.dct.isoformat(), (self.dct - timedelta(days=1)).isoformat()
        days = [period_bounds(_day_value(t.value))[0] for t in self.times if _usable(t) and granularity(t.value)]
        latest = max((d for d in days if d is not None and d <= dct), default=None)
        if latest is not None and latest < day_before:
            # the story's own latest date is days back ("took Daraa on December 7" in a story of
            # the 13th): the lead may report on it; keep the bounds, claim no day
            return None
        return EventWhen(value=self._news_day(), earliest=(self.dct - timedelta(days=1)).isoformat(),
                         latest=self.dct.isoformat(), basis="inferred", relation="SAME")

    def _in_lead_sentence(self, event: Event) -> bool:
        """The event is in the story's first two sentences with events: a headline and the lead,
        or the lead and the next (as `_news_day` reads the lead)."""
        sentences: list[SentenceRef] = []
        for e in self.events:
            if e.sentence not in sentences:
                sentences.append(e.sentence)
            if len(sentences) == _LEAD_SENTENCES:
                break
        return event.sentence in sentences

    def _present(self, event: Event) -> EventWhen | None:
        """ "Apple says", "the company is cutting jobs": the present tense is the DCT's day.

        Why before the story's chronology: a present-tense clause after a dated background
        sentence is about now, not about that earlier date.
        """
        if self.dct is None:
            return None
        verb = self._verb(event)
        if verb is None or verb_tense(verb) != "present":
            return None
        day = self.dct.isoformat()
        if self._in_headline(event):
            # "Steve Jobs dies" over "... has died yesterday": the headline's present is the news
            news = self._news_day()
            return EventWhen(value=news, earliest=news, latest=day, basis="inferred", relation="SAME")
        return EventWhen(value=day, earliest=day, latest=day, basis="inferred", relation="SAME")

    def _in_headline(self, event: Event) -> bool:
        """The event is in a first line that ends without a full stop: a headline."""
        first_break = self.text.find("\n")
        headline = self.text[:first_break].strip() if first_break != -1 else ""
        return bool(headline) and event.trigger.end <= first_break and headline[-1] not in ".!?\"'”"

    def _future(self, event: Event) -> EventWhen | None:
        """ "The ministry will say more": not before the DCT, whatever date the story gave last."""
        if self.dct is None:
            return None
        verb = self._verb(event)
        if verb is None or not explicit_future(verb):
            return None
        return EventWhen(value=None, earliest=self.dct.isoformat(), basis="inferred", relation="AFTER")

    def _reported(self, event: Event) -> EventWhen | None:
        """ "..., the ministry said": an undated reporting verb in the past, or an "according to",
        is the news day (`_news_day`: the DCT's, or the day before when the lead says so), the
        interval the two days.

        Why before the story's chronology: news reports what sources said for this edition;
        "On Monday the army shelled the town. The ministry said it regrouped." dates the
        shelling, not the saying. Of TimeBank's undated reporting verbs in the past, 83 % are
        on the DCT's day and 14 % on the day before; the interval holds both. Not a report
        for this edition (`_reports`): a to-infinitive, a verb inside another verb's reported
        clause, a denial of speaking with nothing reported ("did not tell his brother"); nor
        a verb inside a quotation (the speaker's own story).
        The saying's date does not seed the story's chronology (`self.reported`).
        """
        if self.dct is None:
            return None
        verb = self._verb(event)
        according = self._according(event)
        if not according and (verb is None or verb.lemma_.lower() not in self.cues.speech
                              or verb_tense(verb) != "past" or not self._reports(verb)):
            return None
        if self._quoted(event.trigger.start):
            return None
        self.reported.add(event.id)
        return EventWhen(value=self._news_day(), earliest=(self.dct - timedelta(days=1)).isoformat(),
                         latest=self.dct.isoformat(), basis="inferred", relation="SAME")

    def _news_day(self) -> str:
        """The day the story's news happened: the day before the DCT when the lead names it
        first ("Yesterday, Jobs unveiled ...", "announced Friday" in an edition dated the
        morning after), else the DCT's day.

        Why only that day: a lead's earlier date is as often a background event ("since the
        Aug. 7 bombings") as the news (measured on TBAQ, where a week's reach lost 10 dates).
        """
        if self.news_day is None:
            assert self.dct is not None
            dct, day_before = self.dct.isoformat(), (self.dct - timedelta(days=1)).isoformat()
            self.news_day = dct
            lead: list[SentenceRef] = []
            for e in self.events:
                if e.sentence not in lead:
                    lead.append(e.sentence)
                if len(lead) == _LEAD_SENTENCES:
                    break
            for t in self.times:
                value = _day_value(t.value)
                if (any(s.start <= t.start < s.end for s in lead) and granularity(value) == "D"
                        and day_before <= value <= dct):
                    self.news_day = value
                    break
        return self.news_day

    def _according(self, event: Event) -> bool:
        """The event is the attribution "according to X" itself."""
        return event.trigger.text.lower() in self.cues.according

    def _reports(self, verb: Token) -> bool:
        """A report made for this edition: a finite verb, not itself inside what another verb
        reports ("said they had entered Damascus and declared ..."), and reporting something —
        a clause, a quotation — or at least not a denial of speaking ("did not tell his
        brother about the plan" is part of the story, not a report on it)."""
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return False  # "failed to inform his cousins"
        token = verb
        for _ in range(_CLIMB):
            if token.dep_ in _COMPLEMENT_DEPS:
                return False
            if token.head.i == token.i:
                break
            token = token.head
        return (verb.dep_ == "parataxis" or any(c.dep_ in _REPORTED_DEPS for c in verb.children)
                or not any(c.dep_ == "neg" for c in verb.children))

    def _quoted(self, offset: int) -> bool:
        """Inside a quotation (the attribution stage's reading of the quotes, cached on the `Doc`)."""
        return any(q.start <= offset < q.end for q in find_quotes(self.doc, self.cues.speech))

    def _opens_later(self, event: Event) -> bool:
        opening = self.text[event.sentence.start : event.trigger.start].lower()
        return any(re.search(rf"(?:^|\W){re.escape(cue)}\b", opening) for cue in self.cues.later)

    def _inferred(self, event: Event) -> EventWhen | None:
        """The story's chronology: the paragraph's last date before the event, or after it ("Later, ...")."""
        para_start = self.text.rfind("\n\n", 0, event.trigger.start) + 1
        dated = [
            e for e in self.events
            if para_start <= e.trigger.start < event.trigger.start and e.when.value and e.when.earliest
            and e.id not in self.reported and e.id not in self.framed
        ]
        times = self._reference_times(para_start, event.sentence.start)
        if self._in_past(event):
            # "Jobs said the switch would happen next year. He talked about ...": a past
            # event does not take up a date the story only looks ahead to
            dated = [e for e in dated if not self._after_dct(e.when.earliest)]
            times = [t for t in times if not self._after_dct(period_bounds(_day_value(t.value))[0])]
        later = self._opens_later(event)
        last_event = dated[-1] if dated else None
        last_time = times[-1] if times else None
        if last_event is None and last_time is None:
            return None
        use_event = last_event is not None and (last_time is None or last_event.trigger.start > last_time.start)
        if use_event and last_event is not None:
            base = last_event.when
            if not later:
                return self._same_as(last_event, "inferred")
            return EventWhen(value=None, earliest=base.earliest, latest=self._dct_iso(),
                             time_ids=list(base.time_ids), basis="inferred", relation="AFTER",
                             relative_to=last_event.id)
        if last_time is None:
            return None
        if not later:
            return self._when_from(last_time, "inferred")
        earliest, _ = period_bounds(_day_value(last_time.value))
        return EventWhen(value=None, earliest=earliest, latest=self._dct_iso(), time_ids=[last_time.id],
                         basis="inferred", relation="AFTER")

    def _in_past(self, event: Event) -> bool:
        verb = self._verb(event)
        return verb is not None and verb_tense(verb) == "past"

    def _after_dct(self, day: str | None) -> bool:
        return self.dct is not None and day is not None and day > self.dct.isoformat()

    def _lead(self, event: Event) -> EventWhen | None:
        """The lead paragraph reports the story's newest development: not before the latest
        date the story gives (up to the DCT), not after the DCT. Basis inferred, no value."""
        if self.dct is None:
            return None
        lead_end = self.text.find("\n\n")
        if lead_end != -1 and event.trigger.start > lead_end:
            return None
        dct = self.dct.isoformat()
        days = [(period_bounds(_day_value(t.value))[0], t) for t in self.times if _usable(t) and granularity(t.value)]
        past = [(d, t) for d, t in days if d is not None and d <= dct]
        if not past:
            return None
        day, timex = max(past, key=lambda dt: dt[0] or "")
        source = next((e for e in reversed(self.events) if e.id != event.id and timex.id in e.when.time_ids
                       and e.when.value), None)
        return EventWhen(value=None, earliest=day, latest=dct, time_ids=[timex.id], basis="inferred",
                         relation="AFTER", relative_to=source.id if source is not None else None)

    def _fallback(self) -> EventWhen:
        if self.dct is None:
            return EventWhen(basis="unknown")
        return EventWhen(value=None, latest=self._dct_iso(), basis="publication")

    def _verb(self, event: Event) -> Token | None:
        """The verb of the event's clause (the trigger itself when it is one)."""
        trigger = self._token(event.trigger.start, event.trigger.end)
        return _verb_of(trigger) if trigger is not None else None

    def _dct_iso(self) -> str | None:
        return self.dct.isoformat() if self.dct else None

    def _token(self, start: int, end: int, root: bool = False) -> Token | None:
        key = (start, end, root)
        if key in self.tokens:
            return self.tokens[key]
        span = self.doc.char_span(start, end, alignment_mode="expand")
        token = None if span is None or not len(span) else span.root if root else span[0]
        self.tokens[key] = token
        return token


def _known_part(earliest: str | None, latest: str | None) -> str:
    """The part of a day both bounds agree on, TimeML style: 2024-12-07..2024-12-13 gives
    "2024-12-XX" (the day is unknown, the month is not); nothing shared gives "XXXX-XX-XX"."""
    if not earliest or not latest or len(earliest) < 10 or len(latest) < 10:
        return "XXXX-XX-XX"
    if earliest[:7] == latest[:7]:
        return earliest[:7] + "-XX"
    if earliest[:4] == latest[:4]:
        return earliest[:4] + "-XX-XX"
    return "XXXX-XX-XX"


def _in_complement(token: Token, clause_verb: Token) -> bool:
    """Whether `token` hangs on a verb of a clause that `clause_verb` takes as its complement."""
    current = _verb_of(token)
    if current is None or current.i == clause_verb.i:
        return False
    embedded = False
    for _ in range(_CLIMB):
        # "said [it sold Macs last year]", "plans [to open in 2007]": another time; but
        # "began [raising its stake in July]", "was found [clinging to a tube Nov. 25]": the same
        embedded = embedded or current.dep_ == "ccomp" or (current.dep_ == "xcomp" and looks_ahead(current.head))
        if current.head.i == current.i:
            return False
        current = current.head
        if current.i == clause_verb.i:
            return embedded
    return False


def _verb_of(token: Token) -> Token | None:
    current = token
    for _ in range(_CLIMB):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _signal_objects(signal: Token) -> list[Token]:
    """Words the signal may introduce, best first: its object, the next nouns/verbs, its clause.

    The next words count too because parsers often misattach "before his escape that ...".
    """
    found = [child for child in signal.children if child.dep_ in ("pobj", "pcomp")]
    doc = signal.doc
    for token in doc[signal.i + 1 : min(len(doc), signal.i + 5)]:
        if token.pos_ in ("NOUN", "VERB") and token not in found:
            found.append(token)
        if token.pos_ in ("PUNCT",):
            break
    if signal.dep_ == "mark" and signal.head not in found:
        found.append(signal.head)
    return found
