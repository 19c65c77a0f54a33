"""Roles of an event's places: hand-built parses (no model), then the real pipeline (model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dateline.pipeline.event_places import place_role


def _parse(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    """A doc with the parse a model would give, built by hand so the test needs no model."""
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_event_places_destinations_of_a_flight() -> None:
    doc = _parse(
        ["Assad", "flew", "to", "Iraq", "and", "then", "to", "Russia", "."],
        [1, 1, 1, 2, 2, 6, 2, 6, 1],
        ["nsubj", "ROOT", "prep", "pobj", "cc", "advmod", "conj", "pobj", "punct"],
        ["PROPN", "VERB", "ADP", "PROPN", "CCONJ", "ADV", "ADP", "PROPN", "PUNCT"],
    )
    assert place_role(doc[3], doc[1]) == ("destination", "to")
    assert place_role(doc[7], doc[1]) == ("destination", "to")


def test_event_places_location_through_a_noun_chain() -> None:
    doc = _parse(
        ["airstrikes", "on", "the", "city", "of", "Aleppo"],
        [0, 0, 3, 1, 3, 4],
        ["ROOT", "prep", "det", "pobj", "prep", "pobj"],
        ["NOUN", "ADP", "DET", "NOUN", "ADP", "PROPN"],
    )
    assert place_role(doc[5], doc[0]) == ("location", "on")


def test_event_places_origin_and_speaker_place() -> None:
    doc = _parse(
        ["Families", "fled", "from", "Daraa", ",", "officials", "in", "Amman", "said"],
        [1, 8, 1, 2, 8, 8, 5, 6, 8],
        ["nsubj", "ccomp", "prep", "pobj", "punct", "nsubj", "prep", "pobj", "ROOT"],
        ["NOUN", "VERB", "ADP", "PROPN", "PUNCT", "NOUN", "ADP", "PROPN", "VERB"],
    )
    assert place_role(doc[3], doc[1]) == ("origin", "from")
    assert place_role(doc[7], doc[1]) == ("mentioned", None)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Assad flew to Iraq and then to Russia on Sunday.", "flew",
         {"Iraq": "destination", "Russia": "destination"}),
        ("Russian jets carried out airstrikes on the city of Aleppo on Friday.", "carried out airstrikes",
         {"Aleppo": "location"}),
        ("Thousands of refugees fled from Daraa to Jordan.", "fled", {"Daraa": "origin", "Jordan": "destination"}),
        ("Israeli strikes on Gaza killed 20 people, officials in Cairo said.", "killed",
         {"Gaza": "location", "Cairo": "mentioned"}),
    ],
)  # fmt: skip
def test_event_places_roles_in_the_pipeline(text: str, trigger: str, expected: dict[str, str]) -> None:
    from dateline.analyzer import analyze

    record = analyze(text, published="2024-12-13")
    names = {p.id: p.name for p in record.places}
    event = next(e for e in record.events if e.trigger.text == trigger)
    assert {names[r.place]: r.role for r in event.place_roles} == expected
