"""Each event mention keeps its trigger's lemma.

Revision ID: 0005
Revises: 0004
Why: the merge joins the mentions of one event within an article by their lemma ("fled",
"flee", "the flight" of one story), and across articles it compares lemmas too. The trigger
text alone gives no lemma for irregular forms ("said"/"say", "sold"/"sell", "left"/"leave"),
so the record's lemma, read from the parse, is stored. Rows stored before this revision keep
NULL and the merge falls back to a crude suffix-stripped lemma of their trigger.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event_mentions") as batch:
        batch.add_column(sa.Column("lemma", sa.Text(), nullable=True, comment="the trigger head's lemma"))


def downgrade() -> None:
    with op.batch_alter_table("event_mentions") as batch:
        batch.drop_column("lemma")
