"""The data model: a public surface that matches __all__, and output that validates against its schema."""

from __future__ import annotations

import inspect

import jsonschema
import pytest

import dateline
from dateline import model


def test_model_exported_members_match_all() -> None:
    """Every public non-module name of the package is in `__all__`, and nothing more."""
    public = {
        name for name in dir(dateline) if not name.startswith("_") and not inspect.ismodule(getattr(dateline, name))
    }
    assert public == set(dateline.__all__) - {"__version__"}


def test_model_schema_lists_every_record_part() -> None:
    schema = model.Record.json_schema()
    assert set(schema["properties"]) >= {"document", "entities", "places", "times", "events", "quantities"}
    event = schema["$defs"]["Event"]["properties"]
    assert set(event) >= {"id", "type", "trigger", "actors", "targets", "places", "when", "attribution",
                          "certainty", "negated", "sentence"}


@pytest.mark.model
def test_model_output_validates_against_schema(analyzer) -> None:
    text = "On March 3, rebels seized the town of Homs, a commander said. Share"
    record = analyzer.analyze(text, published="2025-03-05")
    jsonschema.validate(record.to_dict(), model.Record.json_schema())
    assert record.document.text == text


@pytest.mark.model
def test_model_every_span_is_evidence(analyzer) -> None:
    text = "Two days later, the president met European envoys in Kyiv, his office said."
    record = analyzer.analyze(text, published="2025-03-05")
    spans = [m for e in record.entities for m in e.mentions] + [m for p in record.places for m in p.mentions]
    spans += list(record.times) + list(record.quantities) + [e.trigger for e in record.events]
    for span in spans:
        assert text[span.start : span.end] == span.text
