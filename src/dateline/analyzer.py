"""Runs the stages in order over one article or a stream of them.

Why a class: the spaCy pipeline and every rule file load once per `Analyzer`, then any
number of articles go through `nlp.pipe` in batches. `dateline.analyze()` keeps one
default analyzer per settings object, so the Python API is a one-liner.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from dateline.model import Document, Record
from dateline.pipeline import (
    attribution,
    claims,
    clean,
    dating,
    entities,
    event_places,
    events,
    nlp,
    places,
    quantities,
    time,
)
from dateline.pipeline.read import parse_published
from dateline.pipeline.stage import Stage
from dateline.settings import Settings

__all__ = ["Analyzer", "analyze", "analyze_many", "default_stages", "make_document"]


def default_stages(settings: Settings) -> list[Stage]:
    """The stages in the order they run; each reads only what those before it wrote."""
    return [
        places.PlaceStage(settings),
        entities.EntityStage(settings),
        quantities.QuantityStage(settings),
        time.TimeStage(settings),
        events.EventStage(settings, open_events=settings.open_events),
        event_places.EventPlaceStage(settings),
        attribution.AttributionStage(settings),
        claims.ClaimStage(settings),
        dating.DatingStage(settings),
    ]


def make_document(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    source: str | None = None,
    doc_id: str | None = None,
) -> Document:
    """A `Document` for raw text: `published` is validated, the id is a content hash."""
    return Document(
        id=doc_id or "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16],
        title=title,
        published=parse_published(published) if published else None,
        published_from="argument" if published else None,
        text=text,
        source=source,
    )


class Analyzer:
    """Loads the spaCy pipeline and the stages once; analyses articles one by one or in batches."""

    def __init__(self, settings: Settings | None = None, stages: Sequence[Stage] | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = nlp.load(self.settings.model)
        self.stages = list(stages) if stages is not None else default_stages(self.settings)

    def analyze_document(self, document: Document) -> Record:
        return next(self.analyze_documents([document]))

    def analyze_documents(self, documents: Iterable[Document]) -> Iterator[Record]:
        """Streams documents through `nlp.pipe`; yields one record per document, in order."""
        pending: list[Record] = []

        def texts() -> Iterator[str]:
            for document in documents:
                document.ignored = clean.find_debris(document.text)
                pending.append(Record(document=document))
                yield clean.masked_text(document.text, document.ignored)

        for doc in self.nlp.pipe(texts(), batch_size=self.settings.batch_size):
            record = pending.pop(0)
            for stage in self.stages:
                stage(doc, record)
            yield record

    def analyze(self, text: str, *, published: str | None = None, title: str | None = None) -> Record:
        return self.analyze_document(make_document(text, published=published, title=title))


@lru_cache(maxsize=4)
def _default_analyzer(settings: Settings) -> Analyzer:
    return Analyzer(settings)


def analyze(
    text: str, published: str | None = None, *, title: str | None = None, settings: Settings | None = None
) -> Record:
    """Analyse one article's text. `published` is the document creation time (ISO date)."""
    return _default_analyzer(settings or Settings()).analyze(text, published=published, title=title)


def analyze_many(
    texts: Iterable[str | Document], published: str | None = None, *, settings: Settings | None = None
) -> Iterator[Record]:
    """Analyse many articles through one `nlp.pipe` stream (texts share `published`)."""
    analyzer = _default_analyzer(settings or Settings())
    documents = (
        t if isinstance(t, Document) else make_document(t, published=published) for t in texts
    )
    return analyzer.analyze_documents(documents)
