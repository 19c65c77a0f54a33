"""Scoring of events, arguments, sources and certainty against hand-annotated sentences and MEANTIME.

Why in the package: the benchmark script prints these figures and a test pins floors on
them, so both must compute them the same way. Data is read where it lies (`tests/data/`,
`../shared/bench/meantime/`), never copied.

Matching: a system event matches a gold one in the same item when one trigger text contains
the other (case-insensitive); each system event matches at most one gold event.

Which system events: the own sentence set and the first MEANTIME figures are about PLOVER
coding, so only coded events (`type` not None) count there; the event stage also emits every
other TimeML event mention ("fell", "the merger"), which `score_meantime_all` scores
against every MEANTIME event mention, and `score_meantime_dated` against those with a date.
"""

from __future__ import annotations

import re
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
    "coded",
    "load_sentences",
    "read_meantime",
    "score_meantime",
    "score_meantime_all",
    "score_meantime_dated",
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


def coded(events: Iterable[Event]) -> list[Event]:
    """The events the PLOVER lexicon codes (`type` set); the rest are TimeML mentions only."""
    return [e for e in events if e.type is not None]


def score_sentences(items: Iterable[tuple[str, list[Gold], Record]]) -> Scores:
    """Coded events only: the set is about PLOVER types, roles, sources and certainty."""
    scores = Scores()
    for text, golds, record in items:
        unused = coded(record.events)
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
                scores.type_pr(match.type or "").fp += 1
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
            scores.type_pr(extra.type or "").fp += 1
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
    m_id: str = ""
    date: str | None = None  # the gold date: the instance's TIME, else a TLINK to a dated timex
    date_from: str = ""  # "instance" or "tlink"


@dataclass(frozen=True)
class MeantimeDoc:
    name: str
    text: str
    events: tuple[MeantimeEvent, ...]
    dct: str | None = None  # the CREATION_TIME timex's date
    annotated_end: int = -1  # the text's offset where the annotated sentences end (-1: all of it)


_CONCRETE = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?)?")
# relTypes that put the event inside the time, read from the event's side and from the time's
# (as `eval.dating` reads TimeBank's TLINKs)
_EVENT_INSIDE = {"IS_INCLUDED", "SIMULTANEOUS", "DURING", "IDENTITY"}
_TIME_AROUND = {"INCLUDES", "SIMULTANEOUS", "IDENTITY"}


def _tlink_dates(root: ET.Element) -> dict[str, str]:
    """Event mention m_id -> the finest concrete date a TLINK puts it in (the DCT timex included)."""
    times = {t.get("m_id", ""): t.get("value", "") for t in root.iter("TIMEX3")}
    dates: dict[str, str] = {}
    relations = root.find("Relations")
    for link in relations.iter("TLINK") if relations is not None else []:
        source, target = link.find("source"), link.find("target")
        if source is None or target is None:
            continue
        src, tgt, rel = source.get("m_id", ""), target.get("m_id", ""), link.get("reltype", "")
        if tgt in times and src not in times and rel in _EVENT_INSIDE:
            event, value = src, times[tgt]
        elif src in times and tgt not in times and rel in _TIME_AROUND:
            event, value = tgt, times[src]
        else:
            continue
        m = _CONCRETE.match(value)
        if m and len(m.group(0)) > len(dates.get(event, "")):
            dates[event] = m.group(0)
    return dates


def _instance_dates(path: Path | None, times: dict[str, str]) -> dict[tuple[str, ...], str]:
    """Token ids of each event mention of the cross-document file -> its instance's TIME.

    The intra-document files carry no instance ids; the cross-document copy of the same
    document (same tokens) ties each mention, through REFERS_TO, to an EVENT with one.
    """
    if path is None or not path.exists() or not times:
        return {}
    root = ET.parse(path).getroot()
    markables = root.find("Markables")
    tokens: dict[str, tuple[str, ...]] = {}
    instance: dict[str, str] = {}
    for element in markables if markables is not None else []:
        if element.tag == "EVENT_MENTION":
            tokens[element.get("m_id", "")] = tuple(sorted(a.get("t_id", "") for a in element.iter("token_anchor")))
        elif element.tag == "EVENT" and element.get("instance_id"):
            instance[element.get("m_id", "")] = element.get("instance_id", "")
    out: dict[tuple[str, ...], str] = {}
    relations = root.find("Relations")
    for rel in relations.iter("REFERS_TO") if relations is not None else []:
        target = rel.find("target")
        time = times.get(instance.get(target.get("m_id", ""), "")) if target is not None else None
        if time is None:
            continue
        for source in rel.iter("source"):
            if source.get("m_id", "") in tokens:
                out[tokens[source.get("m_id", "")]] = time
    return out


