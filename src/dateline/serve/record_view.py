"""A `Record` as the article view shows it: marks over the text and the record parts they open.

Why a list of parts addressed by index: each mark carries `data-ref` indexes into one JSON
list embedded in the page, so the click-to-inspect panel needs no request and no HTML built
from strings; the parts are plain `[label, value]` pairs the script writes with textContent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from dateline.model import Attribution, Event, Record, Span
from dateline.serve.highlight import Mark, render_marks

__all__ = ["ArticleView", "article_view", "chain_text", "when_text"]

Part = dict[str, Any]  # {"kind", "title", "fields": [[label, value], ...]}


@dataclass
class ArticleView:
    html: Markup  # the text, escaped, with the marks
    parts: list[Part]  # what each mark's data-ref indexes
    events: list[dict[str, Any]]  # the coded events, for reading without script
    counts: dict[str, int]  # marks shown per kind
    dropped: int


def when_text(value: str | None, basis: str | None, earliest: str | None = None, latest: str | None = None) -> str:
    """A date as the pages show it: value (or interval) with the basis it was found on."""
    shown = value or (f"{earliest or '…'} – {latest or '…'}" if earliest or latest else "unknown")
    return f"{shown} ({basis or 'unknown'})"


def chain_text(chain: list[Attribution]) -> str:
    """An attribution chain, nearest source first: 'the group ← Syrian Observatory'."""
    return " ← ".join(f"{a.source} [{a.kind}]" for a in chain) or "the article itself"


def _part(kind: str, title: str, *fields: tuple[str, object]) -> Part:
    return {"kind": kind, "title": title,
            "fields": [[label, str(value)] for label, value in fields if value not in (None, "", [])]}


def _event_part(event: Event, names: dict[str, str]) -> Part:
    def named(ids: list[str]) -> str:
        return ", ".join(names.get(i, i) for i in ids)

    w = event.when
    return _part("event", f"{event.type or event.event_class}: {event.trigger.text}",
                 ("type", event.type), ("mode", event.mode), ("class", event.event_class),
                 ("tense / aspect", f"{event.tense} / {event.aspect}"), ("who", named(event.actors)),
                 ("whom", named(event.targets)), ("where", named(event.places)),
                 ("when", when_text(w.value, w.basis, w.earliest, w.latest)), ("certainty", event.certainty),
                 ("negated", "yes" if event.negated else None), ("modality", event.modality),
                 ("sources", chain_text(event.attribution)))


class _Builder:
    def __init__(self) -> None:
        self.marks: list[Mark] = []
        self.parts: list[Part] = []

    def add(self, part: Part, spans: list[Span], kind: str, anchor: str | None = None) -> int:
        self.parts.append(part)
        ref = len(self.parts) - 1
        self.marks += [Mark(s.start, s.end, [kind], [ref], anchor) for s in spans]
        return ref


def _cues(record: Record, b: _Builder) -> None:
    """Attribution cues (of events and of claims), one part per cue span."""
    seen: dict[tuple[int, int], Part] = {}
    for event in record.events:
        for link in event.attribution:
            if link.cue is None:
                continue
            key = (link.cue.start, link.cue.end)
            if key not in seen:
                seen[key] = _part("cue", f"attribution cue: {link.cue.text}", ("source", link.source),
                                  ("kind", link.kind))
                b.add(seen[key], [link.cue], "cue")
            seen[key]["fields"].append(["attributes", event.trigger.text])
    for claim in record.claims:
        if claim.cue is not None:
            b.add(_part("cue", f"claim cue: {claim.cue.text}", ("speaker", claim.speaker),
                        ("claim", claim.content.text), ("certainty", claim.certainty),
                        ("polarity", claim.polarity), ("reported by", chain_text(claim.source))),
                  [claim.cue], "cue")


def article_view(record: Record) -> ArticleView:
    """The marks and parts of `record` over its document text."""
    names = {e.id: e.name for e in record.entities} | {p.id: p.name for p in record.places}
    b = _Builder()
    for entity in record.entities:
        b.add(_part("entity", entity.name, ("type", entity.type), ("aliases", ", ".join(entity.aliases)),
                    ("described as", "; ".join(d.text for d in entity.descriptions)),
                    ("mentions", len(entity.mentions))), list(entity.mentions), "entity")
    for place in record.places:
        where = f"{place.lat:.4f}, {place.lon:.4f}" if place.lat is not None and place.lon is not None else None
        b.add(_part("place", place.name, ("kind", place.kind), ("country", place.country_code),
                    ("admin1", place.admin1), ("coordinates", where), ("geonameid", place.geonameid)),
              list(place.mentions), "place")
    for timex in record.times:
        b.add(_part("time", timex.text, ("type", timex.type), ("value", timex.value), ("mod", timex.mod),
                    ("anchor", timex.anchor), ("rule", timex.rule)), [timex], "time")
    for event in record.events:
        b.add(_event_part(event, names), [event.trigger], "event" if event.type else "event-uncoded",
              anchor=f"ev-{event.id}")
    _cues(record, b)
    done = render_marks(record.document.text, b.marks)
    counts: dict[str, int] = {}
    for mark in done.shown:
        for kind in mark.kinds:
            counts[kind] = counts.get(kind, 0) + 1
    coded = [{"id": e.id, "trigger": e.trigger.text, "type": e.type, "certainty": e.certainty,
              "when": when_text(e.when.value, e.when.basis, e.when.earliest, e.when.latest)}
             for e in record.events if e.type]
    return ArticleView(done.html, b.parts, coded, counts, done.dropped)
