"""A stand-in analyzer for tests and benchmarks of the store, where the NLP is beside the point.

Why: ingesting ten thousand articles through spaCy takes minutes; the store, the merge and
the crash safety are tested against records this fake makes in microseconds. It reads
sentences of one fixed shape, "[SPEAKER said [that]] ACTOR [did not] VERB TARGET [support|aid]
[in PLACE] [on YYYY-MM-DD] [, killing N people].", and returns a full, valid `Record` with offsets into the text.
Like the real events stage it also emits events the PLOVER lexicon does not code (type
None): each word of `UNCODED` anywhere in the text, with its TimeML class and tense, a
modal just before it ("may fall"), "not" before it as negation, and the first "on
YYYY-MM-DD" after it in its sentence as its date (else the publication day, basis
"publication", as the dating stage does).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dateline.model import (
    Claim,
    Document,
    Entity,
    Event,
    EventClass,
    EventWhen,
    Mention,
    Place,
    Quantity,
    Record,
    SentenceRef,
    Span,
    Tense,
    Timex,
)

if TYPE_CHECKING:
    from dateline.store.db import Store
    from dateline.store.merge import MergeSummary

__all__ = ["PLACES", "UNCODED", "FakeAnalyzer", "fake_articles", "fill_store"]

_NAME = r"[A-Z][a-z]+(?: [A-Z][a-z]+)*"
_SENTENCE = re.compile(
    rf"(?P<actor>{_NAME}) (?P<neg>did not )?(?P<verb>attacked|attack|shelled|shell|captured|capture|met|meet|"
    rf"accused|accuse|killed|kill|bombed|bomb|refused|refuse|rejected|reject|sent|send) (?P<target>{_NAME})"
    rf"(?: (?P<obj>support|aid|help|weapons))?(?: in (?P<place>{_NAME}))?"
    r"(?: on (?P<date>\d{4}-\d{2}-\d{2}))?(?:, killing (?P<n>\d+) people)?\."
)
_TYPES = {"attack": "ASSAULT", "shell": "ASSAULT", "bomb": "ASSAULT", "kill": "DEATH", "capture": "SEIZE",
          "meet": "CONSULT", "met": "CONSULT", "accuse": "ACCUSE", "refus": "REJECT", "reject": "REJECT",
          "sent": "AID", "send": "AID"}
_SAID = re.compile(rf"(?P<speaker>{_NAME}) said (?:that )?$")
PLACES: dict[str, tuple[float, float, int]] = {
    "Aleppo": (36.20, 37.16, 170063), "Damascus": (33.51, 36.29, 170654), "Homs": (34.73, 36.72, 169577),
    "Idlib": (35.93, 36.63, 169388), "Gaza": (31.50, 34.47, 281133), "Kyiv": (50.45, 30.52, 703448),
    "Kharkiv": (49.99, 36.23, 706483), "Odesa": (46.48, 30.73, 698740), "Khartoum": (15.55, 32.53, 379252),
    "Beirut": (33.89, 35.50, 276781),
}


UNCODED: dict[str, tuple[EventClass, Tense]] = {
    "fell": ("OCCURRENCE", "PAST"), "rose": ("OCCURRENCE", "PAST"), "fall": ("OCCURRENCE", "INFINITIVE"),
    "resigned": ("OCCURRENCE", "PAST"), "election": ("OCCURRENCE", "NONE"), "talks": ("OCCURRENCE", "NONE"),
    "remained": ("STATE", "PAST"), "announced": ("REPORTING", "PAST"), "hoped": ("I_STATE", "PAST"),
}
_UNCODED_WORD = re.compile(r"\b(?:(?P<modal>may|might|could|would) |(?P<neg>not) )?(?P<word>"
                           + "|".join(UNCODED) + r")\b")
_DATE = re.compile(r" on (?P<date>\d{4}-\d{2}-\d{2})")


def _lemma(verb: str) -> str:
    return "met" if verb in ("met", "meet") else re.sub(r"(ed|ing)$", "", verb).rstrip("e") + (
        "e" if verb.startswith(("captur", "accus")) else "")


class FakeAnalyzer:
    """Same `analyze_documents` as `dateline.Analyzer`; no model, no stages."""

    def analyze_documents(self, documents: Iterable[Document]) -> Iterator[Record]:
        for document in documents:
            yield self.analyze_document(document)

    def analyze_document(self, document: Document) -> Record:
        text = document.text
        if "FAKE-CRASH" in text:
            raise RuntimeError("the fake analyzer was told to fail on this article")
        record = Record(document=document)
        entities: dict[str, Entity] = {}
        places: dict[str, Place] = {}
        for m in _SENTENCE.finditer(text):
            ids = []
            for role in ("actor", "target"):
                name = m[role]
                entity = entities.setdefault(name, Entity(id=f"e{len(entities) + 1}", name=name, type="GROUP"))
                entity.mentions.append(Mention(start=m.start(role), end=m.end(role), text=name))
                ids.append(entity.id)
            place_ids = []
            if m["place"]:
                lat, lon, gid = PLACES.get(m["place"], (None, None, None))
                place = places.setdefault(m["place"], Place(
                    id=f"p{len(places) + 1}", name=m["place"], kind="city" if gid else "unknown",
                    lat=lat, lon=lon, geonameid=gid))
                place.mentions.append(Mention(start=m.start("place"), end=m.end("place"), text=m["place"]))
                place_ids.append(place.id)
            when = EventWhen()
            if m["date"]:
                timex = Timex(id=f"t{len(record.times) + 1}", start=m.start("date"), end=m.end("date"),
                              text=m["date"], type="DATE", value=m["date"])
                record.times.append(timex)
                when = EventWhen(value=m["date"], earliest=m["date"], latest=m["date"], time_ids=[timex.id],
                                 basis="explicit")
            quantities = []
            if m["n"]:
                record.quantities.append(Quantity(start=m.start("n"), end=m.end("n"), text=m["n"],
                                                  value=float(m["n"]), unit="people"))
                quantities.append(len(record.quantities) - 1)
            negated = bool(m["neg"])
            said = _SAID.search(text, max(0, m.start() - 80), m.start())
            event_id = f"v{len(record.events) + 1}"
            if said:
                speaker = entities.setdefault(said["speaker"], Entity(
                    id=f"e{len(entities) + 1}", name=said["speaker"], type="GROUP"))
                speaker.mentions.append(Mention(start=said.start("speaker"), end=said.end("speaker"),
                                                text=said["speaker"]))
                record.claims.append(Claim(
                    id=f"cl{len(record.claims) + 1}", speaker=said["speaker"], speaker_entity=speaker.id,
                    cue=Span(start=said.start() + len(said["speaker"]) + 1,
                             end=said.start() + len(said["speaker"]) + 5, text="said"),
                    content=Span(start=m.start(), end=m.end(), text=m[0]), events=[event_id],
                    polarity="negative" if negated else "positive"))
            record.events.append(Event(
                id=event_id, type=_TYPES.get(_lemma(m["verb"]), "ASSAULT"),
                trigger=Span(start=m.start("verb"), end=m.end("verb"), text=m["verb"]),
                actors=[ids[0]], targets=[ids[1]], places=place_ids, when=when,
                certainty="negated" if negated else ("reported" if said else "asserted"), negated=negated,
                quantities=quantities,
                sentence=SentenceRef(start=m.start(), end=m.end()),
            ))
        self._uncoded(record)
        record.entities = list(entities.values())
        record.places = list(places.values())
        return record

    @staticmethod
    def _uncoded(record: Record) -> None:
        text, published = record.document.text, record.document.published
        for m in _UNCODED_WORD.finditer(text):
            start = text.rfind(". ", 0, m.start("word"))
            start = 0 if start < 0 else start + 2
            end = text.find(".", m.end("word"))
            end = len(text) if end < 0 else end + 1
            date = _DATE.search(text, m.end("word"), end)
            if date:
                timex = Timex(id=f"t{len(record.times) + 1}", start=date.start("date"), end=date.end("date"),
                              text=date["date"], type="DATE", value=date["date"])
                record.times.append(timex)
                when = EventWhen(value=date["date"], earliest=date["date"], latest=date["date"],
                                 time_ids=[timex.id], basis="explicit")
            else:
                when = EventWhen(latest=published[:10] if published else None,
                                 basis="publication" if published else "unknown")
            event_class, tense = UNCODED[m["word"]]
            record.events.append(Event(
                id=f"v{len(record.events) + 1}", type=None, event_class=event_class, tense=tense,
                modality=m["modal"], trigger=Span(start=m.start("word"), end=m.end("word"), text=m["word"]),
                when=when, negated=bool(m["neg"]), certainty="negated" if m["neg"] else "asserted",
                sentence=SentenceRef(start=start, end=end),
            ))


_WORDS = ["Alpha", "Bravo", "Cedar", "Delta", "Eagle", "Falcon", "Granite", "Harbor", "Iron", "Jade", "Kestrel",
          "Lion", "Meadow", "North", "Oak", "Pine", "Quartz", "River", "Stone", "Tiger", "Union", "Valley", "Wolf",
          "Amber", "Birch"]
_GROUP_KINDS = ["Brigade", "Front", "Militia", "Guard", "Army", "Council", "Party", "Movement", "Legion", "Corps",
                "Alliance", "Forces"]
_PLACE_KINDS = ["Ford", "Hill", "Bay", "Field", "Port", "Dale", "Marsh", "Crossing"]
_VERBS = ["attacked", "shelled", "captured", "met", "accused", "bombed", "rejected", "sent"]


def fake_articles(
    n_events: int, *, seed: int = 7, start: date = date(2023, 1, 1), days: int = 730, retold: float = 0.15
) -> Iterator[tuple[Document, str]]:
    """(document, source name) of articles in the fake's sentence shape telling about `n_events` events.

    One event per article, over `days` days from `start`, between 300 named groups in 210 places (the 10
    of `PLACES`, with coordinates, three times as often as the others); a share `retold` of the events is
    told again by a second source, so the merge gives multi-source events (and joins a few percent of the
    rest by chance). Deterministic for a given `seed`.
    """
    rng = random.Random(seed)
    groups = [f"{w} {k}" for w in _WORDS for k in _GROUP_KINDS]
    places = list(PLACES) * 3 + [f"{w} {k}" for w in _WORDS for k in _PLACE_KINDS]
    for i in range(n_events):
        actor, target = rng.sample(groups, 2)
        when = start + timedelta(days=rng.randrange(days))
        sentence = (f"{actor} {rng.choice(_VERBS)} {target} in {rng.choice(places)} on {when.isoformat()}"
                    + (f", killing {rng.randrange(1, 40)} people." if rng.random() < 0.4 else "."))
        for copy in range(2 if rng.random() < retold else 1):
            published = (when + timedelta(days=copy + rng.randrange(3))).isoformat()
            text = f"{sentence} Dispatch {i}-{copy}: witnesses described the scene in detail."
            yield Document(id=f"fake{i}-{copy}", text=text, published=published), f"Source {(i + copy) % 40}"


def fill_store(store: Store, n_events: int, *, seed: int = 7) -> MergeSummary:
    """Write `fake_articles` through the store's write path (one transaction), then merge; returns the merge."""
    from dateline.corpus.neardup import content_hash
    from dateline.store.merge import merge_events
    from dateline.store.write import DocumentMeta, EntityResolver, write_record

    analyzer = FakeAnalyzer()
    with store.engine.begin() as conn:
        resolver = EntityResolver.load(conn)
        for seq, (document, source) in enumerate(fake_articles(n_events, seed=seed), start=1):
            document.id = content_hash(document.text)
            meta = DocumentMeta(document.id, seq, f"fake:{seq}", None, source, None, None, None)
            resolver.aliases.update(write_record(conn, meta, analyzer.analyze_document(document), resolver))
    return merge_events(store)
