"""Abbreviations the text defines: "the Worldwide Developers Conference (WWDC)" makes WWDC the conference.

Why: a news story defines a short form once, in parentheses after the full name, and then
uses it ("... at WWDC"); the short form and the long form name one referent, so an event
mention written with the short form is a mention of the long form's event, and its lemma is
the long form's head ("conference"), which lets the merge join "WWDC" with "the conference".
The definition is found as Schwartz & Hearst (2003, "A simple algorithm for identifying
abbreviation definitions in biomedical text") find it: a short form of 2-10 characters with a
capital letter in parentheses, and a long form just before it whose words hold the short
form's characters in order, the first at the start of a word, within min(|SF| + 5, 2 |SF|) words.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

__all__ = ["defined_abbreviations", "long_form_start"]

_MAX_SHORT = 10


def long_form_start(short: str, words: list[str]) -> int | None:
    """The index in `words` where the long form of `short` begins (Schwartz & Hearst's match,
    right to left), or None when the words do not hold the short form's characters."""
    text = " ".join(words)
    s, i = len(short) - 1, len(text) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (text[i].lower() != c or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start_char = i + 1
    return text[:start_char].count(" ")  # the word the match's first character lies in


def _short_form(token: Token) -> bool:
    text = token.text
    return (2 <= len(text) <= _MAX_SHORT and text[0].isalnum() and any(ch.isupper() for ch in text)
            and any(ch.isalpha() for ch in text))


def defined_abbreviations(doc: Doc) -> dict[str, Token]:
    """Each short form the text defines, with the head (last word) of its long form."""
    found: dict[str, Token] = {}
    for token in doc:
        if token.text != "(" or token.i + 2 >= len(doc) or doc[token.i + 2].text != ")":
            continue
        short = doc[token.i + 1]
        if not _short_form(short) or short.text in found:
            continue
        limit = min(len(short.text) + 5, 2 * len(short.text))
        first = max(token.sent.start, token.i - limit)
        before = [t for t in doc[first:token.i] if not t.is_punct]
        if not before or before[-1].pos_ not in ("NOUN", "PROPN"):
            continue
        start = long_form_start(short.text, [t.text for t in before])
        if start is not None and start < len(before) - 1:  # a long form of two words or more
            found[short.text] = before[-1]
    return found
