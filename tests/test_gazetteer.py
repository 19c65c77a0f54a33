"""Gazetteer keys, the fake gazetteer, the place cues and the resolver, all offline."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.errors import ResourceError
from dateline.gazetteer import Candidate, FakeGazetteer, name_key, variant_key
from dateline.gazetteer.cues import Cue, _rule, cue_rules, cues_at, demonyms, not_places
from dateline.gazetteer.resolve import Toponym, Weights, resolve


@pytest.fixture(scope="module")
def gazetteer() -> FakeGazetteer:
    return FakeGazetteer.sample()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dar'a", "Dar’a"),
        ("São Paulo", "Sao Paulo"),
        ("the Netherlands", "Netherlands"),
        ("Deir ez-Zor", "Deir ez Zor"),
        ("ALEPPO", "Aleppo"),
    ],
)
def test_gazetteer_name_key_folds_spelling(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Daraa", "Dar'a"), ("al-Raqqa", "Raqqa"), ("Deraa", "Dera")],
)
def test_gazetteer_variant_key_meets_transliterations(a: str, b: str) -> None:
    assert variant_key(a) == variant_key(b)


_NAMES = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@given(_NAMES)
def test_gazetteer_name_key_is_idempotent_and_case_blind(name: str) -> None:
    key = name_key(name)
    assert name_key(key) == key
    assert name_key(name.upper()) == name_key(name.lower()) or not name.isascii()


@given(_NAMES)
def test_gazetteer_variant_key_is_idempotent_and_has_no_spaces(name: str) -> None:
    key = variant_key(name)
    assert variant_key(key) == key
    assert " " not in key


@given(st.from_regex(r"[A-Z][a-z]{2,12}( [A-Z][a-z]{2,12})?", fullmatch=True))
def test_gazetteer_name_key_ignores_accents_apostrophes_and_hyphens(name: str) -> None:
    accented = name.replace("a", "á").replace("e", "è")
    assert name_key(accented) == name_key(name)
    assert name_key(name.replace(" ", "-")) == name_key(name)
    assert name_key(name + "'") == name_key(name)


def test_gazetteer_variant_key_keeps_different_names_apart() -> None:
    assert variant_key("Paris") != variant_key("Parma")


@pytest.mark.parametrize(
    ("name", "key", "quality"),
    [
        ("Damascus", "city:170654", "name"),
        ("Deraa", "city:170592", "alternate"),
        ("Dar’a", "city:170592", "alternate"),
        ("Daara", "city:170592", "variant"),
        ("Halab", "city:170063", "alternate"),
    ],
)
def test_gazetteer_fake_lookup(gazetteer: FakeGazetteer, name: str, key: str, quality: str) -> None:
    found = {c.key: c.quality for c in gazetteer.lookup(name)}
    assert found.get(key) == quality


def test_gazetteer_fake_lookup_unknown_is_empty(gazetteer: FakeGazetteer) -> None:
    assert gazetteer.lookup("Atlantis") == []


def test_gazetteer_fake_country(gazetteer: FakeGazetteer) -> None:
    country = gazetteer.country("SY")
    assert country is not None and country.name == "Syria"
    assert gazetteer.country("ZZ") is None


# -- cues -------------------------------------------------------------------------------

_EXAMPLES = [(r.name, example) for r in cue_rules() for example in r.examples]


@pytest.mark.parametrize(("rule", "example"), _EXAMPLES, ids=[f"{r}:{e}" for r, e in _EXAMPLES])
def test_gazetteer_cue_examples_fire(rule: str, example: str) -> None:
    m = re.search(r"\[(?P<name>[^\]]+)\]", example)
    assert m is not None
    text = example[: m.start()] + m.group("name") + example[m.end() :]
    start, end = m.start(), m.start() + len(m.group("name"))
    assert rule in {c.rule for c in cues_at(text, start, end)}


def test_gazetteer_cue_coordination_inherits_from_list_start() -> None:
    text = "clashes in the provinces of Aleppo, Hama and Idlib"
    start = text.index("Idlib")
    cues = cues_at(text, start, start + 5)
    assert any(c.rule == "admin_of" and c.inherited for c in cues)


def test_gazetteer_cue_coordination_inherits_from_list_end() -> None:
    text = "fighting in Aleppo and Idlib provinces"
    start = text.index("Aleppo")
    assert any(c.rule == "admin_after" for c in cues_at(text, start, start + 6))


def test_gazetteer_county_cue_says_second_level() -> None:
    text = "Walton and Oconee counties lie east of Atlanta"
    cues = cues_at(text, 0, 6)
    assert [(c.rule, c.kind) for c in cues] == [("county_after", "admin2")]


def test_gazetteer_cue_absent_for_subject_name() -> None:
    text = "Jordan said the talks had failed."
    assert cues_at(text, 0, 6) == []


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"name": "x", "pattern": "of $", "examples": ["a [B]"], "colour": "red"}, "unknown keys"),
        ({"name": "x", "pattern": "(of $", "examples": ["a [B]"]}, "bad regular expression"),
        ({"name": "x", "pattern": "of $", "examples": []}, "needs examples"),
        ({"name": "x", "pattern": "of $", "kind": "planet", "examples": ["a [B]"]}, "bad kind"),
        ({"pattern": "of $", "examples": ["a [B]"]}, "no name"),
    ],
)
def test_gazetteer_cue_rule_validation_names_the_problem(raw: dict, problem: str) -> None:
    with pytest.raises(ResourceError, match=re.escape(problem)):
        _rule("before", raw, 0)


def test_gazetteer_demonyms_have_plurals() -> None:
    table = demonyms()
    assert table["Syrian"] == "SY"
    assert table["Syrians"] == "SY"
    assert table["Iraqis"] == "IQ"
    assert "Chineses" not in table


def test_gazetteer_not_places_lists_actors() -> None:
    assert "kremlin" in not_places()


# -- resolution -------------------------------------------------------------------------


def _toponyms(g: FakeGazetteer, text: str, names: list[str]) -> list[Toponym]:
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        pos = start + len(name)
        out.append(Toponym(start, pos, name, g.lookup(name), cues_at(text, start, pos)))
    for a, b in itertools.pairwise(out):
        if text[a.end : b.start] == ", ":
            a.container = out.index(b)
    return out


def _resolved(g: FakeGazetteer, text: str, names: list[str], demonyms: tuple[str, ...] = ()) -> list[str]:
    chosen = resolve(_toponyms(g, text, names), demonyms)
    return [f"{c.kind}:{c.country_code}" if c else "-" for c in chosen]


@pytest.mark.parametrize(
    ("text", "names", "demonym_codes", "expected"),
    [
        ("Rebels entered Damascus.", ["Damascus"], (), ["city:SY"]),
        ("He lives in Damascus, Maryland.", ["Damascus", "Maryland"], (), ["city:US", "admin1:US"]),
        ("Police in Paris said France was on alert.", ["Paris", "France"], (), ["city:FR", "country:FR"]),
        ("A fair in Paris, Texas.", ["Paris", "Texas"], (), ["city:US", "admin1:US"]),
        ("Texas storms: Paris lost power.", ["Texas", "Paris"], (), ["admin1:US", "city:US"]),
        ("Georgia and Armenia signed a deal.", ["Georgia", "Armenia"], (), ["country:GE", "country:AM"]),
        ("Flights from Atlanta, Georgia.", ["Atlanta", "Georgia"], (), ["city:US", "admin1:US"]),
        ("Voters in Georgia and Texas.", ["Georgia", "Texas"], ("US",), ["admin1:US", "admin1:US"]),
        ("Refugees crossed into Jordan.", ["Jordan"], (), ["country:JO"]),
        ("Shelling hit the provinces of Aleppo and Idlib.", ["Aleppo", "Idlib"], (), ["admin1:SY", "admin1:SY"]),
        ("They reached the outskirts of Aleppo.", ["Aleppo"], (), ["city:SY"]),
        ("Fighting in Idlib.", ["Idlib"], (), ["city:SY"]),
        ("Nowhere like Atlantis.", ["Atlantis"], (), ["-"]),
        ("Fires burned in Eastland and Callahan counties.", ["Callahan"], (), ["admin2:US"]),
        ("Deputies in Callahan County said.", ["Callahan"], (), ["admin2:US"]),
        ("Floods in the counties of Navarro and Callahan.", ["Callahan"], (), ["admin2:US"]),
    ],
)
def test_gazetteer_resolve_uses_context(
    gazetteer: FakeGazetteer, text: str, names: list[str], demonym_codes: tuple[str, ...], expected: list[str]
) -> None:
    assert _resolved(gazetteer, text, names, demonym_codes) == expected


def test_gazetteer_resolve_focus_from_demonyms(gazetteer: FakeGazetteer) -> None:
    text = "Residents of Damascus, American officials said."
    assert _resolved(gazetteer, text, ["Damascus"], ("US", "US")) == ["city:US"]
    assert _resolved(gazetteer, text, ["Damascus"], ("SY",)) == ["city:SY"]


def test_gazetteer_resolve_candidate_identity() -> None:
    a = Candidate(key="k", name="A", kind="city", population=10)
    assert resolve([Toponym(0, 1, "A", [a])]) == [a]


def test_gazetteer_drops_tiny_town_listing_its_region_as_alternate() -> None:
    # A village that lists its state's name among its own is noise; a city that carries
    # its governorate's name and holds a fair share of its people is the namesake.
    from dateline.gazetteer.geonames import drop_stray_alternates

    state = Candidate("admin1:US.MN", "Minnesota", "admin1", "US", "MN", population=5_000_000)
    village = Candidate("city:1", "Minneota", "city", "US", "MN", population=1400, quality="alternate")
    assert drop_stray_alternates([state, village]) == [state]
    governorate = Candidate("admin1:SY.06", "Daraa", "admin1", "SY", "06", population=340_000)
    city = Candidate("city:2", "Dar'a", "city", "SY", "06", population=98_000, quality="alternate")
    assert drop_stray_alternates([governorate, city]) == [governorate, city]


@pytest.fixture(scope="module")
def new_york() -> FakeGazetteer:
    # The state, and the city that GeoNames files under the alternate name "New York",
    # among small towns of the state that lie near the city.
    def town(key: str, name: str, lat: float, lon: float, pop: int) -> Candidate:
        return Candidate(key, name, "city", "US", "NY", "New York", lat, lon, pop)

    entries = [
        Candidate("admin1:US.NY", "New York", "admin1", "US", "NY", "New York", 43.0, -75.5, 19_000_000),
        town("city:nyc", "New York City", 40.71, -74.01, 8_800_000),
        town("city:yonkers", "Yonkers", 40.93, -73.90, 200_000),
        town("city:white-plains", "White Plains", 41.03, -73.76, 58_000),
        town("city:buffalo", "Buffalo", 42.89, -78.88, 260_000),
    ]
    return FakeGazetteer(entries, [("New York", "city:nyc")])


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Flights between New York and Yonkers resumed.", ["New York", "Yonkers"], "city"),
        ("New York's attorney general sued firms in Yonkers and White Plains.",
         ["New York", "Yonkers", "White Plains"], "admin1"),
        ("The governor of New York visited Yonkers and White Plains.",
         ["New York", "Yonkers", "White Plains"], "admin1"),
        ("A farm in upstate New York burned.", ["New York"], "admin1"),
        ("Tolls rise from Yonkers to the New York border.", ["Yonkers", "New York"], "admin1"),
        ("A girl from Buffalo, New York died.", ["Buffalo", "New York"], "admin1"),
    ],
)  # fmt: skip
def test_gazetteer_resolve_state_or_its_city(
    new_york: FakeGazetteer, text: str, names: list[str], expected: str
) -> None:
    # State cues ("New York's attorney general", "upstate", "the border") say the state; the
    # towns of the state support the state as much as its city, and the name's own reading
    # as the state is no evidence for the city.
    chosen = resolve(_toponyms(new_york, text, names))
    assert next(c.kind for t, c in zip(_toponyms(new_york, text, names), chosen, strict=True)
                if t.text == "New York" and c is not None) == expected  # fmt: skip


def test_gazetteer_locality_of_unknown_size_needs_its_neighbours() -> None:
    # A post-office town with no population on record loses to a populated namesake on the
    # name alone, wins when the article's other towns lie around it, and a state of the
    # same name drops it altogether.
    from dateline.gazetteer.geonames import drop_stray_alternates

    village = Candidate("locality:US.WV.Institute", "Institute", "city", "US", "WV", "West Virginia", 38.38, -81.77)
    namesake = Candidate("city:9", "Institute", "city", "US", "WI", "Wisconsin", 44.9, -87.3, population=1200)
    charleston = Candidate("city:4801859", "South Charleston", "city", "US", "WV", "West Virginia", 38.37, -81.70,
                           population=13_000)  # fmt: skip
    alone = [Toponym(0, 9, "Institute", [village, namesake])]
    assert resolve(alone) == [namesake]
    beside = [Toponym(0, 16, "South Charleston", [charleston]), Toponym(20, 29, "Institute", [village, namesake])]
    assert resolve(beside)[1] == village
    state = Candidate("admin1:US.OH", "Ohio", "admin1", "US", "OH", "Ohio", 40.4, -82.7, population=11_000_000)
    ohio_il = Candidate("locality:US.IL.Ohio", "Ohio", "city", "US", "IL", "Illinois", 41.56, -89.46)
    assert drop_stray_alternates([state, ohio_il]) == [state]


def test_gazetteer_town_named_like_a_country_starts_lower() -> None:
    # "Italy" the town (Texas) needs more evidence than a town whose name is its own: its
    # prior drops by `country_namesake`, and it still wins inside its state ("Italy, Texas").
    from dateline.gazetteer.resolve import _prior

    country = Candidate("country:IT", "Italy", "country", "IT", None, None, 42.8, 12.8, population=60_000_000)
    town = Candidate("city:4700000", "Italy", "city", "US", "TX", "Texas", 32.18, -96.88, population=1900)
    texas = Candidate("admin1:US.TX", "Texas", "admin1", "US", "TX", "Texas", 31.0, -99.0, population=25_000_000)
    w = Weights()
    named = Toponym(0, 5, "Italy", [country, town])
    alone = Toponym(0, 5, "Italy", [town])
    assert _prior(town, named, w) == _prior(town, alone, w) + w.country_namesake < _prior(town, alone, w)
    text = "Italy, Texas"
    toponyms = [Toponym(0, 5, "Italy", [country, town], container=1), Toponym(7, 12, "Texas", [texas])]
    assert resolve(toponyms)[0] == town
    assert text[7:12] == "Texas"


def test_gazetteer_town_named_like_another_region_starts_lower() -> None:
    # "Ontario", New York is called like the province; a capital keeps its full prior.
    from dateline.gazetteer.resolve import _prior

    province = Candidate("admin1:CA.08", "Ontario", "admin1", "CA", "08", "Ontario", 49.5, -84.8, population=15_000_000)
    town = Candidate("city:5129887", "Ontario", "city", "US", "NY", "New York", 43.2, -77.3, population=2160)
    w = Weights()
    assert _prior(town, Toponym(0, 7, "Ontario", [province, town]), w) == (
        _prior(town, Toponym(0, 7, "Ontario", [town]), w) + w.region_namesake
    )
    state = Candidate("admin1:US.WA", "Washington", "admin1", "US", "WA", "Washington", 47.3, -120.5, 7_000_000)
    capital = Candidate("city:4140963", "Washington", "city", "US", "DC", "Washington, D.C.", 38.9, -77.0,
                        population=690_000, capital=True)  # fmt: skip
    both = Toponym(0, 10, "Washington", [state, capital])
    assert _prior(capital, both, w) == _prior(capital, Toponym(0, 10, "Washington", [capital]), w)


def test_gazetteer_province_called_like_its_country_is_the_lesser_reading() -> None:
    # "Taiwan" is the country before the province of that name, as "Aleppo" is the city.
    country = Candidate("country:TW", "Taiwan", "country", "TW", None, None, 24.0, 121.0, population=23_000_000)
    province = Candidate("admin1:TW.Taiwan", "Taiwan", "admin1", "TW", "Taiwan", "Taiwan", 23.8, 120.9,
                         population=18_000_000)  # fmt: skip
    assert resolve([Toponym(0, 6, "Taiwan", [province, country])]) == [country]
    w = Weights()
    from dateline.gazetteer.resolve import _prior

    assert _prior(province, Toponym(0, 6, "Taiwan", [province, country]), w) == (
        _prior(province, Toponym(0, 6, "Taiwan", [province]), w) - w.admin1_alone + w.admin1
    )


def test_gazetteer_one_state_name_does_not_make_its_region_home() -> None:
    # "Hurricane winds lashed Havana and western Cuba before turning toward Florida": the one
    # name "Florida" must not pull Havana to its namesake village in Florida.
    havana = Candidate("city:3553478", "Havana", "city", "CU", "02", "La Habana", 23.13, -82.38, 2_100_000,
                       capital=True)  # fmt: skip
    village = Candidate("city:4158224", "Havana", "city", "US", "FL", "Florida", 30.62, -84.41, population=1700)
    cuba = Candidate("country:CU", "Cuba", "country", "CU", None, None, 22.0, -79.5, population=11_300_000)
    florida = Candidate("admin1:US.FL", "Florida", "admin1", "US", "FL", "Florida", 28.1, -83.6, 21_000_000)
    text = "Hurricane winds lashed Havana and western Cuba before turning toward Florida."
    toponyms = [Toponym(text.index(n), text.index(n) + len(n), n, cands)
                for n, cands in (("Havana", [havana, village]), ("Cuba", [cuba]), ("Florida", [florida]))]  # fmt: skip
    assert resolve(toponyms)[0] == havana


def test_gazetteer_town_and_the_county_it_lies_in_choose_each_other() -> None:
    # "Huntsville Fire Chief ... Walker County burn ban": Huntsville, Alabama, is bigger and
    # lies near a Walker County of its own state too, but only Huntsville, Texas, lies *in*
    # Walker County, Texas; the county chooses that reading and is chosen back.
    al = Candidate("city:4068590", "Huntsville", "city", "US", "AL", "Alabama", 34.73, -86.59, 180_000,
                   admin2="Madison County")  # fmt: skip
    tx = Candidate("city:4696233", "Huntsville", "city", "US", "TX", "Texas", 30.72, -95.55, 40_000,
                   admin2="Walker County")  # fmt: skip
    walker = {st: Candidate(f"admin2:US.{st}.Walker County", "Walker County", "admin2", "US", st, name, lat, lon,
                            population=pop)
              for st, name, lat, lon, pop in (("AL", "Alabama", 33.8, -87.3, 12_000), ("GA", "Georgia", 34.7, -85.3,
                                              9_000), ("TX", "Texas", 30.74, -95.57, 6_000))}  # fmt: skip
    text = "Huntsville Fire Chief Tom Grisham lifted the Walker County burn ban."
    toponyms = [Toponym(0, 10, "Huntsville", [al, tx]), Toponym(45, 58, "Walker County", list(walker.values()))]
    assert text[45:58] == "Walker County"
    assert resolve(toponyms) == [tx, walker["TX"]]
    # Without the county, the bigger town wins; with no county on record, nothing changes.
    assert resolve(toponyms[:1]) == [al]
    assert resolve(toponyms, weights=Weights(county=0, county_holds=0))[0] == al


def test_gazetteer_county_inside_the_state_that_follows_it() -> None:
    # "NERI in Jefferson County, Colo.": the state after the comma holds the county, as it
    # holds a town ("Damascus, Maryland").
    def county(st: str, name: str, lat: float, lon: float, pop: int) -> Candidate:
        return Candidate(f"admin2:US.{st}.Jefferson County", "Jefferson County", "admin2", "US", st, name, lat, lon,
                         population=pop)  # fmt: skip

    kentucky, colorado = county("KY", "Kentucky", 38.2, -85.7, 40_000), county("CO", "Colorado", 39.6, -105.3, 9_000)
    state = Candidate("admin1:US.CO", "Colorado", "admin1", "US", "CO", "Colorado", 39.0, -105.5, 5_000_000)
    toponyms = [Toponym(0, 16, "Jefferson County", [kentucky, colorado], container=1),
                Toponym(18, 23, "Colo.", [state])]  # fmt: skip
    assert resolve(toponyms) == [colorado, state]


def test_gazetteer_region_among_its_towns_beats_a_village_of_its_name() -> None:
    # "two northern Luzon farms" among towns of Luzon: the island takes the support of the
    # towns around its point, as the village called Luzon in their midst does.
    island = Candidate("region:Luzon", "Luzon", "region", "PH", None, None, 16.0, 121.0, population=64_000_000)
    village = Candidate("city:1704845", "Luzon", "city", "PH", "11", None, 15.9, 120.6, population=3_200)
    towns = [Candidate(f"city:{i}", name, "city", "PH", "03", None, lat, lon, population=pop)
             for i, (name, lat, lon, pop) in enumerate([("Talavera", 15.6, 120.9, 120_000),
                                                          ("Manaoag", 16.0, 120.5, 70_000),
                                                          ("Pandi", 14.9, 121.0, 66_000)])]  # fmt: skip
    toponyms = [Toponym(i * 20, i * 20 + len(t.name), t.name, [t]) for i, t in enumerate(towns)]
    toponyms.append(Toponym(100, 105, "Luzon", [island, village]))
    assert resolve(toponyms)[-1] == island


def test_gazetteer_uncued_mention_follows_the_strongly_cued_one() -> None:
    # "Georgia – Zurab Zhvania, Prime Minister of Georgia, was found dead": one sense per
    # discourse; the cued mention says which Georgia the headline means.
    from dateline.gazetteer.cues import Cue

    state = Candidate("admin1:US.GA", "Georgia", "admin1", "US", "GA", "Georgia", 32.7, -83.4, population=20_000_000)
    country = Candidate("country:GE", "Georgia", "country", "GE", None, None, 42.0, 43.5, population=3_700_000)
    cue = Cue(rule="national_office_of", kind="country", strength="strong")
    headline = Toponym(0, 7, "Georgia", [state, country])
    assert resolve([headline]) == [state]
    cued = Toponym(40, 47, "Georgia", [state, country], cues=[cue])
    assert resolve([Toponym(0, 7, "Georgia", [state, country]), cued]) == [country, country]


def test_gazetteer_a_contained_name_supports_only_neighbours_of_its_contained_readings() -> None:
    # "downtown Hanover ... of Bethel, Vt.": Bethel's Vermont reading is small beside the
    # Bethel of Connecticut, yet the state after the comma says which Bethel it is, and
    # only that one supports the Hanover across the river from it.
    def town(key: str, name: str, st: str, lat: float, lon: float, pop: int) -> Candidate:
        return Candidate(f"city:{key}", name, "city", "US", st, None, lat, lon, population=pop)

    hanover_nj, hanover_nh = town("1", "Hanover", "NJ", 40.80, -74.37, 13_000), town("2", "Hanover", "NH", 43.70,
                                                                                      -72.29, 8_600)  # fmt: skip
    bethel_ct, bethel_vt = town("3", "Bethel", "CT", 41.37, -73.41, 18_000), town("4", "Bethel", "VT", 43.83,
                                                                                  -72.63, 2_000)  # fmt: skip
    bethel_nj = town("5", "Bethel", "NJ", 40.75, -74.40, 9_000)  # a Bethel beside Hanover, New Jersey
    vermont = Candidate("admin1:US.VT", "Vermont", "admin1", "US", "VT", "Vermont", 44.0, -72.7, 620_000)
    toponyms = [Toponym(0, 7, "Hanover", [hanover_nj, hanover_nh]),
                Toponym(40, 46, "Bethel", [bethel_ct, bethel_vt, bethel_nj], container=2),
                Toponym(48, 51, "Vt.", [vermont])]  # fmt: skip
    assert resolve(toponyms) == [hanover_nh, bethel_vt, vermont]


def test_gazetteer_a_city_holds_the_points_near_it() -> None:
    # "London's Heathrow": a city holds what lies within reach of its point (Heathrow is 23
    # km from central London), not a namesake across the ocean nor a region.
    london = Candidate("city:2643743", "London", "city", "GB", "ENG", "England", 51.51, -0.13, 8_961_989)
    airport = Candidate("airport:1", "London Heathrow Airport", "airport", "GB", "ENG", None, 51.47, -0.45)  # type: ignore[arg-type]
    florida = Candidate("city:4158928", "Heathrow", "city", "US", "FL", "Florida", 28.76, -82.39, 5_896)
    # An airport 130 km off (Birmingham's) is not London's, whatever its entry's alternates.
    far = Candidate("airport:2", "Birmingham Airport", "airport", "GB", "ENG", None, 52.45, -1.75)  # type: ignore[arg-type]
    toponyms = [Toponym(0, 6, "London", [london]),
                Toponym(9, 17, "Heathrow", [florida, replace(airport, quality="alternate")],
                        container=0, asserted_container=True)]  # fmt: skip
    assert resolve(toponyms)[1] == replace(airport, quality="alternate")
    assert resolve([Toponym(0, 6, "London", [london]),
                    Toponym(9, 17, "Heathrow", [replace(far, quality="alternate")], container=0,
                             asserted_container=True)])[1] is None  # fmt: skip
    alone = resolve([Toponym(0, 6, "London", [london]),
                     Toponym(9, 17, "Heathrow", [florida], container=0, asserted_container=True)])  # fmt: skip
    assert alone == [london, None]


def test_gazetteer_without_an_asserted_container_a_namesake_may_stay() -> None:
    # "Casablanca ... London and Heathrow": no possessive, so nothing rules out Florida.
    london = Candidate("city:2643743", "London", "city", "GB", "ENG", "England", 51.51, -0.13, 8_961_989)
    florida = Candidate("city:4158928", "Heathrow", "city", "US", "FL", "Florida", 28.76, -82.39, 5_896)
    assert resolve([Toponym(0, 6, "London", [london]), Toponym(11, 19, "Heathrow", [florida])]) == [london, florida]


@pytest.mark.parametrize(
    ("name", "quality", "cue", "read"),
    [
        ("Java Sea", "name", None, True),  # the feature's own name
        ("Java", "alternate", None, False),  # "Java" alone is no sea
        ("Java", "alternate", "region", True),  # a cue asks for a feature ("the island of Java")
        ("Heathrow Airport", "alternate", None, True),  # the generic word is the feature's
    ],
)
def test_gazetteer_feature_kinds_need_their_own_name_or_a_cue(
    name: str, quality: str, cue: str | None, read: bool
) -> None:
    feature = Candidate("x:1", "Java Sea" if "Java" in name else "London Heathrow Airport", "sea",  # type: ignore[arg-type]
                        None, lat=-5.0, lon=110.0, quality=quality)  # type: ignore[arg-type]
    town = Candidate("city:1", name, "city", "ID", "08", None, -7.0, 112.0, population=100, quality="variant")
    cues = [Cue("t", cue, "strong")] if cue else []
    chosen = resolve([Toponym(0, len(name), name, [feature, town], cues)])[0]
    assert (chosen == feature) is read


def test_gazetteer_a_county_holds_its_towns_and_an_area_rules_nothing_out() -> None:
    # LGL: "Warren County's Hamilton Township outside Cincinnati": the Hamilton of Warren
    # County, Ohio, not the bigger one elsewhere. But a county (whose towns are not all on
    # record) or a region rules no reading out: only country, state and city containers do.
    warren = Candidate("admin2:US.OH.165", "Warren County", "admin2", "US", "OH", "Ohio", 39.43, -84.17, 230_000)
    ohio_town = Candidate("city:1", "Hamilton", "city", "US", "OH", "Ohio", 39.40, -84.27, 25_000,
                          admin2="Warren County")  # fmt: skip
    big = Candidate("city:2", "Hamilton", "city", "CA", "08", "Ontario", 43.25, -79.84, 520_000)
    toponyms = [Toponym(0, 13, "Warren County", [warren]),
                Toponym(16, 24, "Hamilton", [big, ohio_town], container=0, asserted_container=True)]  # fmt: skip
    assert resolve(toponyms) == [warren, ohio_town]
    toponyms[1].candidates = [big]
    assert resolve(toponyms) == [warren, big]
    borneo = Candidate("region:borneo", "Borneo", "region", None, lat=0.5, lon=114.0, population=23_000_000)
    toponyms = [Toponym(0, 6, "Borneo", [borneo]),
                Toponym(9, 17, "Hamilton", [big], container=0, asserted_container=True)]  # fmt: skip
    assert resolve(toponyms) == [borneo, big]
