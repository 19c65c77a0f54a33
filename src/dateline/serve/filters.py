"""The query parameters of the event routes, checked and turned into the store's `EventFilter`.

Why one place: `/events`, `/timeline` and the exports filter alike, as the CLI's `events`
and `timeline` do, and a bad value (a date that is not one, an unknown TimeML class) is the
same E010 error on every route.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, get_args

from fastapi import Depends, Query
from sqlalchemy.exc import DBAPIError

from dateline.cli_corpus import EVENT_CLASSES, event_class
from dateline.errors import UsageError
from dateline.model import Certainty
from dateline.serve.state import ServerState, get_state
from dateline.store.db import Store
from dateline.store.queries import EventFilter, search_documents

__all__ = ["CERTAINTIES", "MAX_FTS_DOCUMENTS", "event_filter", "search"]

MAX_FTS_DOCUMENTS = 1000  # `q` narrows events to those told in the best-ranked documents, at most this many
_CLASS_HELP = f"TimeML class: {', '.join(EVENT_CLASSES)}"
CERTAINTIES: tuple[str, ...] = get_args(Certainty)


def _day(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("not YYYY-MM-DD")
        return date.fromisoformat(value).isoformat()
    except ValueError as e:
        raise UsageError(f"{name} {value!r} is not a date YYYY-MM-DD ({e})") from e


def _certainty(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value not in CERTAINTIES:
        raise UsageError(f"certainty {value[:40]!r} is not one of {', '.join(CERTAINTIES)}")
    return value


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """ "west,south,east,north" in degrees; west may exceed east (a box over the antimeridian)."""
    if value is None or value == "":
        return None
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError as e:
        raise UsageError(f"bbox {value[:80]!r} is not min_lon,min_lat,max_lon,max_lat") from e
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise UsageError(f"bbox {value[:80]!r}: longitudes in [-180, 180], latitudes in [-90, 90], south <= north")
    return west, south, east, north


def search(store: Store, q: str, limit: int) -> list[dict[str, object]]:
    """`search_documents`, with a query the full-text engine cannot parse as a 422, not a 500."""
    try:
        return search_documents(store, q, limit)
    except DBAPIError as e:
        raise UsageError(f"q {q[:80]!r} is not a valid full-text query ({e.orig})") from e


def event_filter(coded_default: bool) -> Callable[..., EventFilter]:
    """A dependency reading the filters; `coded` defaults to `coded_default` (the timeline shows coded events)."""

    def read(
        state: Annotated[ServerState, Depends(get_state)],
        entity: Annotated[str | None, Query(description="actor or target, by name or alias")] = None,
        place: Annotated[str | None, Query(description="place name")] = None,
        type: Annotated[str | None, Query(description="PLOVER type or news kind: ASSAULT, MOVE ...")] = None,
        event_class_: Annotated[str | None, Query(alias="class", description=_CLASS_HELP)] = None,
        since: Annotated[str | None, Query(description="events on or after this day (YYYY-MM-DD)")] = None,
        until: Annotated[str | None, Query(description="events on or before this day (YYYY-MM-DD)")] = None,
        min_sources: Annotated[int, Query(ge=1, le=1_000_000, description="independent sources at least")] = 1,
        coded: Annotated[bool, Query(description="only events the PLOVER lexicon codes")] = coded_default,
        q: Annotated[str | None, Query(min_length=1, max_length=500,
                                       description="full-text query: events told in the matching articles")] = None,
        certainty: Annotated[str | None, Query(description=f"a mention's certainty: {', '.join(CERTAINTIES)}")] = None,
        bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat (WGS 84 degrees)")] = None,
    ) -> EventFilter:
        documents = tuple(str(r["id"]) for r in search(state.store, q, MAX_FTS_DOCUMENTS)) if q else None
        return EventFilter(
            entity=entity, place=place, type=type, since=_day("since", since), until=_day("until", until),
            min_sources=min_sources, event_class=event_class(event_class_) if event_class_ else None,
            coded=coded, documents=documents, certainty=_certainty(certainty), bbox=_bbox(bbox),
        )

    return read
