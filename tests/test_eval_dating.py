"""Event-date harness: gold dates read from TLINKs, and the scored run on a small TimeML file."""

from __future__ import annotations

from pathlib import Path

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
    text = format_report(report)
    assert "right date" in text and "publication date (GDELT)" in text


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
