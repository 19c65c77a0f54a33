"""TimeML tense, aspect and modal of an event trigger, read from the parse (TimeML 1.2.1 §2.3.2).

Why rules here and a model for the class: tense and aspect are grammar, not judgement;
the auxiliaries and the Penn tag say them ("has been falling" PRESENT PERFECTIVE_PROGRESSIVE,
"to acquire" INFINITIVE, "the merger" NONE), as TimeML's annotators were told to read them.
"""

from __future__ import annotations

from spacy.tokens import Token

__all__ = ["MODALS", "attributes_of", "modal_of", "tense_aspect"]

MODALS = frozenset({"may", "might", "can", "could", "would", "should", "must", "ought", "shall"})
_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
_AUX_DEPS = ("aux", "auxpass")


def _auxiliaries(token: Token) -> list[Token]:
    """The auxiliaries of `token`, and of a copular predicate's verb ("is ill": "is")."""
    # `lefts` are the children before the token: spaCy builds a Token object for every child
    # it yields, and an auxiliary after its verb is never counted
    aux = [c for c in token.lefts if c.dep_ in _AUX_DEPS]
    if token.pos_ in ("ADJ", "NOUN") and token.dep_ in ("acomp", "attr"):
        head = token.head
        if head.lemma_ == "be":
            aux = [head, *(c for c in head.children if c.dep_ in _AUX_DEPS)]
    return sorted(aux, key=lambda t: t.i)


def modal_of(token: Token) -> str | None:
    """The modal auxiliary that qualifies the event ("may have fled": may), if any."""
    return _modal([a.lower_ for a in _auxiliaries(token)])


def tense_aspect(token: Token) -> tuple[str, str]:
    """(tense, aspect) as TimeML names them; nouns and other non-verbal events are NONE, NONE."""
    aux = _auxiliaries(token)
    return _tense_aspect(token, aux, [a.lower_ for a in aux])


def attributes_of(token: Token) -> tuple[str, str, str | None]:
    """(tense, aspect, modal): `tense_aspect` and `modal_of` with the auxiliaries found once,
    since the stage asks both of every event head."""
    aux = _auxiliaries(token)
    lowers = [a.lower_ for a in aux]
    tense, aspect = _tense_aspect(token, aux, lowers)
    return tense, aspect, _modal(lowers)


def _modal(lowers: list[str]) -> str | None:
    return next((w for w in lowers if w in MODALS), None)


def _tense_aspect(token: Token, aux: list[Token], lowers: list[str]) -> tuple[str, str]:
    pos = token.pos_
    verbal = pos in ("VERB", "AUX") or (aux and pos == "ADJ")
    if not verbal:
        return "NONE", "NONE"
    tag = token.tag_
    lemmas = [a.lemma_.lower() for a in aux]
    perfective = "have" in lemmas and (tag == "VBN" or "been" in lowers)
    progressive = tag == "VBG" and "be" in lemmas
    aspect = ("PERFECTIVE_PROGRESSIVE" if perfective and progressive else
              "PERFECTIVE" if perfective else "PROGRESSIVE" if progressive else "NONE")
    # the first auxiliary, else the token itself, carries the tense
    first_tag, first_lower = (aux[0].tag_, lowers[0]) if aux else (tag, token.lower_)
    if any(w in _FUTURE for w in lowers):
        tense = "FUTURE"
    elif "to" in lowers or (tag == "VB" and any(c.lower_ == "to" for c in token.children)):
        tense = "INFINITIVE"
    elif not aux and tag == "VBG":
        tense = "PRESPART"
    elif not aux and tag == "VBN":
        tense = "PASTPART"
    elif first_tag == "VBD":
        tense = "PAST"
    elif first_tag in ("VBZ", "VBP") or first_lower in MODALS:
        tense = "PRESENT" if first_lower not in ("would", "could", "might", "should") else "NONE"
    else:
        tense = "NONE"
    return tense, aspect
