"""The Python API: `analyze`, `analyze_many` (texts, (text, published) pairs, Documents, worker
processes), what `dateline` exports, and that it is typed."""

from __future__ import annotations

from datetime import date, datetime
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dateline
from dateline.analyzer import make_document
from dateline.errors import UsageError

TEXTS = (
    "Rebels seized the town of Saraqib on Monday, the army said.",
    "The president resigned on Friday.",
    "Floods killed 12 people in Valencia on Tuesday, officials said.",
)


def test_the_public_names_are_exported_and_typed() -> None:
    for name in ("Analyzer", "Document", "Record", "Settings", "analyze", "analyze_many", "make_document"):
        assert name in dateline.__all__ and getattr(dateline, name) is not None
    assert dateline.Document is make_document("x").__class__
    assert resources.files("dateline").joinpath("py.typed").is_file()


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_published_date_may_be_a_date_a_datetime_or_its_iso_string(day: date) -> None:
    noon = datetime(day.year, day.month, day.day, 12, 30)
    forms = [day, noon, day.isoformat(), day.strftime("%Y%m%d"), noon.isoformat()]
    assert {make_document("x", published=form).published for form in forms} == {day.isoformat()}


def test_a_published_value_that_is_no_date_is_a_coded_error() -> None:
    with pytest.raises(UsageError, match="not a date"):
        make_document("x", published="yesterday")
    with pytest.raises(UsageError, match="give an ISO date string or a date"):
        make_document("x", published=20241213)  # type: ignore[arg-type]


def test_analyze_many_refuses_a_bad_process_count_before_loading_the_model() -> None:
    for bad in (0, -1, True, 1.5):
        with pytest.raises(UsageError, match=f"n_process {bad!r} must be"):
            dateline.analyze_many(TEXTS, n_process=bad)  # type: ignore[arg-type]


@pytest.mark.model
def test_analyze_many_takes_texts_pairs_and_documents_in_order() -> None:
    items = [
        TEXTS[0],
        (TEXTS[1], date(2024, 12, 13)),
        (TEXTS[2], None),  # a pair without its own date takes the shared one
        make_document(TEXTS[0], published="2023-05-01", title="Saraqib"),
    ]
    records = list(dateline.analyze_many(items, published="2024-12-02"))
    assert [r.document.text for r in records] == [TEXTS[0], TEXTS[1], TEXTS[2], TEXTS[0]]
    assert [r.document.published for r in records] == ["2024-12-02", "2024-12-13", "2024-12-02", "2023-05-01"]
    assert records[3].document.title == "Saraqib"
    resigned = next(e for e in records[1].events if e.trigger.text == "resigned")
    assert resigned.when is not None and resigned.when.value == "2024-12-13"  # the Friday of that week
    with pytest.raises(UsageError, match=r"an item is a tuple; give a text, a \(text, published\) pair"):
        list(dateline.analyze_many([("a", "2024-01-01", "extra")]))  # type: ignore[list-item]


@pytest.mark.model
def test_analyze_many_in_two_processes_gives_the_same_records_in_order() -> None:
    pairs = [(t, "2024-12-13") for t in TEXTS]
    one = [r.model_dump() for r in dateline.analyze_many(pairs)]
    two = [r.model_dump() for r in dateline.analyze_many(pairs, n_process=2, batch_size=1)]
    assert [r["document"]["text"] for r in two] == list(TEXTS)
    assert two == one
