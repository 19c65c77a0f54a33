"""The store's tables, as plain SQLAlchemy Core tables.

Why Core and plain types: the file must open as is in Datasette, DuckDB or psql, so every
column is TEXT, INTEGER, REAL, BOOLEAN or DATE; lists are JSON text, never pickles; the one
binary column is the record, zlib-compressed JSON (`store/records.py`). Ids are
deterministic strings (content hashes, `doc:local` pairs), so an interrupted and resumed
ingest writes exactly the rows an uninterrupted one writes.

Layers: per-article rows (documents and the *_mentions / times tables, written once per
article in one transaction) and corpus rows (entities, places, events, event_sources,
claim_links), which the cross-document merge rebuilds from the per-article rows.

Why foreign keys (declared in SQL since migration 0006, and enforced on SQLite by the
connection's `PRAGMA foreign_keys=ON`): a reader joining the tables in Datasette or DuckDB
sees which column names which table, and a write that would leave a mention pointing at no
event fails instead of storing it. The keys to `events` are DEFERRABLE INITIALLY DEFERRED:
the merge deletes and rebuilds the events while the mentions still name them, and the keys
hold again when it commits.

Why `date_earliest` / `date_latest` / `date_precision` beside the TIMEX3 text values: see
`store/dates.py`. The view `events_flat` (one row per event, names instead of ids) is SQL of
migration 0006, not a table here.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "claim_links",
    "claims",
    "documents",
    "entities",
    "entity_aliases",
    "entity_mentions",
    "event_mentions",
    "event_sources",
    "events",
    "failures",
    "metadata",
    "place_mentions",
    "places",
    "times",
]

metadata = MetaData()


def _date_columns() -> list[Column[object]]:
    """The DATE columns and precision beside the `when_*` TIMEX3 values (`store/dates.py`)."""
    return [
        Column("date_earliest", Date, comment="the first day it can have happened (SQL DATE)"),
        Column("date_latest", Date, comment="the last day it can have happened (SQL DATE)"),
        Column("date_precision", String(10),
               comment="day | week | month | quarter | season | year | decade | interval | none"),
    ]


def _to_event(name: str) -> ForeignKey:
    """A key to `events.id`, checked at commit: the merge rebuilds the events under the mentions."""
    return ForeignKey("events.id", name=name, deferrable=True, initially="DEFERRED")

documents = Table(
    "documents",
    metadata,
    Column("id", String(80), primary_key=True, comment="content hash of the normalized text"),
    Column("seq", Integer, nullable=False, comment="ingest order (1, 2, ...)"),
    Column("locator", Text, nullable=False, comment="where it came from: path, path#line, URL"),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(40)),
    Column("source_name", Text, comment="the outlet, when known"),
    Column("text", Text, nullable=False),
    Column("dup_of", String(80), ForeignKey("documents.id", name="fk_documents_dup_of"),
           comment="id of the document this one is a near-duplicate of"),
    Column("dup_similarity", Float),
    Column("minhash", Text, comment="MinHash signature, hex uint32s"),
    Column("record_z", LargeBinary, nullable=False,
           comment="the full dateline Record as zlib-compressed JSON, without document.text (store/records.py)"),
)
Index("ix_documents_seq", documents.c.seq, unique=True)
Index("ix_documents_dup_of", documents.c.dup_of)

failures = Table(
    "failures",
    metadata,
    Column("locator", Text, primary_key=True),
    Column("code", String(10)),
    Column("error", Text, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(20), nullable=False),
    Column("n_documents", Integer, nullable=False, default=0),
)

entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("alias", String(200), primary_key=True, comment="normalized name or alias"),
    Column("type", String(20), primary_key=True),
    Column("entity_id", String(80), ForeignKey("entities.id"), nullable=False),
)

entity_mentions = Table(
    "entity_mentions",
    metadata,
    Column("doc_id", String(80), ForeignKey("documents.id"), primary_key=True),
    Column("local_id", String(40), primary_key=True),
    Column("entity_id", String(80), ForeignKey("entities.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("type", String(20), nullable=False),
    Column("aliases", Text, comment="JSON list"),
    Column("n_mentions", Integer, nullable=False),
)
Index("ix_entity_mentions_entity", entity_mentions.c.entity_id)

places = Table(
    "places",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(20)),
    Column("country_code", String(4)),
    Column("admin1", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonameid", Integer),
)

place_mentions = Table(
    "place_mentions",
    metadata,
    Column("doc_id", String(80), ForeignKey("documents.id"), primary_key=True),
    Column("local_id", String(40), primary_key=True),
    Column("place_id", String(80), ForeignKey("places.id"), nullable=False),
    Column("name", Text, nullable=False),
)
Index("ix_place_mentions_place", place_mentions.c.place_id)

times = Table(
    "times",
    metadata,
    Column("doc_id", String(80), ForeignKey("documents.id"), primary_key=True),
    Column("local_id", String(40), primary_key=True),
    Column("type", String(10)),
    Column("value", String(60)),
    Column("mod", String(20)),
    Column("start", Integer),
    Column("end", Integer),
    Column("text", Text),
)

event_mentions = Table(
    "event_mentions",
    metadata,
    Column("doc_id", String(80), ForeignKey("documents.id"), primary_key=True),
    Column("local_id", String(40), primary_key=True),
    Column("type", String(40), comment="PLOVER type or news kind; NULL when the lexicon does not code it"),
    Column("event_class", String(20), comment="TimeML class: OCCURRENCE, REPORTING, STATE ..."),
    Column("tense", String(20)),
    Column("aspect", String(30)),
    Column("modality", Text, comment="the modal that qualifies it: may, would ..."),
    Column("mode", Text),
    Column("trigger", Text, nullable=False),
    Column("lemma", Text, comment="the trigger head's lemma"),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence", Text, comment="the evidence sentence"),
    Column("when_value", String(40)),
    Column("when_earliest", String(40)),
    Column("when_latest", String(40)),
    Column("when_basis", String(20)),
    *_date_columns(),
    Column("certainty", String(20)),
    Column("negated", Boolean, nullable=False),
    Column("source", Text, comment="nearest attributed source"),
    Column("actors", Text, comment="JSON list of entity ids"),
    Column("targets", Text, comment="JSON list of entity ids"),
    Column("places", Text, comment="JSON list of place ids"),
    Column("quantities", Text, comment="JSON list of {value, unit, mod}"),
    Column("event_id", String(80), _to_event("fk_event_mentions_event"), comment="the corpus event (set by the merge)"),
)
Index("ix_event_mentions_event", event_mentions.c.event_id)

events = Table(
    "events",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("type", String(40), comment="NULL for an event of uncoded mentions"),
    Column("event_class", String(20), comment="the TimeML class most of its mentions have"),
    Column("tense", String(20)),
    Column("aspect", String(30)),
    Column("modality", Text),
    Column("label", Text),
    Column("when_value", String(40)),
    Column("when_earliest", String(40)),
    Column("when_latest", String(40)),
    *_date_columns(),
    Column("place_id", String(80), ForeignKey("places.id", name="fk_events_place")),
    Column("lat", Float),
    Column("lon", Float),
    Column("actors", Text, comment="JSON list of entity ids"),
    Column("targets", Text, comment="JSON list of entity ids"),
    Column("n_mentions", Integer, nullable=False),
    Column("n_documents", Integer, nullable=False),
    Column("corroboration", Integer, nullable=False, comment="independent sources (near-dups count once)"),
    Column("contradicted", Boolean, nullable=False),
)
Index("ix_events_when", events.c.when_earliest)
# the listings' order, undated last (migration 0004): a page needs no sort of the whole table
Index("ix_events_listing", events.c.when_earliest.is_(None), events.c.when_earliest, events.c.id)
Index("ix_events_type", events.c.type)
Index("ix_events_class", events.c.event_class)

event_sources = Table(
    "event_sources",
    metadata,
    Column("event_id", String(80), _to_event("fk_event_sources_event"), primary_key=True),
    Column("doc_id", String(80), ForeignKey("documents.id"), primary_key=True),
    Column("source_name", Text),
    Column("independent", Boolean, nullable=False, comment="false for a near-duplicate copy"),
)

claims = Table(
    "claims",
    metadata,
    Column("doc_id", String(80), ForeignKey("documents.id"), primary_key=True),
    Column("local_id", String(40), primary_key=True),
    Column("text", Text),
    Column("source", Text),
    Column("certainty", String(20)),
    Column("event_local_id", String(40)),
    Column("claim_json", Text, comment="the claim as the record has it"),
)

claim_links = Table(
    "claim_links",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("kind", String(30), nullable=False, comment="assertion | date | place | casualties | claim"),
    Column("event_id", String(80), _to_event("fk_claim_links_event"), comment="the corpus event concerned"),
    Column("left_doc", String(80), ForeignKey("documents.id", name="fk_claim_links_left_doc")),
    Column("left_mention", String(40)),
    Column("left_value", Text),
    Column("left_evidence", Text),
    Column("right_doc", String(80), ForeignKey("documents.id", name="fk_claim_links_right_doc")),
    Column("right_mention", String(40)),
    Column("right_value", Text),
    Column("right_evidence", Text),
    Column("reason", Text, comment="the rule that made the link"),
    Column("other_event_id", String(80), _to_event("fk_claim_links_other_event"),
           comment="for a claim link: the corpus event the claim tells"),
)
Index("ix_claim_links_event", claim_links.c.event_id)
Index("ix_claim_links_other_event", claim_links.c.other_event_id)
