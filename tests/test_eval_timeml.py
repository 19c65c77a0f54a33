"""TimeML evaluation: reading .tml files and TempEval-3 task A scoring over offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.timeml import (
    TimemlDoc,
    evaluate,
    format_report,
    read_documents,
    read_tml,
    score_documents,
    score_file,
)

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13T14:26:00"
 functionInDocument="CREATION_TIME">19980213</TIMEX3></DCT>
<TEXT>
Ministers <EVENT eid="e1" class="OCCURRENCE">met</EVENT> on <TIMEX3 tid="t1"
 type="DATE" value="1998-02-12">Thursday</TIMEX3> &amp; agreed for <TIMEX3 tid="t2"
 type="DURATION" value="P2D">two days</TIMEX3> of talks <TIMEX3 tid="t3" type="DATE"
 value="PRESENT_REF">now</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture()
def tml(tmp_path: Path) -> Path:
    path = tmp_path / "T1.tml"
    path.write_text(TML, encoding="utf-8")
    return path


def test_eval_timeml_read_strips_tags_and_keeps_offsets(tml: Path) -> None:
    doc = read_tml(tml)
    assert doc.dct == "1998-02-13"
    assert "<" not in doc.text and "& agreed" in doc.text
    assert [(doc.text[t.start : t.end], t.type, t.value) for t in doc.timexes] == [
        ("Thursday", "DATE", "1998-02-12"), ("two days", "DURATION", "P2D"), ("now", "DATE", "PRESENT_REF")]


def test_eval_timeml_scores_strict_relaxed_and_values(tml: Path) -> None:
    doc = read_tml(tml)
    thu = doc.text.index("Thursday")
    two = doc.text.index("two days")
    system = [
        (thu, thu + 8, "Thursday", "DATE", "1998-02-12"),  # exact, right value
        (two - 4, two + 8, "for two days", "DURATION", "P3D"),  # overlap only, wrong value
        (0, 9, "Ministers", "DATE", "XXXX"),  # spurious
    ]
    counts, misses = score_file(doc, system, errors=True)
    assert (counts.gold, counts.system, counts.strict, counts.relaxed_gold, counts.value_ok) == (3, 3, 1, 2, 1)
    assert counts.type_ok == 2
    assert counts.relaxed_prf[2] == pytest.approx(2 / 3)
    assert counts.value_f1 == pytest.approx(1 / 3)
    assert sorted(m.kind for m in misses) == ["missed", "spurious", "value"]


def test_eval_timeml_scores_another_taggers_output(tml: Path) -> None:
    """The harness scores any tagger (benchmarks/heideltime_compare.py feeds it HeidelTime)."""
    docs = read_documents(tml.parent)
    thu = docs[0].text.index("Thursday")
    report = score_documents(tml.parent, docs, [[(thu, thu + 8, "Thursday", "DATE", "1998-02-12")]])
    assert [f.name for f in report.files] == ["T1.tml"]
    assert (report.total.gold, report.total.system, report.total.value_ok) == (3, 1, 1)
    with pytest.raises(ValueError):
        score_documents(tml.parent, docs, [])  # one output per document, or it is an error


@pytest.mark.model
def test_eval_timeml_evaluate_and_format(tml: Path) -> None:
    report = evaluate(tml.parent, errors=True)
    assert len(report.files) == 1 and report.total.gold == 3
    assert report.total.relaxed_gold >= 2
    text = format_report(report)
    assert "relaxed" in text and "value F1" in text and "T1.tml" in text


def test_eval_timeml_cli_refuses_a_folder_without_tml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dateline import cli

    assert cli.main(["eval", "timeml", str(tmp_path)]) == 2
    assert "no TimeML" in capsys.readouterr().err


@pytest.mark.model
def test_eval_timeml_cli_prints_the_report(tml: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dateline import cli

    assert cli.main(["eval", "timeml", str(tml.parent), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "strict" in out and "relaxed" in out and "value F1" in out and "T1.tml" in out
    assert "TempEval-3 task B" in out and "gold 1  system" in out  # one gold EVENT ("met")


@pytest.mark.model
def test_eval_timeml_task_a_is_the_same_with_and_without_the_full_pipeline(tml: Path) -> None:
    full, alone = evaluate(tml.parent), evaluate(tml.parent, events=False)
    assert full.total == alone.total and alone.events is None
    assert full.events is not None and full.events.gold == 1


MEANTIME = """<?xml version="1.0" encoding="UTF-8"?>
<Document doc_id="1" doc_name="1_Apple" lang="en">
<token t_id="1" sentence="0" number="0">Apple</token>
<token t_id="2" sentence="0" number="1">sues</token>
<token t_id="3" sentence="1" number="2">May</token>
<token t_id="4" sentence="1" number="3">8</token>
<token t_id="5" sentence="1" number="4">,</token>
<token t_id="6" sentence="1" number="5">2006</token>
<token t_id="7" sentence="2" number="6">It</token>
<token t_id="8" sentence="2" number="7">sued</token>
<token t_id="9" sentence="2" number="8">(</token>
<token t_id="10" sentence="2" number="9">again</token>
<token t_id="11" sentence="2" number="10">)</token>
<token t_id="12" sentence="2" number="11">yesterday</token>
<token t_id="13" sentence="2" number="12">.</token>
<token t_id="14" sentence="3" number="13">Nobody</token>
<token t_id="15" sentence="3" number="14">annotated</token>
<token t_id="16" sentence="3" number="15">1991</token>
<Markables>
<TIMEX3 m_id="20" type="DATE" value="2006-05-08" functionInDocument="CREATION_TIME">
<token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/>
</TIMEX3>
<TIMEX3 m_id="21" type="DATE" value="2006-05-07" functionInDocument="NONE">
<token_anchor t_id="12"/>
</TIMEX3>
<EVENT_MENTION m_id="22" pred="sue"><token_anchor t_id="8"/></EVENT_MENTION>
</Markables>
</Document>
"""


def test_eval_timeml_reads_meantime_tokens_as_written_up_to_the_last_annotated_sentence(tmp_path: Path) -> None:
    from dateline.eval.timeml import read_meantime_timexes

    path = tmp_path / "1_Apple.xml"
    path.write_text(MEANTIME, encoding="utf-8")
    doc = read_meantime_timexes(path)
    assert doc.dct == "2006-05-08"
    assert doc.text == "Apple sues\nMay 8, 2006\nIt sued (again) yesterday."
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("May 8, 2006", "DATE", "2006-05-08"), ("yesterday", "DATE", "2006-05-07")]


@pytest.mark.model
def test_eval_timeml_cli_takes_a_meantime_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dateline import cli

    (tmp_path / "1_Apple.xml").write_text(MEANTIME, encoding="utf-8")
    (tmp_path / "other.xml").write_text("<root/>", encoding="utf-8")
    assert cli.main(["eval", "timeml", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "1_Apple.xml" in out and "other.xml" not in out and "gold 2" in out


def test_eval_timeml_a_file_repeated_byte_for_byte_counts_once(tmp_path: Path) -> None:
    from dateline.eval.timeml import files_under as _files

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "T1.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "b" / "T1.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "b" / "T2.tml").write_text(TML.replace("Thursday", "Friday"), encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in _files(tmp_path)] == ["a/T1.tml", "b/T2.tml"]


# ---------------------------------------------------------------------------- task B (events)

EVENTS_TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>E1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13" functionInDocument="CREATION_TIME">19980213</TIMEX3></DCT>
<TEXT>
Rebels <EVENT eid="e1" class="OCCURRENCE">seized</EVENT> the town. Officials <EVENT eid="e2"
 class="REPORTING">said</EVENT> the <EVENT eid="e3" class="OCCURRENCE">talks</EVENT> <EVENT eid="e4"
 class="ASPECTUAL">began</EVENT> and the army <EVENT eid="e5" class="I_ACTION">tried</EVENT> to leave.
</TEXT>
</TimeML>
"""


