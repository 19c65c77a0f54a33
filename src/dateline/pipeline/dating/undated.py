"""The undated sieves: an event with no date of its own and no link that resolves.

Its tense, the story, the lead, the DCT bound, tried in the order of
`resources/time/en/sieves.yaml` (`undated:`), the first answer kept:
  present      "the army says": the DCT's day;
  future       "will" ahead: not before the DCT;
  reported     a reporting verb in the past ("the ministry said") with no date of its own:
               the news day, the day before allowed (news reports what was said for this edition);
  chronology   the story's chronology: the paragraph's last date before the event, or after
               it ("Later, ...");
  news_lead    a past verb of the lead that no date dates: the news day;
  lead_bounds  the lead reports the newest development: between the story's latest date and
               the DCT, no value;
  fallback     nothing else: only `latest` = the DCT, never `value` (basis publication), or
               not even a DCT (basis unknown).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from spacy.tokens import Token

from dateline.model import Event, EventWhen, SentenceRef, Timex
from dateline.pipeline.dating.context import (
    CLIMB,
    COMPLEMENT_DEPS,
    LEAD_SENTENCES,
    REPORTED_DEPS,
    Context,
    day_bounds,
    day_value,
    headline_like,
    opens_with_cue,
    usable,
)
from dateline.pipeline.time.resolve import granularity
from dateline.pipeline.time.tense import explicit_future, looks_ahead, verb_tense

__all__ = ["UNDATED_SIEVES", "chronology", "fallback", "future", "lead_bounds", "news_day", "news_lead",
           "present", "reported", "story_time"]


def present(ctx: Context, event: Event) -> EventWhen | None:
    """ "Apple says", "the company is cutting jobs": the present tense is the DCT's day.

    Why before the story's chronology: a present-tense clause after a dated background
    sentence is about now, not about that earlier date.
    """
    if ctx.dct is None:
        return None
    verb = ctx.verb(event)
    if verb is None or verb_tense(verb) != "present":
        return None
    day = ctx.dct.isoformat()
    if _in_headline(ctx, event):
        # "Steve Jobs dies" over "... has died yesterday": the headline's present is the news
        news = news_day(ctx)
        return EventWhen(value=news, earliest=news, latest=day, basis="inferred", relation="SAME")
    return EventWhen(value=day, earliest=day, latest=day, basis="inferred", relation="SAME")


def future(ctx: Context, event: Event) -> EventWhen | None:
    """ "The ministry will say more": not before the DCT, whatever date the story gave last."""
    if ctx.dct is None:
        return None
    verb = ctx.verb(event)
    if verb is None or not explicit_future(verb):
        return None
    return EventWhen(value=None, earliest=ctx.dct.isoformat(), basis="inferred", relation="AFTER")


def reported(ctx: Context, event: Event) -> EventWhen | None:
    """ "..., the ministry said": an undated reporting verb in the past, or an "according to",
    is the news day (`news_day`: the DCT's, or the day before when the lead says so), the
    interval the two days.

    Why before the story's chronology: news reports what sources said for this edition;
    "On Monday the army shelled the town. The ministry said it regrouped." dates the
    shelling, not the saying. Of TimeBank's undated reporting verbs in the past, 83 % are
    on the DCT's day and 14 % on the day before; the interval holds both. Not a report
    for this edition (`_reports`): a to-infinitive, a verb inside another verb's reported
    clause, a denial of speaking with nothing reported ("did not tell his brother"); nor
    a verb inside a quotation (the speaker's own story).
    The saying's date does not seed the story's chronology (`ctx.reported`).
    """
    if ctx.dct is None:
        return None
    verb = ctx.verb(event)
    according = ctx.according(event)
    if not according and (verb is None or verb.lemma_.lower() not in ctx.cues.speech
                          or verb_tense(verb) != "past" or not _reports(verb)):
        return None
    if ctx.quoted(event.trigger.start):
        return None
    ctx.reported.add(event.id)
    return _on_news_day(ctx)


def chronology(ctx: Context, event: Event) -> EventWhen | None:
    """The story's chronology: the paragraph's last date before the event, or after it ("Later, ...").

    Not a present perfect ("the city has cut the time it holds remains"): the perfect puts
    the event before now without placing it, and English does not let it take a definite
    past time ("*has cut it on Monday", Klein's present-perfect puzzle), so the
    paragraph's earlier date is not its date either; the DCT bounds it (`fallback`).
    """
    if _present_perfect(event):
        return None
    para_start = ctx.paragraph_start(event.trigger.start)
    dated = [
        e for e in ctx.events
        if para_start <= e.trigger.start < event.trigger.start and e.when.value and e.when.earliest
        and e.id not in ctx.reported and e.id not in ctx.framed
    ]
    times = ctx.reference_times(para_start, event.sentence.start)
    if _in_past(ctx, event):
        # "Jobs said the switch would happen next year. He talked about ...": a past
        # event does not take up a date the story only looks ahead to
        dated = [e for e in dated if not _after_dct(ctx, e.when.earliest)]
        times = [t for t in times if not _after_dct(ctx, day_bounds(t.value)[0])]
    later = _opens_later(ctx, event)
    last_event = dated[-1] if dated else None
    last_time = times[-1] if times else None
    if last_event is None and last_time is None:
        return None
    use_event = last_event is not None and (last_time is None or last_event.trigger.start > last_time.start)
    if use_event and last_event is not None:
        base = last_event.when
        if not later:
            return ctx.same_as(last_event, "inferred")
        return EventWhen(value=None, earliest=base.earliest, latest=ctx.dct_iso(),
                         time_ids=list(base.time_ids), basis="inferred", relation="AFTER",
                         relative_to=last_event.id)
    if last_time is None:
        return None
    if not later:
        return ctx.when_from(last_time, "inferred")
    earliest, _ = day_bounds(last_time.value)
    return EventWhen(value=None, earliest=earliest, latest=ctx.dct_iso(), time_ids=[last_time.id],
                     basis="inferred", relation="AFTER")


def _previous_day(day: date) -> str:
    """The ISO day before `day` (the day itself at the calendar's first day)."""
    return (day - timedelta(days=1)).isoformat() if day > date.min else day.isoformat()


def news_lead(ctx: Context, event: Event) -> EventWhen | None:
    """ "Apple has released new iPods", "Police arrested a man": a past or present-perfect verb
    of the lead sentence that no date dates is the news day, the day before allowed.

    Why: a news story opens with what happened since the last edition (the inverted
    pyramid); a lead that names no day tells the news day's event. Only the lead's own
    verbs, not its quotes, not what it looks ahead to; background comes later in the story.
    Not when the story's latest date lies days before the DCT: then the lead may report
    on that, and `lead_bounds` says what is known.
    """
    if ctx.dct is None or not _in_lead_sentence(ctx, event) or ctx.quoted(event.trigger.start):
        return None
    verb, trigger = ctx.verb(event), ctx.token(event.trigger.start, event.trigger.end, root=True)
    if verb is None or trigger is None or verb.i != trigger.i:
        return None  # the clause's own verb only, not a noun or a participle hanging on it
    if verb_tense(verb) != "past" or looks_ahead(verb) or any(c.lower_ == "had" for c in verb.children):
        return None
    if _sentence_dated(ctx, event):
        return None  # a dated lead dates its events itself, or they are not the news (even a date
        # that could not be resolved: "100 centuries ago" is no news day)
    latest = latest_past_date(ctx)
    if latest is not None and latest[0] < _previous_day(ctx.dct):
        # the story's own latest date is days back ("took Daraa on December 7" in a story of
        # the 13th): the lead may report on it; keep the bounds, claim no day
        return None
    return _on_news_day(ctx)


def _on_news_day(ctx: Context) -> EventWhen:
    """The news day, the day before allowed (reports for this edition, the lead's news)."""
    assert ctx.dct is not None
    return EventWhen(value=news_day(ctx), earliest=_previous_day(ctx.dct),
                     latest=ctx.dct.isoformat(), basis="inferred", relation="SAME")


def latest_past_date(ctx: Context) -> tuple[str, Timex] | None:
    """The latest first day, up to the DCT, of the story's concrete dates, and its timex (once
    per article: every undated event of the lead asks)."""
    if not ctx.latest_past_known and ctx.dct is not None:
        dct = ctx.dct.isoformat()
        days = [(day_bounds(t.value)[0], t) for t in ctx.times
                if usable(t) and granularity(t.value) and ctx.bound_side(t) is None]
        past = [(d, t) for d, t in days if d is not None and d <= dct]
        ctx.latest_past = max(past, key=lambda dt: dt[0]) if past else None
        ctx.latest_past_known = True
    return ctx.latest_past


def lead_bounds(ctx: Context, event: Event) -> EventWhen | None:
    """The lead paragraph reports the story's newest development: not before the latest
    date the story gives (up to the DCT), not after the DCT. Basis inferred, no value."""
    if ctx.dct is None:
        return None
    if event.trigger.start > _lead_end(ctx):
        return None
    found = latest_past_date(ctx)
    if found is None:
        return None
    day, timex = found
    dct = ctx.dct.isoformat()
    source = next((e for e in reversed(ctx.events) if e.id != event.id and timex.id in e.when.time_ids
                   and e.when.value), None)
    return EventWhen(value=None, earliest=day, latest=dct, time_ids=[timex.id], basis="inferred",
                     relation="AFTER", relative_to=source.id if source is not None else None)


def story_time(ctx: Context, event: Event) -> EventWhen | None:
    """ "On Monday Jobs unveiled the iPhone 4. [...] He demoed the gyroscope.": a simple-past
    verb of the story's body whose paragraph gives no date is at the lead's time.

    Why: narrative past tense moves the story along from its reference time and keeps that
    time until a date shifts it (Reichenbach's reference point; Dowty's temporal discourse
    interpretation; Mani & Wilson's temporal focus); a news story sets its reference time in
    the lead. Only when no paragraph between the lead and the event gave a later date
    (which moved the focus on; `chronology` reads within a paragraph). An earlier date does
    not: news discourse is not told in order, and what happened before the main event
    (van Dijk's "previous events" and "history", Bell's background) is a section the story
    comes back from to its main event, so "In April, a blog obtained a prototype." between
    "On Monday Jobs unveiled the phone" and "He demoed the gyroscope" leaves the demo on
    Monday (MEANTIME Apple, merged dates 87 -> 98 of 135; TBAQ end to end 1614 -> 1624). Only
    a main clause's own past verb (Hopper's foreground: subordinate clauses, "She added
    that she raised those issues", are background, timed by their own verb), not a
    pluperfect ("had sold": before the reference time), a present perfect (not placed, see
    `chronology`), a verb that looks ahead, a quotation.
    """
    lead_end = _lead_end(ctx)
    if ctx.dct is None or ctx.quoted(event.trigger.start) or event.trigger.start <= lead_end or _present_perfect(event):
        return None
    verb, trigger = ctx.verb(event), ctx.token(event.trigger.start, event.trigger.end, root=True)
    if verb is None or trigger is None or verb.i != trigger.i or not _main_clause(verb):
        return None
    if verb_tense(verb) != "past" or looks_ahead(verb) or any(c.lower_ in ("had", "'d") for c in verb.children):
        return None
    if _sentence_dated(ctx, event):
        return None
    reference = _story_reference(ctx)
    if reference is None:
        return None
    last = day_bounds(reference.when.value)[1] if reference.when.value else None
    days = (day_bounds(t.value)[0] for t in ctx.reference_times(lead_end, event.sentence.start)
            if _foreground_time(ctx, t))
    if last is None or any(day is not None and day > last and not _after_dct(ctx, day) for day in days):
        return None  # a later past date moved the story's focus on from the lead's time (a date
        # the story looks ahead to does not: "to be released in mid-2011")
    return ctx.same_as(reference, "inferred")


_BACKGROUND_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "pcomp", "csubj"})


def _foreground_time(ctx: Context, timex: Timex) -> bool:
    """A date of a main clause can move the story's focus; one inside a subordinate clause
    cannot ("Phoenix said on Sunday, referring to the actor who won an Oscar in 2009": the
    relative clause is background, timed by its own verb; Hopper 1979)."""
    token = ctx.token(timex.start, timex.end, root=True)
    for _ in range(CLIMB):
        if token is None or token.dep_ == "ROOT":
            return True
        if token.pos_ in ("VERB", "AUX") and token.dep_ in _BACKGROUND_DEPS:
            return False
        token = token.head
    return True


def _sentence_dated(ctx: Context, event: Event) -> bool:
    """The event's sentence gives a time of its own (even one that could not be resolved)."""
    return any((usable(t) or t.type in ("DATE", "TIME")) and not _describes_a_noun(ctx, t)
               for t in ctx.sentence_times(event))


def _describes_a_noun(ctx: Context, timex: Timex) -> bool:
    """ "current chief operating officer", "the former minister": a time word with no calendar
    value that is an adjective of a noun says when the noun's description holds of its
    referent, not when the clause's event happened, so it neither dates the event nor stops
    the story's time from dating it."""
    if not timex.value or not timex.value.endswith("_REF"):
        return False
    token = ctx.token(timex.start, timex.end, root=True)
    return token is not None and token.dep_ == "amod" and token.head.pos_ in ("NOUN", "PROPN")


def _present_perfect(event: Event) -> bool:
    """ "has cut": before now, but not placed (Klein's present-perfect puzzle, see `chronology`)."""
    return event.tense == "PRESENT" and event.aspect in ("PERFECTIVE", "PERFECTIVE_PROGRESSIVE")


def _main_clause(verb: Token) -> bool:
    """The verb heads its sentence, or is a conjunct of the verb that does."""
    token = verb
    for _ in range(CLIMB):
        if token.dep_ == "ROOT":
            return True
        if token.dep_ != "conj":
            return False
        token = token.head
    return False


def _story_reference(ctx: Context) -> Event | None:
    """The story's reference time: the lead's first event its own sentence dates to a day up
    to the DCT ("In a Wednesday media event, Apple released ..."), else the lead's first
    simple past that `news_lead` put on the news day or the story's chronology dated (from
    the date line above the lead: the lead's time, however the lead got it). Never a present or a present perfect
    ("is suing", "has sworn in"): they are at or up to now, and a past verb is before now,
    not at it; nor an event dated only through one of them.

    Found once per article, at the first body event that asks: the undated step goes in
    text order, so by then every lead event has the date it will keep."""
    if not ctx.story_reference_known:
        assert ctx.dct is not None
        dct = ctx.dct.isoformat()
        lead = _lead_sentences(ctx)
        dated = [e for e in ctx.events if e.sentence in lead and e.when.value
                 and granularity(e.when.value) == "D" and e.when.value <= dct]
        ctx.story_reference = next(
            (e for e in dated if e.when.basis == "explicit"),
            next((e for e in dated if e.when.sieve in ("news_lead", "chronology") and e.tense == "PAST"
                  and e.aspect == "NONE"), None))
        ctx.story_reference_known = True
    return ctx.story_reference


def fallback(ctx: Context, event: Event) -> EventWhen:
    """Nothing else: the DCT bounds the event (`latest`), never dates it; without a DCT, unknown."""
    if ctx.dct is None:
        return EventWhen(basis="unknown")
    return EventWhen(value=None, latest=ctx.dct_iso(), basis="publication")


UNDATED_SIEVES: dict[str, Callable[[Context, Event], EventWhen | None]] = {
    "present": present,
    "future": future,
    "reported": reported,
    "chronology": chronology,
    "news_lead": news_lead,
    "lead_bounds": lead_bounds,
    "story_time": story_time,
    "fallback": fallback,
}


def news_day(ctx: Context) -> str:
    """The day the story's news happened: the day before the DCT when the lead names it
    first ("Yesterday, Jobs unveiled ...", "announced Friday" in an edition dated the
    morning after), else the DCT's day.

    Why only that day: a lead's earlier date is as often a background event ("since the
    Aug. 7 bombings") as the news (measured on TBAQ, where a week's reach lost 10 dates).
    """
    if ctx.news_day is None:
        assert ctx.dct is not None
        dct, day_before = ctx.dct.isoformat(), _previous_day(ctx.dct)
        ctx.news_day = dct
        lead = _lead_sentences(ctx)
        for t in ctx.times:
            value = day_value(t.value)
            if (any(s.start <= t.start < s.end for s in lead) and granularity(value) == "D"
                    and day_before <= value <= dct):
                ctx.news_day = value
                break
    return ctx.news_day


def _lead_sentences(ctx: Context) -> list[SentenceRef]:
    """The story's first two sentences with events: a headline and the lead, or the lead and the next."""
    sentences: list[SentenceRef] = []
    for e in ctx.events:
        if e.sentence not in sentences:
            sentences.append(e.sentence)
        if len(sentences) == LEAD_SENTENCES:
            break
    return sentences


def _lead_end(ctx: Context) -> int:
    """Where the lead paragraph ends: the paragraph of the story's first sentence with events,
    or, when that one is a headline, the paragraph after it (-1 when no sentence has events)."""
    lead = _lead_sentences(ctx)
    if not lead:
        return -1
    start = ctx.paragraph_start(lead[0].start)
    end = ctx.paragraph_end(lead[0].start)
    if len(lead) > 1 and headline_like(ctx.text[start:end]):
        end = ctx.paragraph_end(lead[1].start)
    return end


def _in_lead_sentence(ctx: Context, event: Event) -> bool:
    """The event is in the lead's sentences (as `news_day` reads the lead)."""
    return event.sentence in _lead_sentences(ctx)


def _in_headline(ctx: Context, event: Event) -> bool:
    """The event is in a first line that ends without a full stop: a headline."""
    first_break = ctx.text.find("\n")
    headline = ctx.text[:first_break].strip() if first_break != -1 else ""
    return event.trigger.end <= first_break and headline_like(headline)


def _reports(verb: Token) -> bool:
    """A report made for this edition: a finite verb, not itself inside what another verb
    reports ("said they had entered Damascus and declared ..."), and reporting something —
    a clause, a quotation — or at least not a denial of speaking ("did not tell his
    brother about the plan" is part of the story, not a report on it)."""
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False  # "failed to inform his cousins"
    token = verb
    for _ in range(CLIMB):
        if token.dep_ in COMPLEMENT_DEPS:
            return False
        if token.head.i == token.i:
            break
        token = token.head
    return (verb.dep_ == "parataxis" or any(c.dep_ in REPORTED_DEPS for c in verb.children)
            or not any(c.dep_ == "neg" for c in verb.children))


def _opens_later(ctx: Context, event: Event) -> bool:
    opening = ctx.text[event.sentence.start : event.trigger.start].lower()
    return opens_with_cue(opening, ctx.cues.later)


def _in_past(ctx: Context, event: Event) -> bool:
    verb = ctx.verb(event)
    return verb is not None and verb_tense(verb) == "past"


def _after_dct(ctx: Context, day: str | None) -> bool:
    return ctx.dct is not None and day is not None and day > ctx.dct.isoformat()
