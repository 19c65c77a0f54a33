"""Scoring of events, arguments, sources and certainty against hand-annotated sentences and MEANTIME.

Why in the package: the benchmark script prints these figures and a test pins floors on
them, so both must compute them the same way. Data is read where it lies (`tests/data/`,
`../shared/bench/meantime/`), never copied.

Matching: a system event matches a gold one in the same item when one trigger text contains
the other (case-insensitive); each system event matches at most one gold event.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dateline.eval.meantime import tokens_to_text
from dateline.model import Event, Record

__all__ = [
    "Gold",
    "MeantimeDoc",
    "Scores",
    "load_sentences",
    "read_meantime",
    "score_meantime",
    "score_sentences",
]


@dataclass(frozen=True)
class Gold:
    trigger: str
    type: str
    actor: tuple[str, ...] | None
    target: tuple[str, ...] | None
    source: str
    certainty: str


def _alternatives(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def load_sentences(path: Path) -> list[tuple[str, list[Gold]]]:
    """The annotated sentences: (text, gold events)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for item in data["sentences"]:
        golds = [
            Gold(
                trigger=str(ev["trigger"]),
                type=str(ev["type"]),
                actor=_alternatives(ev.get("actor")),
                target=_alternatives(ev.get("target")),
                source=str(ev.get("source", "article")),
                certainty=str(ev.get("certainty", "asserted")),
            )
            for ev in item["events"]
        ]
        out.append((str(item["text"]), golds))
    return out


@dataclass
class PR:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    types: dict[str, PR] = field(default_factory=dict)
    detection: PR = field(default_factory=PR)
    actor: PR = field(default_factory=PR)
    target: PR = field(default_factory=PR)
    source: PR = field(default_factory=PR)
    certainty: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def type_pr(self, name: str) -> PR:
        return self.types.setdefault(name, PR())

    @property
    def certainty_accuracy(self) -> float:
        total = sum(self.certainty.values())
        return sum(n for (g, s), n in self.certainty.items() if g == s) / total if total else 0.0


def _same(a: str, b: str) -> bool:
    a, b = a.lower().strip(), b.lower().strip()
    return bool(a) and bool(b) and (a in b or b in a)


def _names(record: Record, ids: list[str]) -> list[list[str]]:
    """For each entity id, every way the text names it (name, aliases, mention texts)."""
    by_id = {e.id: e for e in record.entities}
    out = []
    for ident in ids:
        entity = by_id.get(ident)
        if entity is not None:
            out.append([entity.name, *entity.aliases, *(m.text for m in entity.mentions)])
    return out


def _role_names(record: Record, event: Event, role: str) -> list[list[str]]:
    """The entities in a role, or, where no entity was made, the argument phrases as written."""
    ids = event.actors if role == "actor" else event.targets
    names = _names(record, ids)
    if not names:
        names = [[arg.text] for arg in event.arguments if arg.role == role]
    return names


def _score_role(pr: PR, gold: tuple[str, ...] | None, system: list[list[str]]) -> bool:
    """One argument slot: right when gold is empty and the system says none, or they name the same."""
    if gold is None:
        if system:
            pr.fp += 1
            return False
        return True
    hit = any(_same(g, name) for g in gold for names in system for name in names)
    if hit:
        pr.tp += 1
    else:
        pr.fn += 1
        if system:
            pr.fp += 1
    return hit


def _source(event: Event) -> str:
    return event.attribution[0].source if event.attribution else "article"


