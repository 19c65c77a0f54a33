"""Events: triggers, PLOVER types and arguments (writes record.events).

Why two steps: `events_match` finds events and their argument phrases from the parse alone;
this stage turns those phrases into the ids of entities and places found by the earlier
stages, so a pronoun ("he fled") lands on the person the entity stage resolved it to.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dateline.model import Certainty, Event, Record, SentenceRef
from dateline.model import Span as TextSpan
from dateline.pipeline.attribution_quotes import find_quotes
from dateline.pipeline.events_args import without_clauses
from dateline.pipeline.events_lexicon import EventLexicon, load_lexicon
from dateline.pipeline.events_match import EventMention, find_mentions, speech_lemmas
from dateline.pipeline.spans import MentionIndex
from dateline.settings import Settings

__all__ = ["EventStage"]

_MODALITY_CERTAINTY: dict[str, Certainty] = {"future": "future", "hedged": "hedged"}
# dependents of a phrase head that may carry the entity when the head itself does not
# ("Russian aircraft" -> Russia); never possessives ("his cousins" are not "he")
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


class EventStage:
    name = "events"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lexicon: EventLexicon = load_lexicon()
        self.speech = speech_lemmas(self.lexicon)

    def __call__(self, doc: Doc, record: Record) -> None:
        builder = _Builder(doc, record, self.lexicon)
        quote_verbs = {q.verb.i for q in find_quotes(doc, self.speech) if q.verb is not None}
        mentions: list[tuple[EventMention, Span]] = []
        for sent in doc.sents:
            for mention in find_mentions(sent, self.lexicon, quote_verbs, builder.is_place):
                if not builder.ignored(mention.start, mention.end):
                    mentions.append((mention, sent))
        mentions.sort(key=lambda pair: pair[0].start)
        for n, (mention, sent) in enumerate(mentions, start=1):
            record.events.append(builder.event(f"ev{n}", mention, sent))


class _Builder:
    """Maps one article's event mentions onto the record's entities, places and quantities."""

    def __init__(self, doc: Doc, record: Record, lexicon: EventLexicon) -> None:
        self.doc = doc
        self.record = record
        self.lexicon = lexicon
        self.text = record.document.text
        self.entities = MentionIndex.of_entities(record)
        named = [(m.start, m.end, p.id) for p in record.places for m in p.mentions if m.kind != "demonym"]
        self.places = MentionIndex(named)
        self.place_starts = sorted(named)
        self.ignored_spans = [(s.start, s.end) for s in record.document.ignored]

    def is_place(self, token: Token) -> bool:
        return bool(self.places.at_token(token))

    def ignored(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.ignored_spans)

    def event(self, ident: str, mention: EventMention, sent: Span) -> Event:
        start, end = mention.start, mention.end
        certainty: Certainty = "asserted"
        if mention.negated:
            certainty = "negated"
        elif mention.modality in _MODALITY_CERTAINTY:
            certainty = _MODALITY_CERTAINTY[mention.modality]
        places = self._place_ids(mention.place_phrases)
        targets = [t for t in self._entity_ids(mention.targets, skip_places=True)]
        return Event(
            id=ident,
            type=mention.type,
            mode=mention.rule.mode,
            trigger=TextSpan(start=start, end=end, text=self.text[start:end]),
            actors=self._entity_ids(mention.actors),
            targets=targets,
            places=places,
            negated=mention.negated,
            certainty=certainty,
            quantities=self._quantities(mention),
            sentence=SentenceRef(start=sent.start_char, end=sent.end_char),
        )

    def _entity_ids(self, heads: list[Token], skip_places: bool = False) -> list[str]:
        ids: list[str] = []
        for head in heads:
            if skip_places and self.is_place(head) and not self.entities.at_token(head):
                continue
            for ident in self._ids_of_phrase(head):
                if ident not in ids:
                    ids.append(ident)
        return ids

    def _ids_of_phrase(self, head: Token) -> list[str]:
        found = list(self.entities.at_token(head))
        for child in head.children:
            if child.dep_ == "appos":
                found += self.entities.at_token(child)
        if not found:
            for child in head.children:
                if child.dep_ in _MODIFIER_DEPS:
                    found += self.entities.at_token(child)
        return found

    def _place_ids(self, phrases: list[Token]) -> list[str]:
        ids: list[str] = []
        for head in phrases:
            tokens = [head] if head.lower_ == "there" else without_clauses(head)
            found = self._previous_place(head) if head.lower_ == "there" else []
            for token in tokens:
                found += self.places.at_token(token)
            for ident in found:
                if ident not in ids:
                    ids.append(ident)
        return ids

    def _previous_place(self, token: Token) -> list[str]:
        """ "There, he asked ...": the place last named before it."""
        before = [p for p in self.place_starts if p[1] <= token.idx]
        return [before[-1][2]] if before else []

    def _quantities(self, mention: EventMention) -> list[int]:
        spans = []
        for head in mention.phrases:
            tokens = without_clauses(head)
            spans.append((min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)))
        return [
            i
            for i, q in enumerate(self.record.quantities)
            if any(s <= q.start and q.end <= e for s, e in spans)
        ]
