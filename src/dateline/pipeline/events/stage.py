"""Events: every event mention with its TimeML class, and the PLOVER coding on top (writes record.events).

Why two layers: the trained detector (`detect`) finds what TimeML calls an event — "fell",
"the merger", "talks", "is ill" — with its class; the trigger lexicon (`match`) codes the
political and violent ones with a PLOVER type or news kind and reads their roles by type.
A token both find is one event, with the lexicon's type and the detector's class; one only
the lexicon finds keeps its type (no coded event is lost to the detector) and takes the class
its type implies; one only the detector finds has `type` None.

Why mentions then ids: `match` finds events and their argument phrases from the parse alone;
this stage turns those phrases into the ids of entities and places found by the earlier
stages, so a pronoun ("he fled") lands on the person the entity stage resolved it to.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from dateline.model import Certainty, Event, EventArgument, EventClass, Record, SentenceRef
from dateline.model import Span as TextSpan
from dateline.pipeline.events.abbreviations import defined_abbreviations
from dateline.pipeline.events.args import ParseFix, repair, without_clauses
from dateline.pipeline.events.attributes import attributes_of
from dateline.pipeline.events.detect import Detection, load_detector
from dateline.pipeline.events.features import verb_index
from dateline.pipeline.events.lexicon import EventLexicon, load_lexicon
from dateline.pipeline.events.match import EventMention, find_mentions, open_mention, speech_lemmas
from dateline.pipeline.nlp import load as load_pipeline
from dateline.pipeline.nlp import sentence_of, sentences
from dateline.pipeline.quotes import find_quotes
from dateline.pipeline.spans import MentionIndex
from dateline.settings import Settings

__all__ = ["EventStage"]

_MODALITY_CERTAINTY: dict[str, Certainty] = {"future": "future", "hedged": "hedged"}
# dependents of a phrase head that may carry the entity when the head itself does not
# ("Russian aircraft" -> Russia); never possessives ("his cousins" are not "he")
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
# pronouns the entity stage may leave unresolved, and how far back (in characters) an earlier
# event's participants can still be what they stand for
_GROUP_PRONOUNS = frozenset({"them", "they", "both"})
_THING_PRONOUNS = frozenset({"it", "this", "that"})
_ANAPHORA_WINDOW = 400


# the class a coded event takes when the detector passed over its trigger
_CLASS_OF_TYPE: dict[str, EventClass] = {"STATEMENT": "REPORTING"}


class EventStage:
    name = "events"

    def __init__(self, settings: Settings, open_events: bool = True) -> None:
        self.settings = settings
        self.lexicon: EventLexicon = load_lexicon()
        self.speech = speech_lemmas(self.lexicon)
        self.detector = load_detector() if open_events else None
        # the verb lemmas of this stage's own pipeline (the shared detector holds no per-model state)
        self.verbs = verb_index(load_pipeline(settings.model)) if open_events else frozenset()

    def __call__(self, doc: Doc, record: Record) -> None:
        builder = _Builder(doc, record, self.lexicon)
        mentions = self._coded(doc, builder)
        coded_tokens = {t.i for mention, _, _ in mentions for t in mention.tokens}
        detections = self.detector.detect(doc, self.verbs) if self.detector is not None else []
        by_token = {d.token.i: d for d in detections}
        for n, (mention, sent, _) in enumerate(mentions):
            # the detector's class for a coded trigger: at its head (the noun of a frame), else any word
            head = mention.noun if mention.noun is not None else mention.verb
            found = by_token.get(head.i) or next((by_token[t.i] for t in mention.tokens if t.i in by_token), None)
            mentions[n] = (mention, sent, found)
        mentions += self._uncoded(detections, coded_tokens, builder)
        mentions.sort(key=lambda triple: triple[0].start)
        for n, (mention, sent, found) in enumerate(mentions, start=1):
            event = builder.event(f"ev{n}", mention, sent)
            head = mention.noun if mention.noun is not None else mention.verb
            if found is not None:
                event.event_class = found.cls  # type: ignore[assignment]  # a TimeML class by training
            elif event.type is not None:
                event.event_class = _CLASS_OF_TYPE.get(event.type, "OCCURRENCE")
            tense, aspect, event.modality = attributes_of(head)
            event.tense, event.aspect = tense, aspect  # type: ignore[assignment]
            builder.resolve_leftovers(event, mention)
            record.events.append(event)

    def _coded(self, doc: Doc, builder: _Builder) -> list[tuple[EventMention, Span, Detection | None]]:
        """The mentions the PLOVER trigger table codes, sentence by sentence."""
        quote_verbs = {q.verb.i for q in find_quotes(doc, self.speech) if q.verb is not None}
        out: list[tuple[EventMention, Span, Detection | None]] = []
        for sent in sentences(doc):
            for mention in find_mentions(sent, self.lexicon, quote_verbs, builder.is_place):
                if not builder.ignored(mention.start, mention.end):
                    out.append((mention, sent, None))
        return out

    def _uncoded(
        self, detections: list[Detection], coded: set[int], builder: _Builder
    ) -> list[tuple[EventMention, Span, Detection | None]]:
        """The detector's events the table does not code, with their arguments from the parse."""
        fixes: dict[int, ParseFix] = {}
        out: list[tuple[EventMention, Span, Detection | None]] = []
        for detection in detections:
            token = detection.token
            if token.i in coded or builder.ignored(token.idx, token.idx + len(token)):
                continue
            sent = sentence_of(token)
            fix = fixes.get(sent.start)
            if fix is None:
                fix = fixes[sent.start] = repair(sent)
            out.append((open_mention(token, self.lexicon, fix), sent, detection))
        return out


