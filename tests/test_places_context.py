"""The place stage's context rules on hand-built docs and a small gazetteer of real places:
what is no place ("the West", a company the NER calls a place), names the NER mislabels
("the island of Borneo"), containment ("London's Heathrow"), features of other kinds, and
the roles that cues give ("200 miles northwest of Los Angeles")."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dateline.gazetteer import Candidate, FakeGazetteer
from dateline.model import Document, Place, Record
from dateline.pipeline.places import PlaceStage
from dateline.settings import Settings

_MARK = re.compile(r"\[(?P<name>[^\]|]+)\|(?P<label>[A-Z_]+)\]")

_ENTRIES = [
    Candidate("country:US", "United States", "country", "US", lat=39.8, lon=-98.5, population=327_000_000),
    Candidate("country:GB", "United Kingdom", "country", "GB", lat=54.0, lon=-2.0, population=66_000_000),
    Candidate("country:ID", "Indonesia", "country", "ID", lat=-5.0, lon=120.0, population=267_000_000),
    Candidate("country:MY", "Malaysia", "country", "MY", lat=2.5, lon=112.5, population=32_000_000),
    Candidate("admin1:US.TX", "Texas", "admin1", "US", "TX", "Texas", 31.0, -99.0, 25_000_000),
    Candidate("admin1:US.CA", "California", "admin1", "US", "CA", "California", 37.3, -119.7, 39_000_000),
    Candidate("city:4740328", "West", "city", "US", "TX", "Texas", 31.80, -97.09, 2_883),
    Candidate("city:5368361", "Los Angeles", "city", "US", "CA", "California", 34.05, -118.24, 3_971_883),
    Candidate("city:2643743", "London", "city", "GB", "ENG", "England", 51.51, -0.13, 8_961_989, capital=True),
    Candidate("city:4158928", "Heathrow", "city", "US", "FL", "Florida", 28.76, -82.39, 5_896),
    Candidate("region:borneo", "Borneo", "region", None, lat=0.5, lon=114.0, population=23_000_000),
    Candidate("city:1625822", "Surabaya", "city", "ID", "08", "East Java", -7.25, 112.75, 2_374_658),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def stage() -> PlaceStage:
    return PlaceStage(Settings(), gazetteer=FakeGazetteer(_ENTRIES))


def _doc(nlp: Language, marked: str) -> Doc:
    """'[Texas|GPE] voted' -> a doc whose NER found Texas as GPE (as a model would)."""
    out, ents, pos = [], [], 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos : m.start()])
        start = sum(map(len, out))
        out.append(m.group("name"))
        ents.append((start, start + len(m.group("name")), m.group("label")))
        pos = m.end()
    out.append(marked[pos:])
    doc = nlp("".join(out))
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in ents]
    return doc


def _places(stage: PlaceStage, nlp: Language, marked: str) -> list[Place]:
    doc = _doc(nlp, marked)
    record = Record(document=Document(id="t", text=doc.text))
    stage(doc, record)
    return record.places


def _summary(places: list[Place]) -> list[tuple[str, str, str | None]]:
    return [(p.name, p.kind, p.country_code) for p in places]


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        # A bloc (Telegraph) and a compass region (New York Times) are not West, Texas ...
        ("Her fears appear to chime with those of the [West|LOC] about Moscow.", []),
        ("Heat reached records in [California|GPE] and other parts of the [West|LOC].",
         [("California", "admin1", "US")]),
        # ... but the town is still the town where no article makes it the bloc.
        ("The fertilizer plant in [West|GPE], [Texas|GPE] exploded.",
         [("West", "city", "US"), ("Texas", "admin1", "US")]),
    ],
)  # fmt: skip
def test_places_the_west_is_a_bloc_not_a_town(
    stage: PlaceStage, nlp: Language, marked: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert _summary(_places(stage, nlp, marked)) == expected


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        # Names the gazetteer does not know, which the NER alone calls a place (Reuters,
        # Globe and Mail pages): a carrier, an engine maker, a person.
        ("Indonesia expands search for missing [AirAsia|GPE] jet.", []),
        ("The engines were made by General Electric and [Safran|GPE] of [France|GPE].", []),
        ("[Hadi Tjahnanto|GPE], a senior officer, told reporters.", []),
        # With a cue or a feature's word, an unknown name is still a place.
        ("Two oil patches were found near [Belitung|GPE] island.", [("Belitung", "unknown", None)]),
        ("Ships scoured the [Java Sea|LOC] for debris.", [("Java Sea", "unknown", None)]),
    ],
)
def test_places_unknown_name_needs_more_than_the_ner(
    stage: PlaceStage, nlp: Language, marked: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert _summary(_places(stage, nlp, marked)) == expected


def test_places_diseases_named_after_places_are_not_places(stage: PlaceStage, nlp: Language) -> None:
    places = _places(stage, nlp, "A healthcare worker in [Scotland|GPE] was diagnosed with [Ebola|GPE].")
    assert [p.name for p in places] == ["Scotland"]


@pytest.mark.parametrize(
    "marked",
    [
        "Soelistyo said the search between the islands of Sumatra and [Borneo|PERSON] would grow.",
        "Coastal land on Indonesia's side of the island of [Borneo|PERSON] was searched.",
    ],
)
def test_places_island_cue_overrules_a_person_tag(stage: PlaceStage, nlp: Language, marked: str) -> None:
    places = _places(stage, nlp, marked)
    assert ("Borneo", "region", None) in _summary(places)


def test_places_possessive_container_rejects_a_namesake_elsewhere(stage: PlaceStage, nlp: Language) -> None:
    # "London's Heathrow": the only Heathrow of the gazetteer is a town in Florida, which the
    # text rules out; the name stays a place of unknown position, not a point in Florida.
    places = _places(stage, nlp, "He flew in via [Casablanca|GPE] and [London|GPE]'s [Heathrow|GPE] on Sunday.")
    heathrow = next(p for p in places if p.name == "Heathrow")
    assert heathrow.kind == "unknown" and heathrow.lat is None


def test_places_possessive_container_picks_the_feature_inside(nlp: Language) -> None:
    airport = Candidate(
        "airport:2647216", "London Heathrow Airport", "airport", "GB", "ENG", "England", 51.47, -0.45  # type: ignore[arg-type]
    )
    stage = PlaceStage(Settings(), gazetteer=FakeGazetteer([*_ENTRIES, airport], [("Heathrow", "airport:2647216")]))
    places = _places(stage, nlp, "He flew home via [London|GPE]'s [Heathrow|GPE] on Sunday.")
    heathrow = next(p for p in places if p.mentions[0].text == "Heathrow")
    assert (heathrow.kind, heathrow.country_code) == ("facility", "GB")


def test_places_feature_by_an_alternate_name_is_not_read_without_cue(nlp: Language) -> None:
    # An index may file the Java Sea with "Java" among its alternate names: "Java" alone is
    # the island's or a town's name, never the sea's.
    sea = Candidate("sea:1", "Java Sea", "sea", None, lat=-5.0, lon=110.0)  # type: ignore[arg-type]
    stage = PlaceStage(Settings(), gazetteer=FakeGazetteer([*_ENTRIES, sea], [("Java", "sea:1")]))
    assert _summary(_places(stage, nlp, "Coffee from [Java|GPE] is sold here.")) == [("Java", "unknown", None)]
    # By its own name the sea is read.
    places = _places(stage, nlp, "Ships scoured the [Java Sea|LOC] for debris.")
    assert [(p.name, p.kind, p.lat) for p in places] == [("Java Sea", "region", -5.0)]


@pytest.mark.parametrize(
    ("marked", "name", "role"),
    [
        # New York Post: the shark attack was at Pismo Beach, not at Los Angeles.
        ("The attack was at Pismo Beach, approximately 200 miles northwest of [Los Angeles|GPE].",
         "Los Angeles", "relative"),
        ("A village 30 km (19 miles) south of [Surabaya|GPE] was flooded.", "Surabaya", "relative"),
        ("The flood reached [Surabaya|GPE] on Sunday.", "Surabaya", "literal"),
        # A company's base modifies the company (Reuters): no place of the crash.
        ("It is owned by [Malaysia|GPE]-based budget carrier AirAsia.", "Malaysia", "modifier"),
    ],
)  # fmt: skip
def test_places_cue_gives_the_mention_its_role(
    stage: PlaceStage, nlp: Language, marked: str, name: str, role: str
) -> None:
    place = next(p for p in _places(stage, nlp, marked) if p.name == name)
    assert [m.role for m in place.mentions] == [role]
    assert place.lat is not None  # the name is still the place: only its use differs


def test_places_role_does_not_flow_through_a_list(stage: PlaceStage, nlp: Language) -> None:
    # "north of Surabaya and Los Angeles" is rare; a cue's role stays with the name it is next to.
    places = _places(stage, nlp, "Rain fell 10 miles from [Surabaya|GPE] and in [Los Angeles|GPE].")
    roles = {p.name: [m.role for m in p.mentions] for p in places}
    assert roles == {"Surabaya": ["relative"], "Los Angeles": ["literal"]}


def test_places_cue_role_is_checked_at_load() -> None:
    from dateline.errors import ResourceError
    from dateline.gazetteer.cues import _rule

    raw = {"name": "x", "pattern": "of $", "role": "ironic", "examples": ["a [B]"]}
    with pytest.raises(ResourceError, match="bad role 'ironic'"):
        _rule("before", raw, 0)
    assert _rule("before", {**raw, "role": "relative"}, 0).role == "relative"


def test_places_unknown_name_shown_a_place_once_is_one_everywhere(stage: PlaceStage, nlp: Language) -> None:
    # Tribune 242: "shot in the community of Gamble Heights ... the Gamble Heights victim".
    marked = "A man was shot in the community of [Bain Town|GPE]. The [Bain Town|GPE] victim died."
    places = _places(stage, nlp, marked)
    assert [(p.name, p.kind, len(p.mentions)) for p in places] == [("Bain Town", "unknown", 2)]
    assert _places(stage, nlp, "The [Bain Town|GPE] victim died.") == []
