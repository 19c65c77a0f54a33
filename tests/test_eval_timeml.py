"""TimeML evaluation: reading .tml files and TempEval-3 task A scoring over offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.timeml import evaluate, format_report, read_documents, read_tml, score_documents, score_file

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
    from dateline.eval.timeml import _files

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "T1.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "b" / "T1.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "b" / "T2.tml").write_text(TML.replace("Thursday", "Friday"), encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in _files(tmp_path)] == ["a/T1.tml", "b/T2.tml"]
