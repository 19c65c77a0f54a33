"""Clause tense and event lookup: the two things the time stage asks of the parse.

Why: "on Sunday" in "rebels entered Damascus on Sunday" is the Sunday before the
article; in "the council will meet on Sunday" it is the one after. The tense of the
verb the expression hangs on decides. Without a parse (unit tests, no model) a few word
cues of the sentence stand in. "The day after the rebel offensive" needs the date of the
offensive: the event noun is matched (same lemma or same group in `event_lemmas.tsv`)
against the words of other sentences that carry a concrete date.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from dateline.pipeline.nlp import sentence_of
from dateline.pipeline.time.resolve import granularity
from dateline.resources import load_tsv

__all__ = [
    "event_anchor_value", "event_group", "explicit_future", "looks_ahead", "same_event_word", "schedules", "tense_at",
    "verb_tense",
]

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "gon"}
_FUTURE_CUE = re.compile(
    r"\b(?:will|'ll|shall|going\s+to|plans?\s+to|planned\s+to|expected\s+to|scheduled|due\s+to|to\s+be\s+held)\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(r"\b(?:was|were|had|did|said|told|\w{3,}ed)\b", re.IGNORECASE)
# Words right before the expression that name a coming date whatever the verb's tense:
# "a pact effective June 1", "could leave as soon as Tuesday", "postponed until Tuesday"
# (a sentence-initial "Until Thursday, they had not ..." looks back: lower case only).
_LEAD_FUTURE = re.compile(
    r"\b(?:effective(?:\s+(?:on|from|as\s+of))?|as\s+(?:soon|early)\s+as|no\s+later\s+than|(?-i:until|till))\s+"
    r"(?:(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?(?:\s+[A-Z]{3})?|noon|midnight)\s+)?$",
    re.IGNORECASE,
)
# "since March", "since shortly after the Oct. 23 slaying": a date already past
_LEAD_PAST = re.compile(
    r"\bsince\s+(?:(?:shortly|just|soon|right|long)\s+)?(?:(?:after|before)\s+)?(?:the\s+|early\s+|late\s+|mid-?)?$",
    re.IGNORECASE,
)
_MAX_CLIMB = 8


def tense_at(text: str, doc: Doc | None, start: int, end: int, sentence: tuple[int, int]) -> str | None:
    """'past', 'future' or None for the clause around text[start:end]."""
    if _LEAD_FUTURE.search(text[max(0, start - 40) : start]):
        return "future"
    if _LEAD_PAST.search(text[max(0, start - 40) : start]):
        return "past"
    if doc is not None and len(doc):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            verb, via = _governing_verb_path(span.root)
            if verb is not None:
                tense = _verb_tense(verb)
                if span.root.dep_ == "poss":
                    # "Wednesday's ruling", "Thursday's closing price" name a day already past
                    # unless the clause says "will"
                    return "future" if explicit_future(verb) else "past"
                if via is not None and via.dep_ in ("dobj", "xcomp") and looks_ahead(verb):
                    return "future"
                if via is not None and schedules(verb, via):
                    return "future"
                return tense
    clause = text[sentence[0] : end]
    if _FUTURE_CUE.search(clause):
        return "future"
    if _PAST_CUE.search(text[sentence[0] : sentence[1]]):
        return "past"
    return None


def _governing_verb(token: Token) -> Token | None:
    return _governing_verb_path(token)[0]


def _governing_verb_path(token: Token) -> tuple[Token | None, Token | None]:
    """The verb the token hangs on, and the verb's child the climb came through."""
    current, child = token, None
    for _ in range(_MAX_CLIMB):
        if current.pos_ in ("VERB", "AUX"):
            return current, child
        if current.head.i == current.i:
            return None, None
        current, child = current.head, current
    return None, None


def verb_tense(verb: Token) -> str | None:
    """'past', 'present', 'future' or None for a verb and its auxiliaries."""
    return _verb_tense(verb)


def _verb_tense(verb: Token, depth: int = 0) -> str | None:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in aux}
    if words & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
        return "future"
    if verb.tag_ == "VB" and "to" in words:
        # "plans to meet on Friday" looks ahead; "gathered to mark it on Friday" does not.
        # Bounded: a parse can chain many "to"-infinitives (or, in odd parses, loop).
        if verb.head.i != verb.i and verb.head.pos_ == "NOUN" and verb.head.lemma_.lower() in _prospective_nouns():
            return "future"  # "an agreement to acquire the bank in January"
        head = _governing_verb(verb.head) if verb.head.i != verb.i and depth < _MAX_CLIMB else None
        if head is not None and looks_ahead(head):
            return "future"
        inherited = _verb_tense(head, depth + 1) if head is not None and head.i != verb.i else None
        if head is not None and head.lemma_.lower() in _implicative():
            return inherited  # "failed to provide safety on Dec. 28": the failing's time, not ahead
        return inherited if inherited in ("past", "future") else "future"  # "travels to meet on Friday"
    if verb.tag_ == "VBG" and words & {"is", "are", "'s", "'re", "am"}:
        return "future" if _has_future_head(verb) else "present"
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
        return "past"
    if verb.tag_ == "VBN" and words & {"has", "have", "had", "was", "were", "been"}:
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl") and not aux:
        # "the man arrested Tuesday"; but "talks that are supposed to conclude by May" is present
        return "past"
    if verb.tag_ in ("VBZ", "VBP") and not words & {"has", "have"}:
        return "present"  # "says", "owns": the speech time (the time stage reads it as no tense)
    if (words & _present_modals() and not words & {"have"}
            and (verb.tag_ == "VB" or (verb.tag_ == "VBN" and "be" in words))):
        return "present"  # "150 hours can be stored", "the iPod can play video": a modal's present
    if verb.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in aux):
        return "present"  # "the deal is expected to close", "he is charged with murder"
    return None


