"""Mention roles: whether a place name names the place itself or something tied to it.

Why: a map or an event's location should take only literal mentions. The Pragmatic Guide
to Geoparsing Evaluation (Gritta et al. 2020) tells literal toponyms from associative
ones; "Moscow said" names the Russian government (metonymy), "the Aleppo offensive" uses
the place to name an offensive (a modifier), and "200 miles northwest of Los Angeles"
names a place only as a reference point: the event is not there. Each mention keeps its
place and coordinates (the name *is* Los Angeles); `Mention.role` says how it is used.
The rules and their word lists are in `resources/places/roles.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from spacy.tokens import Doc, Token

from dateline.errors import ResourceError
from dateline.gazetteer.base import Candidate
from dateline.gazetteer.cues import Cue
from dateline.resources import load_yaml

__all__ = ["Role", "RoleRules", "mention_role", "role_rules"]

Role = Literal["literal", "metonymic", "modifier", "relative"]
ROLES_FILE = "places/roles.yaml"
# A dependent that modifies the noun it hangs from (spaCy's English labels).
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
# A subject of an active verb; a conjunct ("Moscow and Beijing said") takes its first's.
_SUBJECT_DEPS = frozenset({"nsubj"})
_METONYMY_KINDS = frozenset({"country", "admin1", "capital"})


@dataclass(frozen=True)
class RoleRules:
    verbs: frozenset[str]
    kinds: frozenset[str]
    not_modifier_heads: frozenset[str]


@lru_cache(maxsize=1)
def role_rules() -> RoleRules:
    data = load_yaml(ROLES_FILE)
    if not isinstance(data, dict) or set(data) != {"metonymy", "not_modifier_heads"}:
        raise ResourceError(ROLES_FILE, "top level must have exactly 'metonymy' and 'not_modifier_heads'")
    metonymy = data["metonymy"]
    if not isinstance(metonymy, dict) or set(metonymy) != {"kinds", "verbs"}:
        raise ResourceError(ROLES_FILE + ": metonymy", "must have exactly 'kinds' and 'verbs'")
    kinds, verbs, heads = metonymy["kinds"], metonymy["verbs"], data["not_modifier_heads"]
    for where, words in (("metonymy.kinds", kinds), ("metonymy.verbs", verbs), ("not_modifier_heads", heads)):
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise ResourceError(f"{ROLES_FILE}: {where}", "must be a list of words")
        if len(set(words)) != len(words):
            raise ResourceError(f"{ROLES_FILE}: {where}", "lists a word twice")
    unknown = set(kinds) - _METONYMY_KINDS
    if unknown:
        raise ResourceError(f"{ROLES_FILE}: metonymy.kinds", f"unknown kinds {sorted(unknown)}")
    from dateline.pipeline.attribution.cues import load_cues  # the verbs of saying: one list for both stages

    return RoleRules(frozenset(verbs) | load_cues().speech, frozenset(kinds), frozenset(h.casefold() for h in heads))


def mention_role(doc: Doc, start: int, end: int, chosen: Candidate | None, cues: list[Cue]) -> Role:
    """The role of the place name at doc.text[start:end] (chosen: its resolved entry).

    A cue's role comes first (a distance phrase says `relative` whatever the syntax);
    the parse decides the others, and without a parse (a blank pipeline) every mention
    is literal.
    """
    for cue in cues:
        if cue.role is not None and not cue.inherited:
            return cue.role  # type: ignore[return-value]  # checked against Role at load
    if not doc.has_annotation("DEP"):
        return "literal"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "literal"
    root, rules = span.root, role_rules()
    if _is_metonymic(root, chosen, rules):
        return "metonymic"
    if _is_modifier(root, span.end, rules):
        return "modifier"
    return "literal"


def _is_metonymic(root: Token, chosen: Candidate | None, rules: RoleRules) -> bool:
    """A country, region or capital that is the subject of a verb of saying or deciding."""
    if chosen is None:
        return False
    kind = "capital" if chosen.kind == "city" and chosen.capital else chosen.kind
    if kind not in rules.kinds:
        return False
    token = root
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    verb = token.head
    return token.dep_ in _SUBJECT_DEPS and verb.pos_ in {"VERB", "AUX"} and verb.lemma_.casefold() in rules.verbs


def _is_modifier(root: Token, name_end: int, rules: RoleRules) -> bool:
    """The name hangs, as a modifier, from a common noun after it ("the Aleppo offensive")."""
    head = root.head
    return (
        root.dep_ in _MODIFIER_DEPS
        and head.i >= name_end
        and head.pos_ == "NOUN"
        and head.lower_ not in rules.not_modifier_heads
    )
