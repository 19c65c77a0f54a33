"""dating stage: each event gets a 'when' with its basis, on hand-built records."""

from __future__ import annotations

import re

import pytest
import spacy

from dateline.model import Document, Event, Record, SentenceRef, Span, Timex
from dateline.pipeline.dating import DatingStage
from dateline.pipeline.time.grammar import load_grammar
from dateline.pipeline.time.stage import TimeTagger
from dateline.settings import Settings

NLP = spacy.blank("en")
STAGE = DatingStage(Settings())
TAGGER = TimeTagger(load_grammar("en"))


def _record(text: str, triggers: list[str], published: str | None = "2024-12-13") -> tuple[Record, list[Event]]:
    """A record with the tagger's times and one event per trigger word (first match after the last)."""
    times: list[Timex] = TAGGER.tag(text, published)
    events, pos = [], 0
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.\n]+\.?", text)]  # a line break ends one too
    for i, word in enumerate(triggers, start=1):
        start = text.index(word, pos)
        pos = start + len(word)
        s, e = next((a, b) for a, b in sentences if a <= start < b)
        events.append(Event(id=f"ev{i}", type="EVENT", trigger=Span(start=start, end=pos, text=word),
                            sentence=SentenceRef(start=s, end=e)))
    doc = Document(id="d", text=text, published=published)
    return Record(document=doc, times=times, events=events), events


def _run(text: str, triggers: list[str], published: str | None = "2024-12-13") -> list[Event]:
    record, events = _record(text, triggers, published)
    STAGE(NLP(text), record)
    return events


def _run_parsed(analyzer, text: str, triggers: list[str]) -> list[Event]:  # type: ignore[no-untyped-def]
    """`_run` with spaCy's parse of the text, for the rules that read the syntax."""
    record, events = _record(text, triggers)
    STAGE(analyzer.nlp(text), record)
    return events


def _after_aleppo(analyzer, second: str, triggers: list[str]) -> list[Event]:  # type: ignore[no-untyped-def]
    """`second` after a dated first sentence ("seized", 30 November), dated with the parse."""
    return _run_parsed(analyzer, f"Rebels seized Aleppo on November 30. {second}", ["seized", *triggers])


def test_dating_explicit_date_of_the_sentence() -> None:
    (ev,) = _run("On November 30, Russian aircraft struck Aleppo.", ["struck"])
    assert (ev.when.basis, ev.when.value, ev.when.earliest, ev.when.latest) == (
        "explicit", "2024-11-30", "2024-11-30", "2024-11-30")
    assert ev.when.time_ids == ["t1"]


def test_dating_each_conjoined_verb_takes_its_own_date(analyzer) -> None:  # type: ignore[no-untyped-def]
    record = analyzer.analyze("Rebels seized the airport on Monday and shelled the port on Wednesday. "
                              "The company introduced the phone in February and launched it in April.",
                              published="2024-12-13")
    when = {e.trigger.text: e.when.value for e in record.events}
    assert when["seized"] == "2024-12-09" and when["shelled"] == "2024-12-11", when
    assert when["introduced"] == "2024-02" and when["launched"] == "2024-04", when


@pytest.mark.model
def test_dating_a_date_in_the_complement_clause_is_not_the_reporting_verbs(analyzer) -> None:  # type: ignore[no-untyped-def]
    """ "announced [that it would be released in 2027]": the year dates the release, not the announcement."""
    record = analyzer.analyze("Jobs announced that the system would be released in 2027.", published="2024-12-13")
    when = {e.trigger.text: e.when for e in record.events}
    assert when["released"].value == "2027" and when["released"].basis == "explicit"
    assert when["announced"].value != "2027" and when["announced"].basis != "explicit"


