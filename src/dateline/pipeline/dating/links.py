"""The link sieves: an event with no date of its own dated against another event or time.

A link is found first (`find`) and resolved later (`resolve`), once the event it points to
is dated itself: "that same day" after "hours before his escape" gets the escape's day (or
interval) once the escape has one. The stage tries the finders in the order of
`resources/time/en/sieves.yaml` (`links:`); a link that does not resolve leaves the event
to the undated sieves.
  after_duration  "..., after two days of clashes, took": the date plus the duration (relative);
  signal          "hours before his escape", "after the offensive": another event's date, or
                  an interval bounded by it (relative, with `relation` and `relative_to`);
  same_time       "that same day", "at the same time": the previous sentence's reference
                  event, else its last reference time (anchored);
  coordinated     a verb coordinated with a dated one ("fled ... and left"), or a bare
                  participle hanging on it, shares its date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Token

from dateline.model import Event, EventWhen, Timex
from dateline.pipeline.dating.context import (
    DURATION,
    OWN_CLAUSE_DEPS,
    Context,
    day_bounds,
    day_value,
    headline_like,
    in_complement,
    known_part,
    opens_with_cue,
    usable,
)
from dateline.pipeline.time.resolve import granularity, period_bounds, shift_value
from dateline.pipeline.time.tense import event_group

__all__ = ["LINK_SIEVES", "Link", "LinkSieve", "date_same_day_timex", "parenthetical_report",
           "same_day_follows_chain"]


@dataclass(frozen=True)
class Link:
    """What an undated event is dated against, found by the sieve named `sieve`."""

    sieve: str
    other: Event | None = None
    signal: Token | None = None


@dataclass(frozen=True)
class LinkSieve:
    find: Callable[[Context, Event], Link | None]
    resolve: Callable[[Context, Event, Link], EventWhen | None]


def parenthetical_report(ctx: Context, event: Event) -> bool:
    """A reporting verb set inside the clause it reports ("one source said,", "as the source
    notes,"): the time words of that clause are what is reported, not the reporting.
    "..., as the source notes, after finishing work, ...": the note is not after the work;
    such a verb takes no link at all."""
    verb = ctx.verb(event)
    if verb is None or verb.lemma_.lower() not in ctx.cues.speech:
        return False
    return verb.dep_ == "parataxis" or any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


# -------------------------------------------------------------- after_duration


def _find_after_duration(ctx: Context, event: Event) -> Link | None:
    dates = [t for t in ctx.sentence_times(event) if usable(t)]
    return Link("after_duration") if ctx.duration_after(event, dates) is not None else None


def _resolve_after_duration(ctx: Context, event: Event, link: Link) -> EventWhen | None:
    dates = [t for t in ctx.sentence_times(event) if usable(t)]
    found = ctx.duration_after(event, dates)
    return _after_duration_when(ctx, event, *found) if found is not None else None


def _after_duration_when(ctx: Context, event: Event, duration: Timex, base: Timex) -> EventWhen:
    m = DURATION.match(duration.value)
    value = None
    if m and granularity(base.value):
        months = 12 * int(m.group("Y") or 0) + int(m.group("M") or 0)
        days = 7 * int(m.group("W") or 0) + int(m.group("D") or 0)
        value = day_value(base.value)
        for n, unit in ((months, "M"), (days, "D")):
            if n and value is not None:
                value = shift_value(value, n, unit, "D")
    earliest, latest = period_bounds(value) if value else (None, None)
    if value and re.match(r"\s+of\s+(?:\w+\s+){0,2}$", ctx.text[duration.end : event.trigger.start]):
        # "after two days of [clashes]": the event named in the duration fills it, from the
        # date counted from to the end of the duration, not the day after it
        start = day_bounds(base.value)[0]
        return EventWhen(value=None, earliest=start, latest=period_bounds(value)[1], time_ids=[base.id, duration.id],
                         basis="relative", relation="DURING")
    if value and latest:
        last = date.fromisoformat(latest)
        latest = (last + timedelta(days=1)).isoformat() if last < date.max else latest
    source = next((e for e in ctx.events if e.id != event.id and e.sentence == event.sentence
                   and e.trigger.end <= duration.start), None)
    return EventWhen(
        value=value, earliest=earliest, latest=latest, time_ids=[base.id, duration.id], basis="relative",
        relation="AFTER", relative_to=source.id if source is not None else None,
    )


# -------------------------------------------------------------- signal


def _find_signal(ctx: Context, event: Event) -> Link | None:
    found = signal_target(ctx, event)
    return Link("signal", found[0], found[1]) if found is not None else None


def _resolve_signal(ctx: Context, event: Event, link: Link) -> EventWhen | None:
    if link.other is None or link.signal is None:
        return None
    return _relative_to(ctx, event, link.other, ctx.cues.signals[link.signal.lower_], link.signal)


def signal_target(ctx: Context, event: Event) -> tuple[Event, Token] | None:
    """"hours before his escape": a signal after the trigger whose object is another event."""
    span = ctx.doc.char_span(event.trigger.end, event.sentence.end, alignment_mode="expand")
    if span is None:
        return None
    clause_verb = ctx.verb(event)
    for token in span:
        if token.lower_ not in ctx.cues.signals:
            continue
        if clause_verb is not None and in_complement(token, clause_verb):
            continue  # "said [he left before the shooting]": the leaving is relative, not the saying
        for target in _signal_objects(token):
            other = _event_for(ctx, target, event)
            if other is not None:
                return other, token
    return None


def _same_day_signal(ctx: Context, signal: Token) -> bool:
    left = ctx.text[max(0, signal.idx - 20) : signal.idx]
    return bool(re.search(r"\b(?:hours?|minutes?|moments?)\s*$", left))


def _event_for(ctx: Context, token: Token, event: Event) -> Event | None:
    group = event_group(token.lemma_)
    for other in ctx.events:
        if other.id == event.id:
            continue
        trig = ctx.token(other.trigger.start, other.trigger.end)
        if trig is not None and (trig.i == token.i or event_group(trig.lemma_) == group):
            return other
    return None


def _relative_to(ctx: Context, event: Event, other: Event, relation: str, signal: Token) -> EventWhen:
    ref = other.when
    same_day = _same_day_signal(ctx, signal)
    value = ref.value if same_day else None
    earliest, latest = (ref.earliest, ref.latest) if same_day else (None, None)
    if not same_day and relation == "BEFORE":
        latest = (ref.value and period_bounds(ref.value)[1]) or ref.latest
    elif not same_day:
        earliest = (ref.value and period_bounds(ref.value)[0]) or ref.earliest
    if latest is None and ctx.dct is not None:
        latest = ctx.dct_iso()
    return EventWhen(
        value=value, earliest=earliest, latest=latest, time_ids=list(ref.time_ids), basis="relative",
        relation=relation, relative_to=other.id,
    )


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


# -------------------------------------------------------------- same_time


def _find_same_time(ctx: Context, event: Event) -> Link | None:
    opening = ctx.text[event.sentence.start : event.trigger.start].lower()
    if not opens_with_cue(opening, ctx.cues.same_time):
        return None
    return Link("same_time", _same_time_target(ctx, event))


def _resolve_same_time(ctx: Context, event: Event, link: Link) -> EventWhen | None:
    """"At the same time, Russia promised ...": the previous event's time, else the last date."""
    previous = link.other
    if previous is not None and (previous.when.value or previous.when.earliest):
        return ctx.same_as(previous, "anchored")
    # with a known but undated anchor event only a date from its sentence on may stand in:
    # an older date elsewhere in the story is unrelated to "that same day"
    earlier = ctx.reference_times(previous.sentence.start if previous is not None else 0, event.sentence.start)
    if earlier:
        return ctx.when_from(earlier[-1], "anchored")
    when = previous.when if previous is not None else EventWhen()
    return EventWhen(
        value=when.value, earliest=when.earliest, latest=when.latest or ctx.dct_iso(),
        time_ids=list(when.time_ids), basis="anchored", relation="SAME",
        relative_to=previous.id if previous is not None else None,
    )


def _same_time_target(ctx: Context, event: Event) -> Event | None:
    """The event "that same day" points to: the previous sentence's reference event.

    When that sentence is itself dated against another event ("hours before his escape"),
    the day is that other event's: the chain is followed to its dated or undated anchor.
    """
    previous = ctx.previous_event(event)
    if previous is None:
        return None
    chained = _chain_target(ctx, event, previous)
    if chained is not None:
        return chained
    sentence = [e for e in ctx.events if e.sentence == previous.sentence and e.id != event.id]
    dated = [e for e in sentence if e.when.value]
    return dated[-1] if dated else previous


def _chain_target(ctx: Context, event: Event, previous: Event) -> Event | None:
    """The event the previous sentence is dated against by a same-day signal ("hours before")."""
    for candidate in (e for e in ctx.events if e.sentence == previous.sentence and e.id != event.id):
        link = signal_target(ctx, candidate)
        if link is not None and link[0].id != event.id and _same_day_signal(ctx, link[1]):
            return link[0]
    return None


def _same_day_timex(ctx: Context, event: Event) -> Timex | None:
    """The "that same day" expression opening the event's sentence, if any."""
    opening = (event.sentence.start, event.trigger.start)
    for t in ctx.sentence_times(event):
        if t.end <= opening[1] and t.type in ("DATE", "TIME") and _is_same_time_cue(ctx, t.text):
            return t
    return None


def _is_same_time_cue(ctx: Context, text: str) -> bool:
    key = " ".join(text.lower().split())
    return any(key == cue or key.endswith(" " + cue) for cue in ctx.cues.same_time)


def same_day_follows_chain(ctx: Context, event: Event, when: EventWhen) -> bool:
    """True when the date came from a same-day cue but the previous sentence names its anchor
    event ("hours before his escape"): the time stage's last date may be unrelated.
    ("That same day" after "hours before his escape": the escape's day, found as a link.)"""
    timex = _same_day_timex(ctx, event)
    if timex is None or timex.id not in when.time_ids:
        return False
    previous = ctx.previous_event(event)
    if previous is None or _chain_target(ctx, event, previous) is None:
        return False
    anchor = next((t for t in ctx.times if t.id == timex.anchor), None)
    # the time stage's anchor is related when it dates the previous sentence itself
    return anchor is None or not (previous.sentence.start <= anchor.start < event.sentence.start)


def date_same_day_timex(ctx: Context, event: Event) -> None:
    """A same-day expression dated through its anchor event takes that event's date, or
    stays honestly unknown (never a date the time stage guessed from an unrelated mention)."""
    if event.when.basis != "anchored" or event.when.relation != "SAME":
        return
    timex = _same_day_timex(ctx, event)
    if timex is None:
        return
    value = event.when.value
    if value and granularity(value) == "D":
        timex.value, timex.anchor = value, (event.when.time_ids[0] if event.when.time_ids else None)
    elif event.id in ctx.rechained or timex.value.startswith("XXXX"):
        timex.value, timex.anchor = known_part(event.when.earliest, event.when.latest), None


# -------------------------------------------------------------- coordinated


def _find_coordinated(ctx: Context, event: Event) -> Link | None:
    """The event whose time this one shares: the verb it is coordinated with ("assured the
    chiefs ... and urged the troops to hold out"), or the one a bare participle of it
    hangs on ("accepted the papers, marking their entry"; "Addressing the ceremony, Orban said")."""
    verb = ctx.verb(event)
    if verb is None or verb.head.i == verb.i:
        return None
    participle = (verb.tag_ in ("VBG", "VBN") and verb.dep_ in ("advcl", "xcomp")
                  and not any(c.dep_ in OWN_CLAUSE_DEPS for c in verb.children))
    if verb.dep_ != "conj" and not participle:
        return None
    head = next((e for e in ctx.events if e.id != event.id and ctx.verb(e) == verb.head), None)
    return Link("coordinated", head) if head is not None else None


def _resolve_coordinated(ctx: Context, event: Event, link: Link) -> EventWhen | None:
    """The other event's date and basis; an event the DCT only bounds gives nothing to share."""
    other = link.other
    if other is None or other.when.basis in ("publication", "unknown"):
        return None
    return ctx.same_as(other, other.when.basis)


# -------------------------------------------------------------- coreferent


def _find_coreferent(ctx: Context, event: Event) -> Link | None:
    """ "hours before he fled ... the chiefs hours before his escape", "the offensive" after
    "launched an offensive": a definite or possessive event noun names an event told before it,
    by a word of the same event group (`resources/time/en/event_lemmas.tsv`). A definite
    description refers back; the event it refers to gives its time."""
    token = ctx.token(event.trigger.start, event.trigger.end, root=True)
    if token is None or token.pos_ != "NOUN" or event.type is not None:
        return None
    if not any(c.dep_ in ("poss", "det") and c.lower_ in ctx.cues.anaphoric for c in token.children):
        return None
    # "his escape": the one whose escape it is must be the one who fled (the cousins' flight
    # told in between is another event); a possessor no entity stands for links nothing
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    owners: set[str] = set()
    if owner is not None:
        owners = {ent.id for ent in ctx.record.entities
                  for m in ent.mentions if m.start <= owner.idx < m.end}
        if not owners:
            return None
    group = event_group(token.lemma_)
    for other in reversed([e for e in ctx.events if e.trigger.end <= event.trigger.start]):
        head = ctx.token(other.trigger.start, other.trigger.end, root=True)
        if head is None or head.i == token.i or event_group(head.lemma_) != group:
            continue
        if (owners and not owners & set(other.actors)) or _headline_like(ctx, other):
            continue
        return Link("coreferent", other)
    return None


def _headline_like(ctx: Context, event: Event) -> bool:
    """The event is in a line without a final stop (a headline or subhead): it sums up what the
    story tells, it is not an event the story told before."""
    start = ctx.text.rfind("\n", 0, event.trigger.start) + 1
    end = ctx.text.find("\n", event.trigger.end)
    return headline_like(ctx.text[start : end if end != -1 else len(ctx.text)])


def _resolve_coreferent(ctx: Context, event: Event, link: Link) -> EventWhen | None:
    other = link.other
    if other is None or other.when.basis in ("publication", "unknown"):
        return None
    return ctx.same_as(other, "anchored")


LINK_SIEVES: dict[str, LinkSieve] = {
    "after_duration": LinkSieve(_find_after_duration, _resolve_after_duration),
    "signal": LinkSieve(_find_signal, _resolve_signal),
    "same_time": LinkSieve(_find_same_time, _resolve_same_time),
    "coordinated": LinkSieve(_find_coordinated, _resolve_coordinated),
    "coreferent": LinkSieve(_find_coreferent, _resolve_coreferent),
}
