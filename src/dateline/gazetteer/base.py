"""What a gazetteer answers, and how names are turned into lookup keys.

Why a protocol: the place stage only needs "which places could this name be?"; the
real GeoNames-backed index is slow to build and big, so tests use `FakeGazetteer`
with a handful of hand-written entries and run offline in milliseconds.

Keys: a name and its spelling variants must meet at one key ("Dar'a", "Daraa",
"Deraa"; "al-Raqqa", "Raqqa"). `name_key` folds case, accents, apostrophes and
hyphens; `variant_key` also squeezes doubled letters and drops an Arabic article.
Lookups try the exact key first and fall back to the variant key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, Protocol

__all__ = ["AREA_KINDS", "SETTLEMENT_KINDS", "Candidate", "Gazetteer", "Kind", "Quality", "name_key", "variant_key"]

# "airport": gazetteer/airports.py's entries; the record files them as facilities (`Place.kind`).
Kind = Literal["country", "admin1", "admin2", "city", "region", "facility", "airport", "unknown"]
# kinds that are an area (a name of one is the area's, never a point's) and kinds a settlement
# or administrative unit has (the kinds the resolver reads by any name, not only their own)
AREA_KINDS = frozenset({"country", "admin1", "admin2", "region"})
SETTLEMENT_KINDS = frozenset({"country", "admin1", "admin2", "city"})
# How a candidate's name met the query: its main name, an alternate name, or a spelling variant.
Quality = Literal["name", "alternate", "variant"]

_APOSTROPHES = re.compile("['’‘`´ʼʻʿʾ′]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/.,]+")
_LEADING_THE = re.compile(r"^the ")
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed) ")
_DOUBLED = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to. `key` identifies the entry across lookups."""

    key: str
    name: str
    kind: Kind
    country_code: str | None = None
    admin1_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    geonameid: int | None = None
    quality: Quality = "name"
    capital: bool = False  # a national capital: news names it (and its government) often
    admin2: str | None = None  # a town's county or district, by name ("Walker County")


class Gazetteer(Protocol):
    def lookup(self, name: str) -> list[Candidate]:
        """Every entry `name` may denote (any kind, any country); empty when unknown."""
        ...

    def country(self, country_code: str) -> Candidate | None:
        """The country entry for an ISO 3166 alpha-2 code (demonyms resolve through it)."""
        ...


def name_key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a place name."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = _APOSTROPHES.sub("", stripped).casefold()
    folded = _SEPARATORS.sub(" ", folded).strip()
    return _LEADING_THE.sub("", folded)


def variant_key(name: str) -> str:
    """A looser key that meets transliteration variants: doubled letters and 'al-' go.

    Idempotent on a `name_key`, so a caller holding one can pass it in.
    """
    key = _ARTICLE.sub("", name_key(name))
    # Spaces go before doubled letters are squeezed, so "0 0" and "00" meet and it stays idempotent.
    return _DOUBLED.sub(r"\1", key.replace(" ", ""))
