"""Runs the stages in order over one article or a stream of them.

Why a class: the spaCy pipeline and every rule file load once per `Analyzer`, then any
number of articles go through `nlp.pipe` in batches. `dateline.analyze()` keeps one
default analyzer per settings object, so the Python API is a one-liner.

Why the stages are separable from the parse (`run_stages`): a user who already has a spaCy
`Doc` (their own pipeline, or the `dateline` component in it, `spacy_component.py`) needs the
stages alone; parsing the text again would cost what spaCy already spent and could disagree
with the user's parse.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import TypeAlias

from spacy.language import Language
from spacy.tokens import Doc

from dateline.document_id import content_hash
from dateline.errors import UsageError
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
from dateline.spacy_component import FACTORY

__all__ = [
    "Analyzer",
    "Item",
    "Published",
    "analyze",
    "analyze_many",
    "default_stages",
    "document_for_doc",
    "make_document",
    "run_stages",
]

# A publication date: an ISO string (or any `--published` form), a `date`/`datetime`, or unknown.
Published: TypeAlias = str | date | None
# What `analyze_many` takes: a text, a (text, published) pair, or a ready `Document`.
Item: TypeAlias = str | tuple[str, Published] | Document


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


@lru_cache(maxsize=4)
def shared_stages(settings: Settings) -> tuple[Stage, ...]:
    """One set of stages per settings object, shared by the default analyzer, `analyze(doc)`
    and the spaCy component (each stage loads its rule files once, which takes seconds)."""
    return tuple(default_stages(settings))


def _iso_published(published: Published) -> str | None:
    """`published` as an ISO date; a string is checked against the accepted forms (`UsageError`)."""
    if published is None or published == "":
        return None
    if isinstance(published, datetime):
        return published.date().isoformat()
    if isinstance(published, date):
        return published.isoformat()
    if isinstance(published, str):
        return parse_published(published)
    raise UsageError(f"published {published!r} is a {type(published).__name__}; give an ISO date string or a date")


def make_document(
    text: str,
    *,
    published: Published = None,
    title: str | None = None,
    source: str | None = None,
    doc_id: str | None = None,
) -> Document:
    """A `Document` for raw text: `published` is validated, the id is a content hash."""
    iso = _iso_published(published)
    return Document(
        id=doc_id or content_hash(text),
        title=title,
        published=iso,
        published_from="argument" if iso else None,
        text=text,
        source=source,
    )


def document_for_doc(doc: Doc, *, published: Published = None, title: str | None = None) -> Document:
    """The `Document` of a Doc parsed elsewhere: its text as spaCy holds it, debris listed.

    The debris spans (`clean.find_debris`) are recorded so the stages that skip them still do;
    but the parse, tags and entities of that Doc were made with the debris in place, since
    blanking it (`clean.masked_text`) can only happen before spaCy sees the text.
    """
    document = make_document(doc.text, published=published, title=title)
    document.ignored = clean.find_debris(document.text)
    return document


def run_stages(doc: Doc, document: Document, stages: Sequence[Stage]) -> Record:
    """The record of `document` from its parsed `doc`: every stage in order, each reading what
    the stages before it wrote."""
    record = Record(document=document)
    for stage in stages:
        stage(doc, record)
    return record


def _check_processes(n_process: int) -> None:
    if not isinstance(n_process, int) or isinstance(n_process, bool) or n_process < 1:
        raise UsageError(f"n_process {n_process!r} must be a whole number of processes, 1 or more")


def _has_dateline_component(pipeline: Language) -> bool:
    return any(pipeline.get_pipe_meta(name).factory == FACTORY for name in pipeline.component_names)


class Analyzer:
    """Loads the spaCy pipeline and the stages once; analyses articles one by one or in batches.

    `nlp`: a spaCy pipeline of your own (loaded, configured, perhaps with components of your
    own), used as given instead of loading `settings.model`. It needs a tagger, lemmatizer,
    parser and NER (the stages read tags, lemmas, dependencies, entities and sentences). It is
    not changed: dateline's rule that a blank line ends a sentence comes with it only if you
    add that component yourself, `nlp.add_pipe("dateline_paragraph_boundaries", before="parser")`.
    """

    def __init__(
        self, settings: Settings | None = None, stages: Sequence[Stage] | None = None, *, nlp: Language | None = None
    ) -> None:
        self.settings = settings or Settings()
        self.nlp = nlp if nlp is not None else _load_pipeline(self.settings.model)
        if _has_dateline_component(self.nlp):
            raise UsageError(
                f"this spaCy pipeline already runs the {FACTORY!r} component ({self.nlp.pipe_names}): read "
                f"doc._.dateline from it, or pass a pipeline without it (nlp.remove_pipe) to the Analyzer"
            )
        self.stages = list(stages) if stages is not None else default_stages(self.settings)

    def analyze_document(self, document: Document) -> Record:
        return next(self.analyze_documents([document]))

    def analyze_documents(
        self, documents: Iterable[Document], *, n_process: int = 1, batch_size: int | None = None
    ) -> Iterator[Record]:
        """Streams documents through `nlp.pipe`; yields one record per document, in order.

        `n_process` > 1 parses in that many worker processes (spaCy's own multiprocessing,
        which keeps the input order); the stages run in this process on the parsed Docs.
        """
        _check_processes(n_process)
        return self._records(documents, n_process, batch_size or self.settings.batch_size)

    def _records(self, documents: Iterable[Document], n_process: int, batch_size: int) -> Iterator[Record]:
        pending: deque[Document] = deque()

        def texts() -> Iterator[str]:
            for document in documents:
                document.ignored = clean.find_debris(document.text)
                pending.append(document)
                yield clean.masked_text(document.text, document.ignored)

        for doc in nlp.parse(self.nlp, texts(), batch_size=batch_size, n_process=n_process):
            yield run_stages(doc, pending.popleft(), self.stages)

    def analyze_doc(self, doc: Doc, *, published: Published = None, title: str | None = None) -> Record:
        """The record of a Doc that is already parsed (by this analyzer's pipeline or another)."""
        return run_stages(doc, document_for_doc(doc, published=published, title=title), self.stages)

    def analyze(self, text: str | Doc, *, published: Published = None, title: str | None = None) -> Record:
        if isinstance(text, Doc):
            return self.analyze_doc(text, published=published, title=title)
        return self.analyze_document(make_document(text, published=published, title=title))


def _load_pipeline(model: str) -> Language:
    return nlp.load(model)


@lru_cache(maxsize=4)
def _default_analyzer(settings: Settings) -> Analyzer:
    return Analyzer(settings, shared_stages(settings))


def analyze(
    text: str | Doc, published: Published = None, *, title: str | None = None, settings: Settings | None = None
) -> Record:
    """Analyse one article. `published` is the document creation time (ISO date or `date`).

    `text` may be a spaCy `Doc` already parsed by your own pipeline: then only dateline's stages
    run on it (no model is loaded), and the record's text is `doc.text`. Web debris is listed
    in `document.ignored` but was not blanked before that parse (see `document_for_doc`).
    """
    settings = settings or Settings()
    if isinstance(text, Doc):
        return run_stages(text, document_for_doc(text, published=published, title=title), shared_stages(settings))
    return _default_analyzer(settings).analyze(text, published=published, title=title)


def _to_document(item: Item, published: Published) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return make_document(item, published=published)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        text, own = item
        return make_document(text, published=own if own is not None else published)
    raise UsageError(
        f"analyze_many: an item is a {type(item).__name__}; give a text, a (text, published) pair or a Document"
    )


def analyze_many(
    items: Iterable[Item],
    published: Published = None,
    *,
    n_process: int = 1,
    batch_size: int | None = None,
    settings: Settings | None = None,
) -> Iterator[Record]:
    """Analyse many articles through one `nlp.pipe` stream; one record per item, in input order.

    Each item is a text (dated `published`), a `(text, published)` pair (its own date, else
    `published`) or a `Document` (as it is; `make_document` builds one with a title or source).
    `n_process` > 1 parses in worker processes; `batch_size` defaults to `Settings.batch_size`.
    """
    _check_processes(n_process)  # before the model loads
    analyzer = _default_analyzer(settings or Settings())
    documents = (_to_document(item, published) for item in items)
    return analyzer.analyze_documents(documents, n_process=n_process, batch_size=batch_size)
