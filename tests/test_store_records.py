"""The stored record (`documents.record_z`): compressed JSON without the text, read back whole."""

from __future__ import annotations

import json
import zlib

from dateline.corpus.fake import FakeAnalyzer
from dateline.model import Document
from dateline.store.records import pack_record, pack_record_json, unpack_record

TEXT = ("Rebels attacked Army Forces in Aleppo on 2024-12-05, killing 12 people.\n\n"
        "Les élèves ont manifesté à Zürich — “quoted” and a lone \ufffd replacement.")


def _record():  # type: ignore[no-untyped-def]
    document = Document(id="d1", text=TEXT, title="Aléppo", published="2024-12-06", source="wire")
    return next(iter(FakeAnalyzer().analyze_documents([document])))


def test_the_one_pass_serialisation_writes_what_the_json_route_writes() -> None:
    record = _record()
    assert record.events, "the fake analyzer should find the attack"
    fast, slow = pack_record(record), pack_record_json(record.to_json(indent=None))
    assert zlib.decompress(fast) == zlib.decompress(slow)
    stored = json.loads(zlib.decompress(fast))
    assert "text" not in stored["document"] and stored["document"]["title"] == "Aléppo"
    assert "élèves" not in zlib.decompress(fast).decode("utf-8"), "the text is not stored twice"


def test_a_record_reads_back_as_it_was_written() -> None:
    record = _record()
    assert unpack_record(pack_record(record), TEXT) == record.to_dict()
    assert list(unpack_record(pack_record(record), TEXT)["document"]) == list(record.to_dict()["document"])
