"""Opening a store: SQLite by default, PostgreSQL by URL, the schema migrated on open.

Why migrate on open: a store file made by an older dateline is brought up to date the
first time a newer one touches it, with no separate step to forget. SQLite runs in WAL
mode so readers (Datasette, DuckDB, a second `dateline timeline`) never block an ingest.

Why one writer at a time (`write_transaction`): several `dateline ingest` runs (and the
server's ingest) may write one store at once. What a write decides depends on what is
already stored: the next `documents.seq`, whether the article is there already, which
corpus entity an alias names, which earlier article a text nearly copies, and the merge
rebuilds the whole corpus layer from every stored mention. Decided on stale reads, two
writers took the same seq (`UNIQUE constraint failed: documents.seq`), stored one
article twice or rebuilt the same events twice. So every write transaction first takes
the store's one writer lock and reads only after it: SQLite `BEGIN IMMEDIATE` (a
deferred transaction that read first fails at once with "database is locked" when another
writer committed meanwhile; an immediate one waits `busy_timeout` for the lock), and on
PostgreSQL a transaction-scoped advisory lock keyed by the store's schema (released by
the commit or rollback, so a killed writer never leaves it held). Readers take no lock.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from dateline.errors import StoreError

__all__ = ["DEFAULT_DB", "Store", "database_url", "open_store", "upgrade_schema", "write_transaction"]

DEFAULT_DB = "dateline.db"
_MIGRATIONS = Path(__file__).with_name("migrations")
# how long a SQLite writer waits for another's lock: longer than any one transaction (an
# article's rows, or the merge's rebuild of a large corpus) should take
_BUSY_TIMEOUT_MS = 300_000
# PostgreSQL advisory lock keys are (int4, int4): this constant ("date" in ASCII) and a
# hash of the store's schema, so two stores in one database do not wait for each other
_LOCK_CLASS = 0x64617465


def database_url(db: str) -> str:
    """A SQLAlchemy URL for `--db`: a file path means SQLite; postgresql:// uses psycopg 3."""
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


@dataclass
class Store:
    """An open store: the engine plus what the queries need to know about its dialect."""

    engine: Engine
    url: str

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
    _set_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit survives a killed process
    cursor.close()


def _set_wal(cursor: sqlite3.Cursor) -> None:
    """`PRAGMA journal_mode=WAL`, retried while another connection holds the new file's lock.

    Why retried here: two ingests opening a new file at once both switch it to WAL, and the
    switch fails at once with "database is locked" (SQLite does not wait `busy_timeout`
    for it). Once one has switched, the file stays WAL and the others' switch is a no-op.
    """
    deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the store's writer lock from its start; commits on leaving.

    Every write to a store goes through here (see the module docstring for why); what the
    transaction reads after entering is what the previous writer committed, and no other
    writer commits until this one has. An exception rolls everything back and releases
    the lock.
    """
    with engine.connect() as connection:
        dialect = connection.dialect.name
        if dialect == "sqlite":
            # pysqlite opens no transaction before a SELECT; this one is opened by hand so the
            # lock comes before the first read (pysqlite then sees it and adds no BEGIN)
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif dialect == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:cls, hashtext(coalesce(current_schema(), '')))"),
                {"cls": _LOCK_CLASS},
            )
        yield connection
        connection.commit()


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to `revision` in one transaction (tests stop at older heads).

    Why under the writer lock: two ingests started at once on a new store both found no
    schema and both created it (PostgreSQL: a unique violation in `pg_type`); the second
    now waits and finds the first one's schema at head. A store already at head is not
    locked, so opening one to read never waits for an ingest.
    """
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    if revision == "head":
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
        if current == set(ScriptDirectory.from_config(config).get_heads()):
            return
    with write_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_store(db: str = DEFAULT_DB) -> Store:
    """Open (creating if needed) the store at `db` and apply pending migrations."""
    url = database_url(db)
    try:
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        upgrade_schema(engine)
    except SQLAlchemyError as e:
        raise StoreError(db, f"cannot open the store: {e.__class__.__name__}: {e}") from e
    return Store(engine=engine, url=url)
