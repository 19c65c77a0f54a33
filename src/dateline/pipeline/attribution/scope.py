"""The article's layout as attribution sees it: paragraphs, sections and report sentences.

Why: a source named once often covers many sentences. "This was reported by Reuters,
citing ..." vouches for the paragraphs before and after it; a headline inside the article
("Syrian rebels capture Damascus") starts a section the report no longer covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from dateline.pipeline.attribution.cues import Cues, Link, speaker_of
from dateline.pipeline.nlp import doc_text, sentences

__all__ = ["SentenceInfo", "layout", "report_links"]

_FINAL = (".", "!", "?", '"', "”", "’", "'", ":", "…", ";", ")")
_HEADLINE_MAX_TOKENS = 15


@dataclass(frozen=True)
class SentenceInfo:
    span: Span
    paragraph: int
    section: int
    headline: bool


def _alone_on_line(text: str, start: int, end: int) -> bool:
    before = text[:start].rsplit("\n", 1)[-1]
    after = text[end:].split("\n", 1)[0]
    return not before.strip() and not after.strip()


def layout(doc: Doc) -> list[SentenceInfo]:
    """Every non-blank sentence with its paragraph and section numbers."""
    out: list[SentenceInfo] = []
    paragraph = section = 0
    last_end = 0
    text = doc_text(doc)
    for sent in sentences(doc):
        stripped = sent.text.strip()
        if not stripped:
            continue
        first = sent.start_char + len(sent.text) - len(sent.text.lstrip())
        last = sent.start_char + len(sent.text.rstrip())
        if "\n" in text[last_end:first]:
            paragraph += 1
        last_end = last
        words = [t for t in sent if not t.is_space and not t.is_punct]
        headline = (
            not stripped.endswith(_FINAL)
            and 0 < len(words) <= _HEADLINE_MAX_TOKENS
            and _alone_on_line(text, first, last)
            and any(t.pos_ in ("VERB", "NOUN", "PROPN") for t in words)
        )
        if headline and out:
            section += 1
        out.append(SentenceInfo(sent, paragraph, section, headline))
    return out


def report_links(sent: Span, cues: Cues) -> list[Link] | None:
    """Links of a sentence that only says where its neighbours come from, else None.

    "This was reported by Reuters, citing more than 10 people familiar with the situation."
    gives [more than 10 people ... (citing), Reuters]; nearest source first.
    """
    root = sent.root
    if root.lemma_.lower() not in cues.speech:
        return None
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    if not any(s.lower_ in cues.scope_subjects for s in subjects):
        return None
    speaker = speaker_of(root)
    if speaker is None or speaker.lower_ in cues.scope_subjects:
        return None
    links = [Link(speaker, (root.idx, root.idx + len(root)), "speech_verb", 1.0, root.lemma_.lower())]
    for child in root.children:
        if child.lemma_.lower() in cues.citing:
            cited = next((g for g in child.children if g.dep_ in ("dobj", "pobj")), None)
            if cited is not None:
                links.insert(0, Link(cited, (child.idx, child.idx + len(child)), "citing", 0.5))
    return links
