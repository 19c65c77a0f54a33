"""Claim links across documents: the rule that made a link, and the claim's own corpus event.

Revision ID: 0002
Revises: 0001
Why two columns and not a new table: a claim contradicted by an event reported elsewhere
is one more kind of link between two sides with their evidence, like the others; `reason`
says which rule linked them, `other_event_id` is the corpus event the claim is about (when
it tells one), so `dateline show` finds the link from either event.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claim_links") as batch:
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True, comment="the rule that made the link"))
        batch.add_column(sa.Column("other_event_id", sa.String(length=80), nullable=True,
                                   comment="for a claim link: the corpus event the claim tells"))
    op.create_index("ix_claim_links_other_event", "claim_links", ["other_event_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_claim_links_other_event", table_name="claim_links")
    with op.batch_alter_table("claim_links") as batch:
        batch.drop_column("other_event_id")
        batch.drop_column("reason")
