"""Finds event mentions in a parsed sentence: triggers, their type, and their argument phrases.

Why separate from the stage: this part needs only the spaCy parse and the lexicon, so it can
be tested on bare sentences; the stage then maps the phrases to entity and place ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from dateline.pipeline.events.args import (
    ParseFix,
    is_passive,
    modality_of,
    np_heads,
    object_heads,
    repair,
    subject_of,
)
from dateline.pipeline.events.features import noun_senses
from dateline.pipeline.events.lexicon import EventLexicon, TriggerRule
from dateline.pipeline.nlp import sentence_of

__all__ = ["EventMention", "PlaceTest", "find_mentions", "speech_lemmas"]

PlaceTest = Callable[[Token], bool]
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
# Violent acts whose shared object a coordination leaves on the second verb only.
_SHARED_OBJECT = frozenset({"ASSAULT", "DEATH", "INJURY", "COERCE", "SEIZE"})
_DISPLACEMENT = frozenset({"MOVE", "RETREAT", "SEIZE"})
_PLACE_ONLY = frozenset({"MOVE", "RETREAT"})
_THEME_CLASSES: dict[str, tuple[str, ...]] = {
    "MOBILIZE": ("troops", "munitions", "vehicles"),
    "AGREE": ("accords",),
    "REQUEST": ("aid",),
    "STATEMENT": ("accords",),
}
_ACT_THEMES = frozenset({"AGREE", "REQUEST", "STATEMENT"})  # their object may be an act: "demanded the release"
# nouns that name an act, whose object is what is asked for or announced ("demanded the release")
_EVENTIVE = frozenset({"release", "curfew", "withdrawal", "ceasefire", "resignation", "return", "end", "fall"})


@dataclass
class EventMention:
    """One event found in the text, still in tokens (the stage turns it into a model.Event)."""

    rule: TriggerRule
    tokens: list[Token]
    verb: Token
    noun: Token | None = None
    actors: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    place_phrases: list[Token] = field(default_factory=list)
    negated: bool = False
    modality: str | None = None
    frame_flags: frozenset[str] = frozenset()
    verb_words: list[Token] = field(default_factory=list)
    phrases: list[Token] = field(default_factory=list)  # argument heads as parsed, for quantities
    instruments: list[Token] = field(default_factory=list)  # what is used or given: "airstrikes", "aid"
    times: list[Token] = field(default_factory=list)  # time phrases among the arguments ("at night")

    @property
    def type(self) -> str:
        return self.rule.type

    @property
    def start(self) -> int:
        return min(t.idx for t in self.tokens)

    @property
    def end(self) -> int:
        return max(t.idx + len(t.text) for t in self.tokens)


def speech_lemmas(lexicon: EventLexicon) -> frozenset[str]:
    return frozenset(r.head for r in lexicon.rules if r.flags & {"speech", "announce"})


_PARTICLE_POS = frozenset({"ADP", "ADV", "PART"})


def _match_words(token: Token, rule: TriggerRule) -> list[Token] | None:
    """Tokens for the rule's words: the head, then each later word under an earlier match.

    A particle must follow its verb closely: "called on X" is an appeal, "called X on Sunday" a call.
    """
    matched = [token]
    for word in rule.words[1:]:
        found = None
        for node in matched:
            for child in node.children:
                if child.pos_ in _PARTICLE_POS and not 0 < child.i - node.i <= 2:
                    continue
                if child.lemma_.lower() == word or child.lower_ == word:
                    found = child
                    break
            if found is not None:
                break
        if found is None:
            return None
        matched.append(found)
    return matched


def _is_place_like(token: Token, lexicon: EventLexicon, is_place: PlaceTest) -> bool:
    return is_place(token) or token.ent_type_ in _PLACE_ENTS or lexicon.in_class("place_nouns", token.lemma_)


def _has_goal(verb: Token, lexicon: EventLexicon) -> bool:
    for child in verb.children:
        if child.dep_ in ("prep", "conj") and lexicon.in_class("goal_preps", child.lemma_):
            return True
        if child.dep_ in ("advmod", "npadvmod") and lexicon.in_class("goal_adverbs", child.lower_):
            return True
    return False


def _objects(verb: Token) -> list[Token]:
    objs = object_heads(verb)
    if is_passive(verb):
        objs += [c for c in verb.children if c.dep_ == "nsubjpass"]
    return objs


def _satisfied(
    rule: TriggerRule, verb: Token, negated: bool, lexicon: EventLexicon, is_place: PlaceTest
) -> bool:
    req = rule.requires
    if not req:
        return True
    if req == "negated":
        return negated
    if req == "goal":
        return _has_goal(verb, lexicon)
    if req == "where":
        return _has_goal(verb, lexicon) or any(_is_place_like(o, lexicon, is_place) for o in _objects(verb))
    if req == "object":
        return bool(_objects(verb))
    if req == "recipient":
        return bool(_recipients(verb, lexicon))
    name = req[4:]
    if name.startswith("!"):  # an object, none of whose heads is in the class
        heads = [h for o in _objects(verb) for h in np_heads(o)]
        return bool(heads) and not any(lexicon.in_class(name[1:], h.lemma_) for h in heads)
    return any(lexicon.in_class(name, h.lemma_) for o in _objects(verb) for h in np_heads(o))


def _recipients(verb: Token, lexicon: EventLexicon) -> list[Token]:
    found = [o for o in object_heads(verb) if o.pos_ in ("NOUN", "PROPN", "PRON")]
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "to":
            found += [g for g in child.children if g.dep_ == "pobj"]
    return [r for r in found if not lexicon.in_class("press", r.lemma_) and r.lower_ not in ("it", "this")]


def _frame_noun(
    verb: Token, rule: TriggerRule, lexicon: EventLexicon
) -> tuple[Token, TriggerRule, list[Token]] | None:
    """The event noun a light verb carries ("launched an offensive") or an existential one has."""
    deps = ("dobj",) if "light" in rule.flags else ("nsubj", "nsubjpass")
    for child in verb.children:
        if child.dep_ not in deps:
            continue
        for noun in np_heads(child):
            for noun_rule in lexicon.candidates(lexicon.lemma(noun), "NOUN"):
                words = _match_words(noun, noun_rule)
                if words is not None and _modified_as_required(noun, noun_rule, lexicon):
                    return noun, noun_rule, words
            # "a campaign of bombings": the event noun under "of"
            for prep in noun.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        for noun_rule in lexicon.candidates(lexicon.lemma(pobj), "NOUN"):
                            words = _match_words(pobj, noun_rule)
                            if words is not None and _modified_as_required(pobj, noun_rule, lexicon):
                                return pobj, noun_rule, words
    return None


def _modified_as_required(noun: Token, rule: TriggerRule, lexicon: EventLexicon) -> bool:
    """`mod:CLASS`: the noun names the event only with such a modifier ("a military operation";
    "operations began in 2002" is a company's history)."""
    if not rule.requires.startswith("mod:"):
        return True
    return any(c.dep_ in ("amod", "compound", "nmod") and lexicon.in_class(rule.requires[4:], c.lower_)
               for c in noun.children)


def _fronted_participle(verb: Token) -> bool:
    """ "Asked if he would run again, Smith said ...": a bare participle before its main clause."""
    return (verb.tag_ == "VBN" and verb.dep_ == "advcl" and verb.i < verb.head.i
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in verb.children))


