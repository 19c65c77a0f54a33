"""dateline inside a user's own spaCy pipeline: `nlp.add_pipe("dateline")`, `doc._.dateline`.

The user's pipeline is loaded here with `spacy.load`, not through dateline (which adds its
paragraph rule to the pipeline it loads), so these tests see what a user's pipeline gives.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib.metadata import entry_points

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import dateline
from dateline.analyzer import Analyzer
from dateline.errors import UsageError
from dateline.model import Record
from dateline.settings import Settings

# one paragraph of whole sentences: the paragraph rule and the debris mask change nothing here,
# so the user's pipeline and dateline's own must agree on every event
TEXT = ("Rebels seized the northern city of Aleppo on Tuesday, a monitoring group said. "
        "The army withdrew its troops from the city two days later.")
PUBLISHED = "2024-12-03"


@pytest.fixture(scope="module")
def user_nlp() -> Language:
    return spacy.load(Settings().model)


@Language.component("test_user_marker")
def _user_marker(doc: Doc) -> Doc:
    """A user's own component, placed before dateline's: it leaves a mark and changes no annotation."""
    doc.user_data["test_user_marker"] = True
    return doc


def _events(record: Record) -> list[dict]:
    return [e.model_dump() for e in record.events]


def test_the_entry_point_is_registered() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert found.get("dateline") == "dateline.spacy_component:make_dateline", found


def test_spacy_finds_the_factories_through_the_entry_point_alone() -> None:
    """A fresh process that never imports dateline can add both components by name, and building a
    spaCy pipeline does not load dateline's stages (spaCy imports every entry point it knows)."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import sys
        import spacy
        nlp = spacy.blank("en")
        nlp.add_pipe("dateline_paragraph_boundaries")
        print(nlp.has_factory("dateline"), nlp.pipe_names, "dateline.analyzer" in sys.modules)
    """)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "['dateline_paragraph_boundaries']", "False"], done.stdout


@pytest.mark.model
def test_component_in_a_users_pipeline_gives_the_record_analyze_gives() -> None:
    nlp = spacy.load(Settings().model)
    nlp.add_pipe("test_user_marker", after="ner")
    nlp.add_pipe("dateline", config={"published": PUBLISHED})
    assert nlp.pipe_names[-2:] == ["test_user_marker", "dateline"]
    doc = nlp(TEXT)
    record = doc._.dateline
    assert isinstance(record, Record) and doc.user_data["test_user_marker"] is True
    assert {e.trigger.text for e in record.events} >= {"seized", "withdrew"}
    expected = dateline.analyze(TEXT, published=PUBLISHED)
    assert _events(record) == _events(expected)
    assert record.model_dump() == expected.model_dump()
    seized = next(e for e in record.events if e.trigger.text == "seized")
    assert seized.when is not None and seized.when.value == PUBLISHED  # "on Tuesday" of Tuesday 3 December


@pytest.mark.model
def test_publication_date_from_the_call_then_the_doc_then_the_config() -> None:
    nlp = spacy.load(Settings().model)
    nlp.add_pipe("dateline", config={"published": "2024-12-03"})
    assert nlp(TEXT)._.dateline.document.published == "2024-12-03"
    made = nlp.make_doc(TEXT)
    made._.dateline_published = "2025-01-14"
    assert nlp(made)._.dateline.document.published == "2025-01-14"
    called = nlp(TEXT, component_cfg={"dateline": {"published": "2023-06-01"}})
    assert called._.dateline.document.published == "2023-06-01"


@pytest.mark.model
def test_docs_carrying_a_record_serialise_and_cross_processes() -> None:
    nlp = spacy.load(Settings().model)
    nlp.add_pipe("dateline", config={"published": PUBLISHED})
    doc = nlp(TEXT)
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert back._.dateline == doc._.dateline
    bin_ = DocBin(store_user_data=True, docs=[doc])
    assert next(bin_.get_docs(nlp.vocab))._.dateline == doc._.dateline
    texts = [TEXT, "The president resigned on Monday.", "Floods killed 12 people in Valencia, officials said."]
    parallel = [d._.dateline for d in nlp.pipe(texts, n_process=2, batch_size=1)]
    assert [r.document.text for r in parallel] == texts
    assert [_events(r) for r in parallel] == [_events(nlp(t)._.dateline) for t in texts]


@pytest.mark.model
def test_a_saved_pipeline_with_dateline_loads_where_dateline_is_never_imported(tmp_path) -> None:
    nlp = spacy.load(Settings().model)
    nlp.add_pipe("dateline", config={"published": PUBLISHED, "open_events": False})
    assert not nlp.analyze_pipes()["problems"]["dateline"]  # spaCy's check of what the component requires
    nlp.to_disk(tmp_path / "pipeline")
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        import spacy
        nlp = spacy.load({str(tmp_path / "pipeline")!r})
        record = nlp({TEXT!r})._.dateline
        print(record.document.published, sorted({{e.type for e in record.events}}), "dateline" in sys.modules)
    """)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    # open_events false: only the PLOVER-coded events, so no uncoded (None) type
    assert done.stdout.strip() == f"{PUBLISHED} ['RETREAT', 'SEIZE'] True", done.stdout


def test_a_doc_without_a_parse_is_refused_with_a_coded_error() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("dateline")
    with pytest.raises(UsageError) as caught:
        nlp("Rebels seized the city on Tuesday.")
    assert caught.value.code == "E010" and "token.dep" in str(caught.value) and "'dateline'" in str(caught.value)


def test_a_bad_configured_date_fails_when_the_component_is_added() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(UsageError, match="not a date"):
        nlp.add_pipe("dateline", config={"published": "last Tuesday"})


@pytest.mark.model
def test_analyze_takes_a_users_doc_and_an_analyzer_takes_a_users_nlp(user_nlp: Language) -> None:
    doc = user_nlp(TEXT)
    from_doc = dateline.analyze(doc, published=PUBLISHED)
    assert from_doc.document.text == TEXT and _events(from_doc) == _events(dateline.analyze(TEXT, PUBLISHED))
    mine = Analyzer(nlp=user_nlp)
    assert mine.nlp is user_nlp and "dateline_paragraph_boundaries" not in user_nlp.pipe_names
    assert _events(mine.analyze(TEXT, published=PUBLISHED)) == _events(from_doc)


def test_an_analyzer_refuses_a_pipeline_that_already_runs_dateline() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("dateline")
    with pytest.raises(UsageError, match="already runs the 'dateline' component"):
        Analyzer(nlp=nlp, stages=[])
