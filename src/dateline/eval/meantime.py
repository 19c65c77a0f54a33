"""MEANTIME token XML back to text: one reader for every harness that scores on MEANTIME.

Why one: the event, coreference and time harnesses must agree on the text they analyse
and on the character offsets of each token, or their figures stop being comparable.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

__all__ = ["tokens_to_text"]

# Joined as written ("May 8, 2006", not "May 8 , 2006") when `as_written` is asked for.
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "?", "!", ")", "%", "'s", "n't", "'re", "'ll", "'ve", "'d", "'m"})
_NO_SPACE_AFTER = frozenset({"(", "$", "#"})


def tokens_to_text(
    root: ET.Element, sentence_break: str = "\n", last_sentence: int | None = None, as_written: bool = False
) -> tuple[str, dict[str, tuple[int, int]]]:
    """(text, offsets by t_id): tokens joined by spaces, sentences by `sentence_break`.

    `last_sentence` stops the text after that sentence number; `as_written` drops the
    space before closing punctuation and clitics and after opening brackets and currency.
    """
    offsets: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    pos, sentence, previous = 0, None, ""
    for token in root.iter("token"):
        number = token.get("sentence")
        if last_sentence is not None and int(number or 0) > last_sentence:
            break
        word = token.text or ""
        if sentence is not None and number != sentence:
            gap = sentence_break
        elif not parts or (as_written and (word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER)):
            gap = ""
        else:
            gap = " "
        parts.append(gap)
        pos += len(gap)
        sentence, previous = number, word
        offsets[token.get("t_id", "")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
    return "".join(parts), offsets
