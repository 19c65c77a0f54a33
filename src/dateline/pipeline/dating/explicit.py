"""The explicit-date sieves: a date of the event's own sentence, the one attached to its trigger first.

Each sieve decides only what it is sure of and returns None for the rest; the stage tries
them in the order of `resources/time/en/sieves.yaml` (`explicit:`) and keeps the first
answer. Which dates of the sentence are the event's own at all (`candidate_dates`) is
shared by the sieves after `framing_anchor`:
  framing_anchor  "November 28, [the day after [the rebel offensive]]": the event is at the
                  date the phrase counts from, never at the phrase's own date;
  planned_date    "set a vote for Monday": the object of a scheduling verb is at the
                  scheduled date;
  sentence_date   the sentence's date that hangs on the event's verb, else the nearest one;
                  "between 2019 and 2022" an interval.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Token

from dateline.model import Event, EventWhen, Timex
from dateline.pipeline.dating.context import CLIMB, Context, day_bounds, in_complement, usable, verb_of
from dateline.pipeline.time.tense import looks_ahead, schedules

__all__ = ["EXPLICIT_SIEVES", "candidate_dates", "framing_anchor", "planned_date", "sentence_date"]


def framing_anchor(ctx: Context, event: Event) -> EventWhen | None:
    """ "November 28, [the day after [the rebel offensive]]": the phrase's date is reckoned from
    the event, so the event is at what it counts from (the anchor), never at it."""
    framing = _framing_timex(ctx, event)
    if framing is None:
        return None
    anchor = next((t for t in ctx.times if t.id == framing.anchor), None)
    if anchor is None or not usable(anchor):
        return None
    ctx.framed.add(event.id)
    return ctx.when_from(anchor, "anchored")


def candidate_dates(ctx: Context, event: Event) -> list[Timex] | None:
    """The sentence's dates that may be the event's own; None when none may.

    A framing phrase's date is never the event's ("the day after [the offensive]").
    "Sales fell in 1988, according to an aide": the aide speaks for this edition.
    "..., after two days of clashes, took": relative to the date, not on it (a link).
    """
    dates = [t for t in ctx.sentence_times(event) if usable(t)]
    framing = _framing_timex(ctx, event)
    if framing is not None:
        dates = [t for t in dates if t.id != framing.id]
    if not dates or ctx.according(event):
        return None
    if ctx.duration_after(event, dates) is not None:
        return None
    return dates


def planned_date(ctx: Context, event: Event) -> EventWhen | None:
    """ "set a vote for Monday": the object of a scheduling verb is at the scheduled date."""
    if candidate_dates(ctx, event) is None:
        return None
    token = ctx.token(event.trigger.start, event.trigger.end, root=True)
    if token is None or token.dep_ not in ("dobj", "nsubjpass"):
        return None
    verb = token.head
    for t in ctx.sentence_times(event):
        if usable(t) and _scheduled_by(ctx, t, verb):
            return ctx.when_from(t, "explicit")
    return None


def sentence_date(ctx: Context, event: Event) -> EventWhen | None:
    """A date of the event's sentence; one attached to the trigger beats a nearer one."""
    dates = candidate_dates(ctx, event)
    if dates is None:
        return None
    clause_verb = ctx.verb(event)
    if clause_verb is not None:
        # "set sentencing for Sept. 15", "scheduled a vote Thursday": the date is the plan's,
        # not the setting's (the planned event, if it is one, takes it: `planned_date`)
        dates = [t for t in dates if not _scheduled_by(ctx, t, clause_verb)]
        # "pleaded not guilty and resigned a month later": a date counted from the other
        # conjunct belongs to the one it is attached to
        dates = [t for t in dates if not _later_conjunct(ctx, t, clause_verb)]
        # "Jobs said his company sold 13.7 million Macs last year": the year dates the
        # sale, not the saying; a date inside the event's complement clause is not its own
        dates = [t for t in dates if not _in_complement_of(ctx, t, clause_verb)]
        trigger = ctx.token(event.trigger.start, event.trigger.end, root=True)
        if (ctx.dct is not None and trigger is not None and trigger.i == clause_verb.i
                and clause_verb.tag_ == "VBD" and not looks_ahead(clause_verb)):
            # "he never robbed anyone, but had a court date next month": a verb in the past
            # tense is before the DCT (Reichenbach: E < S), so a date wholly after it that the
            # parse does not attach to the verb is another clause's
            dct = ctx.dct.isoformat()
            dates = [t for t in dates if _attached_to(ctx, t, clause_verb)
                     or (day_bounds(t.value)[0] or "") <= dct]
        if clause_verb.dep_ == "parataxis" and clause_verb.lemma_.lower() in ctx.cues.speech:
            # "The switch, he said, would happen next year": the clause around the saying is
            # what is said; only a date of the saying's own is the saying's
            dates = [t for t in dates if _attached_to(ctx, t, clause_verb)]
        if not dates:
            return None

    def rank(t: Timex) -> tuple[int, int]:
        attached = clause_verb is not None and _attached_to(ctx, t, clause_verb)
        return (0 if attached else 1), abs(t.start - event.trigger.start)

    # "Yesterday, at this year's conference, Jobs unveiled ...": two dates the event is in
    # are both true of it, so the finer one, inside the other, says when
    level = min(rank(t)[0] for t in dates)
    tied = [t for t in dates if rank(t)[0] == level]
    best = min((t for t in tied if not any(_strictly_inside(o, t) for o in tied)), key=rank)
    basis = "explicit" if best.anchor in (None, "DCT") else "anchored"
    end = _range_end(ctx, best)
    if end is not None:
        # "steered contracts between 2019 and 2022": an interval, not its first year
        earliest, latest = day_bounds(best.value)[0], day_bounds(end.value)[1]
        if earliest and latest and earliest <= latest:
            return EventWhen(value=None, earliest=earliest, latest=latest, time_ids=[best.id, end.id],
                             basis=basis)  # type: ignore[arg-type]
    return ctx.when_from(best, basis)


