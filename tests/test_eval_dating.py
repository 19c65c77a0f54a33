"""Event-date harness: gold dates read from TLINKs, and the scored run on a small TimeML file."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from dateline.eval.dating import date_right, evaluate, format_report, gold_event_dates
from dateline.eval.timeml import read_tml

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>D1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13" functionInDocument="CREATION_TIME">19980213</TIMEX3></DCT>
<TEXT>
Rebels <EVENT eid="e1" class="OCCURRENCE">seized</EVENT> the town on <TIMEX3 tid="t1" type="DATE"
 value="1998-02-11">Wednesday</TIMEX3>. Officials <EVENT eid="e2" class="REPORTING">said</EVENT> talks
 <EVENT eid="e3" class="OCCURRENCE">failed</EVENT> in <TIMEX3 tid="t2" type="DURATION" value="P2D">two days</TIMEX3>.
The army <EVENT eid="e4" class="OCCURRENCE">says</EVENT> it holds the road.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" />
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" />
<MAKEINSTANCE eventID="e3" eiid="ei3" tense="PAST" />
<MAKEINSTANCE eventID="e4" eiid="ei4" tense="PRESENT" />
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1" />
<TLINK lid="l2" relType="INCLUDES" timeID="t0" relatedToEventInstance="ei2" />
<TLINK lid="l3" relType="DURING" eventInstanceID="ei3" relatedToTime="t2" />
<TLINK lid="l4" relType="BEFORE" eventInstanceID="ei3" relatedToTime="t0" />
<TLINK lid="l5" relType="IS_INCLUDED" eventInstanceID="ei4" relatedToTime="t0" />
</TimeML>
"""


@pytest.fixture()
def tml(tmp_path: Path) -> Path:
    path = tmp_path / "D1.tml"
    path.write_text(TML, encoding="utf-8")
    return path


def test_eval_dating_gold_dates_come_from_inclusion_links_only(tml: Path) -> None:
    """IS_INCLUDED in a date, the DCT INCLUDES it; a duration or BEFORE the DCT gives no date."""
    doc = read_tml(tml)
    assert [(e.eid, e.text) for e in doc.events] == [("e1", "seized"), ("e2", "said"), ("e3", "failed"),
                                                     ("e4", "says")]
    assert gold_event_dates(TML, doc) == {"e1": "1998-02-11", "e2": "1998-02-13", "e4": "1998-02-13"}


@pytest.mark.model
def test_eval_dating_scores_the_dating_stage_and_the_baselines(tml: Path) -> None:
    report = evaluate(tml.parent)
    assert report.events == 3
    # seized: Wednesday (explicit); says: present tense, the DCT's day; said: a reporting verb with no
    # date of its own, the DCT's day (not the Wednesday of the sentence before)
    assert report.right == 3 and report.right_by_basis["explicit"] == 1 and report.right_by_basis["inferred"] == 2
    assert report.publication_right == 2  # said and says are on the DCT; seized is not
    assert (report.gold_dated, report.publication_all) == (3, 2)
    found = report.detected  # the run on the pipeline's own events: the same gold, nothing forced in
    assert found is not None and found.gold_dated == 3 and found.publication_all == 2
    assert found.right <= found.events <= 3
    text = format_report(report)
    assert "right date" in text and "publication date (GDELT)" in text
    assert "run 1, gold events forced in" in text and "run 2, detected events" in text
    assert "found and dated right" in text
    assert evaluate(tml.parent, detected=False).detected is None
    # which sieve decided each: seized by its sentence's date, said as a report, says as the present
    assert report.by_sieve == {"sentence_date": 1, "reported": 1, "present": 1}
    assert report.right_by_sieve == report.by_sieve
    assert +report.publication_by_sieve == {"reported": 1, "present": 1}  # + drops the zero counts
    assert found.by_sieve.total() == found.events


