"""Direct quotes and who speaks them: '"...," stressed X' and 'X said: "..."'.

Why at the document level: a quote can run over several sentences ("He told ... He lied to
them. The message ... was negative," stressed X), so its speaker sits in a different
sentence from most of what it says; the parser never links them.

Why here, beside the stages rather than in one: the events, attribution, claims and dating
stages all read the quotes of a Doc; each asks `find_quotes`, which finds them once per Doc
(and speech-verb set) and keeps them in `Doc.user_data`, so no stage imports another's
internals and none finds them again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dateline.pipeline.nlp import doc_text

__all__ = ["Quote", "find_quotes", "quote_at"]

_OPEN = {"“": "”", "«": "»", "„": "“"}
_SPEAKER_WINDOW = 6  # tokens after a closing quote in which its speech verb must come


@dataclass(frozen=True)
class Quote:
    """A quoted passage [start, end) (without the marks) and, if found, its speech verb/speaker."""

    start: int
    end: int
    verb: Token | None
    speaker: Token | None


# the only characters `_pairs` acts on: quote marks (any opener or closer) and line breaks
_MARKS = re.compile("[\n\"" + "".join(sorted(set(_OPEN) | set(_OPEN.values()))) + "]")


def _pairs(text: str) -> list[tuple[int, int]]:
    """Character positions of (opening mark, closing mark) pairs.

    Straight quotes alternate within a paragraph; a paragraph that ends inside a quote
    closes it there (news quotes that run on reopen at each paragraph). Only the marks and
    line breaks are visited (found by one regex scan): every other character leaves the
    state as it is.
    """
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for match in _MARKS.finditer(text):
        i = match.start()
        ch = text[i]
        if ch == "\n" and open_at is not None and text[i + 1 : i + 2] in ("\n", '"', "“"):
            pairs.append((open_at, i))
            open_at = None
        elif open_at is None and (ch == '"' or ch in _OPEN):
            open_at, closer = i, ('"' if ch == '"' else _OPEN[ch])
        elif open_at is not None and ch == closer:
            pairs.append((open_at, i))
            open_at = None
    return pairs


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _subject_or_object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    for child in verb.rights:
        if child.pos_ in ("PROPN", "NOUN", "PRON") and child.dep_ in ("dobj", "attr", "npadvmod", "dep"):
            return child
    return None


def _verb_after(doc: Doc, close: int, speech: frozenset[str]) -> Token | None:
    """The speech verb just after a closing quote: '," stressed X' or '," he said'."""
    tok = _token_at(doc, close)
    if tok is None:
        return None
    for other in doc[tok.i + 1 : tok.i + 1 + _SPEAKER_WINDOW]:
        if "\n" in other.text or other.text in (".", '"', "“", "”"):
            return None
        if other.pos_ == "VERB" and other.lemma_.lower() in speech:
            return other
    return None


def _verb_before(doc: Doc, open_: int, speech: frozenset[str]) -> Token | None:
    """The speech verb introducing a quote: 'X said: "...' or 'X said, "...'."""
    tok = _token_at(doc, open_)
    if tok is None or tok.i < 2:
        return None
    if doc[tok.i - 1].text not in (":", ","):
        return None
    for other in reversed(doc[max(0, tok.i - 4) : tok.i - 1]):
        if other.pos_ == "VERB" and other.lemma_.lower() in speech:
            return other
    return None


_CACHE_KEY = "dateline.quotes"  # Doc.user_data: {"pairs": the mark pairs, speech set: the quotes}
_PAIRS = "pairs"


def find_quotes(doc: Doc, speech: frozenset[str]) -> list[Quote]:
    """Every quoted passage with its speech verb and speaker where the text gives them.

    `speech` holds the lemmas of speech verbs. A closing quote counts as a speaker's only when
    the quote ends in , ? or ! (a scare quote like "already on its way" has no speaker).
    Found once per Doc and speech set (the events stage's set is not the attribution
    stage's; the mark pairs, which need no verbs, once per Doc); a fresh list each call.
    """
    cache = doc.user_data.get(_CACHE_KEY)
    if cache is None:
        cache = doc.user_data[_CACHE_KEY] = {}
    cached = cache.get(speech)
    if cached is not None:
        return list(cached)
    text = doc_text(doc)
    pairs = cache.get(_PAIRS)
    if pairs is None:
        pairs = cache[_PAIRS] = _pairs(text)
    quotes: list[Quote] = []
    for open_, close in pairs:
        verb = None
        if text[close - 1 : close] in (",", "?", "!"):
            verb = _verb_after(doc, close, speech)
        if verb is None:
            verb = _verb_before(doc, open_, speech)
        speaker = _subject_or_object(verb) if verb is not None else None
        quotes.append(Quote(open_ + 1, close, verb, speaker))
    cache[speech] = tuple(quotes)
    return quotes


def quote_at(quotes: list[Quote], start: int) -> Quote | None:
    """The quote with a speaker that contains offset `start`, if any."""
    for quote in quotes:
        if quote.start <= start < quote.end and quote.verb is not None:
            return quote
    return None
