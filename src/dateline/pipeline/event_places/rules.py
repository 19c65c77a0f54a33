"""The inheritance rules (`resources/event_places/inherit.yaml`), checked at load, and the dateline.

Why the dateline here: it is read once per article by the shapes the rule file gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dateline.errors import ResourceError
from dateline.resources import compile_regex, load_yaml

__all__ = ["Dateline", "InheritRules", "find_dateline", "load_rules", "paragraph_break"]

_RULES = "event_places/inherit.yaml"


@dataclass(frozen=True)
class InheritRules:
    """`resources/event_places/inherit.yaml`: which events inherit a place, how a dateline looks."""

    classes: frozenset[str]
    verbal_types: frozenset[str]
    never_tenses: frozenset[str]
    sequence: frozenset[str]
    locative_preps: frozenset[str]
    dateline_paragraphs: int
    dateline_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    examples: tuple[tuple[str, str], ...]  # (pattern name, a line it must read as a dateline)
    non_examples: tuple[str, ...]  # lines no pattern may read as one


_KEYS = frozenset({"classes", "verbal_types", "never_tenses", "sequence", "locative_preps", "dateline"})
_DATELINE_KEYS = frozenset({"max_paragraph", "patterns", "non_examples"})
_PATTERN_KEYS = frozenset({"name", "regex", "examples"})


def _keys(where: str, data: object, allowed: frozenset[str]) -> dict[str, object]:
    if not isinstance(data, dict):
        raise ResourceError(where, "expected a mapping")
    unknown, missing = set(data) - allowed, allowed - set(data)
    if unknown or missing:
        raise ResourceError(where, f"unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    return data


def _strings(where: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ResourceError(where, "expected a list of non-empty strings")
    return tuple(value)


@cache
def load_rules(relpath: str = _RULES) -> InheritRules:
    """The inheritance rules, checked at load: unknown or missing keys, a bad regex or one
    without its `place` group fail with the file and the pattern's name."""
    data = _keys(relpath, load_yaml(relpath), _KEYS)
    dateline = _keys(f"{relpath}: dateline", data["dateline"], _DATELINE_KEYS)
    patterns, examples = [], []
    raw = dateline["patterns"]
    if not isinstance(raw, list) or not raw:
        raise ResourceError(f"{relpath}: dateline.patterns", "expected a non-empty list")
    for n, item in enumerate(raw):
        rule = _keys(f"{relpath}: dateline.patterns[{n}]", item, _PATTERN_KEYS)
        name, where = str(rule["name"]), f"{relpath}: dateline pattern {rule['name']}"
        regex = compile_regex(str(rule["regex"]), where)
        if "place" not in regex.groupindex:
            raise ResourceError(where, "the regex has no (?P<place>...) group")
        patterns.append((name, regex))
        examples += [(name, ex) for ex in _strings(f"{where}: examples", rule["examples"])]
    paragraphs = dateline["max_paragraph"]
    if not isinstance(paragraphs, int) or paragraphs < 1:
        raise ResourceError(f"{relpath}: dateline.max_paragraph", "expected a positive integer")
    return InheritRules(
        classes=frozenset(_strings(f"{relpath}: classes", data["classes"])),
        verbal_types=frozenset(_strings(f"{relpath}: verbal_types", data["verbal_types"])),
        never_tenses=frozenset(_strings(f"{relpath}: never_tenses", data["never_tenses"])),
        sequence=frozenset(_strings(f"{relpath}: sequence", data["sequence"])),
        locative_preps=frozenset(_strings(f"{relpath}: locative_preps", data["locative_preps"])),
        dateline_paragraphs=paragraphs,
        dateline_patterns=tuple(patterns),
        examples=tuple(examples),
        non_examples=_strings(f"{relpath}: dateline.non_examples", dateline["non_examples"]),
    )


@dataclass(frozen=True)
class Dateline:
    """The story's dateline: its place and the paragraph (line) it opens."""

    place: str
    start: int  # where the dateline's paragraph starts
    body: int  # where the paragraph's text starts after the dateline
    end: int  # where the paragraph ends


def find_dateline(text: str, mentions: list[tuple[int, int, str]], rules: InheritRules) -> Dateline | None:
    """The dateline among the story's first paragraphs whose place part holds a place name
    the place stage found ("JAKARTA (Reuters) -": Jakarta); None when there is none.

    Why the recognised place and not the capitals alone: "NATO -" or "BBC News -" have the
    dateline's shape but name no place."""
    pos, seen = 0, 0
    brk = paragraph_break(text)
    while pos < len(text) and seen < rules.dateline_paragraphs:
        end = text.find(brk, pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        lead = len(line) - len(line.lstrip())
        if line.strip():
            seen += 1
            for _, regex in rules.dateline_patterns:
                m = regex.match(line, lead)
                if m is None:
                    continue
                lo, hi = pos + m.start("place"), pos + m.end("place")
                place = next((pid for s, e, pid in mentions if lo <= s and e <= hi), None)
                if place is not None:
                    return Dateline(place=place, start=pos, body=pos + m.end(), end=end)
        pos = end + len(brk)
    return None


def paragraph_break(text: str) -> str:
    """What ends a paragraph: a blank line where the text has them (a plain text wrapped at a
    width), else each line break (what the reader makes of a web page), as the dating reads it."""
    return "\n\n" if "\n\n" in text.strip() else "\n"
