"""The analyst event table: its columns in every format, read back with the types a reader expects.

The store is built from a few short sentences through the fake analyzer (the NLP is beside the
point here); a thin subclass gives some events the dates, attribution chains and place details
the fake does not make (a week, a month, a year, bounds without a value; "Reuters citing ...").
The files are read back with pyarrow (CSV, JSONL, Parquet), the standard library (CSV, JSON,
GeoJSON) and pandas' own readers (every format), with no schema or dtype given.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.json as pa_json
import pyarrow.parquet as pq
import pytest

from dateline import cli
from dateline.corpus.fake import FakeAnalyzer
from dateline.corpus.ingest import ingest
from dateline.corpus.sources import iter_items
from dateline.export.columns import COLUMN_NAMES, PRECISIONS, cameo_quad, casualties, date_precision, load_cameo
from dateline.export.table import event_table
from dateline.export.writers import arrow_schema
from dateline.model import Attribution, Document, EventWhen, Record
from dateline.resources import resource_path
from dateline.store import open_store

ARTICLES = [
    {"text": "Rebels attacked Army Forces in Aleppo on 2024-12-05, killing 12 people. Oil prices fell on 2024-12-05.",
     "source": "AP", "url": "https://ap.example/aleppo", "published": "2024-12-06", "title": "Rebels attack Aleppo"},
    {"text": "Rebels attacked Army Forces in Aleppo on 2024-12-05, killing 15 people.", "source": "Observer",
     "published": "2024-12-07"},
    {"text": "Turkey met Russia in Damascus.", "source": "Wire", "published": "2024-12-06"},
    {"text": "Militia shelled Police in Homs.", "source": "Gazette", "published": "2024-12-20"},
    {"text": "Insurgents bombed Border Guards in Gaza.", "source": "Herald", "published": "2024-12-21"},
    {"text": "Army Forces rejected Rebels.", "source": "Courier", "published": "2024-12-01"},
    {"text": "Gunmen captured Police in Nowhere on 2024-12-09.", "source": "Courier", "published": "2024-12-10"},
]
# what the fake analyzer cannot say, by trigger
WHEN = {
    "met": EventWhen(value="2024-W49", earliest="2024-12-02", latest="2024-12-08", basis="anchored"),
    "shelled": EventWhen(value="2024-12", earliest="2024-12-01", latest="2024-12-31", basis="relative"),
    "bombed": EventWhen(value="2024", earliest="2024-01-01", latest="2024-12-31", basis="inferred"),
    "rejected": EventWhen(earliest="2024-11-01", latest="2024-11-30", basis="inferred"),
}
CHAIN = [Attribution(source="more than 10 people familiar", kind="citing"), Attribution(source="Reuters")]


class _Analyzer(FakeAnalyzer):
    """The fake, plus dates of other precisions, an attribution chain and a place's country."""

    def analyze_document(self, document: Document) -> Record:
        record = super().analyze_document(document)
        for event in record.events:
            if event.trigger.text in WHEN:
                event.when = WHEN[event.trigger.text]
            if event.trigger.text == "met":
                event.attribution, event.certainty = list(CHAIN), "reported"
        for place in record.places:
            if place.name == "Aleppo":
                place.country_code, place.admin1 = "SY", "Aleppo Governorate"
        return record


@pytest.fixture
def db(tmp_path: Path) -> str:
    dump = tmp_path / "articles.jsonl"
    dump.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    path = str(tmp_path / "table.db")
    store = open_store(path)
    summary = ingest(store, iter_items([str(dump)], max_bytes=10**6), _Analyzer)
    store.close()
    assert summary.added == len(ARTICLES) and not summary.failed
    return path


def _rows(db: str) -> dict[str, dict[str, Any]]:
    store = open_store(db)
    rows = event_table(store)
    store.close()
    assert all(list(r) == list(COLUMN_NAMES) for r in rows)
    by_label = {r["label"]: r for r in rows}
    assert len(by_label) == len(rows)
    return by_label


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- values -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "earliest", "latest", "precision"), [
    ("2024-12-05", None, None, "day"),
    ("2024-12-05T10:00", None, None, "day"),
    ("2024-W49", "2024-12-02", "2024-12-08", "week"),
    ("2024-12", None, None, "month"),
    ("2024-Q4", None, None, "quarter"),
    ("2024-SU", None, None, "season"),
    ("2024", None, None, "year"),
    ("202", None, None, "decade"),
    (None, "2024-11-01", "2024-11-30", "interval"),
    ("PAST_REF", None, "2024-12-01", "interval"),
    (None, None, None, "none"),
])  # fmt: skip
def test_date_precision(value: str | None, earliest: str | None, latest: str | None, precision: str) -> None:
    assert date_precision(value, earliest, latest) == precision
    assert precision in PRECISIONS


