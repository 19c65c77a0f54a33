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
    assert code == 2
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
