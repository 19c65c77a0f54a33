"""The role of a place for an event, read off the dependency path between them.

"He flew to Iraq and then to Russia" names destinations; "airstrikes on the city of Aleppo"
happen in Aleppo; "the Syrian government" or "Moscow said" name no location at all. The
preposition (or verb) that attaches the place to the trigger, or to the noun chain hanging
from it, gives the role; a place not attached to the trigger is only "mentioned".
"""

from __future__ import annotations

from collections.abc import Container
from typing import Literal

from spacy.tokens import Doc, Token

from dateline.pipeline.event_places.rules import load_rules

__all__ = ["INHERITED_CUES", "ROLES", "Role", "name_head", "place_role", "token_at"]


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
_CLAUSE_IN_NOUN = frozenset({"relcl", "acl"})
_SUBJECT_DEPS = frozenset({"nsubj", "agent", "csubj"})  # who acts, not what undergoes it (nsubjpass)
_SPEAKER_AT = frozenset({"in", "at"})  # a saying's subject "in X": where the speaker is

Role = Literal["location", "destination", "origin", "route", "mentioned"]
ROLES: tuple[Role, ...] = ("location", "destination", "origin", "route", "mentioned")
# the cue of a location the event does not name itself: where it was inherited from
INHERITED_CUES = ("clause", "sentence", "paragraph", "dateline")


def place_role(place: Token, trigger: Token, events: Container[int] = (), attitudes: Container[int] = (),
               sayings: Container[int] = ()) -> tuple[Role, str | None]:
    """The role of the place named at `place` for the event at `trigger`, and its cue word.

    Climbs from the place name through prepositions and the nouns they hang from ("the
    city of Aleppo" -> "on" -> "airstrikes") until it meets the trigger, the verb that
    governs the trigger ("carried out airstrikes in Idlib"), or runs out of path; the
    preposition nearest the trigger decides the role. `events` holds the token indices of
    the article's event triggers: an active subject carries its place to the verb only when
    it is an event itself ("strikes on Gaza killed 20", not "officials in Cairo said": a
    modifier of who acts says where they are, not where the event is); an object or a passive
    subject, what undergoes the event, always does ("bombed a hospital in Aleppo"), but for
    an event noun under a verb in `attitudes` (saying, believing, ordering, trying: "condemned
    the bombings of the embassies in Kenya"), whose place is that event's, not the verb's.
    A saying in `sayings` is where its speaker is, when the text says so: "an embassy
    official in Nairobi said" (in, at), not "Olga Coto, of Miami" (where she lives).
    """
    targets = {trigger.i}
    if trigger.head.i != trigger.i and trigger.dep_ in {"dobj", "nsubj", "nsubjpass", "attr", "xcomp", "pobj"}:
        targets.add(trigger.head.i)  # a light verb: "carried out airstrikes", "launched an attack"
    for child in trigger.children:
        if child.pos_ != "NOUN" or (trigger.i in attitudes and child.i in events):
            continue
        if child.dep_ in {"dobj", "attr", "nsubjpass"} or (child.dep_ == "nsubj" and child.i in events):
            # "launched an offensive on Hama", "strikes on Gaza killed 20", "the search area
            # around Sumatra would be expanded": the noun undergoing it (or the event noun) carries the place
            targets.add(child.i)
    sequence = load_rules().sequence
    token, prep = name_head(place), None
    for _ in range(_MAX_STEPS):
        dep, head = token.dep_, token.head
        if head.i == token.i:
            return "mentioned", None
        if dep == "pobj" and (head.lower_ in sequence or head.head.lower_ in sequence):  # "ahead of", "prior to"
            return "mentioned", None  # "13 days after the bombings in East Africa": that event's place
        if dep in {"compound", "amod", "poss"} and token.i not in targets:
            return "mentioned", None  # "Aleppo residents", "Syria's army": a modifier, not a place of the event
        if dep in _CLAUSE_IN_NOUN:
            return "mentioned", None  # "the man, who was arrested in Texas, died": the relative clause's place
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
            if head.i in attitudes and token.i in events:
                return "mentioned", None  # "condemned the bombings in Kenya": the bombings' place
            if prep in _SPEAKER_AT and dep == "nsubj" and trigger.i in sayings:
                return "location", prep  # "officials in Cairo said": the speaker's place is the saying's
            if prep is not None and dep in _SUBJECT_DEPS:
                # "Countries around Asia stepped up", "Residents of Aleppo fled": a participant's own
                # modifier says where it is or comes from, not where the event is (an event
                # noun's does, and met the trigger above: "strikes on Gaza killed 20")
                return "mentioned", None
            if prep is not None:
                return _prep_role(prep), prep  # "killed five people in Homs"
            if dep == "dobj" and head.pos_ == "VERB" and head.i in attitudes:
                return "mentioned", None  # "denounced the United States": whom it is about, not where
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


def name_head(token: Token) -> Token:
    """The last token of a multi-word name ("Deir" of "Deir ez-Zor" -> the name's head)."""
    while token.dep_ in {"compound", "flat"} and token.head.ent_iob_ == "I" and token.head.i > token.i:
        token = token.head
    return token


def token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