@pytest.mark.model
@pytest.mark.parametrize(
    ("second", "trigger", "value", "basis"),
    [
        ("The army says it will regroup.", "says", "2024-12-13", "inferred"),  # present: the DCT's day
        ("The army is regrouping near Hama.", "regrouping", "2024-12-13", "inferred"),
        ("The army is expected to regroup near Hama.", "expected", "2024-12-13", "inferred"),  # present passive
        ("The army regrouped near Hama.", "regrouped", "2024-11-30", "inferred"),  # past: the story's date
        ("The army has regrouped near Hama.", "regrouped", "2024-11-30", "inferred"),
        # an undated reporting verb reports for this edition: the DCT's day, not the story's date
        ("The ministry said the army regrouped.", "said", "2024-12-13", "inferred"),
        ("Officials told reporters that the army regrouped.", "told", "2024-12-13", "inferred"),
        ("The ministry will say more.", "say", None, "inferred"),  # not yet said: no day
    ],
)
def test_dating_present_tense_is_the_dct_day_past_tense_follows_the_story(
    analyzer, second: str, trigger: str, value: str, basis: str  # type: ignore[no-untyped-def]
) -> None:
    events = _after_aleppo(analyzer, second, [trigger])
    assert (events[1].when.value, events[1].when.basis) == (value, basis), events[1].when
    if trigger in ("said", "told"):
        assert (events[1].when.earliest, events[1].when.latest) == ("2024-12-12", "2024-12-13")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "value"),
    [
        # the lead dates the news to the day before the edition: the sayings and the
        # present-tense headline are of that day ...
        ("Apple founder dies\nThe founder of Apple died yesterday. His company said he was 56.", "said",
         "2024-12-12"),
        ("Apple founder dies\nThe founder of Apple died yesterday. His company said he was 56.", "dies",
         "2024-12-12"),
        # ... a lead without that day leaves them at the DCT's
        ("Apple founder dies\nThe founder of Apple died on November 30. His company said he was 56.", "said",
         "2024-12-13"),
        ("Apple founder dies\nThe founder of Apple died on November 30. His company said he was 56.", "dies",
         "2024-12-13"),
    ],
)
def test_dating_the_leads_news_day_dates_the_sayings_and_the_headline(
    analyzer, text: str, trigger: str, value: str  # type: ignore[no-untyped-def]
) -> None:
    events = _run_parsed(analyzer, text, ["dies", "died", trigger] if trigger == "said" else [trigger, "died"])
    when = next(e.when for e in events if e.trigger.text == trigger)
    assert when.value == value, when
    assert when.latest == "2024-12-13"


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "trigger", "value"),
    [
        # an aspectual or perception verb shares the time of the clause it governs ...
        ("Gabelli Group began raising its stake in July.", "began", "2024-07"),
        ("The boy was found clinging to an inner tube on November 25.", "found", "2024-11-25"),
        # ... a verb of intention or of saying does not
        ("The company plans to open a plant in 2027.", "plans", None),
        ("The company said it would open a plant in 2027.", "said", None),
    ],
)
def test_dating_a_complement_clause_dates_its_head_only_when_they_share_a_time(
    analyzer, sentence: str, trigger: str, value: str | None  # type: ignore[no-untyped-def]
) -> None:
    events = _run_parsed(analyzer, sentence, [trigger])
    when = events[0].when
    if value is None:
        assert when.basis != "explicit" and when.value != "2027", when
    else:
        assert (when.value, when.basis) == (value, "explicit"), when


@pytest.mark.model
@pytest.mark.parametrize(
    ("second", "trigger", "value"),
    [
        # a past event does not take up the date the story only looks ahead to (March 2025) ...
        ("He demonstrated the new laptop to developers.", "demonstrated", "2024-11-30"),
        # ... the present tense is the DCT's day, as without it
        ("He is demonstrating the new laptop to developers.", "demonstrating", "2024-12-13"),
    ],
)
def test_dating_a_past_event_skips_a_date_still_ahead(
    analyzer, second: str, trigger: str, value: str  # type: ignore[no-untyped-def]
) -> None:
    text = f"On November 30, Jobs unveiled a laptop that will ship in March. {second}"
    events = _run_parsed(analyzer, text, ["unveiled", "ship", trigger])
    assert events[2].when.value == value, events[2].when


@pytest.mark.model
@pytest.mark.parametrize(
    ("second", "trigger", "reported"),
    [
        ("One source said they flew to Iraq.", "said", True),
        ("They flew to Iraq on Monday, according to one source.", "according", True),  # "according to"
        ("They flew to Iraq on Monday, according to one source.", "flew", False),
        ("The army, the ministry said, withdrew on Monday.", "said", True),  # the clause around is what is said
        ("The army, the ministry said, withdrew on Monday.", "withdrew", False),
        ("One source said they flew to Iraq.", "flew", False),  # what is said is not dated by the saying
        ('"We told them everything," the minister added.', "told", False),  # inside a quotation
        ('"We told them everything," the minister added.', "added", True),
        ("The rebels said they had entered the city and declared victory.", "declared", False),  # reported
        ("The commander did not tell his brother about the retreat.", "tell", False),  # a denial of speaking
        ("The commander failed to inform his cousins.", "inform", False),
    ],
)
def test_dating_only_a_report_for_this_edition_takes_the_dct(
    analyzer, second: str, trigger: str, reported: bool  # type: ignore[no-untyped-def]
) -> None:
    when = _after_aleppo(analyzer, second, [trigger])[1].when
    assert (when.value == "2024-12-13" and when.earliest == "2024-12-12") is reported, when


@pytest.mark.model
@pytest.mark.parametrize(
    ("second", "trigger", "value"),
    [
        # a bare participle shares the time of the verb it hangs on (here a saying of today) ...
        ("The ministry said the army regrouped, adding that it would attack.", "adding", "2024-12-13"),
        # ... one with a clause of its own does not
        ("The ministry said the army regrouped after it was beaten.", "beaten", "2024-11-30"),
    ],
)
def test_dating_a_bare_participle_shares_its_heads_date(
    analyzer, second: str, trigger: str, value: str  # type: ignore[no-untyped-def]
) -> None:
    events = _after_aleppo(analyzer, second, ["said", trigger])
    assert events[2].when.value == value, events[2].when


@pytest.mark.model
def test_dating_a_coordinated_verb_without_a_date_shares_its_partners(analyzer) -> None:  # type: ignore[no-untyped-def]
    """ "fled hours before the offensive and left his troops behind": the leaving is dated with the flight."""
    text = ("Rebels launched an offensive on November 27. "
            "The general fled hours before the offensive and left his troops.")
    events = _run_parsed(analyzer, text, ["offensive", "fled", "left"])
    _, fled, left = events
    assert fled.when.basis == "relative", fled.when
    assert (left.when.basis, left.when.relative_to, left.when.latest) == ("relative", fled.id, fled.when.latest)


