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

import re
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
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError, StatementError

from dateline.errors import BadStoreUrl, StoreDriverMissing, StoreError, StoreUnreachable

__all__ = ["DEFAULT_DB", "Store", "database_url", "db_problem", "masked", "open_store", "upgrade_schema",
           "write_transaction"]

DEFAULT_DB = "dateline.db"
_MIGRATIONS = Path(__file__).with_name("migrations")
# how long a SQLite writer waits for another's lock: longer than any one transaction (an
# article's rows, or the merge's rebuild of a large corpus) should take
_BUSY_TIMEOUT_MS = 300_000
# PostgreSQL advisory lock keys are (int4, int4): this constant ("date" in ASCII) and a
# hash of the store's schema, so two stores in one database do not wait for each other
_LOCK_CLASS = 0x64617465
# the backends a store may live in, each with the drivers dateline runs on and the package that
# installs each (None: in the standard library); the first driver is the one a bare scheme means
_BACKENDS: dict[str, dict[str, str | None]] = {
    "sqlite": {"pysqlite": None},
    "postgresql": {"psycopg": "psycopg[binary]", "psycopg2": "psycopg2-binary"},
}
SUPPORTED = ("a SQLite file path (or sqlite:///PATH) or a PostgreSQL URL "
             "postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE")
# how long opening a PostgreSQL store waits for a server that does not answer (libpq waits forever)
_CONNECT_TIMEOUT_S = 10
_PASSWORD = re.compile(r"^([\w+.-]+://[^:/@]*:)[^@]*@")


def masked(db: str) -> str:
    """`db` with the password of its URL, if any, shown as *** (what every error message prints)."""
    return _PASSWORD.sub(r"\1***@", db)


def database_url(db: str) -> str:
    """A SQLAlchemy URL for `--db`: a file path means SQLite; postgresql:// uses psycopg 3.

    Why checked before any engine exists: SQLAlchemy reads a URL only when connecting and then
    fails far from `--db` (a MySQL URL as a missing `MySQLdb` module, a stray colon as
    `invalid literal for int()`, a URL without a database as the user's own database, silently
    written). Each is a `BadStoreUrl` naming the value (password masked) and what is wrong.
    """
    if not db.strip():
        raise BadStoreUrl("--db ''", f"an empty store name; give {SUPPORTED}")
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser()}"
    scheme, rest = db.split("://", 1)
    given = "postgresql+psycopg://" + rest if scheme.lower() in ("postgresql", "postgres") else db
    url = _parsed(db, given)
    backend, _, driver = url.drivername.partition("+")  # read from the name: loading an unknown dialect raises
    drivers = _BACKENDS.get(backend)
    if drivers is None:
        raise BadStoreUrl(masked(db), f"unsupported backend {backend!r}: a store is {SUPPORTED}")
    driver = driver or next(iter(drivers))
    if driver not in drivers:
        names = " or ".join(f"{backend}+{d}://" for d in drivers)
        raise BadStoreUrl(masked(db), f"unsupported {backend} driver {driver!r}: use {names}")
    if backend == "postgresql" and not url.database:
        raise BadStoreUrl(masked(db), "no database name: write postgresql://[USER@]HOST[:PORT]/DATABASE")
    return given


def _parsed(db: str, given: str) -> URL:
    try:
        url = make_url(given)
    except (ArgumentError, ValueError) as e:
        problem = "the port is not a number" if "int()" in str(e) else "not a URL SQLAlchemy can read"
        raise BadStoreUrl(masked(db), f"malformed URL: {problem}; a store is {SUPPORTED}") from e
    if url.port is not None and not 0 < url.port < 65536:
        raise BadStoreUrl(masked(db), f"malformed URL: port {url.port} is not between 1 and 65535")
    return url


def db_problem(error: BaseException) -> str:
    """A database error as one line: the driver's own message, without SQLAlchemy's statement dump.

    Why not `str(error)`: SQLAlchemy appends the SQL and every bound parameter, so an error about
    one article would print the article's whole text (and a connection error a help URL).
    """
    inner = error.orig if isinstance(error, StatementError) and error.orig is not None else error
    message = " ".join(str(inner).split()) or inner.__class__.__name__
    return f"{error.__class__.__name__}: {message}"  # the DB-API's kind (IntegrityError), not the driver's


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
    cursor.execute("PRAGMA foreign_keys=ON")  # SQLite checks the declared keys only when asked, per connection
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
def write_transaction(engine: Engine, *, foreign_keys: bool = True) -> Iterator[Connection]:
    """A transaction that holds the store's writer lock from its start; commits on leaving.

    Every write to a store goes through here (see the module docstring for why); what the
    transaction reads after entering is what the previous writer committed, and no other
    writer commits until this one has. An exception rolls everything back and releases
    the lock. `foreign_keys=False` (the migrations) leaves SQLite's keys unchecked for the
    transaction: rebuilding a table (alembic batch mode) drops the old one, which with keys
    checked would fail for every row naming it; the pragma works only outside a
    transaction, so it is set before BEGIN and set back after.
    """
    with engine.connect() as connection:
        dialect = connection.dialect.name
        if dialect == "sqlite":
            if not foreign_keys:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            # pysqlite opens no transaction before a SELECT; this one is opened by hand so the
            # lock comes before the first read (pysqlite then sees it and adds no BEGIN)
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif dialect == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:cls, hashtext(coalesce(current_schema(), '')))"),
                {"cls": _LOCK_CLASS},
            )
        try:
            yield connection
            connection.commit()
        finally:
            if dialect == "sqlite" and not foreign_keys:  # back on before the connection goes back to the pool
                if connection.in_transaction():
                    connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")


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
    with write_transaction(engine, foreign_keys=False) as connection:  # see 0006: tables are rebuilt
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _engine(db: str, url: str) -> Engine:
    """The engine for `url`; a driver that is not installed is a `StoreDriverMissing` saying what to install."""
    parsed = make_url(url)
    backend, _, driver = parsed.drivername.partition("+")
    driver = driver or next(iter(_BACKENDS[backend]))
    options: dict[str, object] = {}
    if backend == "postgresql" and "connect_timeout" not in parsed.query:
        options["connect_args"] = {"connect_timeout": _CONNECT_TIMEOUT_S}
    try:
        return create_engine(url, future=True, **options)
    except ImportError as e:  # the dialect imports its driver here
        package = _BACKENDS[backend].get(driver)
        fix = f"pip install '{package}'" if package else "a Python built with its sqlite3 module"
        raise StoreDriverMissing(masked(db), f"the {backend} driver {driver!r} is not installed ({e}); "
                                             f"it needs {fix}") from e


def open_store(db: str = DEFAULT_DB) -> Store:
    """Open (creating if needed) the store at `db` and apply pending migrations.

    Errors name `db` with its password masked: a bad value is `BadStoreUrl` (exit 2), a driver
    not installed `StoreDriverMissing`, a server that does not answer or refuses `StoreUnreachable`.
    """
    url = database_url(db)
    engine = _engine(db, url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as e:
        engine.dispose()
        if engine.dialect.name == "postgresql":
            raise StoreUnreachable(masked(db), f"cannot connect to the database server: {db_problem(e)}") from e
        raise StoreError(masked(db), f"cannot open the store: {db_problem(e)}") from e
    try:
        upgrade_schema(engine)
    except SQLAlchemyError as e:
        engine.dispose()
        raise StoreError(masked(db), f"cannot open the store: {db_problem(e)}") from e
    return Store(engine=engine, url=url)
