"""A CLI analysts can trust: fast starts, `--version`, `python -m dateline`, filters that refuse
what they cannot match, read commands that never create a store, and exit codes that tell a
partial run from a failed one.

Where the point is the process (what it imports, its exit code, what it prints), the test runs
`python -m dateline` (or `python -c`) as a subprocess, so this test process's own imports do not
count. No timings are asserted (`benchmarks/startup.py` measures them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from importlib.metadata import version
from pathlib import Path

import pytest

from dateline import cli, cli_corpus

# what the parser and the read commands must never load: spaCy and its stack, the pipeline, the
# HTML extractor, the server, the eval harnesses that pull in the time grammar
HEAVY = ("spacy", "thinc", "torch", "numpy", "scipy", "trafilatura", "uvicorn", "fastapi", "dateline.analyzer",
         "dateline.pipeline", "dateline.eval.dating")
# building the parser needs argparse alone: no store (SQLAlchemy, alembic), no model (pydantic), no rich
PARSER_ONLY = (*HEAVY, "sqlalchemy", "alembic", "pydantic", "rich", "yaml")


def _python(code: str, *, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "COLUMNS": "160"}, check=False)


def _dateline(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dateline", *argv], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "160"}, cwd=cwd, check=False)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str, *parts: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("dateline: ") and "Traceback" not in err, err
    for part in parts:
        assert part in lines[0], (part, lines[0])
    return lines[0]


def _store(tmp_path: Path, capsys, *texts: str) -> str:
    """A store of `texts` (one article each) ingested through the fake analyzer."""
    dump = tmp_path / "d.jsonl"
    dump.write_text("".join(json.dumps({"text": t, "source": f"S{i}"}) + "\n" for i, t in enumerate(texts)),
                    encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert cli.main(["ingest", str(dump), "--db", db, "--fake-analyzer"]) == 0
    capsys.readouterr()
    return db


def _json(capsys, *argv: str) -> list[dict]:
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


# --- startup: what the process imports --------------------------------------------------------------


def test_help_and_parsing_import_nothing_heavy() -> None:
    """`dateline --help`, `events --help` and the other read commands' help and parsing load argparse alone."""
    done = _python(f"""
        import sys
        from dateline import cli
        for argv in (["--help"], ["events", "--help"], ["timeline", "--help"], ["entities", "--help"],
                     ["show", "--help"], ["ingest", "--help"], ["serve", "--help"], ["analyze", "--help"]):
            try:
                cli.main(argv)
            except SystemExit as e:
                assert e.code == 0, (argv, e.code)
        cli._build_parser(with_eval=False).parse_args(
            ["events", "--entity", "A", "--entity", "B", "--since", "2024-12", "--db", "x.db"])
        loaded = sorted(m for m in {PARSER_ONLY!r} if m in sys.modules)
        assert not loaded, loaded
        print("ok")
    """)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr


def test_read_commands_never_import_spacy_or_the_pipeline(tmp_path: Path, capsys) -> None:
    """A query (events, timeline, an entity's timeline, entities, show) loads the store, not the NLP."""
    db = _store(tmp_path, capsys, "Rebels attacked Army Forces in Aleppo on 2024-12-01.")
    event_id = _json(capsys, "events", "--db", db, "--format", "json", "--columns", "store")[0]["id"]
    done = _python(f"""
        import sys
        from dateline import cli
        for argv in (["events", "--limit", "5"], ["events", "--format", "csv", "--type", "assault"],
                     ["timeline", "--since", "2024"], ["timeline", "--entity", "Rebels"], ["entities"],
                     ["show", {event_id!r}]):
            assert cli.main([*argv, "--db", {db!r}]) == 0, argv
        loaded = sorted(m for m in {HEAVY!r} if m in sys.modules)
        assert not loaded, loaded
        print("ok")
    """)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr


