"""Claims: what statements say, linked to the article's events that support or contradict them.

Why a stage of its own, after attribution: a claim ("Russian support is on its way") is
neither an event nor a source; it is the content of a statement, and its worth shows only
against the rest of the article: a refusal by the party that was to help, a "he lied to
them", a narrator's "although in fact he went to the airport". Those checks need every
event with its arguments and certainty, so they run once all of them are known.

The rules are general and read from `resources/claims/rules.yaml`:
- a claim is the complement clause of a speech (or lie) verb, the clause an "according to"
  or a parenthetical "one source said" sources, or a direct quote with its speaker;
- a claim's *topic* is the topic word lists its content uses, its *parties* the entities
  named in it plus its speaker, its *polarity* negative when its content says no;
- `contradicts`: a statement by the same speaker called a lie on the same topic (or the
  lie itself); a refusal event on the claim's topic involving its parties, for a claim that
  says yes; a narrator's contrasting event ("although in fact") of the same kind and actor;
- `supports`: a refusal for a claim that says no; a giving event (aid, support) on the topic
  by the claim's parties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from dateline.errors import ResourceError
from dateline.model import Claim, ClaimLink, Event, Record
from dateline.model import Span as TextSpan
from dateline.pipeline.attribution.cues import load_cues, source_tokens, speaker_of
from dateline.pipeline.quotes import find_quotes
from dateline.pipeline.spans import MentionIndex
from dateline.resources import load_yaml
from dateline.settings import Settings

__all__ = ["ClaimRules", "ClaimStage", "load_claim_rules"]

RULES_FILE = "claims/rules.yaml"
_KEYS = {"topics", "negative_words", "lie", "contrast", "opposing_types", "supporting_types"}
_CONTENT_DEPS = frozenset({"ccomp"})
_THAT_CLAUSE_DEPS = frozenset({"ccomp", "relcl", "advcl", "acl"})
_LIE_WINDOW = 3  # sentences before a "he lied" that it can be about, within one paragraph or quote


@dataclass(frozen=True)
class ClaimRules:
    topics: dict[str, frozenset[str]]
    negative: frozenset[str]
    lie_modes: frozenset[str]
    lie_lemmas: frozenset[str]
    contrast: frozenset[str]
    opposing: frozenset[str]
    supporting: frozenset[str]


def _words(data: dict[str, Any], key: str, field_name: str) -> frozenset[str]:
    entry = data.get(key)
    if not isinstance(entry, dict) or not isinstance(entry.get(field_name), list):
        raise ResourceError(RULES_FILE, f"{key!r} needs a list {field_name!r}")
    unknown = set(entry) - {"why", "words", "modes", "lemmas", "types"}
    if unknown:
        raise ResourceError(RULES_FILE, f"{key!r} has unknown keys {sorted(unknown)}")
    if not entry[field_name]:
        raise ResourceError(RULES_FILE, f"{key}.{field_name} is empty")
    return frozenset(str(w).lower() for w in entry[field_name])


@lru_cache(maxsize=1)
def load_claim_rules() -> ClaimRules:
    """The shipped claim rules, checked once per process."""
    data = load_yaml(RULES_FILE)
    if not isinstance(data, dict) or set(data) != _KEYS:
        raise ResourceError(RULES_FILE, f"expected exactly the keys {sorted(_KEYS)}")
    topics_entry = data["topics"]
    if not isinstance(topics_entry, dict):
        raise ResourceError(RULES_FILE, "'topics' must map topic names to word lists")
    topics: dict[str, frozenset[str]] = {}
    for name, words in topics_entry.items():
        if name == "why":
            continue
        if not isinstance(words, list) or not words:
            raise ResourceError(RULES_FILE, f"topic {name!r} must be a non-empty list of words")
        topics[name] = frozenset(str(w).lower() for w in words)
    return ClaimRules(
        topics=topics,
        negative=_words(data, "negative_words", "words"),
        lie_modes=_words(data, "lie", "modes"),
        lie_lemmas=_words(data, "lie", "lemmas"),
        contrast=_words(data, "contrast", "words"),
        opposing=frozenset(t.upper() for t in _words(data, "opposing_types", "types")),
        supporting=frozenset(t.upper() for t in _words(data, "supporting_types", "types")),
    )


@dataclass
class _Draft:
    """A claim while it is built: tokens of its content, and what the rules need to know."""

    claim: Claim
    content: list[Token]
    verb: Token | None
    topics: frozenset[str] = frozenset()
    parties: set[str] = field(default_factory=set)
    about_statement: bool = False  # its content reports another statement ("the report said X assured")
    paragraph_end: int = 0


class ClaimStage:
    name = "claims"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rules = load_claim_rules()
        self.cues = load_cues()

    def __call__(self, doc: Doc, record: Record) -> None:
        if not record.events:
            return
        drafts = _Finder(doc, record, self.rules, self.cues.speech, self.cues.according).run()
        record.claims = [d.claim for d in drafts]
        record.claim_links = _Linker(doc, record, self.rules, drafts).run()


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


class _Finder:
    """Finds the claims of one article: speech complements, "according to" clauses, quotes."""

    def __init__(
        self, doc: Doc, record: Record, rules: ClaimRules, speech: frozenset[str], according: frozenset[str]
    ) -> None:
        self.doc = doc
        self.record = record
        self.rules = rules
        self.speech = speech
        self.according = according
        self.text = record.document.text
        self.entities = MentionIndex.of_entities(record)
        self.statements = {(e.trigger.start, e.trigger.end): e for e in record.events if e.type == "STATEMENT"}
        self.by_start = {e.trigger.start: e for e in record.events}
        self.country_of_place = {e.place: e.id for e in record.entities if e.place}
        self.ignored = [(s.start, s.end) for s in record.document.ignored]

    def run(self) -> list[_Draft]:
        drafts: list[_Draft] = []
        # the tokens once: spaCy builds a new Token object on every pass over the Doc
        tokens = list(self.doc)
        for token in tokens:
            if token.pos_ != "VERB" or self._ignored(token.idx):
                continue
            lemma = token.lemma_.lower()
            if lemma in self.speech or lemma in self.rules.lie_lemmas:
                draft = self._from_verb(token)
                if draft is not None:
                    drafts.append(draft)
        for token in tokens:
            if token.lower_ in self.according and token.dep_ == "prep" and not self._ignored(token.idx):
                draft = self._from_according(token)
                if draft is not None:
                    drafts.append(draft)
        drafts += self._from_quotes()
        drafts.sort(key=lambda d: d.claim.content.start)
        seen: set[tuple[int, int, str | None]] = set()
        out = []
        for draft in drafts:
            key = (draft.claim.content.start, draft.claim.content.end, draft.claim.speaker)
            cue = draft.claim.cue
            nested = any(
                o is not draft
                and o.claim.cue == cue
                and o.claim.content.start <= draft.claim.content.start
                and draft.claim.content.end <= o.claim.content.end
                for o in drafts
            )  # a parenthetical '," stressed X' read again inside the quote it closes
            if key not in seen and not nested:
                seen.add(key)
                out.append(draft)
        for n, draft in enumerate(out, start=1):
            draft.claim.id = f"cl{n}"
        return out

    def _ignored(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.ignored)

    # -- where claims come from ----------------------------------------------------------------
    def _from_verb(self, verb: Token) -> _Draft | None:
        clause = _content_clause(verb)
        if clause is not None:
            speaker = speaker_of(verb)
            tokens = list(clause.subtree)
            mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that"), None)
            if mark is not None:  # the content starts after its "that", whatever the parse hung before it
                tokens = [t for t in tokens if t.i > mark.i]
            return self._draft(tokens, verb, speaker, (verb.idx, verb.idx + len(verb)))
        if verb.dep_ == "parataxis" or any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
            # "one source said," / "as the source notes,": the host clause is what is said
            host = verb.head
            while host.dep_ not in ("ROOT", "ccomp") and host.head.i != host.i:
                host = host.head
            skip = {t.i for t in verb.subtree}
            tokens = [t for t in host.subtree if t.i not in skip]
            while tokens and (tokens[0].is_punct or tokens[0].lower_ in self.rules.contrast):
                tokens = tokens[1:]  # "However, one source said, he ...": the connective is the article's
            speaker = speaker_of(verb)
            return self._draft(tokens, verb, speaker, (verb.idx, verb.idx + len(verb)))
        return None

    def _from_according(self, prep: Token) -> _Draft | None:
        source = next((p for to in prep.children for p in to.children if p.dep_ == "pobj"), None)
        if source is None:
            return None
        host = prep.head
        skip = {t.i for t in prep.subtree}
        tokens = [t for t in host.subtree if t.i not in skip]
        end = prep.i + len(list(prep.subtree))
        return self._draft(tokens, None, source, (prep.idx, self.doc[end - 1].idx + len(self.doc[end - 1])))

    def _from_quotes(self) -> list[_Draft]:
        drafts = []
        for quote in find_quotes(self.doc, self.speech):
            if quote.verb is None or quote.speaker is None or self._ignored(quote.start):
                continue
            span = self.doc.char_span(quote.start, quote.end, alignment_mode="contract")
            if span is None or not len(span):
                continue
            verb = quote.verb
            draft = self._draft(list(span), verb, quote.speaker, (verb.idx, verb.idx + len(verb)))
            if draft is not None:
                draft.claim.certainty = "asserted"  # on the record, in the speaker's own words
                drafts.append(draft)
        return drafts

    # -- building one claim --------------------------------------------------------------------
    def _draft(
        self, tokens: list[Token], verb: Token | None, speaker: Token | None, cue: tuple[int, int]
    ) -> _Draft | None:
        words = [t for t in tokens if not (t.is_punct or t.is_space)]
        if len(words) < 2:
            return None
        start = words[0].idx
        end = words[-1].idx + len(words[-1])
        if words[-1].i + 1 < len(self.doc) and self.doc[words[-1].i + 1].text in ('"', "”"):
            end = self.doc[words[-1].i + 1].idx + 1  # keep a closing quote the content opened
        if self.text[start:end].count('"') % 2 and self.text[start] == '"':
            start += 1
        speaker_text = speaker_entity = None
        if speaker is not None:
            st = source_tokens(speaker)
            speaker_text = self.text[st[0].idx : st[-1].idx + len(st[-1])]
            ids = self.entities.at_token(speaker)
            speaker_entity = ids[0] if ids else None
        statement = self.statements.get(cue) if verb is not None else None
        inside = [e.id for e in self.record.events if start <= e.trigger.start and e.trigger.end <= end]
        certainty = statement.certainty if statement is not None else "reported"
        if certainty in ("asserted", "claimed"):
            certainty = "reported"
        claim = Claim(
            id="",
            speaker=speaker_text,
            speaker_entity=speaker_entity,
            source=list(statement.attribution) if statement is not None else [],
            cue=TextSpan(start=cue[0], end=cue[1], text=self.text[cue[0] : cue[1]]),
            content=TextSpan(start=start, end=end, text=self.text[start:end]),
            statement=statement.id if statement is not None else None,
            events=inside,
            polarity="negative" if self._says_no(words) else "positive",
            certainty=certainty,
        )
        draft = _Draft(claim, words, verb, paragraph_end=_paragraph_end(self.text, end))
        lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
        draft.topics = frozenset(name for name, vocab in self.rules.topics.items() if lemmas & vocab)
        draft.parties = self._parties(words, speaker_entity, statement)
        root = _root_of(words)
        draft.about_statement = root is not None and (
            root.lemma_.lower() in self.speech or root.lemma_.lower() in self.rules.lie_lemmas
        )
        return draft

    def _says_no(self, words: list[Token]) -> bool:
        root = _root_of(words)
        if root is not None and any(c.dep_ == "neg" for c in root.children):
            return True
        return any(t.lemma_.lower() in self.rules.negative or t.lower_ in self.rules.negative for t in words)

    def _parties(self, words: list[Token], speaker: str | None, statement: Event | None) -> set[str]:
        """The speaker, who the statement is made by, and the entities and countries named inside."""
        parties: set[str] = set()
        if speaker:
            parties.add(speaker)
        if statement is not None:
            parties.update(statement.actors)
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        parties.update(self.entities.at(start, end))
        for place in self.record.places:
            if place.id in self.country_of_place and any(start <= m.start < end for m in place.mentions):
                parties.add(self.country_of_place[place.id])
        return parties


def _content_clause(verb: Token) -> Token | None:
    """The clause a speech verb reports: its complement, or a "that" clause hung on its object."""
    for child in verb.children:
        if child.dep_ in _CONTENT_DEPS:
            return child
    for token in verb.subtree:
        if token.i == verb.i or token.dep_ not in _THAT_CLAUSE_DEPS or token.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children) and _clause_of(token).i == verb.i:
            return token
    return None


def _clause_of(token: Token) -> Token:
    """The nearest verb above `token`."""
    node = token.head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def _root_of(words: list[Token]) -> Token | None:
    """The token of `words` whose head lies outside them (the content's main verb)."""
    ids = {t.i for t in words}
    for token in words:
        if token.head.i not in ids or token.head.i == token.i:
            return token
    return None


class _Linker:
    """Links claims to the events that bear on them, each link with the rule that made it."""

    def __init__(self, doc: Doc, record: Record, rules: ClaimRules, drafts: list[_Draft]) -> None:
        self.doc = doc
        self.record = record
        self.rules = rules
        self.drafts = drafts
        self.text = record.document.text
        self.links: list[ClaimLink] = []
        self.sentence_topics: dict[tuple[int, int], frozenset[str]] = {}  # see _topics_of
        self._words: tuple[list[str], list[str]] | None = None  # see _token_words
        self.event_topics = {e.id: self._topics_of(e) for e in record.events}

    def run(self) -> list[ClaimLink]:
        lies = [e for e in self.record.events if self._is_lie(e)]
        for lie in lies:
            self._bare_lie(lie)
        for draft in self.drafts:
            self._lies(draft, lies)
            if not draft.about_statement:
                self._topic_events(draft)
                self._contrasts(draft)
        return self.links

    def _is_lie(self, event: Event) -> bool:
        return event.type == "STATEMENT" and (event.mode or "") in self.rules.lie_modes

    def _add(self, draft: _Draft, event: Event, relation: str, reason: str) -> None:
        if any(link.claim == draft.claim.id and link.event == event.id for link in self.links):
            return
        sentence = self._sentence(event)
        self.links.append(
            ClaimLink(
                claim=draft.claim.id,
                event=event.id,
                relation=relation,  # type: ignore[arg-type]
                reason=reason,
                evidence=[event.trigger, sentence],
            )
        )
        if relation == "contradicts" and self._is_lie(event) and event.id not in draft.claim.false_by:
            draft.claim.false_by.append(event.id)

    def _sentence(self, event: Event) -> TextSpan:
        start, end = event.sentence.start, event.sentence.end
        raw = self.text[start:end]
        start += len(raw) - len(raw.lstrip())
        end -= len(raw) - len(raw.rstrip())
        return TextSpan(start=start, end=end, text=self.text[start:end])

    def _topics_of(self, event: Event) -> frozenset[str]:
        """Topics of the clause around an event's trigger (its sentence, which holds its objects);
        read once per sentence, which every event of it asks about."""
        key = (event.sentence.start, event.sentence.end)
        cache = self.sentence_topics
        if key in cache:
            return cache[key]
        span = self.doc.char_span(event.sentence.start, event.sentence.end, alignment_mode="expand")
        found: frozenset[str] = frozenset()
        if span is not None:
            lemma, lower = self._token_words()
            lemmas = set(lemma[span.start : span.end]) | set(lower[span.start : span.end])
            found = frozenset(name for name, vocab in self.rules.topics.items() if lemmas & vocab)
        cache[key] = found
        return found

    def _token_words(self) -> tuple[list[str], list[str]]:
        """Every token's lowered lemma and lowered form, read in one pass over the Doc: the
        sentences of nearly every event ask for them, and each read of a token builds a new
        spaCy Token object."""
        if self._words is None:
            tokens = list(self.doc)
            self._words = [t.lemma_.lower() for t in tokens], [t.lower_ for t in tokens]
        return self._words

    def _lies(self, draft: _Draft, lies: list[Event]) -> None:
        """ "S lied (to X) that C": C is false; so is what S said on C's topic; so is what S said
        just before a "he lied to them" in the same paragraph or quote."""
        claim = draft.claim
        for lie in lies:
            if claim.statement == lie.id:
                self._add(draft, lie, "contradicts", "the statement is called a lie")
                continue
            same_speaker = bool(set(lie.actors) & draft.parties) and (
                claim.speaker_entity in lie.actors or self._statement_actors(draft) & set(lie.actors)
            )
            if not same_speaker or draft.claim.polarity == "negative":
                continue
            follows = lie.trigger.start - claim.content.end > 0 and lie.trigger.start < draft.paragraph_end
            near = follows and self._sentences_between(claim.content.end, lie.trigger.start) < _LIE_WINDOW
            lie_topics = self._lie_topics(lie)
            if near or (lie_topics and lie_topics & draft.topics):
                self._add(draft, lie, "contradicts", "its speaker is said to have lied about it")

    def _bare_lie(self, lie: Event) -> None:
        """ "He lied to them." with no content of its own is about the latest claim its speaker
        made before it, however far back."""
        if self._lie_topics(lie) or any(d.claim.statement == lie.id for d in self.drafts):
            return
        before = [
            d
            for d in self.drafts
            if d.claim.content.end <= lie.trigger.start
            and d.claim.polarity == "positive"
            and not d.about_statement
            and (d.claim.speaker_entity in lie.actors or self._statement_actors(d) & set(lie.actors))
        ]
        if before:
            self._add(before[-1], lie, "contradicts", "its speaker is said to have lied")

    def _statement_actors(self, draft: _Draft) -> set[str]:
        ident = draft.claim.statement
        event = next((e for e in self.record.events if e.id == ident), None)
        return set(event.actors) if event is not None else set()

    def _lie_topics(self, lie: Event) -> frozenset[str]:
        """Topics of what the lie is said to be about: the content of the lie's own claim."""
        for other in self.drafts:
            if other.claim.statement == lie.id:
                return other.topics
        return frozenset()

    def _sentences_between(self, start: int, end: int) -> int:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return _LIE_WINDOW
        return sum(1 for t in span if t.is_sent_start and t.i > span.start)  # sentences begun after the first

    def _topic_events(self, draft: _Draft) -> None:
        """Refusals and deliveries on the claim's topic that involve its parties."""
        claim = draft.claim
        if not draft.topics:
            return
        for event in self.record.events:
            if event.id in claim.events or event.id == claim.statement or event.certainty == "negated":
                continue
            if not (self.event_topics[event.id] & draft.topics):
                continue
            involved = set(event.actors) | set(event.targets)
            if not involved & draft.parties:
                continue
            says_yes = claim.polarity == "positive"
            if event.type in self.rules.opposing:
                relation = "contradicts" if says_yes else "supports"
                self._add(draft, event, relation, "a refusal on the same topic by or to its parties")
            elif event.type in self.rules.supporting and not self._inside_other_claim(event):
                relation = "supports" if says_yes else "contradicts"
                self._add(draft, event, relation, "help on the same topic by or to its parties")

    def _inside_other_claim(self, event: Event) -> bool:
        """An event that is itself only said by someone does not confirm another claim."""
        return any(event.id in d.claim.events for d in self.drafts)

    def _contrasts(self, draft: _Draft) -> None:
        """ "told X that he was going home, although in fact he went to the airport"."""
        claim = draft.claim
        inside = [e for e in self.record.events if e.id in claim.events]
        if not inside:
            return
        sentence = (inside[0].sentence.start, inside[0].sentence.end)
        for event in self.record.events:
            if event.id in claim.events or (event.sentence.start, event.sentence.end) != sentence:
                continue
            if event.trigger.start < claim.content.end:
                continue
            between = self.text[claim.content.end : event.trigger.start].lower()
            words = {w.strip(",;.") for w in between.split()}
            if not words & self.rules.contrast:
                continue
            for said in inside:
                if said.type == event.type and set(said.actors) & set(event.actors):
                    self._add(draft, event, "contradicts", "the article says what in fact happened")
                    break
