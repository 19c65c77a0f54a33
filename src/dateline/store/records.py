"""The full record of each article, kept compressed beside the rows (`documents.record_z`).

Why kept at all: the tables hold what readers filter and join on; the record holds the rest
(event arguments, attribution chains, spans, claims) that the API's article view, the
entity timelines and the event table's attribution column read back.

Why compressed and without the text (migration 0006): stored as JSON the record was about
24 times the article's text on real pages (`benchmarks/store_size.py`), most of a store's
size. Its JSON repeats keys and spans and compresses about nine to one with zlib; the
article's text, already in `documents.text`, is left out and put back on reading. On the
28 real pages that took the record from 24.2 to 2.2 times the text. zlib because every
language's standard library reads it; level 6, zlib's default (level 9 saved 3 % more there).
"""

from __future__ import annotations

import json
import zlib
from typing import Any

__all__ = ["RECORD_LEVEL", "pack_record", "pack_record_json", "unpack_record"]

RECORD_LEVEL = 6


def pack_record_json(record_json: str) -> bytes:
    """A record's JSON (as `Record.to_json` or an older store wrote it) as `record_z` bytes."""
    data = json.loads(record_json)
    document = data.get("document")
    if isinstance(document, dict):
        document.pop("text", None)
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                         RECORD_LEVEL)


def pack_record(record: Any) -> bytes:
    """A `model.Record` as `record_z` bytes: its JSON without `document.text`, compressed.

    Serialised by pydantic in one pass (`model_dump_json`, compact, non-ASCII kept), which
    gives the bytes `pack_record_json(record.to_json())` gives at a sixth of the cost: going
    through a dict, `json.dumps`, `json.loads` and `json.dumps` again was 10 ms of an
    article's 23 ms write on wire-length articles (benchmarks/ingest.py --breakdown).
    """
    data = record.model_dump_json(exclude={"document": {"text"}}).encode("utf-8")
    return zlib.compress(data, RECORD_LEVEL)


def unpack_record(record_z: bytes, text: str) -> dict[str, Any]:
    """The record as a dict, as `Record.to_json` wrote it: `text` (`documents.text`) put back."""
    data: dict[str, Any] = json.loads(zlib.decompress(record_z))
    document = data.get("document")
    if isinstance(document, dict) and "text" not in document:
        # put back where the model has it, after `published` ... `language`: the key order of
        # a dict the API answers with should not depend on how the store kept it
        data["document"] = _with_text(document, text)
    return data


def _with_text(document: dict[str, Any], text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in document.items():
        if key == "source":
            out["text"] = text
        out[key] = value
    out.setdefault("text", text)
    return out
