"""The terminal view: a table of events sorted by when they happened, evidence highlighted.

Why sorted by event date rather than by story order: the reader wants the chronology
that the article scrambles. Events whose date is unknown come last, in story order.
Why only coded events by default: a record holds every event of the text (TimeML's
sense), five to ten times more than the ones the PLOVER lexicon codes; the table of what
happened is the coded ones, `all_events` (`--all-events`) lists the rest too, each with its
TimeML class where the type would be.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dateline.model import Event, Record

__all__ = ["event_label", "event_sort_key", "render_record", "shown_events"]

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


WIDE = 120  # below this many columns the table would fold words; the timeline is listed instead


def shown_events(record: Record, all_events: bool = False) -> list[Event]:
    """The events the view lists, in date order: the coded ones, or all of them."""
    events = record.events if all_events else [e for e in record.events if e.type is not None]
    return sorted(events, key=event_sort_key)


def event_label(event: Event) -> str:
    """'ASSAULT airstrike', or '(OCCURRENCE)' for an uncoded event; ' (negated)' when it is."""
    kind = event.type + (f" {event.mode}" if event.mode else "") if event.type else f"({event.event_class})"
    return kind + (" (negated)" if event.negated else "")


def render_record(record: Record, console: Console, all_events: bool = False) -> None:
    doc = record.document
    title = doc.title or doc.source or doc.id
    events = shown_events(record, all_events)
    counted = f"{len(events)}" if all_events else f"{len(events)} coded of {len(record.events)}"
    console.print(
        f"[bold]{title}[/bold]  published: {doc.published or 'unknown'}  "
        f"events: {counted}  entities: {len(record.entities)}  places: {len(record.places)}"
    )
    rows = [_row(record, event) for event in events]
    if console.width >= WIDE:
        console.print(_table(rows))
    else:
        for row in rows:
            console.print(_block(row))
    if doc.ignored:
        console.print(f"[dim]ignored web debris: {', '.join(repr(s.text) for s in doc.ignored)}[/dim]")


def _row(record: Record, event: Event) -> dict[str, Text | str]:
    etype = event_label(event)
    whom = ", ".join(x for x in (_names(record, event.targets), _names(record, event.places, "place")) if x)
    return {"when": _when_text(event), "event": etype, "who": _names(record, event.actors) or "—",
            "whom": whom or "—", "source": " ← ".join(a.source for a in event.attribution) or "the article",
            "certainty": event.certainty, "sentence": _sentence(record, event)}


def _table(rows: list[dict[str, Text | str]]) -> Table:
    table = Table(show_lines=True, expand=True)
    for column, ratio in [("when", 2), ("event", 2), ("who", 2), ("to whom / where", 2),
                          ("according to", 2), ("certainty", 0), ("sentence", 6)]:
        if column == "certainty":  # one word that must not fold
            table.add_column(column, width=11, no_wrap=True)
        else:
            table.add_column(column, ratio=ratio, overflow="fold")
    for r in rows:
        table.add_row(r["when"], Text(str(r["event"])), r["who"], r["whom"], r["source"], r["certainty"], r["sentence"])
    return table


def _block(row: dict[str, Text | str]) -> Text:
    """One event on narrow terminals: a header line of fields, then its sentence, indented."""
    when = row["when"]
    when_plain = when.plain.replace("\n", " ") if isinstance(when, Text) else str(when)
    out = Text()
    out.append(when_plain, style=when.style if isinstance(when, Text) else "")
    out.append("  ")
    out.append(str(row["event"]), style="bold")
    out.append(f"  {row['who']} → {row['whom']}  per {row['source']}  ")
    out.append(str(row["certainty"]), style="yellow")
    out.append("\n    ")
    sentence = row["sentence"]
    out.append_text(sentence if isinstance(sentence, Text) else Text(str(sentence)))
    out.append("\n")
    return out
