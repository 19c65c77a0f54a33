"""The anchors' literal hints: a text without any hint can hold no match of the anchor."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.pipeline.literals import literal_prefixes
from dateline.pipeline.time.grammar import load_grammar

GRAMMAR = load_grammar("en")
ANCHORED = [rule for rule in GRAMMAR.rules if rule.anchor is not None]


@pytest.mark.parametrize(
    ("pattern", "hints"),
    [
        (r"quarters?|half", ("half", "quarter")),
        (r"(?<![\w])(?:weekend)(?![\w])", ("weekend",)),  # zero-width checks consume nothing
        (r"(?:monday|tuesday)s|(?:mon|tue)", ("mon", "monday", "tue", "tuesday")),
        (r"Yesterday|TODAY", ("today", "yesterday")),  # compared lowercased
        (r"(?:the\s+)?weekend", None),  # may start with "weekend" or "the": no common literal start
        (r"\d{4}-\d\d", None),
        (r"q[1-4]\w*", ("q",)),
        (r"(", None),  # not a pattern at all: no hint, never an error
    ],
)
def test_time_prefilter_hints(pattern: str, hints: tuple[str, ...] | None) -> None:
    assert literal_prefixes(pattern, re.IGNORECASE) == hints


def test_time_prefilter_most_anchors_have_a_hint() -> None:
    hinted = [rule.name for rule in ANCHORED if rule.anchor_hint]
    assert len(hinted) >= 0.75 * len(ANCHORED), [r.name for r in ANCHORED if not r.anchor_hint]


# words the anchors look for, and others, mixed into texts
_WORDS = sorted({w for rule in ANCHORED for w in (rule.anchor_hint or ())} | {
    "the", "rebels", "took", "Aleppo", "on", "in", "2024", "1989", "Q3", "3:30", "a.m.", "-", ",", "'90s",
    "Friday", "Fridays", "hour-long", "FY1990", "The", "Quarter", "WEEKEND", "mid", "year-end",
})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12), st.sampled_from(ANCHORED))
def test_time_prefilter_never_hides_a_match(words: list[str], rule) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(words)
    if rule.anchor_hint is not None and rule.anchor.search(text):
        assert any(hint in text.lower() for hint in rule.anchor_hint), (rule.name, text)


def test_time_prefilter_candidates_skip_absent_anchors_only() -> None:
    text = "Rebels took the airport last weekend and the town in the third quarter of 2024."
    values = {c.text: c.value for c in GRAMMAR.candidates(text)}
    assert "last weekend" in values and "the third quarter of 2024" in values, values
