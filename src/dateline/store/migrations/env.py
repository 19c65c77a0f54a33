"""Alembic environment: runs on the connection `dateline.store.db.open_store` hands it.

Why no alembic.ini: the migrations ship inside the package and are applied automatically
when a store is opened, so there is no config file for users to keep.
"""

from __future__ import annotations

from alembic import context

from dateline.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
