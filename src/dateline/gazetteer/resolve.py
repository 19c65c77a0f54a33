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

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from dateline.gazetteer.base import Candidate
from dateline.gazetteer.cues import Cue

__all__ = ["Toponym", "Weights", "resolve"]


@dataclass(frozen=True)
class Weights:
    country: float = 1.5  # a bare name that is a country usually means the country
    admin1: float = -1.5  # "Aleppo" alone is the city, not the governorate named after it
    admin1_alone: float = 1.0  # a region with no city namesake there: "Vermont", "Idlib"
    region: float = 1.0  # curated regions and seas are listed because news names them
    admin2: float = -0.5  # counties and districts: less often meant than a town of the name
    capital: float = 2.0  # national capitals are named far more often than their size says
    cooccur: float = 1.8  # per other name of the article with a candidate in the same admin1
    cooccur_cap: float = 3.0
    support_scale: float = 3.0  # a reading this many log10 units below the best supports 1/10
    alternate: float = -0.5  # matched an alternate name, not the main one
    variant: float = -2.0  # matched only a loose spelling variant
    strong_cue: float = 6.0  # "the city of X", "X province" and the kind agrees
    weak_cue: float = 2.0  # the kind agrees with a cue that came through a list
    cue_mismatch: float = -3.0  # a city cue but the candidate is a country
    focus: float = 4.0  # times the article's share of mentions of this country
    admin_focus: float = 2.0  # the article names the candidate's first-level region
    container: float = 8.0  # "Damascus, Maryland": inside the next name
    contains: float = 3.0  # the container itself, when it holds the previous name
    focus_by_kind: dict[str, float] = field(default_factory=lambda: {"country": 2.0, "admin1": 1.5, "city": 1.0})
    demonym_focus: float = 1.0


@dataclass
class Toponym:
    """A name in the text that may be a place, with what its context says."""

    start: int
    end: int
    text: str
    candidates: list[Candidate]
    cues: list[Cue] = field(default_factory=list)
    container: int | None = None  # index of the toponym right after ", " ("Paris, Texas")


def _inside(c: Candidate, outer: Candidate) -> bool:
    if c.country_code is None or c.country_code != outer.country_code or c.key == outer.key:
        return False
    if outer.kind == "country":
        return c.kind != "country"
    return (
        outer.kind == "admin1"
        and c.kind == "city"
        and c.admin1_code is not None
        and (c.admin1_code == outer.admin1_code)
    )


def _cue_bonus(c: Candidate, cues: Sequence[Cue], w: Weights) -> float:
    bonus = 0.0
    for cue in cues:
        if cue.kind == "any":
            continue
        if cue.kind == c.kind:
            bonus = max(bonus, w.strong_cue if cue.strength == "strong" else w.weak_cue)
        elif cue.kind == "city" and c.kind == "country":
            bonus = min(bonus, w.cue_mismatch)
    return bonus


def _kind_bonus(c: Candidate, t: Toponym, w: Weights) -> float:
    if c.kind == "country":
        return w.country
    if c.kind == "region":
        return w.region
    if c.kind in {"admin1", "admin2"}:
        # The region is the lesser reading only where a town of the name lies inside it.
        namesake = any(o.kind == "city" and o.country_code == c.country_code and o.admin1_code == c.admin1_code
                       for o in t.candidates)  # fmt: skip
        if c.kind == "admin2":
            return w.admin2 + (w.admin1 if namesake else 0.0)
        return w.admin1 if namesake else w.admin1_alone
    return w.capital if c.capital else 0.0


def _prior(c: Candidate, t: Toponym, w: Weights) -> float:
    s = math.log10(max(c.population, 0) + 10)
    s += _kind_bonus(c, t, w)
    s += {"alternate": w.alternate, "variant": w.variant}.get(c.quality, 0.0)
    return s + _cue_bonus(c, t.cues, w)


def _regions(t: Toponym, w: Weights) -> dict[tuple[str, str], float]:
    """The first-level regions the readings of the name lie in, each weighted by how likely
    its best reading there is next to the name's best reading overall (by prior).

    Why weighted: "Oxford" supports England fully and Massachusetts's small Oxford only a
    little, so "Cambridge" next to it leans to England.
    """
    priors = [(c, _prior(c, t, w)) for c in t.candidates]
    if not priors:
        return {}
    best = max(p for _, p in priors)
    regions: dict[tuple[str, str], float] = {}
    for c, p in priors:
        if c.country_code and c.admin1_code and c.kind != "country":
            key = (c.country_code, c.admin1_code)
            regions[key] = max(regions.get(key, 0.0), 10 ** ((p - best) / w.support_scale))
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
        if support and c.kind != "country":
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


def resolve(
    toponyms: Sequence[Toponym], demonym_codes: Sequence[str] = (), weights: Weights | None = None
) -> list[Candidate | None]:
    """The chosen entry for each toponym (None when it has no candidate)."""
    w = weights or Weights()
    first = [_best_prior(t, w) for t in toponyms]
    total: dict[str, float] = {}
    for cc in demonym_codes:
        total[cc] = total.get(cc, 0.0) + w.demonym_focus
    for choice in first:
        for cc, v in _votes(choice, w).items():
            total[cc] = total.get(cc, 0.0) + v
    regions: set[tuple[str, str]] = {
        (c.country_code, c.admin1_code) for c in first if c and c.kind == "admin1" and c.country_code and c.admin1_code
    }
    # Each distinct name supports every region one of its readings lies in, once.
    by_name: dict[str, dict[tuple[str, str], float]] = {}
    for t in toponyms:
        own_support = by_name.setdefault(t.text.casefold(), {})
        for region, weight in _regions(t, w).items():
            own_support[region] = max(own_support.get(region, 0.0), weight)
    all_support: dict[tuple[str, str], float] = {}
    for rs in by_name.values():
        for region, weight in rs.items():
            all_support[region] = all_support.get(region, 0.0) + weight
    chosen: list[Candidate | None] = []
    for t, own in zip(toponyms, first, strict=True):
        if not t.candidates:
            chosen.append(None)
            continue
        own_votes = _votes(own, w)
        rest = {cc: v - own_votes.get(cc, 0.0) for cc, v in total.items()}
        norm = sum(v for v in rest.values() if v > 0)
        focus = {cc: v / norm for cc, v in rest.items() if v > 0} if norm else {}
        own_regions = by_name[t.text.casefold()]
        support = {r: v - own_regions.get(r, 0.0) for r, v in all_support.items()}

        def score(
            c: Candidate,
            t: Toponym = t,
            focus: dict[str, float] = focus,
            support: dict[tuple[str, str], float] = support,
        ) -> float:
            return _score(c, t, toponyms, focus, regions, w, support)

        chosen.append(max(t.candidates, key=score))
    return chosen
