"""Many articles in: ingest sources, content hashing, near-duplicates, cross-document merge."""
