"""Who did what to whom, read off the dependency parse of one event's verb.

Why a module of its own: subjects in news are often not where the parse puts them: shared
across "tried to flee ... but were ambushed", handed down by control verbs ("urged forces
to hold out"), turned into targets by passives. These rules are the same for every
trigger type, so they live apart from trigger matching.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from dateline.pipeline.events.lexicon import EventLexicon

__all__ = [
    "ParseFix",
    "Subject",
    "coordination_head",
    "is_passive",
    "modality_of",
    "np_heads",
    "object_heads",
    "repair",
    "subject_of",
    "without_clauses",
]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "obj"})
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


@dataclass
class ParseFix:
    """Known parser slips in one sentence: subjects the parse glued onto an earlier object.

    "when rebels seized Damascus, Ehab and Eyad tried to flee": the small model reads "Ehab
    and Eyad" as more objects of "seized" and leaves "tried" without a subject.
    """

    subjects: dict[int, Token] = field(default_factory=dict)
    detached: set[int] = field(default_factory=set)
    # the tokens of a wire dateline opening the sentence ("JAKARTA (Reuters) -"): where the
    # story was filed and by whom, never an argument, though the parse makes it a subject
    dateline: set[int] = field(default_factory=set)


_SKIP_LEFT = frozenset({"aux", "auxpass", "neg", "advmod"})


_DASHES = frozenset({"-", "--", "—", "–", ":"})
_DATELINE_MAX = 12  # tokens: "LONDON, Dec 29 (Reuters) -" and the like are short


def _dateline(sent: Span) -> set[int]:
    """The token indices of a dateline opening `sent` ("JAKARTA (Reuters) -", "LONDON, Dec 29
    (Reuters) -", "VATICAN CITY—"): capitals, the filing date and the agency in parentheses,
    up to a dash. None when the sentence opens otherwise."""
    if not len(sent) or not (sent[0].is_upper and sent[0].is_alpha and len(sent[0]) >= 3):
        return set()
    in_parens = agency = False
    capitals = 0
    for token in sent[:_DATELINE_MAX]:
        if token.text in _DASHES and token.i > sent.start:
            # an agency, two words of capitals or a place: "NATO - the alliance" is no dateline
            if agency or capitals >= 2 or sent[0].ent_type_ in ("GPE", "LOC", "FAC"):
                return set(range(sent.start, token.i + 1))
            return set()
        agency = agency or in_parens
        capitals += token.is_upper and token.is_alpha and not in_parens
        if token.text == "(":
            in_parens = True
        elif token.text == ")":
            in_parens = False
        elif not (in_parens or token.is_punct or token.like_num or token.is_upper
                  or token.ent_type_ == "DATE"):
            return set()
    return set()


def repair(sent: Span) -> ParseFix:
    """Finds subjectless verbs whose subject the parse attached as a conjunct further left,
    and the sentence's opening dateline."""
    fix = ParseFix(dateline=_dateline(sent))
    for verb in sent:
        if verb.pos_ != "VERB" or _own_subject(verb) is not None:
            continue
        if verb.dep_ == "conj":
            _clause_coordination(verb, fix)
            continue
        if verb.dep_ not in ("ROOT", "advcl"):
            continue
        i = verb.i - 1
        while i >= sent.start and verb.doc[i].head.i == verb.i and verb.doc[i].dep_ in _SKIP_LEFT:
            i -= 1
        if i < sent.start:
            continue
        left = verb.doc[i]
        while left.dep_ in ("compound", "flat") and left.head.i > left.i:
            left = left.head
        if left.dep_ != "conj" or left.pos_ not in ("PROPN", "NOUN"):
            continue
        chain = [left]
        while chain[-1].dep_ == "conj":
            chain.append(chain[-1].head)
        chain.reverse()
        cut = next(
            (m for m in chain[1:] if m.left_edge.i > 0 and verb.doc[m.left_edge.i - 1].text == ","), None
        )
        if cut is not None:
            fix.subjects[verb.i] = cut
            fix.detached.add(cut.i)
    return fix


def _clause_coordination(verb: Token, fix: ParseFix) -> None:
    """ "The body was taken to hospital for observation and doctors there discovered a wound":
    the parse joins "doctors" to "observation" and leaves "discovered" a subjectless conjunct
    of "taken", which would make the body the discoverer. A coordinator belongs to the clause
    it opens; a conjoined verb with none of its own, right after a noun conjunct that has one,
    is a new clause and that noun is its subject."""
    if any(c.dep_ == "cc" for c in verb.children):
        return
    i = verb.i - 1
    # "doctors there discovered": the adverb may hang on the verb or on the noun
    while i >= verb.sent.start and verb.doc[i].dep_ in _SKIP_LEFT:
        i -= 1
    if i < verb.sent.start:
        return
    left = verb.doc[i]
    while left.dep_ in ("compound", "flat") and left.head.i > left.i:
        left = left.head
    if left.dep_ != "conj" or left.pos_ not in ("PROPN", "NOUN") or left.head.i > left.i:
        return
    before = left.left_edge.i - 1
    if before >= verb.sent.start and verb.doc[before].dep_ == "cc" and verb.doc[before].head.i == left.head.i:
        fix.subjects[verb.i] = left
        fix.detached.add(left.i)


@dataclass(frozen=True)
class Subject:
    """The phrase doing (or, when passive, undergoing) the verb; `token` heads the phrase."""

    token: Token
    passive: bool


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def coordination_head(verb: Token) -> Token:
    """The verb a conjoined verb shares its subject with.

    Climbs past a conjunct of another tense: in "said he would soon receive support, and
    urged forces" the parse hangs "urged" under "receive", but a past-tense verb is not
    coordinated with a bare infinitive; its real partner is the next past-tense verb up.
    """
    head = verb.head
    if verb.tag_ in _FINITE_TAGS and head.tag_ == "VB":
        up = head
        while up.head.i != up.i:
            up = up.head
            if up.tag_ in _FINITE_TAGS and up.pos_ == "VERB":
                return up
    return head


def _own_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


def subject_of(
    verb: Token, lexicon: EventLexicon, fix: ParseFix | None = None, depth: int = 0
) -> Subject | None:
    """The subject of `verb`, following coordination, control and relative clauses."""
    if depth > 6:
        return None
    passive = is_passive(verb)
    own = _own_subject(verb)
    if own is not None and fix is not None and own.i in fix.dateline:
        # "JAKARTA (Reuters) - Countries around Asia stepped up": the dateline is no subject
        own = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i not in fix.dateline), None)
    if own is None and fix is not None and verb.i in fix.subjects:
        own = fix.subjects[verb.i]
    if own is not None:
        if own.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return Subject(_antecedent(verb.head), passive)
        gapped = _gapped_passive(verb)
        return Subject(own, passive or own.dep_ == "nsubjpass" or gapped)
    if verb.dep_ == "conj":
        head = coordination_head(verb)
        inherited = subject_of(head, lexicon, fix, depth + 1)
        if inherited is None:
            return None
        # "was arrested and charged": a bare participle shares its head's passive auxiliary
        return Subject(inherited.token, passive or _gapped_passive(verb))
    if verb.dep_ == "xcomp":
        controller = verb.head
        if controller.lemma_.lower() in lexicon.modality.object_control:
            objects = [c for c in controller.children if c.dep_ in OBJECT_DEPS]
            if objects:
                return Subject(objects[0], passive)
        inherited = subject_of(controller, lexicon, fix, depth + 1)
        return Subject(inherited.token, passive) if inherited else None
    if verb.dep_ == "relcl":
        return Subject(_antecedent(verb.head), passive)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        inherited = subject_of(verb.head, lexicon, fix, depth + 1)
        return Subject(inherited.token, passive) if inherited else None
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG":
        return _gerund_controller(verb, passive, lexicon, fix, depth)
    if verb.dep_ == "acl" and verb.pos_ in ("VERB", "AUX") and _infinitive(verb):
        return _noun_controller(verb.head, passive, lexicon, fix, depth)
    if verb.pos_ == "NOUN" and verb.dep_ == "dobj" and lexicon.in_class("support_verbs", verb.head.lemma_):
        inherited = subject_of(verb.head, lexicon, fix, depth + 1)
        return Subject(inherited.token, passive) if inherited and not inherited.passive else None
    return None


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _noun_controller(
    noun: Token, passive: bool, lexicon: EventLexicon, fix: ParseFix | None, depth: int
) -> Subject | None:
    """The understood subject of an infinitive on a control noun ("their decision to leave"):
    the noun's possessor, its "by" agent, else the subject of the support verb it is the
    object of ("lined up a vote to extend"). Any other noun's infinitive is left alone: "the
    first woman to win" has a subject of its own kind, "a chance to win" none to tell."""
    if not lexicon.in_class("control_nouns", noun.lemma_):
        return None
    for child in noun.children:
        if child.dep_ == "poss":
            return Subject(child, passive)
        if child.dep_ == "prep" and child.lower_ == "by":
            agent = next((g for g in child.children if g.dep_ == "pobj"), None)
            if agent is not None:
                return Subject(agent, passive)
    inherited = subject_of(noun, lexicon, fix, depth + 1)
    return Subject(inherited.token, passive) if inherited else None


