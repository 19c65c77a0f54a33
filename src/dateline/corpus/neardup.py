"""Content hashes and near-duplicates (syndicated wire copy with small edits).

Why two levels: an exact re-run must add nothing (the content hash of the normalized text
is the article's key), while the same AP story on five sites with a changed headline or a
dropped paragraph must be *linked* to its first copy and not counted as five independent
sources. MinHash over word 5-shingles with an LSH index finds those copies in constant
time per article; signatures are stored as hex text so the index rebuilds from the store
after a crash.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = ["NUM_PERM", "THRESHOLD", "NearDupIndex", "content_hash", "minhash", "signature_from_hex"]

NUM_PERM = 64
SCHEME = "affine32"  # pinned: stored signatures stay comparable across datasketch versions
THRESHOLD = 0.7  # estimated Jaccard of 5-shingles; wire copies with edits score 0.8-0.95
_SHINGLE = 5
_WORD = re.compile(r"\w+")


def _normalized(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    """The article's key: SHA-256 of the NFC text with whitespace runs collapsed."""
    return "sha256:" + hashlib.sha256(_normalized(text).encode("utf-8")).hexdigest()[:32]


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
    """An LSH index of the stored articles: `match()` gives the earliest near-duplicate."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.threshold = threshold
        self.signatures: dict[str, MinHash] = {}
        self.order: dict[str, int] = {}

    def add(self, key: str, signature: MinHash, seq: int) -> None:
        if key not in self.signatures:
            self.lsh.insert(key, signature)
            self.signatures[key] = signature
            self.order[key] = seq

    def match(self, signature: MinHash) -> tuple[str, float] | None:
        """(key, estimated Jaccard) of the first-ingested stored article this one copies, if any."""
        best: tuple[str, float] | None = None
        for key in self.lsh.query(signature):
            similarity = float(signature.jaccard(self.signatures[key]))
            if similarity < self.threshold:
                continue
            if best is None or self.order[key] < self.order[best[0]]:
                best = (key, similarity)
        return best
