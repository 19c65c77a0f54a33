"""Contradictions between sources about one event, each side with its evidence.

Why here and not in the merge: the merge decides *which* mentions are one event; this
module reads each merged event and says where its sources disagree: one asserts what
another denies (`assertion`), the dates (`date`), the places (`place`) or the casualty
figures (`casualties`) differ. Mentions that agree on everything but a stated date do not
merge (dates gate the merge), so a second, date-blind pass over the same blocking keys
finds them and links the two events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from dateline.corpus.coref import MentionFeatures, candidate_pairs, dates_compatible, km, pair_score

__all__ = ["Contradiction", "find_contradictions"]

_DATE_MATCH = 0.6  # how alike two mentions must be, dates aside, to call differing dates a contradiction
_FAR_KM = 100.0
_FIGURE_GAP = 0.1


@dataclass(frozen=True)
class Contradiction:
    kind: str  # assertion | date | place | casualties
    left: str  # mention keys
    right: str
    left_value: str
    right_value: str


def _first_pair(
    members: Sequence[MentionFeatures], differ: object
) -> tuple[MentionFeatures, MentionFeatures] | None:
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if a.doc != b.doc and differ(a, b):  # type: ignore[operator]
                return a, b
    return None


def _within(members: Sequence[MentionFeatures]) -> list[Contradiction]:
    found: list[Contradiction] = []
    members = members[:50]  # a huge cluster is checked on its first mentions only: cost stays bounded
    pair = _first_pair(members, lambda a, b: a.negative != b.negative)
    if pair:
        a, b = pair if not pair[0].negative else (pair[1], pair[0])
        found.append(Contradiction("assertion", a.key, b.key, "asserted", "denied"))
    pair = _first_pair(members, lambda a, b: a.coords and b.coords and km(a.coords, b.coords) > _FAR_KM)
    if pair:
        a, b = pair
        found.append(Contradiction("place", a.key, b.key, ",".join(sorted(a.places)), ",".join(sorted(b.places))))
    pair = _first_pair(
        members,
        lambda a, b: a.casualties is not None and b.casualties is not None
        and abs(a.casualties - b.casualties) > _FIGURE_GAP * max(a.casualties, b.casualties),
    )
    if pair:
        a, b = pair
        found.append(Contradiction("casualties", a.key, b.key, f"{a.casualties:g}", f"{b.casualties:g}"))
    return found


def find_contradictions(mentions: Sequence[MentionFeatures], clusters: dict[str, str]) -> list[Contradiction]:
    """Contradictions inside merged events, then date conflicts between events that did not merge."""
    members: dict[str, list[MentionFeatures]] = defaultdict(list)
    for m in mentions:
        members[clusters[m.key]].append(m)
    found = [c for group in members.values() if len(group) > 1 for c in _within(group)]
    linked: set[tuple[str, str]] = set()
    for j, i in candidate_pairs(mentions, by_date=False):
        a, b = mentions[j], mentions[i]
        roots = (clusters[a.key], clusters[b.key])
        if roots[0] == roots[1] or roots in linked or a.doc == b.doc:
            continue
        if not (a.date_explicit and b.date_explicit) or dates_compatible(a, b):
            continue
        if a.interval and b.interval and abs(a.interval[0] - b.interval[0]) > 31:
            continue  # a month apart: two events, not two dates for one
        if pair_score(a, b, check_date=False) >= _DATE_MATCH:
            linked.add(roots)
            found.append(Contradiction("date", a.key, b.key, a.date_value or "", b.date_value or ""))
    return found
