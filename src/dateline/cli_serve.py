"""`dateline serve`: the REST API over a store, with uvicorn; `--demo` serves the bundled example.

Why its own module: fastapi, uvicorn and the store load only inside the command, so
`dateline --help` and every other command never pay for them.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from dateline.cli_corpus import DEFAULT_DB  # the same default; dateline.store.db would load alembic for a help text
from dateline.settings import Settings

__all__ = ["EXAMPLE", "add_command", "run"]

EXAMPLE = "dateline serve --db dateline.db --port 8000"


def add_command(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    serve = add("serve", "Serve the REST API (/api/v1, docs at /docs) over a store.")
    serve.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL (default {DEFAULT_DB})")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; any other needs DATELINE_TOKEN)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--demo", action="store_true",
                       help="ingest the bundled example article(s) into a temporary store and serve that")
    serve.add_argument("--model", default=None, help="installed spaCy pipeline")
    serve.add_argument("--no-cache", action="store_true",
                       help="build every API answer from the store (by default a read's answer is kept "
                            "until the store changes)")


def _demo_store(db: str, settings: Settings) -> Any:
    """Ingest the articles bundled in `dateline.examples` into `db`; the analyzer, to reuse for the server."""
    from dateline.analyzer import Analyzer
    from dateline.cli import DEMO_PUBLISHED
    from dateline.corpus.ingest import ingest
    from dateline.corpus.sources import Article
    from dateline.pipeline.read import RawInput
    from dateline.store.db import open_store

    analyzer = Analyzer(settings)
    items = []
    for entry in sorted(resources.files("dateline.examples").iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".txt", ".html")):
            data = entry.read_bytes()
            locator = f"dateline/examples/{entry.name}"
            title = data.decode("utf-8").split("\n", 1)[0].strip()[:120] or None
            items.append(Article(locator, RawInput(locator, data, entry.name.endswith(".html")), title=title,
                                 published=DEMO_PUBLISHED, source_name="dateline example"))
    store = open_store(db)
    try:
        ingest(store, items, lambda: analyzer)
    finally:
        store.close()
    return analyzer


def run(args: argparse.Namespace) -> int:
    """Check where to listen, then serve until interrupted."""
    from dateline.serve.security import check_bind

    token = os.environ.get("DATELINE_TOKEN") or None
    check_bind(args.host, token)
    import uvicorn

    from dateline.serve.app import create_app

    base = Settings()
    settings = Settings(model=args.model or base.model)
    if not args.demo:
        uvicorn.run(create_app(args.db, token=token, settings=settings, cache=not args.no_cache),
                    host=args.host, port=args.port)
        return 0
    with tempfile.TemporaryDirectory(prefix="dateline-demo-") as tmp:
        db = str(Path(tmp) / "demo.db")
        analyzer = _demo_store(db, settings)
        app = create_app(db, token=token, settings=settings, make_analyzer=lambda: analyzer,
                         cache=not args.no_cache)
        uvicorn.run(app, host=args.host, port=args.port)
    return 0
