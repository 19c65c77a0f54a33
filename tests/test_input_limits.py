"""Input at the documented limits: long texts, NUL characters, lone surrogates, the calendar's ends.

Each of these once ended in a traceback (issue 22): a text over spaCy's `max_length`, a NUL
that PostgreSQL refuses, a `\\ud800` in a JSON body, a publication date of 0001-01-01.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from dateline import cli
from dateline.analyzer import Analyzer
from dateline.corpus.fake import FakeAnalyzer
from dateline.corpus.ingest import ingest
from dateline.corpus.sources import Article
from dateline.errors import BinaryInput
from dateline.model import Record
from dateline.pipeline import clean, nlp
from dateline.pipeline.read import RawInput, to_document
from dateline.serve import create_app
from dateline.store import open_store
from dateline.store.queries import document_row

NEWS = ("Rebels attacked Hama on Tuesday.  Government troops fled north, a spokesman said.\n\n"
        "The army said on Wednesday it would return. Officials   said nothing.\n"
        "Residents of Homs reported heavy shelling overnight.")


# --- long texts: pieces the parser takes, one Doc with the text's offsets -----------------------


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n\t\"'"), max_size=400), st.integers(min_value=1, max_value=60))
def test_split_text_gives_the_text_back_in_pieces_under_the_limit(text: str, limit: int) -> None:
    pieces = nlp.split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
    assert all(pieces[:-1])  # no empty piece but a last one of an empty text


def test_split_text_cuts_at_paragraphs_then_sentences_then_spaces() -> None:
    assert nlp.split_text(NEWS, 100)[0] == NEWS[: NEWS.index("The army")]  # after the blank line
    assert nlp.split_text(NEWS, 60)[0] == "Rebels attacked Hama on Tuesday.  "  # after the sentence end
    assert nlp.split_text("one two three four", 9) == ["one two ", "three ", "four"]
    assert nlp.split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]  # one long word: cut at the limit
    with pytest.raises(ValueError, match="at least one character"):
        nlp.split_text(NEWS, 0)


def _check_doc(doc: Doc, text: str) -> None:
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text
    for sent in doc.sents:
        assert text[sent.start_char : sent.end_char] == sent.text


@pytest.mark.model
def test_parse_with_a_tiny_chunk_size_keeps_offsets_and_sentences(analyzer: Analyzer) -> None:
    pieces = nlp.split_text(NEWS, 40)
    assert len(pieces) > 3
    docs = list(nlp.parse(analyzer.nlp, [NEWS, "Troops left Aleppo.", NEWS], chunk_chars=40))
    assert [d.text for d in docs] == [NEWS, "Troops left Aleppo.", NEWS]
    _check_doc(docs[0], NEWS)
    starts = {s.start_char for s in docs[0].sents}
    cut = 0
    for piece in pieces:  # every piece begins a sentence, as a paragraph or a sentence does
        assert cut in starts
        cut += len(piece)
    whole = analyzer.nlp(NEWS)  # cut at a paragraph break and at sentence ends, the parse agrees
    assert {s.start_char for s in whole.sents} <= starts
    assert {(e.start_char, e.text) for e in docs[0].ents} >= {(NEWS.index("Hama"), "Hama")}


class _Keep:
    """A stage that only keeps the Doc it is given."""

    def __init__(self) -> None:
        self.docs: list[Doc] = []

    def __call__(self, doc: Doc, record: Record) -> None:
        self.docs.append(doc)


@pytest.mark.model
def test_a_text_over_a_million_characters_is_parsed_whole(analyzer: Analyzer) -> None:
    """Over spaCy's `max_length` (which refused it with a ValueError), through the analyzer's
    own path: one Doc, the text exactly, sentences where the repeated story has them."""
    story = resources.files("dateline.examples").joinpath("rebel-advance-demo.txt").read_text("utf-8").strip()
    text = "\n\n".join([story] * (1_000_000 // len(story) + 2))
    assert len(text) > analyzer.nlp.max_length
    keep = _Keep()
    record = Analyzer(analyzer.settings, stages=[keep]).analyze(text, published="2025-03-05")
    [doc] = keep.docs
    assert record.document.text == text
    masked = clean.masked_text(text, record.document.ignored)  # what spaCy saw: debris blanked, same length
    _check_doc(doc, masked)
    pieces = nlp.split_text(masked, nlp.CHUNK_CHARS)
    assert len(pieces) > 10
    # the copy of the story holding the second cut is parsed as one inside a piece is
    cut = len(pieces[0]) + len(pieces[1])
    second = len(story) + 2
    joined = cut // second * second  # the copies start every `second` characters

    def sentence_starts(at: int) -> list[int]:
        return [s.start_char - at for s in doc.sents if at <= s.start_char < at + len(story)]

    def entities(at: int) -> list[tuple[int, str, str]]:
        return [(e.start_char - at, e.text, e.label_) for e in doc.ents if at <= e.start_char < at + len(story)]

    assert sentence_starts(joined) == sentence_starts(second) and len(sentence_starts(second)) > 3
    assert entities(joined) == entities(second) and ("Kyiv" in {name for _, name, _ in entities(second)})


# --- NUL characters ------------------------------------------------------------------------------


def test_nul_characters_become_replacement_characters_one_for_one() -> None:
    data = b"Rebels attacked Hama\x00 on Tuesday, a spokesman said; troops fled north of the city."
    document = to_document(RawInput("nul.txt", data, False))
    assert document.text == data.decode().replace("\x00", "\ufffd")
    assert document.text.index("\ufffd") == data.index(b"\x00") and document.nul_replaced == 1
    late = b"Rebels attacked Hama on Tuesday. " * 300 + b"\x00\x00 Troops fled."  # past the 8 KB head
    assert to_document(RawInput("late.txt", late, False)).nul_replaced == 2
    page = b"<html><body><article><p>Rebels attacked Hama\x00 on Tuesday, a spokesman for the group " \
           b"said; government troops fled north.</p></article></body></html>"
    html = to_document(RawInput("nul.html", page, True))
    assert "\x00" not in html.text and html.nul_replaced == 1
    assert to_document(RawInput("clean.txt", data.replace(b"\x00", b""), False)).nul_replaced == 0


def test_a_file_of_nuls_is_still_binary() -> None:
    with pytest.raises(BinaryInput, match=re.escape("utf16.txt: looks like a binary")):
        to_document(RawInput("utf16.txt", "Rebels attacked Hama on Tuesday.".encode("utf-16-le"), False))
    with pytest.raises(BinaryInput):
        to_document(RawInput("padded.bin", b"ELF" + b"\x00" * 64 + b"text" * 10, False))


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_text_with_nul_is_stored(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    db = str(tmp_path / "nul.db") if backend == "sqlite" else str(request.getfixturevalue("postgres_url"))
    data = b"Rebels attacked Hama\x00 on 2024-12-03, a spokesman for the group said on Tuesday."
    store = open_store(db)
    try:
        summary = ingest(store, [Article("nul.txt", RawInput("nul.txt", data, False))], FakeAnalyzer)
        assert summary.added == 1, summary.failed
        with store.engine.connect() as conn:
            [(doc_id,)] = conn.exec_driver_sql("SELECT id FROM documents").fetchall()
        row = document_row(store, doc_id)
    finally:
        store.close()
    assert row is not None and "\x00" not in row["text"] and "Hama\ufffd on" in row["text"]
    assert row["record"]["document"]["nul_replaced"] == 1


# --- lone surrogates through the API ---------------------------------------------------------------


def _never() -> Any:
    raise AssertionError("this request must be refused before any analysis")


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("surrogate") / "empty.db"
    client = TestClient(create_app(str(db), token="t0ken", make_analyzer=_never))
    yield client
    client.close()


@pytest.mark.parametrize(("path", "body", "code", "where"), [
    ("/api/v1/analyze", '{"text": "Rebels attacked \\ud800 Hama"}', "E005", "text: holds a lone UTF-16 surrogate"),
    ("/api/v1/analyze", '{"html": "<p>Rebels attacked \\udfff Hama</p>"}', "E005", "html: holds"),
    ("/api/v1/analyze", '{"text": "Rebels attacked Hama", "title": "x\\ud83d"}', "E010", "title holds"),
    ("/api/v1/analyze", '{"text": "Rebels attacked Hama", "published": "2024\\udc00"}', "E010", "published holds"),
    ("/api/v1/articles", '{"articles": [{"text": "Rebels attacked \\ud800 Hama"}]}', "E005", "articles[0]: holds"),
    ("/api/v1/articles", '{"articles": [{"text": "Rebels attacked Hama", "source": "\\udc80"}]}', "E010",
     "source holds"),
])
def test_a_lone_surrogate_is_a_coded_4xx(bare: TestClient, path: str, body: str, code: str, where: str) -> None:
    response = bare.post(path, content=body, headers={"content-type": "application/json",
                                                      "authorization": "Bearer t0ken"})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == code and where in error["message"] and "U+D" in error["message"]


def test_surrogates_encoded_in_the_body_bytes_are_a_4xx(bare: TestClient) -> None:
    body = b'{"text": "Rebels attacked \xed\xa0\x80 Hama"}'  # CESU-8 of U+D800: not UTF-8
    response = bare.post("/api/v1/analyze", content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500 and response.json()["error"]["code"].startswith("E0")


# --- the calendar's ends and numbers no date can hold --------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "00010101", "9999-12-31T23:59:59-12:00"])
def test_analyze_at_the_calendars_ends(tmp_path: Path, capsys: pytest.CaptureFixture[str], published: str) -> None:
    path = tmp_path / "ends.txt"
    path.write_text("Rebels attacked Hama on Tuesday. The siege began three years ago and will end in two weeks, "
                    "a week after the talks, officials said on Monday. It ended 100000000000000000000 years ago. "
                    "The next election is in the year 99999, and the war began 1e30 weeks ago, -5 years ago.\n")
    assert cli.main(["analyze", str(path), "--published", published, "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["document"]["published"] == ("0001-01-01" if published == "00010101" else published[:10])
    values = {t["text"]: t["value"] for t in record["times"]}
    assert values["100000000000000000000 years ago"] == "XXXX"  # no year, not a crash
    assert all(re.fullmatch(r"[0-9X]{2,4}.*|P.*|[A-Z_]+", v) for v in values.values()), values


@pytest.mark.parametrize("value", ["0000-01-01", "10000-01-01", "２０２４-１２-０３"])
def test_published_outside_the_calendar_is_refused_naming_the_range(capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path, value: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Rebels attacked Hama on Tuesday.\n")
    assert cli.main(["analyze", str(path), "--published", value]) == 2
    err = capsys.readouterr().err
    assert value in err and "0001-01-01 to 9999-12-31" in err and "[E010]" in err