def test_package_exports_load_lazily() -> None:
    """`import dateline` leaves the analyzer unloaded; `dateline.Analyzer` (and `from dateline import analyze`)
    still give the real objects."""
    done = _python("""
        import sys
        import dateline
        assert "dateline.analyzer" not in sys.modules and "spacy" not in sys.modules
        assert "Analyzer" in dir(dateline) and "analyze" in dir(dateline)
        from dateline import Record
        import dateline.model
        assert Record is dateline.model.Record
        assert "spacy" not in sys.modules
        print("ok")
    """)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_lazy_exports_are_the_real_objects() -> None:
    import dateline
    from dateline.analyzer import Analyzer, analyze, analyze_many

    assert (dateline.Analyzer, dateline.analyze, dateline.analyze_many) == (Analyzer, analyze, analyze_many)
    with pytest.raises(AttributeError):
        _ = dateline.no_such_name  # type: ignore[attr-defined]


def test_literals_the_parser_repeats_match_their_modules() -> None:
    """The parser shows values owned by heavy modules without importing them; they must not drift."""
    from typing import get_args

    from dateline.eval import dating, timeline, timeml
    from dateline.model import EventClass
    from dateline.pipeline.read import PUBLISHED_FORMS
    from dateline.store.db import DEFAULT_DB

    assert cli.COMMANDS["eval timeml"] == timeml.EXAMPLE
    assert cli.COMMANDS["eval dating"] == dating.EXAMPLE
    assert cli.COMMANDS["eval timeline"] == timeline.EXAMPLE
    assert cli.PUBLISHED_FORMS == PUBLISHED_FORMS
    assert cli_corpus.DEFAULT_DB == DEFAULT_DB
    assert get_args(EventClass) == cli_corpus.EVENT_CLASSES


def test_event_types_are_the_trigger_tables() -> None:
    """`--type` accepts exactly the types the trigger table codes (read from its file, not the lexicon module)."""
    from dateline.pipeline.events.lexicon import EVENT_TYPES, load_lexicon

    used = {rule.type for rule in load_lexicon().rules} - {"", "-"}
    assert set(cli_corpus.event_types()) == used
    assert used <= EVENT_TYPES and {"ASSAULT", "MOVE", "STATEMENT", "DEATH"} <= used


def test_eval_still_registers_every_harness(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["eval", "--help"])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    for name in ("coref", "geo", "timeml", "dating", "timeline"):
        assert f"    {name}" in out, out


# --- --version and python -m ------------------------------------------------------------------------


def test_version_is_the_installed_package_version() -> None:
    done = _dateline("--version")
    assert done.returncode == 0 and done.stdout == f"dateline {version('dateline')}\n", done


def test_python_m_dateline_is_the_cli() -> None:
    done = _dateline("--help")
    assert done.returncode == 0 and done.stdout.startswith("usage: dateline "), done
    assert "exit codes:" in done.stdout and "events" in done.stdout
    wrong = _dateline("events", "--format", "xml")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr


# --- filters ----------------------------------------------------------------------------------------

_THREE = ("Rebels attacked Army Forces in Aleppo on 2024-12-01.",
          "Rebels attacked Police Units in Homs on 2024-12-02.",
          "Militants attacked Army Forces in Idlib on 2025-01-03.")


@pytest.mark.parametrize("command", ["events", "timeline"])
@pytest.mark.parametrize(("option", "value"), [("--since", "2024-13-01"), ("--until", "2024-02-30"),
                                               ("--since", "12/01/2024"), ("--until", "2024-1")])
def test_bad_date_names_the_value_and_the_forms(tmp_path, capsys, command, option, value) -> None:
    code, out, err = _run(capsys, command, option, value, "--db", str(tmp_path / "none.db"))
    assert code == 2 and out == ""
    _one_line(err, option, repr(value), "YYYY-MM-DD, YYYY-MM or YYYY")
    assert not (tmp_path / "none.db").exists()


