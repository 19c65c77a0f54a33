"""The dating stage: runs the steps of `time/<lang>/sieves.yaml` over one article's events.

Dates in order of trust; links to other events wait until those events are dated:
  1. explicit        dates of the event's own sentence (`explicit.py`);
  2. links           ("hours before his escape", "that same day", "after two days of
                     clashes") are found, not yet resolved: the event they point to may itself
                     be undated so far (`links.py`);
  3. undated         events with neither: tense, the paragraph's chronology, the lead's, the
                     DCT bound (`undated.py`);
  4. settle_links    links resolve in dependency order, so "that same day" after "hours before
                     his escape" gets the escape's day (or interval) once the escape has one;
  5. same_day_timex  the "that same day" expression itself takes the date found for it.
Every `when` a sieve gives carries the sieve's name (`EventWhen.sieve`).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from dateline.model import Event, EventWhen, Record
from dateline.pipeline.dating.context import Context, load_cues
from dateline.pipeline.dating.explicit import EXPLICIT_SIEVES
from dateline.pipeline.dating.links import (
    LINK_SIEVES,
    date_same_day_timex,
    parenthetical_report,
    same_day_follows_chain,
)
from dateline.pipeline.dating.order import SieveOrder, load_order
from dateline.pipeline.dating.undated import UNDATED_SIEVES
from dateline.settings import Settings

__all__ = ["DatingStage"]

_SETTLE_DEPTH = 8  # how far a chain of links is followed before a link resolves on what it has


class DatingStage:
    name = "dating"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.cues = load_cues(settings.language)
        self.order = load_order(settings.language)

    def __call__(self, doc: Doc, record: Record) -> None:
        ctx = Context(doc, record, self.cues)
        for step in self.order.steps:
            _STEPS[step](ctx, self.order)


def _decided(when: EventWhen, sieve: str) -> EventWhen:
    """The sieve's `when`, named; bounds that close on one day are that day's date ("hours
    before the announcement" of a Monday is on that Monday, as far as a day tells)."""
    when.sieve = sieve
    if when.value is None and when.earliest is not None and when.earliest == when.latest:
        when.value = when.earliest
    return when


def _explicit(ctx: Context, order: SieveOrder) -> None:
    """The first explicit sieve's date, unless it came from a same-day cue whose previous
    sentence names the anchor event: then the event waits for a link to that event."""
    for event in ctx.events:
        when = next(((w, name) for name in order.explicit
                     if (w := EXPLICIT_SIEVES[name](ctx, event)) is not None), None)
        if when is None:
            continue
        if same_day_follows_chain(ctx, event, when[0]):
            ctx.rechained.add(event.id)  # "That same day" after "hours before his escape": the escape's day
            continue
        event.when = _decided(*when)
        ctx.explicit.add(event.id)


def _links(ctx: Context, order: SieveOrder) -> None:
    """Each event the explicit sieves left gets the first link a link sieve finds."""
    for event in ctx.events:
        if event.id in ctx.explicit or parenthetical_report(ctx, event):
            continue
        for name in order.links:
            link = LINK_SIEVES[name].find(ctx, event)
            if link is not None:
                ctx.links[event.id] = link
                break


def _undated_step(ctx: Context, order: SieveOrder) -> None:
    for event in ctx.events:
        if event.when.basis == "unknown" and event.id not in ctx.links:
            event.when = undated(ctx, order, event)


def undated(ctx: Context, order: SieveOrder, event: Event) -> EventWhen:
    """An event with no date of its own and no link: the first undated sieve's answer."""
    for name in order.undated:
        when = UNDATED_SIEVES[name](ctx, event)
        if when is not None:
            return _decided(when, name)
    return EventWhen(basis="unknown")  # only when the file leaves out `fallback`


def _settle_links(ctx: Context, order: SieveOrder) -> None:
    """Links resolve in dependency order: the event a link points to first."""
    done: set[str] = set()

    def settle(event: Event, depth: int = 0) -> None:
        if event.id in done or event.id not in ctx.links:
            return
        done.add(event.id)
        link = ctx.links[event.id]
        if link.other is not None and depth < _SETTLE_DEPTH:
            settle(link.other, depth + 1)
        when = LINK_SIEVES[link.sieve].resolve(ctx, event, link)
        event.when = _decided(when, link.sieve) if when is not None else undated(ctx, order, event)

    for event in ctx.events:
        settle(event)


def _same_day_timex(ctx: Context, order: SieveOrder) -> None:
    for event in ctx.events:
        date_same_day_timex(ctx, event)


_STEPS: dict[str, Callable[[Context, SieveOrder], None]] = {
    "explicit": _explicit,
    "links": _links,
    "undated": _undated_step,
    "settle_links": _settle_links,
    "same_day_timex": _same_day_timex,
}
