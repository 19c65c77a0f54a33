"""clean stage: debris rules, each rule's own examples executed."""

from __future__ import annotations

import pytest

from dateline.pipeline.clean import find_debris, load_rules, masked_text

RULE_EXAMPLES = [(r.name, text, debris) for r in load_rules() for text, debris in r.examples]
RULE_COUNTEREXAMPLES = [(r.name, text) for r in load_rules() for text in r.counterexamples]


@pytest.mark.parametrize(("rule", "text", "debris"), RULE_EXAMPLES)
def test_clean_rule_examples_are_found(rule: str, text: str, debris: str) -> None:
    found = find_debris(text)
    assert [s.text for s in found] == [debris], rule


@pytest.mark.parametrize(("rule", "text"), RULE_COUNTEREXAMPLES)
def test_clean_rule_counterexamples_are_kept(rule: str, text: str) -> None:
    assert find_debris(text) == [], rule


def test_clean_every_rule_has_examples() -> None:
    assert all(r.examples and r.counterexamples for r in load_rules())


def test_clean_masking_keeps_offsets() -> None:
    text = "The army withdrew. Share\n\nRead more: Other story\nThe talks resumed on Monday."
    ignored = find_debris(text)
    assert [s.reason for s in ignored] == ["trailing-share-button", "read-more"]
    masked = masked_text(text, ignored)
    assert len(masked) == len(text)
    assert "Share" not in masked and "Read more" not in masked
    assert masked.index("The talks") == text.index("The talks")
    for span in ignored:
        assert text[span.start : span.end] == span.text
