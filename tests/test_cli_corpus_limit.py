"""The terminal table of `events` / `timeline` shows the first rows of a large store and says so;
`--limit` and the file formats still give what they are asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline import cli
from dateline.cli_corpus import TABLE_ROWS
from dateline.corpus.fake import fill_store
from dateline.store.db import open_store


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("big") / "big.db")
    store = open_store(path)
    fill_store(store, TABLE_ROWS + 50)
    store.close()
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    assert cli.main(list(argv)) == 0
    out, err = capsys.readouterr()
    return out, err


def test_the_table_shows_the_first_rows_and_says_how_many_there_are(big_store: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    total = len(json.loads(_run(capsys, "events", "--db", big_store, "--format", "json")[0]))
    assert total > TABLE_ROWS
    out, err = _run(capsys, "events", "--db", big_store)
    assert f"the first {TABLE_ROWS} of {total:,} events" in out
    assert f"showing the first {TABLE_ROWS} of {total:,} events" in err and "--limit 0" in err
    out, err = _run(capsys, "events", "--db", big_store, "--limit", "0")
    assert f"{total} events" in out and err == ""
    out, err = _run(capsys, "timeline", "--db", big_store, "--all-events", "--limit", "7")
    assert "7 events" in out and err == ""


def test_files_have_every_row_whatever_the_table_shows(big_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _run(capsys, "events", "--db", big_store, "--format", "jsonl")[0].splitlines()
    assert len(lines) > TABLE_ROWS
    assert len(json.loads(_run(capsys, "events", "--db", big_store, "--format", "json", "--limit", "0")[0])) == len(
        lines)
    assert Path(big_store).exists()
