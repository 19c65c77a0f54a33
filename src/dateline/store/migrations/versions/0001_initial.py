"""The first schema: documents, per-article mentions, corpus events, claims and their links.

Revision ID: 0001
Revises:
Why frozen here and not `metadata.create_all()`: a migration must keep creating the schema
as it was at this revision, whatever `tables.py` later becomes. Full-text search is FTS5
(an external-content table kept in sync by triggers) on SQLite and a GIN index on
PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid')",
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
]
_POSTGRES_FTS = (
    "CREATE INDEX ix_documents_fts ON documents USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))"
)


def upgrade() -> None:
    op.create_table(
        "claim_links",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False, comment="assertion | date | place | casualties"),
        sa.Column("event_id", sa.String(length=80), nullable=True, comment="the corpus event concerned"),
        sa.Column("left_doc", sa.String(length=80), nullable=True),
        sa.Column("left_mention", sa.String(length=40), nullable=True),
        sa.Column("left_value", sa.Text(), nullable=True),
        sa.Column("left_evidence", sa.Text(), nullable=True),
        sa.Column("right_doc", sa.String(length=80), nullable=True),
        sa.Column("right_mention", sa.String(length=40), nullable=True),
        sa.Column("right_value", sa.Text(), nullable=True),
        sa.Column("right_evidence", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_claim_links_event", "claim_links", ["event_id"], unique=False)
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=80), nullable=False, comment="content hash of the normalized text"),
        sa.Column("seq", sa.Integer(), nullable=False, comment="ingest order (1, 2, ...)"),
        sa.Column("locator", sa.Text(), nullable=False, comment="where it came from: path, path#line, URL"),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=40), nullable=True),
        sa.Column("source_name", sa.Text(), nullable=True, comment="the outlet, when known"),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "dup_of", sa.String(length=80), nullable=True, comment="id of the document this one is a near-duplicate of"
        ),
        sa.Column("dup_similarity", sa.Float(), nullable=True),
        sa.Column("minhash", sa.Text(), nullable=True, comment="MinHash signature, hex uint32s"),
        sa.Column("record_json", sa.Text(), nullable=False, comment="the full dateline Record as JSON"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_documents_dup_of", "documents", ["dup_of"], unique=False)
    op.create_index("ix_documents_seq", "documents", ["seq"], unique=True)
    op.create_table(
        "entities",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("n_documents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("when_value", sa.String(length=40), nullable=True),
        sa.Column("when_earliest", sa.String(length=40), nullable=True),
        sa.Column("when_latest", sa.String(length=40), nullable=True),
        sa.Column("place_id", sa.String(length=80), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("actors", sa.Text(), nullable=True, comment="JSON list of entity ids"),
        sa.Column("targets", sa.Text(), nullable=True, comment="JSON list of entity ids"),
        sa.Column("n_mentions", sa.Integer(), nullable=False),
        sa.Column("n_documents", sa.Integer(), nullable=False),
        sa.Column("corroboration", sa.Integer(), nullable=False, comment="independent sources (near-dups count once)"),
        sa.Column("contradicted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_events_type", "events", ["type"], unique=False)
    op.create_index("ix_events_when", "events", ["when_earliest"], unique=False)
    op.create_table(
        "failures",
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("locator"),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("country_code", sa.String(length=4), nullable=True),
        sa.Column("admin1", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "claims",
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("local_id", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("certainty", sa.String(length=20), nullable=True),
        sa.Column("event_local_id", sa.String(length=40), nullable=True),
        sa.Column("claim_json", sa.Text(), nullable=True, comment="the claim as the record has it"),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.id"],
        ),
        sa.PrimaryKeyConstraint("doc_id", "local_id"),
    )
    op.create_table(
        "entity_aliases",
        sa.Column("alias", sa.String(length=200), nullable=False, comment="normalized name or alias"),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
        ),
        sa.PrimaryKeyConstraint("alias", "type"),
    )
    op.create_table(
        "entity_mentions",
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("local_id", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=True, comment="JSON list"),
        sa.Column("n_mentions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
        ),
        sa.PrimaryKeyConstraint("doc_id", "local_id"),
    )
    op.create_index("ix_entity_mentions_entity", "entity_mentions", ["entity_id"], unique=False)
    op.create_table(
        "event_mentions",
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("local_id", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("mode", sa.Text(), nullable=True),
        sa.Column("trigger", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=True, comment="the evidence sentence"),
        sa.Column("when_value", sa.String(length=40), nullable=True),
        sa.Column("when_earliest", sa.String(length=40), nullable=True),
        sa.Column("when_latest", sa.String(length=40), nullable=True),
        sa.Column("when_basis", sa.String(length=20), nullable=True),
        sa.Column("certainty", sa.String(length=20), nullable=True),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True, comment="nearest attributed source"),
        sa.Column("actors", sa.Text(), nullable=True, comment="JSON list of entity ids"),
        sa.Column("targets", sa.Text(), nullable=True, comment="JSON list of entity ids"),
        sa.Column("places", sa.Text(), nullable=True, comment="JSON list of place ids"),
        sa.Column("quantities", sa.Text(), nullable=True, comment="JSON list of {value, unit, mod}"),
        sa.Column("event_id", sa.String(length=80), nullable=True, comment="the corpus event (set by the merge)"),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.id"],
        ),
        sa.PrimaryKeyConstraint("doc_id", "local_id"),
    )
    op.create_index("ix_event_mentions_event", "event_mentions", ["event_id"], unique=False)
    op.create_table(
        "event_sources",
        sa.Column("event_id", sa.String(length=80), nullable=False),
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=True),
        sa.Column("independent", sa.Boolean(), nullable=False, comment="false for a near-duplicate copy"),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "doc_id"),
    )
    op.create_table(
        "place_mentions",
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("local_id", sa.String(length=40), nullable=False),
        sa.Column("place_id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
        ),
        sa.PrimaryKeyConstraint("doc_id", "local_id"),
    )
    op.create_index("ix_place_mentions_place", "place_mentions", ["place_id"], unique=False)
    op.create_table(
        "times",
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("local_id", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=True),
        sa.Column("value", sa.String(length=60), nullable=True),
        sa.Column("mod", sa.String(length=20), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.id"],
        ),
        sa.PrimaryKeyConstraint("doc_id", "local_id"),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRES_FTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS documents_fts_ai")
        op.execute("DROP TRIGGER IF EXISTS documents_fts_ad")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    op.drop_table("times")
    op.drop_index("ix_place_mentions_place", table_name="place_mentions")
    op.drop_table("place_mentions")
    op.drop_table("event_sources")
    op.drop_index("ix_event_mentions_event", table_name="event_mentions")
    op.drop_table("event_mentions")
    op.drop_index("ix_entity_mentions_entity", table_name="entity_mentions")
    op.drop_table("entity_mentions")
    op.drop_table("entity_aliases")
    op.drop_table("claims")
    op.drop_table("places")
    op.drop_table("failures")
    op.drop_index("ix_events_when", table_name="events")
    op.drop_index("ix_events_type", table_name="events")
    op.drop_table("events")
    op.drop_table("entities")
    op.drop_index("ix_documents_seq", table_name="documents")
    op.drop_index("ix_documents_dup_of", table_name="documents")
    op.drop_table("documents")
    op.drop_index("ix_claim_links_event", table_name="claim_links")
    op.drop_table("claim_links")
