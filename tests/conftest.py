"""Fixtures shared by all tests: one spaCy pipeline per session, the shared example when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.analyzer import Analyzer
from dateline.model import Record

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "assad-fled-moscow.txt"


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
