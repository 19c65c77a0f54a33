"""`dateline` command line: a thin shell over the library.

Every command's help carries an example; errors are one line, `dateline: <message>`,
with exit code 2 for bad input or usage, and no traceback (the codes: `EXIT_CODES`).

Why the imports sit inside the commands: the parser itself needs only argparse, so
`dateline --help`, `dateline events --help` and the store queries never load spaCy, the
pipeline, rich or the evaluation harnesses (they did, and each such call took seconds).
`analyze` and `demo` import the analyzer when they run; `dateline eval NAME`'s harnesses
are registered by module name (`_EVALS`) and imported only when the command is `eval`.
The examples and option texts those modules own are repeated here as literals, and
`tests/test_cli_startup.py` checks they stay the same.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import sys
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from dateline import cli_corpus, cli_serve
from dateline.cli_corpus import EXIT_CODES, batch_exit_code
from dateline.errors import DatelineError
from dateline.settings import DEFAULT_MODEL, Settings

if TYPE_CHECKING:
    from rich.console import Console

    from dateline.model import Document, Record

__all__ = ["COMMANDS", "main"]

DEMO_FILE = "rebel-advance-demo.txt"
DEMO_PUBLISHED = "2025-03-09"
# = dateline.pipeline.read.PUBLISHED_FORMS (that module loads pydantic and the model)
PUBLISHED_FORMS = "YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], YYYYMMDD"

COMMANDS: dict[str, str] = {
    "analyze": "dateline analyze article.txt --published 2024-12-13 --format json",
    "demo": "dateline demo --format table",
    "schema": "dateline schema > record.schema.json",
    "setup": "dateline setup",
    **cli_corpus.COMMANDS,
    "serve": cli_serve.EXAMPLE,
    "eval": "dateline eval coref ../shared/bench/meantime/intra_cross-doc_annotation/corpus_apple",
    # = each harness's EXAMPLE (dateline.eval.timeml, .dating, .timeline), which load only for `eval`
    "eval timeml": "dateline eval timeml ../shared/bench/timeml/TBAQ-cleaned --errors",
    "eval dating": "dateline eval dating ../shared/bench/timeml/TBAQ-cleaned",
    "eval timeline": "dateline eval timeline ../shared/bench/timeline-trial",
}
# `dateline eval NAME`: the module, the function that adds its sub-command, the function that runs it;
# in the order `dateline eval --help` lists them (coref, from cli_corpus, first)
_EVALS: dict[str, tuple[str, str, str]] = {
    "geo": ("dateline.eval.geo", "add_eval_command", "run_cli"),
    "timeml": ("dateline.eval.timeml", "add_command", "run_command"),
    "dating": ("dateline.eval.dating", "add_command", "run_command"),
    "timeline": ("dateline.eval.timeline", "add_command", "run_command"),
}
# commands over several inputs, whose help lists the exit codes
_BATCH_COMMANDS = frozenset({"analyze", "ingest", "load"})


class _VersionAction(argparse.Action):
    """`--version`: the installed package's version, looked up only when asked for (the metadata
    lookup scans the installed distributions, which every other call would pay for nothing)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from dateline import __version__

        sys.stdout.write(f"dateline {__version__}\n")
        parser.exit()