_WH_WORDS = frozenset({"WP", "WRB", "WDT", "WP$"})


def _other_sense(rule: TriggerRule, verb: Token) -> bool:
    """The verb is in a sense its row does not code, told by its complement frame.

    - `naming`: with an object predicative (spaCy's `oprd`), "call" names or describes ("what
      Dimon called a record year", "it would be called Camp Margaritaville"): Levin's (1993)
      "dub" verbs (29.3), no telephone call.
    - `interview`: with an interrogative complement ("asked if he could", "asked whether they
      quit", "was asked about the stories", or a quoted question) "ask" inquires, it does not
      request (question-selecting verbs, Grimshaw 1979); PLOVER's REQUEST is asking *for*
      something. A bare fronted participle ("Asked if he would run, Smith said") is the
      reporter's question too.
    - `reception`: in the passive with "with" ("it was met with disbelief"), "meet" says how
      something was received; nobody met anybody.
    """
    flags = rule.flags
    if "naming" in flags and any(c.dep_ == "oprd" for c in verb.children):
        return True
    if "interview" in flags and (_fronted_participle(verb) or _asks_question(verb)):
        return True
    if "reception" in flags and is_passive(verb):
        return any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
    return False


def _asks_question(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "about":
            return True
        if child.dep_ == "ccomp":
            first = min(child.subtree, key=lambda t: t.i)
            if first.tag_ in _WH_WORDS or any(m.dep_ == "mark" and m.lower_ in ("if", "whether")
                                              for m in child.children):
                return True
    # a quoted question it introduces ("'Why would you care?' Winfrey asked."), unless it asks
    # someone to do something ("asked them to leave?")
    if any(c.dep_ == "xcomp" for c in verb.children):
        return False
    return any(t.text == "?" for t in sentence_of(verb))


def _imperative(verb: Token) -> bool:
    """A main-clause imperative ("Visit Reuters India on your mobile", "call the Lifeline at
    800-273-8255"): an instruction to the reader, with no truth value, so no event the story
    tells (Huddleston & Pullum 2002, ch. 10: directives)."""
    if verb.dep_ != "ROOT" or verb.tag_ != "VB":
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass", "csubj") for c in verb.children)




def _abstract_goal(token: Token, lexicon: EventLexicon) -> bool:
    """A common noun none of whose frequent WordNet senses is a place, thing, group or
    gathering one can go to ("to the capital", "to the funeral" stay journeys)."""
    if token.pos_ != "NOUN" or token.ent_type_:
        return False
    senses = noun_senses(token.lemma_.lower())
    return bool(senses) and all(lexicon.in_class("no_place_senses", sense) for sense in senses)


def _figurative_motion(mention: EventMention, lexicon: EventLexicon) -> bool:
    """A motion verb whose goal is abstract: motion verbs select a physical theme and a
    place (Levin 1993, 51; Talmy's Figure and Ground), so "came to power" is a change of state
    and "entered into talks" a beginning, not a journey."""
    if mention.type != "MOVE":
        return False
    goals = [g for prep in mention.verb.children if prep.dep_ == "prep" and prep.lower_ in ("to", "into")
             for g in prep.children if g.dep_ == "pobj"]
    return bool(goals) and all(_abstract_goal(g, lexicon) for g in goals)


def _not_news(mention: EventMention, lexicon: EventLexicon, fix: ParseFix) -> bool:
    """A coded trigger that is no event of the story: an instruction to the reader ("call the
    Lifeline"), a routine appeal to anyone ("Anyone with information is asked to call police"),
    a movement of no one ("sunlight travels", "the news arrived", "came to power"). It
    stays an event of the detector's layer, uncoded."""
    if _imperative(mention.verb):
        return True
    if _figurative_motion(mention, lexicon):
        return True
    subject = subject_of(mention.verb, lexicon, fix)
    if subject is None:
        return False
    word = subject.token.lower_
    if lexicon.in_class("generic_subjects", word):
        return True
    return mention.type in _DISPLACEMENT and lexicon.in_class("non_agents", subject.token.lemma_)


class _Matcher:
    def __init__(self, lexicon: EventLexicon, quote_verbs: set[int], is_place: PlaceTest) -> None:
        self.lexicon = lexicon
        self.quote_verbs = quote_verbs
        self.is_place = is_place

    def match(self, token: Token) -> EventMention | None:
        """The event `token` triggers, if any (before context checks)."""
        if token.pos_ != "VERB" or token.dep_ == "amod":
            return None
        negated, modality = modality_of(token, self.lexicon)
        for rule in self.lexicon.candidates(self.lexicon.lemma(token), "VERB"):
            words = _match_words(token, rule)
            if words is None or not _satisfied(rule, token, negated, self.lexicon, self.is_place):
                continue
            if "speech" in rule.flags and token.i not in self.quote_verbs and not rule.requires:
                return None
            if _other_sense(rule, token):
                continue
            if rule.is_frame:
                framed = _frame_noun(token, rule, self.lexicon)
                if framed is None:
                    continue
                noun, noun_rule, noun_words = framed
                tokens = noun_words if "existential" in rule.flags else [*words, *noun_words]
                return EventMention(
                    noun_rule,
                    tokens,
                    token,
                    noun,
                    negated=negated,
                    modality=modality,
                    frame_flags=rule.flags,
                    verb_words=words,
                )
            if rule.requires == "negated":
                negated = False
            if "future" in rule.flags and modality is None:
                modality = "future"
            return EventMention(rule, words, token, negated=negated, modality=modality)
        return None


def _blocked(token: Token, triggers: dict[int, EventMention], lexicon: EventLexicon) -> bool:
    """True where a verb is not an event of its own: a source phrase, a plan, what is requested."""
    if token.dep_ == "acl" and token.head.lemma_.lower() in lexicon.modality.intent_nouns:
        return True
    child = token
    for anc in token.ancestors:
        if anc.lower_ == "according" or (anc.lemma_ == "accord" and anc.dep_ == "prep"):
            return True
        above = triggers.get(anc.i)
        opaque = above is not None and "opaque" in above.rule.flags
        if opaque and child.dep_ not in ("nsubj", "conj", "advcl"):
            return True
        child = anc
    return False


def _controls_event(token: Token, matcher: _Matcher) -> bool:
    """A control verb ("tried", "promised") with an event verb under it yields that event instead."""
    if token.lemma_.lower() not in matcher.lexicon.modality.control:
        return False
    return any(c.dep_ == "xcomp" and matcher.match(c) is not None for c in token.children)


def _partitive_target(token: Token, lexicon: EventLexicon) -> Token:
    """ "One of them" stands for "them"; a bare "the other" for the group named before it."""
    if not lexicon.in_class("partitives", token.lower_):
        return token
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    return pobj
    sent = sentence_of(token)
    for other in reversed(sent[: token.i - sent.start]):
        if lexicon.in_class("partitives", other.lower_):
            for prep in other.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    return next((p for p in prep.children if p.dep_ == "pobj"), token)
    return token


def _arguments(mention: EventMention, lexicon: EventLexicon, fix: ParseFix) -> None:
    """Fills actors, targets and place phrases from the verb (and the event noun of a frame)."""
    verb = mention.verb
    own = {t.i for t in mention.tokens} | {t.i for t in mention.verb_words}
    actors: list[Token] = []
    targets: list[Token] = []
    places: list[Token] = []
    subject = subject_of(verb, lexicon, fix)
    existential = mention.noun is not None and "existential" in mention.frame_flags
    if subject is not None and not existential:
        heads = np_heads(subject.token, fix)
        passive = subject.passive != ("converse" in mention.rule.flags)
        (targets if passive else actors).extend(heads)
    heads = [verb, *(t for t in mention.tokens if t.i != verb.i)]
    displacement = mention.type in _DISPLACEMENT
    for head in heads:
        for child in head.children:
            if child.i in own:
                continue
            if _is_agent(child, head, mention):
                agents = [h for p in child.children if p.dep_ == "pobj" for h in np_heads(p, fix)
                          if child.dep_ == "agent" or not _is_instrument(h, lexicon)]  # "a trip by car"
                actors.extend(agents)
                if head.i != verb.i:
                    targets.extend(_stranded_targets(agents, lexicon))
            elif child.dep_ in ("dobj", "dative", "iobj"):
                objs = np_heads(child, fix)
                if mention.type in _PLACE_ONLY:
                    places.extend(objs)  # "entered the town", "left Baghdad": where, not whom
                    continue
                themes = [o for o in objs if child.dep_ == "dobj" and _is_theme(o, mention.type, lexicon)]
                mention.instruments.extend(themes)  # what is agreed, sent, asked for: not a target
                objs = [o for o in objs if o not in themes]
                if mention.type == "AID":
                    # what is given is not who receives it: "received supplies", "promised X assistance"
                    given = [o for o in objs if lexicon.in_class("aid", o.lemma_)]
                    mention.instruments.extend(given)
                    targets.extend(_misparsed_recipients(given))
                    objs = [o for o in objs if o not in given]
                targets.extend(objs)
                if displacement:
                    places.extend(objs)
            elif child.dep_ in ("prep", "conj") and child.pos_ == "ADP":
                _prep_argument(child, mention, lexicon, fix, targets, places)
            elif child.dep_ == "advmod" and child.lower_ == "there":
                places.append(child)
            elif child.dep_ == "poss" and head.pos_ == "NOUN":
                # "Christie's speech", "their decision": the possessor of an event noun is its
                # agent; of "his arrest", "the plane's disappearance" the one it happens to
                undergone = lexicon.in_class("undergoer_nouns", head.lemma_)
                (targets if undergone else actors).extend(np_heads(child, fix))
    if not targets and mention.noun is None and mention.type in _SHARED_OBJECT:
        targets.extend(_shared_object(verb, fix))
    if mention.type in ("STATEMENT", "REQUEST", "ASSAULT", "COERCE", "CONSULT"):
        targets.extend(_split_object(verb, lexicon))
    if mention.type not in ("AID",):
        kept = [t for t in targets if not (t.dep_ == "dobj" and lexicon.in_class("munitions", t.lemma_))]
        mention.instruments.extend(t for t in targets if t not in kept)
        targets = kept
    mention.phrases = _dedupe([*actors, *targets, *places, *mention.instruments])
    mention.actors = _dedupe(a for a in actors if not _is_time(a, lexicon))
    mention.targets = _dedupe(_partitive_target(t, lexicon) for t in targets if not _is_time(t, lexicon))
    mention.place_phrases = _dedupe(p for p in places if not _is_time(p, lexicon))
    mention.times = _dedupe(t for t in [*targets, *places] if _is_time(t, lexicon))


def _shared_object(verb: Token, fix: ParseFix) -> list[Token]:
    """ "Gunmen shot and killed a police officer": the object the parse hangs on the second
    verb is the first verb's too, when the first has none of its own."""
    if any(c.dep_ in ("dobj", "dative", "iobj") for c in verb.children):
        return []
    partner = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"), None)
    if partner is None:
        return []
    return [h for c in partner.children if c.dep_ == "dobj" for h in np_heads(c, fix)]


def _is_agent(child: Token, head: Token, mention: EventMention) -> bool:
    """ "by X" of a passive or of an event noun; "from X" of a converse verb ("received from")."""
    if child.dep_ == "agent" or (child.lower_ == "by" and (head.i != mention.verb.i or head.pos_ == "NOUN")):
        return True
    return "converse" in mention.rule.flags and child.lower_ == "from"


def _is_theme(token: Token, event_type: str, lexicon: EventLexicon) -> bool:
    """An object that is the thing of the event, not someone acted on: the deal agreed, the
    troops sent, the release demanded. Which things count depends on the event type."""
    lemma = lexicon.lemma(token)
    classes = _THEME_CLASSES.get(event_type, ())
    if any(lexicon.in_class(name, lemma) for name in classes):
        return True
    if event_type in _ACT_THEMES and token.pos_ == "NOUN":
        return lemma in lexicon.modality.intent_nouns or lemma in _EVENTIVE or bool(lexicon.candidates(lemma, "NOUN"))
    return False


def _is_instrument(token: Token, lexicon: EventLexicon) -> bool:
    return lexicon.in_class("munitions", token.lemma_) or lexicon.in_class("vehicles", token.lemma_)


def _split_object(verb: Token, lexicon: EventLexicon) -> list[Token]:
    """ "assured about 30 chiefs hours before his escape": the small model glues the object onto
    the time phrase after it ("chiefs hours" as one compound); a plural compound right after
    an object-less verb, inside a time noun's phrase, is the verb's object."""
    if any(c.dep_ in ("dobj", "dative", "iobj") for c in verb.children):
        return []
    for token in verb.doc[verb.i + 1 : min(verb.i + 9, sentence_of(verb).end)]:
        if token.pos_ == "VERB" or token.is_punct:
            return []
        if (
            token.dep_ == "compound"
            and token.tag_ in ("NNS", "NNPS")
            and lexicon.in_class("time_nouns", token.head.lemma_)
        ):
            return [token]
    return []


def _stranded_targets(agents: list[Token], lexicon: EventLexicon) -> list[Token]:
    """ "An attack by insurgents on the base": the parse hangs "on the base" on the agent."""
    return [
        pobj
        for agent in agents
        for prep in agent.children
        if prep.dep_ == "prep" and lexicon.in_class("target_preps", prep.lower_)
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def _misparsed_recipients(given: list[Token]) -> list[Token]:
    """ "promised the regime additional assistance": the small model reads the recipient as a
    modifier of the thing given; a modifier with its own determiner is a noun phrase of its own."""
    return [
        child
        for obj in given
        for child in obj.children
        if child.dep_ in ("nmod", "compound")
        and child.pos_ in ("NOUN", "PROPN")
        and any(d.dep_ == "det" for d in child.children)
    ]


def _is_time(token: Token, lexicon: EventLexicon) -> bool:
    return token.ent_type_ in ("DATE", "TIME") or lexicon.in_class("time_nouns", token.lemma_)


def _prep_argument(
    prep: Token,
    mention: EventMention,
    lexicon: EventLexicon,
    fix: ParseFix,
    targets: list[Token],
    places: list[Token],
) -> None:
    pobjs = [h for p in prep.children if p.dep_ in ("pobj", "pcomp") for h in np_heads(p, fix)]
    if prep.lower_ in ("by", "with"):
        # "fled by car", "attacked the town with rockets": the means, not a target or a place
        mention.instruments.extend(p for p in pobjs if _is_instrument(p, lexicon))
    if lexicon.in_class("temporal_preps", prep.lower_) or prep.lower_ in ("according", "by"):
        return
    pobjs = [p for p in pobjs if not _is_instrument(p, lexicon)]
    places.extend(pobjs)
    if mention.type in _DISPLACEMENT and prep.lower_ != "of":
        return
    if lexicon.in_class("target_preps", prep.lower_) or prep.lower_ == "of":
        themes = [p for p in pobjs if _is_theme(p, mention.type, lexicon)]
        mention.instruments.extend(themes)  # "agreed to a ceasefire"
        targets.extend(p for p in pobjs if p not in themes)


def _dedupe(tokens) -> list[Token]:  # type: ignore[no-untyped-def]
    seen: set[int] = set()
    out = []
    for t in tokens:
        if t.i not in seen:
            seen.add(t.i)
            out.append(t)
    return out


def find_mentions(
    sent: Span,
    lexicon: EventLexicon,
    quote_verbs: set[int] | None = None,
    is_place: PlaceTest | None = None,
) -> list[EventMention]:
    """Event mentions of one sentence, in text order.

    `quote_verbs` are token indexes of verbs that introduce a direct quote (their speech is
    news); `is_place` says whether a token lies in a known place mention.
    """
    matcher = _Matcher(lexicon, quote_verbs or set(), is_place or (lambda _t: False))
    triggers: dict[int, EventMention] = {}
    for token in sent:
        mention = matcher.match(token)
        if mention is not None:
            triggers[token.i] = mention
    found = []
    fix = repair(sent)
    for mention in triggers.values():
        token = mention.verb
        if _blocked(token, triggers, lexicon) or _controls_event(token, matcher) or _not_news(mention, lexicon, fix):
            continue
        _arguments(mention, lexicon, fix)
        found.append(mention)
    found.sort(key=lambda m: m.start)
    return found


_COMPLEMENT_DEPS = frozenset({"dobj", "dative", "xcomp", "ccomp", "attr", "oprd"})


def open_mention(token: Token, lexicon: EventLexicon, fix: ParseFix) -> EventMention:
    """An event the lexicon does not code ("the merger", "shares fell"), with its arguments.

    The same argument finding as a coded event's, under a rule of no type and no conditions:
    the detector, not the lexicon, said it is an event; what the parse gives for its subject,
    objects and prepositions is kept, nothing type-specific is assumed.
    """
    rule = TriggerRule(words=(token.lemma_.lower(),), pos=token.pos_, type="", mode=None, requires="",
                       flags=frozenset(), example="", row=-1)
    negated, modality = modality_of(token, lexicon) if token.pos_ in ("VERB", "AUX", "ADJ") else (False, None)
    mention = EventMention(rule, [token], token, negated=negated, modality=modality)
    _arguments(mention, lexicon, fix)
    if (token.pos_ == "VERB" and lexicon.in_class("unaccusative_verbs", token.lemma_)
            and not any(c.dep_ in _COMPLEMENT_DEPS for c in token.children)):
        # "the plane disappeared", "prices increased": the subject of the intransitive use is
        # what the event happens to; "the firm increased prices", "declined to comment" keep theirs
        mention.targets = _dedupe([*mention.actors, *mention.targets])
        mention.actors = []
    return mention
