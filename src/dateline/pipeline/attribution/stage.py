"""Attribution and certainty of events (writes event.attribution, event.certainty).

Why a document-level pass: who vouches for an event is often said once for many sentences
("This was reported by Reuters ..."; "According to officials, ..." followed by more of what
the officials said), so each event's chain is built from its own sentence's cues first and
then from the sources in force around it: a report's scope, the sources carried from the
sentences before, or none (the article asserts it).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dateline.model import Attribution, Certainty, Event, Record
from dateline.model import Span as TextSpan
from dateline.pipeline.attribution.cues import Cues, Link, links_for, load_cues, source_tokens
from dateline.pipeline.attribution.scope import SentenceInfo, layout, report_links
from dateline.pipeline.events.args import subject_of
from dateline.pipeline.events.lexicon import load_lexicon
from dateline.pipeline.nlp import sentence_of
from dateline.pipeline.quotes import Quote, find_quotes, quote_at
from dateline.pipeline.spans import MentionIndex
from dateline.settings import Settings

__all__ = ["AttributionStage", "decide_certainty"]

ARTICLE = Attribution(source="article", kind="article")
_PRECEDENCE: tuple[Certainty, ...] = (
    "negated", "denied", "future", "unconfirmed", "hedged", "claimed", "reported", "asserted"
)
_PLURAL_PRONOUNS = frozenset({"they", "we"})
_FIRST_PERSON = frozenset({"we", "i"})
_SINGULAR_PRONOUNS = frozenset({"he", "she", "i"})


@dataclass
class _Found:
    """What the first pass learned about one event, for the certainty pass."""

    event: Event
    token: Token
    nearest: Link | None = None
    quote: Quote | None = None
    own_words: bool = False  # the event is the speaker's own quoted statement ('"...," stressed X')
    text: str = ""  # the document's text, kept once (spaCy rebuilds doc.text on every access)


class AttributionStage:
    name = "attribution"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.cues: Cues = load_cues()
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc, record: Record) -> None:
        if not record.events:
            return
        found = _Chains(doc, record, self.cues).run()
        for item in found:
            item.event.certainty = decide_certainty(self._signals(item))

    def _signals(self, item: _Found) -> set[Certainty]:
        """Every certainty the text supports for one event; the strongest wins."""
        event, token, cues = item.event, item.token, self.cues
        signals: set[Certainty] = {event.certainty}
        if event.negated:
            signals.add("negated")
        links = [a for a in event.attribution if a.kind != "article"]
        if links and not item.own_words:
            signals.add("reported")
        nearest = item.nearest
        if nearest is not None and nearest.verb in cues.denial:
            signals.add("denied")
        sentence = item.text[event.sentence.start : event.sentence.end]  # not doc.text: rebuilt per call
        if any(p.search(sentence) for p in cues.unconfirmed):
            signals.add("unconfirmed")
        if _hedged(token, cues):
            signals.add("hedged")
        if self._claimed(item) and not item.own_words:
            signals.add("claimed")
        return signals

    def _claimed(self, item: _Found) -> bool:
        """A party telling of its own deed: the nearest source is the event's actor.

        With entities on both sides they decide; otherwise a pronoun subject that can be the
        speaker ("the rebels said they had entered", a quote's "we") makes the claim.
        """
        event = item.event
        first = event.attribution[0] if event.attribution else None
        if first is None or first.kind not in ("speech_verb", "quote"):
            return False
        if first.entity is not None and event.actors:
            return first.entity in event.actors
        subject = subject_of(item.token, self.lexicon)
        if subject is None or subject.passive:
            return False
        pronoun = subject.token.lower_
        if item.quote is not None:
            return pronoun in _FIRST_PERSON
        nearest = item.nearest
        if nearest is None or not nearest.governs:
            return False
        plural = nearest.source.tag_ in ("NNS", "NNPS")
        return (pronoun in _PLURAL_PRONOUNS and plural) or (pronoun in _SINGULAR_PRONOUNS and not plural)


def decide_certainty(signals: set[Certainty]) -> Certainty:
    """The strongest of the signals found: negated > denied > future > ... > asserted."""
    for certainty in _PRECEDENCE:
        if certainty in signals:
            return certainty
    return "asserted"


def _hedged(token: Token, cues: Cues) -> bool:
    node, child = token, None
    for _ in range(6):
        if any(c.dep_ == "advmod" and c.lower_ in cues.hedge_adverbs for c in node.children):
            return True
        if child is not None and child.dep_ == "xcomp" and node.lemma_.lower() in cues.hedge_frames:
            passive = any(c.dep_ == "auxpass" for c in node.children)
            if passive or node.lemma_.lower() in ("appear", "seem"):
                return True
        if (node.lemma_.lower() in cues.speech and child is not None) or node.head.i == node.i:
            return False
        node, child = node.head, node
    return False


class _Chains:
    """First pass: builds each event's attribution chain, sentence by sentence."""

    def __init__(self, doc: Doc, record: Record, cues: Cues) -> None:
        self.doc = doc
        self.record = record
        self.cues = cues
        self.text = record.document.text
        self.entities = MentionIndex.of_entities(record)
        self.quotes = find_quotes(doc, cues.speech)
        self.quote_verbs = frozenset(q.verb.i for q in self.quotes if q.verb is not None)
        self.report: list[Attribution] | None = None
        self.sentence_cues: dict[int, list[tuple[int, int]]] = {}  # see _is_cue

    def run(self) -> list[_Found]:
        found: list[_Found] = []
        by_sentence = self._events_by_sentence()
        carried: tuple[list[Attribution], int] | None = None
        pending: list[_Found] = []
        section = 0
        for info in layout(self.doc):
            if info.section != section:
                section, self.report, carried, pending = info.section, None, None, []
            scope = report_links(info.span, self.cues)
            if scope is not None:
                self.report = [self._attribution(link, kind="scope") for link in scope]
                for item in pending:
                    item.event.attribution = list(self.report)
                pending, carried = [], None
            events = by_sentence.get(info.span.start, [])
            for event, token in events:
                item = _Found(event, token, text=self.text)
                found.append(item)
                carried = self._attribute(item, info, carried, pending)
            if scope is None and all(self._is_cue(event, info) for event, _ in events):
                carried = self._eventless(info, carried)
        return found

    def _is_cue(self, event: Event, info: SentenceInfo) -> bool:
        """An event that is only the sentence's attribution ("According" of "according to", a
        bare "said"): a sentence of such events still tells nothing of its own."""
        if event.type is not None:
            return False
        cues = self.sentence_cues.get(info.span.start)
        if cues is None:
            links = links_for(info.span.root, self.cues, self.quote_verbs)
            cues = self.sentence_cues[info.span.start] = [link.cue for link in links]
        return any(start <= event.trigger.start < end for start, end in cues)

    def _eventless(
        self, info: SentenceInfo, carried: tuple[list[Attribution], int] | None
    ) -> tuple[list[Attribution], int] | None:
        """ "According to Reuters sources, Assad was in Russia." has no event of its own, but its
        source goes on vouching for the sentences after it ("There, he asked ...")."""
        links = [
            link
            for link in links_for(info.span.root, self.cues, self.quote_verbs)
            if link.carries and link.kind in ("according_to", "speech_verb")
        ]
        if not links:
            return carried
        chain = [self._attribution(link) for link in links]
        chain += self._outer_report(chain)
        return chain, info.paragraph

    def _events_by_sentence(self) -> dict[int, list[tuple[Event, Token]]]:
        out: dict[int, list[tuple[Event, Token]]] = {}
        for event in self.record.events:
            span = self.doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            root = span.root
            out.setdefault(sentence_of(root).start, []).append((event, root))
        return out

    def _attribute(
        self,
        item: _Found,
        info: SentenceInfo,
        carried: tuple[list[Attribution], int] | None,
        pending: list[_Found],
    ) -> tuple[list[Attribution], int] | None:
        """Sets one event's chain; returns the chain carried on to the next sentences."""
        event, token = item.event, item.token
        if token.i in self.quote_verbs:
            # the speaker's own on-record statement: the quote is the evidence, the speaker the source
            quote = next(q for q in self.quotes if q.verb is not None and q.verb.i == token.i)
            item.own_words = True
            if quote.speaker is not None:
                cue = TextSpan(start=quote.start, end=quote.end, text=self.text[quote.start : quote.end])
                event.attribution = [self._from_tokens(quote.speaker, cue, "quote")]
            else:
                event.attribution = [ARTICLE]
            return carried
        around = quote_at(self.quotes, event.trigger.start)
        if around is not None and around.speaker is not None and around.verb is not None:
            item.quote = around
            verb = around.verb
            cue = TextSpan(start=verb.idx, end=verb.idx + len(verb), text=self.text[verb.idx : verb.idx + len(verb)])
            event.attribution = [self._from_tokens(around.speaker, cue, "quote")]
            return None
        links = links_for(token, self.cues, self.quote_verbs)
        if links:
            item.nearest = links[0]
            chain = [self._attribution(link) for link in links]
            chain += self._outer_report(chain)
            event.attribution = chain
            if all(link.carries for link in links):
                return chain, info.paragraph
            return carried
        if carried is not None and (self.report is not None or carried[1] == info.paragraph):
            event.attribution = [a.model_copy(update={"kind": "scope"}) for a in carried[0]]
        elif self.report is not None:
            event.attribution = list(self.report)
        else:
            event.attribution = [ARTICLE]
            pending.append(item)
        return carried

    def _outer_report(self, chain: list[Attribution]) -> list[Attribution]:
        """The report in force, as the outermost link, unless the chain already reaches it."""
        if self.report is None:
            return []
        outer = self.report[-1]
        if any((a.entity is not None and a.entity == outer.entity) or a.source == outer.source for a in chain):
            return []
        return [outer]

    def _attribution(self, link: Link, kind: str | None = None) -> Attribution:
        start, end = link.cue
        cue = TextSpan(start=start, end=end, text=self.text[start:end])
        return self._from_tokens(link.source, cue, kind or link.kind)

    def _from_tokens(self, head: Token, cue: TextSpan, kind: str) -> Attribution:
        tokens = source_tokens(head)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        entity = self._entity(head)
        return Attribution(source=self.text[start:end], entity=entity, cue=cue, kind=kind)  # type: ignore[arg-type]

    def _entity(self, head: Token) -> str | None:
        ids = self.entities.at_token(head)
        if ids:
            return ids[0]
        for child in head.children:
            if child.dep_ == "appos" and self.entities.at_token(child):
                return self.entities.at_token(child)[0]
        is_ref = head.lemma_.lower() in self.cues.report_nouns and any(
            c.dep_ == "det" and c.lower_ == "the" for c in head.children
        )
        if is_ref and self.report is not None:
            return self.report[-1].entity
        return None
