"""Natural features for the gazetteer index: seas, straits, islands, rivers, ranges, deserts.

Why: news places events on them ("a boat capsized in the Java Sea", "fighting on Mindanao",
"flights over the Strait of Hormuz"), and GeoNames' city lists that the index is built from
hold none of them, so such a name was unknown or fell to a town called like it. The rows
are `resources/places/natural_features.tsv` (human-edited, with a representative point).

Why kind "region": it is the kind the data model (`Place.kind`) and the resolver already
give areas that are neither countries nor divisions (regions.tsv holds the best-known seas
the same way), and the place stage reads a region with a water word in its name as the
water, not the province named after it ("the Red Sea"); the key's prefix
(`sea:Java Sea`, `island:Borneo`, one of `KINDS`) tells the feature's own kind
(`airports.feature_kind`).

A name that the index already gives a country, a region, a first- or second-level division
("Sicily", "Crete", "Kilimanjaro"), or a town within `_SAME_PLACE_KM` ("Zanzibar", "Kos"),
is not added again: that entry is the same place, or the division the text more often means.
A row with no point names a feature that `regions.tsv` already places ("Black Sea",
"Borneo"): its entry keeps its point and prior and takes the row's kind (as its key's prefix)
and alternates, so every sea of the index is told apart the same way.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from dateline.errors import ResourceError
from dateline.gazetteer.base import AREA_KINDS, Candidate, name_key, variant_key
from dateline.resources import load_tsv

if TYPE_CHECKING:
    from dateline.gazetteer.geonames import _Builder

__all__ = ["COLUMNS", "FEATURES", "KINDS", "add_features", "feature_rows"]

FEATURES = "places/natural_features.tsv"
COLUMNS = ("name", "alternates", "kind", "lat", "lon", "country_code", "population")
KINDS = frozenset({
    "ocean", "sea", "gulf", "bay", "strait", "channel", "sound", "canal", "lake", "river", "island",
    "archipelago", "reef", "peninsula", "cape", "mountain", "range", "desert", "valley", "wetland",
})  # fmt: skip
_SAME_PLACE_KM = 50.0


def feature_rows() -> list[dict[str, str]]:
    """The table's rows, checked: a known kind, and a point on the globe with a prior, or no
    point at all (a feature regions.tsv places, which the row only gives a kind)."""
    rows = load_tsv(FEATURES, COLUMNS)
    for r in rows:
        where = f"{FEATURES}: {r['name']!r}"
        if r["kind"] not in KINDS:
            raise ResourceError(where, f"kind {r['kind']!r} is none of {sorted(KINDS)}")
        if not (r["lat"] or r["lon"] or r["population"] or r["country_code"]):
            continue
        try:
            lat, lon, population = float(r["lat"]), float(r["lon"]), int(r["population"])
        except ValueError as e:
            raise ResourceError(where, f"lat, lon and population must be numbers ({e})") from e
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or population <= 0:
            raise ResourceError(where, f"point ({lat}, {lon}) or population {population} out of range")
    return rows


def add_features(b: _Builder) -> list[str]:
    """Adds the natural features to the builder `b`, after every other source, and gives the
    curated regions that are features their kind; returns the names left out because the
    index already has them (for a test, and for whoever edits the table)."""
    from dateline.gazetteer.build_regions import distance_km

    rows = feature_rows()
    keys = {k for r in rows for n in [r["name"], *_alternates(r)] for k in _keys(n)}
    # Entries called like a feature, exactly or by a spelling variant (an exact name would
    # hide a place its lookups met only by a variant).
    holders: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for (k, key), quality in b.names.items():
        if k in keys and (quality < 2 or k.startswith("~")):
            holders[k].append(b.entries[key])

    def taken(name: str, lat: float, lon: float, own: str | None = None) -> bool:
        for e in (e for k in _keys(name) for e in holders.get(k, ())):  # (key, name, kind, cc, ..., lat, lon, ...)
            if e[0] == own:
                continue
            if e[2] in AREA_KINDS:
                return True
            if e[6] is not None and e[7] is not None and distance_km(lat, lon, e[6], e[7]) <= _SAME_PLACE_KM:
                return True
        return False

    skipped: list[str] = []
    renamed: dict[str, str] = {}
    for r in rows:
        if not r["lat"]:
            old = _retype(b, r)
            if old is None:
                continue
            e = b.entries[renamed.setdefault(old, f"{r['kind']}:{r['name']}")]
            for alt in _alternates(r):
                if taken(alt, e[6], e[7], own=old):
                    skipped.append(alt)
                else:
                    b.name(old, alt, 1)  # moved to the new key with the region's other names below
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        if taken(r["name"], lat, lon):
            skipped.append(r["name"])
            continue
        alternates: list[str] = []
        for alt in _alternates(r):
            (skipped if taken(alt, lat, lon) else alternates).append(alt)
        b.add(Candidate(
            key=f"{r['kind']}:{r['name']}", name=r["name"], kind="region", country_code=r["country_code"] or None,
            lat=lat, lon=lon, population=int(r["population"]),
        ), alternates)  # fmt: skip
    if renamed:  # the names of a retyped region follow it to its new key, in one pass
        for (k, key), quality in list(b.names.items()):
            if key in renamed:
                del b.names[(k, key)]
                b.names[(k, renamed[key])] = quality
    return skipped


def _retype(b: _Builder, r: dict[str, str]) -> str | None:
    """Moves the curated region a row names (`region:<name>`) to the row's key; its old key,
    None where the builder holds no such region (a test's small index: that every such row
    names a regions.tsv entry is the table's test)."""
    old, new = f"region:{r['name']}", f"{r['kind']}:{r['name']}"
    e = b.entries.pop(old, None)
    if e is None:
        return None
    b.entries[new] = (new, *e[1:])
    return old


def _keys(name: str) -> tuple[str, str]:
    exact = name_key(name)
    return exact, "~" + variant_key(exact)


def _alternates(r: dict[str, str]) -> list[str]:
    return [a.strip() for a in r["alternates"].split("|") if a.strip()]
