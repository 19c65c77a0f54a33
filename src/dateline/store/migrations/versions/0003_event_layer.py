"""Every event mention, not only the coded ones: `type` nullable, TimeML class, tense, aspect, modality.

Revision ID: 0003
Revises: 0002
Why: from record schema 0.2 the events stage emits every event of the text (TimeML's
sense); the PLOVER type is there only where the lexicon codes the trigger, so `type` may be
NULL. Each mention keeps its TimeML `event_class`, `tense`, `aspect` and `modality`; a corpus
event keeps the values most of its mentions have, so exports and `--class` need no join.
Rows stored before this revision keep NULL in the new columns (their records had no class).
On SQLite the two tables are rebuilt by alembic's batch mode (SQLite cannot drop NOT NULL
in place); their indexes are recreated with them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _layer_columns(with_comments: bool) -> list[sa.Column[str]]:
    return [
        sa.Column("event_class", sa.String(length=20), nullable=True,
                  comment="TimeML class: OCCURRENCE, REPORTING, STATE ..." if with_comments else None),
        sa.Column("tense", sa.String(length=20), nullable=True),
        sa.Column("aspect", sa.String(length=30), nullable=True),
        sa.Column("modality", sa.Text(), nullable=True,
                  comment="the modal that qualifies it: may, would ..." if with_comments else None),
    ]


def upgrade() -> None:
    with op.batch_alter_table("event_mentions") as batch:
        batch.alter_column("type", existing_type=sa.String(length=40), nullable=True,
                           comment="PLOVER type or news kind; NULL when the lexicon does not code it")
        for column in _layer_columns(with_comments=True):
            batch.add_column(column)
    with op.batch_alter_table("events") as batch:
        batch.alter_column("type", existing_type=sa.String(length=40), nullable=True,
                           comment="NULL for an event of uncoded mentions")
        for column in _layer_columns(with_comments=False):
            batch.add_column(column)
    op.create_index("ix_events_class", "events", ["event_class"], unique=False)


def downgrade() -> None:
    # The older schema cannot hold an uncoded event: those rows go (a merge rebuilds `events`).
    op.drop_index("ix_events_class", table_name="events")
    for table in ("events", "event_mentions"):
        op.execute(sa.text(f"DELETE FROM {table} WHERE type IS NULL"))
        with op.batch_alter_table(table) as batch:
            for name in ("modality", "aspect", "tense", "event_class"):
                batch.drop_column(name)
            batch.alter_column("type", existing_type=sa.String(length=40), nullable=False, comment=None)