def _quantities(*items: tuple[float, str | None, str]) -> str:
    return json.dumps([{"value": v, "unit": u, "mod": "EXACT", "text": t} for v, u, t in items])


def test_casualties_read_units_cues_and_event_types() -> None:
    killed = ("DEATH", _quantities((5, "people", "5 people")), "The blast killed 5 people.")
    assert casualties([killed]) == (5, None)
    hurt = ("INJURY", _quantities((4, "civilians", "Four civilians")), "Four civilians were injured.")
    assert casualties([hurt]) == (None, 4)
    both = ("ASSAULT", _quantities((5, "people", "5 people"), (12, "others", "12 others")),
            "Gunmen attacked the bus, killing 5 people and wounding 12 others.")
    assert casualties([both]) == (5, None), "'others' counts no one: not a unit that names people"
    both = ("ASSAULT", _quantities((5, "people", "5 people"), (12, None, "12")),
            "Gunmen attacked the bus, killing 5 people and wounding 12.")
    assert casualties([both]) == (5, 12), "the nearest cue decides: killing 5, wounding 12"
    assert casualties([("ASSAULT", _quantities((30, "dead", "30 dead")), "There were 30 dead.")]) == (30, None)
    assert casualties([("ASSAULT", _quantities((20, "casualties", "20 casualties")), "It caused 20 casualties.")]
                      ) == (None, None), "casualties mix dead and wounded"
    assert casualties([("ASSAULT", _quantities((10, "people", "10 people")), "10 people attacked the post.")]
                      ) == (None, None), "the attackers are no casualties"
    other = ("DEATH", _quantities((15, "people", "15 people")), "The blast killed 15 people.")
    assert casualties([killed, other]) == (5, None), "sources that differ: the lowest figure (ACLED)"


# --- the CAMEO mapping -----------------------------------------------------------------------

