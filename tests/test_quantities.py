"""quantities stage: numbers in digits and words, modifiers, what is counted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.model import Record
from dateline.pipeline.quantities import QuantityStage, parse_number
from dateline.settings import Settings


@pytest.mark.parametrize(
    ("words", "value"),
    [("56", 56), ("40,000", 40000), ("2.5 million", 2.5e6), ("two hundred and fifty thousand", 250000),
     ("thirty", 30), ("twenty-five", 25), ("3bn", 3e9), ("a dozen", 12), ("settlements", None)],
)
def test_quantities_parse_number(words: str, value: float | None) -> None:
    assert parse_number(words) == value


@given(st.text(max_size=40))
def test_quantities_parse_number_never_crashes(words: str) -> None:
    result = parse_number(words)
    assert result is None or result >= 0


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "mod"),
    [
        ("Reuters cited more than 10 people familiar with the situation.", "more than 10 people", 10, "people",
         "MORE_THAN"),
        ("The rebels took control of 56 settlements in the north.", "56 settlements", 56, "settlements", "EXACT"),
        ("Officials said power was restored to 40,000 homes.", "40,000 homes", 40000, "homes", "EXACT"),
        ("He met about 30 commanders at the base.", "about 30 commanders", 30, "commanders", "APPROX"),
    ],
)
def test_quantities_stage_finds_counts(analyzer, sentence, text, value, unit, mod) -> None:
    from dateline.analyzer import make_document

    doc = analyzer.nlp(sentence)
    record = Record(document=make_document(sentence))
    QuantityStage(Settings())(doc, record)
    found = {q.text: q for q in record.quantities}
    assert text in found
    q = found[text]
    assert (q.value, q.unit, q.mod) == (value, unit, mod)
    assert sentence[q.start : q.end] == q.text
