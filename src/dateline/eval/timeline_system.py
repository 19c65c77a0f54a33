"""The system side of SemEval-2015 task 4 (track A): dateline's timeline of each target entity.

Why apart from the scorer (`eval/timeline.py`): the scorer reads and compares timelines
and needs no model; this runs the pipeline. What it does:

- Documents: the task's token XML (`Corpus-trial-data_task4/*.xml`), every token, joined
  as written with a line per sentence by `eval.meantime.tokens_to_text` (the reader the
  MEANTIME harnesses share); the document creation time is its CREATION_TIME TIMEX3.
  Not `eval.tml.read_meantime_timexes`: it stops the text at the last annotated sentence
  (a cut the gold decides) and keeps no token offsets, which the mention ids need. The
  `.tml` copies join sentences without a break ("2010Yesterday"), so they are not used.
  The XML's EVENT_MENTION markables are never read: track A starts from raw text.
- Mention ids: an event's trigger covers tokens; its id is `DOCID-SENTENCE-WORD` with the
  sentence number of its first token and its tokens' words lower-cased, joined by "_",
  as the gold writes them. Two events with one id (the same word twice in a sentence)
  are one mention, first place kept.
- The entity: a `store.queries.NameMatcher` for the target's name (from the gold file's
  first line: nothing else is read from the gold). In each record, the entities it names
  (by name, alias, acronym, surname of a person) join it with their names and aliases;
  the other entities' longer names block matches inside them. An event takes part when
  one of its actors or targets is such an entity, or one of its arguments (actor,
  target, instrument) is one or overlaps a place where the text names the target (the
  text, so that an argument cut short, "the iPhone" of "the iPhone 3G", still counts).
- The timeline: those events' mentions, by `store.queries.timeline_date` of `event.when`
  (day, month or year; same date, same position); undated ones at order 0, as the task does.

Runs scored (all on the same scorer): dateline as above; the same events at their
document's creation date (what the dating stage adds); and the baseline, every dateline
event in a sentence that names the entity, at its document's creation date (no argument
links, no dating).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.eval.meantime import tokens_to_text
from dateline.eval.timeline import Timeline, TimelineEntry
from dateline.store.queries import NameMatcher, name_key, overlaps, timeline_date

__all__ = ["TaskDocument", "entity_matcher", "entity_mentions", "make_timeline", "read_task_documents",
           "system_runs"]

_UNDATED = "XXXX-XX-XX"


@dataclass
class TaskDocument:
    """One task document: its text, creation date, and tokens (start offset, end, sentence, word)."""

    doc_id: str
    name: str
    dct: str | None
    text: str
    tokens: list[tuple[int, int, int, str]] = field(default_factory=list)

    def mention_id(self, start: int, end: int) -> str | None:
        """The task's id of the mention whose trigger spans `start`..`end`, or None if no token is there."""
        first = bisect_right([t[0] for t in self.tokens], start) - 1
        covered = [t for t in self.tokens[max(first, 0):] if t[0] < end and start < t[1]]
        if not covered:
            return None
        return f"{self.doc_id}-{covered[0][2]}-{'_'.join(t[3].lower() for t in covered)}"

    def sentence_of(self, start: int) -> int | None:
        i = bisect_right([t[0] for t in self.tokens], start) - 1
        return self.tokens[i][2] if i >= 0 else None


def read_task_documents(folder: str | Path) -> list[TaskDocument]:
    """The task's token-XML documents under `folder`, in name order."""
    docs = []
    for path in sorted(Path(folder).glob("*.xml")):
        root = ET.parse(path).getroot()
        text, offsets = tokens_to_text(root, "\n", as_written=True)
        tokens = sorted((offsets[t.get("t_id", "")][0], offsets[t.get("t_id", "")][1], int(t.get("sentence", "0")),
                         t.text or "") for t in root.iter("token") if t.get("t_id", "") in offsets)
        dct = next((x.get("value") for x in root.iter("TIMEX3") if x.get("functionInDocument") == "CREATION_TIME"),
                   None)
        docs.append(TaskDocument(root.get("doc_id") or path.stem.split("-")[0].split("_")[0],
                                 root.get("doc_name") or path.stem, dct[:10] if dct else None, text, tokens))
    return docs


def entity_matcher(name: str, record: Any) -> tuple[NameMatcher, set[str]]:
    """(the matcher for `name` in this record, the ids of the record's entities it names)."""
    base = NameMatcher.for_name(name)
    matched = {e.id for e in record.entities if base.names(e.name, e.type) or any(base.names(a, e.type)
                                                                                 for a in e.aliases)}
    matcher = base
    for e in record.entities:
        if e.id in matched:
            matcher = matcher.widened([e.name, *e.aliases], person=e.type == "PERSON")
    others = [name_key(n) for e in record.entities if e.id not in matched for n in [e.name, *e.aliases]]
    return matcher.widened([], others=[o for o in others if o]), matched


