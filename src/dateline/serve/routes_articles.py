"""`POST /analyze`, `POST /articles`, `GET /articles/{id}`: the analyzer and the ingest over HTTP.

Why every article is read before any is stored: a request with one empty or unreadable
article is refused whole (4xx, the article named), so a client never has to work out which
half of its batch went in. What is stored goes through `corpus.ingest.ingest`, the code
path of `dateline ingest`: same ids (content hashes), same idempotence, same merge.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from dateline.corpus.ingest import ingest
from dateline.corpus.neardup import content_hash
from dateline.corpus.sources import Article
from dateline.model import Record
from dateline.pipeline.read import parse_published, to_document
from dateline.serve.errors import found
from dateline.serve.schemas import AnalyzeRequest, ArticlesRequest
from dateline.serve.security import require_token
from dateline.serve.state import ServerState, get_state
from dateline.store.queries import document_row

__all__ = ["router"]

router = APIRouter(tags=["articles"])
State = Annotated[ServerState, Depends(get_state)]


@router.post("/analyze", summary="Analyse one article and return its Record; nothing is stored",
             response_model=Record)
def analyze(state: State, body: AnalyzeRequest) -> JSONResponse:
    published = parse_published(body.published) if body.published else None
    document = to_document(body.raw("text" if body.html is None else "html"), published=published)
    document.title = body.title or document.title
    return JSONResponse(state.analyze(document).to_dict())


@router.post("/articles", summary="Store articles (idempotent: one already stored is counted as a duplicate)",
             dependencies=[Depends(require_token)])
def post_articles(state: State, body: ArticlesRequest) -> dict[str, Any]:
    items: list[Article] = []
    ids: list[dict[str, str]] = []
    for index, article in enumerate(body.articles):
        name = f"articles[{index}]"
        published = parse_published(article.published) if article.published else None
        raw = article.raw(name)
        doc_id = content_hash(to_document(raw, published=published).text)  # the id the ingest gives it
        locator = article.url or f"api:{doc_id}"
        items.append(Article(locator, raw, url=article.url, title=article.title, published=published,
                             source_name=article.source))
        ids.append({"id": doc_id, "locator": locator})
    with state.lock:
        summary = ingest(state.store, items, state.analyzer)
    return {
        "added": summary.added, "duplicates": summary.duplicates, "near_duplicates": summary.near_duplicates,
        "failed": [{"locator": locator, "reason": reason} for locator, reason in summary.failed],
        "articles": ids, "merge": dataclasses.asdict(summary.merge) if summary.merge else None,
    }


@router.get("/articles/{doc_id}", summary="One stored article: metadata, text and its Record")
def get_article(state: State, doc_id: str) -> dict[str, Any]:
    return found(document_row(state.store, doc_id), f"no article {doc_id!r} in the store")