def test_dates_take_months_and_years_as_whole_periods(tmp_path, capsys) -> None:
    db = _store(tmp_path, capsys, *_THREE)

    def days(*filters: str) -> list[str]:
        rows = _json(capsys, "events", "--db", db, "--format", "json", "--columns", "store", "--coded", *filters)
        return [r["when_value"] for r in rows]

    assert days() == ["2024-12-01", "2024-12-02", "2025-01-03"]
    assert days("--until", "2024-12") == ["2024-12-01", "2024-12-02"]  # all of December, not up to its start
    assert days("--since", "2024-12-02", "--until", "2024") == ["2024-12-02"]
    assert days("--since", "2025") == ["2025-01-03"]
    code, _, err = _run(capsys, "events", "--db", db, "--since", "2025-01-01", "--until", "2024-12-31")
    assert code == 2
    _one_line(err, "--since '2025-01-01' is after --until '2024-12-31'")


@pytest.mark.parametrize("command", ["events", "timeline"])
def test_unknown_type_lists_the_accepted_types(tmp_path, capsys, command) -> None:
    code, out, err = _run(capsys, command, "--type", "ATTACK", "--db", str(tmp_path / "none.db"))
    assert code == 2 and out == ""
    line = _one_line(err, "unknown event type 'ATTACK'", "ASSAULT", "MOVE", "STATEMENT", "DEATH", "SEIZE")
    assert ", ".join(cli_corpus.event_types()) in line
    code, _, err = _run(capsys, command, "--type", "assult", "--db", str(tmp_path / "none.db"))
    _one_line(err, "did you mean ASSAULT?")


def test_type_is_matched_in_any_case(tmp_path, capsys) -> None:
    db = _store(tmp_path, capsys, *_THREE)
    rows = _json(capsys, "events", "--db", db, "--format", "json", "--columns", "store", "--type", "assault")
    assert len(rows) == 3 and {r["type"] for r in rows} == {"ASSAULT"}


def test_entities_type_is_checked(tmp_path, capsys) -> None:
    db = _store(tmp_path, capsys, *_THREE)
    code, _, err = _run(capsys, "entities", "--db", db, "--type", "PEOPLE")
    assert code == 2
    _one_line(err, "unknown entity type 'PEOPLE'", "PERSON, ORG, GROUP, GPE_ACTOR, OTHER")
    groups = _json(capsys, "entities", "--db", db, "--type", "group", "--format", "json")
    assert {g["name"] for g in groups} >= {"Rebels", "Army Forces"}


def test_repeated_entity_means_every_one_of_them(tmp_path, capsys) -> None:
    db = _store(tmp_path, capsys, *_THREE)

    def where(command: str, *names: str) -> list[str]:
        argv = [command, "--db", db, "--format", "json"] + (["--columns", "store"] if command == "events" else [])
        for name in names:
            argv += ["--entity", name]
        rows = _json(capsys, *argv)
        if command == "timeline":  # an entity's timeline: order by date among the events kept
            assert [r["order"] for r in rows] == list(range(1, len(rows) + 1))
        return sorted(r.get("place") or r["date"] for r in rows)  # place (events) or date (timeline)

    assert len(where("events", "Rebels")) == 2  # one entity: as before
    assert len(where("events", "Army Forces")) == 2
    assert where("events", "Rebels", "Army Forces") == ["Aleppo"]
    assert where("events", "Army Forces", "Rebels", "Army Forces") == ["Aleppo"]
    assert where("events", "Police Units", "Army Forces") == []
    assert len(where("timeline", "Rebels")) == 2
    assert where("timeline", "Rebels", "Army Forces") == ["2024-12-01"]
    assert where("timeline", "Militants", "Rebels") == []
    code, _, err = _run(capsys, "timeline", "--db", db, "--entity", "Rebels", "--entity", "Army Forces",
                        "--format", "semeval")
    assert code == 2
    _one_line(err, "--format semeval takes one --entity")


def test_event_filter_with_several_entities_keeps_one_entity_unchanged(tmp_path, capsys) -> None:
    from dateline.store.db import open_store
    from dateline.store.queries import EventFilter, entity_timeline, event_rows

    db = _store(tmp_path, capsys, *_THREE)
    store = open_store(db)
    try:
        one = event_rows(store, EventFilter(entity="Rebels"))
        assert event_rows(store, EventFilter(entity="Rebels", entities=("Rebels",))) == one
        both = event_rows(store, EventFilter(entity="Rebels", entities=("Army Forces",)))
        assert [e["place"] for e in both] == ["Aleppo"]
        assert len(entity_timeline(store, "Rebels")) == 2
        together = entity_timeline(store, "Rebels", EventFilter(entities=("Army Forces",), limit=1))
        assert [(r["date"], r["order"]) for r in together] == [("2024-12-01", 1)]
    finally:
        store.close()


