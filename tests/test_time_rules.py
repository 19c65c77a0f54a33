"""time grammar: every rule's own examples run, and broken rule files fail with file and rule."""

from __future__ import annotations

import re

import pytest

from dateline.errors import ResourceError
from dateline.pipeline.time.grammar import Example, _normalizers, _rule, load_grammar
from dateline.pipeline.time.stage import TimeTagger

GRAMMAR = load_grammar("en")
TAGGER = TimeTagger(GRAMMAR)
EXAMPLES = [
    pytest.param(rule.name, ex, id=f"{rule.name}-{i}") for rule in GRAMMAR.rules for i, ex in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_time_rules_example(rule: str, example: Example) -> None:
    found = {t.text: t for t in TAGGER.tag(example.text, example.dct)}
    if example.value is None:
        assert example.span not in found, f"{rule}: {example.span!r} must not be tagged"
        return
    assert example.span in found, f"{rule}: {example.span!r} not found in {list(found)}"
    timex = found[example.span]
    assert timex.value == example.value
    if example.type:
        assert timex.type == example.type
    if example.mod:
        assert timex.mod == example.mod


def test_time_rules_every_rule_has_an_example() -> None:
    assert [r.name for r in GRAMMAR.rules if not r.examples] == []


def test_time_rules_names_are_unique() -> None:
    names = [r.name for r in GRAMMAR.rules]
    assert len(names) == len(set(names))


SETS = {"month": "(?:may|june)", "daynum": r"\d\d?"}
KINDS = set(_normalizers(GRAMMAR.lexicon))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "r", "type": "DATE", "pattern": "(?P<month>{month})", "value": "x", "colour": 1}, "unknown keys"),
        ({"name": "r", "type": "DAY", "pattern": "(?P<month>{month})", "value": "x"}, "type must be"),
        ({"name": "r", "type": "DATE", "pattern": "(?P<month>{nosuch})", "value": "x"}, "unknown pattern set"),
        ({"name": "r", "type": "DATE", "pattern": "(?P<month>{month}", "value": "x"}, "bad regular expression"),
        ({"name": "r", "type": "DATE", "pattern": "(?P<colour>may)", "value": "x"}, "no normalizer"),
        ({"name": "r", "type": "DATE", "pattern": "(?P<month>{month})", "value": "{day}"}, "lacks"),
        ({"name": "r", "type": "DATE", "pattern": "", "value": "x"}, "missing or empty"),
        ({"name": "r", "type": "DATE", "pattern": "(?P<month>{month})", "value": "x",
          "examples": [{"text": "in May", "span": "June", "value": "x"}]}, "not in its text"),
    ],
)
def test_time_rules_invalid_rule_names_file_and_rule(entry: dict[str, object], message: str) -> None:
    with pytest.raises(ResourceError, match=re.escape(message)) as info:
        _rule(entry, 0, SETS, KINDS, "time/en/rules.yaml")
    assert "rules.yaml" in str(info.value) and "'r'" in str(info.value)
