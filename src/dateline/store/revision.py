"""A store's revision: a value that changes whenever anything commits a write to the store.

Why: the API can keep a read's answer while the store stays as it was (`serve.cache`), and
must drop it the moment an ingest or a merge commits, in this process or in any other
(`dateline ingest` into the file the server reads). The revision comes from the database
itself, so no writer has to remember to bump a counter:
  SQLite      `PRAGMA data_version` on a connection of its own that never writes: SQLite
              changes the value whenever another connection commits to the file;
  PostgreSQL  `pg_current_wal_lsn()`: the write-ahead log position, which every committed
              write moves forward (writes to other databases of the server move it too, which
              only drops answers that could have been kept).
Anything else, an in-memory SQLite database (another connection sees another database) or a
database that refuses the query: no revision (None), and callers keep nothing.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from dateline.store.db import Store

__all__ = ["RevisionWatch"]


class RevisionWatch:
    """`current()` reads the store's revision (cheap: one pragma or one function call)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._sqlite: sqlite3.Connection | None = None
        self._usable = True
        if store.dialect == "sqlite":
            database = store.engine.url.database
            if not database or database == ":memory:" or database.startswith("file::memory:"):
                self._usable = False
            else:
                try:
                    # read-only and never in a transaction: it only watches the others' commits
                    self._sqlite = sqlite3.connect(f"file:{database}?mode=ro", uri=True, check_same_thread=False,
                                                   isolation_level=None)
                except sqlite3.Error:
                    self._usable = False
        elif store.dialect != "postgresql":
            self._usable = False

    def current(self) -> str | None:
        """The revision now, or None when this store has none to give."""
        if not self._usable:
            return None
        try:
            if self._sqlite is not None:
                with self._lock:
                    row = self._sqlite.execute("PRAGMA data_version").fetchone()
                return f"sqlite:{row[0]}"
            with self.store.engine.connect() as connection:
                return f"pg:{connection.execute(text('SELECT pg_current_wal_lsn()')).scalar_one()}"
        except (sqlite3.Error, SQLAlchemyError):
            return None

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
        self._usable = False