def _at(text: str, word: str, cls: str, before: str = "", after: str = "") -> tuple[int, int, str, str]:
    start = text.index(word) - len(before)
    end = text.index(word) + len(word) + len(after)
    return (start, end, text[start:end], cls)


@pytest.fixture()
def events_doc(tmp_path: Path) -> TimemlDoc:
    path = tmp_path / "E1.tml"
    path.write_text(EVENTS_TML, encoding="utf-8")
    return read_tml(path)


def test_eval_timeml_task_b_counts_a_missed_a_spurious_a_wrong_class_and_a_relaxed_only_event(
    events_doc: TimemlDoc,
) -> None:
    from dateline.eval.timeml import score_events

    doc = events_doc
    assert [(e.text, e.cls) for e in doc.events] == [("seized", "OCCURRENCE"), ("said", "REPORTING"),
                                                     ("talks", "OCCURRENCE"), ("began", "ASPECTUAL"),
                                                     ("tried", "I_ACTION")]
    text = doc.text
    system = [
        _at(text, "seized", "OCCURRENCE"),  # strict, right class
        _at(text, "said", "REPORTING"),  # strict, right class
        _at(text, "began", "OCCURRENCE"),  # strict, wrong class (gold ASPECTUAL)
        _at(text, "tried", "I_ACTION", after=" to leave"),  # relaxed only ("tried to leave"), right class
        _at(text, "town", "STATE"),  # spurious
    ]  # "talks" is missed
    counts, misses = score_events(doc, system, errors=True)
    assert (counts.gold, counts.system) == (5, 5)
    assert (counts.strict, counts.relaxed_gold, counts.relaxed_system, counts.class_ok) == (3, 4, 4, 3)
    assert counts.strict_prf == pytest.approx((3 / 5, 3 / 5, 3 / 5))
    assert counts.relaxed_prf == pytest.approx((4 / 5, 4 / 5, 4 / 5))
    assert counts.class_prf == pytest.approx((3 / 5, 3 / 5, 3 / 5))  # P = correct/system, R = correct/gold
    assert sorted((m.kind, m.text) for m in misses) == [
        ("class", "began"), ("missed", "talks"), ("span", "tried to leave"), ("spurious", "town")]
    wrong = next(m for m in misses if m.kind == "class")
    assert wrong.gold.startswith("ASPECTUAL") and wrong.system == "OCCURRENCE" and "[began]" in wrong.context


