"""read stage: dates, decoding, refusals — each refusal names the input and the reason."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.errors import (
    BinaryInput,
    EmptyInput,
    InputNotFound,
    InputTooLarge,
    NoArticleInHtml,
    UndecodableInput,
    UsageError,
)
from dateline.pipeline.read import RawInput, decode, parse_published, read_source, to_document


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-13", "2024-12-13"),
        ("20241213", "2024-12-13"),
        ("2024-12-13T08:30", "2024-12-13"),
        ("2024-12-13T08:30:15Z", "2024-12-13"),
        ("2024-12-13 23:59:59+02:00", "2024-12-13"),
        (" 2024-02-29 ", "2024-02-29"),
    ],
)
def test_read_published_accepted_forms(value: str, expected: str) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["13/12/2024", "Dec 13 2024", "2024-13-01", "2023-02-29", "yesterday", ""])
def test_read_published_rejects_with_accepted_forms(value: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_published(value)
    assert "YYYY-MM-DD" in str(info.value)


@given(st.text(max_size=30))
def test_read_published_never_crashes_otherwise(value: str) -> None:
    try:
        result = parse_published(value)
    except UsageError:
        return
    assert len(result) == 10 and result[4] == "-"


def test_read_decode_keeps_text_exactly() -> None:
    raw = "  Leading spaces\r\nand CRLF — dashes, “quotes”\n\n"
    text, encoding = decode(raw.encode("utf-8"), "a.txt")
    assert text == raw and encoding == "utf-8"


def test_read_decode_legacy_encoding_is_detected() -> None:
    raw = "Le président a déclaré que l'armée était prête à défendre la capitale."
    text, encoding = decode(raw.encode("cp1252"), "fr.txt")
    assert text == raw
    assert encoding.lower().replace("_", "-") in {"cp1252", "windows-1252", "latin-1", "iso-8859-1", "iso-8859-15"}


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", EmptyInput, "empty"),
        (b"   \n\t  ", EmptyInput, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), BinaryInput, "binary"),
        ("Assad fled to Moscow — ".encode() + b"\xff\xfe broken", UndecodableInput, "invalid UTF-8"),
        (b"caf\xc3\x28 ok \xff\xfe text here", UndecodableInput, "invalid UTF-8"),  # no multibyte char at all
        (b"Hello \xff\xfe\xfd world", UndecodableInput, "invalid UTF-8"),
    ],
)
def test_read_decode_refuses_bad_bytes(data: bytes, error: type[Exception], reason: str) -> None:
    with pytest.raises(error) as info:
        decode(data, "bad.txt")
    assert "bad.txt" in str(info.value) and reason in str(info.value)


def test_read_source_missing_and_too_large(tmp_path) -> None:
    with pytest.raises(InputNotFound, match=re.escape("nope.txt: no such file")):
        read_source(str(tmp_path / "nope.txt"), 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2001)
    with pytest.raises(InputTooLarge, match=re.escape("big.txt")):
        read_source(str(big), 2000)


def test_read_text_over_spacys_max_length_is_read_whole() -> None:
    """Under the byte limit but over spaCy's `max_length` (1,000,000 characters): read whole,
    since the nlp stage parses a long text in pieces (tests/test_input_limits.py)."""
    words = ("Rebels captured the city on Saturday. " * (1_000_000 // 38 + 2)).encode()
    document = to_document(RawInput("long.txt", words, False))
    assert len(document.text) > 1_000_000 and document.text == words.decode()


def test_read_html_without_article_is_refused(tmp_path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>x</title></head><body><nav>Home | About</nav></body></html>")
    with pytest.raises(NoArticleInHtml, match=re.escape("empty.html")):
        to_document(read_source(str(page), 10**6))


def test_read_html_article_gives_text_title_and_date(tmp_path) -> None:
    body = " ".join(
        f"Paragraph {i}: the rebels said they had entered the northern city after two days of fighting."
        for i in range(8)
    )
    page = tmp_path / "story.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Rebels enter city</title>"
        '<meta property="article:published_time" content="2024-12-07T10:00:00Z"></head>'
        f"<body><nav>Home</nav><article><h1>Rebels enter city</h1><p>{body}</p></article>"
        "<footer>Cookie policy</footer></body></html>"
    )
    document = to_document(read_source(str(page), 10**6))
    assert document.format == "html"
    assert "rebels said they had entered" in document.text
    assert "Cookie policy" not in document.text
    assert document.title == "Rebels enter city"
    assert document.published == "2024-12-07" and document.published_from == "html-metadata"


def test_read_argument_date_beats_html_metadata(tmp_path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="2024-12-07"></head><body><article><p>'
        + "The army withdrew from the town on Friday after heavy shelling. " * 6
        + "</p></article></body></html>"
    )
    document = to_document(read_source(str(page), 10**6), published="2024-12-13")
    assert document.published == "2024-12-13" and document.published_from == "argument"
