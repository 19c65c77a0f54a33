"""The cross-document merge: rebuilds corpus events, their sources and contradiction links.

Why a full rebuild in one transaction: the merge is a pure function of the per-article
rows, so running it again (after more articles, or after a crash mid-merge) always gives
the same tables, and readers never see half a merge. Near-duplicate copies count once in
`corroboration`: it is the number of distinct original articles behind an event.

Why under the store's writer lock (`db.write_transaction`): two ingests finishing at once
both merge. Unserialised, each deleted the events and inserted its own rebuild (on
PostgreSQL the second's inserts met the first's rows: a unique violation on `events.id`),
and a merge that read the documents and then the mentions could see an article committed
in between (a mention of a document it did not know). Under the lock a merge reads one
consistent state and the last merge to take the lock has seen every article any run
committed before it started merging.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update

from dateline.corpus.claims import ClaimFeatures, claim_topics, link_claims
from dateline.corpus.contradict import find_contradictions
from dateline.corpus.coref import MentionFeatures, cluster, content_words, day_interval, merged_date
from dateline.corpus.days import day_of
from dateline.resources import load_yaml
from dateline.store import tables as t
from dateline.store.dates import date_columns
from dateline.store.db import Store, write_transaction

__all__ = ["MergeSummary", "merge_events"]


@dataclass(frozen=True)
class MergeSummary:
    mentions: int
    events: int
    multi_source: int
    contradictions: int


@cache
def _casualty_units() -> frozenset[str]:
    return frozenset(load_yaml("corpus/families.yaml")["casualty_units"])


def _casualties(event_type: str | None, quantities_json: str | None) -> float | None:
    units = _casualty_units()
    values = [
        q["value"] for q in json.loads(quantities_json or "[]")
        if q.get("value") is not None and ((q.get("unit") or "").lower() in units
                                          or (not q.get("unit") and event_type in ("DEATH", "INJURY")))
    ]
    return max(values) if values else None


def _features(
    row: Any, seq: dict[str, int], coords: dict[str, tuple[float, float]], people: frozenset[str] = frozenset()
) -> MentionFeatures:
    places = frozenset(json.loads(row.places or "[]"))
    point = next((coords[p] for p in sorted(places) if p in coords), None)
    actors = frozenset(json.loads(row.actors or "[]"))
    return MentionFeatures(
        key=f"{seq[row.doc_id]:09d}/{row.local_id}",
        doc=row.doc_id,
        type=row.type,
        trigger=row.trigger,
        head_lemma=row.lemma,
        interval=day_interval(row.when_value, row.when_earliest, row.when_latest),
        actors=actors,
        people=actors & people,
        targets=frozenset(json.loads(row.targets or "[]")),
        places=places,
        coords=point,
        words=content_words(row.sentence or ""),
        negative=bool(row.negated) or row.certainty in ("denied", "negated"),
        date_value=row.when_value,
        date_explicit=row.when_basis in ("explicit", "anchored"),
        casualties=_casualties(row.type, row.quantities),
        certainty=row.certainty,
        basis=row.when_basis,
    )


def event_id(root_key: str) -> str:
    return "ev:" + hashlib.sha1(root_key.encode("utf-8")).hexdigest()[:16]


def merge_events(store: Store) -> MergeSummary:
    """Cluster every stored event mention into corpus events and link their contradictions."""
    with write_transaction(store.engine) as conn:
        docs = {r.id: r for r in conn.execute(select(t.documents.c.id, t.documents.c.seq, t.documents.c.dup_of,
                                                        t.documents.c.source_name))}
        seq = {d: r.seq for d, r in docs.items()}
        coords = {r.id: (r.lat, r.lon) for r in conn.execute(select(t.places.c.id, t.places.c.lat, t.places.c.lon))
                  if r.lat is not None and r.lon is not None}
        names = dict(conn.execute(select(t.entities.c.id, t.entities.c.name)).all())
        people = frozenset(conn.execute(select(t.entities.c.id).where(t.entities.c.type == "PERSON")).scalars())
        rows = sorted(conn.execute(select(t.event_mentions)), key=lambda r: (seq[r.doc_id], r.local_id))
        features = [_features(r, seq, coords, people) for r in rows]
        clusters = cluster(features)
        contradictions = find_contradictions(features, clusters)

        by_root: dict[str, list[tuple[Any, MentionFeatures]]] = defaultdict(list)
        for row, feat in zip(rows, features, strict=True):
            by_root[clusters[feat.key]].append((row, feat))
        mention_of = {f.key: (r, f) for r, f in zip(rows, features, strict=True)}
        contradicted = {clusters[c.left] for c in contradictions} | {clusters[c.right] for c in contradictions}

        for table in (t.claim_links, t.event_sources, t.events):
            conn.execute(delete(table))
        event_rows, source_rows, mention_updates = [], [], []
        for root, members in by_root.items():
            eid = event_id(root)
            built = _event_row(eid, members, docs, coords, names, eid_contradicted=root in contradicted)
            event_rows.append({**built, **date_columns(built["when_value"], built["when_earliest"],
                                                       built["when_latest"])})
            for row, _ in members:
                mention_updates.append({"d": row.doc_id, "l": row.local_id, "e": eid})
            for doc_id in dict.fromkeys(r.doc_id for r, _ in members):
                source_rows.append({"event_id": eid, "doc_id": doc_id, "source_name": docs[doc_id].source_name,
                                    "independent": docs[doc_id].dup_of is None})
        if event_rows:
            conn.execute(t.events.insert(), event_rows)
            conn.execute(t.event_sources.insert(), source_rows)
            em = t.event_mentions
            conn.execute(
                update(em).where(em.c.doc_id == bindparam("d"), em.c.local_id == bindparam("l"))
                .values(event_id=bindparam("e")).execution_options(synchronize_session=False),
                mention_updates,
            )
        link_rows = []
        for c in contradictions:
            (lrow, _), (rrow, _) = mention_of[c.left], mention_of[c.right]
            link_rows.append({
                "id": "cl:" + hashlib.sha1(f"{c.kind}|{c.left}|{c.right}".encode()).hexdigest()[:16],
                "kind": c.kind, "event_id": event_id(clusters[c.left]),
                "left_doc": lrow.doc_id, "left_mention": lrow.local_id, "left_value": c.left_value,
                "left_evidence": lrow.sentence,
                "right_doc": rrow.doc_id, "right_mention": rrow.local_id, "right_value": c.right_value,
                "right_evidence": rrow.sentence, "reason": c.reason or None,
                # a date conflict links two events that did not merge: the right one is the other
                "other_event_id": event_id(clusters[c.right]) if clusters[c.right] != clusters[c.left] else None,
            })
        link_rows += _claim_link_rows(conn, features, clusters, docs, mention_of)
        if link_rows:
            conn.execute(t.claim_links.insert(), link_rows)
        n_docs = (select(func.count(func.distinct(t.entity_mentions.c.doc_id)))
                  .where(t.entity_mentions.c.entity_id == t.entities.c.id).scalar_subquery())
        conn.execute(update(t.entities).values(n_documents=n_docs))
    multi = sum(1 for e in event_rows if e["corroboration"] > 1)
    return MergeSummary(len(rows), len(event_rows), multi, len(link_rows))


def _event_row(
    eid: str, members: list[tuple[Any, MentionFeatures]], docs: dict[str, Any],
    coords: dict[str, tuple[float, float]], names: dict[str, str], *, eid_contradicted: bool,
) -> dict[str, Any]:
    feats = [f for _, f in members]
    first_row = members[0][0]
    type_ = Counter(f.type for f in feats).most_common(1)[0][0]  # None only for an uncoded cluster
    layer = {name: _most_common([getattr(r, name) for r, _ in members], count_none=name == "modality")
             for name in ("event_class", "tense", "aspect", "modality")}
    # the dates the mentions give, not the slack the matching allowed them (a date guessed
    # from tense was widened by a week to meet other outlets' mentions; it is no date itself)
    dated = [f.stated for f in feats if f.stated]
    lo = max((i[0] for i in dated), default=None)
    hi = min((i[1] for i in dated), default=None)
    if lo is not None and hi is not None and lo > hi:  # sources disagree: keep the widest span
        lo, hi = min(i[0] for i in dated), max(i[1] for i in dated)
    places = Counter(p for f in feats for p in f.places)
    place = places.most_common(1)[0][0] if places else None
    actors = sorted({a for f in feats for a in f.actors})
    targets = sorted({a for f in feats for a in f.targets})
    who = ", ".join(names.get(a, a) for a in actors[:2])
    whom = ", ".join(names.get(a, a) for a in targets[:2])
    label = " ".join(x for x in (who, first_row.trigger, whom) if x)
    doc_ids = {r.doc_id for r, _ in members}
    return {
        "id": eid, "type": type_, **layer, "label": label[:200],
        "when_value": merged_date(feats),
        "when_earliest": day_of(lo).isoformat() if lo is not None else None,
        "when_latest": day_of(hi).isoformat() if hi is not None else None,
        "place_id": place, "lat": coords[place][0] if place in coords else None,
        "lon": coords[place][1] if place in coords else None,
        "actors": json.dumps(actors), "targets": json.dumps(targets),
        "n_mentions": len(members), "n_documents": len(doc_ids),
        "corroboration": len({docs[d].dup_of or d for d in doc_ids}),
        "contradicted": eid_contradicted,
    }


def _most_common(values: Sequence[str | None], *, count_none: bool) -> str | None:
    """The value most mentions have (the first seen on a tie).

    None is unknown for the class, tense and aspect (rows stored before schema 0.2) and is
    skipped; for the modality it means "no modal", a value like the others.
    """
    counts = Counter(v for v in values if count_none or v is not None)
    return counts.most_common(1)[0][0] if counts else None


def _claim_link_rows(
    conn: Any, features: list[MentionFeatures], clusters: dict[str, str], docs: dict[str, Any],
    mention_of: dict[str, tuple[Any, MentionFeatures]],
) -> list[dict[str, Any]]:
    """Claims of the store contradicted by events other articles report (see `corpus.claims`)."""
    c, em, d = t.claims, t.entity_mentions, t.documents
    claim_rows = conn.execute(select(c.c.doc_id, c.c.local_id, c.c.claim_json, d.c.seq, d.c.published, d.c.text)
                              .join(d, d.c.id == c.c.doc_id).order_by(d.c.seq, c.c.local_id)).all()
    if not claim_rows:
        return []
    with_claims = select(c.c.doc_id).distinct().scalar_subquery()
    entities: dict[str, dict[str, tuple[str, list[str]]]] = defaultdict(dict)
    for r in conn.execute(select(em.c.doc_id, em.c.local_id, em.c.entity_id, em.c.name, em.c.aliases)
                          .where(em.c.doc_id.in_(with_claims))):
        entities[r.doc_id][r.local_id] = (r.entity_id, [r.name, *json.loads(r.aliases or "[]")])
    claims = []
    for r in claim_rows:
        data = json.loads(r.claim_json or "{}")
        content = (data.get("content") or {}).get("text") or ""
        keys = tuple(k for k in (f"{r.seq:09d}/{e}" for e in data.get("events") or []) if k in mention_of)
        statement = f"{r.seq:09d}/{data.get('statement')}"
        inner = [mention_of[k][1] for k in (*keys, statement) if k in mention_of]
        known = entities.get(r.doc_id, {})
        parties = {known[data["speaker_entity"]][0]} if data.get("speaker_entity") in known else set()
        parties |= {a for m in inner for a in m.actors | m.targets}
        lowered = content.lower()
        parties |= {eid for eid, names in known.values() if any(n and n.lower() in lowered for n in names)}
        claims.append(ClaimFeatures(
            doc=r.doc_id, local_id=r.local_id, text=content, positive=data.get("polarity") != "negative",
            parties=frozenset(parties), topics=claim_topics(content),
            events=keys, day=(day_interval(r.published, None, None) or (None, None))[0],
        ))
    origin = {doc_id: row.dup_of or doc_id for doc_id, row in docs.items()}
    sentences = {key: row.sentence or "" for key, (row, _) in mention_of.items()}
    rows = []
    by_id = {(r.doc_id, r.local_id): r for r in claim_rows}
    for link in link_claims(claims, features, clusters, origin, sentences):
        mrow, _ = mention_of[link.mention]
        claim = by_id[(link.claim_doc, link.claim_id)]
        data = json.loads(claim.claim_json or "{}")
        rows.append({
            "id": "cl:" + hashlib.sha1(f"claim|{link.claim_doc}|{link.claim_id}|{link.mention}".encode())
            .hexdigest()[:16],
            "kind": "claim", "event_id": event_id(clusters[link.mention]),
            "left_doc": link.claim_doc, "left_mention": link.claim_id,
            "left_value": f"{data.get('speaker') or '?'}: {data.get('polarity') or 'positive'}",
            "left_evidence": _claim_evidence(claim.text, data),
            "right_doc": mrow.doc_id, "right_mention": mrow.local_id, "right_value": link.value,
            "right_evidence": mrow.sentence, "reason": link.reason,
            "other_event_id": event_id(clusters[link.claim_mention]) if link.claim_mention else None,
        })
    return rows


def _claim_evidence(text: str, data: dict[str, Any]) -> str:
    """The claim as the article words it: from its cue (or content) to the end of its content."""
    content = data.get("content") or {}
    cue = data.get("cue") or {}
    starts = [x["start"] for x in (content, cue) if isinstance(x.get("start"), int)]
    ends = [x["end"] for x in (content, cue) if isinstance(x.get("end"), int)]
    if not starts or not ends:
        return content.get("text") or ""
    line, stop = text.rfind("\n", 0, min(starts)), text.rfind(". ", 0, min(starts))
    start = max(line + 1, stop + 2 if stop >= 0 else 0)
    return text[start : max(ends)].strip()
