"""The event stage's data: trigger table, word classes and modality words, validated at load.

Why data files: which words make an event, of which PLOVER type, is a linguist's decision
that changes often; keeping it in TSV/YAML lets it change without touching the matching code,
and validating here makes a typo fail at start-up with the file and row named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from dateline.errors import ResourceError
from dateline.resources import load_tsv, load_yaml

__all__ = [
    "EVENT_TYPES",
    "EventLexicon",
    "Modality",
    "TriggerRule",
    "load_lexicon",
]

TRIGGERS_FILE = "events/triggers.tsv"
CLASSES_FILE = "events/classes.yaml"
MODALITY_FILE = "events/modality.yaml"
FORMS_FILE = "events/forms.yaml"

EVENT_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
        "MOVE", "STATEMENT", "DEATH", "INJURY", "SEIZE", "RELEASE", "TRADE",
    }
)
FLAGS = frozenset({"speech", "announce", "light", "existential", "opaque", "future", "converse", "interview",
                   "naming", "reception"})
SIMPLE_REQUIREMENTS = frozenset({"", "goal", "where", "object", "recipient", "negated"})
CONTROL_EFFECTS = frozenset({"attempt", "done", "negated", "future", "hedged"})
_COLUMNS = ("pattern", "pos", "type", "mode", "requires", "flags", "example")


@dataclass(frozen=True)
class TriggerRule:
    """One row of the trigger table; `words` are the head lemma then its dependents' lemmas."""

    words: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    requires: str
    flags: frozenset[str]
    example: str
    row: int

    @property
    def head(self) -> str:
        return self.words[0]

    @property
    def is_frame(self) -> bool:
        """A light or existential verb: the event is the noun it governs."""
        return bool(self.flags & {"light", "existential"})


@dataclass(frozen=True)
class Modality:
    negators: frozenset[str]
    negated_disjunctions: frozenset[str]
    future_aux: frozenset[str]
    hedge_aux: frozenset[str]
    control: dict[str, str]
    object_control: frozenset[str]
    intent_nouns: frozenset[str]


@dataclass(frozen=True)
class EventLexicon:
    rules: tuple[TriggerRule, ...]
    classes: dict[str, frozenset[str]]
    modality: Modality
    by_head: dict[tuple[str, str], tuple[TriggerRule, ...]] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)

    def candidates(self, lemma: str, pos: str) -> tuple[TriggerRule, ...]:
        """Rules whose head is `lemma`, longest patterns first, then in file order."""
        return self.by_head.get((lemma, pos), ())

    def lemma(self, token: Token) -> str:
        """The token's lemma, corrected where the model is known to get it wrong."""
        return self.forms.get(token.lower_, token.lemma_.lower())

    def in_class(self, name: str, lemma: str) -> bool:
        return lemma.lower() in self.classes[name]


def _parse_rule(row: dict[str, str], lineno: int, classes: dict[str, frozenset[str]]) -> TriggerRule:
    where = f"{TRIGGERS_FILE} row {lineno} ({row['pattern']!r})"
    words = tuple(w.lower() for w in row["pattern"].split())
    if not words:
        raise ResourceError(where, "empty pattern")
    if row["pos"] == "NOUN":
        words = (words[-1], *words[:-1])  # a noun's head is its last word
    if row["pos"] not in ("VERB", "NOUN"):
        raise ResourceError(where, f"pos must be VERB or NOUN, not {row['pos']!r}")
    flags = frozenset(f.strip() for f in row["flags"].split(",") if f.strip())
    if flags - FLAGS:
        raise ResourceError(where, f"unknown flags {sorted(flags - FLAGS)}; known: {sorted(FLAGS)}")
    frame = bool(flags & {"light", "existential"})
    if frame != (row["type"] == "-"):
        raise ResourceError(where, "type '-' goes with the light/existential flags and only with them")
    if not frame and row["type"] not in EVENT_TYPES:
        raise ResourceError(where, f"unknown type {row['type']!r}")
    requires = row["requires"]
    if requires.startswith(("obj:", "mod:")):
        if requires[4:].lstrip("!") not in classes:
            raise ResourceError(where, f"unknown word class {requires[4:]!r} (see {CLASSES_FILE})")
    elif requires not in SIMPLE_REQUIREMENTS:
        raise ResourceError(where, f"unknown requirement {requires!r}")
    if not row["example"]:
        raise ResourceError(where, "every rule needs an example sentence")
    return TriggerRule(
        words=words,
        pos=row["pos"],
        type=row["type"],
        mode=row["mode"] or None,
        requires=requires,
        flags=flags,
        example=row["example"],
        row=lineno,
    )


def _load_classes() -> dict[str, frozenset[str]]:
    data = load_yaml(CLASSES_FILE)
    if not isinstance(data, dict) or set(data) != {"classes"}:
        raise ResourceError(CLASSES_FILE, "expected one top-level key 'classes'")
    out: dict[str, frozenset[str]] = {}
    for name, words in data["classes"].items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ResourceError(CLASSES_FILE, f"class {name!r} must be a list of words")
        out[name] = frozenset(w.lower() for w in words)
    return out


def _words(data: dict, key: str, where: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise ResourceError(where, f"{key!r} must be a list of words")
    return frozenset(w.lower() for w in value)


def _load_modality() -> Modality:
    data = load_yaml(MODALITY_FILE)
    keys = {"negators", "negated_disjunctions", "future_aux", "hedge_aux", "control", "object_control",
            "intent_nouns"}
    if not isinstance(data, dict) or set(data) != keys:
        raise ResourceError(MODALITY_FILE, f"expected exactly the keys {sorted(keys)}")
    control: dict[str, str] = {}
    for effect in data["control"]:
        if effect not in CONTROL_EFFECTS:
            raise ResourceError(MODALITY_FILE, f"unknown control effect {effect!r}")
        for verb in _words(data["control"], effect, MODALITY_FILE):
            control[verb] = effect
    return Modality(
        negators=_words(data, "negators", MODALITY_FILE),
        negated_disjunctions=_words(data, "negated_disjunctions", MODALITY_FILE),
        future_aux=_words(data, "future_aux", MODALITY_FILE),
        hedge_aux=_words(data, "hedge_aux", MODALITY_FILE),
        control=control,
        object_control=_words(data, "object_control", MODALITY_FILE),
        intent_nouns=_words(data, "intent_nouns", MODALITY_FILE),
    )


def _load_forms() -> dict[str, str]:
    data = load_yaml(FORMS_FILE)
    if not isinstance(data, dict) or set(data) != {"forms"} or not isinstance(data["forms"], dict):
        raise ResourceError(FORMS_FILE, "expected one top-level mapping 'forms'")
    return {str(k).lower(): str(v).lower() for k, v in data["forms"].items()}


@lru_cache(maxsize=1)
def load_lexicon() -> EventLexicon:
    """The shipped lexicon, loaded and checked once per process."""
    classes = _load_classes()
    rows = load_tsv(TRIGGERS_FILE, _COLUMNS)
    rules = tuple(_parse_rule(row, i, classes) for i, row in enumerate(rows, start=1))
    grouped: dict[tuple[str, str], list[TriggerRule]] = {}
    for rule in rules:
        grouped.setdefault((rule.head, rule.pos), []).append(rule)
    by_head = {
        key: tuple(sorted(group, key=lambda r: (-len(r.words), r.row))) for key, group in grouped.items()
    }
    return EventLexicon(
        rules=rules, classes=classes, modality=_load_modality(), by_head=by_head, forms=_load_forms()
    )
