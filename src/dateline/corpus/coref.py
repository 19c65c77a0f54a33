"""Cross-document event coreference: which event mentions, across articles, are one event.

Why blocking: comparing all pairs is quadratic and a corpus of a million mentions would
never finish. Each mention is filed under keys (type family, time bucket, anchor), where
an anchor is an actor, a target, a place or the trigger word, and is compared only with
the mentions already filed under the same keys (the last `BUCKET_CAP` of them), so the
cost grows linearly with the corpus. A pair is merged when the dates are compatible and
the weighted agreement of participants, place, trigger and wording passes `THRESHOLD`;
merged pairs are joined with union-find.

Uncoded mentions (type None: every event of the text the PLOVER lexicon does not code, most
of a record's events) have no type family to gate them, so their word is their family: one
may corefer only with another of the same trigger word (its lowercased text), on compatible
dates, and only when their sentences' wording meets (as a statement's must). An uncoded
mention without a date of its own (basis publication or unknown) is filed under its own
article: "fell" or "the talks" with nothing else to go on are countless different events
across a corpus, so it never bridges two. The family is also the blocking key, so the cost
per mention stays flat. Coded mentions never meet uncoded ones and merge as before.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from dateline.corpus.days import day_of, month_end, widen
from dateline.resources import load_yaml

__all__ = ["THRESHOLD", "UNCODED", "UNDATED_BASES", "Blocker", "MentionFeatures", "blocking_anchors", "cluster",
           "day_interval", "event_lemma", "family_of", "merged_date", "pair_score", "same_event_in_document",
           "uncoded_family"]

THRESHOLD = 0.45
BUCKET_CAP = 30  # clusters kept per blocking bucket
MAX_CANDIDATES = 30  # clusters one mention is scored against, at most
MEMBERS_KEPT = 4  # mentions of one cluster a bucket keeps to score against
INFERRED_SLACK_DAYS = 7  # widening of a date the text does not give (basis inferred/publication)
_VAGUE_DAYS = 45  # a date vaguer than this ("spring", "2024") is filed under its year
_YEARLONG_DAYS = 400  # ... and one vaguer than a year (with slack) as undated
_WORD = re.compile(r"[^\W\d_]{3,}")
UNCODED = "~"  # prefix of an uncoded mention's family; no PLOVER type starts with it
UNDATED_BASES = frozenset({"publication", "unknown"})  # dates that say nothing of the event itself


@cache
def _families() -> dict[str, str]:
    data = load_yaml("corpus/families.yaml")
    return {t: family for family, types in data["families"].items() for t in types}


@cache
def stopwords() -> frozenset[str]:
    return frozenset(load_yaml("corpus/families.yaml")["stopwords"])


@cache
def _said_by_content() -> tuple[frozenset[str], float]:
    """Families told apart by what their mentions say, and the wording overlap that makes two one."""
    data = load_yaml("corpus/families.yaml").get("said_by_content") or {}
    return frozenset(data.get("families") or ()), float(data.get("min_overlap", 0.0))


def family_of(event_type: str) -> str:
    return _families().get(event_type, event_type)


def uncoded_family(trigger: str, doc: str, *, dated: bool) -> str:
    """The family of an uncoded mention: its word, and its article too when it has no date of its own.

    The word is the trigger's lowercased text: the stored rows carry no lemma, and a crude
    suffix-stripped one would join words of different families ("bases"/"based").
    """
    word = " ".join(trigger.lower().split())
    return f"{UNCODED}{word}" if dated else f"{UNCODED}{word}@{doc}"


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
            return month_end(year, first.month) if end else first.toordinal()
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
    type: str | None  # None: an event the lexicon does not code (see the module docstring)
    trigger: str
    interval: tuple[int, int] | None = None
    actors: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()  # the actors that are named people
    targets: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    coords: tuple[float, float] | None = None
    words: frozenset[str] = frozenset()
    negative: bool = False  # negated, or denied by its source
    date_value: str | None = None
    date_explicit: bool = False  # the text gave the date (basis explicit/anchored)
    casualties: float | None = None
    certainty: str | None = None
    basis: str | None = None  # `when.basis`; publication/unknown: the event has no date of its own
    head_lemma: str | None = None  # the record's lemma of the trigger head; None for rows stored without
    family: str = field(init=False)
    lemma: str = field(init=False)
    # the interval the record gives, before the matching slack below: what the store keeps
    stated: tuple[int, int] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.stated = self.interval
        if self.type is None:
            dated = self.interval is not None and self.basis not in UNDATED_BASES
            self.family = uncoded_family(self.trigger, self.doc, dated=dated)
        else:
            self.family = family_of(self.type)
        self.lemma = event_lemma(self.head_lemma) if self.head_lemma else trigger_lemma(self.trigger)
        if self.interval is not None and not self.date_explicit:
            # A date guessed from tense and publication day is a hint, not evidence: two
            # outlets writing a day apart about the same event must still be able to meet.
            self.interval = widen(self.interval, INFERRED_SLACK_DAYS)  # saturates at the calendar's ends


def merged_date(mentions: Sequence[MentionFeatures]) -> str | None:
    """The date of a merged event: what its mentions say, the dates the text gives first.

    Most mentions win; a coarser date that holds a finer one of the same event counts for
    it ("in 2010" and "on June 7, 2010" of one keynote are June 7, 2010: the finer says more
    and the coarser does not disagree). Ties go to the finer date.
    """
    values = [m.date_value for m in mentions if m.date_value and m.date_explicit] or [
        m.date_value for m in mentions if m.date_value]
    if not values:
        return None
    counts = Counter(values)
    for coarse in list(counts):
        finer = [v for v in counts if v != coarse and v.startswith(coarse) and len(v) > len(coarse)]
        if finer:
            best = max(finer, key=lambda v: (counts[v], len(v)))
            counts[best] += counts.pop(coarse)
    return max(counts, key=lambda v: (counts[v], len(v), v))


@lru_cache(maxsize=1 << 14)
def content_words(text: str) -> frozenset[str]:
    """The sentence's words but stop words, lower-cased. Cached: an article's sentences hold
    several event mentions each (a wire story: about four), and the merge reads every stored
    mention's sentence on each rebuild."""
    stop = stopwords()
    return frozenset(w for w in (m.lower() for m in _WORD.findall(text)) if w not in stop)


