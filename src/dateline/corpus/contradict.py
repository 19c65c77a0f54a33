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
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from dateline.corpus.coref import Blocker, MentionFeatures, blocking_anchors, dates_compatible, km, pair_score

__all__ = ["Contradiction", "find_contradictions"]

_DATE_MATCH = 0.6  # how alike two mentions must be, dates aside, to call differing dates a contradiction
_FAR_KM = 100.0
_FIGURE_GAP = 0.1
_DATE_GAP = 31  # days: dates further apart are two events, not two dates for one
_WINDOW = 32  # days per date window of the blocking (>= _DATE_GAP: a window and its neighbours suffice)
_MAX_CANDIDATES = 20
_MAX_VALUES = 40  # distinct values (places, figures) compared pairwise inside one event


@dataclass(frozen=True)
class Contradiction:
    kind: str  # assertion | date | place | casualties
    left: str  # mention keys
    right: str
    left_value: str
    right_value: str
    reason: str = ""  # what disagrees, in words an analyst reads


def _reason(kind: str, left: str, right: str, extra: str = "") -> str:
    what = {
        "assertion": "one source asserts it, another denies it",
        "date": f"the sources date it {left} and {right}",
        "place": f"the sources place it at {left} and at {right}{extra}",
        "casualties": f"the sources count {left} and {right}",
    }[kind]
    return f"{kind}: {what}"


def _first_pair(
    members: Sequence[MentionFeatures], differ: Callable[[MentionFeatures, MentionFeatures], object],
    value: Callable[[MentionFeatures], Hashable],
) -> tuple[MentionFeatures, MentionFeatures] | None:
    """The first two mentions from different articles that `differ`; `differ` looks only at
    `value`, so two mentions per value (from two articles) stand for all: linear, not quadratic."""
    kept: dict[Hashable, list[tuple[int, MentionFeatures]]] = {}
    for i, m in enumerate(members):
        same = kept.setdefault(value(m), [])
        if len(same) < 2 and all(o.doc != m.doc for _, o in same):
            same.append((i, m))
    reps = [m for _, m in sorted(x for ms in kept.values() for x in ms)[:_MAX_VALUES]]
    for i, a in enumerate(reps):
        for b in reps[i + 1 :]:
            if a.doc != b.doc and differ(a, b):
                return a, b
    return None


def _within(members: Sequence[MentionFeatures]) -> list[Contradiction]:
    found: list[Contradiction] = []
    pair = _first_pair(members, lambda a, b: a.negative != b.negative, lambda m: m.negative)
    if pair:
        a, b = pair if not pair[0].negative else (pair[1], pair[0])
        found.append(Contradiction("assertion", a.key, b.key, "asserted", "denied", _reason("assertion", "", "")))
    pair = _first_pair(members, lambda a, b: a.coords and b.coords and km(a.coords, b.coords) > _FAR_KM,
                       lambda m: m.coords)
    if pair:
        a, b = pair
        left, right = ",".join(sorted(a.places)), ",".join(sorted(b.places))
        assert a.coords is not None and b.coords is not None
        far = f", {km(a.coords, b.coords):.0f} km apart"
        found.append(Contradiction("place", a.key, b.key, left, right, _reason("place", left, right, far)))
    pair = _first_pair(
        members,
        lambda a, b: a.casualties is not None and b.casualties is not None
        and abs(a.casualties - b.casualties) > _FIGURE_GAP * max(a.casualties, b.casualties),
        lambda m: m.casualties,
    )
    if pair:
        a, b = pair
        left, right = f"{a.casualties:g}", f"{b.casualties:g}"
        found.append(Contradiction("casualties", a.key, b.key, left, right, _reason("casualties", left, right)))
    return found


def _date_conflicts(mentions: Sequence[MentionFeatures], clusters: dict[str, str]) -> list[Contradiction]:
    """Mentions alike but for explicit dates at most `_DATE_GAP` days apart, in events that did not merge.

    Blocked like the merge, by type family, anchor and a date window: a mention is filed
    under its window of `_WINDOW` days and looks up the windows within `_DATE_GAP` days, so
    it is never compared with mentions months away (nor with every mention of its anchor).

    Only one-to-one: two events are two dates for one event only when each is the other's
    only look-alike. An event alike to several differently dated ones is one of a series (a
    strike a week, a story told of many people), and calling every pair a contradiction
    gave thousands of links no analyst could read.
    """
    found: list[Contradiction] = []
    linked: set[tuple[str, str]] = set()
    partners: dict[str, set[str]] = defaultdict(set)
    blocker = Blocker(max_candidates=_MAX_CANDIDATES)
    dated = [m for m in mentions if m.date_explicit and m.interval and m.interval[1] - m.interval[0] <= _DATE_GAP]

    def root_of(j: int) -> str:
        return clusters[dated[j].key]

    for i, b in enumerate(dated):
        assert b.interval is not None
        window = b.interval[0] // _WINDOW
        look = [f"W{window}", f"W{window - 1}", f"W{window + 1}"]
        anchors = blocking_anchors(b)
        root_b = clusters[b.key]
        for group in blocker.candidates(b.family, look, anchors, root_of, root_b):
            a = dated[group[0]]
            roots = (clusters[a.key], root_b)
            if roots in linked or a.doc == b.doc or dates_compatible(a, b):
                continue
            assert a.interval is not None
            if abs(a.interval[0] - b.interval[0]) > _DATE_GAP:
                continue  # a month apart: two events, not two dates for one
            if pair_score(a, b, check_date=False) >= _DATE_MATCH:
                linked.add(roots)
                partners[roots[0]].add(roots[1])
                partners[roots[1]].add(roots[0])
                left, right = a.date_value or "", b.date_value or ""
                found.append(Contradiction("date", a.key, b.key, left, right, _reason("date", left, right)))
        blocker.file(b.family, [f"W{window}"], anchors, root_b, i)
    return [c for c in found
            if len(partners[clusters[c.left]]) == 1 and len(partners[clusters[c.right]]) == 1]


def find_contradictions(mentions: Sequence[MentionFeatures], clusters: dict[str, str]) -> list[Contradiction]:
    """Contradictions inside merged events, then date conflicts between events that did not merge."""
    members: dict[str, list[MentionFeatures]] = defaultdict(list)
    for m in mentions:
        members[clusters[m.key]].append(m)
    found = [c for group in members.values() if len(group) > 1 for c in _within(group)]
    return found + _date_conflicts(mentions, clusters)
