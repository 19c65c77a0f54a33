"""GeoJSON export: structure, [lon, lat] order, which places of an event become points."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dateline.export.geojson import feature_collection, features, write_geojson
from dateline.model import (
    Attribution,
    Document,
    Entity,
    Event,
    EventPlace,
    EventWhen,
    Mention,
    Place,
    Record,
    SentenceRef,
    Span,
)  # fmt: skip

TEXT = "Assad fled Damascus for Moscow, officials in Beirut said."


def _record() -> Record:
    def place(pid: str, name: str, lat: float | None, lon: float | None) -> Place:
        start = TEXT.index(name)
        return Place(id=pid, name=name, kind="city", country_code="SY", lat=lat, lon=lon,
                     mentions=[Mention(start=start, end=start + len(name), text=name)])  # fmt: skip

    event = Event(
        id="ev1", type="MOVE", trigger=Span(start=6, end=10, text="fled"), actors=["e1"],
        places=["p1", "p2", "p3"], when=EventWhen(value="2024-12-08", basis="explicit"),
        attribution=[Attribution(source="officials", kind="speech_verb")], certainty="reported",
        sentence=SentenceRef(start=0, end=len(TEXT)),
        place_roles=[EventPlace(place="p1", role="origin", cue="fled"),
                     EventPlace(place="p2", role="destination", cue="for"),
                     EventPlace(place="p3", role="mentioned")],
    )  # fmt: skip
    return Record(
        document=Document(id="d1", text=TEXT, source="a.txt"),
        entities=[Entity(id="e1", name="Bashar al-Assad", type="PERSON")],
        places=[place("p1", "Damascus", 33.51, 36.29), place("p2", "Moscow", 55.75, 37.62),
                place("p3", "Beirut", 33.89, 35.5)],
        events=[event],
    )  # fmt: skip


def test_export_geojson_is_a_feature_collection_of_points() -> None:
    fc = feature_collection([_record()])
    assert fc["type"] == "FeatureCollection"
    for f in fc["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    json.loads(json.dumps(fc))  # plain JSON types only


def test_export_geojson_coordinates_are_lon_lat() -> None:
    moscow = next(f for f in features(_record()) if f["properties"]["place"] == "Moscow")
    assert moscow["geometry"]["coordinates"] == [37.62, 55.75]


def test_export_geojson_keeps_roles_and_event_properties() -> None:
    props = [f["properties"] for f in features(_record())]
    assert [(p["place"], p["place_role"]) for p in props] == [("Damascus", "origin"), ("Moscow", "destination")]
    first = props[0]
    assert first["event_id"] == "ev1" and first["type"] == "MOVE" and first["date"] == "2024-12-08"
    assert first["actors"] == ["Bashar al-Assad"] and first["source"] == "officials"
    assert first["certainty"] == "reported" and first["trigger"] == "fled"


def test_export_geojson_skips_places_without_coordinates() -> None:
    record = _record()
    record.places[0].lat = None
    assert [f["properties"]["place"] for f in features(record)] == ["Moscow"]


def test_export_geojson_write_counts_records() -> None:
    out = io.StringIO()
    assert write_geojson(iter([_record(), _record()]), out) == 2
    assert len(json.loads(out.getvalue())["features"]) == 4


@pytest.mark.model
def test_export_geojson_cli_prints_a_feature_collection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dateline.cli import main

    article = tmp_path / "a.txt"
    article.write_text("Russian jets carried out airstrikes on the city of Aleppo on Friday.", encoding="utf-8")
    assert main(["analyze", str(article), "--published", "2024-12-13", "--format", "geojson"]) == 0
    fc = json.loads(capsys.readouterr().out)
    assert fc["type"] == "FeatureCollection"
    aleppo = next(f for f in fc["features"] if f["properties"]["place"] == "Aleppo")
    lon, lat = aleppo["geometry"]["coordinates"]
    assert lon == pytest.approx(37.16, abs=0.1) and lat == pytest.approx(36.2, abs=0.1)
    assert aleppo["properties"]["place_role"] == "location"


def test_export_geojson_uncoded_event_has_the_same_properties_with_type_null() -> None:
    record = _record()
    start = TEXT.index("said")
    record.events.append(Event(
        id="ev2", type=None, event_class="REPORTING", tense="PAST", modality="would",
        trigger=Span(start=start, end=start + 4, text="said"), places=["p3"],
        sentence=SentenceRef(start=0, end=len(TEXT)),
    ))  # fmt: skip
    by_event = {f["properties"]["event_id"]: f["properties"] for f in features(record)}
    coded, uncoded = by_event["ev1"], by_event["ev2"]
    assert set(coded) == set(uncoded)
    assert (uncoded["type"], uncoded["event_class"], uncoded["tense"], uncoded["aspect"], uncoded["modality"]) == (
        None, "REPORTING", "PAST", "NONE", "would")
    assert (coded["type"], coded["event_class"]) == ("MOVE", "OCCURRENCE")
    assert json.loads(json.dumps(feature_collection([record])))["features"][-1]["properties"]["type"] is None
