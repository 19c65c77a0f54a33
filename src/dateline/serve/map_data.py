"""What the Map page shows: the timeline's events that have coordinates, as points and as a list by day.

Why on top of `timeline_page`: the map takes the timeline's filters (the same form, the same
`EventFilter`, the same certainty check and cursor), so it reads the same page of events and
keeps those whose corpus event has a place with coordinates (`events.lat`, `events.lon`, as
the GeoJSON export does). Each point gets an index `i`; the list items carry the same index,
which is how the script links a point to its list items and back.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from dateline.serve.page_data import timeline_page
from dateline.store.db import Store
from dateline.store.queries import EventFilter

__all__ = ["MAP_PAGE_SIZE", "map_page"]

MAP_PAGE_SIZE = 1000  # events read per map page (those without coordinates are counted, not drawn)


def _point(i: int, row: dict[str, Any], day: str | None) -> dict[str, Any]:
    return {"i": i, "id": row["id"], "url": "/events/" + quote(row["id"], safe="/"), "label": row["label"] or row["id"],
            "type": row["type"], "place": row["place"], "day": day,
            "lat": round(float(row["lat"]), 4), "lon": round(float(row["lon"]), 4)}


def map_page(store: Store, flt: EventFilter, limit: int, cursor: str | None) -> dict[str, Any]:
    """Points (events with coordinates, in timeline order), the same events by day, the others' count, next cursor."""
    days, next_cursor = timeline_page(store, flt, limit, cursor)
    points: list[dict[str, Any]] = []
    listed: list[dict[str, Any]] = []
    unplaced = 0
    for day in days:
        shown = []
        for row in day["events"]:
            if row.get("lat") is None or row.get("lon") is None:
                unplaced += 1
                continue
            row["i"] = len(points)
            points.append(_point(row["i"], row, day["day"]))
            shown.append(row)
        if shown:
            listed.append({"day": day["day"], "events": shown})
    return {"points": points, "days": listed, "unplaced": unplaced, "next_cursor": next_cursor}