@pytest.mark.model
def test_dating_a_signal_in_the_complement_clause_relates_the_inner_event(analyzer) -> None:  # type: ignore[no-untyped-def]
    """ "said [the rebels fled before the offensive]": the flight is before it, not the saying."""
    text = "Rebels launched an offensive on November 27. The minister said civilians fled before the offensive."
    events = _run_parsed(analyzer, text, ["offensive", "said", "fled"])
    offensive, said, fled = events
    assert fled.when.basis == "relative" and fled.when.relative_to == offensive.id, fled.when
    assert said.when.basis != "relative", said.when


def test_dating_time_of_day_keeps_the_day() -> None:
    (ev,) = _run("The opposition launched an offensive on the morning of November 27.", ["launched"])
    assert ev.when.value == "2024-11-27" and ev.when.basis == "explicit"


def test_dating_month_gives_an_interval() -> None:
    (ev,) = _run("Rebels advanced in late November.", ["advanced"])
    assert (ev.when.value, ev.when.earliest, ev.when.latest) == ("2024-11", "2024-11-01", "2024-11-30")


def test_dating_after_a_duration_counts_from_the_date() -> None:
    text = "The opposition launched an offensive on November 27 and, after two days of clashes, took Aleppo."
    launched, took = _run(text, ["launched", "took"])
    assert launched.when.value == "2024-11-27"
    assert (took.when.basis, took.when.value, took.when.relation, took.when.relative_to) == (
        "relative", "2024-11-29", "AFTER", "ev1")
    assert took.when.earliest == "2024-11-29" and took.when.latest == "2024-11-30"


def test_dating_same_time_takes_the_previous_event() -> None:
    text = "On November 30, aircraft struck Aleppo. At the same time, Russia promised more aid."
    _, promised = _run(text, ["struck", "promised"])
    assert (promised.when.basis, promised.when.value, promised.when.relative_to) == (
        "anchored", "2024-11-30", "ev1")


def test_dating_that_same_day_resolved_by_the_time_stage() -> None:
    text = "Rebels took Daraa on December 7. That same day, the president fled."
    _, fled = _run(text, ["took", "fled"])
    assert (fled.when.basis, fled.when.value) == ("anchored", "2024-12-07")


def test_dating_inferred_from_the_paragraph() -> None:
    text = "Rebels took Daraa on December 7. Later, they entered the capital."
    _, entered = _run(text, ["took", "entered"])
    assert (entered.when.basis, entered.when.value, entered.when.relation) == ("inferred", None, "AFTER")
    assert (entered.when.earliest, entered.when.latest) == ("2024-12-07", "2024-12-13")


def test_dating_inferred_same_day_without_later_cue() -> None:
    text = "The president was in Moscow on November 28. There, he asked for help."
    (asked,) = _run(text, ["asked"])
    assert (asked.when.basis, asked.when.value) == ("inferred", "2024-11-28")


def test_dating_publication_fallback_never_sets_value() -> None:
    (ev,) = _run("The president fled to Moscow.", ["fled"])
    assert (ev.when.basis, ev.when.value, ev.when.latest) == ("publication", None, "2024-12-13")


def test_dating_unknown_without_dct() -> None:
    (ev,) = _run("The president fled to Moscow.", ["fled"], published=None)
    assert (ev.when.basis, ev.when.value, ev.when.latest) == ("unknown", None, None)


def test_dating_no_year_without_dct() -> None:
    (ev,) = _run("Rebels took Daraa on December 7.", ["took"], published=None)
    assert (ev.when.value, ev.when.earliest) == ("XXXX-12-07", None)


def test_dating_lead_event_follows_the_story_chronology() -> None:
    """The lead's undated news is not before the story's latest date, not after the DCT."""
    text = "The president fled to Moscow.\n\nRebels took Daraa on December 7. Aleppo fell on November 30."
    fled, took, _ = _run(text, ["fled", "took", "fell"])
    assert (fled.when.basis, fled.when.value, fled.when.earliest, fled.when.latest) == (
        "inferred", None, "2024-12-07", "2024-12-13")
    assert (fled.when.relation, fled.when.relative_to) == ("AFTER", took.id)


def test_dating_undated_event_outside_the_lead_is_only_bounded_by_the_dct() -> None:
    text = "Rebels took Daraa on December 7.\n\nHis brother flew to Iraq."
    _, flew = _run(text, ["took", "flew"])
    assert (flew.when.basis, flew.when.value, flew.when.earliest, flew.when.latest) == (
        "publication", None, None, "2024-12-13")


def test_dating_lead_without_any_date_falls_back_to_the_dct_bound() -> None:
    (fled,) = _run("The president fled to Moscow.", ["fled"])
    assert (fled.when.basis, fled.when.earliest, fled.when.latest) == ("publication", None, "2024-12-13")


