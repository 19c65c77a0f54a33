"""Roles of an event's places: hand-built parses (no model), then the real pipeline (model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dateline.pipeline.event_places import find_dateline, load_rules, place_role


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


# --- what a place's path to the event rules out (hand-built parses) -----------------------


def test_event_places_relative_clause_place_is_not_the_main_events() -> None:
    # "The man, who was arrested in Texas, died on Monday": Texas is where he was arrested
    doc = _parse(
        ["The", "man", ",", "who", "was", "arrested", "in", "Texas", ",", "died"],
        [1, 9, 1, 5, 5, 1, 5, 6, 1, 9],
        ["det", "nsubj", "punct", "nsubjpass", "auxpass", "relcl", "prep", "pobj", "punct", "ROOT"],
        ["DET", "NOUN", "PUNCT", "PRON", "AUX", "VERB", "ADP", "PROPN", "PUNCT", "VERB"],
    )
    assert place_role(doc[7], doc[9]) == ("mentioned", None)
    assert place_role(doc[7], doc[5]) == ("location", "in")


def test_event_places_a_participants_modifier_is_no_location() -> None:
    # "Officials in Cairo said" places the officials (and so their saying, not what they say);
    # "strikes on Gaza killed" places the strikes
    doc = _parse(
        ["Officials", "in", "Cairo", "said", "strikes", "on", "Gaza", "killed", "20"],
        [3, 0, 1, 3, 7, 4, 5, 3, 7],
        ["nsubj", "prep", "pobj", "ROOT", "nsubj", "prep", "pobj", "ccomp", "dobj"],
        ["NOUN", "ADP", "PROPN", "VERB", "NOUN", "ADP", "PROPN", "VERB", "NUM"],
    )
    events = {3, 4, 7}  # said, strikes, killed
    assert place_role(doc[2], doc[3], events) == ("mentioned", None)
    assert place_role(doc[2], doc[3], events, sayings={3}) == ("location", "in")  # the speaker's place
    assert place_role(doc[2], doc[7], events, sayings={3}) == ("mentioned", None)  # not the killing's
    assert place_role(doc[6], doc[7], events) == ("location", "on")
    assert place_role(doc[6], doc[7]) == ("mentioned", None)  # "strikes" not known as an event


def test_event_places_an_attitudes_event_object_keeps_its_place() -> None:
    # "condemned the bombings in Kenya": the bombings were in Kenya, the condemning was not
    doc = _parse(
        ["Estrada", "condemned", "the", "bombings", "in", "Kenya"],
        [1, 1, 3, 1, 3, 4],
        ["nsubj", "ROOT", "det", "dobj", "prep", "pobj"],
        ["PROPN", "VERB", "DET", "NOUN", "ADP", "PROPN"],
    )
    assert place_role(doc[5], doc[1], {1, 3}, attitudes={1}) == ("mentioned", None)
    assert place_role(doc[5], doc[3], {1, 3}, attitudes={1}) == ("location", "in")
    assert place_role(doc[5], doc[1], {1, 3}) == ("location", "in")  # a physical act: "bombed a post in Homs"


def test_event_places_a_place_inside_a_sequence_phrase_is_that_events() -> None:
    # "retaliated after the bombings in Nairobi": Nairobi is where the bombings were
    doc = _parse(
        ["forces", "retaliated", "after", "the", "bombings", "in", "Nairobi"],
        [1, 1, 1, 4, 2, 4, 5],
        ["nsubj", "ROOT", "prep", "det", "pobj", "prep", "pobj"],
        ["NOUN", "VERB", "ADP", "DET", "NOUN", "ADP", "PROPN"],
    )
    assert place_role(doc[6], doc[1]) == ("mentioned", None)
    assert place_role(doc[6], doc[4]) == ("location", "in")


# --- the dateline's shapes, each rule's own examples ----------------------------------------


_RULES = load_rules()


@pytest.mark.parametrize(("name", "line"), _RULES.examples)
def test_event_places_dateline_examples(name: str, line: str) -> None:
    regex = dict(_RULES.dateline_patterns)[name]
    m = regex.match(line)
    assert m is not None and m.group("place").strip()
    # the place is the line's first words, the body starts after the dateline's dash or agency
    assert line.startswith(m.group("place")) and line[m.end():][:1].isalpha()


@pytest.mark.parametrize("line", _RULES.non_examples)
def test_event_places_dateline_non_examples(line: str) -> None:
    assert all(regex.match(line) is None for _, regex in _RULES.dateline_patterns)


def test_event_places_dateline_needs_a_recognised_place() -> None:
    text = "Search widens\nNATO - The alliance said on Tuesday ...\nJAKARTA (Reuters) - Rescuers found debris."
    jakarta = text.index("JAKARTA")
    found = find_dateline(text, [(jakarta, jakarta + 7, "p1")], _RULES)
    assert found is not None and found.place == "p1"
    assert text[found.body:].startswith("Rescuers") and found.end == len(text)
    assert find_dateline(text, [], _RULES) is None  # "NATO -" has the shape but names no place


# --- inheritance in the pipeline: clause, sentence, paragraph, dateline -----------------------


def _roles(text: str) -> dict[str, set[tuple[str, str, str | None]]]:
    """trigger text -> {(place name, role, cue)} of every event of `text`."""
    from dateline.analyzer import analyze

    record = analyze(text, published="2024-12-13")
    names = {p.id: p.name for p in record.places}
    out: dict[str, set[tuple[str, str, str | None]]] = {}
    for event in record.events:
        roles = {(names[r.place], r.role, r.cue) for r in event.place_roles if r.role != "mentioned"}
        out.setdefault(event.trigger.text, set()).update(roles)
        # the store, the merge and the table read `event.places`: every place with a role is there
        assert {names[r.place] for r in event.place_roles if r.role != "mentioned"} <= {names[p] for p in event.places}
    return out


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # clause: a verb that shares the subject of one with a location
        ("Police arrived in Harlem on Friday and arrested two men.", "arrested",
         {("Harlem", "location", "clause")}),
        # sentence: an adverbial clause under a main clause with a location
        ("Two men were killed in Nassau on Sunday when gunmen opened fire on their car.", "opened fire",
         {("Nassau", "location", "sentence")}),
        # paragraph: the frame an earlier main clause set holds
        ("Rebels attacked an army post in Homs on Sunday. They killed five soldiers.", "killed",
         {("Homs", "location", "paragraph")}),
        # dateline: the lead's main line, where the story was filed
        ("JAKARTA (Reuters) - Rescuers on Tuesday found the wreckage of the missing jet.", "found",
         {("Jakarta", "location", "dateline")}),
        # the event's own place always wins
        ("Rebels attacked an army post in Homs on Sunday. They shelled the town of Hama.", "shelled",
         {("Hama", "location", "of")}),
    ],
)  # fmt: skip
def test_event_places_inherited_location(text: str, trigger: str, expected: set[tuple[str, str, str]]) -> None:
    assert _roles(text)[trigger] == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # a relative clause's place is not the main event's
        ("The man, who was arrested in Texas, died on Monday.", "died"),
        # a new paragraph opens a new frame
        ("Rebels attacked an army post in Homs on Sunday.\nThey killed five soldiers.", "killed"),
        # a saying is where the speaker was, which the text does not say; a future has no scene yet
        ("Rebels attacked an army post in Homs on Sunday. The government said it would respond.", "said"),
        ("Rebels attacked an army post in Homs on Sunday. They will attack again.", "attack"),
        # a quotation is not placed by the narration around it
        ("Rebels attacked an army post in Homs on Sunday. \"We destroyed their tanks,\" a commander said.",
         "destroyed"),
        # a pluperfect is before the story's scene: not placed by it
        ("Police arrested a man in Houston on Friday. He had fled from prison last year.", "fled"),
        # a date of its own moves the story in time: a new scene, maybe elsewhere
        ("Rebels attacked an army post in Homs on Sunday. On Monday they killed five soldiers.", "killed"),
    ],
)  # fmt: skip
def test_event_places_no_inheritance(text: str, trigger: str) -> None:
    roles = _roles(text)
    assert trigger in roles and roles[trigger] == set()
    assert any(roles.values())  # the text does place another event: the place was there to take
