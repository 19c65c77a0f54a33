"""The one data model shared by every stage, the store, the API and the exports.

Why one model: a field added here shows up in the JSON output, in the JSON Schema
(`dateline schema`) and in every consumer at once, so stages cannot drift apart.
Everything that comes from text carries `start`/`end` character offsets into
`Document.text` and the exact `text` they cover, so each claim can be checked against
its evidence.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "SCHEMA_VERSION",
    "Aspect",
    "Attribution",
    "Certainty",
    "Claim",
    "ClaimLink",
    "Description",
    "Document",
    "Entity",
    "Event",
    "EventArgument",
    "EventClass",
    "EventPlace",
    "EventWhen",
    "IgnoredSpan",
    "Mention",
    "Place",
    "Quantity",
    "Record",
    "SentenceRef",
    "Span",
    "Tense",
    "Timex",
    "WhenBasis",
]

SCHEMA_VERSION = "0.2"

Certainty = Literal[
    "asserted",  # stated by the article itself, no source, no hedge
    "reported",  # stated on someone's authority (according to X, X said)
    "hedged",  # reportedly, allegedly, may have
    "unconfirmed",  # the text says it is not confirmed
    "denied",  # a source denies it
    "negated",  # the text says it did not happen
    "future",  # promised, planned, would, will
    "claimed",  # asserted by a party to the conflict about its own deeds
]

# TimeML's event classes (TimeML 1.2.1 guidelines, §2.3.1)
EventClass = Literal["OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION"]
# TimeML's tense and aspect of an event instance (MAKEINSTANCE)
Tense = Literal["PAST", "PRESENT", "FUTURE", "INFINITIVE", "PRESPART", "PASTPART", "NONE"]
Aspect = Literal["PROGRESSIVE", "PERFECTIVE", "PERFECTIVE_PROGRESSIVE", "NONE"]

WhenBasis = Literal["explicit", "anchored", "relative", "inferred", "publication", "unknown"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(_Model):
    """A stretch of `Document.text`: `text == document.text[start:end]`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Mention(Span):
    """One place in the text where an entity or a place is named or referred to."""

    kind: Literal["name", "alias", "description", "pronoun", "demonym"] = "name"
    role: Literal["literal", "metonymic", "modifier", "relative"] | None = Field(
        default=None,
        description=(
            "A place name's use (Gritta et al. 2020): 'literal' the place itself; 'metonymic' its government"
            " or people ('Moscow said'); 'modifier' it modifies a noun ('the Aleppo offensive'); 'relative'"
            " a reference point ('200 miles northwest of Los Angeles': not where things are). None: not a place name."
        ),
    )


class IgnoredSpan(Span):
    """Web debris kept out of every analysis (offsets stay true: the text is not rewritten)."""

    reason: str


