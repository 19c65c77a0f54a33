"""Airports for the gazetteer index: entries of kind "airport" keyed `airport:<IATA>`.

Why airports: news names them as places ("flights out of Heathrow were cancelled", "Kabul's
Hamid Karzai International Airport"), and without them the name falls to whatever town
shares it ("Heathrow" is also a town in Florida). The rows come from
`resources/places/airports.tsv.gz`, which `scripts/build_airports.py` derives from the
airportsdata package's CSV (IATA-coded airports only), so the package is no dependency.

Why a kind of its own: an airport is neither a town nor a region, and the resolver reads an
entry of such a kind only where the text names it as itself ("Heathrow Airport", "London's
Heathrow"); the record files it as a facility, the data model's kind for sites.

Names, and why each is safe:
  * the name as the source writes it ("London Heathrow Airport"), with "Intl"/"Ntl" spelt out;
  * the short form with the generic words and the served city stripped ("Heathrow"),
    followed by "Airport" (and "International Airport" where the name has it): a name with
    "Airport" in it is an airport's;
  * the bare short form ("Heathrow", "Schiphol", "Sheremetyevo") only where the source names
    the city the airport serves and the short form is not that city, nothing of that name
    is near the airport (the town it is named after, or the same place: "Aleppo" stays the
    city, "Narita" the town), no town of that name anywhere is bigger than
    `_NAMESAKE_POPULATION` ("Logan", Utah), it names no country or region, it is not made of
    English words alone ("County" of "Napa County Airport", "Liberty" of "Newark Liberty";
    see `airport_names`), and it is not a person's full name ("Ben Gurion", "John F
    Kennedy": a first name of the census lists first), which the text would mean as the
    person as often as the airport. Its prior (`AIRPORT_PRIOR`) keeps it behind any town of
    the name unless the article points to the airport.
IATA codes are never names: three letters collide with words and acronyms ("CAN", "BOS",
"ORD", "LAX" are codes of airports and words or acronyms in news).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from dateline.gazetteer.base import AREA_KINDS, Candidate, name_key, variant_key
from dateline.resources import load_gzip_tsv, load_tsv

if TYPE_CHECKING:
    from dateline.gazetteer.geonames import _Builder

__all__ = ["AIRPORTS", "AIRPORT_PRIOR", "Airport", "add_airports", "airport_names", "feature_kind", "read_airports"]

AIRPORTS = "places/airports.tsv.gz"
_COLUMNS = ("iata", "icao", "name", "city", "subd", "country_code", "lat", "lon")
# An airport's population prior: a village's, the least a town of the index has. A town
# called like an airport's short form leads it when nothing else in the article tells
# ("Heathrow" alone is the Florida town of 5,900 people); the article's country, or a
# container ("London's Heathrow"), brings the airport forward.
AIRPORT_PRIOR = 1000
# A town of the short form's name this big anywhere is what the bare name means: the airport
# does not get it ("Logan", Utah, 50,000 people, not Boston's airport).
_NAMESAKE_POPULATION = 10_000
# A place of the short form's name this close is the one the airport is named after (or lies
# in): "Narita", "Dulles", "Bagram". Airports lie up to some 50 km from the places they serve.
_NAMESAKE_KM = 50.0
_ABBREVIATIONS = ((re.compile(r"\bIntl\b\.?"), "International"), (re.compile(r"\bNtl\b\.?"), "National"))
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
# The key prefixes of entries that are not plain towns or regions: what `feature_kind` tells.
_FEATURE_PREFIXES = frozenset({"airport"})


def feature_kind(c: Candidate) -> str | None:
    """ "airport" for an airport, a natural feature's kind ("sea", "island", `features.KINDS`)
    for one of those, None for any other entry: the finer kind the key's prefix carries."""
    from dateline.gazetteer.features import KINDS

    prefix = c.key.split(":", 1)[0]
    return prefix if prefix in _FEATURE_PREFIXES or prefix in KINDS else None


@dataclass(frozen=True)
class Airport:
    iata: str
    icao: str
    name: str
    city: str
    subd: str
    country_code: str
    lat: float
    lon: float


def read_airports() -> list[Airport]:
    """The shipped table's rows (`airports.tsv.gz`)."""
    out = []
    for v in load_gzip_tsv(AIRPORTS, _COLUMNS):
        out.append(
            Airport(
                iata=v[0],
                icao=v[1],
                name=v[2],
                city=v[3],
                subd=v[4],
                country_code=v[5],
                lat=float(v[6]),
                lon=float(v[7]),
            )
        )
    return out