@pytest.mark.model
def test_dating_that_same_day_follows_the_chain_to_the_escape(analyzer) -> None:  # type: ignore[no-untyped-def]
    """"hours before his escape. That same day, he told ..." is the escape's day, not the briefing's."""
    text = ("Assad lied to the army hours before he fled to Moscow.\n\n"
            "He assured his generals hours before his escape that help was coming.\n\n"
            "That same day, he told his office manager that he was going home.\n\n"
            "Rebels took Daraa on December 7.")
    doc = analyzer.nlp(text)
    record, (lied, fled, assured, told, _) = _record(text, ["lied", "fled", "assured", "told", "took"])
    STAGE(doc, record)
    assert (fled.when.basis, fled.when.earliest, fled.when.latest) == ("inferred", "2024-12-07", "2024-12-13")
    assert (lied.when.relation, lied.when.relative_to) == ("BEFORE", fled.id)
    assert (assured.when.relation, assured.when.relative_to) == ("BEFORE", fled.id)
    assert (told.when.basis, told.when.relation, told.when.relative_to) == ("anchored", "SAME", fled.id)
    assert (told.when.earliest, told.when.latest) == ("2024-12-07", "2024-12-13")


# (text, expected value of "That same day", expected anchor: None or the index of the timex)
SAME_DAY_CHAIN = [
    # an unrelated date between the anchor event and the cue: the chain wins, the escape's day
    ("The president fled to Moscow on December 8.\n\nRebels had taken Daraa on December 7.\n\n"
     "He assured his generals hours before his escape that help was coming.\n\n"
     "That same day, he told his office manager that he was going home.", "2024-12-08", 0),
    # the anchor event is undated: the cue stays unknown rather than take December 7
    ("Rebels took Daraa on December 7.\n\nAssad lied to the army hours before he fled to Moscow.\n\n"
     "He assured his generals hours before his escape that help was coming.\n\n"
     "That same day, he told his office manager that he was going home.", "XXXX-XX-XX", None),
    # the date of the previous sentence itself is related: it stays
    ("He assured his generals on December 7 hours before his escape that help was coming. "
     "That same day, he told his office manager that he was going home.", "2024-12-07", 0),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "value", "anchor"), SAME_DAY_CHAIN)
def test_dating_same_day_timex_follows_its_anchor_event(analyzer, text: str, value: str, anchor: int | None) -> None:  # type: ignore[no-untyped-def]
    doc = analyzer.nlp(text)
    triggers = sorted((w for w in ("fled", "taken", "took", "lied", "assured", "told") if w in text), key=text.index)
    record, events = _record(text, triggers)
    STAGE(doc, record)
    same_day = next(t for t in record.times if t.text == "That same day")
    assert same_day.value == value
    assert same_day.anchor == (record.times[anchor].id if anchor is not None else None)
    told = events[-1]
    assert told.when.value == (value if not value.endswith("XX") else None)


