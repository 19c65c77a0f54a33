"""The analyst event table: one row per corpus event, in the shape ACLED / GDELT / POLECAT users know.

Why a table of its own beside `store.queries.event_rows`: those rows are the store's columns
(`when_value`, `corroboration`, actor names only), what the API pages and the terminal table
show. An analyst wants one flat row per event with who (actor1/actor2 and their ids), when
(date, bounds, precision, basis), where (place, country, admin1, coordinates and what they
stand for), how sure (certainty, attribution chain, sources), how bad (fatalities, injured) and
the first article that tells it (url, title, outlet, evidence), plus the CAMEO root and
QuadClass GDELT users filter on. The columns are `export.columns.COLUMNS`.

Why the first mention for the per-article fields: url, title, evidence, certainty and the
attribution chain must describe one and the same report, so a reader can check each against
the article; the first mention is the one in the earliest ingested article (then the first in
its text). `contradicted` and `n_sources` say when other reports differ.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import select

from dateline.export.columns import CALENDAR_DAY, COLUMN_NAMES, cameo_for, casualties, date_precision, geo_precision
from dateline.store import tables as t
from dateline.store.db import Store
from dateline.store.queries import EventFilter, event_rows
from dateline.store.records import unpack_record

__all__ = ["attribution_text", "event_table"]

_CHUNK = 500  # ids per IN (...) list: far below SQLite's and PostgreSQL's parameter limits
# the strongest evidence first: a date the text states beats one anchored, inferred or assumed
_BASIS_RANK = {b: i for i, b in enumerate(("explicit", "anchored", "relative", "inferred", "publication",
                                           "unknown"))}


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def attribution_text(chain: Iterable[dict[str, Any]]) -> str | None:
    """A record's attribution chain (nearest source first) as text, outermost first:
    [people familiar, Reuters] -> "Reuters <- people familiar" (Reuters citing them)."""
    sources = [str(a.get("source")) for a in chain if a.get("source")]
    return " <- ".join(reversed(sources)) or None


def _mentions(conn: Any, event_ids: Sequence[str]) -> dict[str, list[Any]]:
    """Each event's mentions with their article's metadata, first mention first."""
    m, d = t.event_mentions, t.documents
    out: dict[str, list[Any]] = {}
    for chunk in _chunks(event_ids):
        query = (select(m.c.event_id, m.c.doc_id, m.c.local_id, m.c.type, m.c.mode, m.c.start, m.c.sentence,
                        m.c.when_value, m.c.when_basis, m.c.certainty, m.c.negated, m.c.actors, m.c.targets,
                        m.c.quantities, d.c.seq, d.c.url, d.c.title, d.c.source_name, d.c.published)
                 .join(d, d.c.id == m.c.doc_id).where(m.c.event_id.in_(list(chunk))))
        for r in conn.execute(query):
            out.setdefault(r.event_id, []).append(r)
    for rows in out.values():
        rows.sort(key=lambda r: (r.seq, r.start, r.local_id))
    return out


def _chains(conn: Any, firsts: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
    """The attribution chain (as text) of each (doc_id, local event id), read from the stored record:
    the store's `event_mentions.source` keeps only the nearest source."""
    wanted: dict[str, set[str]] = {}
    for doc_id, local_id in firsts:
        wanted.setdefault(doc_id, set()).add(local_id)
    out: dict[tuple[str, str], str | None] = {}
    d = t.documents
    for chunk in _chunks(sorted(wanted)):
        for doc_id, record_z in conn.execute(select(d.c.id, d.c.record_z).where(d.c.id.in_(list(chunk)))):
            for event in unpack_record(record_z, "").get("events") or []:
                if event.get("id") in wanted[doc_id]:
                    out[(doc_id, event["id"])] = attribution_text(event.get("attribution") or [])
    return out


def _ordered(mentions: Sequence[Any], key: str) -> list[str]:
    """Entity ids of one role in the order the articles name them (first mention's first)."""
    seen: dict[str, None] = {}
    for r in mentions:
        for entity_id in json.loads(getattr(r, key) or "[]"):
            seen.setdefault(entity_id, None)
    return list(seen)


