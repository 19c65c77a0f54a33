"""Writing one analysed article: every row of it in one transaction.

Why one transaction per article: a process killed at any moment leaves each article
either fully stored or absent, so a re-run resumes exactly where it stopped and never
duplicates. Corpus entities are resolved here (canonical name, aliases and type), with a
cache the caller keeps only after the commit succeeded.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from dateline.model import Entity, Event, Place, Record
from dateline.store import tables as t
from dateline.store.dates import date_columns
from dateline.store.records import pack_record

__all__ = ["DocumentMeta", "EntityResolver", "insert_ignore", "norm_name", "place_key", "write_record"]


def norm_name(name: str) -> str:
    """The key names are compared by: NFKD without accents, lower case, words only."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = re.findall(r"\w+", stripped.lower())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)[:200]


def _short_hash(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:16]


def place_key(place: Place) -> str:
    if place.geonameid is not None:
        return f"geo:{place.geonameid}"
    return "place:" + _short_hash(f"{place.kind}|{norm_name(place.name)}|{place.country_code or ''}")


def insert_ignore(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike."""
    if not rows:
        return
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(postgresql.insert(table).on_conflict_do_nothing(), rows)
    elif dialect == "sqlite":
        connection.execute(sqlite.insert(table).on_conflict_do_nothing(), rows)
    else:
        for row in rows:
            exists = connection.execute(select(table).filter_by(**{k.name: row[k.name] for k in table.primary_key}))
            if exists.first() is None:
                connection.execute(table.insert(), [row])


@dataclass
class EntityResolver:
    """(normalized alias, type) → corpus entity id; first article to name an entity wins."""

    aliases: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def load(cls, connection: Connection) -> EntityResolver:
        a = t.entity_aliases.c
        return cls({(alias, type_): entity_id for alias, type_, entity_id in connection.execute(
            select(a.alias, a.type, a.entity_id))})

    def resolve(
        self, entity: Entity, pending: dict[tuple[str, str], str] | None = None
    ) -> tuple[str, list[tuple[str, str]], bool]:
        """(entity id, alias keys to record, whether the entity is new); `pending`: not yet committed."""
        names = dict.fromkeys(norm_name(n) for n in [entity.name, *entity.aliases])
        keys: list[tuple[str, str]] = [(k, entity.type) for k in names if k]
        for key in keys:
            for known in (self.aliases, pending or {}):
                if key in known:
                    return known[key], keys, False
        return "ent:" + _short_hash(f"{entity.type}|{norm_name(entity.name)}"), keys, True


@dataclass(frozen=True)
class DocumentMeta:
    """What the ingest knows about an article besides its record."""

    doc_id: str
    seq: int
    locator: str
    url: str | None
    source_name: str | None
    dup_of: str | None
    dup_similarity: float | None
    minhash: str | None


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_record(
    connection: Connection, meta: DocumentMeta, record: Record, resolver: EntityResolver
) -> dict[tuple[str, str], str]:
    """Insert the article's rows; returns the new alias keys (to add to the resolver after commit)."""
    document = record.document
    connection.execute(
        t.documents.insert(),
        [{
            "id": meta.doc_id, "seq": meta.seq, "locator": meta.locator, "url": meta.url, "title": document.title,
            "published": document.published, "source_name": meta.source_name, "text": document.text,
            "dup_of": meta.dup_of, "dup_similarity": meta.dup_similarity, "minhash": meta.minhash,
            "record_z": pack_record(record),
        }],
    )
    new_aliases: dict[tuple[str, str], str] = {}
    entity_ids: dict[str, str] = {}
    mention_rows = []
    for entity in record.entities:
        entity_id, keys, is_new = resolver.resolve(entity, new_aliases)
        entity_ids[entity.id] = entity_id
        if is_new:
            insert_ignore(connection, t.entities, [{
                "id": entity_id, "name": entity.name, "type": entity.type, "n_documents": 0,
            }])
        fresh = [k for k in keys if k not in resolver.aliases and k not in new_aliases]
        insert_ignore(
            connection, t.entity_aliases, [{"alias": a, "type": ty, "entity_id": entity_id} for a, ty in fresh]
        )
        new_aliases.update({k: entity_id for k in fresh})
        mention_rows.append({
            "doc_id": meta.doc_id, "local_id": entity.id, "entity_id": entity_id, "name": entity.name,
            "type": entity.type, "aliases": _json(entity.aliases), "n_mentions": len(entity.mentions),
        })
    if mention_rows:
        connection.execute(t.entity_mentions.insert(), mention_rows)

    place_ids = {p.id: place_key(p) for p in record.places}
    insert_ignore(connection, t.places, [{
        "id": place_ids[p.id], "name": p.name, "kind": p.kind, "country_code": p.country_code, "admin1": p.admin1,
        "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid,
    } for p in {place_ids[p.id]: p for p in record.places}.values()])
    if record.places:
        connection.execute(t.place_mentions.insert(), [{
            "doc_id": meta.doc_id, "local_id": p.id, "place_id": place_ids[p.id], "name": p.name,
        } for p in record.places])
    if record.times:
        connection.execute(t.times.insert(), [{
            "doc_id": meta.doc_id, "local_id": x.id, "type": x.type, "value": x.value, "mod": x.mod,
            "start": x.start, "end": x.end, "text": x.text,
        } for x in record.times])
    if record.events:
        connection.execute(t.event_mentions.insert(), [
            _event_row(meta.doc_id, record, e, entity_ids, place_ids) for e in record.events
        ])
    claims = getattr(record, "claims", None) or []
    if claims:
        connection.execute(t.claims.insert(), [_claim_row(meta.doc_id, i, c) for i, c in enumerate(claims)])
    return new_aliases


def _event_row(
    doc_id: str, record: Record, event: Event, entity_ids: dict[str, str], place_ids: dict[str, str]
) -> dict[str, Any]:
    quantities = [
        {"value": q.value, "unit": q.unit, "mod": q.mod, "text": q.text}
        for i, q in enumerate(record.quantities) if i in event.quantities
    ]
    return {
        "doc_id": doc_id, "local_id": event.id, "type": event.type, "mode": event.mode,
        "event_class": event.event_class, "tense": event.tense, "aspect": event.aspect, "modality": event.modality,
        "trigger": event.trigger.text, "lemma": event.lemma, "start": event.trigger.start, "end": event.trigger.end,
        "sentence": record.document.text[event.sentence.start : event.sentence.end],
        "when_value": event.when.value, "when_earliest": event.when.earliest, "when_latest": event.when.latest,
        "when_basis": event.when.basis, "certainty": event.certainty, "negated": event.negated,
        **date_columns(event.when.value, event.when.earliest, event.when.latest),
        "source": event.attribution[0].source if event.attribution else None,
        "actors": _json([entity_ids[a] for a in event.actors if a in entity_ids]),
        "targets": _json([entity_ids[a] for a in event.targets if a in entity_ids]),
        "places": _json([place_ids[p] for p in event.places if p in place_ids]),
        "quantities": _json(quantities), "event_id": None,
    }


def _claim_row(doc_id: str, index: int, claim: Any) -> dict[str, Any]:
    """A `model.Claim`, kept whole as JSON plus the columns a reader filters on."""
    dumped = claim.model_dump(mode="json") if hasattr(claim, "model_dump") else dict(claim)
    content = dumped.get("content") or {}
    chain = dumped.get("source") or []
    events = dumped.get("events") or []
    return {
        "doc_id": doc_id, "local_id": str(dumped.get("id") or f"c{index + 1}"),
        "text": content.get("text") if isinstance(content, dict) else None,
        "source": dumped.get("speaker") or (chain[0].get("source") if chain else None),
        "certainty": dumped.get("certainty"),
        "event_local_id": dumped.get("statement") or (events[0] if events else None),
        "claim_json": _json(dumped),
    }
