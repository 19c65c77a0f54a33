"""Short forms the text defines ("the Worldwide Developers Conference (WWDC)"): an event written
with the short form takes the long form's head as its lemma, so the merge can join them."""

from __future__ import annotations

import pytest

from dateline.corpus.coref import MentionFeatures, same_event_in_document
from dateline.pipeline.events.abbreviations import defined_abbreviations, long_form_start


@pytest.mark.parametrize(
    ("short", "words", "start"),
    [
        ("WWDC", "at the World Wide Developers Conference", 2),
        ("WWDC", "this year's Apple Worldwide Developers Conference", 3),
        ("FSA", "fighters of the Free Syrian Army", 3),
        ("UN", "a meeting of the United Nations", 4),
        ("UN", "the big meeting", None),  # the words do not hold the letters
        ("IS", "the jihadist group", None),
    ],
)
def test_long_form_is_found_right_to_left_from_word_starts(short: str, words: str, start: int | None) -> None:
    assert long_form_start(short, words.split()) == start


def test_a_defined_short_form_maps_to_its_long_forms_head(analyzer) -> None:  # type: ignore[no-untyped-def]
    doc = analyzer.nlp("Jobs spoke at the Worldwide Developers Conference (WWDC) in San Francisco. "
                       "Fighters of the Free Syrian Army (FSA) took the town. He met the minister (Lavrov).")
    found = {short: head.text for short, head in defined_abbreviations(doc).items()}
    assert found == {"WWDC": "Conference", "FSA": "Army"}, "a parenthesised name is no short form of the noun"


def test_a_short_form_event_mention_joins_the_long_forms_within_an_article(analyzer) -> None:  # type: ignore[no-untyped-def]
    """The gold-mention run of `dateline eval coref` forces "WWDC" in as an event: it takes the
    conference's lemma and joins the article's "conference"; without the definition it would not."""
    from types import SimpleNamespace

    from dateline.eval.coref import GoldMentionEvents

    text = ("Apple held its Worldwide Developers Conference (WWDC) on Monday.\n\n"
            "At WWDC, Jobs showed a new phone. The conference ended at noon.")
    start = text.index("WWDC,")
    gold = SimpleNamespace(start=start, end=start + 4, key="m1")
    doc = analyzer.nlp(text)
    record = analyzer.analyze(text, published="2010-06-08")
    record.document.source = "apple.txt"
    GoldMentionEvents({"apple.txt": [gold]})(doc, record)
    wwdc = next(e for e in record.events if e.trigger.text == "WWDC")
    conference = next(e for e in record.events if e.trigger.text == "conference")
    assert wwdc.lemma == conference.lemma == "conference"
    features = [MentionFeatures(key=f"1/{e.id}", doc="d", type=None, trigger=e.trigger.text, head_lemma=e.lemma)
                for e in (wwdc, conference)]
    assert same_event_in_document(*features)
