"""`dateline show EVENT_ID`: the sources with title, outlet, URL and date, each mention with its attribution
chain, and no sentence quoted twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.corpus.fake import FakeAnalyzer
from dateline.corpus.neardup import content_hash
from dateline.model import Attribution, Document
from dateline.store import open_store
from dateline.store.merge import merge_events
from dateline.store.queries import event_rows
from dateline.store.write import DocumentMeta, EntityResolver, write_record

WIRE = "Rebels attacked Army Forces in Aleppo on 2024-12-01, killing 12 people."
OTHER = "Rebels attacked Army Forces in Aleppo on 2024-12-01, killing 15 people."


def _store(path: Path) -> str:
    """Three reports of one attack: a wire story citing officials, a copy of it, and another outlet's."""
    db = str(path / "show.db")
    store = open_store(db)
    try:
        rows = [("AP", "https://ap.example/1", "Rebels attack Aleppo", "2024-12-02", WIRE, None),
                ("Daily Copy", "https://copy.example/1", "Aleppo: rebels attack", None, WIRE + " ", "first"),
                ("Observer", None, None, "2024-12-03", OTHER, None)]
        first = None
        for seq, (outlet, url, title, published, text_, dup) in enumerate(rows, start=1):
            document = Document(id=content_hash(text_) + ("-copy" if dup else ""), text=text_, title=title,
                                published=published)
            record = FakeAnalyzer().analyze_document(document)
            if seq == 1:
                first = document.id
                coded = next(e for e in record.events if e.type)
                coded.attribution = [Attribution(source="officials", kind="citing"),
                                     Attribution(source="Reuters", kind="according_to")]
            meta = DocumentMeta(document.id, seq, f"file{seq}.txt", url, outlet, first if dup else None,
                                0.95 if dup else None, None)
            with store.engine.begin() as conn:
                write_record(conn, meta, record, EntityResolver.load(conn))
        merge_events(store)
    finally:
        store.close()
    return db


def test_show_lists_sources_mentions_with_attribution_and_each_sentence_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    db = _store(tmp_path)
    store = open_store(db)
    (event,) = [e for e in event_rows(store) if e["type"] == "ASSAULT"]
    store.close()
    assert main(["show", event["id"], "--db", db]) == 0
    out = capsys.readouterr().out
    for expected in ("[1] AP · published 2024-12-02 · Rebels attack Aleppo · https://ap.example/1",
                     "[2] Daily Copy · published ? · Aleppo: rebels attack · https://copy.example/1 · copy of [1]",
                     "[3] Observer · published 2024-12-03 · (no title) · file3.txt",
                     "according to Reuters <- officials", "according to the article itself"):
        assert expected in out, out
    assert out.count(WIRE) == 1, out  # the copy and the casualty contradiction point back to it
    assert out.count(OTHER) == 1, out
    assert "(the sentence quoted at [1] “attacked”)" in out
    assert "contradiction (casualties): 12 [1] vs 15 [3]" in out
    assert "(the sentence quoted at [3] “attacked”)" in out


def test_show_json_has_the_sources_documents_and_each_mentions_chain(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _store(tmp_path)
    store = open_store(db)
    (event,) = [e for e in event_rows(store) if e["type"] == "ASSAULT"]
    store.close()
    assert main(["show", event["id"], "--db", db, "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(s["source_name"], s["title"], s["url"]) for s in shown["sources"]] == [
        ("AP", "Rebels attack Aleppo", "https://ap.example/1"),
        ("Daily Copy", "Aleppo: rebels attack", "https://copy.example/1"), ("Observer", None, None)]
    chains = [[a["source"] for a in m["attribution"]] for m in shown["mentions"]]
    assert chains == [["officials", "Reuters"], [], []]
    assert shown["event"]["date_earliest"] == "2024-12-01" and shown["event"]["date_precision"] == "day"