@pytest.mark.model
def test_dating_relative_to_a_referred_event(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = ("The president fled to Moscow on December 8. "
            "He assured his generals hours before his escape that help was coming.")
    doc = analyzer.nlp(text)
    record, (fled, assured) = _record(text, ["fled", "assured"])
    STAGE(doc, record)
    assert fled.when.value == "2024-12-08"
    assert (assured.when.basis, assured.when.relation, assured.when.relative_to) == ("relative", "BEFORE", "ev1")
    assert assured.when.value == "2024-12-08"


@pytest.mark.model
@pytest.mark.shared
def test_dating_example_article(example_record) -> None:  # type: ignore[no-untyped-def]
    """The events of 27, 28 and 30 November and 7 December get those dates."""
    if not example_record.events:
        pytest.skip("the events stage produced no events")
    values = {ev.when.value for ev in example_record.events}
    assert {"2024-11-27", "2024-11-28", "2024-11-30", "2024-12-07"} <= values
    assert all(ev.when.basis != "publication" or ev.when.value is None for ev in example_record.events)
    launched = [ev for ev in example_record.events if "launched" in ev.trigger.text]
    if launched:
        assert launched[0].when.value == "2024-11-27"
    assert "2024-11-29" in values
    fled = next((ev for ev in example_record.events if ev.trigger.text == "fled"), None)
    if fled is not None:
        assert (fled.when.basis, fled.when.earliest, fled.when.latest) == ("inferred", "2024-12-07", "2024-12-13")
        same_day = [ev for ev in example_record.events
                    if example_record.document.text[ev.sentence.start : ev.sentence.end].startswith("That same day")]
        # "as the source notes" is the report, not what it reports: the DCT's day
        notes = [ev for ev in same_day if ev.trigger.text == "notes"]
        assert all(ev.when.value == "2024-12-13" for ev in notes)
        told = [ev for ev in same_day if ev not in notes]
        assert told and all(ev.when.relative_to == fled.id for ev in told)
    entered = next((ev for ev in example_record.events if ev.trigger.text == "entered"), None)
    if entered is not None:
        assert entered.when.earliest == "2024-12-07" and entered.when.relation == "AFTER"


@pytest.mark.parametrize(("earliest", "latest", "value"), [
    ("2024-12-07", "2024-12-13", "2024-12-XX"),  # the escape's week: the month is known, the day is not
    ("2024-11-28", "2024-12-13", "2024-XX-XX"),
    ("2023-12-30", "2024-01-02", "XXXX-XX-XX"),
    (None, "2024-12-13", "XXXX-XX-XX"),  # only the publication bound
])
def test_dating_same_day_expression_keeps_what_the_bounds_agree_on(earliest, latest, value) -> None:  # type: ignore[no-untyped-def]
    from dateline.pipeline.dating.context import known_part

    assert known_part(earliest, latest) == value


@pytest.mark.model
def test_dating_between_two_dates_is_an_interval(analyzer) -> None:  # type: ignore[no-untyped-def]
    (steered,) = _run_parsed(analyzer, "Prosecutors said Dyer had steered contracts to the firm between 2019 and 2022.",
                             ["steered"])
    assert (steered.when.value, steered.when.earliest, steered.when.latest) == (None, "2019-01-01", "2022-12-31")


@pytest.mark.model
def test_dating_a_scheduled_date_is_the_plans_not_the_scheduling(analyzer) -> None:  # type: ignore[no-untyped-def]
    set_, vote = _run_parsed(analyzer, "The council set a vote for Monday, December 16.", ["set", "vote"])
    assert set_.when.value != "2024-12-16"
    assert vote.when.value == "2024-12-16"


@pytest.mark.model
def test_dating_a_date_counted_from_the_other_conjunct_is_its_own(analyzer) -> None:  # type: ignore[no-untyped-def]
    arrested, pleaded, resigned = _run_parsed(
        analyzer, "Dyer was arrested in March 2023. He pleaded not guilty and resigned a month later.",
        ["arrested", "pleaded", "resigned"])
    assert arrested.when.value == "2023-03"
    assert resigned.when.value == "2023-04"
    assert pleaded.when.value != "2023-04"


@pytest.mark.model
def test_dating_an_event_inside_a_timexs_signal_phrase_takes_its_anchor(analyzer) -> None:  # type: ignore[no-untyped-def]
    """ "November 28, the day after the rebel offensive": the offensive is the day before."""
    text = ("The opposition launched an offensive on November 27.\n\n"
            "Assad was in Russia on November 28, the day after the rebel offensive. There, he asked for help.")
    record = analyzer.analyze(text, published="2024-12-13")
    offensive = next(e for e in record.events if e.trigger.text == "offensive" and e.trigger.start > 60)
    asked = next(e for e in record.events if e.trigger.text.startswith("asked"))
    assert offensive.when.value == "2024-11-27"
    assert asked.when.value != "2024-11-27"  # the offensive named as a reference does not carry the story


@pytest.mark.model
def test_dating_an_undated_lead_verb_is_the_news_day(analyzer) -> None:  # type: ignore[no-untyped-def]
    """The inverted pyramid: a lead that names no day tells the news day's event."""
    released, _said = _run_parsed(analyzer, "Apple has released a new range of iPods.\n\nThe company said sales rose.",
                                  ["released", "said"])
    assert (released.when.value, released.when.earliest, released.when.latest) == (
        "2024-12-13", "2024-12-12", "2024-12-13")
    # not when the story's own latest date lies days back: the lead may report on that
    (fled, took) = _run_parsed(analyzer, "Assad fled to Moscow.\n\nRebels took Daraa on December 7.",
                               ["fled", "took"])
    assert fled.when.value is None and took.when.value == "2024-12-07"


# -------------------------------------------------------------- sieves: names and order


@pytest.mark.parametrize(
    ("text", "triggers", "published", "sieves"),
    [
        ("On November 30, Russian aircraft struck Aleppo.", ["struck"], "2024-12-13", ["sentence_date"]),
        ("The opposition launched an offensive on November 27 and, after two days of clashes, took Aleppo.",
         ["launched", "took"], "2024-12-13", ["sentence_date", "after_duration"]),
        ("On November 30, aircraft struck Aleppo. At the same time, Russia promised more aid.",
         ["struck", "promised"], "2024-12-13", ["sentence_date", "same_time"]),
        ("Rebels took Daraa on December 7. Later, they entered the capital.", ["took", "entered"], "2024-12-13",
         ["sentence_date", "chronology"]),
        ("The president fled to Moscow.\n\nRebels took Daraa on December 7. Aleppo fell on November 30.",
         ["fled", "took", "fell"], "2024-12-13", ["lead_bounds", "sentence_date", "sentence_date"]),
        ("The president fled to Moscow.", ["fled"], "2024-12-13", ["fallback"]),
        ("The president fled to Moscow.", ["fled"], None, ["fallback"]),  # basis unknown: the fallback said so
    ],
)
def test_dating_every_when_names_the_sieve_that_decided_it(
    text: str, triggers: list[str], published: str | None, sieves: list[str]
) -> None:
    events = _run(text, triggers, published)
    assert [e.when.sieve for e in events] == sieves


@pytest.mark.model
@pytest.mark.parametrize(
    ("second", "trigger", "sieve"),
    [
        ("The army says it will regroup.", "says", "present"),
        ("The army regrouped near Hama.", "regrouped", "chronology"),
        ("The ministry said the army regrouped.", "said", "reported"),
        ("The ministry will say more.", "say", "future"),
        ("The ministry said the army regrouped, adding that it would attack.", "adding", "coordinated"),
    ],
)
def test_dating_the_parsed_sieves_name_themselves(analyzer, second: str, trigger: str, sieve: str) -> None:  # type: ignore[no-untyped-def]
    triggers = ["said", trigger] if trigger == "adding" else [trigger]
    events = _after_aleppo(analyzer, second, triggers)
    assert events[0].when.sieve == "sentence_date"
    assert events[-1].when.sieve == sieve, events[-1].when


@pytest.mark.model
def test_dating_signal_and_news_lead_sieves_name_themselves(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = "Rebels launched an offensive on November 27. The general fled hours before the offensive."
    _, fled = _run_parsed(analyzer, text, ["offensive", "fled"])
    assert (fled.when.basis, fled.when.sieve) == ("relative", "signal")
    released, said = _run_parsed(analyzer, "Apple has released a new range of iPods.\n\nThe company said sales rose.",
                                 ["released", "said"])
    assert (released.when.sieve, said.when.sieve) == ("news_lead", "reported")


def test_dating_the_shipped_order_lists_every_step_and_sieve_once() -> None:
    """A new sieve must be placed in sieves.yaml (left out, it would silently never run)."""
    from dateline.pipeline.dating import order, stage
    from dateline.pipeline.dating.explicit import EXPLICIT_SIEVES
    from dateline.pipeline.dating.links import LINK_SIEVES
    from dateline.pipeline.dating.undated import UNDATED_SIEVES

    shipped = order.load_order("en")
    assert set(shipped.steps) == set(order.STEPS) == set(stage._STEPS)
    assert set(shipped.explicit) == set(EXPLICIT_SIEVES) and set(shipped.links) == set(LINK_SIEVES)
    assert set(shipped.undated) == set(UNDATED_SIEVES) and shipped.undated[-1] == "fallback"
    assert len(set(shipped.sieves)) == len(shipped.sieves)


def _order_file(**changes: object) -> dict[str, object]:
    """The shipped sieves.yaml, parsed, with some lists replaced by `changes` (names only)."""
    from dateline.resources import load_yaml

    raw = dict(load_yaml("time/en/sieves.yaml"))
    for section, names in changes.items():
        raw[section] = [{"name": n, "description": f"{n}, for the test"} for n in names]  # type: ignore[attr-defined]
    return raw


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"undated": ["present", "tea_leaves", "fallback"]}, "unknown sieve 'tea_leaves' in 'undated'"),
        ({"links": ["signal", "present"]}, "unknown sieve 'present' in 'links'"),  # a sieve of another list
        ({"undated": ["present", "present"]}, "sieve 'present' is listed twice"),
        ({"steps": ["explicit", "links", "undated", "same_day_timex"]}, "step 'settle_links' is missing"),
        ({"steps": ["explicit", "guess"]}, "unknown step 'guess'"),
        ({"order": ["present"]}, "unknown key 'order'"),
    ],
)
def test_dating_a_bad_sieves_file_names_the_file_and_the_sieve(changes: dict[str, object], message: str) -> None:
    from dateline.errors import ResourceError
    from dateline.pipeline.dating.order import parse_order

    with pytest.raises(ResourceError) as info:
        parse_order("time/en/sieves.yaml", _order_file(**changes))
    assert str(info.value).startswith("time/en/sieves.yaml: ") and message in str(info.value), str(info.value)


