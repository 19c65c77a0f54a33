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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from dateline.gazetteer.base import Candidate
from dateline.gazetteer.cues import Cue

__all__ = ["Toponym", "Weights", "resolve"]


@dataclass(frozen=True)
class Weights:
    country: float = 1.5  # a bare name that is a country usually means the country
    admin1: float = -1.5  # "Aleppo" alone is the city, not the governorate
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


def _prior(c: Candidate, t: Toponym, w: Weights) -> float:
    s = math.log10(max(c.population, 0) + 10)
    s += {"country": w.country, "admin1": w.admin1}.get(c.kind, 0.0)
    s += {"alternate": w.alternate, "variant": w.variant}.get(c.quality, 0.0)
    return s + _cue_bonus(c, t.cues, w)


def _score(
    c: Candidate,
    t: Toponym,
    toponyms: Sequence[Toponym],
    focus: dict[str, float],
    regions: set[tuple[str, str]],
    w: Weights,
) -> float:
    s = _prior(c, t, w)
    if c.country_code:
        s += w.focus * focus.get(c.country_code, 0.0)
        if c.admin1_code and (c.country_code, c.admin1_code) in regions and c.kind == "city":
            s += w.admin_focus
    if t.container is not None and any(_inside(c, o) for o in toponyms[t.container].candidates):
        s += w.container
    if any(_inside(inner, c) for o in toponyms if o.container is not None and toponyms[o.container] is t
           for inner in o.candidates):  # fmt: skip
        s += w.contains
    return s


def _votes(choice: Candidate | None, w: Weights) -> Counter[str]:
    votes: Counter[str] = Counter()
    if choice is not None and choice.country_code:
        votes[choice.country_code] += w.focus_by_kind.get(choice.kind, 0.0)
    return votes


def resolve(
    toponyms: Sequence[Toponym], demonym_codes: Sequence[str] = (), weights: Weights | None = None
) -> list[Candidate | None]:
    """The chosen entry for each toponym (None when it has no candidate)."""
    w = weights or Weights()
    first: list[Candidate | None] = [
        max(t.candidates, key=lambda c, t=t: _prior(c, t, w)) if t.candidates else None for t in toponyms
    ]
    total: Counter[str] = Counter()
    for cc in demonym_codes:
        total[cc] += w.demonym_focus
    for choice in first:
        total.update(_votes(choice, w))
    regions = {(c.country_code, c.admin1_code) for c in first if c and c.kind == "admin1" and c.admin1_code}
    chosen: list[Candidate | None] = []
    for t, own in zip(toponyms, first, strict=True):
        if not t.candidates:
            chosen.append(None)
            continue
        rest = total.copy()
        rest.subtract(_votes(own, w))
        norm = sum(v for v in rest.values() if v > 0)
        focus = {cc: v / norm for cc, v in rest.items() if v > 0} if norm else {}
        chosen.append(max(t.candidates, key=lambda c, t=t: _score(c, t, toponyms, focus, regions, w)))  # type: ignore[misc]
    return chosen
