"""The corpus commands of the `dateline` CLI: ingest, timeline, events, entities, show, export-schema, eval coref.

Why a module of its own: `cli.py` stays a short list of commands; these share `--db`, the
output formats and the progress bar, and are thin shells over `dateline.corpus` and
`dateline.store`.

Why no store, model or rich import at the top: building the parser (`dateline --help`,
`dateline events --help`) must not load SQLAlchemy, alembic, pydantic or rich; each command
imports what it uses when it runs. The few values the parser shows that live in those
modules (`DEFAULT_DB`, `EVENT_CLASSES`) are repeated here, and tests/test_cli_startup.py
checks they stay equal.

Why the read commands (`events`, `timeline`, `entities`, `show`) check their filters and
the store first: a mistyped date, type or path used to answer an empty table (or create
an empty store), which an analyst cannot tell from "nothing happened".
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline import cli_ingest
from dateline.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["COMMANDS", "EVENT_CLASSES", "EXIT_CODES", "add_commands", "add_eval_commands", "batch_exit_code",
           "check_filters", "event_class", "event_type", "event_types", "existing_store", "filter_date", "run"]

COMMANDS: dict[str, str] = {
    "ingest": "dateline ingest articles/ dump.jsonl feed.rss --db dateline.db",
    "load": "dateline load shards/ --db postgresql://localhost/dateline",
    "export": "dateline export --format parquet --out corpus/",
    "timeline": "dateline timeline --entity Assad --since 2024-12-01 --db dateline.db",
    "events": "dateline events --type ASSAULT --format geojson > events.geojson",
    "export-schema": "dateline export-schema > events.schema.json",
    "entities": "dateline entities --type PERSON --limit 20",
    "show": "dateline show ev:1a2b3c4d5e6f7a8b",
    "datasette-metadata": "dateline datasette-metadata --db dateline.db --out metadata.yaml",
}
EVAL_COMMANDS: dict[str, str] = {
    "coref": "dateline eval coref ../shared/bench/meantime/intra_cross-doc_annotation/corpus_apple",
}
EVENT_COLUMNS = ("id", "when_value", "when_earliest", "when_latest", "type", "label", "place", "corroboration",
                 "n_mentions", "contradicted")
# what CSV and Parquet add to the table's columns; JSON and GeoJSON carry every column
EXPORT_COLUMNS = (*EVENT_COLUMNS, "event_class", "tense", "aspect", "modality", "actors", "targets", "place_id",
                  "lat", "lon", "n_documents")
# = get_args(dateline.model.EventClass), the seven TimeML classes (dateline.model loads pydantic)
EVENT_CLASSES: tuple[str, ...] = ("OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION")
DEFAULT_DB = "dateline.db"  # = dateline.store.db.DEFAULT_DB (that module loads SQLAlchemy and alembic)
# the PLOVER types and news kinds: the `type` column of the trigger table (pipeline/events/lexicon.py's file)
TRIGGERS_FILE = "events/triggers.tsv"
DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"

# exit codes of the commands over several inputs (`analyze`, `ingest`); 3 is already taken by the errors
# that stop dateline before any input (ResourceError, ModelNotFound, StoreError), so a partial run is 4
EXIT_OK = 0
EXIT_NOTHING_DONE = 2
EXIT_PARTIAL = 4
EXIT_CODES = """exit codes:
  0    every input was done
  1    another dateline error
  2    bad usage or option value, or no input could be done (one line on stderr for each failure)
  3    dateline cannot run: the spaCy pipeline is not installed, a shipped rule file is invalid,
       or the store cannot be opened or written
  4    some inputs failed (one line on stderr for each), the others were done
  130  interrupted"""

Adder = Callable[[str, str], argparse.ArgumentParser]


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL (default {DEFAULT_DB})")


def event_class(value: str) -> str:
    """`--class`: one of the seven TimeML classes, any case ("i-action" is I_ACTION)."""
    name = value.strip().upper().replace("-", "_")
    if name not in EVENT_CLASSES:
        raise UsageError(f"unknown event class {value!r}; one of {', '.join(EVENT_CLASSES)}")
    return name


@cache
def event_types() -> tuple[str, ...]:
    """The event types `--type` accepts: every PLOVER type and news kind in the trigger table's `type`
    column, sorted. Read from the data file itself rather than through `pipeline.events.lexicon`, whose
    package loads spaCy (seconds) for what is one column of a small TSV file."""
    from importlib import resources

    from dateline.errors import ResourceError

    text = resources.files("dateline.resources").joinpath(TRIGGERS_FILE).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    header = [c.strip() for c in lines[0].split("\t")] if lines else []
    if "type" not in header:
        raise ResourceError(TRIGGERS_FILE, f"no 'type' column in the header {header}")
    column = header.index("type")
    types = {cells[column].strip() for cells in (ln.split("\t") for ln in lines[1:]) if len(cells) > column}
    return tuple(sorted(types - {"", "-"}))


def event_type(value: str) -> str:
    """`--type`: a type of the trigger table, any case ("assault" is ASSAULT). Anything else (ATTACK, a
    typo) is refused with the list: it used to match no event and answer an empty table."""
    name = value.strip().upper()
    types = event_types()
    if name not in types:
        import difflib

        close = difflib.get_close_matches(name, types, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(f"unknown event type {value!r}{hint}; one of {', '.join(types)}")
    return name


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def filter_date(option: str, value: str, *, end: bool) -> str:
    """`--since` / `--until`: a day, a month or a year, as the day the query compares: the period's first
    day for --since, its last for --until (the store compares ISO days as text, so "2024-12" as an upper
    bound left December out). An impossible date (2024-13-01) is refused, naming the accepted forms."""
    import calendar
    from datetime import date

    found = _DATE.fullmatch(value.strip())
    try:
        if not found:
            raise ValueError("not a date")
        year, month, day = int(found.group(1)), found.group(2), found.group(3)
        if day:
            return date(year, int(month), int(day)).isoformat()
        first = date(year, int(month) if month else 1, 1)  # checks the year and month
        if not end:
            return first.isoformat()
        if not month:
            return date(year, 12, 31).isoformat()
        return first.replace(day=calendar.monthrange(year, first.month)[1]).isoformat()
    except ValueError as e:
        raise UsageError(f"{option} {value!r} is not a date ({e}); accepted forms: {DATE_FORMS}") from None


def check_filters(args: argparse.Namespace) -> None:
    """Check and normalise the event filters of `events` / `timeline` in `args`, before any store is opened:
    `--type` to an upper-case trigger table type, `--since` / `--until` to days (and in order), the repeated
    `--entity` to `args.entity` (the first name, or None) and `args.more_entities` (the others, each of
    which must take part too)."""
    if args.type:
        args.type = event_type(args.type)
    since = filter_date("--since", args.since, end=False) if args.since else None
    until = filter_date("--until", args.until, end=True) if args.until else None
    if since and until and since > until:
        raise UsageError(f"--since {args.since!r} is after --until {args.until!r}: no event can match")
    args.since, args.until = since, until
    names = list(dict.fromkeys(n.strip() for n in (args.entity or []) if n.strip()))
    args.entity = names[0] if names else None
    args.more_entities = tuple(names[1:])


def existing_store(db: str) -> str:
    """`--db` of a read command: a store that exists, never a new one. `open_store` creates (and migrates)
    a SQLite file that is not there, so a mistyped path answered an empty table and left an empty store
    behind. A PostgreSQL URL is left to the connection, which says when the database is not there."""
    if db.startswith("sqlite:"):
        path = db.split(":///", 1)[1] if ":///" in db else ""
    elif "://" in db:
        return db
    else:
        path = db
    if not path or path == ":memory:" or not Path(path).expanduser().is_file():
        raise UsageError(f"{db}: no such store; run `dateline ingest ARTICLES --db {db}` first to make it")
    return db


def batch_exit_code(done: int, failed: int) -> int:
    """The exit code of a run over several inputs (`analyze`, `ingest`): 0 when none failed, 4 when some
    failed and others were done, 2 when nothing was done. A script can then keep a partial run's output
    and still see that something failed (both used to be 2)."""
    if not failed:
        return EXIT_OK
    return EXIT_PARTIAL if done else EXIT_NOTHING_DONE


def _filters(p: argparse.ArgumentParser, *, timeline: bool) -> None:
    # repeated: every named entity must take part (checked and split in `check_filters`)
    if timeline:
        p.add_argument("--entity", action="append", metavar="NAME",
                       help="the entity's timeline: every event it takes part in (actor, target or participant; "
                            "uncoded events too), simultaneous ones at one order number; names, aliases, acronyms "
                            "and surnames match; repeated, only the events every one of them takes part in")
    else:
        p.add_argument("--entity", action="append", metavar="NAME",
                       help="only events with this actor or target (name or alias); repeated, only events where "
                            "every one of them is actor or target")
    p.add_argument("--place", help="only events at this place (name)")
    p.add_argument("--type", help="only events of this PLOVER type or news kind (ASSAULT, MOVE ...; an unknown "
                                  "type is an error that lists them)")
    # checked in `_events`, not by argparse `type=`, so a bad class is one coded UsageError line
    p.add_argument("--class", dest="event_class", metavar="CLASS",
                   help=f"only events of this TimeML class ({', '.join(EVENT_CLASSES)})")
    if timeline:
        p.add_argument("--all-events", action="store_true",
                       help="every event, uncoded ones too (default: only events the PLOVER lexicon codes)")
    else:
        p.add_argument("--coded", action="store_true", help="only events the PLOVER lexicon codes (type set)")
    p.add_argument("--since", help=f"only events on or after this date ({DATE_FORMS}: from its first day)")
    p.add_argument("--until", help=f"only events on or before this date ({DATE_FORMS}: to its last day)")
    p.add_argument("--min-sources", type=int, default=1, help="only events with this many independent sources")
    p.add_argument("--limit", type=int, default=None,
                   help=f"at most this many events (default: all, but the terminal table shows the first "
                        f"{TABLE_ROWS} and says how many there are; 0: all of them)")
    formats = ["table", "json", "csv", "geojson", "parquet"]
    p.add_argument("--format", choices=[*formats, "semeval"] if timeline else [*formats, "jsonl"], default="table",
                   help="semeval (with --entity): the SemEval-2015 task 4 timeline file, ORDER<TAB>DATE<TAB>"
                        "mentions of one event; a mention is DOCID-OFFSET-WORD, the stored document id and the "
                        "trigger's character offset where the task has a sentence number" if timeline else
                        "table: the terminal view; csv, json (an array), jsonl, parquet, geojson: the event table "
                        "(`dateline export-schema` lists its columns)")
    if not timeline:
        p.add_argument("--columns", choices=["analyst", "store"], default="analyst",
                       help="analyst (default): the event table, one row per event in ACLED/GDELT style; store: the "
                            "store's event rows (id, when_value, corroboration ...), as before the event table "
                            "and as the API's /events.csv, /events.geojson and /events.parquet write them")
    p.add_argument("--output", help="file to write (needed for parquet)")
    _db(p)


def add_commands(add: Adder) -> None:
    ingest = add("ingest", "Store articles from files, folders, JSONL, RSS/Atom, WARC or URLs; merge events.")
    ingest.add_argument("paths", nargs="+", metavar="PATH",
                        help="file, folder, .jsonl, feed, .warc, URL, or '-' (stdin: JSONL, or one article)")
    _db(ingest)
    ingest.add_argument("--allow-private", action="store_true", help="let URLs reach private/loopback hosts")
    ingest.add_argument("--no-merge", action="store_true", help="skip the cross-document merge at the end")
    ingest.add_argument("--model", default=None, help="installed spaCy pipeline")
    ingest.add_argument("--max-mb", type=float, default=None, help="refuse articles larger than this (default 20)")
    ingest.add_argument("--fake-analyzer", action="store_true", help=argparse.SUPPRESS)  # tests and benchmarks
    cli_ingest.add_ingest_options(ingest)
    cli_ingest.add_load(add, _db)
    cli_ingest.add_export(add, _db)
    _filters(add("timeline", "Coded corpus events in date order, filtered by entity, place, type, dates."),
             timeline=True)
    _filters(add("events", "Corpus events (every one, uncoded too) as a table, or as the analyst event table in "
                           "CSV, JSON, JSONL, Parquet or GeoJSON."), timeline=False)
    add("export-schema", "Print the analyst event table's columns (name, type, Parquet type, meaning) as JSON.")
    entities = add("entities", "Entities merged across articles, most reported first.")
    entities.add_argument("--type", help="PERSON, ORG, GROUP, GPE_ACTOR or OTHER (another is an error)")
    entities.add_argument("--limit", type=int, default=50)
    entities.add_argument("--format", choices=["table", "json", "csv"], default="table")
    _db(entities)
    show = add("show", "One corpus event: mentions, sources, evidence sentences, contradictions.")
    show.add_argument("event_id", metavar="EVENT_ID")
    show.add_argument("--format", choices=["table", "json"], default="table")
    _db(show)
    meta = add("datasette-metadata", "Write Datasette's metadata.yaml for a store: descriptions, facets, search.")
    meta.add_argument("--out", metavar="FILE", help="file to write (default: stdout)")
    _db(meta)


def add_eval_commands(eval_sub: Any) -> None:
    coref = eval_sub.add_parser(
        "coref", help="Cross-document event coreference on MEANTIME (MUC, B3, CEAF-e, CoNLL; date match).",
        epilog=f"example:\n  {EVAL_COMMANDS['coref']}", formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    coref.add_argument("dir", metavar="DIR", help="MEANTIME intra_cross-doc_annotation/corpus_apple folder")
    coref.add_argument("--instances", help="list_instances_apple.csv (default: found above DIR)")
    coref.add_argument("--gold-only", action="store_true", help="score gold mentions only (no spaCy run)")
    coref.add_argument("--format", choices=["table", "json"], default="table")


# the rows the terminal table shows when no --limit is given: past a few screens a table is
# read by nobody, and rich lays out every row before printing the first (3 ms a row: 10,000
# events took 9 s); the files (csv, json ...) always have every row
TABLE_ROWS = 100


def _events(args: argparse.Namespace, console: Console, err: Console) -> int:
    from dateline.store.db import open_store
    from dateline.store.export import write_rows
    from dateline.store.queries import EventFilter, event_rows

    cls = event_class(args.event_class) if args.event_class else None
    check_filters(args)
    existing_store(args.db)
    coded = args.coded if args.command == "events" else not args.all_events
    if args.command == "timeline" and (args.entity or args.format == "semeval"):
        return _entity_timeline(args, cls)
    limit = None if args.limit == 0 else args.limit
    flt = EventFilter(args.entity, args.place, args.type, args.since, args.until, args.min_sources, limit,
                      event_class=cls, coded=coded, entities=args.more_entities)
    if args.command == "events" and args.format != "table" and args.columns == "analyst":
        return _event_table(args, flt, err)
    if args.format == "parquet":  # the store's rows too: one line naming the extra, not a traceback
        from dateline.export.writers import require_pyarrow

        require_pyarrow()
    store = open_store(args.db)
    rows = event_rows(store, flt)
    store.close()
    title = f"{len(rows)} events"
    if args.format == "table":  # an uncoded event shows its class where the type would be
        if args.limit is None and len(rows) > TABLE_ROWS:
            title = f"the first {TABLE_ROWS} of {len(rows):,} events"
            err.print(f"dateline: showing the first {TABLE_ROWS} of {len(rows):,} events; --limit N shows N, "
                      f"--limit 0 all, --format csv|json|jsonl writes them all", markup=False, highlight=False,
                      soft_wrap=True)
            rows = rows[:TABLE_ROWS]
        rows = [{**r, "type": r["type"] or f"({r['event_class'] or '?'})"} for r in rows]
    columns = EVENT_COLUMNS if args.format == "table" else EXPORT_COLUMNS
    write_rows(rows, args.format, columns, path=args.output, title=title)
    return 0


def _event_table(args: argparse.Namespace, flt: Any, err: Console) -> int:
    """`events --format csv|json|jsonl|parquet|geojson`: the analyst table (`export.table`); GeoJSON
    says on stderr how many events it could not place, never dropping them silently."""
    from dateline.export.table import event_table
    from dateline.export.writers import require_pyarrow, write_table
    from dateline.store.db import open_store

    if args.format == "parquet":  # refused before the store is opened
        if not args.output:
            raise UsageError("--format parquet needs --output FILE.parquet")
        require_pyarrow()
    store = open_store(args.db)
    rows = event_table(store, flt)
    store.close()
    written = write_table(rows, args.format, path=args.output)
    if written.left_out:
        err.print(f"dateline: {written.left_out} of {len(rows)} events have no coordinates (no place, or a place "
                  f"without coordinates) and are not in the GeoJSON; --format csv lists them all",
                  markup=False, highlight=False, soft_wrap=True)
    return 0


def _export_schema() -> int:
    from dateline.export.columns import export_schema

    sys.stdout.write(json.dumps(export_schema(), ensure_ascii=False, indent=2) + "\n")
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
    if args.format == "semeval" and args.more_entities:
        raise UsageError("--format semeval takes one --entity (a timeline is one entity's)")
    store = open_store(args.db)
    rows = entity_timeline(store, args.entity, EventFilter(None, args.place, args.type, args.since, args.until,
                                                           args.min_sources, args.limit or None, event_class=cls,
                                                           entities=args.more_entities))
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
               title=f"{' & '.join([args.entity, *args.more_entities])}: {len(rows)} events at {dates} dates")
    return 0


def entity_type(value: str) -> str:
    """`entities --type`: one of the model's entity types, any case; another (PEOPLE) is refused with the list
    instead of answering an empty table. The model is loaded here: the query loads it anyway."""
    from typing import get_args

    from dateline.model import Entity

    types: tuple[str, ...] = get_args(Entity.model_fields["type"].annotation)
    name = value.strip().upper()
    if name not in types:
        raise UsageError(f"unknown entity type {value!r}; one of {', '.join(types)}")
    return name


def _entities(args: argparse.Namespace) -> int:
    from dateline.store.db import open_store
    from dateline.store.export import write_rows
    from dateline.store.queries import entity_rows

    if args.type:
        args.type = entity_type(args.type)
    existing_store(args.db)
    store = open_store(args.db)
    rows = entity_rows(store, args.type, args.limit)
    store.close()
    write_rows(rows, args.format, ("id", "name", "type", "n_documents", "aliases"))
    return 0


def _show(args: argparse.Namespace, console: Console) -> int:
    from dateline.store.db import open_store
    from dateline.store.queries import show_event

    existing_store(args.db)
    store = open_store(args.db)
    shown = show_event(store, args.event_id)
    store.close()
    if shown is None:
        raise UsageError(f"no event {args.event_id!r} in {args.db}; `dateline events` lists them")
    if args.format == "json":
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2, default=str) + "\n")
        return 0
    from dateline.render_event import render_event

    render_event(shown, console)
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
        return cli_ingest.run_ingest(args, console, err)
    if args.command == "load":
        return cli_ingest.run_load(args, console, err)
    if args.command == "export":
        return cli_ingest.run_export(args, console)
    if args.command in ("timeline", "events"):
        return _events(args, console, err)
    if args.command == "export-schema":
        return _export_schema()
    if args.command == "entities":
        return _entities(args)
    if args.command == "show":
        return _show(args, console)
    if args.command == "datasette-metadata":
        from dateline.store.datasette import write_metadata

        text = write_metadata(args.db, args.out)
        if not args.out:
            sys.stdout.write(text)
        return 0
    if args.command == "eval" and getattr(args, "eval_command", None) == "coref":
        return _eval_coref(args, console)
    return None