def test_dating_an_entry_needs_a_name_and_a_description() -> None:
    from dateline.errors import ResourceError
    from dateline.pipeline.dating.order import parse_order

    raw = _order_file()
    raw["undated"] = [{"name": "fallback"}]
    with pytest.raises(ResourceError, match="exactly a name and a description"):
        parse_order("time/en/sieves.yaml", raw)


def test_dating_the_undated_order_comes_from_the_file() -> None:
    """The order is the policy: with the fallback first, the story's chronology never runs."""
    from dateline.pipeline.dating.order import parse_order

    text = "The president was in Moscow on November 28. There, he asked for help."
    (asked,) = _run(text, ["asked"])
    assert (asked.when.sieve, asked.when.value) == ("chronology", "2024-11-28")
    stage = DatingStage(Settings())
    stage.order = parse_order("x", _order_file(undated=["fallback", "chronology"]))
    record, (asked,) = _record(text, ["asked"])
    stage(NLP(text), record)
    assert (asked.when.sieve, asked.when.basis, asked.when.value) == ("fallback", "publication", None)


@pytest.mark.model
def test_dating_the_event_a_duration_is_of_fills_it(analyzer) -> None:  # type: ignore[no-untyped-def]
    """ "on November 27 and, after two days of clashes, took control": the clashes are the two days."""
    text = ("The opposition launched an offensive on November 27 and, after two days of clashes, took control "
            "of 56 settlements.")
    record = analyzer.analyze(text, published="2024-12-13")
    clashes = next(e for e in record.events if e.trigger.text == "clashes")
    took = next(e for e in record.events if e.trigger.text.startswith("took"))
    assert (clashes.when.value, clashes.when.earliest, clashes.when.latest) == (None, "2024-11-27", "2024-11-29")
    assert took.when.value == "2024-11-29"


@pytest.mark.model
def test_dating_a_definite_event_noun_takes_the_time_of_the_event_it_refers_to(analyzer) -> None:  # type: ignore[no-untyped-def]
    """ "his escape" is his flight of December 8, not the cousins' flight told in between."""
    text = ("Assad fled to Moscow on December 8.\n\n"
            "His cousins tried to flee to Lebanon by car on December 9.\n\n"
            "The report said Assad spoke to his generals hours before his escape.")
    record = analyzer.analyze(text, published="2024-12-13")
    escape = next(e for e in record.events if e.trigger.text == "escape")
    assert escape.when.sieve == "coreferent"
    assert escape.when.value == "2024-12-08"


