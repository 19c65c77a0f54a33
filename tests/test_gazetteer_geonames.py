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
    ],
)
def test_gazetteer_geonames_lookup(gazetteer: GeonamesGazetteer, name: str, kind: str, country_code: str) -> None:
    assert (kind, country_code) in {(c.kind, c.country_code) for c in gazetteer.lookup(name)}


@pytest.mark.parametrize("name", ["Assad", "Reuters", "Hadi al-Bahra", "Atlantis"])
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
