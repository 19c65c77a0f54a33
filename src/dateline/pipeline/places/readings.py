"""Context readings: what the words around a name say about which entries it may be.

Why apart from recognition: recognition decides *that* a stretch is a place name; these
rules narrow *which* readings stay for the resolver (`gazetteer/resolve.py`), from the
name's own words ("Red Sea": the water), the article's other names ("DeKalb County"
before "DeKalb") and the syntax that joins two names: a list ("Michigan, Oregon and
Indiana"), a town and its container ("Paris, Texas"), a whole and its part ("London's
Heathrow", "Syria's Idlib province").
"""

from __future__ import annotations

import re

from dateline.gazetteer.base import SETTLEMENT_KINDS, Candidate
from dateline.gazetteer.cues import Cue, feature_words, not_places
from dateline.gazetteer.resolve import Toponym
from dateline.pipeline.places.names import _LIST_GLUE

__all__ = ["county_readings", "feature_readings", "is_not_place", "link_containers", "link_lists"]

# "Paris, Texas": the second name holds the first.
_COMMA = re.compile(r",\s*")
# "London's Heathrow", "Syria’s Idlib province": the first name holds the second.
_WHOLE_OF = re.compile(r"['’]s?\s+")
# An article before a name: "the West" (the political bloc) is not the town of West, Texas.
_ARTICLE_BEFORE = re.compile(r"(?i:\bthe)\s+$")


def is_not_place(text: str, start: int, end: int) -> bool:
    """Whether `not_places.tsv` says the name at text[start:end] is no place.

    A row may name the name alone ("Kremlin") or with "the" ("the West"): the latter
    holds only where the text writes the article before the name, since "the West" and
    "the East" are blocs and compass regions while "West, Texas" is a town.
    """
    name = text[start:end].casefold()
    table = not_places()
    if name in table:
        return True
    return "the " + name in table and _ARTICLE_BEFORE.search(text, max(0, start - 8), start) is not None


def link_containers(text: str, toponyms: list[Toponym]) -> None:
    """Marks which name holds which: the name after ", " holds the one before it ("Paris,
    Texas"); the name before "'s" holds the one after it ("London's Heathrow").

    Why the possessive: "X's Y" of two place names is the part-whole reading of the
    genitive (ACE's GPE guidelines tag "London's Heathrow" as a facility located in a GPE),
    so the text itself says Y lies in X; a reading of Y elsewhere contradicts it
    (`Toponym.asserted_container`).
    """
    for i in range(len(toponyms) - 1):
        a, b = toponyms[i], toponyms[i + 1]
        glue = text[a.end : b.start]
        if _COMMA.fullmatch(glue):
            a.container = i + 1
        elif _WHOLE_OF.fullmatch(glue) and b.container is None:
            b.container, b.asserted_container = i, True


def link_lists(text: str, toponyms: list[Toponym]) -> None:
    """Marks the names of each list ("Michigan, Oregon and Indiana") as peers of each other.

    Two names joined by a bare comma are a town and its container ("Paris, Texas"), not a
    list; a list has three names or more, or an "and"/"or".
    """
    chain = [0] if toponyms else []
    for i in range(1, len(toponyms) + 1):
        glue = text[toponyms[i - 1].end : toponyms[i].start] if i < len(toponyms) else ""
        if i < len(toponyms) and _LIST_GLUE.fullmatch(glue):
            chain.append(i)
            continue
        joined = [text[toponyms[j - 1].end : toponyms[j].start] for j in chain[1:]]
        if len(chain) >= 3 or (len(chain) == 2 and re.search(r"\b(?:and|or)\b", joined[0])):
            for j in chain:
                toponyms[j].peers = tuple(k for k in chain if k != j)
        chain = [i]


def county_readings(candidates: list[Candidate], cues: list[Cue], named_in_full: bool) -> list[Candidate]:
    """Without the counties a bare name meets only as their short form ("Texas" of "Texas
    County, Missouri"), unless a county cue follows ("Eastland and Callahan counties") or
    a cue says the name may be a county's ("Boggs, D-Braxton", `counties` in cues.yaml),
    nothing is called exactly this name, or the article names the county in full
    ("DeKalb County" before "unincorporated DeKalb")."""
    if any(c.kind == "admin2" or c.counties for c in cues) or not any(c.quality == "name" for c in candidates):
        return candidates
    if named_in_full:
        return candidates
    return [c for c in candidates if c.kind != "admin2" or c.quality == "name"]


def feature_readings(name: str, candidates: list[Candidate], cues: list[Cue]) -> list[Candidate]:
    """A water's name ("the Red Sea") is the water, not the province named after it (Egypt's
    and Sudan's Red Sea), unless a cue asks for a province ("Red Sea governorate"). The
    water may be a curated region or an entry of a feature kind (a sea, an island)."""
    words = name.split()
    if len(words) < 2 or words[-1].casefold() not in feature_words() or any(c.kind == "admin1" for c in cues):
        return candidates
    if not any(c.kind not in SETTLEMENT_KINDS and c.quality == "name" for c in candidates):
        return candidates
    return [c for c in candidates if c.kind not in {"admin1", "admin2"}]
