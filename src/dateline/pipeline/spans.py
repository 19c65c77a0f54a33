"""Character-offset lookups shared by stages: which entity or place a token belongs to.

Stages exchange results only through the `Record`; this index turns the record's
mentions back into a fast "what is at offset i" lookup for the stage that needs it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from dateline.model import Record

__all__ = ["MentionIndex", "char_span", "ignored_mask", "span_of"]


class MentionIndex:
    """Maps offsets to the ids of the things mentioned there (entities or places)."""

    def __init__(self, items: Iterable[tuple[int, int, str]]) -> None:
        self._items = sorted(items)
        self._starts = [s for s, _, _ in self._items]

    @classmethod
    def of_entities(cls, record: Record) -> MentionIndex:
        return cls((m.start, m.end, e.id) for e in record.entities for m in e.mentions)

    @classmethod
    def of_places(cls, record: Record) -> MentionIndex:
        return cls((m.start, m.end, p.id) for p in record.places for m in p.mentions)

    def at(self, start: int, end: int) -> list[str]:
        """Ids whose mention overlaps [start, end), nearest-starting first."""
        hi = bisect_right(self._starts, end - 1)
        found: list[str] = []
        for i in range(hi - 1, -1, -1):
            s, e, ident = self._items[i]
            if e > start and s < end and ident not in found:
                found.append(ident)
            if e <= start and s < start - 200:
                break
        return found

    def at_token(self, token: Token) -> list[str]:
        return self.at(token.idx, token.idx + len(token.text))


def span_of(obj: Span | Token) -> tuple[int, int]:
    if isinstance(obj, Token):
        return obj.idx, obj.idx + len(obj.text)
    return obj.start_char, obj.end_char


def char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def ignored_mask(record: Record) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in record.document.ignored]
