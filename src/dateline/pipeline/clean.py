"""Web debris (share buttons, "Read more", photo credits, cookie notices) kept out of analysis.

Why not delete it: offsets are evidence, so the text is never rewritten. Debris is
recorded as `document.ignored` spans and blanked with spaces of the same length in the
copy that the NLP stages see, so every offset still points into `document.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dateline.errors import ResourceError
from dateline.model import IgnoredSpan
from dateline.resources import compile_regex, load_yaml

__all__ = ["DebrisRule", "find_debris", "load_rules", "masked_text"]

_FILE = "clean/debris.yaml"
_KEYS = {"name", "why", "pattern", "examples", "counterexamples"}


@dataclass(frozen=True)
class DebrisRule:
    name: str
    pattern: re.Pattern[str]
    examples: tuple[tuple[str, str], ...]
    counterexamples: tuple[str, ...]


@lru_cache(maxsize=1)
def load_rules() -> tuple[DebrisRule, ...]:
    data = load_yaml(_FILE)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ResourceError(_FILE, "expected a mapping with a 'rules' list")
    rules = []
    for raw in data["rules"]:
        name = raw.get("name", "?")
        unknown = set(raw) - _KEYS
        if unknown:
            raise ResourceError(_FILE, f"rule {name!r} has unknown keys {sorted(unknown)}")
        pattern = compile_regex(raw.get("pattern", ""), f"{_FILE}: rule {name!r}", re.MULTILINE)
        examples = tuple((e["text"], e["debris"]) for e in raw.get("examples", []))
        rules.append(DebrisRule(name, pattern, examples, tuple(raw.get("counterexamples", []))))
    return tuple(rules)


def find_debris(text: str) -> list[IgnoredSpan]:
    """Debris spans in `text`, sorted, without overlaps."""
    found: list[IgnoredSpan] = []
    for rule in load_rules():
        for m in rule.pattern.finditer(text):
            group = "debris" if "debris" in rule.pattern.groupindex else 0
            start, end = m.span(group)
            if start < end:
                found.append(IgnoredSpan(start=start, end=end, text=text[start:end], reason=rule.name))
    found.sort(key=lambda s: (s.start, -s.end))
    merged: list[IgnoredSpan] = []
    for span in found:
        if merged and span.start < merged[-1].end:
            continue
        merged.append(span)
    return merged


def masked_text(text: str, ignored: list[IgnoredSpan]) -> str:
    """`text` with ignored spans blanked by spaces: same length, same offsets."""
    if not ignored:
        return text
    chars = list(text)
    for span in ignored:
        for i in range(span.start, span.end):
            if chars[i] not in "\n\r":
                chars[i] = " "
    return "".join(chars)
