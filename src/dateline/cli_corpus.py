"""The corpus commands of the `dateline` CLI: ingest, timeline, events, entities, show, eval coref.

Why a module of its own: `cli.py` stays a short list of commands; these share `--db`, the
output formats and the progress bar, and are thin shells over `dateline.corpus` and
`dateline.store`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, get_args

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from dateline.errors import UsageError
from dateline.model import EventClass
from dateline.settings import Settings
from dateline.store.db import DEFAULT_DB

__all__ = ["COMMANDS", "EVENT_CLASSES", "add_commands", "add_eval_commands", "event_class", "run"]

COMMANDS: dict[str, str] = {
    "ingest": "dateline ingest articles/ dump.jsonl feed.rss --db dateline.db",
    "timeline": "dateline timeline --entity Assad --since 2024-12-01 --db dateline.db",
    "events": "dateline events --type ASSAULT --format geojson > events.geojson",
    "entities": "dateline entities --type PERSON --limit 20",
    "show": "dateline show ev:1a2b3c4d5e6f7a8b",
}
EVAL_COMMANDS: dict[str, str] = {
    "coref": "dateline eval coref ../shared/bench/meantime/intra_cross-doc_annotation/corpus_apple",
}
EVENT_COLUMNS = ("id", "when_value", "when_earliest", "when_latest", "type", "label", "place", "corroboration",
                 "n_mentions", "contradicted")
# what CSV and Parquet add to the table's columns; JSON and GeoJSON carry every column
EXPORT_COLUMNS = (*EVENT_COLUMNS, "event_class", "tense", "aspect", "modality", "actors", "targets", "place_id",
                  "lat", "lon", "n_documents")
EVENT_CLASSES: tuple[str, ...] = get_args(EventClass)

Adder = Callable[[str, str], argparse.ArgumentParser]


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL (default {DEFAULT_DB})")


def event_class(value: str) -> str:
    """`--class`: one of the seven TimeML classes, any case ("i-action" is I_ACTION)."""
    name = value.strip().upper().replace("-", "_")
    if name not in EVENT_CLASSES:
        raise UsageError(f"unknown event class {value!r}; one of {', '.join(EVENT_CLASSES)}")
    return name


def _filters(p: argparse.ArgumentParser, *, timeline: bool) -> None:
    if timeline:
        p.add_argument("--entity", help="the entity's timeline: every event it takes part in (actor, target or "
                                        "participant; uncoded events too), simultaneous ones at one order number; "
                                        "names, aliases, acronyms and surnames match")
    else:
        p.add_argument("--entity", help="only events with this actor or target (name or alias)")
    p.add_argument("--place", help="only events at this place (name)")
    p.add_argument("--type", help="only events of this type (ASSAULT, MOVE ...)")
    # checked in `_events`, not by argparse `type=`, so a bad class is one coded UsageError line
    p.add_argument("--class", dest="event_class", metavar="CLASS",
                   help=f"only events of this TimeML class ({', '.join(EVENT_CLASSES)})")
    if timeline:
        p.add_argument("--all-events", action="store_true",
                       help="every event, uncoded ones too (default: only events the PLOVER lexicon codes)")
    else:
        p.add_argument("--coded", action="store_true", help="only events the PLOVER lexicon codes (type set)")
    p.add_argument("--since", help="only events on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="only events on or before this date (YYYY-MM-DD)")
    p.add_argument("--min-sources", type=int, default=1, help="only events with this many independent sources")
    p.add_argument("--limit", type=int, default=None)
    formats = ["table", "json", "csv", "geojson", "parquet"]
    p.add_argument("--format", choices=[*formats, "semeval"] if timeline else formats, default="table",
                   help="semeval (with --entity): the SemEval-2015 task 4 timeline file, ORDER<TAB>DATE<TAB>"
                        "mentions of one event; a mention is DOCID-OFFSET-WORD, the stored document id and the "
                        "trigger's character offset where the task has a sentence number" if timeline else None)
    p.add_argument("--output", help="file to write (needed for parquet)")
    _db(p)


def add_commands(add: Adder) -> None:
    ingest = add("ingest", "Store articles from files, folders, JSONL, RSS/Atom, WARC or URLs; merge events.")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, .jsonl, feed, .warc, or URL")
    _db(ingest)
    ingest.add_argument("--allow-private", action="store_true", help="let URLs reach private/loopback hosts")
    ingest.add_argument("--no-merge", action="store_true", help="skip the cross-document merge at the end")
    ingest.add_argument("--model", default=None, help="installed spaCy pipeline")
    ingest.add_argument("--max-mb", type=float, default=None, help="refuse articles larger than this (default 20)")
    ingest.add_argument("--fake-analyzer", action="store_true", help=argparse.SUPPRESS)  # tests and benchmarks
    _filters(add("timeline", "Coded corpus events in date order, filtered by entity, place, type, dates."),
             timeline=True)
    _filters(add("events", "Corpus events (every one, uncoded too) as table, JSON, CSV, GeoJSON or Parquet."),
             timeline=False)
    entities = add("entities", "Entities merged across articles, most reported first.")
    entities.add_argument("--type", help="PERSON, ORG, GROUP, GPE_ACTOR ...")
    entities.add_argument("--limit", type=int, default=50)
    entities.add_argument("--format", choices=["table", "json", "csv"], default="table")
    _db(entities)
    show = add("show", "One corpus event: mentions, sources, evidence sentences, contradictions.")
    show.add_argument("event_id", metavar="EVENT_ID")
    show.add_argument("--format", choices=["table", "json"], default="table")
    _db(show)


def add_eval_commands(eval_sub: Any) -> None:
    coref = eval_sub.add_parser(
        "coref", help="Cross-document event coreference on MEANTIME (MUC, B3, CEAF-e, CoNLL; date match).",
        epilog=f"example:\n  {EVAL_COMMANDS['coref']}", formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    coref.add_argument("dir", metavar="DIR", help="MEANTIME intra_cross-doc_annotation/corpus_apple folder")
    coref.add_argument("--instances", help="list_instances_apple.csv (default: found above DIR)")
    coref.add_argument("--gold-only", action="store_true", help="score gold mentions only (no spaCy run)")
    coref.add_argument("--format", choices=["table", "json"], default="table")


def _ingest(args: argparse.Namespace, console: Console, err: Console) -> int:
    from dateline.corpus.fetch import HttpFetcher
    from dateline.corpus.ingest import ingest
    from dateline.corpus.sources import iter_items
    from dateline.store.db import open_store

    base = Settings()
    settings = Settings(model=args.model or base.model,
                        max_bytes=int(args.max_mb * 1024 * 1024) if args.max_mb else base.max_bytes)
    store = open_store(args.db)

    def make_analyzer() -> Any:
        if args.fake_analyzer:
            from dateline.corpus.fake import FakeAnalyzer

            return FakeAnalyzer()
        from dateline.analyzer import Analyzer

        return Analyzer(settings)

    fetcher = HttpFetcher(max_bytes=settings.max_bytes, allow_private=args.allow_private)
    items = iter_items(args.paths, max_bytes=settings.max_bytes, fetcher=fetcher)
    with Progress(TextColumn("[bold]ingest"), BarColumn(), TextColumn("{task.fields[stats]}"),
                  TimeElapsedColumn(), console=err, transient=False) as bar:
        task = bar.add_task("ingest", total=None, stats="")

        def progress(summary: Any, locator: str) -> None:
            done = summary.added + summary.duplicates + len(summary.failed)
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(task, completed=done, stats=f"{done} items · {summary.added / elapsed:.1f} articles/s · "
                       f"{summary.duplicates} dup · {len(summary.failed)} failed")

        summary = ingest(store, items, make_analyzer, merge=not args.no_merge, progress=progress)
    store.close()
    console.print(f"added {summary.added} · duplicates {summary.duplicates} · near-duplicates "
                  f"{summary.near_duplicates} · failed {len(summary.failed)} · {summary.seconds:.1f} s",
                  highlight=False)
    if summary.merge:
        m = summary.merge
        console.print(f"merged {m.mentions} event mentions into {m.events} events · {m.multi_source} with several "
                      f"independent sources · {m.contradictions} contradictions", highlight=False)
    for locator, reason in summary.failed:
        err.print(f"dateline: {locator}: {reason}", markup=False, highlight=False, soft_wrap=True)
    return 2 if summary.failed else 0


def _events(args: argparse.Namespace, console: Console) -> int:
    from dateline.store.db import open_store
    from dateline.store.export import write_rows
    from dateline.store.queries import EventFilter, event_rows

    cls = event_class(args.event_class) if args.event_class else None
    coded = args.coded if args.command == "events" else not args.all_events
    if args.command == "timeline" and (args.entity or args.format == "semeval"):
        return _entity_timeline(args, cls)
    store = open_store(args.db)
    rows = event_rows(store, EventFilter(args.entity, args.place, args.type, args.since, args.until,
                                         args.min_sources, args.limit, event_class=cls, coded=coded))
    store.close()
    if args.format == "table":  # an uncoded event shows its class where the type would be
        rows = [{**r, "type": r["type"] or f"({r['event_class'] or '?'})"} for r in rows]
    columns = EVENT_COLUMNS if args.format == "table" else EXPORT_COLUMNS
    write_rows(rows, args.format, columns, path=args.output, title=f"{len(rows)} events")
    return 0


ENTITY_TIMELINE_COLUMNS = ("order", "date", "type", "label", "roles", "sources", "evidence")


def _entity_timeline(args: argparse.Namespace, cls: str | None) -> int:
    """`timeline --entity NAME`: the entity's events in time order (`store.queries.entity_timeline`);
    every event it takes part in, coded or not, unless --type or --class narrow them."""
    from dateline.eval.timeline import Timeline, TimelineEntry, write_timeline
    from dateline.store.db import open_store
    from dateline.store.export import write_rows
    from dateline.store.queries import EventFilter, entity_timeline

    if not args.entity:
        raise UsageError("--format semeval needs --entity NAME (a timeline is one entity's)")
    store = open_store(args.db)
    rows = entity_timeline(store, args.entity, EventFilter(None, args.place, args.type, args.since, args.until,
                                                           args.min_sources, args.limit, event_class=cls))
    store.close()
    if args.format == "semeval":
        timeline = Timeline(args.entity, [
            TimelineEntry(r["order"], r["date"] or "XXXX-XX-XX", tuple(m["mention_id"] for m in r["mentions"]))
            for r in sorted(rows, key=lambda r: r["order"])])
        if args.output:
            with open(args.output, "w", encoding="utf-8") as handle:
                write_timeline(timeline, handle)
        else:
            write_timeline(timeline, sys.stdout)
        return 0
    if args.format == "table":
        rows = [{**r, "type": r["type"] or f"({r['event_class'] or '?'})", "date": r["date"] or "undated",
                 "evidence": (r["evidence"] or "").strip()} for r in rows]
    dates = len({r["order"] for r in rows if r["order"]})
    write_rows(rows, args.format, ENTITY_TIMELINE_COLUMNS, path=args.output,
               title=f"{args.entity}: {len(rows)} events at {dates} dates")
    return 0


def _entities(args: argparse.Namespace) -> int:
    from dateline.store.db import open_store
    from dateline.store.export import write_rows
    from dateline.store.queries import entity_rows

    store = open_store(args.db)
    rows = entity_rows(store, args.type, args.limit)
    store.close()
    write_rows(rows, args.format, ("id", "name", "type", "n_documents", "aliases"))
    return 0


def _show(args: argparse.Namespace, console: Console) -> int:
    from dateline.store.db import open_store
    from dateline.store.queries import show_event

    store = open_store(args.db)
    shown = show_event(store, args.event_id)
    store.close()
    if shown is None:
        raise UsageError(f"no event {args.event_id!r} in {args.db}; `dateline events` lists them")
    if args.format == "json":
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2, default=str) + "\n")
        return 0
    e = shown["event"]
    kind = e["type"] or f"({e.get('event_class') or '?'})"
    console.print(f"[bold]{e['id']}[/] {kind} · {e.get('label') or ''}", highlight=False)
    console.print(f"when {e['when_value'] or '?'} ({e['when_earliest'] or '?'} … {e['when_latest'] or '?'}) · "
                  f"place {e.get('place') or '?'} · {e['corroboration']} independent source(s)", highlight=False)
    for m in shown["mentions"]:
        copy = f" (copy of {m['dup_of'][:18]})" if m["dup_of"] else ""
        console.print(f"• {m['source_name'] or m['url'] or m['doc_id'][:18]}{copy} · {m['published'] or '?'} · "
                      f"{m['certainty']}{' · NEGATED' if m['negated'] else ''}", highlight=False)
        console.print(f"    “{(m['sentence'] or '').strip()}”", markup=False, highlight=False)
    for c in shown["contradictions"]:
        if c["kind"] == "claim":
            side = ("this event contradicts a claim" if c["event_id"] == e["id"]
                    else "a claim of this event is contradicted")
            console.print(f"[red]contradiction (claim)[/]: {side}: {c['left_value']} vs {c['right_value']} · "
                          f"{c.get('reason') or ''}", highlight=False)
            console.print(f"    claim ({c['left_doc'][:18]}): “{(c['left_evidence'] or '').strip()}”", markup=False,
                          highlight=False)
            console.print(f"    report ({c['right_doc'][:18]}): “{(c['right_evidence'] or '').strip()}”", markup=False,
                          highlight=False)
            continue
        console.print(f"[red]contradiction ({c['kind']})[/]: {c['left_value']} vs {c['right_value']}", highlight=False)
        console.print(f"    “{(c['left_evidence'] or '').strip()}”", markup=False, highlight=False)
        console.print(f"    “{(c['right_evidence'] or '').strip()}”", markup=False, highlight=False)
    return 0


def _eval_coref(args: argparse.Namespace, console: Console) -> int:
    from dateline.eval.coref import evaluate, format_report

    report = evaluate(args.dir, instances=args.instances, own_mentions=not args.gold_only)
    text = json.dumps(report, indent=2) if args.format == "json" else format_report(report)
    sys.stdout.write(text + "\n")
    return 0


def run(args: argparse.Namespace, console: Console, err: Console) -> int | None:
    """Run a corpus command; None when `args.command` is not one of them."""
    if args.command == "ingest":
        return _ingest(args, console, err)
    if args.command in ("timeline", "events"):
        return _events(args, console)
    if args.command == "entities":
        return _entities(args)
    if args.command == "show":
        return _show(args, console)
    if args.command == "eval" and getattr(args, "eval_command", None) == "coref":
        return _eval_coref(args, console)
    return None
