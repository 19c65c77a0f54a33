"""The request bodies of the API, as pydantic models (they are what /openapi.json documents).

Why text *or* html: the analyzer reads both (HTML through trafilatura, as `dateline analyze`
does), and a client should say which it sends rather than have the server guess.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dateline.pipeline.read import PUBLISHED_FORMS, RawInput

__all__ = ["AnalyzeRequest", "ArticleIn", "ArticlesRequest"]

MAX_ARTICLES = 500  # one POST; more go in several requests so one request cannot hold the analyzer for long


class AnalyzeRequest(BaseModel):
    """One article to analyse: exactly one of `text` and `html`."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="the article as plain text")
    html: str | None = Field(default=None, description="the article page as HTML (the main text is extracted)")
    published: str | None = Field(default=None, description=f"publication date; forms: {PUBLISHED_FORMS}")
    title: str | None = None

    @model_validator(mode="after")
    def _one_body(self) -> AnalyzeRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' and 'html'")
        return self

    def raw(self, source: str) -> RawInput:
        """The body as the reader's `RawInput`, named `source` in error messages."""
        body = self.html if self.html is not None else self.text
        return RawInput(source, (body or "").encode("utf-8"), is_html=self.html is not None)


class ArticleIn(AnalyzeRequest):
    """One article to store, with what the client knows of where it came from."""

    url: str | None = None
    source: str | None = Field(default=None, description="the outlet (counts for independent sources)")


class ArticlesRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)