@cache
def _event_nouns() -> dict[str, str]:
    data = load_yaml("corpus/families.yaml")
    nouns = dict(data.get("event_nouns") or {})
    nouns.update({noun: "gathering" for noun in data.get("gatherings") or ()})
    return nouns


def event_lemma(lemma: str) -> str:
    """The verb an event noun is made from ("resignation" -> resign, "death" -> die), else the lemma:
    a story tells its event with the verb and names it again with the noun. Nouns of a gathering
    ("the conference", "the event") share one."""
    lemma = lemma.lower()
    return _event_nouns().get(lemma, lemma)


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
    if a.people and b.people and not a.people & b.people:
        return 0.0  # different named people did it: two events, however alike the rest
    if a.type is None and a.lemma in _no_identity():
        return 0.0  # an uncoded "is" or "has" is known by its word alone, which names no event
    words = _jaccard(a.words, b.words)
    by_content, min_overlap = _said_by_content()
    if (a.family in by_content or a.type is None) and words < min_overlap:
        # one speaker's two statements of a day are two unless their words meet; an uncoded
        # mention has only its word and its sentence, so its wording must meet too
        return 0.0
    args_a, args_b = a.actors | a.targets, b.actors | b.targets
    args = _jaccard(args_a, args_b) if args_a and args_b else 0.25
    if a.actors & b.targets and not a.actors & b.actors:
        args *= 0.5  # who did it to whom is reversed
    trigger = 1.0 if a.lemma == b.lemma else 0.0
    return 0.35 * args + 0.15 * place_agreement(a, b) + 0.2 * trigger + 0.3 * min(1.0, 2 * words)


def _months(lo: int, hi: int) -> list[str]:
    return sorted({f"{day_of(d).year}-{day_of(d).month}" for d in (lo, hi)})


def _years(lo: int, hi: int) -> list[str]:
    return sorted({f"Y{day_of(lo).year}", f"Y{day_of(hi).year}"})


def _time_keys(m: MentionFeatures) -> tuple[list[str], list[str]]:
    """(keys to file under, keys to look up).

    A precise date (a few days) is filed under its days and its month ("P"), and looks up
    the days ±1 and the vague mentions of its month ("V"); a vague date (weeks) is filed
    under "V" and looks up both. Precise mentions never scan their whole month, so the
    cost per mention does not grow with how many events a month holds. A date of a season
    or a year ("in 2003") is filed under its year ("Y"), and every dated mention looks its
    years up too: "launched in 2003" and "launched on April 28, 2003" in two articles are
    dates that meet, and filed as undated the year-long one never met the day. Longer spans
    (decades, "since 1998") are filed as undated.
    """
    if m.interval is None or m.interval[1] - m.interval[0] > _YEARLONG_DAYS:
        return ["U"], ["U"]
    lo, hi = m.interval
    years = _years(lo, hi)
    if hi - lo > _VAGUE_DAYS:
        return years, years
    months = _months(lo, hi)
    if hi - lo <= 3:
        return ([f"D{d}" for d in range(lo, hi + 1)] + ["P" + x for x in months],
                [f"D{d}" for d in range(lo - 1, hi + 2)] + ["V" + x for x in months] + years)
    return ["V" + x for x in months], ["P" + x for x in months] + ["V" + x for x in months] + years


