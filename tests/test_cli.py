"""The command line: one-line errors with exit code 2, JSON that validates, documented commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from dateline import cli
from dateline.model import Record

README = Path(__file__).resolve().parents[1] / "README.md"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str, name: str, reason: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("dateline: ") and name in lines[0] and reason in lines[0], lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4, "binary"),
        ("broken.txt", "Rebels entered Homs — ".encode() + b"\xc3\x28 and more", "invalid UTF-8"),
        ("nav.html", b"<html><body><nav>Home | World | Sport</nav></body></html>", "no article text"),
    ],
)
def test_cli_bad_input_gives_one_line_and_exit_2(tmp_path, capsys, name, content, reason) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = _run(capsys, "analyze", str(path), "--format", "json")
    assert code == 2 and out == ""
    _one_line_error(err, name, reason)


def test_cli_missing_path(capsys, tmp_path) -> None:
    code, _, err = _run(capsys, "analyze", str(tmp_path / "nowhere.txt"))
    assert code == 2
    _one_line_error(err, "nowhere.txt", "no such file")


def test_cli_huge_file_is_refused_before_reading(tmp_path, capsys) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # 50 MB, sparse: refused by its size alone
        f.seek(50 * 1024 * 1024)
        f.write(b"x")
    code, _, err = _run(capsys, "analyze", str(path))
    assert code == 2
    _one_line_error(err, "huge.txt", "over the limit")


def test_cli_bad_published_lists_accepted_forms(tmp_path, capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The army withdrew.")
    code, _, err = _run(capsys, "analyze", str(path), "--published", "13/12/2024")
    assert code == 2
    _one_line_error(err, "13/12/2024", "YYYY-MM-DD")


def test_cli_schema_is_the_model_schema(capsys) -> None:
    code, out, _ = _run(capsys, "schema")
    assert code == 0 and json.loads(out) == Record.json_schema()


@pytest.mark.model
def test_cli_analyze_json_validates_and_keeps_text(tmp_path, capsys) -> None:
    text = "On March 3, rebels seized the town of Homs, a commander said.\nShare\n"
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode())
    code, out, _ = _run(capsys, "analyze", str(path), "--published", "2025-03-05", "--format", "json")
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, Record.json_schema())
    assert data["document"]["text"] == text
    assert [s["text"] for s in data["document"]["ignored"]] == ["Share"]


@pytest.mark.model
def test_cli_many_files_one_bad_still_analyses_the_rest(tmp_path, capsys) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Police arrested two protesters in Lagos on Friday.")
    code, out, err = _run(capsys, "analyze", str(good), str(tmp_path / "gone.txt"), "--format", "jsonl")
    assert code == 4  # some inputs failed, the others were done (2: none was)
    assert len(out.strip().splitlines()) == 1 and "gone.txt" in err


@pytest.mark.model
def test_cli_demo_runs_on_the_bundled_article(capsys) -> None:
    code, out, _ = _run(capsys, "demo", "--format", "json")
    assert code == 0
    record = Record.model_validate_json(out)
    assert record.document.published == cli.DEMO_PUBLISHED
    assert record.entities and record.times


def test_cli_every_command_is_documented_in_readme_and_help() -> None:
    readme = README.read_text(encoding="utf-8")
    for command, example in cli.COMMANDS.items():
        assert re.search(rf"dateline {command}\b", readme), f"README does not show `dateline {command}`"
        assert example.startswith(f"dateline {command}")


@pytest.mark.model
@pytest.mark.parametrize("width", [80, 160])
def test_terminal_view_keeps_words_whole_at_any_width(width) -> None:
    """At 80 columns the view lists events (fields, then the sentence); wide, it is a table."""
    from rich.console import Console

    from dateline import analyze
    from dateline.render import render_record

    text = ("Rebels captured the town of Saraqib on Monday, the army said. "
            "The next day, government forces shelled the town, according to residents.")
    record = analyze(text, published="2024-12-04")
    console = Console(width=width, record=True, color_system=None)
    render_record(record, console)
    out = console.export_text()
    assert max(len(line) for line in out.splitlines()) <= width
    assert "2024-12-02 (day)" in out and "2024-12-03 (day)" in out, out
    assert "certainty" in out or width < 120
    for word in ("reported", "residents", "Saraqib"):
        assert word in out, (word, out)
    if width < 120:
        assert "┃" not in out, "no table when it would fold words"
        assert "    The next day, government forces shelled the town" in out
    else:
        assert "┃" in out


def _two_event_record():
    """'Rebels shelled Homs on Monday. Oil prices fell.': one coded event, one uncoded."""
    from dateline.model import Document, Event, EventWhen, SentenceRef, Span

    text = "Rebels shelled Homs on Monday. Oil prices fell."
    return Record(document=Document(id="d1", text=text, published="2024-12-04"), events=[
        Event(id="ev1", type="ASSAULT", trigger=Span(start=7, end=14, text="shelled"),
              when=EventWhen(value="2024-12-02", basis="explicit"), sentence=SentenceRef(start=0, end=30)),
        Event(id="ev2", type=None, event_class="OCCURRENCE", tense="PAST", trigger=Span(start=42, end=46, text="fell"),
              when=EventWhen(value="2024-12-04", basis="inferred"), sentence=SentenceRef(start=31, end=47)),
    ])


@pytest.mark.parametrize("width", [80, 160])
def test_render_lists_coded_events_unless_all_events(width) -> None:
    from rich.console import Console

    from dateline.render import render_record

    def view(**kw: bool) -> str:
        console = Console(width=width, record=True, color_system=None)
        render_record(_two_event_record(), console, **kw)
        return console.export_text()

    coded = view()
    assert "ASSAULT" in coded and "events: 1 coded of 2" in coded
    assert "Oil prices fell" not in coded and "(OCCURRENCE)" not in coded
    every = view(all_events=True)
    assert "ASSAULT" in every and "(OCCURRENCE)" in every and "Oil prices fell." in every


def _corpus_db(tmp_path: Path, capsys) -> str:
    rows = [{"text": "Rebels attacked Army Forces in Aleppo on 2024-12-01. The minister remained in office.",
             "source": "AP"},
            {"text": "Shares of Acme fell on 2024-12-02 after the report. Traders hoped for more.", "source": "Wire"}]
    dump = tmp_path / "d.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert cli.main(["ingest", str(dump), "--db", db, "--fake-analyzer"]) == 0
    capsys.readouterr()
    return db


def _listed(capsys, *argv: str) -> list[dict]:
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


def test_cli_events_filter_by_class_and_coded(tmp_path, capsys) -> None:
    db = _corpus_db(tmp_path, capsys)
    every = _listed(capsys, "events", "--db", db, "--format", "json")
    assert sorted((e["type"] or "-", e["event_class"]) for e in every) == [
        ("-", "I_STATE"), ("-", "OCCURRENCE"), ("-", "STATE"), ("ASSAULT", "OCCURRENCE")]
    assert [e["type"] for e in _listed(capsys, "events", "--db", db, "--format", "json", "--coded")] == ["ASSAULT"]
    states = _listed(capsys, "events", "--db", db, "--format", "json", "--class", "i-state")
    assert [(e["type"], e["label"]) for e in states] == [(None, "hoped")]
    occurrences = _listed(capsys, "events", "--db", db, "--format", "json", "--class", "OCCURRENCE", "--coded")
    assert [e["type"] for e in occurrences] == ["ASSAULT"]


def test_cli_events_bad_class_lists_the_seven(tmp_path, capsys) -> None:
    code, out, err = _run(capsys, "events", "--db", str(tmp_path / "none.db"), "--class", "EVENTUALITY")
    assert code == 2 and out == ""
    _one_line_error(err, "EVENTUALITY", "OCCURRENCE, REPORTING, STATE, I_ACTION, I_STATE, ASPECTUAL, PERCEPTION")
    assert not (tmp_path / "none.db").exists(), "refused before the store is opened"


def test_cli_timeline_is_coded_events_unless_all_events(tmp_path, capsys, monkeypatch) -> None:
    db = _corpus_db(tmp_path, capsys)
    assert [e["type"] for e in _listed(capsys, "timeline", "--db", db, "--format", "json")] == ["ASSAULT"]
    every = _listed(capsys, "timeline", "--db", db, "--format", "json", "--all-events")
    assert len(every) == 4 and [e["when_value"] for e in every][:2] == ["2024-12-01", "2024-12-02"]
    monkeypatch.setenv("COLUMNS", "220")
    code, out, _ = _run(capsys, "timeline", "--db", db, "--all-events")
    assert code == 0 and "(STATE)" in out and "(I_STATE)" in out and "ASSAULT" in out


def test_cli_events_csv_carries_the_event_layer(tmp_path, capsys) -> None:
    import csv
    import io

    db = _corpus_db(tmp_path, capsys)
    code, out, _ = _run(capsys, "events", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {"type", "event_class", "tense", "aspect", "modality"} <= set(rows[0])
    fell = next(r for r in rows if r["label"] == "fell")
    assert (fell["type"], fell["event_class"], fell["tense"]) == ("", "OCCURRENCE", "PAST")


@pytest.mark.model
def test_cli_analyze_all_events_adds_uncoded_events_to_the_table(tmp_path, capsys, monkeypatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Rebels captured the town of Saraqib on Monday. Oil prices fell sharply in London.")
    monkeypatch.setenv("COLUMNS", "160")
    code, coded, _ = _run(capsys, "analyze", str(path), "--published", "2024-12-04")
    assert code == 0 and "SEIZE" in coded and "Oil prices fell" not in coded
    code, every, _ = _run(capsys, "analyze", str(path), "--published", "2024-12-04", "--all-events")
    assert code == 0 and "SEIZE" in every and "(OCCURRENCE)" in every and "Oil prices fell" in every
    code, out, _ = _run(capsys, "analyze", str(path), "--published", "2024-12-04", "--format", "json")
    assert any(e["type"] is None and e["trigger"]["text"] == "fell" for e in json.loads(out)["events"])
