"""Attribution cues in one sentence: "according to X", "X said ...", "citing Y", "as X notes".

Why links with a depth: a sentence can nest sources ("The report said Assad assured ...,
according to a commander"); the chain lists the nearest source first, and nearness is how
far up the parse tree from the event the cue sits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Token

from dateline.errors import ResourceError
from dateline.pipeline.nlp import sentence_of
from dateline.resources import compile_regex, load_yaml

__all__ = ["Cues", "Link", "links_for", "load_cues", "source_tokens"]

CUES_FILE = "attribution/cues.yaml"
HEDGES_FILE = "attribution/hedges.yaml"
_CUE_KEYS = {"speech_verbs", "according_to", "citing", "scope_subjects", "report_nouns"}
_HEDGE_KEYS = {"hedge_adverbs", "hedge_frames", "denial_verbs", "unconfirmed"}
_EXAMPLE_KEYS = {"text", "event", "source", "kind", "certainty"}
# how an event's clause may hang under a speech verb and still be what the verb reports
# (not advcl: in "told X he was going home, although he went to the airport" the second is the narrator's)
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "pcomp"})


@dataclass(frozen=True)
class Cues:
    speech: frozenset[str]
    according: frozenset[str]
    citing: frozenset[str]
    scope_subjects: frozenset[str]
    report_nouns: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_frames: frozenset[str]
    denial: frozenset[str]
    unconfirmed: tuple[re.Pattern[str], ...]
    examples: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class Link:
    """One source found for an event, still in tokens."""

    source: Token  # head of the source phrase
    cue: tuple[int, int]  # character span of the cue words
    kind: str
    depth: float  # how far up from the event the cue attaches (smaller is nearer)
    verb: str | None = None  # lemma of the speech verb, if any
    carries: bool = True  # whether it sources the sentences that follow
    governs: bool = False  # a speech verb whose complement holds the event ("X said they ...")


def _entry(data: dict[str, Any], key: str, field: str, where: str) -> list[str]:
    entry = data.get(key)
    if not isinstance(entry, dict) or not isinstance(entry.get(field), list):
        raise ResourceError(where, f"{key!r} needs a list {field!r}")
    unknown = set(entry) - {"why", field, "examples"}
    if unknown:
        raise ResourceError(where, f"{key!r} has unknown keys {sorted(unknown)}")
    return [str(w).lower() for w in entry[field]]


def _examples(entry: Any, where: str) -> list[dict[str, str]]:
    out = []
    for ex in entry.get("examples", []) if isinstance(entry, dict) else []:
        if not isinstance(ex, dict) or set(ex) - _EXAMPLE_KEYS or not {"text", "event"} <= set(ex):
            raise ResourceError(where, f"bad example {ex!r}: needs text and event, keys {sorted(_EXAMPLE_KEYS)}")
        out.append({k: str(v) for k, v in ex.items()})
    return out


def _unconfirmed(rules: Any) -> tuple[tuple[re.Pattern[str], ...], list[dict[str, str]]]:
    if not isinstance(rules, list):
        raise ResourceError(HEDGES_FILE, "'unconfirmed' must be a list of rules")
    patterns, examples = [], []
    for rule in rules:
        if not isinstance(rule, dict) or set(rule) - {"name", "pattern", "examples"} or "pattern" not in rule:
            raise ResourceError(HEDGES_FILE, f"bad unconfirmed rule {rule!r}")
        where = f"{HEDGES_FILE} rule {rule.get('name')!r}"
        patterns.append(compile_regex(rule["pattern"], where, re.IGNORECASE))
        examples += _examples(rule, where)
    return tuple(patterns), examples


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The shipped cue and hedge lists, checked once per process."""
    cues, hedges = load_yaml(CUES_FILE), load_yaml(HEDGES_FILE)
    if not isinstance(cues, dict) or set(cues) != _CUE_KEYS:
        raise ResourceError(CUES_FILE, f"expected exactly the keys {sorted(_CUE_KEYS)}")
    if not isinstance(hedges, dict) or set(hedges) != _HEDGE_KEYS:
        raise ResourceError(HEDGES_FILE, f"expected exactly the keys {sorted(_HEDGE_KEYS)}")
    unconfirmed, examples = _unconfirmed(hedges["unconfirmed"])
    for key in _CUE_KEYS:
        examples += _examples(cues[key], f"{CUES_FILE} {key}")
    for key in _HEDGE_KEYS - {"unconfirmed"}:
        examples += _examples(hedges[key], f"{HEDGES_FILE} {key}")
    return Cues(
        speech=frozenset(_entry(cues, "speech_verbs", "lemmas", CUES_FILE)),
        according=frozenset(_entry(cues, "according_to", "heads", CUES_FILE)),
        citing=frozenset(_entry(cues, "citing", "lemmas", CUES_FILE)),
        scope_subjects=frozenset(_entry(cues, "scope_subjects", "words", CUES_FILE)),
        report_nouns=frozenset(_entry(cues, "report_nouns", "words", CUES_FILE)),
        hedge_adverbs=frozenset(_entry(hedges, "hedge_adverbs", "words", HEDGES_FILE)),
        hedge_frames=frozenset(_entry(hedges, "hedge_frames", "words", HEDGES_FILE)),
        denial=frozenset(_entry(hedges, "denial_verbs", "words", HEDGES_FILE)),
        unconfirmed=unconfirmed,
        examples=tuple(examples),
    )


