"""Datasette's `metadata.yaml` for a store: titles, descriptions, facets, sort orders, search.

Why generated: `datasette dateline.db` already works (the FTS table is declared as Datasette
detects it, migration 0006), but an analyst meeting twenty tables needs to know which to open
and what each column means. Every description comes from one place: a store column's
`comment` in `tables.py` where it has one, `resources/store/datasette.yaml` otherwise; a
column of the view `events_flat` means what the event table's column of the same name means
(`export/columns.py`, `dateline export-schema`), unless the YAML says how the view differs.
The YAML also holds the titles, the licence note, the facets and sort orders.

    dateline datasette-metadata --db dateline.db --out metadata.yaml
    datasette dateline.db --metadata metadata.yaml
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from dateline.errors import ResourceError, UsageError
from dateline.export.columns import COLUMNS
from dateline.resources import load_yaml
from dateline.store import tables as t

__all__ = ["DATASETTE_FILE", "VIEW_COLUMNS", "database_name", "datasette_metadata", "write_metadata"]

DATASETTE_FILE = "store/datasette.yaml"
# the columns of the view `events_flat` (migration 0006), in its order
VIEW_COLUMNS = ("event_id", "date", "earliest", "latest", "date_precision", "type", "event_class", "label", "actors",
                "targets", "place", "country_code", "admin1", "lat", "lon", "certainty", "negated", "contradicted",
                "n_sources", "n_articles", "n_mentions", "url", "title", "outlet", "published", "evidence")
VIEW = "events_flat"
# the table options copied from the YAML as they are (Datasette's own keys)
_TOP = ("title", "description", "license", "license_url", "source", "source_url")
_OPTIONS = ("description", "facets", "sort", "sort_desc", "label_column", "fts_table", "fts_pk")


def database_name(db: str) -> str:
    """The name Datasette gives the database of a SQLite file: the file name without its suffix."""
    if "://" in db and not db.startswith("sqlite:"):
        raise UsageError(f"{db}: Datasette reads SQLite files only; give the store's file (--db dateline.db)")
    path = db.split(":///", 1)[1] if db.startswith("sqlite:") else db
    return Path(path).stem


def _settings() -> dict[str, Any]:
    data = load_yaml(DATASETTE_FILE)
    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict):
        raise ResourceError(DATASETTE_FILE, "expected a mapping with a 'tables' mapping")
    known = {*t.metadata.tables, VIEW}
    for name, table in data["tables"].items():
        if name not in known:
            raise ResourceError(DATASETTE_FILE, f"table {name!r} is no table of the store ({', '.join(sorted(known))})")
        columns = (table or {}).get("columns") or {}
        valid = set(VIEW_COLUMNS) if name == VIEW else set(t.metadata.tables[name].columns.keys())
        for column in columns:
            if column not in valid:
                raise ResourceError(DATASETTE_FILE, f"{name}.{column}: no such column")
            if name != VIEW and t.metadata.tables[name].columns[column].comment:
                raise ResourceError(DATASETTE_FILE, f"{name}.{column}: described in store/tables.py already "
                                                    f"(its comment); describe a column in one place")
    return data


def column_descriptions(table: str, settings: dict[str, Any] | None = None) -> dict[str, str]:
    """Each column's meaning, from its one place (see the module docstring)."""
    settings = settings or _settings()
    written = ((settings["tables"].get(table) or {}).get("columns")) or {}
    if table == VIEW:
        export = {c.name: c.meaning for c in COLUMNS}
        return {c: str(written.get(c) or export[c]) for c in VIEW_COLUMNS if c in written or c in export}
    out = {}
    for column in t.metadata.tables[table].columns:
        meaning = column.comment or written.get(column.name)
        if meaning:
            out[str(column.name)] = str(meaning)
    return out


def datasette_metadata(db: str) -> dict[str, Any]:
    """The metadata for the store file `db` (a SQLite path), as Datasette reads it."""
    settings = _settings()
    tables: dict[str, Any] = {}
    for name, table in settings["tables"].items():
        entry = {k: (table or {})[k] for k in _OPTIONS if k in (table or {})}
        entry["columns"] = column_descriptions(name, settings)
        tables[name] = entry
    for name in settings.get("hidden") or []:
        tables.setdefault(name, {})["hidden"] = True
    top: dict[str, Any] = {k: settings[k] for k in _TOP if k in settings}
    return {**top, "databases": {database_name(db): {"tables": tables}}}


def write_metadata(db: str, out: str | None) -> str:
    """The metadata as YAML text, also written to `out` when given."""
    text = yaml.safe_dump(datasette_metadata(db), sort_keys=False, allow_unicode=True, width=100)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    return text
