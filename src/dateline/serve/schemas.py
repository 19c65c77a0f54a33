"""The request bodies of the API, as pydantic models (they are what /openapi.json documents).

Why text *or* html: the analyzer reads both (HTML through trafilatura, as `dateline analyze`
does), and a client should say which it sends rather than have the server guess.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dateline.errors import UndecodableInput
from dateline.pipeline.read import PUBLISHED_FORMS, RawInput

__all__ = ["AnalyzeRequest", "ArticleIn", "ArticlesRequest"]

MAX_ARTICLES = 500  # one POST; more go in several requests so one request cannot hold the analyzer for long
# JSON may escape half of a UTF-16 pair ("\ud800") alone: Python reads it as a lone surrogate, a
# code point no UTF-8 text, database or JSON answer can hold
_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate_problem(value: str) -> str | None:
    found = _SURROGATE.search(value)
    if found is None:
        return None
    return (f"holds a lone UTF-16 surrogate (U+{ord(found.group()):04X} at character {found.start()}), "
            "which is not a Unicode character; send valid text")


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
        for name, value in self:
            if name not in ("text", "html") and isinstance(value, str) and (problem := _surrogate_problem(value)):
                raise ValueError(f"{name} {problem}")
        return self

    def raw(self, source: str) -> RawInput:
        """The body as the reader's `RawInput`, named `source` in error messages.

        A lone surrogate in the body is refused here as the reader refuses bytes that are
        no text (E005, a 422), not left to fail the UTF-8 encoding as a 500.
        """
        body = (self.html if self.html is not None else self.text) or ""
        if problem := _surrogate_problem(body):
            raise UndecodableInput(source, problem)
        return RawInput(source, body.encode("utf-8"), is_html=self.html is not None)


class ArticleIn(AnalyzeRequest):
    """One article to store, with what the client knows of where it came from."""

    url: str | None = None
    source: str | None = Field(default=None, description="the outlet (counts for independent sources)")


class ArticlesRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)
