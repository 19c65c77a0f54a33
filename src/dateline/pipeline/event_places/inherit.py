"""Inheritance: the place of an event that names none, from its clause, sentence, paragraph or dateline.

See the package docstring for the order and the reasons; who may inherit and the dateline's
shapes are in `resources/event_places/inherit.yaml`.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from dateline.model import Event, EventPlace, Record
from dateline.pipeline.event_places.roles import name_head, place_role, token_at
from dateline.pipeline.event_places.rules import InheritRules, find_dateline, paragraph_break
from dateline.pipeline.nlp import doc_text
from dateline.pipeline.quotes import find_quotes

__all__ = ["ATTITUDE", "Inheritance"]


CLIMB = 8  # steps up the parse before giving up (a clause's verb, the sentence's root)
_VERBAL = frozenset({"VERB", "AUX"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# how an event noun hangs from the verb of its clause ("stepped up the search", "after a
# man was shot ... in an exchange of gunfire"): the noun phrase's own links
_NOUN_UP = frozenset({"dobj", "pobj", "prep", "nsubj", "nsubjpass", "appos", "conj", "compound",
                      "npadvmod", "oprd", "dative", "agent", "nmod"})
# links no place crosses, up or down: a relative or noun clause is about something else, a
# parenthetical or apposition too ("the Brooklyn club where he was slashed")
_CLOSED = frozenset({"relcl", "acl", "appos", "parataxis", "csubj", "csubjpass", "dep", "meta"})
# what a saying takes as its content: the content's place is not where the saying was
_REPORTED = frozenset({"ccomp", "parataxis"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})  # "Aleppo residents", "Syria's army"
_NOUN_ARGS = frozenset({"dobj", "nsubj", "nsubjpass"})  # an event noun as its verb's subject or object
# TimeML classes of an attitude to another event (what is said, believed, ordered or tried):
# the other event's place is not theirs
ATTITUDE = frozenset({"REPORTING", "I_STATE", "I_ACTION"})


class Inheritance:
    """One article's events, in text order, each given the place its clause, sentence,
    paragraph or dateline sets when it has none of its own (see the module docstring)."""

    def __init__(self, doc: Doc, record: Record, mentions: list[tuple[int, int, str]], rules: InheritRules,
                 triggers: dict[str, Token | None], events: tuple[frozenset[int], frozenset[int], frozenset[int]]
                 ) -> None:
        self.doc, self.record, self.rules = doc, record, rules
        self.triggers, self.event_tokens = triggers, events  # (every event's, the attitudes', the sayings' tokens)
        self.text = doc_text(doc)
        self.paragraph_break = paragraph_break(self.text)
        self.mentions = mentions
        self.starts = [s for s, _, _ in mentions]
        quotes = sorted((q.start, q.end) for q in find_quotes(doc, frozenset()))
        self.quotes, self.quote_starts = quotes, [s for s, _ in quotes]
        self.dateline = find_dateline(self.text, mentions, rules)
        self.times = sorted((t.start, t.end) for t in record.times)
        self.time_starts = [s for s, _ in self.times]
        self.events_at: dict[int, Event] = {}
        for event in record.events:
            token = triggers.get(event.id)
            if token is not None:
                self.events_at.setdefault(token.i, event)
        self.heads: dict[int, list[tuple[Token, str]]] = {}  # sentence start -> (place head, id)
        self.frame: tuple[str, int] | None = None  # the paragraph's place, and the sentence that set it
        self.paragraph = -1

    def run(self) -> None:
        """Verbs first, in text order (a paragraph's frame moves with its main clauses), then
        the event nouns, which take the place their clause's verb has by then ("stepped up
        the search": the search is where the stepping up is)."""
        ordered = sorted(self.record.events, key=lambda e: e.trigger.start)
        verbs: list[tuple[Event, Token]] = []
        nouns: list[tuple[Event, Token]] = []
        for event in ordered:
            trigger = self._trigger(event)
            if trigger is not None:
                (verbs if trigger.pos_ in _VERBAL else nouns).append((event, trigger))
        for event, trigger in verbs:
            self._one(event, trigger)
        self.paragraph, self.frame = -1, None
        for event, trigger in nouns:
            self._one(event, trigger)

    def _one(self, event: Event, trigger: Token) -> None:
        paragraph = self.text.rfind(self.paragraph_break, 0, event.trigger.start)
        if paragraph != self.paragraph:
            self.paragraph, self.frame = paragraph, None  # a paragraph opens a new frame
        verb = _clause_verb(trigger)
        # the narration's main line: what a quotation says sets no frame and takes none
        main = (verb is not None and trigger.i == verb.i and self._main_line(verb)
                and self._quote(event.trigger.start) < 0)
        own = [r for r in event.place_roles if r.role != "mentioned"]
        if own:
            if main and self._eventive(event):
                located = [r.place for r in own if r.role == "location"]
                self.frame = (located[0], event.sentence.start) if located else None  # a move leaves the frame
            return
        if not self._eventive(event) or self._own_locative(trigger):
            return
        found = self._clause(event, trigger, verb)
        if not found:
            found = self._sentence(event, trigger, verb)
        if not found and main:
            found = self._paragraph(event)
        if not found:
            return
        places, cue = found
        self._give(event, places, cue)
        if main:
            self.frame = (places[0], event.sentence.start)

    # --- who may inherit ------------------------------------------------------------------

    def _eventive(self, event: Event) -> bool:
        """An event that happens at a scene: its class, not future, intended, modal or negated."""
        rules = self.rules
        return (event.event_class in rules.classes and (event.type or "") not in rules.verbal_types
                and event.tense not in rules.never_tenses and event.modality is None and not event.negated
                and event.certainty not in ("negated", "future"))

    def _saying(self, token: Token) -> bool:
        """A saying: what it says is the news, not its scene."""
        event = self.events_at.get(token.i)
        return event is not None and (event.event_class == "REPORTING" or event.type == "STATEMENT")

    def _attitude(self, token: Token) -> bool:
        """A saying, a verbal act, a state of mind or an intention ("condemned", "called on",
        "wants", "tried"): where it is, is the speaker's or the mind's place, and what it is
        about has its own."""
        return token.i in self.event_tokens[1]

    def _own_locative(self, trigger: Token) -> bool:
        """The event names a place or path of its own the place stage did not find ("was
        arrested at the hospital", "withdrew from the city"): it is placed, and an inherited
        place would say less, or something else. Not a time ("in December"), nor an event
        ("killed in an airstrike": the circumstance, not the place)."""
        for child in trigger.children:
            if child.dep_ != "prep" or child.lower_ not in self.rules.locative_preps:
                continue
            for obj in child.children:
                if (obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN") and obj.i not in self.event_tokens[0]
                        and not self._is_time(obj)):
                    return True
        return False

    def _dates(self, sentence: int) -> set[str]:
        """The values of the DATE and TIME expressions of the sentence starting at `sentence`."""
        end = next((e.sentence.end for e in self.record.events if e.sentence.start == sentence), sentence)
        return {t.value for t in self.record.times if t.type in ("DATE", "TIME") and sentence <= t.start < end}

    def _is_time(self, token: Token) -> bool:
        i = bisect_right(self.time_starts, token.idx) - 1
        return i >= 0 and token.idx < self.times[i][1]

    def _main_line(self, verb: Token) -> bool:
        """The verb carries its sentence's main line: it heads the sentence, shares its
        clause (a conjunct, an xcomp), or heads what a saying that heads it says ("Police
        said the man fled": the news is the flight)."""
        token, reported = verb, False
        for _ in range(CLIMB):
            if token.dep_ == "ROOT":
                return True
            if token.dep_ == "xcomp" and self._attitude(token.head):
                return False  # "wants Elian returned", "tried to flee": wanted or tried, not (yet) done
            if token.dep_ in ("conj", "xcomp"):
                token = token.head
            elif token.dep_ in _REPORTED and not reported and self._saying(token.head):
                token, reported = token.head, True
            else:
                return False
        return False

    # --- the scopes -------------------------------------------------------------------------

    def _clause(self, event: Event, trigger: Token, verb: Token | None) -> tuple[list[str], str] | None:
        """The location of the clause the event is in: of the verb an event noun hangs from,
        and of the verbs that share that verb's subject."""
        if verb is None:
            return None
        group = [v for v in _clause_group(verb) if v.i != trigger.i and not self._attitude(v)]
        if verb.i != trigger.i and self._attitude(verb):
            return None  # "reported the attack": the report's place is not the attack's
        if verb.i != trigger.i:
            # an event noun shares its verb's scene only as the verb's subject or object, the
            # verb an event that happens somewhere and not an attitude to another event:
            # "stepped up the search", not "condemned the bombings", "ordered an inquiry",
            # "protested against the repatriation", "before the shooting"
            holder = self.events_at.get(verb.i)
            if (trigger.dep_ not in _NOUN_ARGS or trigger.head.i != verb.i or holder is None
                    or not self._eventive(holder) or self._attitude(verb)):
                return None
        found = self._locations(event, group)
        if not found and verb.i != trigger.i:
            # the place the clause's verb has, its own or inherited (verbs went first)
            found = [r.place for r in self.events_at[verb.i].place_roles if r.role == "location"]
        return (found, "clause") if found else None

    def _sentence(self, event: Event, trigger: Token, verb: Token | None) -> tuple[list[str], str] | None:
        """The location of the sentence's main clause, for an event in a clause below it that
        is neither a relative clause nor what a saying says."""
        if verb is None or verb.i != trigger.i:
            return None  # an event noun takes no place beyond its clause (`_clause`)
        root = verb
        for _ in range(CLIMB):
            if root.dep_ == "ROOT":
                break
            if root.dep_ in _CLOSED or (root.dep_ in _REPORTED and self._saying(root.head)):
                return None
            if root.dep_ == "conj" and _has_subject(root):
                return None  # "..., and many others are waiting": a clause of its own, left to the paragraph
            if any(c.dep_ in ("mark", "advmod") and c.lower_ in self.rules.sequence for c in root.children) or (
                    root.dep_ == "pcomp" and root.head.lower_ in self.rules.sequence):
                return None  # "after his mother died": another event, before or after, maybe elsewhere
            root = root.head
        else:
            return None
        if root.dep_ != "ROOT" or self._attitude(root):
            return None
        group = _clause_group(root)
        if any(v.i == verb.i for v in group):
            return None  # its own clause: `_clause` looked there
        found = self._locations(event, [v for v in group if not self._attitude(v)])
        return (found, "sentence") if found else None

    def _paragraph(self, event: Event) -> tuple[list[str], str] | None:
        """The place the paragraph set before, for a main-line event (outside quotations) in
        the narrative past, as the dating's `story_time` reads the story's main line: not a
        pluperfect ("had left": before the story's now, not at its scene), nor a present
        ("the FBI continues to receive threats": how things stand, not a scene); not when its
        sentence names another place, or a date the frame's sentence did not (time and place
        shift together: a narrative's new time is a new scene, Zwaan's situation model); in
        the lead, the dateline's when no place was set yet."""
        if event.tense != "PAST" or event.aspect not in ("NONE", "PROGRESSIVE"):
            return None
        frame = self.frame[0] if self.frame is not None else self.dateline.place if self.dateline else None
        if any(pid != frame and name_head(head).dep_ not in _MODIFIER_DEPS
               for head, pid in self._sentence_places(event)):
            return None  # the sentence names another place, not as a modifier ("Syria's army"): a new scene
        if self.frame is not None:
            place, sentence = self.frame
            if sentence != event.sentence.start and self._dates(event.sentence.start) - self._dates(sentence):
                return None  # a date of its own moves the story in time, and a new time is a new scene
            return [place], "sentence" if sentence == event.sentence.start else "paragraph"
        line = self.dateline
        if line is not None and line.body <= event.trigger.start < line.end:
            return [line.place], "dateline"
        return None

    def _locations(self, event: Event, verbs: list[Token]) -> list[str]:
        """The places of the event's sentence that are a location of one of `verbs`, the
        nearest verb's first, in the event's quotation or outside quotations as it is."""
        quote = self._quote(event.trigger.start)
        heads = self._sentence_places(event)
        for verb in verbs:
            found: list[str] = []
            for head, pid in heads:
                if self._quote(head.idx) != quote or pid in found:
                    continue
                if place_role(head, verb, *self.event_tokens)[0] == "location":
                    found.append(pid)
            if found:
                return found
        return []

    def _give(self, event: Event, places: list[str], cue: str) -> None:
        kept = [r for r in event.place_roles if r.place not in places]  # a "mentioned" one becomes the location
        event.place_roles = kept + [EventPlace(place=p, role="location", cue=cue) for p in places]

    # --- lookups ----------------------------------------------------------------------------

    def _trigger(self, event: Event) -> Token | None:
        return self.triggers.get(event.id)

    def _sentence_places(self, event: Event) -> list[tuple[Token, str]]:
        lo, hi = event.sentence.start, event.sentence.end
        found = self.heads.get(lo)
        if found is None:
            found = []
            for start, end, pid in self.mentions[bisect_right(self.starts, lo - 1):]:
                if start >= hi:
                    break
                head = token_at(self.doc, start, end)
                if head is not None and end <= hi:
                    found.append((head, pid))
            self.heads[lo] = found
        return found

    def _quote(self, offset: int) -> int:
        """The index of the quotation holding `offset`, -1 outside quotations."""
        i = bisect_right(self.quote_starts, offset) - 1
        return i if i >= 0 and offset < self.quotes[i][1] else -1


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in _SUBJECTS for c in verb.children)


def _clause_verb(token: Token) -> Token | None:
    """The verb whose clause holds `token`: itself, or the verb its noun phrase hangs from;
    None past a relative clause or out of the noun phrase's links."""
    for _ in range(CLIMB):
        if token.pos_ in _VERBAL:
            return token
        if token.dep_ not in _NOUN_UP or token.head.i == token.i:
            return None
        token = token.head
    return None


def _clause_group(verb: Token) -> list[Token]:
    """`verb` and the verbs of its clause, nearest first: the one it is an xcomp of ("began
    searching"), its xcomps, and conjuncts with no subject of their own, which share its
    subject and scene ("were shot and killed in Harlem")."""
    group, seen = [verb], {verb.i}
    for token in group:
        if len(group) > CLIMB:
            break
        links = [*(c for c in token.children if c.pos_ in _VERBAL and _shares_clause(c))]
        if _shares_clause(token) and token.head.pos_ in _VERBAL:
            links.insert(0, token.head)
        for link in links:
            if link.i not in seen:
                seen.add(link.i)
                group.append(link)
    return group


def _shares_clause(verb: Token) -> bool:
    return verb.dep_ == "xcomp" or (verb.dep_ == "conj" and not _has_subject(verb))
