"""`dateline` command line: a thin shell over the library.

Every command's help carries an example; errors are one line, `dateline: <message>`,
with exit code 2 for bad input or usage, and no traceback.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Iterator, Sequence
from importlib import resources

from rich.console import Console

from dateline import cli_corpus, cli_serve
from dateline.analyzer import Analyzer
from dateline.errors import DatelineError
from dateline.eval import dating as dating_eval
from dateline.eval import geo as geo_eval
from dateline.eval import timeline as timeline_eval
from dateline.eval import timeml as timeml_eval
from dateline.model import Document, Record
from dateline.pipeline.read import PUBLISHED_FORMS, parse_published, read_source, to_document
from dateline.render import render_record
from dateline.settings import DEFAULT_MODEL, Settings

__all__ = ["COMMANDS", "main"]

DEMO_FILE = "rebel-advance-demo.txt"
DEMO_PUBLISHED = "2025-03-09"

COMMANDS: dict[str, str] = {
    "analyze": "dateline analyze article.txt --published 2024-12-13 --format json",
    "demo": "dateline demo --format table",
    "schema": "dateline schema > record.schema.json",
    **cli_corpus.COMMANDS,
    "serve": cli_serve.EXAMPLE,
    "eval": "dateline eval coref ../shared/bench/meantime/intra_cross-doc_annotation/corpus_apple",
    "eval timeml": timeml_eval.EXAMPLE,
    "eval dating": dating_eval.EXAMPLE,
    "eval timeline": timeline_eval.EXAMPLE,
}


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline",
        description="News articles in; a sourced, dated, geolocated record of what happened out.",
        epilog="examples:\n  " + "\n  ".join(COMMANDS.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=help_text, description=help_text, epilog=f"example:\n  {COMMANDS[name]}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    analyze = add("analyze", "Analyse articles (text or HTML files, '-' for stdin).")
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="article files; '-' reads stdin")
    _add_common(analyze)
    analyze.add_argument("--html", dest="force_html", action="store_const", const=True, default=None,
                         help="treat input as HTML (default: by extension or content)")
    analyze.add_argument("--text", dest="force_html", action="store_const", const=False,
                         help="treat input as plain text")
    analyze.add_argument("--encoding", help="decode input with this encoding instead of detecting it")

    demo = add("demo", "Analyse the example article bundled with dateline.")
    _add_common(demo)

    add("schema", "Print the JSON Schema of the record that `analyze --format json` prints.")
    cli_corpus.add_commands(add)
    cli_serve.add_command(add)
    # `dateline eval NAME`: each evaluation adds its own sub-command to this group
    eval_sub = add("eval", "Score dateline on annotated corpora (../shared/bench).").add_subparsers(
        dest="eval_command", required=True)
    cli_corpus.add_eval_commands(eval_sub)
    geo_eval.add_eval_command(eval_sub)
    timeml_eval.add_command(eval_sub)
    dating_eval.add_command(eval_sub)
    timeline_eval.add_command(eval_sub)
    return parser


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--published", help=f"publication date of the article(s); forms: {PUBLISHED_FORMS}")
    p.add_argument("--format", choices=["table", "json", "jsonl", "geojson"], default="table", help="output format")
    p.add_argument("--model", default=None, help=f"installed spaCy pipeline (default {DEFAULT_MODEL})")
    p.add_argument("--max-mb", type=float, default=None, help="refuse inputs larger than this (default 20)")
    p.add_argument("--all-events", action="store_true",
                   help="table: every event, uncoded ones too (default: those the PLOVER lexicon codes; "
                        "json, jsonl and geojson always carry all)")


def _settings(args: argparse.Namespace) -> Settings:
    base = Settings()
    return Settings(
        model=args.model or base.model,
        max_bytes=int(args.max_mb * 1024 * 1024) if args.max_mb else base.max_bytes,
    )


def _emit(records: Iterator[Record], fmt: str, console: Console, all_events: bool = False) -> int:
    if fmt == "geojson":  # one FeatureCollection over all inputs, so it is written at the end
        from dateline.export.geojson import write_geojson

        return write_geojson(records, sys.stdout)
    count = 0
    for record in records:
        count += 1
        if fmt == "table":
            render_record(record, console, all_events)
        elif fmt == "json":
            sys.stdout.write(record.to_json(indent=2) + "\n")
        else:
            sys.stdout.write(record.to_json(indent=None) + "\n")
        sys.stdout.flush()
    return count


def _cmd_analyze(args: argparse.Namespace, console: Console, err: Console) -> int:
    published = parse_published(args.published) if args.published else None
    settings = _settings(args)
    if args.format == "json" and len(args.paths) > 1:
        args.format = "jsonl"
    failures: list[str] = []

    def documents() -> Iterator[Document]:
        for path in args.paths:
            try:
                raw = read_source(path, settings.max_bytes, args.force_html)
                yield to_document(raw, published=published, encoding=args.encoding)
            except DatelineError as e:
                failures.append(str(e))
                err.print(f"dateline: {e}", markup=False, highlight=False, soft_wrap=True)

    stream = documents()
    first = next(stream, None)  # the model loads only once some input is readable
    if first is not None:
        analyzer = Analyzer(settings)
        _emit(analyzer.analyze_documents(itertools.chain([first], stream)), args.format, console, args.all_events)
    return 2 if failures else 0


def _cmd_demo(args: argparse.Namespace, console: Console) -> int:
    text = resources.files("dateline.examples").joinpath(DEMO_FILE).read_text(encoding="utf-8")
    published = parse_published(args.published) if args.published else DEMO_PUBLISHED
    analyzer = Analyzer(_settings(args))
    document = to_document_from_text(text, published, source=f"dateline/examples/{DEMO_FILE}")
    _emit(analyzer.analyze_documents([document]), args.format, console, args.all_events)
    return 0


def to_document_from_text(text: str, published: str | None, source: str) -> Document:
    from dateline.analyzer import make_document

    document = make_document(text, published=published, source=source)
    document.title = text.split("\n", 1)[0].strip()[:120] or None
    return document


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    console = Console(soft_wrap=False)
    err = Console(stderr=True)
    try:
        if args.command == "analyze":
            return _cmd_analyze(args, console, err)
        if args.command == "demo":
            return _cmd_demo(args, console)
        if args.command == "schema":
            sys.stdout.write(json.dumps(Record.json_schema(), indent=2) + "\n")
            return 0
        if args.command == "serve":
            return cli_serve.run(args)
        if args.command == "eval" and args.eval_command == "geo":
            return geo_eval.run_cli(args)
        if args.command == "eval" and args.eval_command == "timeml":
            return timeml_eval.run_command(args)
        if args.command == "eval" and args.eval_command == "dating":
            return dating_eval.run_command(args)
        if args.command == "eval" and args.eval_command == "timeline":
            return timeline_eval.run_command(args)
        result = cli_corpus.run(args, console, err)
        if result is not None:
            return result
    except DatelineError as e:
        err.print(f"dateline: {e}", markup=False, highlight=False, soft_wrap=True)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