# --- a read command's --db must exist ---------------------------------------------------------------


@pytest.mark.parametrize("argv", [["events"], ["timeline"], ["timeline", "--entity", "Rebels"], ["entities"],
                                  ["show", "ev:0000000000000000"]])
def test_read_commands_refuse_a_missing_store(tmp_path, capsys, argv) -> None:
    db = tmp_path / "typo.db"
    code, out, err = _run(capsys, *argv, "--db", str(db))
    assert code == 2 and out == ""
    _one_line(err, str(db), "dateline ingest")
    assert not db.exists(), "no empty store is left behind"


def test_missing_store_is_one_line_and_exit_2_as_a_process(tmp_path) -> None:
    done = _dateline("events", "--limit", "5", cwd=tmp_path)  # the default --db, dateline.db, is not there
    assert done.returncode == 2 and done.stdout == ""
    _one_line(done.stderr, "dateline.db", "run `dateline ingest", "first")
    assert not (tmp_path / "dateline.db").exists()


def test_ingest_still_creates_the_store(tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Rebels attacked Army Forces in Aleppo on 2024-12-01.", encoding="utf-8")
    done = _dateline("ingest", str(article), "--db", str(tmp_path / "new.db"), "--fake-analyzer", "--no-merge")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new.db").is_file()


# --- exit codes of the commands over several inputs -------------------------------------------------


def test_ingest_exit_codes_tell_all_some_and_none(tmp_path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Rebels attacked Army Forces in Aleppo on 2024-12-01.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    db = str(tmp_path / "c.db")

    everything = _dateline("ingest", str(good), "--db", db, "--fake-analyzer")
    assert everything.returncode == 0, everything.stderr
    some = _dateline("ingest", str(good), str(tmp_path / "gone.txt"), "--db", db, "--fake-analyzer")
    assert some.returncode == 4, some.stderr  # the good one is done (already stored), the other failed
    assert "gone.txt" in some.stderr and "duplicates 1" in some.stdout
    nothing = _dateline("ingest", str(tmp_path / "gone.txt"), str(empty), "--db", db, "--fake-analyzer")
    assert nothing.returncode == 2, nothing.stderr
    assert "gone.txt" in nothing.stderr and "empty.txt" in nothing.stderr


def test_analyze_exit_code_when_no_input_could_be_read(tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = _dateline("analyze", str(tmp_path / "gone.txt"), str(empty), "--format", "jsonl")
    assert done.returncode == 2 and done.stdout == ""
    assert len([ln for ln in done.stderr.splitlines() if ln.startswith("dateline: ")]) == 2


@pytest.mark.model
def test_analyze_exit_code_when_some_inputs_failed(tmp_path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Police arrested two protesters in Lagos on Friday.", encoding="utf-8")
    done = _dateline("analyze", str(good), str(tmp_path / "gone.txt"), "--format", "jsonl")
    assert done.returncode == 4, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1 and "gone.txt" in done.stderr
    alone = _dateline("analyze", str(good), "--format", "jsonl")
    assert alone.returncode == 0, alone.stderr


def test_batch_exit_code() -> None:
    assert cli_corpus.batch_exit_code(done=3, failed=0) == 0
    assert cli_corpus.batch_exit_code(done=2, failed=1) == 4
    assert cli_corpus.batch_exit_code(done=0, failed=2) == 2


@pytest.mark.parametrize("argv", [[], ["analyze"], ["ingest"]])
def test_help_documents_the_exit_codes(capsys, argv) -> None:
    with pytest.raises(SystemExit):
        cli.main([*argv, "--help"])
    out = capsys.readouterr().out
    assert "exit codes:" in out
    for code in ("0 ", "2 ", "3 ", "4 "):
        assert f"\n  {code}" in out, (code, out)
