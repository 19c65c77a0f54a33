"""Fixtures shared by all tests: one spaCy pipeline per session, the shared example when present."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.analyzer import Analyzer
from dateline.model import Record

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "assad-fled-moscow.txt"
POSTGRES = os.environ.get("DATELINE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="session")
def example_text() -> str:
    if not EXAMPLE.exists():
        pytest.skip(f"shared example not found at {EXAMPLE} (../shared is absent)")
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_record(analyzer: Analyzer, example_text: str) -> Record:
    return analyzer.analyze(example_text, published="2024-12-13")


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    """A store URL on the PostgreSQL test server, in a schema of its own dropped afterwards;
    skipped, saying why, where no server answers."""
    psycopg = pytest.importorskip("psycopg")
    plain = POSTGRES.replace("postgresql+psycopg://", "postgresql://")
    try:
        admin = psycopg.connect(plain, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as e:
        pytest.skip(f"no PostgreSQL server at {plain} (set DATELINE_TEST_POSTGRES): {e}")
    schema = f"dateline_test_{uuid.uuid4().hex[:8]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in plain else "?"
    try:
        yield f"{plain}{sep}options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()