def _antecedent(head: Token) -> Token:
    """The noun a relative clause is about: `head`, or, when `head` is the predicate of a
    copula ("He is the only Republican who has agreed"), the copula's subject, whom the
    predicate nominal describes."""
    if head.dep_ == "attr" and head.head.lemma_ == "be":
        subject = _own_subject(head.head)
        if subject is not None and subject.dep_ == "nsubj":
            return subject
    return head


def _gerund_controller(
    verb: Token, passive: bool, lexicon: EventLexicon, fix: ParseFix | None, depth: int
) -> Subject | None:
    """The understood subject of a gerund after a preposition: the clause's subject for an
    adjunct ("was diagnosed a day after flying home", "without firing a shot"), the verb's
    object for a complement that has one ("thanked him for helping"; a passive's subject is
    that object: "she is accused of orchestrating"). Subject control of non-finite adjuncts
    (Quirk et al. 1985, §15.58). Where the preposition hangs on the object ("made headlines
    for backing Biden"), the clause is still the object's verb's."""
    prep = verb.head
    host = prep.head
    if host.pos_ in ("NOUN", "PROPN") and host.dep_ in ("dobj", "npadvmod") and host.head.i != host.i:
        host = host.head
    elif lexicon.in_class("complement_preps", prep.lower_):
        objects = [c for c in host.children if c.dep_ in OBJECT_DEPS]
        if objects and host.pos_ in ("VERB", "AUX"):
            return Subject(objects[0], passive)
    if host.pos_ not in ("VERB", "AUX") or host.i == verb.i:
        return None
    inherited = subject_of(host, lexicon, fix, depth + 1)
    return Subject(inherited.token, passive) if inherited else None


