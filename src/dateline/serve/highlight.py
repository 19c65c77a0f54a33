"""Article text as HTML with the record's spans marked, every text piece escaped on its own.

Why built here and not in a template: the marks come from character offsets, and the only
safe way to wrap offsets of untrusted text is to cut the text at span boundaries and escape
each piece separately (`markupsafe.escape`), never to insert raw article text and never to
search-and-replace inside HTML. Spans that share exact offsets (a trigger that is also an
attribution cue) become one mark with several record parts; a span nested inside another is
a nested mark; a span crossing another is left unmarked (counted in `dropped`), so the text
of every mark is exactly the text of the spans it stands for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

__all__ = ["Highlighted", "Mark", "json_blob", "render_marks"]


@dataclass
class Mark:
    """One highlighted stretch `[start, end)`: its kinds (CSS classes) and the parts of the record it shows."""

    start: int
    end: int
    kinds: list[str] = field(default_factory=list)
    refs: list[int] = field(default_factory=list)
    anchor: str | None = None  # an id to link to (an event trigger: `ev-<event id>`)


@dataclass
class Highlighted:
    html: Markup
    shown: list[Mark]
    dropped: int


def _merge(marks: list[Mark]) -> list[Mark]:
    """Marks over the same offsets as one mark, kinds and refs joined, in document order, outer first."""
    by_span: dict[tuple[int, int], Mark] = {}
    for mark in marks:
        into = by_span.setdefault((mark.start, mark.end), Mark(mark.start, mark.end))
        into.kinds += [k for k in mark.kinds if k not in into.kinds]
        into.refs += [r for r in mark.refs if r not in into.refs]
        into.anchor = into.anchor or mark.anchor
    return sorted(by_span.values(), key=lambda m: (m.start, -m.end))


def _open_tag(mark: Mark) -> Markup:
    classes = " ".join(f"hl-{k}" for k in mark.kinds)
    anchor = Markup(' id="{}"').format(mark.anchor) if mark.anchor else Markup("")
    return Markup('<mark class="hl {}" data-ref="{}" data-start="{}" data-end="{}" tabindex="0"{}>').format(
        classes, " ".join(str(r) for r in mark.refs), mark.start, mark.end, anchor)


def render_marks(text: str, marks: list[Mark]) -> Highlighted:
    """`text` as escaped HTML with `marks` as (nested) <mark> elements; out-of-range and crossing marks dropped."""
    out: list[Markup] = []
    pos = 0
    stack: list[Mark] = []
    shown: list[Mark] = []
    dropped = 0
    for mark in _merge(marks):
        if not 0 <= mark.start < mark.end <= len(text):
            dropped += 1
            continue
        while stack and stack[-1].end <= mark.start:
            closing = stack.pop()
            out += [escape(text[pos:closing.end]), Markup("</mark>")]
            pos = closing.end
        if stack and mark.end > stack[-1].end:  # crosses the open mark: cannot nest
            dropped += 1
            continue
        out += [escape(text[pos:mark.start]), _open_tag(mark)]
        pos = mark.start
        stack.append(mark)
        shown.append(mark)
    while stack:
        closing = stack.pop()
        out += [escape(text[pos:closing.end]), Markup("</mark>")]
        pos = closing.end
    out.append(escape(text[pos:]))
    return Highlighted(Markup("").join(out), shown, dropped)


def json_blob(value: Any) -> Markup:
    """`value` as JSON safe inside <script type="application/json">: `<`, `>`, `&` as \\u escapes.

    Why: a script element's content is not entity-decoded, so HTML escaping would corrupt the
    JSON; with no `<` left, no `</script>` in article text can close the element.
    """
    raw = json.dumps(value, ensure_ascii=False)
    safe = raw.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(safe.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
