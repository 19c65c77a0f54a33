"""`create_app`: the FastAPI application over one store, routes under `/api/v1`.

Why a factory: tests, `dateline serve` and a deployment under another ASGI server each
build the app from a store URL and a token, with nothing read from globals at import time.
CORS is off unless origins are given: the pages `dateline serve` will ship come from the
same origin.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI

from dateline.corpus.ingest import RecordMaker
from dateline.serve import pages, routes_articles, routes_events, routes_lookup
from dateline.serve.cache import ResponseCache
from dateline.serve.errors import ErrorBody, install_handlers
from dateline.serve.limits import BodyLimit
from dateline.serve.state import ServerState
from dateline.settings import Settings
from dateline.store.db import open_store
from dateline.store.revision import RevisionWatch

__all__ = ["API_PREFIX", "DEFAULT_MAX_BODY_BYTES", "create_app"]

API_PREFIX = "/api/v1"
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
_ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in ((401, "missing or wrong bearer token"), (404, "unknown id"),
                         (413, "request body too large"), (422, "bad input"))
}


def _default_analyzer(settings: Settings) -> Callable[[], RecordMaker]:
    def make() -> RecordMaker:
        from dateline.analyzer import Analyzer  # loads spaCy: only when a request first needs it

        return Analyzer(settings)

    return make


def create_app(
    store_url: str,
    *,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    settings: Settings | None = None,
    make_analyzer: Callable[[], RecordMaker] | None = None,
    cors_origins: Sequence[str] = (),
    cache: bool = True,
) -> FastAPI:
    """The API over the store at `store_url` (a path or URL, as `--db`); writes need `token` if one is set.

    `token` defaults to `DATELINE_TOKEN`; `make_analyzer` (tests, benchmarks) replaces the spaCy analyzer;
    `cache` keeps the API's read answers while the store is unchanged (`serve.cache`).
    """
    token = token if token is not None else (os.environ.get("DATELINE_TOKEN") or None)
    store = open_store(store_url)
    watch = RevisionWatch(store) if cache else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if watch is not None:
            watch.close()
        store.close()

    from dateline import __version__

    app = FastAPI(title="dateline", version=__version__, lifespan=lifespan,
                  description="Dated, sourced event records from news articles, over a dateline store.")
    app.state.serve = ServerState(store, make_analyzer or _default_analyzer(settings or Settings()))
    app.state.token = token
    install_handlers(app)
    for module in (routes_articles, routes_events, routes_lookup):
        app.include_router(module.router, prefix=API_PREFIX, responses=_ERRORS)
    pages.install(app)  # the web pages at /, /map, /events/{id}, /articles/{id}, /analyze; static at /static
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    if watch is not None:
        app.add_middleware(ResponseCache, watch=watch, prefix=API_PREFIX)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    return app