@lru_cache(maxsize=1)
def _strippable() -> re.Pattern[str]:
    """The airport and generic words of `airport_words.tsv`, as trailing words to strip."""
    words = [r["phrase"] for r in load_tsv("places/airport_words.tsv", ("phrase", "role"))
             if r["role"] in {"airport", "generic"}]  # fmt: skip
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:\s+(?:{alternatives})\.?)+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _airport_word() -> re.Pattern[str]:
    words = [r["phrase"] for r in load_tsv("places/airport_words.tsv", ("phrase", "role")) if r["role"] == "airport"]
    return re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in words) + r")\s+", re.IGNORECASE)


def _spelt_out(name: str) -> str:
    for pattern, word in _ABBREVIATIONS:
        name = pattern.sub(word, name)
    return name


def short_form(name: str, city: str) -> str | None:
    """The part of an airport's name news uses alone: "Heathrow" of "London Heathrow Airport",
    "Schiphol" of "Amsterdam Airport Schiphol", "Arlanda" of "Stockholm-Arlanda Airport",
    "Aleppo" of "Aleppo International Airport"; None when nothing is left or the name is a
    list ("Lerwick / Tingwall Airport")."""
    name = _PARENTHESES.sub("", _spelt_out(name)).strip()
    inner = _airport_word().split(name, maxsplit=1)
    if len(inner) == 2 and name_key(inner[0]) == name_key(city):  # "Amsterdam Airport Schiphol"
        name = inner[1]
    elif len(inner) == 2 and name_key(inner[1]) == name_key(city):  # "Pattimura Airport Ambon"
        name = inner[0]
    core = _strippable().sub("", " " + name).strip()
    if city and name_key(core) != name_key(city):  # the city's words, wherever they stand
        core = re.sub(rf"(?:^|[\s-]){re.escape(city)}(?=$|[\s-])", " ", core, flags=re.IGNORECASE)
        core = " ".join(core.split()).strip(" -")
    if not core or "/" in core or "," in core or core.casefold() in {"international", "airport"}:
        return None
    return core


def airport_names(a: Airport) -> tuple[list[str], str | None]:
    """The names that always denote the airport, and the bare short form `add_airports` may add.

    A short form made of English words alone ("County" of "Napa County Airport", "Liberty" of
    "Newark Liberty", "Capital" of "Beijing Capital") is no name of its own: only the full
    names stand for such an airport. The lexicon is WordNet's (the lemmas of
    `events/detector/wordnet_senses.tsv`), which also lists famous people ("Dulles", "Chopin"):
    a person's name goes with "Airport" only ("Kennedy Airport"), never bare.
    """
    full = _spelt_out(a.name)
    names = [a.name, full] if full != a.name else [a.name]
    core = short_form(a.name, a.city)
    if core is None:
        return names, None
    town_named = bool(a.city) and name_key(core) == name_key(a.city)
    person = _person_name(core)
    if not (town_named or person or _proper(core)):
        return names, None
    international = re.search(r"\bInternational\b", full) is not None
    surname = _surname_form(core) if person else None
    for form in (core, surname) if surname and surname != core else (core,):
        names.append(f"{form} Airport")
        if international:
            names.append(f"{form} International Airport")
    if a.city and not town_named and name_key(full).startswith(name_key(a.city) + " "):
        names.append(f"{a.city} {core} Airport")  # "Chicago O'Hare Airport"
    bare = core if a.city and not town_named and not person and _proper(core) else None
    return list(dict.fromkeys(names)), bare


def _surname_form(core: str) -> str | None:
    """A person-named airport's short form without the first names and initials, as news
    writes it with "Airport" ("Kennedy Airport" of "John F Kennedy", "Reagan National
    Airport" of "Ronald Reagan Washington National")."""
    words = core.split()[1:]  # the first name (`_person_name`), then any initials
    while words and len(words[0].strip(".")) == 1:
        words = words[1:]
    return " ".join(words) or None


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """English words (WordNet 3.1 lemmas, lower case, as the event detector's table has them)."""
    return frozenset(r["lemma"] for r in load_tsv("events/detector/wordnet_senses.tsv", ("lemma", "pos", "senses")))