class _Builder:
    """Maps one article's event mentions onto the record's entities, places and quantities.

    Why the per-token tables: the same heads (a subject shared by three verbs, "he") come back
    for event after event, and every lookup builds spaCy Token objects again (children,
    subtrees); what depends only on the token and this article is worked out once, by index.
    """

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
        self.quantity_starts = sorted(q.start for q in record.quantities)
        self._places_at: dict[int, list[str]] = {}
        self._entities_at: dict[int, list[str]] = {}
        self._phrase_ids: dict[int, list[str]] = {}
        self._place_like_at: dict[int, bool] = {}
        self._phrase_spans: dict[int, tuple[int, int]] = {}
        self._bare: dict[int, list[Token]] = {}
        self._bare_spans: dict[int, tuple[int, int]] = {}
        self._sentence_quantities: dict[int, bool] = {}
        # "WWDC" after "the Worldwide Developers Conference (WWDC)": the conference's lemma
        self.short_forms = {short: head.lemma_.lower() for short, head in defined_abbreviations(doc).items()}

    def places_at(self, token: Token) -> list[str]:
        """`places.at_token`, once per token (callers only read the list)."""
        found = self._places_at.get(token.i)
        if found is None:
            found = self._places_at[token.i] = self.places.at_token(token)
        return found

    def entities_at(self, token: Token) -> list[str]:
        """`entities.at_token`, once per token (callers only read the list)."""
        found = self._entities_at.get(token.i)
        if found is None:
            found = self._entities_at[token.i] = self.entities.at_token(token)
        return found

    def lemma_of(self, head: Token) -> str:
        """The event's lemma: its head's, or for a short form the text defines, its long form's head's."""
        return self.short_forms.get(head.text) or head.lemma_.lower()

    def is_place(self, token: Token) -> bool:
        return bool(self.places_at(token))

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
            type=mention.type or None,
            mode=mention.rule.mode,
            trigger=TextSpan(start=start, end=end, text=self.text[start:end]),
            lemma=self.lemma_of(mention.noun or mention.verb),
            actors=self._entity_ids(mention.actors),
            targets=targets,
            places=places,
            negated=mention.negated,
            certainty=certainty,
            quantities=self._quantities(mention),
            sentence=SentenceRef(start=sent.start_char, end=sent.end_char),
            arguments=self._arguments(mention),
        )

    def _arguments(self, mention: EventMention) -> list[EventArgument]:
        """Every argument phrase with its role, and the entity or place it names if known."""
        out: list[EventArgument] = []
        roles = (
            ("actor", mention.actors),
            ("target", mention.targets),
            ("instrument", mention.instruments),
            ("place", mention.place_phrases),
            ("time", mention.times),
        )
        for role, heads in roles:
            for head in heads:
                if role == "place" and not self._place_like(head):
                    continue  # "lied to officials", "in fact": a preposition's object is not always a where
                if role == "instrument" and mention.targets:
                    start, end = _words_span(_without(_phrase(head), mention.targets), head)
                else:
                    start, end = self._phrase_span(head)
                entities = [] if role in ("place", "time") else self._ids_of_phrase(head)
                places = self.places_at(head) if role in ("place", "target") else []
                out.append(
                    EventArgument(
                        start=start,
                        end=end,
                        text=self.text[start:end],
                        role=role,  # type: ignore[arg-type]
                        entity=entities[0] if entities else None,
                        place=places[0] if places else None,
                    )
                )
        return out

    def resolve_leftovers(self, event: Event, mention: EventMention) -> None:
        """Participants the entity stage could not name, taken from the events just before.

        "Ehab and Eyad ... were ambushed. One of them was shot dead": a plural pronoun with no
        entity stands for the last group of two or more that an earlier event had; "he asked
        for intervention, but the Kremlin did not want it": what is refused is the request,
        so the one refused is the requester.
        """
        if event.targets and event.actors:
            return
        # the earlier events, gathered only when a pronoun needs them: a scan of all the
        # article's events for each event was quadratic, and most events need none
        earlier: list[Event] | None = None

        def before() -> list[Event]:
            nonlocal earlier
            if earlier is None:
                earlier = [
                    e
                    for e in self.record.events
                    if 0 <= event.trigger.start - e.trigger.end <= _ANAPHORA_WINDOW
                    and "\n" not in self.text[e.trigger.end : event.trigger.start]  # same paragraph only
                ]
            return earlier

        if not event.targets:
            for head in mention.targets:
                if self.entities_at(head):
                    continue
                lower = head.lower_
                if lower in _GROUP_PRONOUNS and not _plural_before(head):
                    event.targets = _last_group(before())
                elif lower in _THING_PRONOUNS and event.type == "REJECT":
                    requests = [e for e in before() if e.type == "REQUEST" and e.actors]
                    if requests:
                        event.targets = list(requests[-1].actors)
        if not event.actors:
            for head in mention.actors:
                if not self.entities_at(head) and head.lower_ == "they" and not _plural_before(head):
                    event.actors = _last_group(before())

    def _place_like(self, head: Token) -> bool:
        found = self._place_like_at.get(head.i)
        if found is None:
            found = self._place_like_at[head.i] = (
                head.lower_ == "there"
                or self.is_place(head)
                or head.ent_type_ in ("GPE", "LOC", "FAC")
                or self.lexicon.in_class("place_nouns", head.lemma_)
                or any(self.is_place(t) for t in self._without_clauses(head))
            )
        return found

    def _phrase_span(self, head: Token) -> tuple[int, int]:
        """The offsets of `_phrase(head)`'s words, once per head."""
        found = self._phrase_spans.get(head.i)
        if found is None:
            found = self._phrase_spans[head.i] = _words_span(_phrase(head), head)
        return found

    def _without_clauses(self, head: Token) -> list[Token]:
        """`args.without_clauses(head)`, once per head (callers only read the list)."""
        found = self._bare.get(head.i)
        if found is None:
            found = self._bare[head.i] = without_clauses(head)
        return found

    def _entity_ids(self, heads: list[Token], skip_places: bool = False) -> list[str]:
        ids: list[str] = []
        for head in heads:
            if skip_places and self.is_place(head) and not self.entities_at(head):
                continue
            for ident in self._ids_of_phrase(head):
                if ident not in ids:
                    ids.append(ident)
        return ids

    def _ids_of_phrase(self, head: Token) -> list[str]:
        """The entities of the phrase `head` heads: its own, an apposition's, else a modifier's
        (once per head; callers only read the list)."""
        cached = self._phrase_ids.get(head.i)
        if cached is not None:
            return cached
        found = list(self.entities_at(head))
        children = list(head.children)
        for child in children:
            if child.dep_ == "appos":
                found += self.entities_at(child)
        if not found:
            for child in children:
                if child.dep_ in _MODIFIER_DEPS:
                    found += self.entities_at(child)
        self._phrase_ids[head.i] = found
        return found

    def _place_ids(self, phrases: list[Token]) -> list[str]:
        ids: list[str] = []
        for head in phrases:
            tokens = [head] if head.lower_ == "there" else self._without_clauses(head)
            found = self._previous_place(head) if head.lower_ == "there" else []
            for token in tokens:
                found += self.places_at(token)
            for ident in found:
                if ident not in ids:
                    ids.append(ident)
        return ids

    def _previous_place(self, token: Token) -> list[str]:
        """ "There, he asked ...": the place last named before it."""
        before = [p for p in self.place_starts if p[1] <= token.idx]
        return [before[-1][2]] if before else []

    def _quantities(self, mention: EventMention) -> list[int]:
        if not self.quantity_starts or not self._has_quantity(sentence_of(mention.verb)):
            return []
        spans = [self._bare_span(head) for head in mention.phrases]
        return [
            i
            for i, q in enumerate(self.record.quantities)
            if any(s <= q.start and q.end <= e for s, e in spans)
        ]


    def _bare_span(self, head: Token) -> tuple[int, int]:
        """The offsets `args.without_clauses(head)` covers, once per head."""
        found = self._bare_spans.get(head.i)
        if found is None:
            tokens = self._without_clauses(head)
            found = self._bare_spans[head.i] = (min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens))
        return found

    def _has_quantity(self, sent: Span) -> bool:
        """Whether a quantity starts in the sentence (once per sentence, by bisection)."""
        found = self._sentence_quantities.get(sent.start)
        if found is None:
            start, end = sent.start_char, sent.end_char
            at = bisect_left(self.quantity_starts, start)
            found = self._sentence_quantities[sent.start] = (
                at < len(self.quantity_starts) and self.quantity_starts[at] < end
            )
        return found


