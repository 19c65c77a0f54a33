"""Coreference scorers on hand-computed cases, and MEANTIME reading when ../shared is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.coref import b3, ceafe, muc, read_meantime

MEANTIME = Path(__file__).resolve().parents[1].parent / "shared/bench/meantime/intra_cross-doc_annotation/corpus_apple"


def test_eval_coref_scores_identity_and_known_values() -> None:
    key = [frozenset("abc"), frozenset("de")]
    for fn in (muc, b3, ceafe):
        assert fn(key, key) == (1.0, 1.0, 1.0)
    response = [frozenset("ab"), frozenset("cde")]
    p, r, _ = muc(key, response)  # key: 3 links, 1 lost; response: 3 links, 1 wrong
    assert (round(p, 4), round(r, 4)) == (round(2 / 3, 4), round(2 / 3, 4))
    p, r, _ = b3(key, response)
    assert round(r, 4) == round((4 / 3 + 1 / 3 + 4 / 2) / 5, 4)
    p, r, _ = ceafe(key, response)
    assert round(r, 4) == round((2 * 2 / 5 + 2 * 2 / 5) / 2, 4)


def test_eval_coref_twinless_system_mentions_cost_precision() -> None:
    key = [frozenset("ab")]
    p, r, _ = b3(key, [frozenset("abx")])
    assert r == 1.0 and p < 1.0


@pytest.mark.shared
def test_eval_coref_reads_meantime_gold_chains() -> None:
    if not MEANTIME.exists():
        pytest.skip(f"MEANTIME not found at {MEANTIME} (../shared is absent)")
    docs = read_meantime(MEANTIME)
    assert len(docs) == 30 and all(d.dct for d in docs)
    mentions = [m for d in docs for m in d.mentions]
    assert all(d.text[m.start:m.end] == m.text for d in docs for m in d.mentions)
    cross = {m.cluster for m in mentions if "#" not in m.cluster}
    assert len({m.doc for m in mentions if m.cluster in cross}) > 10


@pytest.mark.model
def test_gold_mentions_are_dated_by_the_dating_stage() -> None:
    """A gold mention the event finder misses still gets a date from its own clause."""
    from dateline.analyzer import Analyzer, default_stages, make_document
    from dateline.eval.coref import GoldMention, GoldMentionEvents
    from dateline.pipeline.dating import DatingStage
    from dateline.settings import Settings

    text = "Apple shareholders approved the merger on March 3, 2008. Analysts welcomed it."
    start = text.index("merger")
    mention = GoldMention("d#m1", "d", start, start + len("merger"), "merger", "inst1")
    settings = Settings()
    stages = default_stages(settings)
    at = next(i for i, s in enumerate(stages) if isinstance(s, DatingStage))
    stages = [*stages[:at], GoldMentionEvents({"d": [mention]}), *stages[at:]]
    record = Analyzer(settings, stages).analyze_document(make_document(text, published="2008-03-04", source="d"))
    event = next(e for e in record.events if e.trigger.start <= start < e.trigger.end)
    assert event.when.value == "2008-03-03", event.when


def test_mention_dates_score_each_gold_mention_at_the_gold_precision() -> None:
    """Right date at the gold's precision; the interval holding the gold day; undated mentions."""
    from dateline.eval.coref import GoldMention, MeantimeDoc, _mention_dates
    from dateline.model import Document, Event, EventWhen, Record, SentenceRef, Span

    text = "Apple sold phones. Jobs resigned. Cook spoke."
    mentions = [GoldMention(f"d#m{i}", "d", text.index(w), text.index(w) + len(w), w, f"inst{i}")
                for i, w in enumerate(["sold", "resigned", "spoke"])]
    doc = MeantimeDoc("d", "2011-08-25", text, mentions)
    whens = [EventWhen(value="2011-08", earliest="2011-08-01", latest="2011-08-31", basis="explicit"),
             EventWhen(value=None, earliest="2011-08-01", latest="2011-08-25", basis="inferred"),
             EventWhen(value=None, latest="2011-08-25", basis="publication")]
    events = [Event(id=f"e{i}", type="EVENT", trigger=Span(start=m.start, end=m.end, text=m.text),
                    sentence=SentenceRef(start=0, end=len(text)), when=w)
              for i, (m, w) in enumerate(zip(mentions, whens, strict=True))]
    record = Record(document=Document(id="d", text=text), events=events)
    times = {"inst0": "2011-08", "inst1": "2011-08-24", "inst2": "2011-08-25", "other": "2010"}
    got = _mention_dates([doc], [record], times)
    assert (got["mentions"], got["exact"], got["held"], got["unknown"]) == (3, 1, 2, 1)
    assert got["by_basis"] == {"explicit": [1, 1], "inferred": [0, 1], "publication": [0, 1]}


_DOC = """<Document doc_name="{name}" doc_id="1" lang="en">
<token t_id="1" sentence="0" number="0">Apple</token>
<token t_id="2" sentence="0" number="1">unveiled</token>
<token t_id="3" sentence="0" number="2">a</token>
<token t_id="4" sentence="0" number="3">phone</token>
<token t_id="5" sentence="0" number="4">.</token>
<Markables>
<EVENT_MENTION m_id="1"><token_anchor t_id="2"/></EVENT_MENTION>
<TIMEX3 m_id="2" type="DATE" value="{dct}" functionInDocument="CREATION_TIME"/>
</Markables>
<Relations/>
</Document>
"""


@pytest.mark.model
def test_eval_coref_a_bad_creation_date_is_reported_for_its_file_and_the_rest_go_on(tmp_path: Path) -> None:
    from dateline.eval.coref import evaluate, format_report

    (tmp_path / "good.xml").write_text(_DOC.format(name="good", dct="2009-03-02"), encoding="utf-8")
    (tmp_path / "bad.xml").write_text(_DOC.format(name="bad", dct="03-02-2009"), encoding="utf-8")
    report = evaluate(str(tmp_path), own_mentions=False)
    assert report["documents"] == 2 and report["gold_mentions"] == 2
    assert report["input_problems"] == [
        "bad: creation date '03-02-2009' is not a date (E010); read without a publication date"]
    assert "input problem: bad: creation date '03-02-2009'" in format_report(report)
