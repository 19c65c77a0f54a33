"""Small US towns and villages from the `zipcodes` package's post-office names.

Why: local news names towns too small for GeoNames' city lists (under 500 people) or
filed there as civil towns rather than populated places ("Harwinton", "Falls Village",
"East Bank", "Lore City"). Every such place with a post office has a ZIP code, and the
`zipcodes` package (MIT) embeds the USPS city name, state and a point for each one, with
no network and no data file to fetch. A locality is added only where the gazetteer has
no town of that name in that state already; it carries no population, so it wins only
when no better-known namesake fits the article or when the article's other places lie
around it.

Only delivery and PO-box codes count: "unique" codes name a firm or campus in its host
town, and military codes name no place at all.
"""

from __future__ import annotations

import importlib.util
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping

from dateline.gazetteer.base import Candidate, name_key

__all__ = ["available", "us_localities"]

_KINDS = frozenset({"STANDARD", "PO BOX"})


def available() -> bool:
    """Whether the `zipcodes` package is installed (the index digest records it)."""
    return importlib.util.find_spec("zipcodes") is not None


def us_localities(
    states: Mapping[str, str], known: Collection[tuple[str, str]]
) -> Iterator[Candidate]:
    """One candidate per (state, post-office name) the gazetteer does not hold yet.

    `states` maps a state's code to its name (the 50 states and DC: territories have
    their own country codes in GeoNames); `known` holds (state code, `name_key`) of the
    towns already indexed. A town served by several codes gets their mean point and
    the county most of them lie in.
    """
    if not available():
        return
    import zipcodes

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    counties: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    names: dict[tuple[str, str], str] = {}
    for z in zipcodes.list_all():
        state, city = z.get("state") or "", (z.get("city") or "").strip()
        if z.get("zip_code_type") not in _KINDS or state not in states or not city or not z.get("lat"):
            continue
        key = (state, name_key(city))
        if key in known:
            continue
        names.setdefault(key, city)
        points[key].append((float(z["lat"]), float(z["long"])))
        if z.get("county"):
            counties[key][z["county"]] += 1
    for key, pts in sorted(points.items()):
        state, name = key[0], names[key]
        county = counties[key].most_common(1)
        yield Candidate(
            key=f"locality:US.{state}.{name}", name=name, kind="city", country_code="US",
            admin1_code=state, admin1=states[state], admin2=county[0][0] if county else None,
            lat=round(sum(p[0] for p in pts) / len(pts), 4), lon=round(sum(p[1] for p in pts) / len(pts), 4),
        )  # fmt: skip