def _last_group(events: list[Event]) -> list[str]:
    """The participants of the latest earlier event that had two or more of one kind."""
    for event in reversed(events):
        for group in (event.targets, event.actors):
            if len(group) >= 2:
                return list(group)
    return []


def _plural_before(pronoun: Token) -> bool:
    """A plural noun earlier in the sentence is the likelier antecedent ("assured the chiefs that
    they would ..."): then an earlier event's group must not be borrowed."""
    sent = sentence_of(pronoun)
    return any(t.tag_ in ("NNS", "NNPS") for t in pronoun.doc[sent.start : pronoun.i])


def _words_span(tokens: list[Token], head: Token) -> tuple[int, int]:
    """The offsets from the first to the last word of `tokens` (spaces and punctuation left
    out), or of `head` when there is no word."""
    words = [t for t in tokens if not (t.is_space or t.is_punct)] or [head]
    return min(t.idx for t in words), max(t.idx + len(t) for t in words)


def _without(tokens: list[Token], drop: list[Token]) -> list[Token]:
    """`tokens` less the phrases of `drop` (a recipient the parse put inside the thing given)."""
    gone = {t.i for d in drop for t in d.subtree}
    kept = [t for t in tokens if t.i not in gone]
    return kept or tokens


_PHRASE_CUT = frozenset({"conj", "cc", "appos", "punct", "relcl", "acl", "advcl", "prep"})


def _phrase(head: Token) -> list[Token]:
    """The words of one argument phrase: its head with modifiers, without conjuncts, appositions,
    clauses or trailing prepositional phrases ("Ehab" of "Ehab and Eyad"; "a commander" of "a
    commander who attended"); an "of" phrase stays ("the outskirts of Aleppo")."""
    out = [head]
    for child in head.children:
        if child.dep_ in _PHRASE_CUT and not (child.dep_ == "prep" and child.lower_ == "of"):
            continue
        out.extend(_phrase(child) if child.dep_ != "prep" else list(child.subtree))
    out.sort(key=lambda t: t.i)
    return out
