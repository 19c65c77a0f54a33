"""Opening a store: SQLite by default, PostgreSQL by URL, the schema migrated on open.

Why migrate on open: a store file made by an older dateline is brought up to date the
first time a newer one touches it, with no separate step to forget. SQLite runs in WAL
mode so readers (Datasette, DuckDB, a second `dateline timeline`) never block an ingest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from dateline.errors import StoreError

__all__ = ["DEFAULT_DB", "Store", "database_url", "open_store", "upgrade_schema"]

DEFAULT_DB = "dateline.db"
_MIGRATIONS = Path(__file__).with_name("migrations")


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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit survives a killed process
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to `revision` in one transaction (tests stop at older heads)."""
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:
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
