"""Cross-document event coreference: which event mentions, across articles, are one event.

Why blocking: comparing all pairs is quadratic and a corpus of a million mentions would
never finish. Each mention is filed under keys (type family, time bucket, anchor), where
an anchor is an actor, a target, a place or the trigger word, and is compared only with
the mentions already filed under the same keys (the last `BUCKET_CAP` of them), so the
cost grows linearly with the corpus. A pair is merged when the dates are compatible and
the weighted agreement of participants, place, trigger and wording passes `THRESHOLD`;
merged pairs are joined with union-find.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from dateline.resources import load_yaml

__all__ = ["THRESHOLD", "MentionFeatures", "cluster", "day_interval", "family_of", "pair_score"]

THRESHOLD = 0.45
BUCKET_CAP = 60
_VAGUE_DAYS = 45  # a date vaguer than this ("2024", "last year") is filed as undated
_WORD = re.compile(r"[^\W\d_]{3,}")


@cache
def _families() -> dict[str, str]:
    data = load_yaml("corpus/families.yaml")
    return {t: family for family, types in data["families"].items() for t in types}


@cache
def stopwords() -> frozenset[str]:
    return frozenset(load_yaml("corpus/families.yaml")["stopwords"])


def family_of(event_type: str) -> str:
    return _families().get(event_type, event_type)


def _parse_day(value: str | None, end: bool) -> int | None:
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day:
            return date(year, int(month), int(day)).toordinal()
        if month:
            first = date(year, int(month), 1)
            if not end:
                return first.toordinal()
            nxt = date(year + (first.month == 12), first.month % 12 + 1, 1)
            return nxt.toordinal() - 1
        return date(year, 12, 31).toordinal() if end else date(year, 1, 1).toordinal()
    except ValueError:
        return None


def day_interval(value: str | None, earliest: str | None, latest: str | None) -> tuple[int, int] | None:
    """The event's date as (first day, last day) ordinals, from earliest/latest or the value."""
    lo, hi = _parse_day(earliest, False), _parse_day(latest, True)
    if lo is not None and hi is not None and lo <= hi:
        return lo, hi
    lo, hi = _parse_day(value, False), _parse_day(value, True)
    return (lo, hi) if lo is not None and hi is not None else None


@dataclass
class MentionFeatures:
    """What the merge needs to know about one event mention (built from a stored row or a record)."""

    key: str
    doc: str
    type: str
    trigger: str
    interval: tuple[int, int] | None = None
    actors: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    coords: tuple[float, float] | None = None
    words: frozenset[str] = frozenset()
    negative: bool = False  # negated, or denied by its source
    date_value: str | None = None
    date_explicit: bool = False  # the text gave the date (basis explicit/anchored)
    casualties: float | None = None
    family: str = field(init=False)

    def __post_init__(self) -> None:
        self.family = family_of(self.type)


def content_words(text: str) -> frozenset[str]:
    stop = stopwords()
    return frozenset(w for w in (m.lower() for m in _WORD.findall(text)) if w not in stop)


def trigger_lemma(trigger: str) -> str:
    """A crude lemma, enough to match "attacked"/"attacks"/"attack" across articles."""
    word = trigger.lower().split()[0] if trigger.strip() else ""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def dates_compatible(a: MentionFeatures, b: MentionFeatures) -> bool:
    if a.interval is None or b.interval is None:
        return True
    return a.interval[0] <= b.interval[1] and b.interval[0] <= a.interval[1]


def place_agreement(a: MentionFeatures, b: MentionFeatures) -> float:
    """1 same place, 0.8 within 50 km, 0.3 unknown on one side, 0 far apart."""
    if a.places & b.places:
        return 1.0
    if a.coords and b.coords:
        return 0.8 if km(a.coords, b.coords) <= 50 else 0.0
    return 0.3


def pair_score(a: MentionFeatures, b: MentionFeatures, *, check_date: bool = True) -> float:
    """How much two mentions look like one event, 0..1; 0 when type family or dates disagree."""
    if a.family != b.family or (check_date and not dates_compatible(a, b)):
        return 0.0
    args_a, args_b = a.actors | a.targets, b.actors | b.targets
    args = _jaccard(args_a, args_b) if args_a and args_b else 0.25
    if a.actors & b.targets and not a.actors & b.actors:
        args *= 0.5  # who did it to whom is reversed
    trigger = 1.0 if trigger_lemma(a.trigger) == trigger_lemma(b.trigger) else 0.0
    return 0.35 * args + 0.15 * place_agreement(a, b) + 0.2 * trigger + 0.3 * min(1.0, 2 * _jaccard(a.words, b.words))


def _time_keys(m: MentionFeatures) -> tuple[list[str], list[str]]:
    """(keys to file under, keys to look up): days ±1 around a precise date, months for vague ones."""
    if m.interval is None or m.interval[1] - m.interval[0] > _VAGUE_DAYS:
        return ["U"], ["U"]
    lo, hi = m.interval
    months = sorted({f"M{date.fromordinal(d).year}-{date.fromordinal(d).month}" for d in (lo, hi)})
    if hi - lo <= 3:
        days = [f"D{d}" for d in range(lo, hi + 1)]
        near = [f"D{d}" for d in range(lo - 1, hi + 2)]
        return days + months, near + months
    return months, months


def _anchors(m: MentionFeatures) -> list[str]:
    return [*sorted(m.actors | m.targets), *sorted(m.places), "t:" + trigger_lemma(m.trigger)]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def candidate_pairs(mentions: Iterable[MentionFeatures], *, by_date: bool = True) -> Iterable[tuple[int, int]]:
    """Index pairs worth scoring, each at most once; linear in the number of mentions."""
    buckets: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        file_keys, look_keys = _time_keys(m) if by_date else (["A"], ["A"])
        anchors = _anchors(m)
        seen: set[int] = set()
        for time_key in look_keys:
            for anchor in anchors:
                for j in buckets.get((m.family, time_key, anchor), ()):
                    if j not in seen:
                        seen.add(j)
                        yield j, i
        for time_key in file_keys:
            for anchor in anchors:
                bucket = buckets[(m.family, time_key, anchor)]
                bucket.append(i)
                if len(bucket) > BUCKET_CAP:
                    del bucket[0]


def cluster(mentions: Sequence[MentionFeatures], threshold: float = THRESHOLD) -> dict[str, str]:
    """mention key → cluster root key (the smallest key of the cluster is not promised; it is stable)."""
    uf = _UnionFind()
    for j, i in candidate_pairs(mentions):
        if pair_score(mentions[j], mentions[i]) >= threshold:
            uf.union(mentions[j].key, mentions[i].key)
    return {m.key: uf.find(m.key) for m in mentions}
