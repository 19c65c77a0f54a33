"""The store as Datasette, DuckDB and psql read it: DATE columns, keys, a flat view, search, a smaller record.

Revision ID: 0006
Revises: 0005
Why each part:
- `date_earliest`, `date_latest` (SQL DATE) and `date_precision` on `events` and
  `event_mentions`, beside the TIMEX3 text values, so a reader sorts and filters by real
  dates (`store/dates.py`); rows stored before are filled here from their `when_*` values.
- Foreign keys where the tables name each other and 0001 declared none: `documents.dup_of`,
  `events.place_id`, the corpus tables' `event_id`s (DEFERRABLE INITIALLY DEFERRED: the
  merge rebuilds `events` while mentions name them) and `claim_links`' documents. A value
  that names no row (none should; the merge rebuilds these columns anyway) is set to NULL,
  or its `event_sources` row dropped, before the key is added.
- `documents.record_z` replaces `record_json`: the record compressed, without the text the
  row holds already (`store/records.py`); old rows are converted.
- SQLite full-text search as Datasette detects it: its `detect_fts` looks for an FTS table
  declared `content="documents"` (double quotes or brackets); 0001 wrote `content='documents'`,
  so `?_search=` was not offered. The index is made again (and an update trigger added) and
  rebuilt from the table, which this migration also rebuilds (rowids may change).
- The column comments `tables.py` gives `claim_links.kind` and `events.event_class` (PostgreSQL).
- `events_flat`: one row per event with names instead of ids, its dates, its first article
  and its source counts, on both backends.
On SQLite, adding a key means rebuilding the table (alembic batch mode), which drops its
triggers and would fail under a view that names it: the FTS triggers, the expression index
0004 made (which reflection cannot copy) and the view are dropped first and made last; a
later migration that rebuilds one of these tables must do the same. Keys are not enforced
while migrating (`db.upgrade_schema`), and checked (`PRAGMA foreign_key_check`) at the end.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal

import sqlalchemy as sa
from alembic import op

from dateline.store.dates import date_columns
from dateline.store.records import pack_record_json

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_CHUNK = 500
# table -> (constraint name, column, referred table, deferred)
_KEYS: dict[str, list[tuple[str, str, str, bool]]] = {
    "documents": [("fk_documents_dup_of", "dup_of", "documents", False)],
    "events": [("fk_events_place", "place_id", "places", False)],
    "event_mentions": [("fk_event_mentions_event", "event_id", "events", True)],
    "event_sources": [("fk_event_sources_event", "event_id", "events", True)],
    "claim_links": [("fk_claim_links_event", "event_id", "events", True),
                    ("fk_claim_links_other_event", "other_event_id", "events", True),
                    ("fk_claim_links_left_doc", "left_doc", "documents", False),
                    ("fk_claim_links_right_doc", "right_doc", "documents", False)],
}

_FTS_0001 = ("documents_fts_ai", "documents_fts_ad")
_SQLITE_FTS = [
    'CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content="documents", content_rowid="rowid")',
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); "
    "END",
    "CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
]
_LISTING_INDEX = "ix_events_listing"

# the first mention: in the earliest ingested article, then first in its text (as the event table)
_FIRST = ("(SELECT m.{col} FROM event_mentions m JOIN documents md ON md.id = m.doc_id WHERE m.event_id = e.id "
          "ORDER BY md.seq, m.start, m.local_id LIMIT 1)")
_NAMES = {
    # names in the order of the stored id list (group_concat keeps its subquery's order). Written so
    # DuckDB runs it as well: its SQLite scanner binds a view's SQL itself, and its json_each gives
    # JSON values ('"ent:1"') and text keys, where SQLite gives text and integers; `->>` gives text
    # in both, and the id stays a plain `en.id = ...` SQLite looks up by the primary key
    "sqlite": "(SELECT group_concat(name, '; ') FROM (SELECT en.name FROM json_each(x.{col}) j "
              "JOIN entities en ON en.id = (x.{col} ->> ('$[' || j.key || ']')) ORDER BY CAST(j.key AS INTEGER)))",
    "postgresql": "(SELECT string_agg(en.name, '; ' ORDER BY j.n) FROM json_array_elements_text(CAST(x.{col} AS json)) "
                  "WITH ORDINALITY AS j(id, n) JOIN entities en ON en.id = j.id)",
}
_VIEW = """CREATE VIEW events_flat AS
SELECT x.id AS event_id, x.when_value AS date, x.date_earliest AS earliest, x.date_latest AS latest,
       x.date_precision, x.type, x.event_class, x.label, {actors} AS actors, {targets} AS targets,
       p.name AS place, p.country_code, p.admin1, x.lat, x.lon, fm.certainty, fm.negated, x.contradicted,
       x.corroboration AS n_sources, x.n_documents AS n_articles, x.n_mentions,
       d.url, d.title, d.source_name AS outlet, d.published, fm.sentence AS evidence
