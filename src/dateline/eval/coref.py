"""Cross-document event coreference on MEANTIME (Apple sub-corpus): MUC, B3, CEAF-e, CoNLL F1.

Why two runs: on *gold mentions* the merge is scored alone (which of the annotated event
mentions does dateline put together); on *own mentions* dateline's event finder and the
merge are scored together (mentions dateline misses are recall lost, those it invents are
precision lost). Gold clusters: mentions whose event target shares an `instance_id`
corefer across documents; a target without one is a chain inside its document; an
unlinked mention is a singleton. A system mention is the gold mention whose tokens its
trigger overlaps. Date match: for each event instance with a TIME in
`list_instances_apple.csv` (not XXXX-XX-XX), the system cluster holding most of its
mentions gives the merged date, which must equal TIME at TIME's precision.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.corpus.coref import MentionFeatures, cluster, content_words, day_interval, merged_date
from dateline.eval.dating import date_held, date_right
from dateline.eval.meantime import tokens_to_text
from dateline.store.write import norm_name, place_key

__all__ = ["b3", "ceafe", "evaluate", "format_report", "head_lemmas", "muc", "read_meantime"]

Clusters = Sequence[frozenset[str]]


@dataclass
class GoldMention:
    key: str  # "doc#m_id"
    doc: str
    start: int
    end: int
    text: str
    cluster: str


@dataclass
class MeantimeDoc:
    name: str
    dct: str | None
    text: str
    mentions: list[GoldMention] = field(default_factory=list)


def read_meantime(folder: str | Path) -> list[MeantimeDoc]:
    """Every `.xml` document: raw text (tokens joined by spaces, a line per sentence) and gold event mentions."""
    docs = []
    for path in sorted(Path(folder).glob("*.xml")):
        root = ET.parse(path).getroot()
        name = root.get("doc_name") or path.stem
        text, offsets = tokens_to_text(root, "\n", as_written=True)
        markables = root.find("Markables")
        targets: dict[str, str | None] = {}
        spans: dict[str, tuple[int, int]] = {}
        dct = None
        for element in markables if markables is not None else []:
            if element.tag == "EVENT_MENTION":
                anchors = [offsets[a.get("t_id", "")] for a in element.iter("token_anchor")]
                if anchors:
                    spans[element.get("m_id", "")] = (min(a[0] for a in anchors), max(a[1] for a in anchors))
            elif element.tag == "EVENT":
                targets[element.get("m_id", "")] = element.get("instance_id")
            elif element.tag == "TIMEX3" and element.get("functionInDocument") == "CREATION_TIME":
                dct = element.get("value")
        chain: dict[str, str] = {}
        relations = root.find("Relations")
        for rel in relations.iter("REFERS_TO") if relations is not None else []:
            target = rel.find("target")
            tid = target.get("m_id", "") if target is not None else ""
            if tid not in targets:
                continue
            for source in rel.iter("source"):
                chain[source.get("m_id", "")] = targets[tid] or f"{name}#chain{tid}"
        doc = MeantimeDoc(name, dct, text)
        for m_id, (start, end) in sorted(spans.items(), key=lambda kv: kv[1]):
            key = f"{name}#{m_id}"
            doc.mentions.append(GoldMention(key, name, start, end, text[start:end], chain.get(m_id, key)))
        docs.append(doc)
    return docs


def read_instance_times(path: str | Path) -> dict[str, str]:
    """instance id → TIME for event instances with a known date."""
    times = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) > 7 and row[1] == "EVENT" and re.match(r"^\d{4}", row[7] or ""):
                times[row[0]] = row[7]
    return times


# --- scorers ---------------------------------------------------------------------------------

def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _index(clusters: Clusters) -> dict[str, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_recall(key: Clusters, response: Clusters) -> float:
    where = _index(response)
    num = den = 0
    for k in key:
        parts = {where.get(m, f"solo:{m}") for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num / den if den else 0.0


def muc(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    r, p = _muc_recall(key, response), _muc_recall(response, key)
    return p, r, _f1(p, r)


def _b3_recall(key: Clusters, response: Clusters) -> float:
    where = _index(response)
    total = sum(len(k) for k in key)
    score = 0.0
    for k in key:
        counts = Counter(where[m] for m in k if m in where)
        score += sum(n * n for n in counts.values()) / len(k)
    return score / total if total else 0.0


def b3(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    r, p = _b3_recall(key, response), _b3_recall(response, key)
    return p, r, _f1(p, r)


def ceafe(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """Entity-based CEAF (phi4) with the optimal one-to-one alignment of clusters."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    where = _index(response)
    pairs: dict[tuple[int, int], int] = Counter()
    for i, k in enumerate(key):
        for m in k:
            if m in where:
                pairs[(i, where[m])] += 1
    rows = sorted({i for i, _ in pairs})
    cols = sorted({j for _, j in pairs})
    sim = 0.0
    if pairs:
        ri, ci = {r: n for n, r in enumerate(rows)}, {c: n for n, c in enumerate(cols)}
        matrix = np.zeros((len(rows), len(cols)))
        for (i, j), n in pairs.items():
            matrix[ri[i], ci[j]] = 2 * n / (len(key[i]) + len(response[j]))
        a, b = linear_sum_assignment(matrix, maximize=True)
        sim = float(matrix[a, b].sum())
    r = sim / len(key) if key else 0.0
    p = sim / len(response) if response else 0.0
    return p, r, _f1(p, r)


