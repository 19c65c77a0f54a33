"""The place stage on hand-built docs with the sample gazetteer (no model, no index)."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dateline.gazetteer import FakeGazetteer
from dateline.model import Document, Place, Record
from dateline.pipeline.places import PlaceStage
from dateline.settings import Settings

_MARK = re.compile(r"\[(?P<name>[^\]|]+)\|(?P<label>[A-Z_]+)\]")


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def stage() -> PlaceStage:
    return PlaceStage(Settings(), gazetteer=FakeGazetteer.sample())


def _doc(nlp: Language, marked: str) -> Doc:
    """'[Damascus|GPE] fell' -> a doc whose NER found Damascus as GPE (as a model would)."""
    text, ents, pos, out = "", [], 0, []
    for m in _MARK.finditer(marked):
        out.append(marked[pos : m.start()])
        start = sum(map(len, out))
        out.append(m.group("name"))
        ents.append((start, start + len(m.group("name")), m.group("label")))
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    doc = nlp(text)
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in ents]
    return doc


def _run(stage: PlaceStage, nlp: Language, marked: str) -> tuple[Record, list[Place]]:
    doc = _doc(nlp, marked)
    record = Record(document=Document(id="t", text=doc.text))
    stage(doc, record)
    return record, record.places


def _summary(places: list[Place]) -> list[tuple[str, str, str | None]]:
    return [(p.name, p.kind, p.country_code) for p in places]


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        (
            "Rebels in [Syria|GPE] seized [Damascus|GPE] on Sunday.",
            [("Syria", "country", "SY"), ("Damascus", "city", "SY")],
        ),
        (
            "A festival in [Damascus|GPE], [Maryland|GPE] drew crowds.",
            [("Damascus", "city", "US"), ("Maryland", "admin1", "US")],
        ),
        (
            "[French|NORP] police in [Paris|GPE] said [France|GPE] was on alert.",
            [("France", "country", "FR"), ("Paris", "city", "FR")],
        ),
        (
            "Storms hit [Texas|GPE]; in [Paris|GPE] the power failed.",
            [("Texas", "admin1", "US"), ("Paris", "city", "US")],
        ),
        (
            "[Georgia|GPE] and [Armenia|GPE] signed a border deal in [Tbilisi|GPE].",
            [("Georgia", "country", "GE"), ("Armenia", "country", "AM"), ("Tbilisi", "city", "GE")],
        ),
        (
            "Delays at the airport in [Atlanta|GPE], [Georgia|GPE] on Monday.",
            [("Atlanta", "city", "US"), ("Georgia", "admin1", "US")],
        ),
        ("Thousands fled to [Jordan|GPE] last year.", [("Jordan", "country", "JO")]),
        ("[Michael Jordan|PERSON] said he would retire.", []),
        ("The rebels took the city of [Daraa|PERSON] at dawn.", [("Daraa", "city", "SY")]),
        ("Rebels entered the city of Deraa at dawn.", [("Deraa", "city", "SY")]),
        (
            "They took 56 villages in the provinces of Aleppo and [Idlib|ORG].",
            [("Aleppo", "admin1", "SY"), ("Idlib", "admin1", "SY")],
        ),
        ("Shelling continued in Idlib province.", [("Idlib", "admin1", "SY")]),
        ("Shelling continued in Idlib.", [("Idlib", "city", "SY")]),
        # An unknown name is a place when more than the NER says so (a cue here) ...
        ("Ships sailed to [Atlantis|GPE].", [("Atlantis", "unknown", None)]),
        # ... and no place on the NER's word alone (test_places_context.py has real cases).
        ("[Atlantis|GPE] sank.", []),
    ],
)
def test_places_resolves_names_in_context(
    stage: PlaceStage, nlp: Language, marked: str, expected: list[tuple[str, str, str | None]]
) -> None:
    _, places = _run(stage, nlp, marked)
    assert _summary(places) == expected


@pytest.mark.parametrize(
    "marked",
    [
        "[Bashar Assad|PERSON] fled. Forces loyal to [Assad|PERSON] gave up.",
        "The news came according to [Reuters|ORG] and others.",
        "The [Kremlin|ORG] did not want to intervene.",
        "Talks in the [Kremlin|FAC] went on.",
        "Officials met in March to talk.",
    ],
)
def test_places_leaves_people_and_actors_to_entities(stage: PlaceStage, nlp: Language, marked: str) -> None:
    _, places = _run(stage, nlp, marked)
    assert places == []


def test_places_same_name_two_kinds_two_places(stage: PlaceStage, nlp: Language) -> None:
    marked = (
        "Fighters seized villages in the provinces of Aleppo and Idlib and approached the outskirts "
        "of Aleppo. Jets struck the city of Aleppo."
    )
    _, places = _run(stage, nlp, marked)
    kinds = {(p.name, p.kind): len(p.mentions) for p in places}
    assert kinds == {("Aleppo", "admin1"): 1, ("Idlib", "admin1"): 1, ("Aleppo", "city"): 2}


def test_places_merges_repeated_mentions_with_offsets(stage: PlaceStage, nlp: Language) -> None:
    record, places = _run(stage, nlp, "[Damascus|GPE] fell. Later [Damascus|GPE] was calm.")
    assert [p.id for p in places] == ["p1"]
    assert [m.start for m in places[0].mentions] == [0, 21]
    for m in places[0].mentions:
        assert record.document.text[m.start : m.end] == m.text


def test_places_demonyms_are_marked(stage: PlaceStage, nlp: Language) -> None:
    _, places = _run(stage, nlp, "[Syrian|NORP] rebels said [Syria|GPE] was free; [Russian|NORP] jets left.")
    assert [(p.name, [m.kind for m in p.mentions]) for p in places] == [("Syria", ["demonym", "name"])]


def test_places_demonym_only_country_is_optional(nlp: Language) -> None:
    stage = PlaceStage(Settings(), gazetteer=FakeGazetteer.sample(), demonym_only_places=True)
    _, places = _run(stage, nlp, "[Russian|NORP] aircraft struck the city of Aleppo.")
    assert [(p.name, p.kind, p.mentions[0].kind) for p in places] == [
        ("Russia", "country", "demonym"),
        ("Aleppo", "city", "name"),
    ]


def test_places_demonym_inside_organisation_is_not_claimed(stage: PlaceStage, nlp: Language) -> None:
    _, places = _run(stage, nlp, "The [Syrian Observatory|ORG] said [Syria|GPE] was calm.")
    assert [m.text for p in places for m in p.mentions] == ["Syria"]


def test_places_possessive_and_article_are_trimmed(stage: PlaceStage, nlp: Language) -> None:
    _, places = _run(stage, nlp, "[Syria's|GPE] opposition met in [the city of Aleppo|GPE].")
    assert [(m.text, p.kind) for p in places for m in p.mentions] == [("Syria", "country"), ("Aleppo", "city")]


def test_places_transliteration_name_reads_as_in_text(stage: PlaceStage, nlp: Language) -> None:
    _, places = _run(stage, nlp, "Rebels took the city of Daraa.")
    assert places[0].name == "Daraa"
    assert places[0].geonameid == 170592
    assert places[0].admin1 == "Daraa"


@pytest.mark.parametrize(
    ("marked", "expected", "mention"),
    [
        ("Storms hit [North Texas|LOC] overnight.", [("Texas", "admin1", "US")], "Texas"),
        ("The convoy drove from [Amman to Damascus|GPE].", [("Amman", "city", "JO"), ("Damascus", "city", "SY")],
         "Amman"),
        ("Fans filled the [Texas Motor Speedway|FAC].", [("Texas", "admin1", "US")], "Texas"),
        ("Traffic stopped on [Paris Street|FAC].", [], None),
        # A direction word before a small town's name is part of another town's name.
        ("A mudslide closed the road in [East Bank|GPE].", [("East Bank", "unknown", None)], "East Bank"),
        ("[Syrian|GPE] forces advanced.", [], None),
        # A direction before a name is a part of that place only when it is more than the direction.
        ("Officers of the [North Las Vegas Police Department|LOC] came.", [("North Las Vegas", "city", "US")],
         "North Las Vegas"),
        ("Fire damaged an [S.E. Paris|GPE] apartment.", [("Paris", "city", "FR")], "Paris"),
        # A school named after its town and a compass point: the town.
        ("[Paris North|LOC] won the regional.", [("Paris", "city", "FR")], "Paris"),
        ("Two held in [W. Paris|GPE] slaying.", [("Paris", "city", "FR")], "Paris"),
        ("Rep. Ann Lee, [D-Texas|GPE], voted no.", [("Texas", "admin1", "US")], "Texas"),
        ("She was born in [Paris Township|GPE].", [("Paris", "city", "FR")], "Paris"),
        # A country's or state's own name inside an unknown name the NER calls a place.
        ("He called the [United Way of America|LOC] for help.", [("United States", "country", "US")], "America"),
        ("The [South Central Texas Development District|GPE] met.", [("Texas", "admin1", "US")], "Texas"),
        ("The [Nice of Russia|GPE] fair opened.", [("Russia", "country", "RU")], "Russia"),
        # ... but not a feature's, a street's, or one inside a longer name (which, unknown and
        # with no cue, are no place at all: Texas is not claimed from them)
        ("They fished on [Lake Texas|LOC].", [("Lake Texas", "unknown", None)], "Lake Texas"),
        ("Traffic stopped on [East Texas Street|LOC].", [], None),
        ("Pupils of [Sam Texas High School|GPE] won.", [], None),
        ("Pupils from [Sam Texas High School|GPE] won.", [("Sam Texas High School", "unknown", None)], None),
        ("The [South Central District Olympics|GPE] opened.", [], None),
        # "X County Court" is the county's court, not a street called Court
        ("He sued in [Callahan County Court|GPE].", [("Callahan County", "admin2", "US")], "Callahan County"),
        # two names joined by a hyphen, each known
        ("Storms hit the [Callahan-Paris|GPE] line.", [("Callahan", "city", "US"), ("Paris", "city", "US")],
         "Callahan"),
    ],
)  # fmt: skip
def test_places_finds_known_place_inside_unknown_name(
    stage: PlaceStage, nlp: Language, marked: str, expected: list[tuple[str, str, str | None]], mention: str | None
) -> None:
    _, places = _run(stage, nlp, marked)
    assert _summary(places) == expected
    if mention is not None:
        assert places[0].mentions[0].text == mention


def test_places_surname_tagged_as_place_is_left_alone(stage: PlaceStage, nlp: Language) -> None:
    # A tiny gazetteer town "Assad" exists; once the text names the person, "Assad" alone is him.
    _, places = _run(stage, nlp, "[Bashar Assad|PERSON] spoke. Later [Assad|GPE] left.")
    assert places == []


def test_places_first_word_of_a_person_tag_is_no_surname(stage: PlaceStage, nlp: Language) -> None:
    # The NER read "Assad GM" (a general manager of the town's club) as a person: the town
    # is not a surname for that, and stays a place elsewhere.
    _, places = _run(stage, nlp, "The team lost in [Assad|GPE]. [Assad GM|PERSON] Ali Omar said so.")
    assert _summary(places) == [("Assad", "city", "SY")]


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ("Storm hits city. ATLANTA - Power failed overnight.", [("Atlanta", "city", "US")]),
        ("MOSCOW (Reuters) — The Kremlin said nothing.", [("Moscow", "city", "RU")]),
        ("NATO - the alliance met.", []),
        ("Drug dealer arrested. ATLANTA: A major dealer was arrested.", [("Atlanta", "city", "US")]),
        ("NOTE: the alliance met.", []),
        ("By Kent Mallett, Reporter, March 30, 2009 ATLANTA -- Home sales rose.", [("Atlanta", "city", "US")]),
        ("Tax worker threatened. ST. PAUL -- No matter how frustrating taxes get.", [("Saint Paul", "city", "US")]),
    ],
)
def test_places_dateline_names_a_place(
    stage: PlaceStage, nlp: Language, marked: str, expected: list[tuple[str, str, str | None]]
) -> None:
    _, places = _run(stage, nlp, marked)
    assert _summary(places) == expected


def test_places_list_of_names_links_peers_but_not_town_and_container() -> None:
    from dateline.gazetteer.resolve import Toponym
    from dateline.pipeline.places.readings import link_lists

    text = "Cases in Maryland, Texas and Georgia; a fair in Paris, Texas."
    names = ["Maryland", "Texas", "Georgia", "Paris", "Texas"]
    toponyms, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        pos = start + len(name)
        toponyms.append(Toponym(start, pos, name, []))
    link_lists(text, toponyms)
    assert [t.peers for t in toponyms] == [(1, 2), (0, 2), (0, 1), (), ()]


def test_places_list_of_states_reads_each_as_a_state(stage: PlaceStage, nlp: Language) -> None:
    # "Georgia" alone in a list of US states is the state, not the country.
    _, places = _run(stage, nlp, "Polls closed in [Maryland|GPE], [Texas|GPE] and [Georgia|GPE] at eight.")
    assert ("Georgia", "admin1", "US") in _summary(places)


def test_places_county_cue_reads_second_level(stage: PlaceStage, nlp: Language) -> None:
    # The town Callahan, Florida is called exactly so; "counties" says the Texas county.
    _, places = _run(stage, nlp, "Fires burned in [Eastland|GPE] and [Callahan|GPE] counties.")
    assert ("Callahan County", "admin2", "US") in _summary(places)
    _, places = _run(stage, nlp, "A store in [Callahan|GPE] was robbed.")
    assert _summary(places) == [("Callahan", "city", "US")]


def test_places_untagged_town_listed_with_a_known_place_is_found(stage: PlaceStage, nlp: Language) -> None:
    # The NER tags "Decatur" only; the small town listed with it is unique and tells which Decatur.
    _, places = _run(stage, nlp, "Lawmakers eyed a plan for [Decatur|GPE] and Avondale Estates.")
    assert [(p.name, p.admin1) for p in places] == [("Decatur", "Georgia"), ("Avondale Estates", "Georgia")]
    # A person's name in the list is not a place, however a town may be called.
    _, places = _run(stage, nlp, "[Paris|GPE] and [Avondale Estates|PERSON] met.")
    assert [p.name for p in places] == ["Paris"]
    # One word the NER calls an organisation is the organisation ("Russia and Wagner").
    _, places = _run(stage, nlp, "Fighting between [Paris|GPE] and [Decatur|ORG] went on.")
    assert [p.name for p in places] == ["Paris"]
    # ... unless that word is a country's name, whatever the tag.
    _, places = _run(stage, nlp, "Talks between [Armenia|ORG] and [Georgia|GPE] opened.")
    assert _summary(places) == [("Armenia", "country", "AM"), ("Georgia", "country", "GE")]
    _, places = _run(stage, nlp, "Cholera hit [Jordan|GPE] and [Armenia|PERSON].")
    assert _summary(places) == [("Jordan", "country", "JO"), ("Armenia", "country", "AM")]


def test_places_name_grows_by_a_word_into_a_longer_known_name(stage: PlaceStage, nlp: Language) -> None:
    # The tokenizer splits the hyphen and the NER tags "Guinea" alone.
    _, places = _run(stage, nlp, "Cases rose in [Guinea|GPE]-Bissau last week.")
    assert _summary(places) == [("Guinea-Bissau", "country", "GW")]
    _, places = _run(stage, nlp, "Cases rose in [Guinea|GPE] last week.")
    assert _summary(places) == [("Guinea", "country", "GN")]
    # ... or a space: the NER tags "Avondale" of "Avondale Estates", a known town.
    _, places = _run(stage, nlp, "The council of [Avondale|GPE] Estates voted.")
    assert _summary(places) == [("Avondale Estates", "city", "US")]


def test_places_common_word_tagged_as_place_is_dropped_when_unknown(stage: PlaceStage, nlp: Language) -> None:
    # "Movement" in a headline, tagged GPE, unknown to the gazetteer, and written "movement"
    # elsewhere: a common word, not a place. An unknown name the text never lowercases stays.
    _, places = _run(stage, nlp, "[Movement|GPE] grows. The movement met in [Zorbania|GPE].")
    assert _summary(places) == [("Zorbania", "unknown", None)]


def test_places_known_name_tagged_as_group_elsewhere_is_the_same_place(stage: PlaceStage, nlp: Language) -> None:
    # One sense per discourse: the town the story names is the town when the NER calls it a group.
    _, places = _run(stage, nlp, "Storms hit [Paris|GPE] on Monday. Later [Paris|ORG] approved the repairs.")
    assert [(p.name, len(p.mentions)) for p in places] == [("Paris", 2)]
    # ... but not a word of a person's name.
    _, places = _run(stage, nlp, "[Paris Hilton|PERSON] flew to [Paris|GPE]. [Paris|PERSON] smiled.")
    assert [(p.name, len(p.mentions)) for p in places] == [("Paris", 1)]


def test_places_seat_of_an_office_inside_a_persons_name(stage: PlaceStage, nlp: Language) -> None:
    # The NER tags "Paris Mayor Anne Hidalgo" as one person: the place before the title is the seat.
    _, places = _run(stage, nlp, "The plan was backed by [Paris Mayor Anne Hidalgo|PERSON] on Monday.")
    assert [(p.name, [m.text for m in p.mentions]) for p in places] == [("Paris", ["Paris"])]
    # No title, no place: a person called like a town stays a person.
    _, places = _run(stage, nlp, "The plan was backed by [Paris Hilton|PERSON] on Monday.")
    assert places == []


@pytest.mark.parametrize(
    ("marked", "tags", "expected"),
    [
        # "the Aleppo council election": the model filed the town under NORP.
        ("Voters in the [Aleppo|NORP] council election waited.", {"Aleppo": "NNP"}, [("Aleppo", "city", "SY")]),
        ("Fighting near [Aleppo|PRODUCT] went on.", {"Aleppo": "NNP"}, [("Aleppo", "city", "SY")]),
        # An adjective or a plural is the group the tag says, whatever the gazetteer knows.
        ("The [Aleppo|NORP] merchants met.", {"Aleppo": "JJ"}, []),
        ("The [Syrian|NORP] army advanced.", {"Syrian": "NNP"}, []),
    ],
)
def test_places_town_filed_as_group_or_product_is_a_place(
    stage: PlaceStage, nlp: Language, marked: str, tags: dict[str, str], expected: list[tuple[str, str, str]]
) -> None:
    doc = _doc(nlp, marked)
    for token in doc:
        token.tag_ = tags.get(token.text, "NN")
    record = Record(document=Document(id="t", text=doc.text))
    stage(doc, record)
    assert _summary([p for p in record.places if any(m.kind == "name" for m in p.mentions)]) == expected


def test_places_untagged_repeat_of_a_found_place_is_that_place(stage: PlaceStage, nlp: Language) -> None:
    # One sense per discourse: the NER found "Aleppo" once and left it untagged later. A
    # repeat inside a longer capitalised name ("Aleppo Road") is not claimed.
    doc = _doc(nlp, "Shells hit [Aleppo|GPE] overnight. Later Aleppo counted the dead near Aleppo Road.")
    for token in doc:
        token.tag_ = "NNP" if token.text[:1].isupper() else "NN"
        token.is_sent_start = token.i == 0 or doc[token.i - 1].text == "."
    record = Record(document=Document(id="t", text=doc.text))
    stage(doc, record)
    (place,) = record.places
    starts = [m.start for m in place.mentions]
    assert starts == [doc.text.index("Aleppo"), doc.text.index("Aleppo counted")]


@pytest.mark.parametrize(
    "marked",
    [
        "Polio rose in Chad and [Democratic Republic|GPE] of the [Congo|GPE].",
        "Plague killed 61 people in [the Democratic Republic of the|GPE] [Congo|GPE], officials said.",
    ],
)
def test_places_two_tags_that_together_make_a_known_name_are_one(nlp: Language, marked: str) -> None:
    # The NER cuts a long name in two: where the two tags, with "of (the)", a comma or
    # nothing between them, are together a known name, they are one mention of it.
    from dateline.gazetteer import Candidate

    drc = Candidate("country:CD", "Democratic Republic of the Congo", "country", "CD", lat=-2.9, lon=23.7,
                    population=84_000_000)  # fmt: skip
    congo = Candidate("country:CG", "Republic of the Congo", "country", "CG", lat=-0.7, lon=15.2, population=5_000_000)
    stage = PlaceStage(Settings(), gazetteer=FakeGazetteer([drc, congo], aliases=[("Congo", "country:CG")]))
    _, places = _run(stage, nlp, marked)
    assert [(m.text, p.country_code) for p in places for m in p.mentions] == [
        ("Democratic Republic of the Congo", "CD")
    ]


def test_places_town_and_abbreviation_known_together_are_one_name(nlp: Language) -> None:
    # "Washington" | "D.C.": the comma does not make a town and its container when the
    # gazetteer knows the whole as one name.
    from dateline.gazetteer import Candidate

    dc = Candidate("city:4140963", "Washington", "city", "US", "DC", "District of Columbia", 38.9, -77.0,
                   population=690_000, capital=True)  # fmt: skip
    stage = PlaceStage(Settings(), gazetteer=FakeGazetteer([dc], aliases=[("Washington D.C.", "city:4140963")]))
    _, places = _run(stage, nlp, "She flew to [Washington|GPE], [D.C.|GPE] on Monday.")
    assert [(m.text, p.kind) for p in places for m in p.mentions] == [("Washington, D.C.", "city")]


def test_places_untagged_town_before_its_state_is_found(stage: PlaceStage, nlp: Language) -> None:
    # The NER tagged only the state: the words before ", Georgia" are a town there.
    _, places = _run(stage, nlp, "She grew up near Decatur, [Georgia|GPE], and moved.")
    assert _summary(places) == [("Decatur", "city", "US"), ("Georgia", "admin1", "US")]
    assert places[0].admin1 == "Georgia"
    # ... and before its country, even when the NER calls the town a person.
    _, places = _run(stage, nlp, "[Aleppo|PERSON], [Syria|GPE] officials said so.")
    assert _summary(places) == [("Aleppo", "city", "SY"), ("Syria", "country", "SY")]
    # A capitalised word that names no town of that state is left alone.
    _, places = _run(stage, nlp, "Mr. Smith, [Georgia|GPE], said so.")
    assert [p.name for p in places] == ["Georgia"]


def test_places_legislators_home_after_the_party_is_a_town(stage: PlaceStage, nlp: Language) -> None:
    # "Rep. Jane Doe, D-Atlanta, said": the NER tags nothing; the party prefix is no part of the name.
    _, places = _run(stage, nlp, "Rep. [Jane Doe|PERSON], D-Atlanta, said the bill would pass.")
    assert _summary(places) == [("Atlanta", "city", "US")]
    assert places[0].mentions[0].text == "Atlanta"


def test_places_part_of_a_place_keeps_the_place_by_its_own_name() -> None:
    # "Eastern Creek": GeoNames lists "Creek" as an alternate of Baytown, Texas; a town called
    # Creek exists, so the unrelated alternate goes. "St. Paul" keeps Saint Paul (a shared
    # word), and an abbreviation with no namesake keeps its entry.
    from dateline.gazetteer import Candidate
    from dateline.pipeline.places.names import _own_or_kin_names

    baytown = Candidate("city:1", "Baytown", "city", "US", "TX", population=76_000, quality="alternate")
    creek = Candidate("city:2", "Creek", "city", "US", "KY", population=1_100)
    assert _own_or_kin_names("Creek", [baytown, creek]) == [creek]
    saint_paul = Candidate("city:3", "Saint Paul", "city", "US", "MN", population=300_000, quality="alternate")
    st_paul = Candidate("city:4", "St. Paul", "city", "US", "VA", population=5_700)
    assert _own_or_kin_names("St. Paul", [saint_paul, st_paul]) == [saint_paul, st_paul]
    mass = Candidate("admin1:US.MA", "Massachusetts", "admin1", "US", "MA", quality="alternate")
    assert _own_or_kin_names("Mass.", [mass]) == [mass]


def test_places_name_grows_across_a_romance_particle(nlp: Language) -> None:
    # The NER tags "Rio Grande" of "Rio Grande do Sul", the state, and leaves "do Sul".
    from dateline.gazetteer import Candidate

    state = Candidate("admin1:BR.23", "Rio Grande do Sul", "admin1", "BR", "23", "Rio Grande do Sul", -30.0, -53.5,
                      population=11_000_000)  # fmt: skip
    town = Candidate("city:3451138", "Rio Grande", "city", "BR", "23", None, -32.0, -52.1, population=190_000)
    stage = PlaceStage(Settings(), gazetteer=FakeGazetteer([state, town]))
    _, places = _run(stage, nlp, "One case was found in [Rio Grande|GPE] do Sul and one in Bahia.")
    assert [(m.text, p.kind) for p in places for m in p.mentions] == [("Rio Grande do Sul", "admin1")]


def test_places_two_tags_joined_by_and_into_a_known_name_are_one(nlp: Language) -> None:
    from dateline.gazetteer import Candidate

    province = Candidate("admin1:CA.05", "Newfoundland and Labrador", "admin1", "CA", "05",
                         "Newfoundland and Labrador", 53.0, -60.0, population=520_000)  # fmt: skip
    stage = PlaceStage(Settings(), gazetteer=FakeGazetteer([province]))
    _, places = _run(stage, nlp, "Crews from [Newfoundland|GPE] and [Labrador|GPE] searched.")
    assert [(m.text, p.kind) for p in places for m in p.mentions] == [("Newfoundland and Labrador", "admin1")]


def test_places_bare_name_follows_the_county_the_article_names(stage: PlaceStage, nlp: Language) -> None:
    # Without "Callahan County" the bare name is the Florida town; with it, the county.
    _, places = _run(stage, nlp, "[Callahan County|GPE] commissioners met. [Callahan|GPE] will build a jail.")
    assert [(m.text, p.name, p.kind) for p in places for m in p.mentions] == [
        ("Callahan County", "Callahan County", "admin2"), ("Callahan", "Callahan County", "admin2")]
    _, places = _run(stage, nlp, "Commissioners met. [Callahan|GPE] will build a jail.")
    assert _summary(places) == [("Callahan", "city", "US")]


def test_places_a_legislators_home_may_be_a_county(stage: PlaceStage, nlp: Language) -> None:
    # West Virginia's delegates are named by county: "Boggs, D-Braxton" is Braxton County,
    # though a town bears the bare name too.
    _, places = _run(stage, nlp, "Delegate Brent Boggs, D-[Callahan|GPE], sponsored the bill.")
    assert _summary(places) == [("Callahan County", "admin2", "US")]


def test_places_a_waters_name_is_the_water_not_the_province_named_after_it(nlp: Language) -> None:
    # Egypt's Red Sea governorate is large and the article is Egyptian; "the Red Sea" is still the sea.
    from dateline.gazetteer import Candidate

    sea = Candidate("region:Red Sea", "Red Sea", "region", None, None, None, 20.0, 38.5, population=100_000_000)
    governorate = Candidate("admin1:EG.02", "Red Sea", "admin1", "EG", "02", "Red Sea", 24.7, 34.2,
                            population=450_000)  # fmt: skip
    egypt = Candidate("country:EG", "Egypt", "country", "EG", None, None, 27.0, 30.0, population=100_000_000)
    stage = PlaceStage(Settings(), gazetteer=FakeGazetteer([sea, governorate, egypt]))
    _, places = _run(stage, nlp, "A cargo ship sank in the [Red Sea|LOC], an official in [Egypt|GPE] said.")
    assert _summary(places)[0] == ("Red Sea", "region", None)
    _, places = _run(stage, nlp, "Floods hit the [Red Sea|GPE] governorate of [Egypt|GPE].")
    assert _summary(places)[0] == ("Red Sea", "admin1", "EG")