@pytest.mark.model
def test_eval_dating_cli_prints_the_sieve_table(tml: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from dateline.eval.dating import run_command

    args = SimpleNamespace(dir=str(tml.parent), limit=None, errors=False, forced_only=True, sieves=True)
    assert run_command(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert "  sentence_date         1      1   100.0 %         0    0.0 %" in out
    assert "  reported              1      1   100.0 %         1  100.0 %" in out
    assert "  fallback              0      0         -         0        -" in out


def test_eval_dating_scores_found_events_and_counts_the_missed_ones(tml: Path) -> None:
    """Each gold-dated event is scored on the event over it; one nobody found counts in gold_dated only."""
    from dateline.eval.coref import GoldMention
    from dateline.eval.dating import DatingReport, _score_document

    doc = read_tml(tml)
    gold = gold_event_dates(TML, doc)
    mentions = [GoldMention(f"D1#{e.eid}", "D1", e.start, e.end, e.text, e.eid) for e in doc.events if e.eid in gold]

    record = SimpleNamespace(times=[], events=[_event(doc.text, "seized", "1998-02-11", "explicit", "sentence_date"),
                                               _event(doc.text, "said", "1998-02-11", "inferred", "chronology"),
                                               _event(doc.text, "army", None, "unknown", None)])
    # seized dated right, said dated wrong, says not found (an event elsewhere does not count)
    report = DatingReport(directory="x")
    _score_document(report, doc, gold, mentions, record, misses=True)
    assert (report.gold_dated, report.events, report.right, report.publication_all, report.publication_right) == (
        3, 2, 1, 2, 1)
    assert report.right_by_basis == {"explicit": 1} and [m[1] for m in report.misses] == ["said"]
    assert report.by_sieve == {"sentence_date": 1, "chronology": 1} and report.right_by_sieve == {"sentence_date": 1}


def _event(text: str, word: str, value: str | None, basis: str, sieve: str | None) -> Any:
    """A stand-in for a record's event over `word`, dated `value` by `sieve`."""
    start = text.index(word)
    return SimpleNamespace(trigger=SimpleNamespace(start=start, end=start + len(word)),
                           when=SimpleNamespace(value=value, earliest=None, latest=None, basis=basis, sieve=sieve),
                           sentence=SimpleNamespace(start=0, end=len(text)))


def test_eval_dating_sieve_table_counts_each_sieves_events_right_and_baseline(tml: Path) -> None:
    """Per sieve, in the order they run: events decided, right, precision, the publication date on them."""
    from dateline.eval.coref import GoldMention
    from dateline.eval.dating import NO_SIEVE, DatingReport, _score_document, format_report, format_sieves

    doc = read_tml(tml)
    gold = gold_event_dates(TML, doc)  # seized 1998-02-11; said, says on the DCT 1998-02-13
    mentions = [GoldMention(f"D1#{e.eid}", "D1", e.start, e.end, e.text, e.eid) for e in doc.events if e.eid in gold]
    record = SimpleNamespace(times=[], events=[
        _event(doc.text, "seized", "1998-02-11", "explicit", "sentence_date"),  # right; the DCT is not
        _event(doc.text, "said", "1998-02-11", "inferred", "chronology"),  # wrong; the DCT is right
        _event(doc.text, "says", "1998-02-13", "inferred", None),  # right, but no sieve says so
    ])
    report = DatingReport(directory="x")
    _score_document(report, doc, gold, mentions, record, misses=False)
    table = format_sieves(report)
    assert table[0].split() == ["by", "sieve:", "events", "right", "precision", "publication"]
    rows = {line.split()[0]: line.split()[1:] for line in table[1:]}
    assert rows["sentence_date"] == ["1", "1", "100.0", "%", "0", "0.0", "%"]
    assert rows["chronology"] == ["1", "0", "0.0", "%", "1", "100.0", "%"]
    assert rows["present"] == ["0", "0", "-", "0", "-"]
    assert rows[NO_SIEVE.split()[0]] == ["sieve)", "1", "1", "100.0", "%", "1", "100.0", "%"]
    names = [line.split()[0] for line in table[1:]]
    assert names.index("framing_anchor") < names.index("sentence_date") < names.index("signal") \
        < names.index("present") < names.index("fallback") < names.index(NO_SIEVE.split()[0])
    assert "by sieve:" not in format_report(report) and table[1] in format_report(report, sieves=True)


@pytest.mark.parametrize(
    ("value", "gold", "right"),
    [
        ("1998-10-14", "1998-10-14", True),
        ("1998-10-14", "1998-10", True),  # the gold's precision is the month
        ("1998-10-05", "1998-10-XX", True),
        ("1998-W42", "1998-10", True),  # 12-18 October lies inside October
        ("1998-W49", "1998-12", False),  # 30 November - 6 December does not
        ("1998-W42", "1998-10-14", False),  # a week does not name the day
        ("1998-Q4", "1998", True),
        ("1998", "1998-10", False),
        ("PRESENT_REF", "1998", False),
        (None, "1998", False),
    ],
)
def test_eval_dating_a_value_is_right_when_its_period_lies_inside_the_golds(
    value: str | None, gold: str, right: bool
) -> None:
    assert date_right(value, gold) is right
