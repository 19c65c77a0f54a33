"""`dateline show EVENT_ID` in the terminal: one corpus event, its sources, mentions and contradictions.

Why this layout: a reader checking an event wants to know first who reported it (each
source's outlet, publication date, title and URL, numbered once and referred to by number
after), then what each report says and on whose word (each mention with its attribution
chain, outermost source first as the event table writes it), then where reports disagree.
A wire story copied by three sites, or two mentions in one sentence ("fled ... the flight"),
printed the same sentence again and again; each sentence is now quoted once, and a later
mention or contradiction that rests on it points back to where it stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.markup import escape

from dateline.export.table import attribution_text

__all__ = ["render_event"]


@dataclass
class _Quoted:
    """The sentences printed so far, by their words, and the label of the line that quoted each."""

    seen: dict[str, str] = field(default_factory=dict)

    def line(self, sentence: str | None, label: str, indent: str = "      ") -> str | None:
        text = (sentence or "").strip()
        if not text:
            return None
        key = " ".join(text.split())
        if key in self.seen:
            return f"{indent}(the sentence quoted at {self.seen[key]})"
        self.seen[key] = label
        return f"{indent}“{text}”"


def _print(console: Console, text: str | None, *, markup: bool = False) -> None:
    if text is not None:
        console.print(text, markup=markup, highlight=False, soft_wrap=False)


def render_event(shown: dict[str, Any], console: Console) -> None:
    """Print what `store.queries.show_event` returned."""
    e = shown["event"]
    kind = e["type"] or f"({e.get('event_class') or '?'})"
    console.print(f"[bold]{e['id']}[/] {kind} · {e.get('label') or ''}", highlight=False)
    precision = f", {e['date_precision']}" if e.get("date_precision") else ""
    console.print(f"when {e['when_value'] or '?'} ({e['when_earliest'] or '?'} … {e['when_latest'] or '?'}{precision})"
                  f" · place {e.get('place') or '?'} · {e['corroboration']} independent source(s), "
                  f"{e['n_documents']} article(s)", highlight=False)
    sources = _sources(shown)
    number = {s["doc_id"]: i for i, s in enumerate(sources, start=1)}
    console.print("[bold]sources[/]", highlight=False)
    for i, s in enumerate(sources, start=1):
        copy = s.get("dup_of")
        copied = f" · copy of [{number[copy]}]" if copy in number else (f" · copy of {copy[:18]}" if copy else "")
        _print(console, f"  [{i}] {s.get('source_name') or 'unknown outlet'} · published {s.get('published') or '?'}"
                        f" · {s.get('title') or '(no title)'} · {s.get('url') or s.get('locator') or s['doc_id']}"
                        f"{copied}")
    quoted = _Quoted()
    console.print("[bold]mentions[/]", highlight=False)
    for m in shown["mentions"]:
        label = f"[{number.get(m['doc_id'], '?')}] “{m['trigger']}”"
        said = attribution_text(m.get("attribution") or []) or (
            m.get("source") or "the article itself")
        when = m.get("when_value") or "undated"
        basis = f" ({m['when_basis']})" if m.get("when_basis") else ""
        _print(console, f"  {label} · {m['certainty'] or '?'}{' · NEGATED' if m['negated'] else ''} · {when}{basis}"
                        f" · according to {said}")
        _print(console, quoted.line(m.get("sentence"), label))
    for c in shown["contradictions"]:
        left = f"[{number[c['left_doc']]}]" if c.get("left_doc") in number else (c.get("left_doc") or "?")[:18]
        right = f"[{number[c['right_doc']]}]" if c.get("right_doc") in number else (c.get("right_doc") or "?")[:18]
        if c["kind"] == "claim":
            side = ("this event contradicts a claim" if c["event_id"] == e["id"]
                    else "a claim of this event is contradicted")
            _print(console, f"[red]contradiction (claim)[/]: {side}: {escape(str(c['left_value']))} vs "
                            f"{escape(str(c['right_value']))} · {escape(c.get('reason') or '')}", markup=True)
            _print(console, f"    claim {left}:")
            _print(console, quoted.line(c.get("left_evidence"), f"claim {left}"))
            _print(console, f"    report {right}:")
            _print(console, quoted.line(c.get("right_evidence"), f"report {right}"))
            continue
        _print(console, f"[red]contradiction ({escape(c['kind'])})[/]: {escape(str(c['left_value']))} "
                        f"{escape(left)} vs {escape(str(c['right_value']))} {escape(right)}", markup=True)
        _print(console, quoted.line(c.get("left_evidence"), f"{left} ({c['kind']})"))
        _print(console, quoted.line(c.get("right_evidence"), f"{right} ({c['kind']})"))


def _sources(shown: dict[str, Any]) -> list[dict[str, Any]]:
    """The event's sources in ingest order; from its mentions where no merge wrote `event_sources`."""
    if shown.get("sources"):
        return list(shown["sources"])
    seen: dict[str, dict[str, Any]] = {}
    for m in shown["mentions"]:
        seen.setdefault(m["doc_id"], {k: m.get(k) for k in ("doc_id", "source_name", "title", "url", "published",
                                                            "dup_of")})
    return list(seen.values())