EXPLICIT_SIEVES: dict[str, Callable[[Context, Event], EventWhen | None]] = {
    "framing_anchor": framing_anchor,
    "planned_date": planned_date,
    "sentence_date": sentence_date,
}


def _strictly_inside(inner: Timex, outer: Timex) -> bool:
    """`inner`'s period lies inside `outer`'s and is shorter (a day of a year, a month of it)."""
    a, b = day_bounds(inner.value)
    c, d = day_bounds(outer.value)
    return None not in (a, b, c, d) and c <= a and b <= d and (a, b) != (c, d)  # type: ignore[operator]


def _range_end(ctx: Context, t: Timex) -> Timex | None:
    """The second date of "between X and Y" / "from X to Y" when `t` is the first."""
    before = ctx.text[max(0, t.start - 9) : t.start].lower()
    opener = re.search(r"\b(between|from)\s+$", before)
    if opener is None:
        return None
    joiner = "and" if opener.group(1) == "between" else "(?:to|until|through)"
    for other in ctx.times:
        if other.start > t.end and re.fullmatch(rf"\s+{joiner}\s+", ctx.text[t.end : other.start]):
            return other if usable(other) else None
    return None


def _path_child(ctx: Context, t: Timex, verb: Token) -> Token | None:
    """The child of `verb` through which the timex hangs on it, if it does."""
    node = ctx.token(t.start, t.end, root=True)
    for _ in range(CLIMB):
        if node is None or node.head.i == node.i:
            return None
        if node.head.i == verb.i:
            return node
        node = node.head
    return None


def _scheduled_by(ctx: Context, t: Timex, verb: Token) -> bool:
    via = _path_child(ctx, t, verb)
    return via is not None and schedules(verb, via)


def _later_conjunct(ctx: Context, t: Timex, verb: Token) -> bool:
    """A date with "later"/"earlier" attached to a verb coordinated with `verb`, not `verb`."""
    if not re.search(r"\b(later|earlier|afterwards?)\b", t.text, re.IGNORECASE):
        return False
    root = ctx.token(t.start, t.end, root=True)
    owner = verb_of(root) if root is not None else None
    if owner is None or owner.i == verb.i:
        return False
    return (owner.dep_ == "conj" and owner.head.i == verb.i) or (verb.dep_ == "conj" and verb.head.i == owner.i)


def _framing_timex(ctx: Context, event: Event) -> Timex | None:
    """The timex whose signal governs the event ("the day after [the offensive]", "hours
    before [his escape]"): a date counted from the event, not one the event happened on."""
    token = ctx.token(event.trigger.start, event.trigger.end, root=True)
    if token is None:
        return None
    for hops, node in enumerate(token.ancestors):
        if hops > 3:
            break
        if node.dep_ == "prep" and node.lower_ in ctx.cues.signals:
            return next((t for t in ctx.sentence_times(event) if t.start <= node.idx < t.end), None)
    return None


def _attached_to(ctx: Context, t: Timex, verb: Token) -> bool:
    """The date hangs on `verb` itself (spaCy makes a new Token per access: compare indexes)."""
    root = ctx.token(t.start, t.end, root=True)
    found = verb_of(root) if root is not None else None
    return found is not None and found.i == verb.i


def _in_complement_of(ctx: Context, t: Timex, clause_verb: Token) -> bool:
    """Whether the date hangs on a verb of a clause that `clause_verb` takes as its
    complement ("said [that ... last year]", "plans [to open in 2007]")."""
    root = ctx.token(t.start, t.end, root=True)
    return root is not None and in_complement(root, clause_verb)