def test_eval_timeml_task_b_matches_each_gold_event_once(events_doc: TimemlDoc) -> None:
    from dateline.eval.timeml import score_events

    text = events_doc.text
    # two system events over "said": one gold matched; the second overlaps it (relaxed precision, as
    # TempEval-3 counts it) but takes no second match and no second class credit
    system = [_at(text, "said", "REPORTING"), _at(text, "said", "REPORTING", before="Officials ")]
    counts, _ = score_events(events_doc, system)
    assert (counts.system, counts.strict, counts.relaxed_gold, counts.relaxed_system, counts.class_ok) == (
        2, 1, 1, 2, 1)


def test_eval_timeml_task_b_totals_and_the_held_out_split(tmp_path: Path) -> None:
    """A file named as one the detector held out is scored apart from the others; the others are
    not called training data unless the folder is the training corpus itself."""
    from dateline.eval.timeml import detector_training

    held_out, _ = detector_training()
    held_name = sorted(held_out)[0]
    (tmp_path / held_name).write_text(EVENTS_TML, encoding="utf-8")
    (tmp_path / "other.tml").write_text(EVENTS_TML.replace("town", "city"), encoding="utf-8")
    docs = read_documents(tmp_path)
    assert sorted(d.name for d in docs) == sorted([held_name, "other.tml"])
    events = [[_at(d.text, "seized", "OCCURRENCE")] if d.name == held_name  # 1 right of 5
              else [_at(d.text, "said", "STATE"), _at(d.text, "city", "STATE")]  # a wrong class, a spurious one
              for d in docs]
    report = score_documents(tmp_path, docs, [[] for _ in docs], events=events)
    assert report.events is not None
    assert (report.events.gold, report.events.system, report.events.relaxed_gold, report.events.class_ok) == (
        10, 3, 2, 1)
    held, rest = report.splits
    assert held.measure and held.files == 1
    assert (held.counts.gold, held.counts.system, held.counts.relaxed_gold, held.counts.class_ok) == (5, 1, 1, 1)
    assert not rest.measure and rest.files == 1 and "not held out" in rest.label
    assert (rest.counts.system, rest.counts.relaxed_gold, rest.counts.class_ok) == (2, 1, 0)
    text = format_report(report)
    assert "task B, held out from the detector's training: 1 files, gold 5  system 1" in text
    assert "evGold" in text and "training data" not in text


def test_eval_timeml_task_b_on_meantime_reads_event_mentions_and_gives_no_class_f1(tmp_path: Path) -> None:
    from dateline.eval.timeml import read_meantime_timexes

    path = tmp_path / "1_Apple.xml"
    path.write_text(MEANTIME, encoding="utf-8")
    doc = read_meantime_timexes(path)
    assert [(e.eid, e.text) for e in doc.events] == [("22", "sued")] and not doc.event_classes
    start = doc.text.index("sued")
    report = score_documents(tmp_path, [doc], [[]], events=[[(start, start + 4, "sued", "OCCURRENCE"),
                                                                (0, 5, "Apple", "STATE")]])
    assert report.events is not None and not report.event_classes
    assert (report.events.strict, report.events.class_ok, report.events.system) == (1, 0, 2)
    assert report.splits == []  # not the detector's corpus
    assert "class F1 n/a" in format_report(report)


def test_format_rules_counts_each_rule() -> None:
    from dateline.eval.timeml import TimemlReport, format_rules

    report = TimemlReport(directory="x", rules={"weekday": [4, 3, 2], "year": [1, 0, 0]})
    lines = format_rules(report).splitlines()
    assert lines[1].split() == ["weekday", "4", "3", "75.0", "2", "66.7"]
    assert lines[2].split() == ["year", "1", "0", "0.0", "0", "0.0"]