def score_sentences(items: Iterable[tuple[str, list[Gold], Record]]) -> Scores:
    scores = Scores()
    for text, golds, record in items:
        unused = list(record.events)
        for gold in golds:
            match = next((e for e in unused if _same(gold.trigger, e.trigger.text)), None)
            if match is None:
                scores.detection.fn += 1
                scores.type_pr(gold.type).fn += 1
                scores.misses.append(f"missed {gold.trigger!r} ({gold.type}) in {text!r}")
                continue
            unused.remove(match)
            scores.detection.tp += 1
            if match.type == gold.type:
                scores.type_pr(gold.type).tp += 1
            else:
                scores.type_pr(gold.type).fn += 1
                scores.type_pr(match.type).fp += 1
                scores.misses.append(f"{gold.trigger!r}: type {match.type}, expected {gold.type}")
            for role, pr, want in (("actor", scores.actor, gold.actor), ("target", scores.target, gold.target)):
                got = _role_names(record, match, role)
                if not _score_role(pr, want, got):
                    scores.misses.append(f"{gold.trigger!r}: {role} {[n[0] for n in got]}, expected {want}")
            system_source = _source(match)
            if gold.source == "article" and system_source == "article":
                pass
            elif gold.source != "article" and _same(gold.source, system_source):
                scores.source.tp += 1
            else:
                if gold.source != "article":
                    scores.source.fn += 1
                if system_source != "article":
                    scores.source.fp += 1
                scores.misses.append(f"{gold.trigger!r}: source {system_source!r}, expected {gold.source!r}")
            scores.certainty[(gold.certainty, match.certainty)] += 1
            if gold.certainty != match.certainty:
                scores.misses.append(f"{gold.trigger!r}: certainty {match.certainty}, expected {gold.certainty}")
        for extra in unused:
            scores.detection.fp += 1
            scores.type_pr(extra.type).fp += 1
            scores.misses.append(f"extra {extra.trigger.text!r} ({extra.type}) in {text!r}")
    return scores


# --- MEANTIME ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeantimeEvent:
    start: int
    end: int
    pred: str
    certainty: str  # CERTAIN, POSSIBLE, PROBABLE, UNDERSPECIFIED
    polarity: str  # POS, NEG, UNDERSPECIFIED
    time: str  # NON_FUTURE, FUTURE, UNDERSPECIFIED


@dataclass(frozen=True)
class MeantimeDoc:
    name: str
    text: str
    events: tuple[MeantimeEvent, ...]


def read_meantime(folder: Path) -> Iterator[MeantimeDoc]:
    """MEANTIME intra-document files: the text rebuilt from tokens (one space apart, a blank line
    between sentences) and the event mentions as character spans of it."""
    for path in sorted(folder.glob("*.xml")):
        root = ET.parse(path).getroot()
        text, offsets = tokens_to_text(root, "\n\n", as_written=True)
        events = []
        for mention in root.iter("EVENT_MENTION"):
            spans = [offsets[a.get("t_id", "")] for a in mention.iter("token_anchor") if a.get("t_id") in offsets]
            if not spans:
                continue
            events.append(
                MeantimeEvent(
                    start=min(s for s, _ in spans),
                    end=max(e for _, e in spans),
                    pred=mention.get("pred", ""),
                    certainty=mention.get("certainty", ""),
                    polarity=mention.get("polarity", ""),
                    time=mention.get("time", ""),
                )
            )
        yield MeantimeDoc(path.stem, text, tuple(events))


def score_meantime(items: Iterable[tuple[MeantimeDoc, Record]]) -> dict[str, Any]:
    """Trigger overlap with MEANTIME event mentions, and over the matches, factuality agreement.

    MEANTIME marks every event (any verb or noun that happens); dateline only political and
    news events, so recall is low by design; precision says how often a dateline trigger is an
    annotated event at all. Factuality: polarity NEG vs `negated`; certainty POSSIBLE/PROBABLE vs
    `hedged`; time FUTURE vs `future`.
    """
    detection = PR()
    agree: Counter[str] = Counter()
    total = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for doc, record in items:
        matched: set[int] = set()
        for event in record.events:
            gold = next(
                (
                    (i, g)
                    for i, g in enumerate(doc.events)
                    if i not in matched and g.start < event.trigger.end and event.trigger.start < g.end
                ),
                None,
            )
            if gold is None:
                detection.fp += 1
                continue
            i, g = gold
            matched.add(i)
            detection.tp += 1
            total += 1
            negated = event.negated or event.certainty == "negated"
            agree["polarity"] += (g.polarity == "NEG") == negated
            agree["certainty"] += (g.certainty in ("POSSIBLE", "PROBABLE")) == (event.certainty == "hedged")
            agree["time"] += (g.time == "FUTURE") == (event.certainty == "future")
            confusion[(f"{g.polarity}/{g.certainty}/{g.time}", event.certainty)] += 1
        detection.fn += len(doc.events) - len(matched)
    return {"detection": detection, "matched": total, "agree": agree, "confusion": confusion}
