"""TimeML tense, aspect and modal of an event trigger, read from the parse (TimeML 1.2.1 §2.3.2).

Why rules here and a model for the class: tense and aspect are grammar, not judgement;
the auxiliaries and the Penn tag say them ("has been falling" PRESENT PERFECTIVE_PROGRESSIVE,
"to acquire" INFINITIVE, "the merger" NONE), as TimeML's annotators were told to read them.
"""

from __future__ import annotations

from spacy.tokens import Token

__all__ = ["MODALS", "modal_of", "tense_aspect"]

MODALS = frozenset({"may", "might", "can", "could", "would", "should", "must", "ought", "shall"})
_FUTURE = frozenset({"will", "shall", "'ll", "wo"})


def _auxiliaries(token: Token) -> list[Token]:
    """The auxiliaries of `token`, and of a copular predicate's verb ("is ill": "is")."""
    aux = [c for c in token.children if c.dep_ in ("aux", "auxpass") and c.i < token.i]
    if token.pos_ in ("ADJ", "NOUN") and token.dep_ in ("acomp", "attr") and token.head.lemma_ == "be":
        aux = [token.head, *(c for c in token.head.children if c.dep_ in ("aux", "auxpass"))]
    return sorted(aux, key=lambda t: t.i)


def modal_of(token: Token) -> str | None:
    """The modal auxiliary that qualifies the event ("may have fled": may), if any."""
    for aux in _auxiliaries(token):
        if aux.lower_ in MODALS:
            return aux.lower_
    return None


def tense_aspect(token: Token) -> tuple[str, str]:
    """(tense, aspect) as TimeML names them; nouns and other non-verbal events are NONE, NONE."""
    aux = _auxiliaries(token)
    verbal = token.pos_ in ("VERB", "AUX") or (aux and token.pos_ == "ADJ")
    if not verbal:
        return "NONE", "NONE"
    lowers = [a.lower_ for a in aux]
    lemmas = [a.lemma_.lower() for a in aux]
    tags = [a.tag_ for a in aux]
    perfective = "have" in lemmas and (token.tag_ == "VBN" or "been" in lowers)
    progressive = token.tag_ == "VBG" and "be" in lemmas
    aspect = ("PERFECTIVE_PROGRESSIVE" if perfective and progressive else
              "PERFECTIVE" if perfective else "PROGRESSIVE" if progressive else "NONE")
    first = aux[0] if aux else token
    if any(w in _FUTURE for w in lowers):
        tense = "FUTURE"
    elif "to" in lowers or (token.tag_ == "VB" and any(c.lower_ == "to" for c in token.children)):
        tense = "INFINITIVE"
    elif not aux and token.tag_ == "VBG":
        tense = "PRESPART"
    elif not aux and token.tag_ == "VBN":
        tense = "PASTPART"
    elif first.tag_ in ("VBD",) or (tags and tags[0] == "VBD"):
        tense = "PAST"
    elif first.tag_ in ("VBZ", "VBP") or first.lower_ in MODALS:
        tense = "PRESENT" if first.lower_ not in ("would", "could", "might", "should") else "NONE"
    else:
        tense = "NONE"
    return tense, aspect
