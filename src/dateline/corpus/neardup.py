"""Content hashes and near-duplicates (syndicated wire copy with small edits).

Why two levels: an exact re-run must add nothing (the content hash of the normalized text
is the article's key), while the same AP story on five sites with a changed headline or a
dropped paragraph must be *linked* to its first copy and not counted as five independent
sources. MinHash over word 5-shingles with an LSH index finds those copies in constant
time per article; signatures are stored as hex text so the index rebuilds from the store
after a crash.

Why the index is bounded: a story syndicated thousands of times puts every copy in the
same LSH buckets, and an unbounded index compares each new copy with all of them (the
cost per article grew linearly: 2.0 ms at 1,000 stored copies, 9.4 ms at 4,000). Each
bucket keeps its first `BUCKET_CAP` keys (the earliest copies, the original among them,
which is what a match is for), and a query compares at most `MAX_CANDIDATES` of the keys
it meets, those sharing the most bands with it first (more shared bands, higher
similarity), so the cost per article stays flat however often a story is repeated.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from datasketch import MinHash, MinHashLSH

from dateline.document_id import content_hash, normalized

__all__ = [
    "BUCKET_CAP",
    "MAX_CANDIDATES",
    "NUM_PERM",
    "THRESHOLD",
    "NearDupIndex",
    "content_hash",
    "minhash",
    "signature_from_hex",
]

NUM_PERM = 64
SCHEME = "affine32"  # pinned: stored signatures stay comparable across datasketch versions
THRESHOLD = 0.7  # estimated Jaccard of 5-shingles; wire copies with edits score 0.8-0.95
_SHINGLE = 5
BUCKET_CAP = 32  # keys kept per LSH bucket: the earliest copies of a story
MAX_CANDIDATES = 32  # stored articles a query compares at most
_WORD = re.compile(r"\w+")


# the article's key (`content_hash`, also `analyze`'s document id) and the text the shingles read
_normalized = normalized


def minhash(text: str) -> MinHash:
    words = _WORD.findall(_normalized(text).lower())
    shingles = {" ".join(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}
    signature = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return signature


def signature_hex(signature: MinHash) -> str:
    return signature.hashvalues.astype(">u4").tobytes().hex()


def signature_from_hex(value: str) -> MinHash:
    values = np.frombuffer(bytes.fromhex(value), dtype=">u4").astype(np.uint32)
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


class NearDupIndex:
    """An LSH index of the stored articles: `match()` gives the earliest near-duplicate.

    The banding (b bands of r rows) is datasketch's optimum for `threshold`, as
    `MinHashLSH` would choose it; the buckets are kept here so they can be capped.
    """

    def __init__(self, threshold: float = THRESHOLD, *, bucket_cap: int = BUCKET_CAP,
                 max_candidates: int = MAX_CANDIDATES) -> None:
        params = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.bands, self.rows = params.b, params.r
        self.threshold = threshold
        self.bucket_cap = bucket_cap
        self.max_candidates = max_candidates
        self.buckets: list[dict[bytes, list[str]]] = [{} for _ in range(self.bands)]
        self.signatures: dict[str, MinHash] = {}
        self.order: dict[str, int] = {}

    def _band_keys(self, signature: MinHash) -> list[bytes]:
        values = signature.hashvalues
        return [values[i * self.rows : (i + 1) * self.rows].tobytes() for i in range(self.bands)]

    def add(self, key: str, signature: MinHash, seq: int) -> None:
        if key in self.signatures:
            return
        self.signatures[key] = signature
        self.order[key] = seq
        for table, band in zip(self.buckets, self._band_keys(signature), strict=True):
            bucket = table.setdefault(band, [])
            if len(bucket) < self.bucket_cap:  # a full bucket already holds the earliest copies
                bucket.append(key)

    def candidates(self, signature: MinHash) -> list[str]:
        """The stored keys to compare with: at most `max_candidates`, most shared bands first."""
        shared: Counter[str] = Counter()
        for table, band in zip(self.buckets, self._band_keys(signature), strict=True):
            shared.update(table.get(band, ()))
        ranked = sorted(shared, key=lambda key: (-shared[key], self.order[key]))
        return ranked[: self.max_candidates]

    def match(self, signature: MinHash) -> tuple[str, float] | None:
        """(key, estimated Jaccard) of the first-ingested stored article this one copies, if any."""
        best: tuple[str, float] | None = None
        for key in self.candidates(signature):
            similarity = float(signature.jaccard(self.signatures[key]))
            if similarity < self.threshold:
                continue
            if best is None or self.order[key] < self.order[best[0]]:
                best = (key, similarity)
        return best
