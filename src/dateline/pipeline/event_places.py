"""Event places: which place is where each event happened, and which are only mentioned.

Reads `record.events` (trigger, sentence, places) and `record.places`; writes
`event.place_roles` (place id, role, the preposition or verb that gave the role).

Why a stage of its own, after events: the event stage links every place phrase near a
trigger, but a sentence names places in different roles. "He flew to Iraq and then to
Russia" names destinations; "airstrikes on the city of Aleppo" happen in Aleppo; "the
Syrian government" or "Moscow said" name no location at all. The role comes from the
dependency path between the trigger and the place name: the preposition (or verb) that
attaches the place to the trigger or to the noun chain that hangs from it. A place of the
sentence that is not attached to the trigger is kept with role "mentioned", so nothing is
lost, but a map or a geocoded timeline should use only location/destination/origin.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from spacy.tokens import Doc, Token

from dateline.model import Event, EventPlace, Record
from dateline.settings import Settings

__all__ = ["ROLES", "EventPlaceStage", "place_role"]

# Which preposition or verb gives which role. Kept here, beside the code that reads the
# parse, because it is a closed class of English function words, not a lexicon to grow.
_DESTINATION_PREPS = frozenset({"to", "into", "toward", "towards", "onto"})
_ORIGIN_PREPS = frozenset({"from", "out"})
_ROUTE_PREPS = frozenset({"via", "through"})
_LOCATION_PREPS = frozenset({
    "in", "at", "on", "near", "outside", "inside", "around", "across", "within", "over", "throughout",
    "of", "upon", "along", "beyond", "off", "by", "between", "against", "behind", "under",
})  # fmt: skip
_DESTINATION_VERBS = frozenset({"reach", "enter", "visit", "invade", "return", "arrive", "approach"})
_ORIGIN_VERBS = frozenset({"leave", "flee", "evacuate", "quit", "abandon"})
_NOUN_CHAIN = frozenset({"pobj", "dobj", "appos", "compound", "conj", "nmod", "npadvmod", "attr", "oprd"})
_MAX_STEPS = 8

Role = Literal["location", "destination", "origin", "route", "mentioned"]
ROLES: tuple[Role, ...] = ("location", "destination", "origin", "route", "mentioned")


class EventPlaceStage:
    name = "event_places"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Doc, record: Record) -> None:
        mentions = [(m.start, m.end, p.id) for p in record.places for m in p.mentions if m.kind == "name"]
        for event in record.events:
            event.place_roles = list(self._roles(doc, event, mentions))

    def _roles(self, doc: Doc, event: Event, mentions: list[tuple[int, int, str]]) -> Iterable[EventPlace]:
        trigger = _token_at(doc, event.trigger.start, event.trigger.end)
        lo, hi = event.sentence.start, event.sentence.end
        best: dict[str, EventPlace] = {}
        for start, end, pid in mentions:
            if not (lo <= start and end <= hi) and pid not in event.places:
                continue
            head = _token_at(doc, start, end)
            role, cue = place_role(head, trigger) if trigger is not None and head is not None else ("mentioned", None)
            found = EventPlace(place=pid, role=role, cue=cue)
            old = best.get(pid)
            if old is None or (old.role == "mentioned" and role != "mentioned"):
                best[pid] = found
        return best.values()


def place_role(place: Token, trigger: Token) -> tuple[Role, str | None]:
    """The role of the place named at `place` for the event at `trigger`, and its cue word.

    Climbs from the place name through prepositions and the nouns they hang from ("the
    city of Aleppo" -> "on" -> "airstrikes") until it meets the trigger, the verb that
    governs the trigger ("carried out airstrikes in Idlib"), or runs out of path; the
    preposition nearest the trigger decides the role.
    """
    targets = {trigger.i}
    if trigger.head.i != trigger.i and trigger.dep_ in {"dobj", "nsubj", "nsubjpass", "attr", "xcomp", "pobj"}:
        targets.add(trigger.head.i)  # a light verb: "carried out airstrikes", "launched an attack"
    for child in trigger.children:
        if child.dep_ in {"dobj", "attr", "nsubj", "nsubjpass"} and child.pos_ == "NOUN":
            # "launched an offensive on Hama", "strikes on Gaza killed 20": the noun carries the place
            targets.add(child.i)
    token, prep = _name_head(place), None
    for _ in range(_MAX_STEPS):
        dep, head = token.dep_, token.head
        if head.i == token.i:
            return "mentioned", None
        if dep in {"compound", "amod", "poss"} and token.i not in targets:
            return "mentioned", None  # "Aleppo residents", "Syria's army": a modifier, not a place of the event
        if dep == "pobj" and head.pos_ == "ADP":
            adp = head
            while adp.dep_ == "conj" and adp.head.pos_ == "ADP":
                adp = adp.head  # "to Iraq and then to Russia": the second "to" hangs on the first
            prep = head.lower_ if prep is None or adp.head.i in targets else prep
            if adp.head.i in targets:
                return _prep_role(head.lower_), head.text
            token = adp.head
            continue
        if head.i in targets:
            if prep is not None:
                return _prep_role(prep), prep  # "killed five people in Homs"
            if dep == "dobj" and head.pos_ == "VERB":
                lemma = head.lemma_.lower()
                if lemma in _DESTINATION_VERBS:
                    return "destination", head.text
                if lemma in _ORIGIN_VERBS:
                    return "origin", head.text
                return "location", head.text  # "bombed Aleppo", "captured Hama"
            if dep in {"nsubj", "nsubjpass", "agent"}:
                return "mentioned", None  # "Russia launched": an actor, left to the entity stage
            if dep in _NOUN_CHAIN:
                return "location", None
            return "mentioned", None
        if dep in _NOUN_CHAIN or dep == "prep":
            token = head
            continue
        return "mentioned", None
    return "mentioned", None


def _prep_role(prep: str) -> Role:
    if prep in _DESTINATION_PREPS:
        return "destination"
    if prep in _ORIGIN_PREPS:
        return "origin"
    if prep in _ROUTE_PREPS:
        return "route"
    if prep in _LOCATION_PREPS:
        return "location"
    return "mentioned"


def _name_head(token: Token) -> Token:
    """The last token of a multi-word name ("Deir" of "Deir ez-Zor" -> the name's head)."""
    while token.dep_ in {"compound", "flat"} and token.head.ent_iob_ == "I" and token.head.i > token.i:
        token = token.head
    return token


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
