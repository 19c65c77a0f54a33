"""`GET /events`, `/events/{id}`, `/timeline` and the CSV / GeoJSON exports: the store's event queries.

Why plain rows: they are the rows `dateline events --format json` prints, so the CLI, the
API and an export agree field for field.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from dateline.cli_corpus import EXPORT_COLUMNS
from dateline.errors import UsageError
from dateline.serve.errors import found
from dateline.serve.filters import event_filter
from dateline.serve.paging import decode_cursor, page
from dateline.serve.state import ServerState, get_state
from dateline.store.export import write_rows
from dateline.store.queries import EventFilter, event_rows, show_event

__all__ = ["router"]

router = APIRouter(tags=["events"])
State = Annotated[ServerState, Depends(get_state)]
Limit = Annotated[int, Query(ge=1, le=1000, description="events per page")]
Cursor = Annotated[str | None, Query(description="next_cursor of the page before")]
ExportLimit = Annotated[int | None, Query(ge=1, le=1_000_000, description="at most this many events (default all)")]


def _page(
    state: ServerState, flt: EventFilter, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    after = decode_cursor(cursor) if cursor else None
    return page(event_rows(state.store, dataclasses.replace(flt, limit=limit + 1, after=after)), limit)


# The event listings answer with JSONResponse and no response model: their rows are the
# store's plain values already, and FastAPI's per-row validation of a `dict[str, Any]` return
# cost three quarters of a 100-event page (benchmarks/serve.py: 19 ms against 4 ms in-process).


@router.get("/events", summary="Corpus events, filtered, earliest first, a page at a time", response_model=None)
def list_events(state: State, flt: Annotated[EventFilter, Depends(event_filter(False))], limit: Limit = 100,
                cursor: Cursor = None) -> JSONResponse:
    rows, next_cursor = _page(state, flt, limit, cursor)
    return JSONResponse({"events": rows, "next_cursor": next_cursor})


@router.get("/timeline", summary="Coded corpus events grouped by their earliest possible day", response_model=None)
def timeline(state: State, flt: Annotated[EventFilter, Depends(event_filter(True))], limit: Limit = 500,
             cursor: Cursor = None) -> JSONResponse:
    """Days in order, undated events last (`day` null); a day can continue on the next page."""
    rows, next_cursor = _page(state, flt, limit, cursor)
    days: dict[str | None, list[dict[str, Any]]] = {}
    for row in rows:
        days.setdefault((row["when_earliest"] or "")[:10] or None, []).append(row)
    body = {"days": [{"day": day, "events": events} for day, events in days.items()], "next_cursor": next_cursor}
    return JSONResponse(body)


def _export(state: ServerState, flt: EventFilter, limit: int | None, fmt: str, media_type: str) -> Response:
    out = io.StringIO()
    write_rows(event_rows(state.store, dataclasses.replace(flt, limit=limit)), fmt, EXPORT_COLUMNS, out=out)
    return Response(out.getvalue(), media_type=media_type)


@router.get("/events.csv", summary="The filtered events as CSV (the columns of `dateline events --format csv`)",
            response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def events_csv(state: State, flt: Annotated[EventFilter, Depends(event_filter(False))],
               limit: ExportLimit = None) -> Response:
    return _export(state, flt, limit, "csv", "text/csv; charset=utf-8")


@router.get("/events.geojson", summary="The filtered events that have coordinates, as a GeoJSON FeatureCollection",
            response_class=Response, responses={200: {"content": {"application/geo+json": {}}}})
def events_geojson(state: State, flt: Annotated[EventFilter, Depends(event_filter(False))],
                   limit: ExportLimit = None) -> Response:
    return _export(state, flt, limit, "geojson", "application/geo+json")


@router.get("/events.parquet", summary="The filtered events as Parquet (the columns of `dateline events`)",
            response_class=Response, responses={200: {"content": {"application/vnd.apache.parquet": {}}}})
def events_parquet(state: State, flt: Annotated[EventFilter, Depends(event_filter(False))],
                   limit: ExportLimit = None) -> Response:
    """Written through `write_rows` (pyarrow, the `parquet` extra) to a temporary file: Parquet
    needs a seekable file to write its footer, so it is not produced in a stream."""
    import tempfile
    from pathlib import Path

    try:
        import pyarrow  # noqa: F401
    except ImportError as e:  # the parquet extra is not installed: the client asked for what is not there
        raise UsageError("the Parquet export needs pyarrow: pip install 'dateline[parquet]'") from e
    with tempfile.TemporaryDirectory(prefix="dateline-export-") as tmp:
        path = Path(tmp) / "events.parquet"
        write_rows(event_rows(state.store, dataclasses.replace(flt, limit=limit)), "parquet", EXPORT_COLUMNS,
                   path=str(path))
        body = path.read_bytes()
    return Response(body, media_type="application/vnd.apache.parquet",
                    headers={"Content-Disposition": 'attachment; filename="events.parquet"'})


@router.get("/events/{event_id}", summary="One corpus event: mentions, sources, evidence, contradictions")
def get_event(state: State, event_id: str) -> dict[str, Any]:
    return found(show_event(state.store, event_id), f"no event {event_id!r}; GET /api/v1/events lists them")
