"""Records to a GeoJSON FeatureCollection: one Point feature per event and place it happened at.

Why per event-place and not per place: a map of what happened needs the event's
properties (type, date, actors, source, certainty) on the point; an event that went
from Damascus to Moscow gives two features, with roles "origin" and "destination".
Places only mentioned in an event's sentence ("officials in Cairo said") are left out,
as are places without coordinates. Coordinates are [longitude, latitude] (RFC 7946).
Every event is exported, coded or not, and every feature has the same properties: an
uncoded event has `type` null beside its TimeML `event_class`, `tense`, `aspect` and
`modality`, so a map layer or a dataframe never meets a missing key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from dateline.model import Event, Record

__all__ = ["MAPPED_ROLES", "feature_collection", "features", "write_geojson"]

MAPPED_ROLES = ("location", "destination", "origin", "route")


def _places_of(event: Event) -> list[tuple[str, str]]:
    """(place id, role) pairs worth a point; events from before the role stage keep all places."""
    if event.place_roles:
        return [(r.place, r.role) for r in event.place_roles if r.role in MAPPED_ROLES]
    return [(pid, "location") for pid in event.places]


def features(record: Record) -> list[dict[str, Any]]:
    """The features of one record, in event order."""
    places = {p.id: p for p in record.places}
    names = {e.id: e.name for e in record.entities}
    out: list[dict[str, Any]] = []
    for event in record.events:
        for pid, role in _places_of(event):
            place = places.get(pid)
            if place is None or place.lat is None or place.lon is None:
                continue
            out.append({
                "type": "Feature",
                "id": f"{record.document.id}#{event.id}@{pid}",
                "geometry": {"type": "Point", "coordinates": [round(place.lon, 5), round(place.lat, 5)]},
                "properties": {
                    "event_id": event.id,
                    "document_id": record.document.id,
                    "type": event.type,
                    "event_class": event.event_class,
                    "tense": event.tense,
                    "aspect": event.aspect,
                    "modality": event.modality,
                    "mode": event.mode,
                    "date": event.when.value,
                    "date_earliest": event.when.earliest,
                    "date_latest": event.when.latest,
                    "actors": [names.get(a, a) for a in event.actors],
                    "targets": [names.get(t, t) for t in event.targets],
                    "source": event.attribution[0].source if event.attribution else None,
                    "document_source": record.document.source,
                    "certainty": event.certainty,
                    "negated": event.negated,
                    "trigger": event.trigger.text,
                    "place_id": pid,
                    "place": place.name,
                    "place_kind": place.kind,
                    "country_code": place.country_code,
                    "place_role": role,
                },
            })  # fmt: skip
    return out


def feature_collection(records: Iterable[Record]) -> dict[str, Any]:
    """One FeatureCollection over all records."""
    return {"type": "FeatureCollection", "features": [f for r in records for f in features(r)]}


def write_geojson(records: Iterable[Record], out: IO[str]) -> int:
    """Writes the collection as JSON; returns the number of records read."""
    seen = []
    for record in records:
        seen.append(record)
    json.dump(feature_collection(seen), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(seen)
