"""Opaque cursors for `GET /events` and `/timeline`: the last row's (when_earliest, id).

Why keyset and not offsets: a page stays right while an ingest adds events before it, and
page 100 costs what page 1 costs. The cursor is base64 JSON so clients treat it as opaque.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from dateline.errors import UsageError

__all__ = ["decode_cursor", "encode_cursor", "page"]


def encode_cursor(row: dict[str, Any]) -> str:
    raw = json.dumps([row.get("when_earliest"), row["id"]], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[str | None, str]:
    """The (when_earliest, id) a cursor stands for; UsageError (E010) for anything else."""
    try:
        when, last_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, binascii.Error) as e:
        raise UsageError(f"cursor {cursor[:40]!r} is not one this API gave out") from e
    if not isinstance(last_id, str) or not (when is None or isinstance(when, str)):
        raise UsageError(f"cursor {cursor[:40]!r} is not one this API gave out")
    return when, last_id


def page(rows: list[dict[str, Any]], limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """`rows` fetched with limit + 1: the page and the cursor of the next one (None at the end)."""
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], encode_cursor(rows[limit - 1])