def read_meantime(folder: Path, cross_doc: Path | None = None, instances: Path | None = None) -> Iterator[MeantimeDoc]:
    """MEANTIME intra-document files: the text rebuilt from tokens (one space apart, a blank line
    between sentences) and the event mentions as character spans of it.

    Each mention's gold date is its instance's TIME (from `instances`, list_instances_apple.csv,
    through the same document in `cross_doc`, the intra_cross-doc folder) when known, else the
    finest date a TLINK to a timex gives it. `annotated_end` ends the last sentence that holds a
    markable: MEANTIME annotates the first sentences only.
    """
    from dateline.eval.coref import read_instance_times

    times = read_instance_times(instances) if instances is not None and instances.exists() else {}
    for path in sorted(folder.glob("*.xml")):
        root = ET.parse(path).getroot()
        text, offsets = tokens_to_text(root, "\n\n", as_written=True)
        sentence_of = {t.get("t_id", ""): int(t.get("sentence", "0")) for t in root.iter("token")}
        markables = root.find("Markables")
        anchors = [a.get("t_id", "") for a in markables.iter("token_anchor")] if markables is not None else []
        last = max((sentence_of[a] for a in anchors if a in sentence_of), default=None)
        ends = [offsets[t][1] for t, n in sentence_of.items() if last is not None and n <= last and t in offsets]
        annotated_end = max(ends, default=-1)
        by_instance = _instance_dates(cross_doc / path.name if cross_doc is not None else None, times)
        by_tlink = _tlink_dates(root)
        dct = next((t.get("value", "")[:10] or None for t in root.iter("TIMEX3")
                    if t.get("functionInDocument") == "CREATION_TIME"), None)
        events = []
        for mention in root.iter("EVENT_MENTION"):
            t_ids = [a.get("t_id", "") for a in mention.iter("token_anchor")]
            spans = [offsets[t] for t in t_ids if t in offsets]
            if not spans:
                continue
            m_id = mention.get("m_id", "")
            date, date_from = by_instance.get(tuple(sorted(t_ids))), "instance"
            if date is None:
                date, date_from = by_tlink.get(m_id), "tlink"
            events.append(
                MeantimeEvent(
                    start=min(s for s, _ in spans),
                    end=max(e for _, e in spans),
                    pred=mention.get("pred", ""),
                    certainty=mention.get("certainty", ""),
                    polarity=mention.get("polarity", ""),
                    time=mention.get("time", ""),
                    m_id=m_id,
                    date=date,
                    date_from=date_from if date else "",
                )
            )
        yield MeantimeDoc(path.stem, text, tuple(events), dct, annotated_end)


def score_meantime(items: Iterable[tuple[MeantimeDoc, Record]]) -> dict[str, Any]:
    """Coded-trigger overlap with MEANTIME event mentions, and over the matches, factuality agreement.

    MEANTIME marks every event (any verb or noun that happens); the PLOVER coding only political
    and news events, so recall is low by design; precision says how often a coded trigger is an
    annotated event at all. Only coded events count (`score_meantime_all` takes every event).
    Factuality: polarity NEG vs `negated`; certainty POSSIBLE/PROBABLE vs `hedged`; time FUTURE
    vs `future`.
    """
    detection = PR()
    agree: Counter[str] = Counter()
    total = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for doc, record in items:
        matched: set[int] = set()
        for event in coded(record.events):
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


def _in_annotated(doc: MeantimeDoc, events: Iterable[Event]) -> list[Event]:
    end = doc.annotated_end if doc.annotated_end >= 0 else len(doc.text)
    return [e for e in events if e.trigger.start < end]


def score_meantime_all(items: Iterable[tuple[MeantimeDoc, Record]]) -> PR:
    """Every event of the record (coded or not) against every MEANTIME event mention, by overlap.

    Only the record's events inside the annotated sentences count: nobody marked the rest.
    Each gold mention matches one event at most, each event one gold mention.
    """
    detection = PR()
    for doc, record in items:
        matched: set[int] = set()
        for event in sorted(_in_annotated(doc, record.events), key=lambda e: e.trigger.start):
            hit = next((i for i, g in enumerate(doc.events)
                        if i not in matched and g.start < event.trigger.end and event.trigger.start < g.end), None)
            if hit is None:
                detection.fp += 1
            else:
                matched.add(hit)
                detection.tp += 1
        detection.fn += len(doc.events) - len(matched)
    return detection


def score_meantime_dated(items: Iterable[tuple[MeantimeDoc, Record]]) -> dict[str, Any]:
    """Gold mentions with a date (instance TIME or TLINK): how many the record has an event for
    (trigger overlap), and how many of those it dates right (`eval.dating.date_right`).

    Beside them the publication-date baseline over the same gold mentions.
    """
    from dateline.eval.dating import date_right

    gold = found = right = publication = publication_found = 0
    by_source: Counter[str] = Counter()
    right_by_source: Counter[str] = Counter()
    by_sieve: dict[str, list[int]] = {}  # sieve -> [found events it dated, right, publication date right]
    for doc, record in items:
        events = _in_annotated(doc, record.events)
        for g in doc.events:
            if g.date is None:
                continue
            gold += 1
            by_source[g.date_from] += 1
            publication += date_right(doc.dct, g.date)
            event = next((e for e in events if g.start < e.trigger.end and e.trigger.start < g.end), None)
            if event is None:
                continue
            found += 1
            publication_found += date_right(doc.dct, g.date)
            sieve = by_sieve.setdefault(event.when.sieve or "(no sieve)", [0, 0, 0])
            sieve[0] += 1
            sieve[1] += date_right(event.when.value, g.date)
            sieve[2] += date_right(doc.dct, g.date)
            if date_right(event.when.value, g.date):
                right += 1
                right_by_source[g.date_from] += 1
    return {"gold": gold, "found": found, "right": right, "publication": publication,
            "publication_found": publication_found,
            "by_source": dict(by_source), "right_by_source": dict(right_by_source), "by_sieve": by_sieve}