def _gapped_passive(verb: Token) -> bool:
    """ "One was shot dead and the other wounded", "was arrested and charged": the second verb
    borrows "was". Not with a direct object of its own: a passive has none ("and doctors
    discovered a wound" is active)."""
    if verb.dep_ != "conj" or verb.tag_ not in ("VBN", "VBD"):
        return False
    if any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children):
        return False
    return is_passive(verb.head)


def object_heads(verb: Token) -> list[Token]:
    """Direct and indirect objects of `verb` (the phrase heads)."""
    return [c for c in verb.children if c.dep_ in OBJECT_DEPS]


def np_heads(token: Token, fix: ParseFix | None = None) -> list[Token]:
    """The heads a noun phrase stands for: itself and its conjuncts ("Ehab and Eyad")."""
    heads = [token]
    for child in token.children:
        if fix is not None and child.i in fix.detached:
            continue
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ"):
            heads.extend(np_heads(child, fix))
    return heads


def without_clauses(token: Token) -> list[Token]:
    """The phrase under `token` without the clauses hanging on it (relative clauses etc.)."""
    out = [token]
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS:
            continue
        out.extend(without_clauses(child))
    return out


def _negated(verb: Token, lexicon: EventLexicon) -> bool:
    """A negator on the verb, or on the verb it is disjoined with when it shares that verb's
    subject and auxiliaries: "he never robbed or killed anyone" denies the killing too
    (negation scopes over a coordination of verb phrases; "but" and "and" leave it alone)."""
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in lexicon.modality.negators)
           for c in verb.children):
        return True
    if verb.dep_ != "conj" or verb.head.i == verb.i or verb.head.pos_ not in ("VERB", "AUX"):
        return False
    head = verb.head
    disjoined = any(c.dep_ == "cc" and c.lower_ in lexicon.modality.negated_disjunctions for c in head.children)
    shares = not any(c.dep_ in SUBJECT_DEPS or c.dep_ in ("aux", "auxpass") for c in verb.children)
    return disjoined and shares and _negated(head, lexicon)


def _aux_lemmas(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def modality_of(verb: Token, lexicon: EventLexicon) -> tuple[bool, str | None]:
    """(negated, modality) of an event verb: modality is future, attempt, hedged or None.

    Negation and modality come from the verb itself and from the verbs that control it:
    "failed to inform" is negated, "tried to flee" an attempt, "plans to visit" future.
    """
    mod = lexicon.modality
    negated = _negated(verb, lexicon)
    modality: str | None = None
    aux = _aux_lemmas(verb)
    if aux & mod.future_aux:
        modality = "future"
    elif aux & mod.hedge_aux:
        modality = "hedged"
    node = verb
    while node.dep_ == "conj" and _own_subject(node) is None:
        node = coordination_head(node)
    hops = 0
    while node.dep_ == "xcomp" and hops < 4:
        controller = node.head
        effect = mod.control.get(controller.lemma_.lower())
        if _negated(controller, lexicon):
            negated = not negated if effect == "negated" else True
        elif effect == "negated":
            negated = True
        if effect in ("future", "attempt", "hedged") and modality is None:
            modality = effect
        caux = _aux_lemmas(controller)
        if modality is None and caux & mod.future_aux:
            modality = "future"
        node, hops = controller, hops + 1
    return negated, modality
