"""Chooses one gazetteer entry per toponym, using the rest of the article as evidence.

Why two passes: a name alone is ambiguous (Damascus, Syria or Damascus, Maryland;
Paris, France or Paris, Texas). The first pass picks by population and kind only; the
countries (and first-level regions) that pass finds, plus demonyms, give the article's
focus; the second pass re-scores every name with that focus, leaving each name's own
first-pass vote out so a name never confirms itself.

The score is a log-population prior plus bonuses; the weights are in one place
(`Weights`) so a benchmark can tune them.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from dateline.gazetteer.base import AREA_KINDS, SETTLEMENT_KINDS, Candidate
from dateline.gazetteer.cues import Cue

__all__ = ["Toponym", "Weights", "county_short_name", "resolve"]


@dataclass(frozen=True)
class Weights:
    country: float = 1.5  # a bare name that is a country usually means the country
    admin1: float = -1.5  # "Aleppo" alone is the city, not the governorate named after it
    admin1_alone: float = 1.0  # a region with no city namesake there: "Vermont", "Idlib"
    namesake_share: float = 0.02  # an alternate-named town this big beside its region still counts
    region: float = 1.0  # curated regions and seas are listed because news names them
    admin2: float = -0.5  # counties and districts: less often meant than a town of the name
    country_namesake: float = -2.0  # a town called like a country ("Italy", Texas) needs more evidence
    region_namesake: float = -1.5  # a town called like another first-level region ("Ontario", New York)
    capital: float = 2.0  # national capitals are named far more often than their size says
    cooccur: float = 1.8  # per other name of the article with a candidate in the same admin1
    cooccur_cap: float = 3.0
    cooccur_skip: tuple[str, ...] = ()  # kinds that `near` alone supports
    support_scale: float = 3.0  # a reading this many log10 units below the best supports 1/10
    alternate: float = -0.5  # matched an alternate name, not the main one
    variant: float = -2.0  # matched only a loose spelling variant
    unknown_size: float = -1.0  # a town with no population on record (a post-office name)
    strong_cue: float = 6.0  # "the city of X", "X province" and the kind agrees
    weak_cue: float = 2.0  # the kind agrees with a cue that came through a list
    cue_mismatch: float = -3.0  # a city cue but the candidate is a country
    focus: float = 4.0  # times the article's share of mentions of this country
    admin_focus: float = 2.0  # the article names the candidate's first-level region
    container: float = 8.0  # "Damascus, Maryland": inside the next name
    contains: float = 3.0  # the container itself, when it holds the previous name
    focus_by_kind: dict[str, float] = field(
        default_factory=lambda: {"country": 2.0, "admin1": 1.5, "city": 1.0, "admin2": 1.0}
    )
    demonym_focus: float = 1.0
    near: float = 2.0  # per other name of the article with a reading within `near_km` of the candidate
    near_cap: float = 3.0
    near_km: float = 40.0  # full support up to here, fading to none at `near_max_km`
    near_max_km: float = 300.0
    near_floor: float = 0.5  # a town reading supports its neighbours this much, however small it is
    county: float = 6.0  # a town inside a county another name of the article may be ("Huntsville", "Walker County")
    county_holds: float = 4.0  # a county holding a town another name of the article may be
    home_share: float = 0.4  # a country with this share of the article's votes is its home
    home_pseudo: float = 2.0  # mentions added to the denominator: one name alone makes no region home
    home_region: float = 3.0  # times the share of the other names chosen in the candidate's region
    third_pass: bool = True
    context: float = 0.5  # a name read inside an organisation's ("Texas Forest Service") votes this much
    list_kind: float = 10.0  # times the share of a list's other names read as regions or countries of this kind
    feature: float = 0.0  # a feature's entry (an airport, a sea) named by its own name: no kind bonus


@dataclass
class Toponym:
    """A name in the text that may be a place, with what its context says."""

    start: int
    end: int
    text: str
    candidates: list[Candidate]
    cues: list[Cue] = field(default_factory=list)
    # Index of the toponym that holds it: right after ", " ("Paris, Texas") or right before
    # "'s" ("London's Heathrow").
    container: int | None = None
    # The text says it lies in its container ("London's Heathrow"), so a reading elsewhere
    # is wrong, not only less likely: with no reading inside, the name stays unresolved.
    asserted_container: bool = False
    context: bool = False  # read inside another name ("Texas" of "Texas Forest Service"): evidence only
    peers: tuple[int, ...] = ()  # the other names of a list it stands in ("Michigan, Oregon and Indiana")
    # Priors by candidate key, for the Weights they were computed with: every pass asks again.
    _priors: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    _priors_for: Weights | None = field(default=None, repr=False, compare=False)
    # The readings its container allows ("Bethel, Vt.": the Bethels of Vermont), set by `resolve`.
    _held: list[Candidate] | None = field(default=None, repr=False, compare=False)


# Kinds of settlements and administrative units; every other kind an index may hold (a
# curated region, an airport, a sea, an island) is a feature of the land or the sea.
_STRICT_CONTAINERS = frozenset({"country", "admin1", "city"})
# How far from a city's point a place inside the city may lie ("London's Heathrow": 23 km).
_CITY_REACH_KM = 40.0


def _inside(c: Candidate, outer: Candidate) -> bool:
    """Whether entry `c` lies in entry `outer`: a country holds everything of its own but
    countries, a first-level region its towns, counties and features, a county the towns
    on record as its own, a city the points within `_CITY_REACH_KM` of its own (an airport,
    a district that is a town of its own)."""
    if c.country_code is None or c.country_code != outer.country_code or c.key == outer.key:
        return False
    if outer.kind == "country":
        return c.kind != "country"
    if outer.kind == "admin1":
        held = c.kind not in {"country", "admin1", "region"}
        return held and c.admin1_code is not None and c.admin1_code == outer.admin1_code
    if outer.kind == "admin2":
        same_county = (c.admin2 or "").casefold() == outer.name.casefold()
        return c.kind == "city" and c.admin1_code == outer.admin1_code and same_county
    if outer.kind != "city" or c.kind in AREA_KINDS or None in (c.lat, c.lon, outer.lat, outer.lon):
        return False
    return _km(c.lat, c.lon, outer.lat, outer.lon) <= _CITY_REACH_KM  # type: ignore[arg-type]


def _cue_bonus(c: Candidate, cues: Sequence[Cue], w: Weights) -> float:
    bonus = 0.0
    for cue in cues:
        if cue.kind == "any":
            continue
        if cue.kind == c.kind or (cue.kind == "region" and c.kind not in SETTLEMENT_KINDS):
            bonus = max(bonus, w.strong_cue if cue.strength == "strong" else w.weak_cue)
        elif cue.kind == "admin2" and c.kind == "admin1":
            bonus = max(bonus, w.weak_cue)  # Kenya's and Ireland's counties are first-level in some sources
        elif cue.kind == "city" and c.kind == "country":
            bonus = min(bonus, w.cue_mismatch)
    return bonus


def _kind_bonus(c: Candidate, t: Toponym, w: Weights) -> float:
    if c.kind == "country":
        return w.country
    if c.kind == "region":
        return w.region
    if c.kind not in SETTLEMENT_KINDS:
        return w.feature
    if c.kind in {"admin1", "admin2"}:
        # The region is the lesser reading only where a town of the name lies inside it.
        # A town that only lists the name as an alternate and is tiny beside the region
        # ("Minneota", alias "Minnesota") is GeoNames noise, not a namesake.
        namesake = any(o.kind == "city" and o.country_code == c.country_code and o.admin1_code == c.admin1_code
                       and (o.quality == "name" or o.population >= w.namesake_share * c.population)
                       for o in t.candidates)  # fmt: skip
        # The province called like its own country ("Taiwan", "Mexico") is the lesser reading too.
        namesake = namesake or any(o.kind == "country" and o.country_code == c.country_code and o.quality == "name"
                                   for o in t.candidates)  # fmt: skip
        if c.kind == "admin2":
            return w.admin2 + (w.admin1 if namesake else 0.0)
        return w.admin1 if namesake else w.admin1_alone
    bonus = w.capital if c.capital else 0.0
    named = [o for o in t.candidates if o.quality == "name"]
    own_region = (c.country_code, c.admin1_code)
    if any(o.kind == "country" for o in named):
        bonus += w.country_namesake
    elif not c.capital and any(o.kind == "admin1" and (o.country_code, o.admin1_code) != own_region for o in named):
        bonus += w.region_namesake
    return bonus


def _prior(c: Candidate, t: Toponym, w: Weights) -> float:
    if t._priors_for is not w:
        t._priors, t._priors_for = {}, w
    cached = t._priors.get(c.key)
    if cached is None:
        cached = t._priors[c.key] = _compute_prior(c, t, w)
    return cached


def _compute_prior(c: Candidate, t: Toponym, w: Weights) -> float:
    s = math.log10(max(c.population, 0) + 10)
    s += _kind_bonus(c, t, w)
    s += {"alternate": w.alternate, "variant": w.variant}.get(c.quality, 0.0)
    if c.kind == "city" and not c.population:
        s += w.unknown_size
    return s + _cue_bonus(c, t.cues, w)


def _likelihoods(t: Toponym, w: Weights) -> list[tuple[Candidate, float]]:
    """Each reading of the name with how likely it is next to the name's best reading by
    prior: 1 for the best, 1/10 for one `support_scale` log10 units below it. A name with a
    container ("Bethel, Vt.") has only the readings inside it: the Bethels of Connecticut
    and Alaska support no neighbours of theirs."""
    priors = [(c, _prior(c, t, w)) for c in (t._held if t._held is not None else t.candidates)]
    if not priors:
        return []
    best = max(p for _, p in priors)
    return [(c, 10 ** ((p - best) / w.support_scale)) for c, p in priors]


def _regions(t: Toponym, w: Weights) -> dict[tuple[str, str], float]:
    """The first-level regions the readings of the name lie in, each weighted by how likely
    its best reading there is next to the name's best reading overall (by prior).

    Why weighted: "Oxford" supports England fully and Massachusetts's small Oxford only a
    little, so "Cambridge" next to it leans to England.
    """
    regions: dict[tuple[str, str], float] = {}
    for c, likely in _likelihoods(t, w):
        if c.country_code and c.admin1_code and c.kind != "country":
            key = (c.country_code, c.admin1_code)
            regions[key] = max(regions.get(key, 0.0), likely)
    return regions


def _score(
    c: Candidate,
    t: Toponym,
    toponyms: Sequence[Toponym],
    focus: dict[str, float],
    regions: set[tuple[str, str]],
    w: Weights,
    support: dict[tuple[str, str], float] | None = None,
) -> float:
    s = _prior(c, t, w)
    if c.country_code:
        s += w.focus * focus.get(c.country_code, 0.0)
        region = (c.country_code, c.admin1_code or "")
        if c.admin1_code and region in regions and c.kind in {"city", "admin2"}:
            s += w.admin_focus
        if support and c.kind not in {"country", *w.cooccur_skip}:
            # Names of one article cluster: Athens and Frankston are both in Texas.
            s += w.cooccur * min(support.get(region, 0.0), w.cooccur_cap)
    if (
        t.container is not None
        and not _is_country_name(t)
        and any(_inside(c, o) for o in toponyms[t.container].candidates)
    ):
        s += w.container
    if any(_inside(inner, c) for o in toponyms if o.container is not None and toponyms[o.container] is t
           for inner in o.candidates):  # fmt: skip
        s += w.contains
    return s


def _is_country_name(t: Toponym) -> bool:
    """ "Mexico, China, Japan" is a list of countries, not China inside Japan."""
    return any(c.kind == "country" and c.quality != "variant" for c in t.candidates)


def _votes(choice: Candidate | None, w: Weights) -> dict[str, float]:
    if choice is not None and choice.country_code:
        return {choice.country_code: w.focus_by_kind.get(choice.kind, 0.0)}
    return {}


def _best_prior(t: Toponym, w: Weights) -> Candidate | None:
    return max(t.candidates, key=lambda c: _prior(c, t, w)) if t.candidates else None


_POINTS = frozenset({"city", "admin2"})
# Areas whose readings take support from the towns around their point, as towns do: "northern
# Luzon" among towns of Luzon is the island, not the village called Luzon in their midst.
_SUPPORTED_AREAS = frozenset({"region", "admin1"})
_LIST_KINDS = frozenset({"admin1", "country"})
_HOME_KINDS = frozenset({"city", "admin2", "admin1"})
_CELL = 3.0  # degrees: one grid cell is wider than `near_max_km` at news latitudes


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // _CELL), int(lon // _CELL)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: close enough within a few hundred km, and cheap."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


class _Neighbours:
    """The town readings of every name of the article on a coarse grid.

    Why: local news names towns that lie near each other (Athens and Frankston, Texas),
    and each of them alone has a famous namesake far away ("spatial minimality"). A
    candidate gains support from each other name with a reading near it; a reading counts
    by how likely it is next to its name's best reading, but a town reading in one of the
    article's main countries (`home`) counts at least `near_floor`, since a local paper's
    towns are small ("Cambridge and Oxford" in an English article are not the towns of
    Massachusetts, though they lie as close together).
    """

    def __init__(self, toponyms: Sequence[Toponym], w: Weights, home: set[str]) -> None:
        self.w = w
        self._support: dict[tuple[str, str], float] = {}
        self.names: dict[str, int] = {}
        self.grid: dict[tuple[int, int], list[tuple[int, float, float, float]]] = {}
        for t in toponyms:
            name = self.names.setdefault(t.text.casefold(), len(self.names))
            scale = w.context if t.context else 1.0
            for c, likely in _likelihoods(t, w):
                if c.kind not in _POINTS or c.lat is None or c.lon is None or c.quality == "variant":
                    continue
                # A locality with no population on record (a post-office name) is too weak
                # a reading to support its neighbours by its mere presence.
                floor = w.near_floor if c.quality == "name" and c.population and c.country_code in home else 0.0
                weight = max(likely, floor)
                self.grid.setdefault(_cell(c.lat, c.lon), []).append((name, c.lat, c.lon, weight * scale))

    def support(self, c: Candidate, name: str) -> float:
        """How many other names (weighted) have a reading near `c` (asked again by every pass
        and every mention of the name, so remembered)."""
        if c.kind not in _POINTS | _SUPPORTED_AREAS or c.lat is None or c.lon is None or not self.grid:
            return 0.0
        known = self._support.get((c.key, name))
        if known is None:
            known = self._support[(c.key, name)] = self._compute_support(c, name)
        return known

    def _compute_support(self, c: Candidate, name: str) -> float:
        own, w = self.names.get(name), self.w
        best: dict[int, float] = {}
        if c.lat is None or c.lon is None:
            return 0.0
        ci, cj = _cell(c.lat, c.lon)
        for i in (ci - 1, ci, ci + 1):
            for j in (cj - 1, cj, cj + 1):
                for n, lat, lon, weight in self.grid.get((i, j), ()):
                    if n == own or weight <= best.get(n, 0.0):
                        continue
                    d = _km(c.lat, c.lon, lat, lon)
                    if d >= w.near_max_km:
                        continue
                    fade = 1.0 if d <= w.near_km else (w.near_max_km - d) / (w.near_max_km - w.near_km)
                    if weight * fade > best.get(n, 0.0):
                        best[n] = weight * fade
        return min(sum(best.values()), w.near_cap)


def _county_key(c: Candidate) -> tuple[str, str, str] | None:
    """Where a town lies, or what a county is, as (country, admin1 code, county name)."""
    name = c.admin2 if c.kind == "city" else c.name if c.kind == "admin2" else None
    if not name or not c.country_code or not c.admin1_code or c.quality == "variant":
        return None
    return c.country_code, c.admin1_code, name.casefold()


class _Counties:
    """Which counties the article's names may be, and which counties their towns lie in.

    Why: a local paper names a town and its county ("Huntsville Fire Chief", "Walker County
    burn ban"). Each name alone has readings in many states, and the famous Huntsville
    (Alabama) lies near a Walker County too, so distance does not tell them apart; only
    Huntsville, Texas, lies *in* Walker County. A reading counts by how likely it is next
    to its name's best reading, a town in one of the article's main countries at least
    `near_floor` (as in `_Neighbours`).
    """

    def __init__(self, toponyms: Sequence[Toponym], w: Weights, home: set[str]) -> None:
        self.w = w
        self.readings: dict[tuple[str, tuple[str, str, str]], dict[str, float]] = {}
        for t in toponyms:
            name, scale = t.text.casefold(), w.context if t.context else 1.0
            for c, likely in _likelihoods(t, w):
                key = _county_key(c)
                if key is None:
                    continue
                floor = w.near_floor if c.kind == "city" and c.population and c.country_code in home else 0.0
                weight = max(likely, floor) * scale
                by_name = self.readings.setdefault((c.kind, key), {})
                by_name[name] = max(by_name.get(name, 0.0), weight)

    def bonus(self, c: Candidate, name: str) -> float:
        key = _county_key(c)
        if key is None:
            return 0.0
        other, weight = ("admin2", self.w.county) if c.kind == "city" else ("city", self.w.county_holds)
        found = self.readings.get((other, key), {})
        return weight * min(1.0, max((v for n, v in found.items() if n != name), default=0.0))


def _name_votes(
    toponyms: Sequence[Toponym], choices: Sequence[Candidate | None], w: Weights
) -> dict[str, dict[str, float]]:
    """Country votes of each distinct name, summed over its mentions."""
    votes: dict[str, dict[str, float]] = {}
    for t, choice in zip(toponyms, choices, strict=True):
        own = votes.setdefault(t.text.casefold(), {})
        for cc, v in _votes(choice, w).items():
            own[cc] = own.get(cc, 0.0) + v * (w.context if t.context else 1.0)
    return votes


def _focus(total: dict[str, float], own: dict[str, float]) -> dict[str, float]:
    """Each country's share of the votes of the other names."""
    rest = {cc: v - own.get(cc, 0.0) for cc, v in total.items()}
    norm = sum(v for v in rest.values() if v > 1e-9)
    return {cc: v / norm for cc, v in rest.items() if v > 1e-9} if norm else {}


def _home_regions(
    toponyms: Sequence[Toponym], choices: Sequence[Candidate | None], w: Weights
) -> dict[str, dict[tuple[str, str], float]]:
    """The first-level regions each distinct name's choices lie in (or are), by mention."""
    regions: dict[str, dict[tuple[str, str], float]] = {}
    for t, c in zip(toponyms, choices, strict=True):
        own = regions.setdefault(t.text.casefold(), {})
        if c is not None and c.country_code and c.admin1_code and c.kind != "country":
            key = (c.country_code, c.admin1_code)
            own[key] = own.get(key, 0.0) + (w.context if t.context else 1.0)
    return regions


def resolve(
    toponyms: Sequence[Toponym], demonym_codes: Sequence[str] = (), weights: Weights | None = None
) -> list[Candidate | None]:
    """The chosen entry for each toponym (None when it has no candidate).

    Three passes: the prior alone; the prior with the article's focus (countries and
    regions of the other names' first readings, nearby towns); the same again with the
    focus taken from the second pass's choices, plus the article's home regions.
    """
    w = weights or Weights()
    toponyms = [_with_sensible_readings(t, toponyms) for t in toponyms]
    for t in toponyms:
        t._held = _held_readings(t, toponyms)
    first = [_best_prior(t, w) for t in toponyms]
    name_votes = _name_votes(toponyms, first, w)
    total: dict[str, float] = {}
    for cc in demonym_codes:
        total[cc] = total.get(cc, 0.0) + w.demonym_focus
    for own in name_votes.values():
        for cc, v in own.items():
            total[cc] = total.get(cc, 0.0) + v
    # The first-level regions the article names, each with the names that first read so:
    # a name never supports its own towns ("New York" read as the state is no evidence
    # for the city of New York).
    region_names: dict[tuple[str, str], set[str]] = {}
    for t, c in zip(toponyms, first, strict=True):
        if c and c.kind == "admin1" and c.country_code and c.admin1_code:
            region_names.setdefault((c.country_code, c.admin1_code), set()).add(t.text.casefold())
    named_regions: dict[str, set[tuple[str, str]]] = {}
    # Each distinct name supports every region one of its readings lies in, once.
    by_name: dict[str, dict[tuple[str, str], float]] = {}
    for t in toponyms:
        own_support = by_name.setdefault(t.text.casefold(), {})
        for region, weight in _regions(t, w).items():
            own_support[region] = max(own_support.get(region, 0.0), weight * (w.context if t.context else 1.0))
    all_support: dict[tuple[str, str], float] = {}
    for rs in by_name.values():
        for region, weight in rs.items():
            all_support[region] = all_support.get(region, 0.0) + weight
    votes = sum(v for v in total.values() if v > 0)
    home = {cc for cc, v in total.items() if votes and v / votes >= w.home_share}
    neighbours = _Neighbours(toponyms, w, home)
    counties = _Counties(toponyms, w, home)

    def choose(
        t: Toponym,
        focus: dict[str, float],
        home_regions: dict[tuple[str, str], float] | None = None,
        peer_choices: dict[int, list[Candidate | None]] | None = None,
    ) -> Candidate | None:
        if not t.candidates:
            return None
        name = t.text.casefold()
        own_regions = by_name[name]
        regions = named_regions.get(name)
        if regions is None:
            regions = named_regions[name] = {r for r, names in region_names.items() if names - {name}}
        support = {r: v - own_regions.get(r, 0.0) for r, v in all_support.items()}

        peer_kinds = [p.kind for p in (peer_choices or {}).get(id(t), ()) if p is not None]

        def score(c: Candidate) -> float:
            s = _score(c, t, toponyms, focus, regions, w, support) + w.near * neighbours.support(c, name)
            s += counties.bonus(c, name)
            if home_regions and c.country_code and c.admin1_code and c.kind in _HOME_KINDS:
                # The region itself gains as much as its towns: an article whose towns lie in
                # New York State does not thereby mean the city of New York.
                s += w.home_region * home_regions.get((c.country_code, c.admin1_code), 0.0)
            if peer_kinds and c.kind in _LIST_KINDS:
                # A list of states or countries names one more of them, not a town of the name.
                s += w.list_kind * peer_kinds.count(c.kind) / len(peer_kinds)
            return s

        return max(t.candidates, key=score)

    second = [choose(t, _focus(total, name_votes[t.text.casefold()])) for t in toponyms]
    if not w.third_pass:
        return second
    # The third pass: the focus of what the second pass chose, and the home regions.
    name_votes = _name_votes(toponyms, second, w)
    total = {cc: w.demonym_focus * list(demonym_codes).count(cc) for cc in set(demonym_codes)}
    for own in name_votes.values():
        for cc, v in own.items():
            total[cc] = total.get(cc, 0.0) + v
    name_regions = _home_regions(toponyms, second, w)
    all_regions: dict[tuple[str, str], float] = {}
    for rs in name_regions.values():
        for r, v in rs.items():
            all_regions[r] = all_regions.get(r, 0.0) + v
    peers = {id(t): [second[i] for i in t.peers] for t in toponyms if t.peers}
    third = []
    for t in toponyms:
        own_r = name_regions[t.text.casefold()]
        rest = {r: v - own_r.get(r, 0.0) for r, v in all_regions.items()}
        norm = sum(v for v in rest.values() if v > 1e-9)
        norm += w.home_pseudo
        shares = {r: v / norm for r, v in rest.items() if v > 1e-9} if norm else {}
        third.append(choose(t, _focus(total, name_votes[t.text.casefold()]), shares, peers))
    return _one_sense(toponyms, third)


def _with_sensible_readings(t: Toponym, toponyms: Sequence[Toponym]) -> Toponym:
    """The toponym with only the readings its words and context allow (itself when all are).

    Why: an index may hold entries of kinds that news names far less often than its
    towns (airports, seas, islands), some under many alternate names ("Heathrow" of "London
    Heathrow Airport"). Such a feature is read only where the name is its own, shares its
    generic word ("Heathrow Airport"), a cue asks for one ("the island of [Borneo]") or the
    name's asserted container holds it. And where the text says the name lies in another
    ("London's Heathrow"), only the readings inside the other stay.
    """
    kept = [c for c in t.candidates
            if c.kind in SETTLEMENT_KINDS or c.kind == "region" or _feature_read(c, t, toponyms)]  # fmt: skip
    outer = toponyms[t.container].candidates if t.asserted_container and t.container is not None else []
    if outer and all(o.kind in _STRICT_CONTAINERS for o in outer):
        # Only a container whose membership is on record for every place rules readings out:
        # "Borneo's" is a region, and "Warren County's Hamilton Township" is no town of the
        # index's Warren County (its towns' counties are incomplete), yet lies in it.
        kept = [c for c in kept if any(_inside(c, o) for o in outer)]
    if len(kept) == len(t.candidates):
        return t
    return dataclasses.replace(t, candidates=kept, _priors={}, _priors_for=None)


def _feature_read(c: Candidate, t: Toponym, toponyms: Sequence[Toponym]) -> bool:
    """Whether the feature `c` (a kind other than settlements and regions) may be meant by `t`."""
    if c.quality == "name" or any(q.kind == "region" for q in t.cues):
        return True
    words, own = t.text.casefold().split(), c.name.casefold().split()
    if len(words) > 1 and words[-1] == own[-1]:
        return True  # "Heathrow Airport" for "London Heathrow Airport"
    container = toponyms[t.container].candidates if t.asserted_container and t.container is not None else []
    return any(_inside(c, o) for o in container)


def _held_readings(t: Toponym, toponyms: Sequence[Toponym]) -> list[Candidate] | None:
    """The readings inside the name's container, None when it has none (or none inside)."""
    if t.container is None or _is_country_name(t):
        return None
    held = [c for c in t.candidates if any(_inside(c, o) for o in toponyms[t.container].candidates)]
    return held or None


def _one_sense(toponyms: Sequence[Toponym], chosen: list[Candidate | None]) -> list[Candidate | None]:
    """Mentions of a name with no cue of their own follow the reading a strong cue gave
    another mention of it.

    Why: one sense per discourse. "Georgia – Zurab Zhvania, Prime Minister of Georgia":
    the headline's "Georgia" alone leans to the US state; the cued mention says which
    Georgia the article is about. Likewise a bare name follows the county the article
    names in full ("DeKalb County" then "DeKalb"), unless it read as a town in that county.
    """
    cued: dict[str, Candidate] = {}
    counties: dict[str, Candidate] = {}
    for t, c in zip(toponyms, chosen, strict=True):
        if c is not None and any(q.strength == "strong" and q.kind == c.kind for q in t.cues):
            cued.setdefault(t.text.casefold(), c)
        short = county_short_name(t.text)
        if c is not None and short and c.kind == "admin2":
            counties.setdefault(short, c)
    if not cued and not counties:
        return chosen
    out = list(chosen)
    for i, t in enumerate(toponyms):
        if t.container is not None or any(q.strength == "strong" for q in t.cues):
            continue
        sense = cued.get(t.text.casefold())
        county = counties.get(t.text.casefold())
        if sense is None and county is not None and not _in_county(chosen[i], county):
            sense = county  # "DeKalb County ... unincorporated DeKalb": the county, or a town in it
        if sense is not None and any(c.key == sense.key for c in t.candidates):
            out[i] = sense
    return out


_COUNTY_NAME = re.compile(r"(?P<short>.+?)\s+(?:County|Parish)", re.IGNORECASE)


def county_short_name(name: str) -> str | None:
    """ "DeKalb" (case-folded) for "DeKalb County" or "Tangipahoa Parish"; None for other names."""
    m = _COUNTY_NAME.fullmatch(name)
    return m.group("short").casefold() if m else None


def _in_county(town: Candidate | None, county: Candidate) -> bool:
    return (
        town is not None
        and town.admin2 == county.name
        and (town.country_code, town.admin1_code) == (county.country_code, county.admin1_code)
    )
