"""The event table's `geo_precision`: what an event's coordinates stand for, from its place's kind."""

from __future__ import annotations

from typing import get_args

import pytest

from dateline.export.columns import COLUMNS, geo_precision
from dateline.model import Place


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("country", "country"), ("admin1", "admin1"), ("admin2", "admin2"), ("city", "city"),
     ("facility", "point"), ("region", "region"), ("unknown", "unknown")],
)  # fmt: skip
def test_event_places_precision_from_the_place_kind(kind: str, expected: str) -> None:
    assert geo_precision(kind, 36.2, 37.16) == expected


def test_event_places_precision_without_coordinates_or_place() -> None:
    assert geo_precision("city", None, None) == "unknown"  # a town the gazetteer could not locate
    assert geo_precision(None, None, None) is None  # no place at all


def test_event_places_precision_every_kind_is_documented() -> None:
    # every kind the data model allows gives a value the column's meaning lists
    meaning = next(c.meaning for c in COLUMNS if c.name == "geo_precision")
    kinds = get_args(Place.model_fields["kind"].annotation)
    listed = {w.strip("|(): ") for w in meaning.split()}
    assert kinds and all(geo_precision(k, 0.0, 0.0) in listed for k in kinds)
