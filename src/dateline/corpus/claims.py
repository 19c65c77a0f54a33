"""Claims contradicted by events that other articles report.

Why across articles: inside one article the claim stage links a claim to the refusal or
the "in fact" that contradicts it; across a corpus the refutation usually comes from
another outlet: Assad says Russian help is on its way, a later wire says Moscow refused
it. The rules are the in-article ones, read from the same `claims/rules.yaml` (topics,
opposing types), applied to corpus events:

- `refusal`: a claim that says yes, and an event of an opposing type (REJECT) on the
  claim's topic whose actors or targets are the claim's parties;
- `denied elsewhere`: a claim that says yes about an event, and another source saying that
  same corpus event did not happen (negated or denied);
- `reported elsewhere`: a claim that says no about an event, and another source reporting
  that same corpus event as fact.

Only another original article counts (a near-duplicate copy of the claim's own article
is not a second source). Every lookup goes through an index by party or by corpus event
with a bounded list, so the cost grows linearly with the corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dateline.corpus.coref import MentionFeatures
from dateline.resources import load_yaml

__all__ = ["ClaimContradiction", "ClaimFeatures", "claim_topics", "link_claims"]

_PER_PARTY = 50  # opposing mentions kept per party
_PER_EVENT = 50  # mentions of one corpus event looked at
_MAX_DAYS = 90  # a refusal this long before or after the claim's article is another matter
_WORD = re.compile(r"[^\W\d_]+")
_UNSURE = frozenset({"hedged", "unconfirmed", "future", "denied", "negated"})


@dataclass(frozen=True)
class ClaimFeatures:
    """One stored claim, with its parties as corpus entity ids and its events as mention keys."""

    doc: str
    local_id: str
    text: str
    positive: bool
    parties: frozenset[str]
    topics: frozenset[str]
    events: tuple[str, ...] = ()
    day: int | None = None  # the claim's article, published (ordinal)


@dataclass(frozen=True)
class ClaimContradiction:
    claim_doc: str
    claim_id: str
    mention: str  # key of the mention that contradicts the claim
    claim_mention: str | None  # key of the claim's own event mention, if it tells one
    value: str  # what the other side says: "refused", "did not happen", "happened"
    reason: str


@cache
def _rules() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    data = load_yaml("claims/rules.yaml")
    topics = {name: frozenset(str(w).lower() for w in words)
              for name, words in data["topics"].items() if name != "why"}
    return topics, frozenset(str(t).upper() for t in data["opposing_types"]["types"])


def _stems(word: str) -> set[str]:
    out = {word}
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.add(word[: -len(suffix)])
    return out


def claim_topics(text: str) -> frozenset[str]:
    """Topics of `claims/rules.yaml` whose words (crudely lemmatized) occur in `text`."""
    topics, _ = _rules()
    words: set[str] = set()
    for w in _WORD.findall(text.lower()):
        words |= _stems(w)
    return frozenset(name for name, vocab in topics.items() if words & vocab)


def link_claims(
    claims: Sequence[ClaimFeatures],
    mentions: Sequence[MentionFeatures],
    clusters: dict[str, str],
    origin: dict[str, str],
    sentences: dict[str, str],
) -> list[ClaimContradiction]:
    """Claims contradicted by a mention from another original article.

    `clusters`: mention key → corpus event root; `origin`: doc → the original it copies
    (itself when none); `sentences`: mention key → its evidence sentence (for topics).
    """
    _, opposing = _rules()
    by_key = {m.key: m for m in mentions}
    members: dict[str, list[MentionFeatures]] = defaultdict(list)
    refusals: dict[str, list[MentionFeatures]] = defaultdict(list)
    for m in mentions:
        group = members[clusters[m.key]]
        if len(group) < _PER_EVENT:
            group.append(m)
        if m.type in opposing and not m.negative:
            for party in m.actors | m.targets:
                bucket = refusals[party]
                bucket.append(m)
                if len(bucket) > 2 * _PER_PARTY:
                    del bucket[:_PER_PARTY]
    topics_of: dict[str, frozenset[str]] = {}

    def topics(m: MentionFeatures) -> frozenset[str]:
        if m.key not in topics_of:
            topics_of[m.key] = claim_topics(sentences.get(m.key, ""))
        return topics_of[m.key]

    found: list[ClaimContradiction] = []
    for claim in claims:
        own = origin.get(claim.doc, claim.doc)
        inner = [by_key[k] for k in claim.events if k in by_key]
        told = inner[0].key if inner else None
        linked: set[str] = set()

        def add(m: MentionFeatures, value: str, reason: str, claim: ClaimFeatures = claim,
                linked: set[str] = linked, told: str | None = told) -> None:
            root = clusters[m.key]
            if root not in linked:
                linked.add(root)
                found.append(ClaimContradiction(claim.doc, claim.local_id, m.key, told, value, reason))

        for event in inner:
            for other in members[clusters[event.key]]:
                if origin.get(other.doc, other.doc) == own:
                    continue
                if claim.positive and other.negative:
                    add(other, "did not happen", "another source says the event it tells did not happen")
                elif not claim.positive and not other.negative and (other.certainty or "") not in _UNSURE:
                    add(other, "happened", "another source reports as fact the event it says did not happen")
        if not claim.positive or not claim.topics:
            continue
        candidates: dict[str, MentionFeatures] = {}
        for party in sorted(claim.parties):
            for m in refusals.get(party, ())[-_PER_PARTY:]:
                candidates.setdefault(m.key, m)
        for m in candidates.values():
            if origin.get(m.doc, m.doc) == own or m.key in claim.events:
                continue
            if claim.day is not None and m.interval is not None and not (
                    m.interval[0] - _MAX_DAYS <= claim.day <= m.interval[1] + _MAX_DAYS):
                continue
            if topics(m) & claim.topics:
                add(m, "refused", "a refusal on the claim's topic by or to its parties, reported elsewhere")
    return found