class SentenceRef(_Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Document(_Model):
    id: str
    title: str | None = None
    published: str | None = Field(
        default=None, description="Document creation time, ISO 8601 date; None when unknown."
    )
    published_from: Literal["argument", "html-metadata"] | None = None
    language: str = "en"
    text: str
    source: str | None = Field(default=None, description="Path, URL or '-' for stdin.")
    format: Literal["text", "html"] = "text"
    author: str | None = None
    encoding: str | None = Field(
        default=None,
        description="The text encoding the input's bytes were decoded with (utf-8, windows-1252, shift_jis ...).",
    )
    encoding_from: Literal["utf-8", "bom", "declared", "guessed", "argument"] | None = Field(
        default=None,
        description="How the encoding was chosen: the bytes are valid UTF-8, a byte order mark, a charset the "
        "input declares (HTTP header, <meta>, XML declaration), a guess among the encodings news uses, or the "
        "--encoding argument; None in records written before it was recorded.",
    )
    nul_replaced: int = Field(
        default=0,
        ge=0,
        description="NUL characters the decoded input held, each replaced by U+FFFD (one for one, so offsets "
        "stay those of the input): PostgreSQL text cannot hold NUL.",
    )
    ignored: list[IgnoredSpan] = Field(default_factory=list)


class Description(Span):
    """A title or role said of an entity: "younger brother", "commander of the ..."."""


class Entity(_Model):
    id: str
    name: str
    type: Literal["PERSON", "ORG", "GROUP", "GPE_ACTOR", "OTHER"]
    aliases: list[str] = Field(default_factory=list)
    descriptions: list[Description] = Field(default_factory=list)
    relations: list[EntityRelation] = Field(default_factory=list)
    place: str | None = Field(default=None, description="id of the place, for a country acting as an actor")
    mentions: list[Mention] = Field(default_factory=list)


class EntityRelation(_Model):
    """A kinship or role link stated in the text: Maher is Assad's younger brother."""

    relation: str
    entity: str = Field(description="id of the other entity")
    evidence: Span


class Place(_Model):
    id: str
    name: str
    kind: Literal["country", "admin1", "admin2", "city", "region", "facility", "unknown"]
    country_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    mentions: list[Mention] = Field(default_factory=list)


class Timex(Span):
    """A TIMEX3 temporal expression with its normalized value."""

    id: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    mod: str | None = Field(default=None, description="TIMEX3 mod: BEFORE, AFTER, APPROX, START ...")
    anchor: str | None = Field(
        default=None, description="What a relative expression was resolved against: 'DCT' or a time id."
    )
    rule: str | None = Field(
        default=None, description="the time grammar's rule that found it (resources/time/en/rules.yaml)"
    )


class EventWhen(_Model):
    """When an event happened, with how that was found (never silently the publication date)."""

    value: str | None = None
    earliest: str | None = None
    latest: str | None = None
    time_ids: list[str] = Field(default_factory=list)
    basis: WhenBasis = "unknown"
    relation: str | None = Field(
        default=None, description="For relative dates: BEFORE/AFTER/SAME and the event it is relative to."
    )
    relative_to: str | None = Field(default=None, description="id of the event this one is dated against")
    sieve: str | None = Field(
        default=None,
        description="name of the dating sieve that decided this 'when' (resources/time/en/sieves.yaml)",
    )


class Attribution(_Model):
    """One link of an attribution chain; a chain lists the nearest source first."""

    source: str
    entity: str | None = Field(default=None, description="id of the entity that is the source, if known")
    cue: Span | None = None
    kind: Literal["according_to", "speech_verb", "citing", "quote", "scope", "article"] = "speech_verb"


class Quantity(Span):
    value: float | None = None
    unit: str | None = None
    mod: Literal["EXACT", "APPROX", "MORE_THAN", "LESS_THAN"] = "EXACT"


class Claim(_Model):
    """What a statement says, as an object of its own, so it can be checked against the events.

    "Assad assured the chiefs that Russian support would soon arrive": the claim is the
    content ("Russian support would soon arrive"), spoken by Assad; `certainty` is how the
    article presents the claim itself (reported, hedged, ...), not whether it is true.
    """

    id: str
    speaker: str | None = Field(default=None, description="who makes the claim, as written")
    speaker_entity: str | None = Field(default=None, description="id of the entity making the claim")
    source: list[Attribution] = Field(default_factory=list, description="who reports the claim (chain)")
    cue: Span | None = Field(default=None, description="the speech verb or cue that introduces it")
    content: Span
    statement: str | None = Field(default=None, description="id of the STATEMENT event that makes it")
    events: list[str] = Field(default_factory=list, description="ids of the events told inside the content")
    polarity: Literal["positive", "negative"] = "positive"
    certainty: Certainty = "reported"
    false_by: list[str] = Field(
        default_factory=list, description="ids of statements inside the article that call it a lie"
    )


class ClaimLink(_Model):
    """An event of the article that bears on a claim: it supports it or contradicts it."""

    claim: str
    event: str
    relation: Literal["supports", "contradicts"]
    reason: str = Field(description="which rule linked them: opposite polarity, refusal, 'lied' ...")
    evidence: list[Span] = Field(default_factory=list)


class EventArgument(Span):
    """One argument phrase of an event as the parse found it, with the entity or place it names.

    Kept even when no earlier stage made an entity of it ("his office manager", "about 30
    army and security chiefs"), so no participant the text gives is lost.
    """

    role: Literal["actor", "target", "instrument", "place", "time"]
    entity: str | None = Field(default=None, description="id of the entity, if one was found")
    place: str | None = Field(default=None, description="id of the place, if one was found")


class EventPlace(_Model):
    """A place of an event with its role: where it happened, where it went, where it came from."""

    place: str = Field(description="id of the place")
    role: Literal["location", "destination", "origin", "route", "mentioned"] = "location"
    cue: str | None = Field(
        default=None,
        description="the preposition or verb that gave the role; for a location the event does not name itself, "
        "where it was inherited from: 'clause', 'sentence', 'paragraph' or 'dateline'",
    )


class Event(_Model):
    """One event mention (TimeML's sense: something that happens or holds), with two layers.

    `event_class`, tense, aspect, polarity and modality are TimeML's and every event has them;
    `type` and `mode` are the PLOVER / news-kind coding, present only where the event
    lexicon codes the trigger ("fled" MOVE), `None` for the rest ("the merger", "fell").
    """

    id: str
    type: str | None = Field(
        default=None, description="PLOVER type or news kind (ASSAULT, MOVE, STATEMENT ...); None when not coded"
    )
    event_class: EventClass = Field(default="OCCURRENCE", description="TimeML class of the event")
    tense: Tense = Field(default="NONE", description="TimeML tense of the trigger")
    aspect: Aspect = Field(default="NONE", description="TimeML aspect of the trigger")
    modality: str | None = Field(default=None, description="the modal that qualifies it: may, would, could ...")
    mode: str | None = Field(default=None, description="PLOVER mode: airstrike, shooting, promise ...")
    trigger: Span
    lemma: str | None = Field(
        default=None,
        description="the lemma of the trigger's head word (\"fled\" -> flee): what mentions of one event share",
    )
    actors: list[str] = Field(default_factory=list, description="entity ids")
    targets: list[str] = Field(default_factory=list, description="entity ids")
    places: list[str] = Field(default_factory=list, description="place ids")
    when: EventWhen = Field(default_factory=EventWhen)
    attribution: list[Attribution] = Field(default_factory=list)
    certainty: Certainty = "asserted"
    negated: bool = False
    quantities: list[int] = Field(default_factory=list, description="indexes into Record.quantities")
    sentence: SentenceRef
    place_roles: list[EventPlace] = Field(
        default_factory=list, description="each place of the event with its role (event_places stage)"
    )
    arguments: list[EventArgument] = Field(
        default_factory=list, description="argument phrases by role: actor, target, instrument, place, time"
    )


class Record(_Model):
    """Everything dateline knows about one article."""

    schema_version: str = SCHEMA_VERSION
    document: Document
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    times: list[Timex] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    claim_links: list[ClaimLink] = Field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        return cls.model_json_schema()


Entity.model_rebuild()
