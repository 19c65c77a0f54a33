"""The terminal view: a table of events sorted by when they happened, evidence highlighted.

Why sorted by event date rather than by story order: the reader wants the chronology
that the article scrambles. Events whose date is unknown come last, in story order.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dateline.model import Event, Record

__all__ = ["event_sort_key", "render_record"]

_GRANULARITY = {4: "year", 7: "month", 10: "day"}


def event_sort_key(event: Event) -> tuple[int, str, int]:
    """Dated events first by value (or interval start), then undated ones in story order."""
    when = event.when
    key = when.value or when.earliest or ""
    if key and not key.startswith("X"):
        return (0, key, event.trigger.start)
    return (1, "", event.trigger.start)


def _when_text(event: Event) -> Text:
    w = event.when
    if w.value:
        core = w.value[:10]
        grain = "time" if "T" in w.value else _GRANULARITY.get(len(core), "")
        label = f"{w.value}" + (f" ({grain})" if grain else "")
    elif w.earliest or w.latest:
        label = f"{w.earliest or '…'} – {w.latest or '…'}"
    else:
        label = "unknown"
    style = {"explicit": "bold", "anchored": "bold", "relative": "", "inferred": "italic"}.get(w.basis, "dim")
    return Text(f"{label}\n[{w.basis}]", style=style)


def _names(record: Record, ids: list[str], kind: str = "entity") -> str:
    table = {e.id: e.name for e in record.entities} if kind == "entity" else {p.id: p.name for p in record.places}
    return ", ".join(table.get(i, i) for i in ids)


def _sentence(record: Record, event: Event) -> Text:
    text = record.document.text
    s, e = event.sentence.start, event.sentence.end
    chars = list(text[s:e])
    for ignored in record.document.ignored:  # web debris stays out of the evidence shown
        for i in range(max(ignored.start, s), min(ignored.end, e)):
            chars[i - s] = " "
    sentence = "".join(chars)
    out = Text(sentence.strip().replace("\n", " "))
    lead = len(sentence) - len(sentence.lstrip())
    t0, t1 = event.trigger.start - s - lead, event.trigger.end - s - lead
    if 0 <= t0 < t1 <= len(out):
        out.stylize("bold magenta", t0, t1)
    for tid in event.when.time_ids:
        timex = next((t for t in record.times if t.id == tid), None)
        if timex and s <= timex.start < e:
            out.stylize("bold cyan", timex.start - s - lead, timex.end - s - lead)
    return out


def render_record(record: Record, console: Console) -> None:
    doc = record.document
    title = doc.title or doc.source or doc.id
    console.print(
        f"[bold]{title}[/bold]  published: {doc.published or 'unknown'}  "
        f"events: {len(record.events)}  entities: {len(record.entities)}  places: {len(record.places)}"
    )
    table = Table(show_lines=True, expand=True)
    for column, ratio in [("when", 2), ("event", 2), ("who", 2), ("to whom / where", 2),
                          ("according to", 2), ("certainty", 1), ("sentence", 6)]:
        table.add_column(column, ratio=ratio, overflow="fold")
    for event in sorted(record.events, key=event_sort_key):
        etype = event.type + (f"\n{event.mode}" if event.mode else "") + ("\n(negated)" if event.negated else "")
        whom = ", ".join(x for x in (_names(record, event.targets), _names(record, event.places, "place")) if x)
        sources = " ← ".join(a.source for a in event.attribution) or "the article"
        table.add_row(
            _when_text(event), Text(etype), _names(record, event.actors) or "—", whom or "—",
            sources, event.certainty, _sentence(record, event),
        )
    console.print(table)
    if doc.ignored:
        console.print(f"[dim]ignored web debris: {', '.join(repr(s.text) for s in doc.ignored)}[/dim]")