def _takes_part(event: Any, named: list[tuple[int, int]], matched: set[str]) -> bool:
    """As `store.queries.entity_timeline` decides it: an actor or target, or an argument that is the
    entity or overlaps a place where the text names it."""
    if any(i in matched for i in [*event.actors, *event.targets]):
        return True
    return any(a.role not in ("place", "time") and (a.entity in matched or overlaps(a.start, a.end, named))
               for a in event.arguments)


def entity_mentions(name: str, docs: Sequence[TaskDocument], records: Sequence[Any],
                    ) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """Per run, the (mention id, date, document date) of every event mention that run puts on `name`'s timeline:
    "events" (dateline: the entity takes part) and "sentences" (the baseline: the sentence names it)."""
    out: dict[str, list[tuple[str, str | None, str | None]]] = {"events": [], "sentences": []}
    for doc, record in zip(docs, records, strict=True):
        matcher, matched = entity_matcher(name, record)
        named = matcher.find(doc.text)
        naming = {doc.sentence_of(s) for s, _ in named}
        for event in record.events:
            mention = doc.mention_id(event.trigger.start, event.trigger.end)
            if mention is None:
                continue
            w = event.when
            if _takes_part(event, named, matched):
                out["events"].append((mention, timeline_date(w.value, w.earliest, w.latest), doc.dct))
            if doc.sentence_of(event.trigger.start) in naming:
                out["sentences"].append((mention, doc.dct, doc.dct))
    return out


def make_timeline(entity: str, mentions: Iterable[tuple[str, str | None]]) -> Timeline:
    """A timeline from (mention id, date) pairs: one position per date in date order (a year before
    its months and days: "2010" < "2010-06" < "2010-06-07"), undated at order 0; a mention once."""
    dated: dict[str, str | None] = {}
    for mention, date in mentions:
        dated.setdefault(mention, date)
    order = {d: i for i, d in enumerate(sorted({d for d in dated.values() if d}), start=1)}
    by_position: dict[int, list[str]] = {}
    for mention, date in dated.items():
        by_position.setdefault(order.get(date, 0) if date else 0, []).append(mention)
    dates = {i: d for d, i in order.items()}
    return Timeline(entity, [TimelineEntry(i, dates.get(i, _UNDATED), (m,))
                             for i in sorted(by_position) for m in by_position[i]])


def system_runs(corpus: Path, entities: dict[str, str], gold: dict[str, Timeline],
                ) -> tuple[list[tuple[str, dict[str, Timeline]]], list[str]]:
    """Runs dateline over the task's documents: the three runs of the module docstring, and notes."""
    from dateline.analyzer import Analyzer, make_document
    from dateline.settings import Settings

    docs = read_task_documents(corpus)
    records = list(Analyzer(Settings()).analyze_documents(
        make_document(d.text, published=d.dct, source=d.doc_id) for d in docs))
    runs: dict[str, dict[str, Timeline]] = {"dateline": {}, "dateline events at the DCT": {},
                                            "baseline: sentence names it, at the DCT": {}}
    for key, name in entities.items():
        found = entity_mentions(name, docs, records)
        runs["dateline"][key] = make_timeline(name, ((m, d) for m, d, _ in found["events"]))
        runs["dateline events at the DCT"][key] = make_timeline(name, ((m, dct) for m, _, dct in found["events"]))
        runs["baseline: sentence names it, at the DCT"][key] = make_timeline(
            name, ((m, d) for m, d, _ in found["sentences"]))
    every = {doc.mention_id(e.trigger.start, e.trigger.end) for doc, r in zip(docs, records, strict=True)
             for e in r.events}
    in_corpus = {d.doc_id for d in docs}
    gold_mentions = {m for t in gold.values() for m in t.mentions()}
    absent = sorted(m for m in gold_mentions if m.split("-", 1)[0] not in in_corpus)
    notes = [f"{len(docs)} documents, {sum(len(r.events) for r in records)} dateline event mentions; "
             f"gold mentions with a dateline event of the same id: {len(gold_mentions & every)}/{len(gold_mentions)} "
             "(the bound on recall the event finder sets)"]
    if absent:
        notes.append(f"gold mentions of no document in the corpus (recall lost to every run): {', '.join(absent)}")
    return list(runs.items()), notes