def _basis(mentions: Sequence[Any], value: str | None) -> str:
    """The best basis among the mentions that give the event's date (all of them when none does)."""
    giving = [r for r in mentions if value and r.when_value == value] or list(mentions)
    bases = [r.when_basis or "unknown" for r in giving]
    return min(bases, key=lambda b: _BASIS_RANK.get(b, len(_BASIS_RANK)), default="unknown")


def _day(value: str | None) -> str | None:
    return value[:10] if value and CALENDAR_DAY.match(value[:10]) else None


def event_table(store: Store, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    """The events `flt` selects (the same filter and order as `dateline events`; all by default) as
    analyst rows, each with exactly the columns `COLUMN_NAMES`, in that order; missing values are None."""
    events = event_rows(store, flt or EventFilter())
    ids = [e["id"] for e in events]
    with store.engine.connect() as conn:
        mentions = _mentions(conn, ids)
        names = dict(conn.execute(select(t.entities.c.id, t.entities.c.name)).all())
        place_ids = sorted({e["place_id"] for e in events if e["place_id"]})
        places: dict[str, Any] = {}
        for chunk in _chunks(place_ids):
            places.update({r.id: r for r in conn.execute(select(t.places).where(t.places.c.id.in_(list(chunk))))})
        chains = _chains(conn, [(ms[0].doc_id, ms[0].local_id) for ms in mentions.values() if ms])
    return [_row(e, mentions.get(e["id"], []), names, places, chains) for e in events]


def _row(event: dict[str, Any], mentions: list[Any], names: dict[str, str], places: dict[str, Any],
         chains: dict[tuple[str, str], str | None]) -> dict[str, Any]:
    first = mentions[0] if mentions else None
    actor_ids, target_ids = _ordered(mentions, "actors"), _ordered(mentions, "targets")
    coded = [r for r in mentions if r.type == event["type"]]
    mode = next((r.mode for r in coded if r.mode), None)
    place = places.get(event["place_id"]) if event["place_id"] else None
    kind = place.kind if place is not None else None
    fatalities, injured = casualties((r.type, r.quantities, r.sentence) for r in mentions)
    cameo = cameo_for(event["type"], mode)
    value = event["when_value"]
    row = {
        "event_id": event["id"],
        "date": value, "earliest": event["when_earliest"], "latest": event["when_latest"],
        "date_precision": date_precision(value, event["when_earliest"], event["when_latest"]),
        "date_basis": _basis(mentions, value),
        "type": event["type"], "mode": mode, "event_class": event["event_class"],
        "actor1": names.get(actor_ids[0], actor_ids[0]) if actor_ids else None,
        "actor1_id": actor_ids[0] if actor_ids else None,
        "actor2": names.get(target_ids[0], target_ids[0]) if target_ids else None,
        "actor2_id": target_ids[0] if target_ids else None,
        "actors": [names.get(i, i) for i in actor_ids],
        "targets": [names.get(i, i) for i in target_ids],
        "place": place.name if place is not None else None,
        "country_code": place.country_code if place is not None else None,
        "admin1": (place.admin1 or (place.name if kind == "admin1" else None)) if place is not None else None,
        "admin2": place.name if place is not None and kind == "admin2" else None,
        "lat": event["lat"], "lon": event["lon"],
        "geo_precision": geo_precision(kind, event["lat"], event["lon"]),
        "geonameid": place.geonameid if place is not None else None,
        "certainty": first.certainty if first is not None else None,
        "negated": bool(first.negated) if first is not None else False,
        "contradicted": bool(event["contradicted"]),
        "fatalities": fatalities, "injured": injured,
        "attribution": chains.get((first.doc_id, first.local_id)) if first is not None else None,
        "n_sources": event["corroboration"], "n_articles": event["n_documents"], "n_mentions": event["n_mentions"],
        "url": first.url if first is not None else None,
        "title": first.title if first is not None else None,
        "outlet": first.source_name if first is not None else None,
        "published": _day(first.published) if first is not None else None,
        "evidence": (first.sentence or "").strip() or None if first is not None else None,
        "label": event["label"], "tense": event["tense"], "aspect": event["aspect"], "modality": event["modality"],
        "cameo_root": cameo.roots[0] if cameo and cameo.roots else None,
        "cameo_roots": list(cameo.roots) if cameo else [],
        "quad_class": cameo.quad_class if cameo else None,
    }  # fmt: skip
    return {name: row[name] for name in COLUMN_NAMES}
