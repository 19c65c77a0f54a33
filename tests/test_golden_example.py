"""Golden test over the shared example article (skipped when ../shared is absent).

It checks what we stand behind, from `assad-fled-moscow.expected.md`: debris, entities and
their relations here; events, dates and places in the stage-specific golden tests.
"""

from __future__ import annotations

import pytest

from dateline.model import Entity, Record

pytestmark = [pytest.mark.model, pytest.mark.shared]


def _entity_with(record: Record, text: str) -> Entity:
    found = [e for e in record.entities if any(m.text == text for m in e.mentions)]
    assert len(found) == 1, f"{text!r} is in {[e.name for e in found]}"
    return found[0]


def test_golden_share_debris_is_ignored(example_record: Record, example_text: str) -> None:
    ignored = example_record.document.ignored
    assert [s.text for s in ignored] == ["Share", "Share"]
    assert example_record.document.text == example_text
    for span in ignored:
        for event in example_record.events:
            assert not (event.trigger.start < span.end and span.start < event.trigger.end)


def test_golden_assad_is_one_entity(example_record: Record) -> None:
    assad = _entity_with(example_record, "Bashar Assad")
    texts = {m.text for m in assad.mentions}
    assert {"Bashar Assad", "Assad", "Bashar al-Assad", "The dictator", "the Syrian dictator"} <= texts
    assert assad.type == "PERSON"
    assert any("dictator" in d.text for d in assad.descriptions)


def test_golden_family_and_roles(example_record: Record) -> None:
    assad = _entity_with(example_record, "Bashar Assad")
    maher = _entity_with(example_record, "Maher")
    assert any("younger brother" in r.relation and r.entity == assad.id for r in maher.relations)
    assert any("4th Armored Division" in d.text for d in maher.descriptions)
    makhloufs = [e for e in example_record.entities if e.name.endswith("Makhlouf")]
    assert sorted(e.name for e in makhloufs) == ["Ehab Makhlouf", "Eyad Makhlouf"]
    for cousin in makhloufs:
        assert any("cousin" in r.relation and r.entity == assad.id for r in cousin.relations)
    bahra = _entity_with(example_record, "Hadi al-Bahra")
    assert bahra.type == "PERSON"
    assert any("leader of Syria's main opposition abroad" in d.text for d in bahra.descriptions)


def test_golden_quantities(example_record: Record) -> None:
    values = {(q.value, q.mod) for q in example_record.quantities}
    assert {(10, "MORE_THAN"), (30, "APPROX"), (56, "EXACT")} <= values


def test_golden_example_times(example_record) -> None:  # type: ignore[no-untyped-def]
    """The article's dates, and "That same day" dated through the escape (7-13 December)."""
    values = {(t.text, t.value) for t in example_record.times}
    assert {("November 28", "2024-11-28"), ("November 30", "2024-11-30"), ("December 7", "2024-12-07"),
            ("the morning of November 27", "2024-11-27TMO"), ("2016", "2016")} <= values
    assert ("That same day", "2024-12-XX") in values