def _trigger_types() -> dict[str, set[str]]:
    types: dict[str, set[str]] = {}
    with open(resource_path("events/triggers.tsv"), encoding="utf-8") as handle:
        lines = [ln for ln in handle if ln.strip() and not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["type"] and row["type"] != "-":
            types.setdefault(row["type"], set()).add(row["mode"] or "")
    return types


def test_cameo_mapping_covers_every_trigger_type_with_a_quadclass_1_to_4() -> None:
    table = load_cameo()
    types = _trigger_types()
    assert len(types) >= 20
    for type_ in types:
        assert (type_, "") in table, f"{type_} has no row in plover_cameo.tsv"
    for (type_, mode), cameo in table.items():
        assert type_ in types, f"plover_cameo.tsv lists {type_}, which triggers.tsv does not use"
        assert not mode or mode in types[type_], f"{type_} has no mode {mode!r} in triggers.tsv"
        if cameo.roots:
            assert cameo.quad_class in (1, 2, 3, 4) and cameo.quad_class == cameo_quad(cameo.roots[0])
        else:
            assert cameo.quad_class is None
    assert table[("ASSAULT", "")].roots == ("18", "19", "20") and table[("ASSAULT", "")].quad_class == 4
    assert table[("PROTEST", "")].roots == ("14",) and table[("PROTEST", "")].quad_class == 4
    assert table[("STATEMENT", "")].roots == ("01",) and table[("STATEMENT", "")].quad_class == 1
    assert table[("REQUEST", "demand")].quad_class == 3
    for news_kind in ("MOVE", "DEATH", "INJURY", "RELEASE", "TRADE"):
        assert table[(news_kind, "")].roots == () and table[(news_kind, "")].quad_class is None


# --- the rows ---------------------------------------------------------------------------------

def test_event_table_rows(db: str) -> None:
    rows = _rows(db)
    aleppo = rows["Rebels attacked Army Forces"]
    assert (aleppo["date"], aleppo["earliest"], aleppo["latest"]) == ("2024-12-05", "2024-12-05", "2024-12-05")
    assert (aleppo["date_precision"], aleppo["date_basis"]) == ("day", "explicit")
    assert (aleppo["type"], aleppo["event_class"], aleppo["cameo_root"], aleppo["quad_class"]) == (
        "ASSAULT", "OCCURRENCE", "18", 4)
    assert aleppo["cameo_roots"] == ["18", "19", "20"]
    assert (aleppo["actor1"], aleppo["actor2"]) == ("Rebels", "Army Forces")
    assert aleppo["actor1_id"].startswith("ent:") and aleppo["actor2_id"].startswith("ent:")
    assert aleppo["actors"] == ["Rebels"] and aleppo["targets"] == ["Army Forces"]
    assert (aleppo["place"], aleppo["country_code"], aleppo["admin1"], aleppo["admin2"]) == (
        "Aleppo", "SY", "Aleppo Governorate", None)
    assert (aleppo["lat"], aleppo["lon"], aleppo["geo_precision"], aleppo["geonameid"]) == (36.2, 37.16, "city", 170063)
    assert (aleppo["n_sources"], aleppo["n_articles"], aleppo["n_mentions"]) == (2, 2, 2)
    assert aleppo["fatalities"] == 12 and aleppo["injured"] is None, "12 and 15 reported: the lower"
    assert aleppo["contradicted"] is True and aleppo["negated"] is False and aleppo["certainty"] == "asserted"
    assert (aleppo["url"], aleppo["title"], aleppo["outlet"], aleppo["published"]) == (
        "https://ap.example/aleppo", "Rebels attack Aleppo", "AP", "2024-12-06")
    assert aleppo["evidence"] == "Rebels attacked Army Forces in Aleppo on 2024-12-05, killing 12 people."
    assert aleppo["attribution"] is None

    met = rows["Turkey met Russia"]
    assert (met["date"], met["date_precision"], met["date_basis"]) == ("2024-W49", "week", "anchored")
    assert met["attribution"] == "Reuters <- more than 10 people familiar"
    assert (met["certainty"], met["type"], met["cameo_root"], met["quad_class"]) == ("reported", "CONSULT", "04", 1)
    assert rows["Militia shelled Police"]["date_precision"] == "month"
    assert rows["Insurgents bombed Border Guards"]["date_precision"] == "year"
    rejected = rows["Army Forces rejected Rebels"]
    assert (rejected["date"], rejected["earliest"], rejected["latest"], rejected["date_precision"]) == (
        None, "2024-11-01", "2024-11-30", "interval")
    assert (rejected["place"], rejected["lat"], rejected["quad_class"]) == (None, None, 3)
    fell = rows["fell"]
    assert (fell["type"], fell["cameo_root"], fell["cameo_roots"], fell["quad_class"]) == (None, None, [], None)
    nowhere = rows["Gunmen captured Police"]
    assert (nowhere["place"], nowhere["lat"], nowhere["geo_precision"]) == ("Nowhere", None, "unknown")


# --- the formats ------------------------------------------------------------------------------

def _export(capsys: pytest.CaptureFixture[str], db: str, fmt: str, path: Path, *extra: str) -> str:
    code, out, err = _cli(capsys, "events", "--db", db, "--format", fmt, "--output", str(path), *extra)
    assert code == 0, err
    assert out == "" and path.exists()
    return err


def test_csv_reads_back_with_its_types(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "events.csv"
    _export(capsys, db, "csv", path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(COLUMN_NAMES) and len(rows) == len(_rows(db))
    table = pa_csv.read_csv(path)  # plain inference, no schema given
    types = {f.name: f.type for f in table.schema}
    assert types["earliest"] == pa.date32() and types["latest"] == pa.date32() and types["published"] == pa.date32()
    assert types["date"] == pa.string(), "a week, a month, a year beside days: the TIMEX value as text"
    assert types["lat"] == pa.float64() and types["lon"] == pa.float64()
    assert types["n_sources"] == pa.int64() and types["fatalities"] == pa.int64() and types["quad_class"] == pa.int64()
    assert types["negated"] == pa.bool_() and types["contradicted"] == pa.bool_()
    aleppo = next(r for r in rows if r["label"] == "Rebels attacked Army Forces")
    assert aleppo["cameo_roots"].split("; ") == ["18", "19", "20"] and aleppo["actors"].split("; ") == ["Rebels"]
    assert aleppo["negated"] == "false" and aleppo["admin2"] == ""
    # only day-precision dates: the date column is a date too
    days = tmp_path / "days.csv"
    _export(capsys, db, "csv", days, "--place", "Aleppo")
    assert pa_csv.read_csv(days).schema.field("date").type == pa.date32()


def test_json_and_jsonl_keep_lists_numbers_and_booleans(db: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    array = tmp_path / "events.json"
    _export(capsys, db, "json", array)
    rows = json.loads(array.read_text(encoding="utf-8"))
    assert isinstance(rows, list) and all(list(r) == list(COLUMN_NAMES) for r in rows)
    assert rows == list(_rows(db).values())
    aleppo = next(r for r in rows if r["label"] == "Rebels attacked Army Forces")
    assert aleppo["actors"] == ["Rebels"] and aleppo["negated"] is False and isinstance(aleppo["lat"], float)

    lines = tmp_path / "events.jsonl"
    _export(capsys, db, "jsonl", lines)
    assert [json.loads(ln) for ln in lines.read_text(encoding="utf-8").splitlines()] == rows
    inferred = pa_json.read_json(lines).schema
    assert inferred.field("n_sources").type == pa.int64() and inferred.field("negated").type == pa.bool_()
    assert inferred.field("lat").type == pa.float64() and inferred.field("actors").type == pa.list_(pa.string())
    # pyarrow's JSON reader takes ISO days for timestamps; they cast to the DATE the schema gives
    assert pa.types.is_timestamp(inferred.field("earliest").type)
    days = pa_json.read_json(lines).column("earliest").cast(arrow_schema(rows).field("earliest").type)
    assert [d and d.isoformat() for d in days.to_pylist()] == [r["earliest"] for r in rows]


def test_parquet_is_typed(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "events.parquet"
    _export(capsys, db, "parquet", path)
    table = pq.read_table(path)
    types = {f.name: f.type for f in table.schema}
    assert list(types) == list(COLUMN_NAMES) and table.num_rows == len(_rows(db))
    assert types["date"] == pa.string() and types["date_precision"] == pa.string()
    assert types["earliest"] == pa.date32() and types["latest"] == pa.date32() and types["published"] == pa.date32()
    assert types["lat"] == pa.float64() and types["lon"] == pa.float64()
    for name in ("n_sources", "n_articles", "n_mentions", "fatalities", "injured", "quad_class", "geonameid"):
        assert types[name] == pa.int64(), name
    assert types["negated"] == pa.bool_() and types["contradicted"] == pa.bool_()
    for name in ("actors", "targets", "cameo_roots"):
        assert pa.types.is_list(types[name]) and types[name].value_type == pa.string(), name
    assert table.schema.field("fatalities").metadata[b"meaning"].startswith(b"the dead")
    aleppo = next(r for r in table.to_pylist() if r["label"] == "Rebels attacked Army Forces")
    assert str(aleppo["earliest"]) == "2024-12-05" and aleppo["fatalities"] == 12 and aleppo["actors"] == ["Rebels"]

    days = tmp_path / "days.parquet"
    _export(capsys, db, "parquet", days, "--place", "Aleppo")
    day_table = pq.read_table(days)
    assert day_table.schema.field("date").type == pa.date32() and day_table.num_rows == 1


def test_geojson_has_the_placed_events_and_counts_the_rest(db: str, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "events.geojson"
    err = _export(capsys, db, "geojson", path)
    collection = json.loads(path.read_text(encoding="utf-8"))
    rows = _rows(db)
    placed = [r for r in rows.values() if r["lat"] is not None]
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == len(placed) == 4
    for feature in collection["features"]:
        props = feature["properties"]
        assert list(props) == list(COLUMN_NAMES) and feature["id"] == props["event_id"]
        assert feature["geometry"] == {"type": "Point", "coordinates": [props["lon"], props["lat"]]}
    left_out = len(rows) - len(placed)
    assert left_out == 3, "the rejection (no place), the capture in Nowhere (no coordinates), 'fell'"
    assert f"{left_out} of {len(rows)} events have no coordinates" in err


def test_parquet_without_pyarrow_is_one_line(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("pyarrow", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, name, None)  # `import pyarrow` now raises ImportError
    code, out, err = _cli(capsys, "events", "--db", db, "--format", "parquet", "--output", str(tmp_path / "e.pq"))
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and out == "" and len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith("dateline: ") and "pip install 'dateline[parquet]'" in lines[0]


def test_export_schema_lists_every_column(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(capsys, "export-schema")
    assert code == 0
    schema = json.loads(out)
    assert [c["name"] for c in schema["columns"]] == list(COLUMN_NAMES)
    assert all(c["type"] and c["parquet"] and c["meaning"] for c in schema["columns"])
    assert schema["date_precision"] == list(PRECISIONS)


def test_store_columns_keep_the_earlier_rows(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "events", "--db", db, "--format", "jsonl", "--columns", "store", "--coded")
    assert code == 0, err
    rows = [json.loads(ln) for ln in out.splitlines()]
    assert rows and {"id", "when_value", "corroboration", "n_documents"} <= set(rows[0])
    assert "event_id" not in rows[0]


# --- pandas, as an analyst reads the files ------------------------------------------------------
def _pandas_frames(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    import pandas as pd

    frames: dict[str, Any] = {}
    for fmt in ("csv", "json", "jsonl", "parquet", "geojson"):
        path = tmp_path / f"events.{fmt}"
        _export(capsys, db, fmt, path)
        if fmt == "csv":
            frames[fmt] = pd.read_csv(path)
        elif fmt == "parquet":
            frames[fmt] = pd.read_parquet(path)
        elif fmt == "geojson":
            features = json.loads(path.read_text(encoding="utf-8"))["features"]
            frames[fmt] = pd.json_normalize([f["properties"] for f in features])
        else:
            frames[fmt] = pd.read_json(path, lines=fmt == "jsonl")
        if fmt != "parquet":  # text formats: the ISO days parsed as an analyst parses them
            for name in ("earliest", "latest", "published"):
                frames[fmt][name] = pd.to_datetime(frames[fmt][name], format="ISO8601")
    return frames


def test_pandas_reads_every_export_with_the_expected_dtypes(db: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """pandas' own readers, no dtype given: numbers are numbers, flags booleans, the day columns
    dates (Parquet: DATE, the rest: parsed as the analyst would ask), in every format alike."""
    from pandas.api import types as pt

    frames = _pandas_frames(db, tmp_path, capsys)
    n_events = len(_rows(db))
    for fmt, frame in frames.items():
        assert list(frame.columns) == list(COLUMN_NAMES), fmt
        assert len(frame) == (4 if fmt == "geojson" else n_events), fmt
        for name in ("n_sources", "n_articles", "n_mentions"):
            assert pt.is_integer_dtype(frame[name]), (fmt, name, frame[name].dtype)
        for name in ("lat", "lon"):
            assert pt.is_float_dtype(frame[name]), (fmt, name, frame[name].dtype)
        assert pt.is_numeric_dtype(frame["fatalities"]), (fmt, frame["fatalities"].dtype)  # NaN where none
        for name in ("negated", "contradicted"):
            assert pt.is_bool_dtype(frame[name]), (fmt, name, frame[name].dtype)
        assert pt.is_string_dtype(frame["event_id"]) and pt.is_string_dtype(frame["type"]), fmt
        aleppo = frame[frame["label"] == "Rebels attacked Army Forces"].iloc[0]
        assert aleppo["fatalities"] == 12, fmt
        earliest = aleppo["earliest"]
        if fmt == "parquet":  # DATE arrives as datetime.date objects
            assert str(earliest) == "2024-12-05"
        else:
            assert pt.is_datetime64_any_dtype(frame["earliest"]), (fmt, frame["earliest"].dtype)
            assert earliest.date().isoformat() == "2024-12-05"
        actors = aleppo["actors"]
        if fmt == "csv":  # CSV has no lists: joined with "; "
            assert actors.split("; ") == ["Rebels"]
        else:
            assert list(actors) == ["Rebels"], fmt
    parquet = frames["parquet"]
    assert parquet["published"].map(type).eq(type(parquet["earliest"].dropna().iloc[0])).all()