def explicit_future(verb: Token) -> bool:
    """ "will say", "shall meet": the future said outright, not only looked ahead to ("plans to")."""
    return verb.lower_ in _FUTURE_AUX or any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children)


def _has_future_head(verb: Token) -> bool:
    return verb.lemma_ in ("go", "plan", "prepare")


# ---------------------------------------------------------------------------- events


@lru_cache(maxsize=1)
def _lexicon_rows() -> list[dict[str, str]]:
    return load_tsv("time/en/lexicon.tsv", ("set", "word", "value"))


@lru_cache(maxsize=1)
def _scheduling() -> dict[str, frozenset[str]]:
    return {r["word"]: frozenset(r["value"].split()) for r in _lexicon_rows() if r["set"] == "scheduling_verb"}


@lru_cache(maxsize=1)
def _present_modals() -> frozenset[str]:
    """Modals of a present state, `present_modal` in lexicon.tsv ("can"; "may", "must" look ahead)."""
    return frozenset(r["word"] for r in _lexicon_rows() if r["set"] == "present_modal")


@lru_cache(maxsize=1)
def _prospective() -> frozenset[str]:
    """Verbs of intention: what they govern through an object or an infinitive lies ahead
    ("planned a rally on Saturday", "planned to leave on Thursday")."""
    return frozenset(r["word"] for r in _lexicon_rows() if r["set"] == "prospective_verb")


def looks_ahead(verb: Token) -> bool:
    """A verb of intention ("plan", "expect", "agree"): what it governs lies ahead of it."""
    return verb.lemma_.lower() in _prospective()


@lru_cache(maxsize=1)
def _implicative() -> frozenset[str]:
    """Implicative verbs ("fail", "manage"): their infinitive is at their own time (Karttunen)."""
    return frozenset(r["word"] for r in _lexicon_rows() if r["set"] == "implicative_verb")


@lru_cache(maxsize=1)
def _prospective_nouns() -> frozenset[str]:
    """Nouns of intention: the infinitive they take lies ahead ("an agreement to acquire it in January")."""
    return frozenset(r["word"] for r in _lexicon_rows() if r["set"] == "prospective_noun")


def schedules(verb: Token, via: Token) -> bool:
    """"scheduled a news conference Thursday", "set a vote for Monday": the time is the plan's."""
    ways = _scheduling().get(verb.lemma_.lower())
    if not ways or via.i < verb.i:  # "said on Tuesday it scheduled a vote": the saying's day
        return False
    return (via.dep_ == "npadvmod" and "npadvmod" in ways) or (via.dep_ == "prep" and via.lower_ in ways)


@lru_cache(maxsize=1)
def _groups() -> dict[str, str]:
    return {row["lemma"]: row["group"] for row in load_tsv("time/en/event_lemmas.tsv", ("lemma", "group"))}


def event_group(lemma: str) -> str:
    """The event group of a lemma ("escape" and "flee" share one); the lemma itself if none."""
    key = lemma.lower()
    return _groups().get(key, key)


def same_event_word(a: Token, b: Token) -> bool:
    return a.i != b.i and event_group(a.lemma_) == event_group(b.lemma_)


def _event_head(doc: Doc, end: int, dates: tuple[tuple[int, int], ...] = ()) -> Token | None:
    """The head noun of the phrase right after `end` ("the rebel offensive" -> offensive; a date
    inside the phrase is passed over: "the Dec. 30 shooting" -> shooting)."""
    last = doc[-1]
    after = doc.char_span(end, min(last.idx + len(last.text), end + 60), alignment_mode="expand")
    if after is None:
        return None
    head: Token | None = None
    for token in after[:8]:
        if any(s <= token.idx < e for s, e in dates):
            continue
        if token.pos_ in ("NOUN", "PROPN"):
            head = token
        elif head is not None or token.pos_ in ("ADP", "PUNCT", "VERB", "AUX", "CCONJ"):
            break
    return head


def event_anchor_value(
    doc: Doc | None, end: int, times: list[tuple[int, int, str, str]]
) -> tuple[str, str] | None:
    """Date (value, timex id) of the event named right after `end`, found elsewhere in the text.

    `times` are (start, end, value, id) of the other expressions. The event counts as
    dated when a word of the same event group stands in a sentence with a concrete date;
    the date nearest to that word wins.
    """
    if doc is None:
        return None
    head = _event_head(doc, end, tuple((s, e) for s, e, _v, _i in times))
    if head is None:
        return None
    for s, e, value, ident in times:
        # "the day after the Dec. 30 shooting": the event's own phrase dates it
        if end <= s and e <= head.idx and granularity(value) == "D":
            return value, ident
    best: tuple[int, int, int, str, str] | None = None
    for token in doc:
        if token.i == head.i or token.pos_ not in ("NOUN", "VERB") or not same_event_word(token, head):
            continue
        sent = sentence_of(token)
        for s, e, value, ident in times:
            if not (sent.start_char <= s and e <= sent.end_char and granularity(value) == "D"):
                continue
            # A date the event word governs ("was shot ... on Oct. 23") beats one that only
            # shares its sentence ("officials said Wednesday that Kopp killed ...").
            key = (0 if _governs(doc, token, s, e) else 1, token.i, abs(s - token.idx), value, ident)
            if best is None or key < best:
                best = key
        if best is not None and best[0] == 0:
            break
    return (best[3], best[4]) if best is not None else None


def _governs(doc: Doc, token: Token, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    current = span.root
    for _ in range(_MAX_CLIMB):
        if current.i == token.i:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False
