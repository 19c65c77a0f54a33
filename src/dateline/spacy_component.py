"""dateline as a spaCy pipeline component: `nlp.add_pipe("dateline")` after your own pipeline.

    nlp = spacy.load("en_core_web_sm")       # any English pipeline with tagger, parser, NER
    nlp.add_pipe("dateline", config={"published": "2024-12-13"})
    doc = nlp(text)
    doc._.dateline                             # the Record, as dateline.analyze(text) gives it

Why a component: a user who already runs spaCy (their own model, extra components, their
own batching) gets dateline's record without a second parse. The factory is registered
through the `spacy_factories` entry point, so `add_pipe("dateline")` and a saved pipeline's
config find it without an explicit `import dateline`.

What it can and cannot apply, the Doc being parsed before it runs:
- the stages (places, entities, quantities, time, events, event places, attribution,
  claims, dating) run as in `dateline.analyze`; they read tags, lemmas, dependencies,
  entities and sentences, so the pipeline needs a tagger, lemmatizer, parser and NER before
  this component (a Doc without them is refused with a coded error);
- web debris is found and listed in `document.ignored`, and the stages that skip it do, but
  it cannot be blanked before the parse (the analyzer's `clean.masked_text`): a page's
  "Read more" or photo credit was parsed and tagged with the article;
- a blank line ends a sentence only if `dateline_paragraph_boundaries` ran before the
  parser: `nlp.add_pipe("dateline_paragraph_boundaries", before="parser")` gives dateline's
  own sentence rule.

The publication date, most specific first: `nlp(text, component_cfg={"dateline":
{"published": ...}})` (a call argument), `doc._.dateline_published` (set on a Doc made with
`nlp.make_doc` before `nlp(doc)` or `nlp.pipe(docs)`), then the `published` of the config.

Why the heavy imports wait for the factory: spaCy imports every `spacy_factories` entry point
whenever it builds any pipeline, so this module must cost nothing to a spaCy user who never
adds the component.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from dateline.errors import UsageError
from dateline.pipeline import nlp as _paragraphs  # registers "dateline_paragraph_boundaries"
from dateline.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from dateline.pipeline.stage import Stage

__all__ = ["FACTORY", "PARAGRAPH_BOUNDARIES", "DatelineComponent", "make_dateline"]

FACTORY = "dateline"
PARAGRAPH_BOUNDARIES = _paragraphs.PARAGRAPH_BOUNDARIES
# what the stages read, as spaCy's pipe analysis names it, and the Doc annotation that shows it
_NEEDS = {"token.tag": "TAG", "token.lemma": "LEMMA", "token.dep": "DEP", "doc.ents": "ENT_IOB"}
_RECORD_KEY = "__dateline_record__"

if not Doc.has_extension("dateline"):
    Doc.set_extension("dateline", default=None)
if not Doc.has_extension("dateline_published"):
    Doc.set_extension("dateline_published", default=None)


class DatelineComponent:
    """Runs dateline's stages on each Doc and sets `doc._.dateline` to its `Record`."""

    def __init__(self, name: str, published: str | None, settings: Settings) -> None:
        from dateline.analyzer import shared_stages

        self.name = name
        self.published = published
        self.settings = settings
        self.stages: tuple[Stage, ...] = shared_stages(settings)

    def __call__(self, doc: Doc, published: str | date | None = None) -> Doc:
        from dateline.analyzer import document_for_doc, run_stages

        _check_parsed(doc, self.name)
        when = published if published is not None else doc._.dateline_published
        document = document_for_doc(doc, published=when if when is not None else self.published)
        doc._.dateline = run_stages(doc, document, self.stages)
        _drop_stage_caches(doc)
        return doc


def _check_parsed(doc: Doc, name: str) -> None:
    """A coded error naming what the Doc lacks, rather than an empty or wrong record."""
    missing = [need for need, attr in _NEEDS.items() if len(doc) and not doc.has_annotation(attr)]
    if missing:
        raise UsageError(
            f"spaCy component {name!r}: the Doc has no {', '.join(missing)}; add it after a tagger, lemmatizer, "
            f"parser and NER (e.g. spacy.load('en_core_web_sm') then nlp.add_pipe({FACTORY!r}))"
        )


def _drop_stage_caches(doc: Doc) -> None:
    """The stages keep lookups in `doc.user_data` (sentences as Spans, quotations); spaCy cannot
    serialise Spans, so they are dropped once the record is made, and `doc.to_bytes()`, a
    `DocBin` with user data and `nlp.pipe(n_process=2)` keep working."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("dateline")]:
        del doc.user_data[key]


@Language.factory(
    FACTORY,
    default_config={"published": None, "open_events": True},
    requires=list(_NEEDS),
    assigns=["doc._.dateline"],
)
def make_dateline(nlp: Language, name: str, published: str | None, open_events: bool) -> DatelineComponent:
    """The `dateline` component. `published`: the date of every Doc that brings none of its own
    (ISO date); `open_events`: every event (the default) or only PLOVER-coded ones."""
    from dateline.analyzer import make_document

    if published:
        published = make_document("", published=published).published  # checked once, not per Doc
    return DatelineComponent(name, published or None, Settings(open_events=open_events))


def _encode_record(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """msgpack (srsly) encoder: `doc._.dateline` travels as its JSON, so Docs carrying a record
    survive `doc.to_bytes()` and spaCy's worker processes."""
    model = sys.modules.get("dateline.model")  # not loaded: the object cannot be a Record
    if model is not None and isinstance(obj, model.Record):
        return {_RECORD_KEY: obj.to_json(indent=None)}
    return chain(obj) if chain is not None else obj


def _decode_record(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if isinstance(obj, dict) and _RECORD_KEY in obj:
        from dateline.model import Record

        return Record.model_validate_json(obj[_RECORD_KEY])
    return chain(obj) if chain is not None else obj


srsly.msgpack_encoders.register("dateline_record", func=_encode_record)
srsly.msgpack_decoders.register("dateline_record", func=_decode_record)

