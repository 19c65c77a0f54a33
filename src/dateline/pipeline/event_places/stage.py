"""The event places stage: each event's places with their roles, then inherited locations."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from dateline.model import Event, EventPlace, Record
from dateline.pipeline.event_places.inherit import ATTITUDE, Inheritance
from dateline.pipeline.event_places.roles import place_role, token_at
from dateline.pipeline.event_places.rules import load_rules
from dateline.settings import Settings

__all__ = ["EventPlaceStage"]

_NOT_WHERE = frozenset({"metonymic", "relative"})  # `Mention.role`s that name no location


class EventPlaceStage:
    name = "event_places"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rules = load_rules()

    def __call__(self, doc: Doc, record: Record) -> None:
        names = [(m, p.id) for p in record.places for m in p.mentions if m.kind == "name"]
        mentions = sorted((m.start, m.end, pid) for m, pid in names)
        # a name the place stage read as no location ("Moscow said": its government; "200
        # miles northwest of Los Angeles": a reference point) is never where an event is
        not_where = {(m.start, m.end, pid) for m, pid in names if getattr(m, "role", None) in _NOT_WHERE}
        located = [x for x in mentions if x not in not_where]
        triggers = {event.id: token_at(doc, event.trigger.start, event.trigger.end) for event in record.events}
        events = frozenset(t.i for t in triggers.values() if t is not None)
        attitudes = frozenset(t.i for e in record.events if (e.event_class in ATTITUDE
                              or (e.type or "") in self.rules.verbal_types) and (t := triggers[e.id]) is not None)
        sayings = frozenset(t.i for e in record.events if (e.event_class == "REPORTING" or e.type == "STATEMENT")
                            and (t := triggers[e.id]) is not None)
        sets = (events, attitudes, sayings)
        for event in record.events:
            event.place_roles = list(self._roles(doc, event, triggers[event.id], mentions, sets, not_where))
        if located:
            Inheritance(doc, record, located, self.rules, triggers, sets).run()
        for event in record.events:
            _place_ids(event)

    def _roles(self, doc: Doc, event: Event, trigger: Token | None, mentions: list[tuple[int, int, str]],
               events: tuple[frozenset[int], frozenset[int], frozenset[int]], not_where: set[tuple[int, int, str]]
               ) -> Iterable[EventPlace]:
        lo, hi = event.sentence.start, event.sentence.end
        best: dict[str, EventPlace] = {}
        for start, end, pid in mentions:
            if not (lo <= start and end <= hi) and pid not in event.places:
                continue
            head = token_at(doc, start, end)
            role, cue = (place_role(head, trigger, *events)
                         if trigger is not None and head is not None and (start, end, pid) not in not_where
                         else ("mentioned", None))
            found = EventPlace(place=pid, role=role, cue=cue)
            old = best.get(pid)
            if old is None or (old.role == "mentioned" and role != "mentioned"):
                best[pid] = found
        return best.values()


_RANK = {"location": 0, "destination": 2, "origin": 3, "route": 4}


def _place_ids(event: Event) -> None:
    """`event.places`, which the store, the merge and the event table read, gets every place
    with a role other than "mentioned", the locations first ("where it happened"), then the
    places the event stage linked, then where it went, came from or passed."""
    rank = {r.place: _RANK[r.role] for r in event.place_roles if r.role in _RANK}
    ids = list(dict.fromkeys([*event.places, *rank]))
    event.places = sorted(ids, key=lambda pid: rank.get(pid, 1))
