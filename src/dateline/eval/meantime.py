"""MEANTIME token XML back to text: one reader for every harness that scores on MEANTIME.

Why one: the event and the coreference harnesses must agree on the text they analyse and
on the character offsets of each token, or their figures stop being comparable.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

__all__ = ["tokens_to_text"]


def tokens_to_text(root: ET.Element, sentence_break: str = "\n") -> tuple[str, dict[str, tuple[int, int]]]:
    """(text, offsets by t_id): tokens joined by spaces, sentences by `sentence_break`."""
    offsets: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    pos, sentence = 0, None
    for token in root.iter("token"):
        if sentence is not None and token.get("sentence") != sentence:
            parts.append(sentence_break)
            pos += len(sentence_break)
        elif parts:
            parts.append(" ")
            pos += 1
        sentence = token.get("sentence")
        word = token.text or ""
        offsets[token.get("t_id", "")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
    return "".join(parts), offsets
