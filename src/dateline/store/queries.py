"""Reading the store: the timeline of corpus events, entities, one event in full.

Why plain dicts out: every output format (table, JSON, CSV, GeoJSON, Parquet) and any
caller in Python take rows as dicts of plain values, the same as the columns a user sees
in Datasette. Filters by entity or place name go through the same normalization as the
merge (aliases included), so `--entity "Bashar al-Assad"` also finds "Assad" events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, false, func, or_, select, text

from dateline.store import tables as t
from dateline.store.db import Store
from dateline.store.write import norm_name

__all__ = ["EventFilter", "document_row", "entity_rows", "event_rows", "place_rows", "search_documents", "show_event"]


@dataclass(frozen=True)
class EventFilter:
    entity: str | None = None
    place: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    min_sources: int = 1
    limit: int | None = None
    event_class: str | None = None  # TimeML class (OCCURRENCE, REPORTING ...)
    coded: bool = False  # only events the PLOVER lexicon codes (type not NULL)
    # keyset paging: only events after this (when_earliest, id) in the listing's order
    after: tuple[str | None, str] | None = None
    documents: tuple[str, ...] | None = None  # only events with a mention in one of these documents
    certainty: str | None = None  # only events with a mention of this certainty (asserted, denied ...)
    # only events whose place lies in (min_lon, min_lat, max_lon, max_lat); west > east crosses 180°
    bbox: tuple[float, float, float, float] | None = None


def _entity_ids(conn: Any, name: str) -> list[str]:
    key = norm_name(name)
    ids = {r[0] for r in conn.execute(select(t.entity_aliases.c.entity_id).where(t.entity_aliases.c.alias == key))}
    ids |= {r[0] for r in conn.execute(select(t.entities.c.id).where(t.entities.c.name.ilike(f"%{name}%")))}
    return sorted(ids)


def _place_ids(conn: Any, name: str) -> list[str]:
    return sorted(r[0] for r in conn.execute(select(t.places.c.id).where(t.places.c.name.ilike(f"%{name}%"))))


def event_rows(store: Store, flt: EventFilter = EventFilter()) -> list[dict[str, Any]]:
    """Corpus events matching `flt`, earliest first (undated last), with entity and place names."""
    e, m = t.events, t.event_mentions
    with store.engine.connect() as conn:
        query = select(e).where(e.c.corroboration >= flt.min_sources)
        if flt.type:
            query = query.where(e.c.type == flt.type.upper())
        if flt.coded:
            query = query.where(e.c.type.is_not(None))
        if flt.event_class:
            query = query.where(e.c.event_class == flt.event_class.upper())
        if flt.since:
            query = query.where(e.c.when_latest >= flt.since)
        if flt.until:
            query = query.where(e.c.when_earliest <= flt.until)
        if flt.entity:
            ids = _entity_ids(conn, flt.entity)
            query = query.where(or_(false(), *[c.like(f'%"{i}"%') for i in ids for c in (e.c.actors, e.c.targets)]))
        if flt.place:
            ids = _place_ids(conn, flt.place)
            mention_has = exists().where(
                and_(m.c.event_id == e.c.id, or_(false(), *[m.c.places.like(f'%"{i}"%') for i in ids])))
            query = query.where(or_(e.c.place_id.in_(ids), mention_has) if ids else false())
        if flt.certainty:
            query = query.where(exists().where(and_(m.c.event_id == e.c.id, m.c.certainty == flt.certainty)))
        if flt.bbox is not None:
            west, south, east, north = flt.bbox
            across = west > east  # a box over the antimeridian: lon >= west or lon <= east
            lon = or_(e.c.lon >= west, e.c.lon <= east) if across else and_(e.c.lon >= west, e.c.lon <= east)
            query = query.where(and_(e.c.lat.is_not(None), e.c.lat >= south, e.c.lat <= north, lon))
        if flt.documents is not None:
            query = query.where(e.c.id.in_(select(m.c.event_id).where(m.c.doc_id.in_(flt.documents))))
        if flt.after:
            when, last_id = flt.after
            same_when = e.c.when_earliest.is_(None) if when is None else e.c.when_earliest == when
            later_id = and_(same_when, e.c.id > last_id)
            query = query.where(later_id if when is None else or_(
                e.c.when_earliest.is_(None), e.c.when_earliest > when, later_id))
        query = query.order_by(e.c.when_earliest.is_(None), e.c.when_earliest, e.c.id)
        if flt.limit:
            query = query.limit(flt.limit)
        return _named(conn, [dict(r._mapping) for r in conn.execute(query)])


def _named(conn: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event rows with their actors, targets and place by name instead of id."""
    names = dict(conn.execute(select(t.entities.c.id, t.entities.c.name)).all())
    place_names = dict(conn.execute(select(t.places.c.id, t.places.c.name)).all())
    for row in rows:
        row["actors"] = [names.get(i, i) for i in json.loads(row["actors"] or "[]")]
        row["targets"] = [names.get(i, i) for i in json.loads(row["targets"] or "[]")]
        row["place"] = place_names.get(row["place_id"]) if row["place_id"] else None
        row["contradicted"] = bool(row["contradicted"])
    return rows


