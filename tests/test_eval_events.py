"""Event harness (eval/events.py): coded events only on the PLOVER figures, every event against
MEANTIME's mentions, and the mentions' gold dates (instance TIME, else a TLINK)."""

from __future__ import annotations

from pathlib import Path

from dateline.eval.events import (
    Gold,
    read_meantime,
    score_meantime,
    score_meantime_all,
    score_meantime_dated,
    score_sentences,
)
from dateline.model import Document, Event, EventWhen, Record, SentenceRef, Span

# tokens: "Apple sued Samsung ." / "2006-05-08" (the DCT) / "It settled later ." / "Nobody annotated this ."
INTRA = """<?xml version="1.0" encoding="UTF-8"?>
<Document doc_id="1" doc_name="1_Apple" lang="en">
<token t_id="1" sentence="0" number="0">Apple</token>
<token t_id="2" sentence="0" number="1">sued</token>
<token t_id="3" sentence="0" number="2">Samsung</token>
<token t_id="4" sentence="0" number="3">.</token>
<token t_id="5" sentence="1" number="4">2006-05-08</token>
<token t_id="6" sentence="2" number="5">It</token>
<token t_id="7" sentence="2" number="6">settled</token>
<token t_id="8" sentence="2" number="7">later</token>
<token t_id="9" sentence="2" number="8">.</token>
<token t_id="10" sentence="3" number="9">Nobody</token>
<token t_id="11" sentence="3" number="10">annotated</token>
<token t_id="12" sentence="3" number="11">this</token>
<Markables>
<EVENT_MENTION m_id="20" pred="sue" certainty="CERTAIN" polarity="POS" time="NON_FUTURE">
<token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="21" pred="settle" certainty="CERTAIN" polarity="POS" time="NON_FUTURE">
<token_anchor t_id="7"/></EVENT_MENTION>
<TIMEX3 m_id="30" type="DATE" value="2006-05-08" functionInDocument="CREATION_TIME"><token_anchor t_id="5"/></TIMEX3>
<EVENT m_id="40" class="OTHER"/>
</Markables>
<Relations>
<TLINK r_id="50" reltype="IS_INCLUDED"><source m_id="21"/><target m_id="30"/></TLINK>
<TLINK r_id="51" reltype="BEFORE"><source m_id="20"/><target m_id="30"/></TLINK>
</Relations>
</Document>
"""
# the cross-document copy: same tokens, "sued" refers to an instance whose TIME is known
CROSS = INTRA.replace('<EVENT m_id="40" class="OTHER"/>',
                      '<EVENT m_id="40" class="OTHER" instance_id="OTH1"/>').replace(
    "<Relations>", '<Relations>\n<REFERS_TO r_id="60"><source m_id="20"/><target m_id="40"/></REFERS_TO>')
INSTANCES = ("#ID\tTYPE\tCLASS\tINSTANCE_NAME\tDESCR\tEXT_LINK\tCOMMENT\tTIME\n"
             "OTH1\tEVENT\tOTHER\tsuing\tApple sued\t\t\t2006-04-XX\n")


def _folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    intra, cross = tmp_path / "intra", tmp_path / "cross"
    intra.mkdir()
    cross.mkdir()
    (intra / "1_Apple.xml").write_text(INTRA, encoding="utf-8")
    (cross / "1_Apple.xml").write_text(CROSS, encoding="utf-8")
    (tmp_path / "instances.csv").write_text(INSTANCES, encoding="utf-8")
    return intra, cross, tmp_path / "instances.csv"


def _event(text: str, word: str, type_: str | None, value: str | None = None, nth: int = 0) -> Event:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Event(id=f"e{start}", type=type_, trigger=Span(start=start, end=start + len(word), text=word),
                 sentence=SentenceRef(start=0, end=len(text)), when=EventWhen(value=value))


def _record(text: str, events: list[Event]) -> Record:
    return Record(document=Document(id="d", text=text), events=events)


def test_eval_events_meantime_mentions_carry_their_gold_dates(tmp_path: Path) -> None:
    intra, cross, instances = _folders(tmp_path)
    (doc,) = read_meantime(intra, cross, instances)
    assert doc.dct == "2006-05-08"
    assert doc.text[: doc.annotated_end].endswith("It settled later.") and "Nobody" not in doc.text[: doc.annotated_end]
    assert [(doc.text[e.start:e.end], e.date, e.date_from) for e in doc.events] == [
        ("sued", "2006-04-XX", "instance"),  # the instance's TIME; its BEFORE link gives no date
        ("settled", "2006-05-08", "tlink"),  # IS_INCLUDED in the DCT timex
    ]
    (plain,) = read_meantime(intra)  # without the cross-document copy only TLINKs date
    assert [e.date for e in plain.events] == [None, "2006-05-08"]


def test_eval_events_every_event_counts_against_meantime_in_the_annotated_sentences_only(tmp_path: Path) -> None:
    intra, cross, instances = _folders(tmp_path)
    (doc,) = read_meantime(intra, cross, instances)
    text = doc.text
    events = [
        _event(text, "sued", "ACCUSE", "2006-04-20"),  # coded; found, dated right (April 2006)
        _event(text, "settled", None, "2006-05-07"),  # not coded; found, dated wrong
        _event(text, "Samsung", None),  # spurious
        _event(text, "annotated", None),  # after the annotated sentences: not counted
    ]
    record = _record(text, events)
    every = score_meantime_all([(doc, record)])
    assert (every.tp, every.fp, every.fn) == (2, 1, 0)
    coded = score_meantime([(doc, record)])["detection"]  # only "sued" is coded
    assert (coded.tp, coded.fp, coded.fn) == (1, 0, 1)
    dated = score_meantime_dated([(doc, record)])
    assert (dated["gold"], dated["found"], dated["right"], dated["publication"]) == (2, 2, 1, 1)
    assert dated["by_source"] == {"instance": 1, "tlink": 1} and dated["right_by_source"] == {"instance": 1}
    missing = score_meantime_dated([(doc, _record(text, events[2:]))])
    assert (missing["gold"], missing["found"], missing["right"]) == (2, 0, 0)


def test_eval_events_own_sentences_count_coded_events_only() -> None:
    text = "Rebels seized the town and talks fell apart."
    gold = [Gold(trigger="seized", type="SEIZE", actor=None, target=None, source="article", certainty="asserted")]
    record = _record(text, [_event(text, "seized", "SEIZE"), _event(text, "talks", None), _event(text, "fell", None)])
    scores = score_sentences([(text, gold, record)])
    assert (scores.detection.tp, scores.detection.fp, scores.detection.fn) == (1, 0, 0)
    record = _record(text, [_event(text, "talks", None), _event(text, "seized", "ASSAULT")])
    scores = score_sentences([(text, gold, record)])
    assert (scores.detection.tp, scores.detection.fp) == (1, 0)
    assert (scores.types["SEIZE"].fn, scores.types["ASSAULT"].fp) == (1, 1)