def _proper(core: str) -> bool:
    """Whether a word of `core` is no English word: the name of the airport itself."""
    words = [w.strip(".'’").casefold() for w in re.split(r"[\s-]+", core)]
    return any(w and w not in _lexicon() for w in words)


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Census first names (upper case), from the `names` package the entity stage reads too."""
    out: set[str] = set()
    for filename in ("dist.male.first", "dist.female.first"):
        try:
            text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
        except (ModuleNotFoundError, FileNotFoundError, OSError):
            return frozenset()
        out.update(line.split()[0] for line in text.splitlines() if line.split())
    return frozenset(out)


def _person_name(core: str) -> bool:
    """ "Ben Gurion", "John F Kennedy", "Indira Gandhi": a first name, then more words."""
    words = core.split()
    return len(words) >= 2 and words[0].strip(".").upper() in _first_names()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from dateline.gazetteer.build_regions import distance_km

    return distance_km(lat1, lon1, lat2, lon2)


def add_airports(b: _Builder) -> None:
    """Adds every airport of the shipped table to the builder `b`, after the towns and regions
    (its bare short forms are checked against them)."""
    airports = read_airports()
    named = {a.iata: airport_names(a) for a in airports}
    cores = {k for _, core in named.values() if core for k in _keys(core)}
    # The entries called like some short form, exactly or by a spelling variant, by that key:
    # a bare name looked up finds its exact holders only, so a town met by a variant alone
    # ("Hodeidah" of "Al Hudaydah") would be hidden behind the airport.
    holders: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for (k, key), quality in b.names.items():
        if k in cores and (quality < 2 or k.startswith("~")):
            holders[k].append(b.entries[key])
    admin1 = _admin1_codes(b)
    nearest = _TownGrid(b)
    for a in airports:
        names, core = named[a.iata]
        if core is not None and _bare_ok(a, core, [e for k in _keys(core) for e in holders.get(k, ())]):
            names = [*names, core]
        code, region = admin1.get((a.country_code, name_key(a.subd)), (None, None)) if a.subd else (None, None)
        if code is None:
            code, region = nearest.admin1(a.country_code, a.lat, a.lon)
        b.add(Candidate(
            key=f"airport:{a.iata}", name=_spelt_out(a.name), kind="airport", country_code=a.country_code or None,
            admin1_code=code, admin1=region, lat=a.lat, lon=a.lon, population=AIRPORT_PRIOR,
        ), names)  # fmt: skip


def _keys(name: str) -> tuple[str, str]:
    """The exact and the variant lookup keys of a name, as the index stores them."""
    exact = name_key(name)
    return exact, "~" + variant_key(exact)


def _bare_ok(a: Airport, core: str, holders: list[tuple[Any, ...]]) -> bool:
    if len(core) < 3 or core.isupper() or _person_name(core):
        return False
    for e in holders:  # (key, name, kind, cc, admin1_code, admin1, lat, lon, population, ...)
        if e[2] in AREA_KINDS or (e[8] or 0) > _NAMESAKE_POPULATION:
            return False
        if e[6] is not None and e[7] is not None and _km(a.lat, a.lon, e[6], e[7]) <= _NAMESAKE_KM:
            return False
    return True


def _admin1_codes(b: _Builder) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(country, a name key of a first-level region) -> (its code, its name): the source's
    subdivisions are ISO 3166-2 English names, which GeoNames' regions carry as names or
    alternates ("Hesse", "North Holland")."""
    out: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for (k, key), quality in b.names.items():
        if quality < 2 and key.startswith("admin1:"):
            e = b.entries[key]
            if e[4]:
                out.setdefault((e[3], k), (e[4], e[5]))
    return out


_CELL = 1.0  # degrees


class _TownGrid:
    """The towns of the index on a one-degree grid: an airport with no known subdivision takes
    the region of the nearest town within `_NAMESAKE_KM` (the one it serves, most often)."""

    def __init__(self, b: _Builder) -> None:
        self.grid: dict[tuple[int, int], list[tuple[Any, ...]]] = defaultdict(list)
        for e in b.entries.values():
            if e[2] == "city" and e[4] and e[6] is not None and e[7] is not None:
                self.grid[(int(e[6] // _CELL), int(e[7] // _CELL))].append(e)

    def _near(self, lat: float, lon: float) -> Iterator[tuple[Any, ...]]:
        i, j = int(lat // _CELL), int(lon // _CELL)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                yield from self.grid.get((i + di, j + dj), ())

    def admin1(self, cc: str, lat: float, lon: float) -> tuple[str | None, str | None]:
        best = min(((_km(lat, lon, e[6], e[7]), e) for e in self._near(lat, lon) if e[3] == cc),
                   key=lambda p: p[0], default=None)  # fmt: skip
        if best is None or best[0] > _NAMESAKE_KM:
            return None, None
        return best[1][4], best[1][5]