def blocking_anchors(m: MentionFeatures) -> list[str]:
    """Most specific first (participants, places, then the trigger word): the candidate cap keeps those."""
    return [*sorted(m.actors | m.targets), *sorted(m.places), "t:" + m.lemma]


class _UnionFind:
    """Over indexes 0..n-1; a cluster's root is its smallest index (so results do not depend on timing).

    Each cluster also keeps what all its members must share: the named people who act in it
    and the days its dates have in common. Pairs are scored one at a time, so without this a
    chain of pairs that each look alike (A ~ B, B ~ C) could join an event of one commander
    to another's, or walk a soft date a week at a time across months; `joinable` refuses a
    union that would put two different named people, or dates with no common day, in one
    event.
    """

    def __init__(self, mentions: Sequence[MentionFeatures]) -> None:
        self.parent = list(range(len(mentions)))
        self.people: dict[int, frozenset[str]] = {i: m.people for i, m in enumerate(mentions)}
        self.days: dict[int, tuple[int, int] | None] = {i: m.interval for i, m in enumerate(mentions)}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def joinable(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        pa, pb = self.people[ra], self.people[rb]
        if pa and pb and not pa & pb:
            return False
        da, db = self.days[ra], self.days[rb]
        return da is None or db is None or (da[0] <= db[1] and db[0] <= da[1])

    def union(self, a: int, b: int) -> None:
        """Joins two clusters `joinable` allowed: their people add up, their common days narrow."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = min(ra, rb), max(ra, rb)
            self.parent[high] = low
            self.people[low] = self.people[low] | self.people[high]
            dl, dh = self.days[low], self.days[high]
            if dl is None or dh is None:
                self.days[low] = dl or dh
            else:
                self.days[low] = (max(dl[0], dh[0]), min(dl[1], dh[1]))


class Blocker:
    """Buckets of recent mentions under (type family, time key, anchor) keys, bounded twice.

    A bucket keeps at most `cap` clusters, each with its last `members_kept` mentions filed
    there (a mention of a cluster already there joins its entry rather than pushing another
    cluster out), and one mention is compared with at most `max_candidates` clusters. Both
    bounds make the cost per mention flat however dense the corpus gets; the price is that a
    mention can miss a match that only an unspecific anchor (a busy place, a common trigger
    word) would have found.

    Why several mentions per cluster: an event told by one article in three sentences is
    compared by its best-matching sentence, not by whichever was filed last ("Jobs will take
    a medical leave" meets "Jobs, fighting pancreatic cancer, on leave since January" through
    the sentence that shares the illness, not the one about the internal email).
    """

    def __init__(self, cap: int = BUCKET_CAP, max_candidates: int = MAX_CANDIDATES,
                 members_kept: int = MEMBERS_KEPT) -> None:
        self.cap = cap
        self.max_candidates = max_candidates
        self.members_kept = members_kept
        self.buckets: dict[tuple[str, str, str], dict[Hashable, tuple[int, ...]]] = {}

    def candidates(self, family: str, time_keys: Sequence[str], anchors: Sequence[str],
                   root_of: Callable[[int], Hashable], own_root: Hashable) -> list[list[int]]:
        """The candidate clusters, each as its filed mentions (the most recent first), in the
        order the anchors (most specific first) and time keys find them."""
        groups: dict[Hashable, list[int]] = {}
        budget = 2 * self.max_candidates  # entries looked at, duplicates included
        for anchor in anchors:
            for time_key in time_keys:
                bucket = self.buckets.get((family, time_key, anchor))
                if not bucket:
                    continue
                for members in reversed(bucket.values()):  # the most recent first
                    budget -= 1
                    root = root_of(members[-1])
                    if root != own_root:
                        group = groups.setdefault(root, [])
                        group.extend(j for j in reversed(members) if j not in group)
                    if len(groups) >= self.max_candidates or budget <= 0:
                        return list(groups.values())
        return list(groups.values())

    def file(self, family: str, time_keys: Sequence[str], anchors: Sequence[str], root: Hashable, index: int) -> None:
        for time_key in time_keys:
            for anchor in anchors:
                bucket = self.buckets.setdefault((family, time_key, anchor), {})
                members = bucket.pop(root, ())
                bucket[root] = (*members, index)[-self.members_kept:]
                if len(bucket) > self.cap:
                    del bucket[next(iter(bucket))]


def same_event_in_document(a: MentionFeatures, b: MentionFeatures) -> bool:
    """Two mentions of one article with one lemma are one event unless something tells them apart.

    Why: a story names its event again and again with the same word ("the sale ... the sale",
    "Apple unveiled ... the iPhone it unveiled"); within a document the same-lemma baseline
    is the strongest signal event coreference has (Cybulska & Vossen 2015, Upadhyay et al.
    2016). What tells two apart: dates that do not meet, different named people as actors
    (organisations and other participants are left out: the parse gives them too loosely,
    and on MEANTIME requiring them to agree cost 1.8 CoNLL), one
    denied and one not, and sayings: each is its own act, known by what it says, so two
    "said" never join by their word (the cross-document score still compares their wording;
    on MEANTIME joining them by wording overlap cost 0.35 CoNLL) — unless one of the two is
    the saying's noun: "Apple announced on Friday ... The announcement came at a press
    conference" names the act told, as "the sale" names the selling (a nominalisation refers
    back to its verb's event; two verbs of saying are two acts). A copula or possession verb
    ("is", "has") names no event by its word, so its lemma joins nothing.
    """
    if a.lemma != b.lemma or not a.lemma or a.lemma in _no_identity():
        return False
    if a.type is not None and b.type is not None and a.family != b.family:
        return False
    if not dates_compatible(a, b) or a.negative != b.negative:
        return False
    if a.people and b.people and not a.people & b.people:
        return False
    by_content, _ = _said_by_content()
    if a.family in by_content or b.family in by_content or a.lemma in _reporting_lemmas():
        return _nominalised(a) != _nominalised(b)
    return True


def _nominalised(m: MentionFeatures) -> bool:
    """The mention is an event noun standing for its verb ("announcement" for announce)."""
    return m.head_lemma is not None and m.head_lemma.lower() != m.lemma


@cache
def _no_identity() -> frozenset[str]:
    return frozenset(load_yaml("corpus/families.yaml").get("no_identity") or ())


@cache
def _reporting_lemmas() -> frozenset[str]:
    """The reporting verbs the attribution stage knows (`attribution/cues.yaml`), as the merge's
    lemmas read them (the record's, or the crude fallback of rows stored before 0005)."""
    words = load_yaml("attribution/cues.yaml")["speech_verbs"]["lemmas"]
    return frozenset(words) | frozenset(trigger_lemma(w) for w in words)


def _within_documents(mentions: Sequence[MentionFeatures], uf: _UnionFind) -> None:
    """Joins the mentions of one event within each article (see `same_event_in_document`)."""
    by_doc_lemma: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(mentions):
        by_doc_lemma.setdefault((m.doc, m.lemma), []).append(i)
    for group in by_doc_lemma.values():
        for n, i in enumerate(group):
            for j in group[:n]:
                if (uf.find(i) != uf.find(j) and same_event_in_document(mentions[j], mentions[i])
                        and uf.joinable(j, i)):
                    uf.union(j, i)
                    break


def cluster(mentions: Sequence[MentionFeatures], threshold: float = THRESHOLD) -> dict[str, str]:
    """mention key → key of the cluster's first mention (in input order).

    First the mentions of one event within each article; then one pass in input order: each
    mention is scored against the bounded candidate clusters its blocking keys give (by the
    best of each cluster's filed mentions), joined to every one that passes `threshold`
    (and that `_UnionFind.joinable` allows), then filed. A mention
    with no date at all joins no other article's: an undated event never bridges months.
    """
    uf = _UnionFind(mentions)
    _within_documents(mentions, uf)
    blocker = Blocker()
    find = uf.find
    for i, m in enumerate(mentions):
        file_keys, look_keys = _time_keys(m)
        anchors = blocking_anchors(m)
        for group in blocker.candidates(m.family, look_keys, anchors, find, find(i)):
            # no date at all: nothing says two articles tell it of one time
            scored = [(pair_score(mentions[j], m), j) for j in group if mentions[j].doc == m.doc
                      or (m.interval is not None and mentions[j].interval is not None)]
            if not scored:
                continue
            score, best = max(scored)
            if score >= threshold and find(best) != find(i) and uf.joinable(best, i):
                uf.union(best, i)
        blocker.file(m.family, file_keys, anchors, find(i), i)
    return {m.key: mentions[find(i)].key for i, m in enumerate(mentions)}