@pytest.mark.model
def test_dating_a_present_modal_is_the_dct(analyzer) -> None:  # type: ignore[no-untyped-def]
    """ "can be stored": an ability is a present state; "may face charges" looks ahead, no DCT day."""
    stored, face = _run_parsed(analyzer, "On the new iPod, 150 hours of video can be stored. He may face charges.",
                               ["stored", "face"])
    assert stored.when.value == "2024-12-13" and stored.when.sieve == "present" and face.when.sieve != "present"


@pytest.mark.model
def test_dating_the_day_after_an_event_dated_in_its_own_phrase(analyzer) -> None:  # type: ignore[no-untyped-def]
    """ "the day after the Dec. 30 shooting": the date inside the event's phrase anchors it."""
    record = analyzer.analyze("She was arrested the day after the Dec. 30 shooting.", published="2015-01-14")
    values = {t.text: t.value for t in record.times}
    assert values["the day after"] == "2014-12-31"
    arrested = next(e for e in record.events if e.trigger.text == "arrested")
    shooting = next(e for e in record.events if e.trigger.text == "shooting")
    assert (arrested.when.value, shooting.when.value) == ("2014-12-31", "2014-12-30")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("The fire happened 100000000000000000000 years ago.", "2024-12-13"),
        ("The war began 5000 years ago.", "2024-12-13"),
        ("Rebels seized the town yesterday and will leave tomorrow.", "0001-01-01"),
        ("Rebels seized the town yesterday and will leave tomorrow, after two days of clashes.", "9999-12-31"),
    ],
)
def test_dating_dates_outside_the_calendar_are_unknown_not_a_crash(analyzer, text: str, published: str) -> None:  # type: ignore[no-untyped-def]
    record = analyzer.analyze(text, published=published)
    assert record.events
    for t in record.times:
        assert t.value  # resolved, or unknown ("XXXX-XX-XX"), never an exception
    happened = [e for e in record.events if e.trigger.text == "happened"]
    assert all(e.when.value is None for e in happened)  # an unresolvable date is no news day


@pytest.mark.model
def test_dating_present_perfect_does_not_take_up_the_paragraphs_date(analyzer) -> None:  # type: ignore[no-untyped-def]
    """ "has cut" cannot take a definite past time (Klein's present-perfect puzzle): the
    paragraph's date is not its date; the DCT bounds it. The simple past next to it keeps
    the story's chronology."""
    record = analyzer.analyze("The war goes on.\n\nRebels seized Aleppo on November 30. The city has cut its "
                              "water supply. The army regrouped near Hama.", published="2024-12-13")
    by_trigger = {e.trigger.text: e for e in record.events}
    cut, regrouped = by_trigger["cut"], by_trigger["regrouped"]
    assert (cut.tense, cut.aspect) == ("PRESENT", "PERFECTIVE")
    assert (cut.when.value, cut.when.latest, cut.when.sieve) == (None, "2024-12-13", "fallback")
    assert (regrouped.when.value, regrouped.when.sieve) == ("2024-11-30", "chronology")


@pytest.mark.parametrize(
    ("text", "trigger", "when"),
    [
        # a date given as a bound bounds the event, it does not date it
        ("The rebels seized power more than four decades ago.", "seized", (None, None, "1984-12-31", "BEFORE")),
        ("The firm was founded less than a year ago.", "founded", (None, "2023-01-01", "2024-12-13", "AFTER")),
    ],
)
def test_dating_a_bound_date_bounds_the_event(text: str, trigger: str, when: tuple[str | None, ...]) -> None:
    (ev,) = _run(text, [trigger])
    assert (ev.when.value, ev.when.earliest, ev.when.latest, ev.when.relation) == when


def test_dating_a_bound_date_is_no_reference_time_of_the_story() -> None:
    """ "... more than two decades earlier. She left." : the bound does not date what follows."""
    text = "Fighting went on.\n\nDiana gave an interview more than two decades ago. She left the palace."
    _, gave, left = _run(text, ["went", "gave", "left"])
    assert gave.when.value is None and gave.when.latest is not None
    assert left.when.value is None


def test_dating_a_web_pages_lines_are_its_paragraphs() -> None:
    """A page's text has one paragraph per line and no blank lines: the story's chronology
    stays inside the line, as it stays inside a blank-line paragraph of plain text."""
    _, flew = _run("Rebels took Daraa on December 7.\nHis brother flew to Iraq.", ["took", "flew"])
    assert (flew.when.value, flew.when.sieve) == (None, "fallback")
    _, flew = _run("Rebels took Daraa on December 7. His brother flew to Iraq.", ["took", "flew"])
    assert (flew.when.value, flew.when.sieve) == ("2024-12-07", "chronology")
    _, flew = _run("Rebels took Daraa on December 7.\n\nHis brother flew to Iraq.\nHe landed at night.",
                   ["took", "flew"])
    assert flew.when.sieve == "fallback"  # blank lines mark the paragraphs; the line break does not


