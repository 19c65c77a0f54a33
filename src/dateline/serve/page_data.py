"""What the timeline and event pages show, from the store's queries (`event_rows`, `show_event`, `document_row`).

Why a few reads of its own: the event rows have no certainty (it is a property of each
mention) and the event's mention rows have no offsets, so the timeline reads the mentions'
certainties for the events it lists, and the event page reads each article's stored record
to mark the trigger inside its evidence sentence by offsets and to give the whole
attribution chain. Everything else is the API's data as is.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from markupsafe import Markup
from sqlalchemy import select

from dateline.model import Record
from dateline.serve.filters import CERTAINTIES
from dateline.serve.highlight import Mark, render_marks
from dateline.serve.paging import decode_cursor, page
from dateline.serve.record_view import chain_text, when_text
from dateline.store import tables as t
from dateline.store.db import Store
from dateline.store.queries import EventFilter, document_row, event_rows, show_event

__all__ = ["CERTAINTIES", "event_page", "timeline_page"]

_CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-variable limit


def _certainties(store: Store, event_ids: list[str]) -> dict[str, list[str]]:
    """The distinct certainties of each event's mentions, in a stable order."""
    m = t.event_mentions
    found: dict[str, set[str]] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(event_ids), _CHUNK):
            chunk = event_ids[i:i + _CHUNK]
            for event_id, certainty in conn.execute(
                    select(m.c.event_id, m.c.certainty).where(m.c.event_id.in_(chunk))):
                found.setdefault(event_id, set()).add(certainty or "asserted")
    return {k: sorted(v, key=lambda c: CERTAINTIES.index(c) if c in CERTAINTIES else 99) for k, v in found.items()}


def timeline_page(store: Store, flt: EventFilter, limit: int,
                  cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """Days (oldest first, undated last) of events, each with its mentions' certainties; and the next cursor."""
    after = decode_cursor(cursor) if cursor else None
    rows = event_rows(store, dataclasses.replace(flt, limit=limit + 1, after=after))
    known = _certainties(store, [r["id"] for r in rows])
    rows, next_cursor = page(rows, limit)
    days: dict[str | None, list[dict[str, Any]]] = {}
    for row in rows:
        row["certainties"] = known.get(row["id"], [])
        days.setdefault((row["when_earliest"] or "")[:10] or None, []).append(row)
    return [{"day": day, "events": events} for day, events in days.items()], next_cursor


def _sentence_html(record: Record | None, local_id: str, sentence: str) -> tuple[Markup, list[str]]:
    """The evidence sentence with the trigger marked by the record's offsets, and the attribution chain."""
    event = next((e for e in record.events if e.id == local_id), None) if record else None
    if event is None:
        return render_marks(sentence, []).html, []
    start, end = event.trigger.start - event.sentence.start, event.trigger.end - event.sentence.start
    marks = [Mark(start, end, ["event"], [])] if sentence[start:end] == event.trigger.text else []
    return render_marks(sentence, marks).html, [chain_text(event.attribution)]


def event_page(store: Store, event_id: str) -> dict[str, Any] | None:
    """`show_event` with each mention's sentence marked, its chain and date, articles' records read once each."""
    shown = show_event(store, event_id)
    if shown is None:
        return None
    records: dict[str, Record | None] = {}
    for mention in shown["mentions"]:
        doc_id = mention["doc_id"]
        if doc_id not in records:
            row = document_row(store, doc_id)
            records[doc_id] = Record.model_validate(row["record"]) if row else None
        mention["sentence_html"], chain = _sentence_html(records[doc_id], mention["local_id"],
                                                         mention["sentence"] or mention["trigger"])
        mention["chain"] = chain[0] if chain else mention["source"] or "the article itself"
        mention["when"] = when_text(mention["when_value"], mention["when_basis"])
    e = shown["event"]
    e["when"] = when_text(e["when_value"], None, e["when_earliest"], e["when_latest"]).removesuffix(" (unknown)")
    return shown
