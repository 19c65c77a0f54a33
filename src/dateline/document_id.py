"""An article's id: the content hash of its normalized text, the same in `analyze` and in the store.

Why one function for both: `dateline analyze` used to name a document by a SHA-1 of the raw
input bytes (of the text, through the library), while `dateline ingest` keys it by a SHA-256
of the normalized text; the same article had two ids and a record printed by `analyze`
could not be found in a store. The store's key wins because it is the one with a job: it
must be the same for the same article however it arrives (an HTML page and its extracted
text, another encoding, re-wrapped whitespace), which a hash of the bytes is not, and it is
already the primary key of every stored row. Its own module, with no dependency, so the
read stage and the library compute it without loading the near-duplicate machinery.
"""

from __future__ import annotations

import hashlib
import unicodedata

__all__ = ["content_hash", "normalized"]


def normalized(text: str) -> str:
    """The text the hash (and the near-duplicate shingles) read: NFC, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    """The article's key: SHA-256 of the NFC text with whitespace runs collapsed."""
    return "sha256:" + hashlib.sha256(normalized(text).encode("utf-8")).hexdigest()[:32]