def _build_parser(with_eval: bool = True) -> argparse.ArgumentParser:
    """The whole parser; `with_eval=False` leaves `eval`'s harnesses out (importing them is the costly part,
    and only `dateline eval ...` needs them)."""
    parser = argparse.ArgumentParser(
        prog="dateline",
        description="News articles in; a sourced, dated, geolocated record of what happened out.",
        epilog="examples:\n  " + "\n  ".join(COMMANDS.values()) + "\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction, help="print the installed version and exit")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        epilog = f"example:\n  {COMMANDS[name]}" + (f"\n\n{EXIT_CODES}" if name in _BATCH_COMMANDS else "")
        return sub.add_parser(
            name, help=help_text, description=help_text, epilog=epilog,
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
    setup = add("setup", "Build what the first analysis would build (the gazetteer index) and say where it is.")
    setup.add_argument("--force", action="store_true", help="rebuild the index even when it is there")
    setup.add_argument("--model", default=None, help=f"the spaCy pipeline to check for (default {DEFAULT_MODEL})")
    cli_corpus.add_commands(add)
    cli_serve.add_command(add)
    # `dateline eval NAME`: each evaluation adds its own sub-command to this group
    eval_sub = add("eval", "Score dateline on annotated corpora (../shared/bench).").add_subparsers(
        dest="eval_command", required=True)
    cli_corpus.add_eval_commands(eval_sub)
    if with_eval:
        for module, add_name, _ in _EVALS.values():
            getattr(importlib.import_module(module), add_name)(eval_sub)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The sub-command named on the line: its first word that is not an option (the top level's own
    options, --help and --version, take no value, so the first other word is the command)."""
    return next((a for a in argv if not a.startswith("-")), None)


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
    """Write the records in `fmt`; the number written."""
    if fmt == "geojson":  # one FeatureCollection over all inputs, so it is written at the end
        from dateline.export.geojson import write_geojson

        return write_geojson(records, sys.stdout)
    from dateline.render import render_record

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
    """Analyse every readable input; the exit code says whether all, some or none were done."""
    from dateline.analyzer import Analyzer
    from dateline.pipeline.read import parse_published, read_source, to_document

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
    done = 0
    if first is not None:
        analyzer = Analyzer(settings)
        done = _emit(analyzer.analyze_documents(itertools.chain([first], stream)), args.format, console,
                     args.all_events)
    return batch_exit_code(done, len(failures))


def _cmd_demo(args: argparse.Namespace, console: Console) -> int:
    from dateline.analyzer import Analyzer
    from dateline.pipeline.read import parse_published

    text = resources.files("dateline.examples").joinpath(DEMO_FILE).read_text(encoding="utf-8")
    published = parse_published(args.published) if args.published else DEMO_PUBLISHED
    analyzer = Analyzer(_settings(args))
    document = to_document_from_text(text, published, source=f"dateline/examples/{DEMO_FILE}")
    _emit(analyzer.analyze_documents([document]), args.format, console, args.all_events)
    return 0


def _cmd_setup(args: argparse.Namespace, console: Console) -> int:
    """Build the gazetteer index where the place stage looks for it; then check the spaCy pipeline is
    installed (without loading spaCy), so a first analysis neither pauses nor fails."""
    import importlib.util
    import time
    from pathlib import Path

    from dateline.errors import ModelNotFound
    from dateline.gazetteer.geonames import build_index, build_progress, index_path

    path = index_path()
    if args.force or not path.exists():
        console.print(f"building the gazetteer index in {path} (about 30 s) ...", highlight=False, soft_wrap=True)
    started = time.perf_counter()
    with build_progress(sys.stderr.isatty()) as step:
        path, built = build_index(force=args.force, step=step)
    how = f"built in {time.perf_counter() - started:.1f} s" if built else "already built (--force rebuilds it)"
    console.print(f"gazetteer index: {path} ({path.stat().st_size / 1e6:.1f} MB), {how}", highlight=False,
                  soft_wrap=True)
    model = args.model or Settings().model
    try:
        installed = Path(model).exists() or importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):  # "a.b" looks in a package "a" that is not there; "" is no name
        installed = False
    if not installed:
        raise ModelNotFound(f"spaCy pipeline {model!r} is not installed; install it (README: Quick start, "
                            "or the official en_core_web_sm) or name another with --model / DATELINE_MODEL")
    console.print(f"spaCy pipeline: {model} (installed)", highlight=False, soft_wrap=True)
    return 0


def to_document_from_text(text: str, published: str | None, source: str) -> Document:
    from dateline.analyzer import make_document

    document = make_document(text, published=published, source=source)
    document.title = text.split("\n", 1)[0].strip()[:120] or None
    return document


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _build_parser(with_eval=_command(argv) == "eval")
    args = parser.parse_args(argv)
    from rich.console import Console  # after parsing: --help and bad usage never need it

    console = Console(soft_wrap=False)
    err = Console(stderr=True, emoji=False)  # a message naming "bad:url:x" must not print an emoji
    try:
        if args.command == "analyze":
            return _cmd_analyze(args, console, err)
        if args.command == "demo":
            return _cmd_demo(args, console)
        if args.command == "schema":
            from dateline.model import Record

            sys.stdout.write(json.dumps(Record.json_schema(), indent=2) + "\n")
            return 0
        if args.command == "setup":
            return _cmd_setup(args, console)
        if args.command == "serve":
            return cli_serve.run(args)
        if args.command == "eval" and args.eval_command in _EVALS:
            module, _, run_name = _EVALS[args.eval_command]
            return int(getattr(importlib.import_module(module), run_name)(args))
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