def test_dating_bounds_that_close_on_one_day_are_that_days_date() -> None:
    """The lead is not before the story's latest date nor after the DCT: when both are the
    same day, the interval is that day, and so is the value."""
    text = "The president fled to Moscow.\n\nRebels took Daraa on December 13."
    fled, _ = _run(text, ["fled", "took"])
    assert (fled.when.sieve, fled.when.earliest, fled.when.latest) == ("lead_bounds", "2024-12-13", "2024-12-13")
    assert fled.when.value == "2024-12-13"


def test_dating_of_two_dates_the_event_is_in_the_finer_says_when() -> None:
    """ "Yesterday, at this year's conference": both are true of the unveiling; the day says when."""
    (ev,) = _run("Yesterday, at this year's conference, Jobs unveiled the phone.", ["unveiled"])
    assert ev.when.value == "2024-12-12"


@pytest.mark.model
def test_dating_a_past_verb_takes_no_date_still_ahead_from_another_clause(analyzer) -> None:  # type: ignore[no-untyped-def]
    """ "he never robbed anyone, but told reporters he had a court appearance next month":
    the robbing, in the past tense, is before the DCT; next month is the appearance's."""
    record = analyzer.analyze("She said he never robbed anyone, but told reporters the man had a court "
                              "appearance next month.", published="2022-04-21")
    by_trigger = {e.trigger.text: e for e in record.events}
    assert by_trigger["robbed"].when.value is None
    assert by_trigger["appearance"].when.value == "2022-05"


_KEYNOTE = ("Apple unveils a new phone\n\n"
            "On Monday, Apple chief Steve Jobs unveiled a new phone at the company's conference.\n\n"
            "{middle}"
            "{body}\n")


@pytest.mark.model
@pytest.mark.parametrize(
    ("middle", "body", "trigger", "value"),
    [
        # a main-clause simple past of the body, its paragraph undated, is at the lead's time ...
        ("", "Jobs demoed a gyroscope.", "demoed", "2024-12-09"),
        ("The phone is thinner than the last one.\n\n", "Jobs showed off video calling.", "showed", "2024-12-09"),
        # ... not a clause another verb reports (background, timed by its own verb) ...
        ("", "Jobs said that engineers designed it in secret.", "designed", None),
        # ... not a pluperfect, nor after a paragraph whose later date moved the story on ...
        ("", "Jobs had demoed a gyroscope.", "demoed", None),
        ("On Tuesday, shares of Apple rose 3 percent.\n\n", "Jobs demoed a gyroscope.", "demoed", None),
        # ... while an earlier date is background the story comes back from (van Dijk's news
        # schema: previous events and history are categories of their own, then the main event)
        ("In April, a blog obtained a prototype.\n\n", "Jobs demoed a gyroscope.", "demoed", "2024-12-09"),
        # a time word that is a noun's adjective says when the description holds, not when
        # the event happened: it does not stop the story's time
        ("", "Jobs left the current chief operating officer in charge.", "left", "2024-12-09"),
        # a date inside a subordinate clause is background: it moves nothing
        ("He praised Jony Ive, the designer who joined the company in 1992.\n\n", "Jobs demoed a gyroscope.",
         "demoed", "2024-12-09"),
    ],
)
def test_dating_the_body_keeps_the_leads_time_until_a_date_moves_it(
    analyzer, middle: str, body: str, trigger: str, value: str | None  # type: ignore[no-untyped-def]
) -> None:
    text = _KEYNOTE.format(middle=middle, body=body)
    events = _run_parsed(analyzer, text, ["unveiled", trigger])
    assert events[0].when.value == "2024-12-09", events[0].when
    when = events[1].when
    assert when.value == value, when
    if value is not None:
        assert (when.sieve, when.relative_to) == ("story_time", "ev1")


@pytest.mark.model
def test_dating_the_body_takes_a_lead_the_storys_chronology_dated(analyzer) -> None:  # type: ignore[no-untyped-def]
    """A lead verb dated by the story's own chronology (from the date line, one line a
    paragraph as web pages give) sets the reference time as one its sentence dates would."""
    text = ("Apple unveils a new phone\nJune 07, 2011\nAt the conference in San Francisco, Apple chief Steve "
            "Jobs introduced the phone.\nApple unveiled a new laptop.\nThe company demonstrated a new system.\n")
    record = analyzer.analyze(text, published="2011-06-07")
    by_trigger = {e.trigger.text: e for e in record.events}
    events = [by_trigger[t] for t in ("introduced", "unveiled", "demonstrated")]
    assert (events[0].when.value, events[0].when.sieve) == ("2011-06-07", "chronology"), events[0].when
    for event in events[1:]:
        assert (event.when.value, event.when.sieve, event.when.relative_to) == (
            "2011-06-07", "story_time", events[0].id), event.when


def test_dating_a_lead_in_the_present_gives_the_body_no_time(analyzer) -> None:  # type: ignore[no-untyped-def]
    """ "is suing": a present lead is now; a past verb of the body is before now, not at it."""
    text = ("A man is suing the club where he was slashed.\n\nHe says security was lax.\n\n"
            "The attacker fled the scene.\n")
    events = _run_parsed(analyzer, text, ["suing", "slashed", "says", "fled"])
    assert events[0].when.value == "2024-12-13"
    assert events[3].when.value is None and events[3].when.latest == "2024-12-13", events[3].when