def source_tokens(head: Token) -> list[Token]:
    """The source phrase as written, without appositions ("Hadi al-Bahra, the leader of ...")."""
    out = [head]
    for child in head.children:
        if child.dep_ in ("appos", "punct", "cc", "conj") and child.i > head.i:
            continue
        if any(g.dep_ == "mark" and g.lower_ == "as" for g in child.children):
            continue  # "the dictator, as the source notes," : the aside is not part of the name
        out.extend(child.subtree)
    out.sort(key=lambda t: t.i)
    while len(out) > 1 and out[-1].is_punct:
        out.pop()
    return out


def speaker_of(verb: Token) -> Token | None:
    """Who a speech verb's statement belongs to: its subject, or the agent of a passive."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None


def _according_link(prep: Token, cues: Cues, depth: float) -> Link | None:
    if prep.lower_ not in cues.according:
        return None
    for to in prep.children:
        for pobj in to.children:
            if pobj.dep_ == "pobj":
                # a sentence-initial "According to X," covers the whole sentence: outermost at its level
                initial = all(t.is_punct or t.is_space for t in prep.doc[sentence_of(prep).start : prep.i])
                cue = (prep.idx, to.idx + len(to))
                return Link(pobj, cue, "according_to", depth + (0.6 if initial else 0.2))
    return None


def _speech_link(verb: Token, cues: Cues, depth: float) -> list[Link]:
    speaker = speaker_of(verb)
    if speaker is None or speaker.lower_ in cues.scope_subjects:
        return []
    cue = (verb.idx, verb.idx + len(verb))
    links = [Link(speaker, cue, "speech_verb", depth + 0.4, verb.lemma_.lower(), governs=True)]
    for child in verb.children:
        if child.lemma_.lower() in cues.citing:
            cited = next((g for g in child.children if g.dep_ in ("dobj", "pobj")), None)
            if cited is not None:
                links.append(Link(cited, (child.idx, child.idx + len(child)), "citing", depth + 0.1))
    return links


def _parenthetical(verb: Token, cues: Cues) -> bool:
    """ "one source said," or "as the source notes,": a speech verb set inside another clause."""
    if verb.lemma_.lower() not in cues.speech or verb.pos_ != "VERB":
        return False
    if verb.dep_ == "parataxis":
        return True
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


_PARENTHETICALS = "dateline_parentheticals"


def _parentheticals(token: Token, cues: Cues) -> list[Token]:
    """The parenthetical speech verbs of the token's sentence, found once per sentence (every
    event of the sentence asks)."""
    sent = sentence_of(token)
    cache = token.doc.user_data.setdefault(_PARENTHETICALS, {})
    key = (id(cues), sent.start)
    found = cache.get(key)
    if found is None:
        found = cache[key] = [t for t in sent if _parenthetical(t, cues)]
    return found


def links_for(token: Token, cues: Cues, skip_verbs: frozenset[int] = frozenset()) -> list[Link]:
    """Every cue in the sentence that sources the event whose trigger head is `token`.

    `skip_verbs` are speech verbs already accounted for (the verbs of direct quotes).
    """
    links: list[Link] = []
    path = [token, *token.ancestors]
    on_path = {t.i for t in path}
    for depth, node in enumerate(path):
        for child in node.children:
            if child.i in on_path:
                continue
            link = _according_link(child, cues, depth)
            if link is not None:
                links.append(link)
        below = path[depth - 1] if depth else None
        is_speech = node.lemma_.lower() in cues.speech and node.pos_ == "VERB" and node.i not in skip_verbs
        governs = below is not None and below.dep_ in _COMPLEMENT_DEPS
        if is_speech and governs and not _parenthetical(node, cues):
            links.extend(_speech_link(node, cues, depth))
    top = len(path)
    for other in _parentheticals(token, cues):
        if other.i not in on_path and other.i not in skip_verbs:
            if token.i in {t.i for t in other.subtree}:
                continue
            for link in _speech_link(other, cues, top):
                carries = other.dep_ != "parataxis"
                links.append(Link(link.source, link.cue, link.kind, link.depth, link.verb, carries, False))
    links.sort(key=lambda link: link.depth)
    return links
