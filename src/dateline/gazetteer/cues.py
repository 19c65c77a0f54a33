"""Context cues and word lists of the place stage, loaded from `resources/places/`.

Why cues: the NER misses or mislabels many toponyms ("Daraa" as a person); the words
around a name ("the city of X", "X province", "in X") both say that it is a place and
which kind of place, so "Aleppo" in "the provinces of Aleppo and Idlib" is the
governorate while "the outskirts of Aleppo" is the city.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from dateline.errors import ResourceError
from dateline.pipeline.literals import literal_prefixes
from dateline.resources import compile_regex, load_tsv, load_yaml

__all__ = ["Cue", "CueRule", "cue_rules", "cues_at", "demonyms", "feature_words", "local_offices", "not_places"]

CUES_FILE = "places/cues.yaml"
_RULE_KEYS = {"name", "pattern", "kind", "strength", "coordination", "counties", "role", "examples"}
# "region": an area that is no administrative unit (an island, a sea, a coast), whatever
# kind the gazetteer files it under.
_KINDS = {"city", "admin1", "admin2", "country", "region", "any"}
# How a cue says the name is used (pipeline/places/roles.py): "200 miles northwest of
# [Los Angeles]" names a reference point, "[Malaysia]-based" modifies a noun.
_ROLES = {"relative", "modifier"}
_STRENGTHS = {"strong", "weak"}
# A name list before a conjunction: "Aleppo and ", "Kafr Nabl, ", "Hama, and ".
_CONJUNCT = re.compile(
    r"(?P<prev>(?:[A-Z][\w'’\-]*\s+){0,3}[A-Z][\w'’\-]*)(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$"
)
# The list continues after a name: " and Idlib", ", Hama and".
_NEXT_CONJUNCT = re.compile(
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?P<next>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3})"
)
_WINDOW = 60
_MAX_CONJUNCTS = 6


@dataclass(frozen=True)
class CueRule:
    name: str
    side: Literal["before", "after"]
    pattern: re.Pattern[str]
    kind: str
    strength: str
    coordination: bool
    examples: tuple[str, ...]
    counties: bool = False
    role: str | None = None
    # ASCII strings one of which every match starts with ("city", "province" ...), or None
    hint: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Cue:
    """A rule that fired for one name; `inherited` when it came through a conjunction."""

    rule: str
    kind: str
    strength: str
    inherited: bool = False
    counties: bool = False  # the name may be a county's short form ("D-Raleigh": Raleigh County)
    role: str | None = None  # how the name is used: "relative", "modifier" (None: the cue says nothing)


def _rule(side: Literal["before", "after"], raw: object, index: int) -> CueRule:
    where = f"{CUES_FILE}: {side}[{index}]"
    if not isinstance(raw, dict):
        raise ResourceError(where, "a rule must be a mapping")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise ResourceError(where, f"unknown keys {sorted(unknown)}")
    name = str(raw.get("name") or "")
    where = f"{CUES_FILE}: rule {name or index!r}"
    if not name:
        raise ResourceError(where, "rule has no name")
    kind, strength = raw.get("kind", "any"), raw.get("strength", "weak")
    if kind not in _KINDS or strength not in _STRENGTHS:
        raise ResourceError(where, f"bad kind {kind!r} or strength {strength!r}")
    role = raw.get("role")
    if role is not None and role not in _ROLES:
        raise ResourceError(where, f"bad role {role!r}; expected one of {sorted(_ROLES)}")
    examples = raw.get("examples") or []
    if not examples or not all(isinstance(e, str) and e.count("[") == 1 for e in examples):
        raise ResourceError(where, "needs examples, each with one [name]")
    pattern = compile_regex(str(raw.get("pattern") or ""), where, re.IGNORECASE)
    hint = literal_prefixes(pattern.pattern, pattern.flags)
    return CueRule(
        name=name,
        side=side,
        pattern=pattern,
        hint=hint if hint is not None and all(h.isascii() for h in hint) else None,
        kind=kind,
        strength=strength,
        coordination=bool(raw.get("coordination", False)),
        examples=tuple(examples),
        counties=bool(raw.get("counties", False)),
        role=role,
    )


@lru_cache(maxsize=1)
def cue_rules() -> tuple[CueRule, ...]:
    data = load_yaml(CUES_FILE)
    if not isinstance(data, dict) or set(data) - {"before", "after"}:
        raise ResourceError(CUES_FILE, "top level must have only 'before' and 'after'")
    return tuple(_rule(side, raw, i) for side in ("before", "after") for i, raw in enumerate(data.get(side) or []))


def _fired(text: str, start: int, end: int, inherited: bool) -> list[Cue]:
    """The rules whose pattern is found in the window before or after the name.

    Why the hint test: every name tries every rule, and most rules' words ("province",
    "county") are not near it; a substring test of the lowered window skips the regex
    search then. Only in an ASCII window: there a case-insensitive match of an ASCII
    literal is exactly a match of its lowered form (the regex engine's extra case
    equivalences, "ſ" for "s", need a character outside ASCII).
    """
    before, after = text[max(0, start - _WINDOW) : start], text[end : end + _WINDOW]
    lowered = {
        "before": before.lower() if before.isascii() else None,
        "after": after.lower() if after.isascii() else None,
    }
    found = []
    for r in cue_rules():
        if inherited and not r.coordination:
            continue
        low = lowered[r.side]
        if r.hint is not None and low is not None and not any(word in low for word in r.hint):
            continue
        if r.pattern.search(before if r.side == "before" else after):
            found.append(Cue(r.name, r.kind, r.strength, inherited, r.counties, r.role))
    return found


def cues_at(text: str, start: int, end: int) -> list[Cue]:
    """Cues for the name at text[start:end], including those of a list it belongs to.

    "the provinces of Aleppo and [Idlib]" inherits the cue before the list;
    "[Aleppo] and Idlib provinces" inherits the one after it.
    """
    cues = _fired(text, start, end, inherited=False)
    pos = start
    for _ in range(_MAX_CONJUNCTS):
        lo = max(0, pos - _WINDOW)
        m = _CONJUNCT.search(text[lo:pos])
        if m is None:
            break
        pos = lo + m.start("prev")
        inherited = [c for c in _fired(text, pos, pos, inherited=True) if c.rule in _side_rules("before")]
        if inherited:
            cues.extend(inherited)
            break
    pos = end
    for _ in range(_MAX_CONJUNCTS):
        m = _NEXT_CONJUNCT.match(text, pos, min(len(text), pos + _WINDOW))
        if m is None:
            break
        pos = m.end("next")
        inherited = [c for c in _fired(text, pos, pos, inherited=True) if c.rule in _side_rules("after")]
        if inherited:
            cues.extend(inherited)
            break
    return cues


@lru_cache(maxsize=2)
def _side_rules(side: str) -> frozenset[str]:
    return frozenset(r.name for r in cue_rules() if r.side == side)


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym or adjective -> ISO country code, with regular plurals ("Syrians")."""
    table: dict[str, str] = {}
    for row in load_tsv("places/demonyms.tsv", ("demonym", "country_code")):
        word, cc = row["demonym"], row["country_code"]
        if not word or len(cc) != 2:
            raise ResourceError("places/demonyms.tsv", f"bad row {row}")
        table[word] = cc
        if word.endswith(("an", "i")):
            table.setdefault(word + "s", cc)
    return table


@lru_cache(maxsize=1)
def feature_words() -> frozenset[str]:
    """Words of natural features' names ("Lake", "River", "Mountains"), case-folded."""
    rel = "places/feature_words.tsv"
    rows = load_tsv(rel, ("word", "kind"))
    unknown = {r["kind"] for r in rows} - {"water", "land"}
    if unknown:
        raise ResourceError(rel, f"unknown kind {sorted(unknown)}; expected water or land")
    return frozenset(r["word"].casefold() for r in rows)


@lru_cache(maxsize=1)
def not_places() -> frozenset[str]:
    return frozenset(r["name"].casefold() for r in load_tsv("places/not_places.tsv", ("name", "reason")))


@lru_cache(maxsize=2)
def local_offices(role: Literal["body", "title"]) -> frozenset[str]:
    """Words of a town's offices: public bodies ("Police") or officials' titles ("Mayor")."""
    rel = "places/local_offices.tsv"
    rows = load_tsv(rel, ("word", "role"))
    unknown = {r["role"] for r in rows} - {"body", "title"}
    if unknown:
        raise ResourceError(rel, f"unknown role {sorted(unknown)}; expected body or title")
    return frozenset(r["word"].casefold() for r in rows if r["role"] == role)
