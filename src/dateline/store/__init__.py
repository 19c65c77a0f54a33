"""The corpus store: SQLAlchemy tables, migrations applied on open, writes and queries.

SQLite (`dateline.db`, WAL, FTS5) by default; PostgreSQL through the same code with
`--db postgresql://...`.
"""

from dateline.store.db import DEFAULT_DB, Store, database_url, open_store

__all__ = ["DEFAULT_DB", "Store", "database_url", "open_store"]