def score(key: Clusters, response: Clusters) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, fn in (("MUC", muc), ("B3", b3), ("CEAF-e", ceafe)):
        p, r, f = fn(key, response)
        out[name] = {"P": round(100 * p, 2), "R": round(100 * r, 2), "F1": round(100 * f, 2)}
    out["CoNLL"] = round(sum(out[n]["F1"] for n in ("MUC", "B3", "CEAF-e")) / 3, 2)
    return out


def _groups(assign: dict[str, str]) -> list[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for mention, cid in assign.items():
        groups[cid].add(mention)
    return [frozenset(g) for g in groups.values()]


# --- running dateline -------------------------------------------------------------------------

def _features(key: str, doc: str, record: Any, event: Any | None, trigger: str, sentence: str) -> MentionFeatures:
    if event is None:
        return MentionFeatures(key=key, doc=doc, type="OTHER", trigger=trigger, words=content_words(sentence))
    names = {e.id: f"{e.type}|{norm_name(e.name)}" for e in record.entities}
    places = {p.id: p for p in record.places}
    coords = next(((places[p].lat, places[p].lon) for p in event.places
                   if p in places and places[p].lat is not None and places[p].lon is not None), None)
    w = event.when
    return MentionFeatures(
        key=key, doc=doc, type=event.type, trigger=trigger, head_lemma=event.lemma,
        interval=day_interval(w.value, w.earliest, w.latest),
        actors=frozenset(names[a] for a in event.actors if a in names),
        people=frozenset(names[a] for a in event.actors if a in names and names[a].startswith("PERSON|")),
        targets=frozenset(names[a] for a in event.targets if a in names),
        places=frozenset(place_key(places[p]) for p in event.places if p in places),
        coords=coords, words=content_words(sentence), negative=event.negated,
        date_value=w.value, date_explicit=w.basis in ("explicit", "anchored"),
        basis=w.basis,
    )


def _sentence(text: str, start: int, end: int) -> str:
    return text[text.rfind("\n", 0, start) + 1 : (text.find("\n", end) + 1 or len(text) + 1) - 1]


def _overlapping(events: Iterable[Any], start: int, end: int) -> Any | None:
    return next((e for e in events if e.trigger.start < end and start < e.trigger.end), None)


def _date_match(gold_clusters: dict[str, str], system: dict[str, str], feats: dict[str, MentionFeatures],
                times: dict[str, str]) -> dict[str, Any]:
    members: dict[str, list[str]] = defaultdict(list)
    for mention, cid in system.items():
        members[cid].append(mention)
    checked = matched = 0
    for instance, gold_time in times.items():
        mentions = [m for m, c in gold_clusters.items() if c == instance and m in system]
        if not mentions:
            continue
        checked += 1
        cid = Counter(system[m] for m in mentions).most_common(1)[0][0]
        value = merged_date([feats[m] for m in members[cid] if m in feats])
        matched += date_right(value, gold_time)
    return {"instances": checked, "matched": matched, "rate": round(100 * matched / checked, 2) if checked else 0.0}


def _mention_dates(docs: Sequence[MeantimeDoc], records: Sequence[Any], times: dict[str, str]) -> dict[str, Any]:
    """Each gold mention of an instance with a known TIME, dated alone (no merge): how often its
    `when` gives that date at the gold's precision, and how often its interval holds it.

    Why beside the date match: that figure also depends on the merge putting the mentions
    together; this one scores the dating stage by itself, mention by mention.
    """
    checked = exact = held = unknown = 0
    by_basis: Counter[str] = Counter()
    exact_by_basis: Counter[str] = Counter()
    for doc, record in zip(docs, records, strict=True):
        for m in doc.mentions:
            gold_time = times.get(m.cluster)
            event = _overlapping(record.events, m.start, m.end)
            if gold_time is None or event is None:
                continue
            checked += 1
            w = event.when
            by_basis[w.basis] += 1
            if date_right(w.value, gold_time):
                exact += 1
                exact_by_basis[w.basis] += 1
            if day_interval(w.value, w.earliest, w.latest) is None:
                unknown += 1
            held += date_held(w, gold_time)
    def rate(n: int) -> float:
        return round(100 * n / checked, 1) if checked else 0.0

    return {"mentions": checked, "exact": exact, "exact_rate": rate(exact), "held": held, "held_rate": rate(held),
            "unknown": unknown, "by_basis": {b: [exact_by_basis[b], n] for b, n in by_basis.most_common()}}


def stages_with_gold_mentions(settings: Any, mentions: dict[str, list[Any]]) -> list[Any]:
    """The default stages with `GoldMentionEvents` just before dating (the gold-mention runs)."""
    from dateline.analyzer import default_stages
    from dateline.pipeline.dating import DatingStage

    stages = default_stages(settings)
    at = next(i for i, stage in enumerate(stages) if isinstance(stage, DatingStage))
    return [*stages[:at], GoldMentionEvents(mentions), *stages[at:]]


class GoldMentionEvents:
    """A stage for the gold-mention run: every gold mention dateline has no event for becomes one.

    Why: the dating stage then dates each gold mention from its own clause and the story's
    chronology, so the merged date is scored on all gold instances, not only on the few
    mentions the event finder also found. Inserted after the event stage, before dating.
    """

    name = "gold_mentions"

    def __init__(self, mentions: dict[str, list[Any]]) -> None:
        self.mentions = mentions

    def __call__(self, doc: Any, record: Any) -> None:
        from dateline.model import Event, SentenceRef, Span
        from dateline.pipeline.events.abbreviations import defined_abbreviations

        short_forms = {short: head.lemma_.lower() for short, head in defined_abbreviations(doc).items()}
        for m in self.mentions.get(record.document.source or "", []):
            if _overlapping(record.events, m.start, m.end) is not None:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            sent = span.sent
            record.events.append(Event(
                id=f"gold-{m.key}", type="OTHER", trigger=Span(start=m.start, end=m.end, text=doc.text[m.start:m.end]),
                lemma=short_forms.get(span.root.text) or span.root.lemma_.lower(),
                sentence=SentenceRef(start=sent.start_char, end=sent.end_char)))


def _creation_date(doc: MeantimeDoc, problems: list[str]) -> str | None:
    """The document's creation date as the pipeline takes it, or None with the problem noted.

    Why not fail: one file whose creation date is written "03-02-2009" stopped the whole run
    (E010); that file is now read without a publication date, and the report names it.
    """
    if not doc.dct:
        return None
    from dateline.errors import DatelineError
    from dateline.pipeline.read import parse_published

    try:
        return parse_published(doc.dct[:10])
    except DatelineError as error:
        problems.append(f"{doc.name}: creation date {doc.dct!r} is not a date ({error.code}); "
                        "read without a publication date")
        return None


def evaluate(folder: str, instances: str | None = None, own_mentions: bool = True) -> dict[str, Any]:
    from dateline.analyzer import Analyzer, default_stages, make_document
    from dateline.errors import InputNotFound
    from dateline.settings import Settings

    path = Path(folder)
    if not path.is_dir() or not any(path.glob("*.xml")):
        raise InputNotFound(folder, "no MEANTIME .xml files here")
    docs = read_meantime(path)
    instances_path = Path(instances) if instances else next(
        (p / "list_instances_apple.csv" for p in path.parents if (p / "list_instances_apple.csv").exists()), None)
    times = read_instance_times(instances_path) if instances_path else {}

    problems: list[str] = []
    published = {d.name: _creation_date(d, problems) for d in docs}

    def documents() -> Iterator[Any]:
        return (make_document(d.text, published=published[d.name], source=d.name) for d in docs)

    settings = Settings()
    stages = default_stages(settings)
    gold_stages = stages_with_gold_mentions(settings, {d.name: d.mentions for d in docs})
    gold_records = list(Analyzer(settings, gold_stages).analyze_documents(documents()))

    gold = {m.key: m.cluster for d in docs for m in d.mentions}
    gold_feats: dict[str, MentionFeatures] = {}
    for doc, record in zip(docs, gold_records, strict=True):
        for m in doc.mentions:
            event = _overlapping(record.events, m.start, m.end)
            gold_feats[m.key] = _features(m.key, doc.name, record, event, m.text, _sentence(doc.text, m.start, m.end))
    runs = [("on_gold_mentions", gold_feats)]
    if own_mentions:
        own_feats: dict[str, MentionFeatures] = {}
        records = Analyzer(settings, stages).analyze_documents(documents())
        for doc, record in zip(docs, records, strict=True):
            for event in record.events:
                hit = next((m for m in doc.mentions if event.trigger.start < m.end and m.start < event.trigger.end),
                           None)
                key = hit.key if hit else f"{doc.name}#sys-{event.id}"
                if key not in own_feats:
                    sentence = _sentence(doc.text, event.trigger.start, event.trigger.end)
                    own_feats[key] = _features(key, doc.name, record, event, event.trigger.text, sentence)
        runs.append(("on_own_mentions", own_feats))
    gold_clusters = _groups(gold)
    report: dict[str, Any] = {"documents": len(docs), "gold_mentions": len(gold), "input_problems": problems,
                              "gold_clusters": len(gold_clusters),
                              "cross_doc_instances": len({c for c in gold.values() if "#" not in c})}
    for name, feats in runs:
        ordered = list(feats.values())
        system = cluster(ordered)
        report[name] = {"mentions": len(ordered), **score(gold_clusters, _groups(system)),
                        "date_match": _date_match(gold, system, feats, times)}
    report["mention_dates"] = _mention_dates(docs, gold_records, times)
    singletons = {m: m for m in gold_feats}
    report["baseline_singletons"] = score(gold_clusters, _groups(singletons))
    lemmas = head_lemmas(docs, settings.model)
    report["baseline_lemma_in_doc"] = score(gold_clusters, _groups(
        {key: f"{key.split('#')[0]}#{lemma}" for key, lemma in lemmas.items()}))
    report["baseline_lemma_across"] = score(gold_clusters, _groups(dict(lemmas)))
    return report


def head_lemmas(docs: Sequence[MeantimeDoc], model: str) -> dict[str, str]:
    """Each gold mention's head lemma (spaCy's, of the mention's syntactic root).

    For the same-lemma baselines of the event coreference literature (Cybulska & Vossen's
    lemma baseline on ECB+; Upadhyay et al. 2016): mentions with one head lemma are one event,
    within a document or across all of them. They are the figures the merge must beat.
    """
    from dateline.pipeline import nlp as nlp_module

    nlp = nlp_module.load(model)
    out: dict[str, str] = {}
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        for m in doc.mentions:
            span = parsed.char_span(m.start, m.end, alignment_mode="expand")
            out[m.key] = (span.root.lemma_ if span is not None else m.text).lower()
    return out


def format_report(report: dict[str, Any]) -> str:
    lines = [f"MEANTIME Apple: {report['documents']} documents, {report['gold_mentions']} gold event mentions, "
             f"{report['gold_clusters']} gold clusters ({report['cross_doc_instances']} cross-document instances)",
             f"{'run':<21} {'mentions':>8} {'MUC P/R/F1':>20} {'B3 P/R/F1':>20} {'CEAF-e P/R/F1':>20} "
             f"{'CoNLL':>6} {'date match':>14}"]
    for name in ("on_gold_mentions", "on_own_mentions", "baseline_singletons", "baseline_lemma_in_doc",
                 "baseline_lemma_across"):
        if name not in report:
            continue
        run = report[name]
        cells = ["/".join(f"{run[m][k]:.1f}" for k in ("P", "R", "F1")) for m in ("MUC", "B3", "CEAF-e")]
        dm = run.get("date_match")
        date = f"{dm['matched']}/{dm['instances']} {dm['rate']:.1f}%" if dm else "-"
        lines.append(f"{name:<21} {run.get('mentions', report['gold_mentions']):>8} {cells[0]:>20} {cells[1]:>20} "
                     f"{cells[2]:>20} {run['CoNLL']:>6.2f} {date:>14}")
    lines += [f"input problem: {p}" for p in report.get("input_problems", [])]
    md = report.get("mention_dates")
    if md and md["mentions"]:
        bases = ", ".join(f"{b} {k}/{n}" for b, (k, n) in md["by_basis"].items())
        lines.append(f"event dates, gold mentions dated one by one: {md['mentions']} mentions of dated instances; "
                     f"right date {md['exact']} ({md['exact_rate']:.1f}%), gold date inside the interval "
                     f"{md['held']} ({md['held_rate']:.1f}%), no date {md['unknown']}; right/all by basis: {bases}")
    return "\n".join(lines)