def place_rows(store: Store, country: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Resolved places, those most corpus events happened at first, with their coordinates."""
    p, e = t.places, t.events
    n_events = select(func.count()).select_from(e).where(e.c.place_id == p.c.id).scalar_subquery()
    query = select(p.c.id, p.c.name, p.c.kind, p.c.country_code, p.c.admin1, p.c.lat, p.c.lon, p.c.geonameid,
                   n_events.label("n_events"))
    if country:
        query = query.where(func.upper(p.c.country_code) == country.upper())
    query = query.order_by(n_events.desc(), p.c.name, p.c.id)
    if limit:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def entity_rows(store: Store, type_: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Corpus entities, most widely reported first, with every alias they were seen under."""
    with store.engine.connect() as conn:
        query = select(t.entities).order_by(t.entities.c.n_documents.desc(), t.entities.c.name)
        if type_:
            query = query.where(t.entities.c.type == type_.upper())
        if limit:
            query = query.limit(limit)
        rows = [dict(r._mapping) for r in conn.execute(query)]
        aliases: dict[str, list[str]] = {}
        for alias, entity_id in conn.execute(select(t.entity_aliases.c.alias, t.entity_aliases.c.entity_id)):
            aliases.setdefault(entity_id, []).append(alias)
    for row in rows:
        row["aliases"] = sorted(aliases.get(row["id"], []))
    return rows


def show_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One corpus event with its mentions (evidence sentences), sources and contradictions.

    Contradictions include claims (of this event, or that this event contradicts) linked
    across articles: kind "claim", the claim on the left, the contradicting report on the right.
    """
    with store.engine.connect() as conn:
        event = conn.execute(select(t.events).where(t.events.c.id == event_id)).first()
        if event is None:
            return None
        d, m = t.documents, t.event_mentions
        mentions = [dict(r._mapping) for r in conn.execute(
            select(m.c.doc_id, m.c.local_id, m.c.type, m.c.event_class, m.c.tense, m.c.aspect, m.c.modality,
                   m.c.trigger, m.c.sentence, m.c.when_value, m.c.when_basis,
                   m.c.certainty, m.c.negated, m.c.source, d.c.title, d.c.url, d.c.published, d.c.source_name,
                   d.c.dup_of)
            .join(d, d.c.id == m.c.doc_id).where(m.c.event_id == event_id).order_by(d.c.seq, m.c.local_id))]
        sources = [dict(r._mapping) for r in conn.execute(
            select(t.event_sources).where(t.event_sources.c.event_id == event_id))]
        cl = t.claim_links
        links = [dict(r._mapping) for r in conn.execute(
            select(cl).where(or_(cl.c.event_id == event_id, cl.c.other_event_id == event_id))
            .order_by(cl.c.kind, cl.c.id))]
        summary = _named(conn, [dict(event._mapping)])[0]
    return {"event": summary, "mentions": mentions, "sources": sources, "contradictions": links}


def search_documents(store: Store, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Full-text search over titles and texts: FTS5 on SQLite, tsvector on PostgreSQL."""
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            sql = text("SELECT d.id, d.title, d.published, d.source_name FROM documents_fts f "
                       "JOIN documents d ON d.rowid = f.rowid WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n")
        else:
            sql = text("SELECT id, title, published, source_name FROM documents WHERE "
                       "to_tsvector('english', coalesce(title, '') || ' ' || text) @@ plainto_tsquery('english', :q) "
                       "ORDER BY seq LIMIT :n")
        return [dict(r._mapping) for r in conn.execute(sql, {"q": query, "n": limit})]


def document_row(store: Store, doc_id: str) -> dict[str, Any] | None:
    """One stored article: its metadata, its text and the record the ingest stored for it."""
    d = t.documents
    with store.engine.connect() as conn:
        row = conn.execute(select(d).where(d.c.id == doc_id)).first()
    if row is None:
        return None
    out = {k: v for k, v in row._mapping.items() if k not in ("minhash", "record_json")}
    out["record"] = json.loads(row.record_json)
    return out
