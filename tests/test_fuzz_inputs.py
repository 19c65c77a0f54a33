"""Random dates, numbers and strings through `--published`, the reader and the time stage.

Why: a publication date anywhere in the calendar, and any number a text can write before
"years ago", must give a record or one of dateline's coded errors, never a traceback
(issue 22: `OverflowError` in the resolver, dates at 0001-01-01 and 9999-12-31). The
analyses reuse the session's one pipeline; examples are capped so the file stays fast.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.analyzer import Analyzer
from dateline.errors import DatelineError, UsageError
from dateline.model import Record
from dateline.pipeline.read import RawInput, parse_published, to_document
from dateline.serve.schemas import AnalyzeRequest

FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
STORY = ("Rebels attacked Hama on Tuesday. The siege began three years ago and will end in two weeks, "
         "a spokesman said on Monday. The next day troops withdrew; last March the talks failed.")
PHRASES = ["{n} years ago", "{n} days later", "in the year {n}", "{n} weeks ago", "{n} months earlier",
           "on March {n}, {n}", "{n}/{n}/{n}", "in Q{n} {n}", "the {n}th century", "{n} decades from now",
           "in the {n}s", "week {n} of {n}", "{n} years before that", "on {n}-{n}-{n}", "the summer of {n}"]
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=0, max_value=99999).map(lambda n: f"{n:04d}"),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["100000000000000000000", "10^20", "1e30", "-5", "0000", "1,000,000,000", "½", "٣", "２０２４"]),
)


def _forms(day: date, when: time, offset: int) -> list[str]:
    stamp = datetime.combine(day, when, tzinfo=timezone(timedelta(minutes=offset)))
    return [day.isoformat(), f"{day.year:04d}{day.month:02d}{day.day:02d}", stamp.isoformat(timespec="seconds"),
            stamp.replace(tzinfo=None).isoformat(timespec="minutes") + "Z"]


@settings(max_examples=300, deadline=None)
@given(st.dates(), st.times(), st.integers(min_value=-23 * 60, max_value=23 * 60))
def test_every_day_of_the_calendar_is_a_publication_date(day: date, when: time, offset: int) -> None:
    for form in _forms(day, when, offset):
        assert parse_published(form) == day.isoformat(), form


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.from_regex(r"\A[0-9]{4,5}-?[0-9]{2}-?[0-9]{2}([T ][0-9:+Z.-]{0,14})?\Z")))
def test_any_string_is_a_date_or_a_usage_error(value: str) -> None:
    try:
        iso = parse_published(value)
    except UsageError as e:
        assert e.code == "E010" and repr(value) in e.message
        return
    assert date.fromisoformat(iso)


def _check(record: Record) -> None:
    text = record.document.text
    for span in [*record.times, *(e.trigger for e in record.events)]:
        assert text[span.start : span.end] == span.text
    for event in record.events:
        when = event.when
        if when.earliest and when.latest:
            assert when.earliest <= when.latest, (event.trigger.text, when)


@pytest.mark.model
@FEW
@given(st.dates())
def test_any_publication_date_analyzes(analyzer: Analyzer, day: date) -> None:
    _check(analyzer.analyze(STORY, published=day.isoformat()))


@pytest.mark.model
@FEW
@given(st.sampled_from(PHRASES), st.lists(NUMBERS, min_size=3, max_size=3),
       st.one_of(st.none(), st.sampled_from([date.min, date.max, date(2024, 12, 3)]), st.dates()))
def test_any_number_in_a_date_phrase_analyzes(analyzer: Analyzer, phrase: str, numbers: list[str],
                                              day: date | None) -> None:
    for n in numbers:
        phrase = phrase.replace("{n}", n, 1)
    phrase = phrase.replace("{n}", numbers[0])
    text = f"The siege ended {phrase}, officials said. Rebels will attack Hama {phrase}."
    try:
        record = analyzer.analyze(text, published=day.isoformat() if day else None)
    except DatelineError as e:  # only the coded ones: a phrase of symbols alone may be no article
        assert e.code.startswith("E0")
        return
    _check(record)


@pytest.mark.model
@FEW
@given(st.text(max_size=120), st.one_of(st.none(), st.text(max_size=12), st.dates().map(date.isoformat)))
def test_random_text_and_published_give_a_record_or_a_coded_error(analyzer: Analyzer, noise: str,
                                                                  published: str | None) -> None:
    """Through the API's request body, the reader and the analyzer, as `POST /analyze` runs them."""
    try:
        body = AnalyzeRequest(text=f"Rebels attacked Hama on Tuesday. {noise}", published=published)
        iso = parse_published(body.published) if body.published else None
        record = analyzer.analyze_document(to_document(body.raw("text"), published=iso))
    except DatelineError as e:
        assert e.code in {"E002", "E003", "E005", "E010"}, e
        return
    except ValueError as e:  # pydantic's refusal of a field (a lone surrogate in `published`): a 422 E010
        assert "surrogate" in str(e), e
        return
    _check(record)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.booleans())
def test_text_with_nul_and_surrogates_reads_or_is_refused_by_code(text: str, is_html: bool) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    try:
        document = to_document(RawInput("fuzz", data, is_html))
    except DatelineError as e:
        assert e.code in {"E002", "E003", "E005", "E006"}, e
        return
    assert "\x00" not in document.text
    if not is_html:
        assert document.nul_replaced == text.count("\x00") and len(document.text) == len(text.removeprefix("\ufeff"))
