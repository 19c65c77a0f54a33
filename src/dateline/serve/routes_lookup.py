"""`GET /entities`, `GET /places` and `GET /search`: the store's entities, places and full-text search.

Why separate from the events: these read other tables and take other parameters.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from dateline.serve.filters import search
from dateline.serve.state import ServerState, get_state
from dateline.store.queries import entity_rows, place_rows

__all__ = ["router"]

router = APIRouter(tags=["lookup"])
State = Annotated[ServerState, Depends(get_state)]


@router.get("/entities", summary="Entities merged across articles, most reported first, with their aliases")
def entities(state: State, type: Annotated[str | None, Query(description="PERSON, ORG, GROUP ...")] = None,
             limit: Annotated[int, Query(ge=1, le=10_000)] = 50) -> dict[str, Any]:
    return {"entities": entity_rows(state.store, type, limit)}


@router.get("/places", summary="Resolved places, where most corpus events happened first, with coordinates")
def places(state: State,
           country: Annotated[str | None, Query(min_length=2, max_length=3, description="ISO country code")] = None,
           limit: Annotated[int, Query(ge=1, le=10_000)] = 50) -> dict[str, Any]:
    return {"places": place_rows(state.store, country, limit)}


@router.get("/search", summary="Full-text search over stored articles' titles and texts (FTS5 / tsvector)")
def search_articles(state: State, q: Annotated[str, Query(min_length=1, max_length=500)],
                    limit: Annotated[int, Query(ge=1, le=1000)] = 20) -> dict[str, Any]:
    return {"documents": search(state.store, q, limit)}
