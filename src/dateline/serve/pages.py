"""The web pages of `dateline serve`: timeline, map, event view, article view, paste an article.

Why server-rendered: every page reads without JavaScript (the script only opens the
click-to-inspect panel), works offline, and is a thin shell over the same store queries,
filter parsing and `ServerState.analyze` as the API, called in-process, not over HTTP.
Jinja2 autoescapes every value; article text reaches the page only through
`highlight.render_marks`, which escapes each piece, and the record parts only as a JSON blob
with `<`, `>`, `&` escaped. The Content-Security-Policy allows scripts from this origin only,
so even a missed escape could not run an inline script or handler.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool

from dateline.errors import DatelineError, UsageError
from dateline.model import Record
from dateline.pipeline.read import parse_published, to_document
from dateline.serve.errors import _status  # the API's status for a library error, so pages and API agree
from dateline.serve.filters import event_filter
from dateline.serve.highlight import json_blob
from dateline.serve.map_data import MAP_PAGE_SIZE, map_page
from dateline.serve.page_data import CERTAINTIES, event_page, timeline_page
from dateline.serve.record_view import article_view
from dateline.serve.schemas import AnalyzeRequest
from dateline.serve.state import ServerState, get_state
from dateline.store.queries import EventFilter, document_row, event_rows

__all__ = ["CSP", "PAGE_SIZE", "install", "router"]

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 200  # events per timeline page
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
FILTER_FIELDS = ("entity", "place", "type", "class", "certainty", "min_sources", "since", "until", "q")
_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True)
_read_filter = event_filter(True)  # the API's filter parsing, called in-process
router = APIRouter(include_in_schema=False)
State = Annotated[ServerState, Depends(get_state)]


class PageError(Exception):
    """An answer that is an HTML error page: unknown id, unreadable input."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def render(name: str, code: int = 200, **context: Any) -> HTMLResponse:
    """Template `name` as an HTML answer with status `code` and the pages' security headers."""
    return HTMLResponse(_env.get_template(name).render(**context), status_code=code, headers=_HEADERS)


@contextmanager
def _as_page() -> Iterator[None]:
    """Library errors (bad filter, bad date) as an HTML error page with the API's status, not a JSON body."""
    try:
        yield
    except DatelineError as e:
        raise PageError(_status(e), f"{e.code}: {e.message}") from e


def _filters(state: ServerState, form: dict[str, str]) -> EventFilter:
    """The form's values as the API's `EventFilter` (same checks, same E010 errors)."""
    min_sources = form["min_sources"] or "1"
    if not min_sources.isdigit() or not 1 <= int(min_sources) <= 1_000_000:
        raise UsageError(f"min_sources {min_sources[:40]!r} is not a whole number from 1")
    if len(form["q"]) > 500:
        raise UsageError("q is over 500 characters")
    return _read_filter(state, entity=form["entity"] or None, place=form["place"] or None, type=form["type"] or None,
                       event_class_=form["class"] or None, since=form["since"] or None,
                       until=form["until"] or None, min_sources=int(min_sources), coded=True, q=form["q"] or None,
                        certainty=form["certainty"] or None)


@router.get("/", response_class=HTMLResponse)
def timeline(request: Request, state: State) -> HTMLResponse:
    """Coded events by day, oldest day first (undated last), filtered by the form's GET parameters."""
    form = {k: request.query_params.get(k, "").strip() for k in FILTER_FIELDS}
    context: dict[str, Any] = {"form": form, "certainties": CERTAINTIES, "days": [], "next_query": None,
                               "error": None}
    try:
        with _as_page():
            days, cursor = timeline_page(state.store, _filters(state, form), PAGE_SIZE,
                                         request.query_params.get("cursor") or None)
    except PageError as e:
        return render("timeline.html", e.status, **(context | {"error": e.message}))
    shown = {k: v for k, v in form.items() if v}
    next_query = urlencode(shown | {"cursor": cursor}) if cursor else None
    return render("timeline.html", **(context | {"days": days, "next_query": next_query}))


@router.get("/map", response_class=HTMLResponse)
def map_view(request: Request, state: State) -> HTMLResponse:
    """The timeline's events with coordinates as points on the shipped base map and listed by day; same filters."""
    form = {k: request.query_params.get(k, "").strip() for k in FILTER_FIELDS}
    context: dict[str, Any] = {"form": form, "certainties": CERTAINTIES, "filter_action": "/map", "days": [],
                               "points": json_blob([]), "unplaced": 0, "next_query": None, "error": None}
    try:
        with _as_page():
            shown = map_page(state.store, _filters(state, form), MAP_PAGE_SIZE,
                             request.query_params.get("cursor") or None)
    except PageError as e:
        return render("map.html", e.status, **(context | {"error": e.message}))
    asked, cursor = {k: v for k, v in form.items() if v}, shown["next_cursor"]
    return render("map.html", **(context | {"days": shown["days"], "points": json_blob(shown["points"]),
                                            "unplaced": shown["unplaced"], "timeline_query": urlencode(asked),
                                            "next_query": urlencode(asked | {"cursor": cursor}) if cursor else None}))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(state: State, event_id: str) -> HTMLResponse:
    """Every mention with its evidence sentence, sources, dates and contradictions."""
    shown = event_page(state.store, event_id)
    if shown is None:
        raise PageError(404, f"No event {event_id!r} in this store.")
    return render("event.html", **shown)


@router.get("/articles/{doc_id}", response_class=HTMLResponse)
def article(state: State, doc_id: str) -> HTMLResponse:
    """The stored text with its record marked, and the corpus events it tells."""
    row = document_row(state.store, doc_id)
    if row is None:
        raise PageError(404, f"No article {doc_id!r} in this store.")
    view = article_view(Record.model_validate(row["record"]))
    told = event_rows(state.store, EventFilter(documents=(doc_id,), coded=True))
    return render("article.html", doc=row, view=view, parts=json_blob(view.parts), told=told)


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form() -> HTMLResponse:
    return render("analyze.html", text="", published="", title="", error=None, view=None, parts=None)


@router.post("/analyze", response_class=HTMLResponse)
async def analyze(request: Request, state: State) -> HTMLResponse:
    """Analyse the posted text with the API's analyzer and show it like the article view; nothing is stored."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        raise PageError(415, "Send the form as application/x-www-form-urlencoded.")
    fields = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    text, published, title = (fields.get(k, [""])[0] for k in ("text", "published", "title"))
    context: dict[str, Any] = {"text": text, "published": published, "title": title, "view": None, "parts": None,
                               "error": None}
    try:
        with _as_page():
            body = AnalyzeRequest(text=text, published=published.strip() or None, title=title.strip() or None)
            document = to_document(body.raw("text"), published=parse_published(body.published)
                                   if body.published else None)
            document.title = body.title
            record = await run_in_threadpool(state.analyze, document)
    except PageError as e:
        return render("analyze.html", e.status, **(context | {"error": e.message}))
    view = article_view(record)
    return render("analyze.html", **(context | {"view": view, "parts": json_blob(view.parts)}))


async def _page_error(_request: Request, exc: Exception) -> HTMLResponse:
    status, message = (exc.status, exc.message) if isinstance(exc, PageError) else (500, "internal error")
    return render("error.html", status, status=status, message=message)


def install(app: FastAPI) -> None:
    """Add the pages, their static files (`/static`) and their HTML error pages to `app`."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(PageError, _page_error)
