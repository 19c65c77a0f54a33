"""Grammatical gender of people, so a pronoun resolves only to a person it agrees with.

Why: "she" must never land on a man, nor "he" on a woman; with no agreement check the
nearest person named before a pronoun became the victim or the killer of stories that
named the police spokesman last. A person's gender is read from what the text says of
them (a title or a description: "Mrs.", "the woman", "his mother") and, failing that, from
their first name in the US Census 1990 first-name lists (public domain, shipped in the
`names` package, MIT); a name common for both is unknown, and unknown agrees with either
pronoun, so nothing is guessed from a weak signal.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from dateline.resources import load_yaml

__all__ = ["agrees", "name_gender", "pronoun_gender", "word_gender"]

_RATIO = 10.0  # a name counts for one gender when it is this many times more frequent in it


@lru_cache(maxsize=1)
def _census() -> dict[str, str]:
    """First name (upper case) -> "m" or "f", from the census lists; empty when not installed."""
    freq: dict[str, dict[str, float]] = {}
    for gender, filename in (("m", "dist.male.first"), ("f", "dist.female.first")):
        try:
            lines = resources.files("names").joinpath(filename).read_text(encoding="ascii").splitlines()
        except (ModuleNotFoundError, FileNotFoundError, OSError):
            return {}
        for line in lines:
            parts = line.split()
            if len(parts) >= 2:
                freq.setdefault(parts[0], {})[gender] = float(parts[1])
    out = {}
    for name, by in freq.items():
        m, f = by.get("m", 0.0), by.get("f", 0.0)
        if m > _RATIO * f:
            out[name] = "m"
        elif f > _RATIO * m:
            out[name] = "f"
    return out


def name_gender(first_name: str) -> str | None:
    """The gender a first name is given to far more often, or None."""
    return _census().get(first_name.strip(".").upper())


def word_gender(word: str, female: frozenset[str], male: frozenset[str]) -> str | None:
    """A title or a noun that says a gender ("Mrs.", "woman", "father")."""
    lower = word.lower().strip(".")
    return "f" if lower in female else "m" if lower in male else None


@lru_cache(maxsize=1)
def pronoun_gender() -> dict[str, str]:
    """Person pronoun -> "m" or "f", from `person_pronouns` in resources/entities/lexicon.yaml."""
    return {str(k).lower(): str(v) for k, v in (load_yaml("entities/lexicon.yaml")["person_pronouns"] or {}).items()}


def agrees(pronoun: str, gender: str | None) -> bool:
    """Unknown gender agrees with any pronoun; a known one only with its own."""
    wanted = pronoun_gender().get(pronoun.lower())
    return wanted is None or gender is None or gender == wanted
