"""The place stage end to end: real model, real gazetteer, the canonical example article."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.model import Record

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "assad-fled-moscow.txt"

pytestmark = [pytest.mark.model, pytest.mark.shared]


@pytest.fixture(scope="module")
def record() -> Record:
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} is absent")
    from dateline.analyzer import Analyzer

    # The whole pipeline: the entity stage takes back unresolved names that act as people.
    analyzer = Analyzer()
    return analyzer.analyze(EXAMPLE.read_text(encoding="utf-8"), published="2024-12-13")


def test_places_golden_example_places(record: Record) -> None:
    found = {(p.name, p.kind, p.country_code) for p in record.places}
    assert found == {
        ("Moscow", "city", "RU"),
        ("Syria", "country", "SY"),
        ("Iraq", "country", "IQ"),
        ("Russia", "country", "RU"),
        ("Lebanon", "country", "LB"),
        ("Damascus", "city", "SY"),
        ("Aleppo", "city", "SY"),
        ("Aleppo", "admin1", "SY"),
        ("Idlib", "admin1", "SY"),
        ("Daraa", "city", "SY"),
    }


def test_places_golden_example_leaves_actors(record: Record) -> None:
    claimed = {m.text for p in record.places for m in p.mentions}
    assert not claimed & {"Assad", "Bashar Assad", "Reuters", "Kremlin", "Hadi al-Bahra", "Maher"}


def test_places_golden_example_mentions(record: Record) -> None:
    text = record.document.text
    by_name = {(p.name, p.kind): p for p in record.places}
    for p in record.places:
        for m in p.mentions:
            assert text[m.start : m.end] == m.text
    assert len([m for m in by_name[("Moscow", "city")].mentions if m.kind == "name"]) == 3
    assert len(by_name[("Damascus", "city")].mentions) == 3
    syria = by_name[("Syria", "country")]
    assert {m.kind for m in syria.mentions} == {"name", "demonym"}
    assert by_name[("Aleppo", "city")].lat == pytest.approx(36.2, abs=0.1)