FROM (SELECT e.id, e.when_value, e.date_earliest, e.date_latest, e.date_precision, e.type, e.event_class, e.label,
             e.actors, e.targets, e.place_id, e.lat, e.lon, e.contradicted, e.corroboration, e.n_documents,
             e.n_mentions, {first_doc} AS first_doc, {first_mention} AS first_mention
      FROM events e) x
LEFT JOIN places p ON p.id = x.place_id
LEFT JOIN documents d ON d.id = x.first_doc
LEFT JOIN event_mentions fm ON fm.doc_id = x.first_doc AND fm.local_id = x.first_mention"""


def _view_sql(dialect: str) -> str:
    names = _NAMES["postgresql" if dialect == "postgresql" else "sqlite"]
    return _VIEW.format(actors=names.format(col="actors"), targets=names.format(col="targets"),
                        first_doc=_FIRST.format(col="doc_id"), first_mention=_FIRST.format(col="local_id"))


def _date_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("date_earliest", sa.Date(), nullable=True, comment="the first day it can have happened (SQL DATE)"),
        sa.Column("date_latest", sa.Date(), nullable=True, comment="the last day it can have happened (SQL DATE)"),
        sa.Column("date_precision", sa.String(length=10), nullable=True,
                  comment="day | week | month | quarter | season | year | decade | interval | none"),
    ]


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _fill_dates(conn: sa.Connection, table: str, keys: tuple[str, ...]) -> None:
    """The new date columns of every stored row, from its `when_*` values."""
    meta = sa.MetaData()
    tbl = sa.Table(table, meta, *(sa.Column(k, sa.String) for k in keys),
                   *(sa.Column(c, sa.String) for c in ("when_value", "when_earliest", "when_latest")),
                   sa.Column("date_earliest", sa.Date), sa.Column("date_latest", sa.Date),
                   sa.Column("date_precision", sa.String))
    rows = conn.execute(sa.select(*(tbl.c[k] for k in keys), tbl.c.when_value, tbl.c.when_earliest,
                                  tbl.c.when_latest)).all()
    updates = [{**{f"k_{k}": getattr(r, k) for k in keys}, **date_columns(r.when_value, r.when_earliest,
                                                                            r.when_latest)} for r in rows]
    if not updates:
        return
    statement = (sa.update(tbl).where(*(tbl.c[k] == sa.bindparam(f"k_{k}") for k in keys))
                 .values(date_earliest=sa.bindparam("date_earliest"), date_latest=sa.bindparam("date_latest"),
                         date_precision=sa.bindparam("date_precision")))
    for chunk in _chunks(updates):
        conn.execute(statement, list(chunk))


def _convert_records(conn: sa.Connection) -> None:
    """`record_z` of every stored document from its `record_json`, a chunk of documents at a time."""
    docs = sa.table("documents", sa.column("id", sa.String), sa.column("record_json", sa.Text),
                    sa.column("record_z", sa.LargeBinary))
    ids = [r[0] for r in conn.execute(sa.select(docs.c.id))]
    statement = sa.update(docs).where(docs.c.id == sa.bindparam("k")).values(record_z=sa.bindparam("z"))
    for chunk in _chunks(ids):
        rows = conn.execute(sa.select(docs.c.id, docs.c.record_json).where(docs.c.id.in_(list(chunk)))).all()
        conn.execute(statement, [{"k": r.id, "z": pack_record_json(r.record_json or "{}")} for r in rows])


def _clear_orphans(conn: sa.Connection) -> None:
    """Values the new keys would refuse: NULL where the column may be, the row where it is a key."""
    for table, keys in _KEYS.items():
        for _, column, parent, _ in keys:
            orphan = f"{column} IS NOT NULL AND {column} NOT IN (SELECT id FROM {parent})"
            if table == "event_sources":
                conn.execute(sa.text(f"DELETE FROM {table} WHERE {orphan}"))
            else:
                conn.execute(sa.text(f"UPDATE {table} SET {column} = NULL WHERE {orphan}"))


def upgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    op.execute("DROP VIEW IF EXISTS events_flat")
    if sqlite:
        for trigger in _FTS_0001:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
        op.drop_index(_LISTING_INDEX, table_name="events")
    for table, primary in (("events", ("id",)), ("event_mentions", ("doc_id", "local_id"))):
        for column in _date_columns():
            op.add_column(table, column)
        _fill_dates(conn, table, primary)
    op.add_column("documents", sa.Column("record_z", sa.LargeBinary(), nullable=True))
    _convert_records(conn)
    _clear_orphans(conn)
    recreate: Literal["always", "auto"] = "always" if sqlite else "auto"
    for table, keys in _KEYS.items():
        with op.batch_alter_table(table, recreate=recreate) as batch:
            if table == "documents":
                batch.drop_column("record_json")
                batch.alter_column("record_z", existing_type=sa.LargeBinary(), nullable=False,
                                   comment="the full dateline Record as zlib-compressed JSON, without "
                                           "document.text (store/records.py)")
            for name, key, parent, deferred in keys:
                batch.create_foreign_key(name, parent, [key], ["id"], deferrable=True if deferred else None,
                                         initially="DEFERRED" if deferred else None)
    if sqlite:
        op.create_index(_LISTING_INDEX, "events", [sa.text("(when_earliest IS NULL)"), "when_earliest", "id"],
                        unique=False)
        for statement in _SQLITE_FTS:
            op.execute(statement)
    if not sqlite:  # comments tables.py has and 0001/0003 left out (SQLite keeps no comments)
        op.alter_column("claim_links", "kind", existing_type=sa.String(length=30), existing_nullable=False,
                        comment="assertion | date | place | casualties | claim")
        op.alter_column("events", "event_class", existing_type=sa.String(length=20), existing_nullable=True,
                        comment="the TimeML class most of its mentions have")
    op.execute(_view_sql(conn.dialect.name))
    if sqlite:
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"rows that name no row after migration 0006 (table, rowid, parent): {broken[:5]}")


def downgrade() -> None:
    import json
    import zlib

    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    op.execute("DROP VIEW IF EXISTS events_flat")
    if sqlite:
        for trigger in (*_FTS_0001, "documents_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
        op.drop_index(_LISTING_INDEX, table_name="events")
    op.add_column("documents", sa.Column("record_json", sa.Text(), nullable=True))
    docs = sa.table("documents", sa.column("id", sa.String), sa.column("text", sa.Text),
                    sa.column("record_json", sa.Text), sa.column("record_z", sa.LargeBinary))
    for r in conn.execute(sa.select(docs.c.id, docs.c.text, docs.c.record_z)).all():
        data = json.loads(zlib.decompress(r.record_z))
        data.setdefault("document", {})["text"] = r.text
        conn.execute(sa.update(docs).where(docs.c.id == r.id).values(record_json=json.dumps(data, ensure_ascii=False)))
    recreate: Literal["always", "auto"] = "always" if sqlite else "auto"
    for table, keys in _KEYS.items():
        with op.batch_alter_table(table, recreate=recreate) as batch:
            for name, *_ in keys:
                batch.drop_constraint(name, type_="foreignkey")
            if table == "documents":
                batch.drop_column("record_z")
                batch.alter_column("record_json", existing_type=sa.Text(), nullable=False,
                                   comment="the full dateline Record as JSON")
            if table in ("events", "event_mentions"):
                for column in ("date_precision", "date_latest", "date_earliest"):
                    batch.drop_column(column)
    if sqlite:
        op.create_index(_LISTING_INDEX, "events", [sa.text("(when_earliest IS NULL)"), "when_earliest", "id"],
                        unique=False)
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
                   "content_rowid='rowid')")
        op.execute("CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
                   "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END")
        op.execute("CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
                   "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                   "VALUES ('delete', old.rowid, old.title, old.text); END")
        op.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
