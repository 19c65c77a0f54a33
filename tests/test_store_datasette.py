"""Other tools reading a store file as it is: Datasette (its full-text search found, the metadata that
`dateline datasette-metadata` writes) and DuckDB (through its SQLite scanner)."""

from __future__ import annotations

import asyncio
import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from dateline.cli import main
from dateline.corpus.fake import FakeAnalyzer
from dateline.corpus.ingest import ingest
from dateline.corpus.sources import iter_items
from dateline.errors import ResourceError, UsageError
from dateline.store import datasette as ds_meta
from dateline.store import open_store
from dateline.store import tables as t

ARTICLES = [
    {"text": "Rebels attacked Army Forces in Aleppo on 2024-12-01, killing 12 people. Blankets ran short.",
     "source": "AP", "url": "https://ap.example/1", "published": "2024-12-02", "title": "Rebels attack Aleppo"},
    {"text": "Militia shelled Army Forces in Homs on 2024-12-03. Turkey met Russia in Damascus on 2024-12-05.",
     "source": "Gazette", "published": "2024-12-04", "title": "Shelling in Homs"},
]


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    dump = folder / "a.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in ARTICLES) + "\n", encoding="utf-8")
    store = open_store(str(folder / "dateline.db"))
    ingest(store, iter_items([str(dump)], max_bytes=10**6), FakeAnalyzer)
    store.close()
    return folder / "dateline.db"


def _get(path: Path, *urls: str, metadata: dict[str, Any] | None = None) -> list[Any]:
    datasette = pytest.importorskip("datasette.app")

    async def fetch() -> list[Any]:
        app = datasette.Datasette([str(path)], metadata=copy.deepcopy(metadata))  # Datasette changes it
        return [await app.client.get(url) for url in urls]

    return asyncio.run(fetch())


def test_datasette_finds_the_documents_search_and_answers_it(store_file: Path) -> None:
    search = "/dateline/documents.json?_shape=objects&_search="
    page, hit, miss = _get(store_file, "/dateline/documents", search + "blankets", search + "tanks")
    assert page.status_code == 200 and 'name="_search"' in page.text  # the search box: FTS detected
    assert [r["title"] for r in hit.json()["rows"]] == ["Rebels attack Aleppo"]
    assert miss.json()["rows"] == []


def test_datasette_reads_the_view_with_names_and_the_generated_metadata(store_file: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "metadata.yaml"
    assert main(["datasette-metadata", "--db", str(store_file), "--out", str(out)]) == 0
    metadata = yaml.safe_load(out.read_text(encoding="utf-8"))
    tables = metadata["databases"]["dateline"]["tables"]
    assert tables["documents"]["fts_table"] == "documents_fts" and tables["alembic_version"]["hidden"]
    urls = [f"/dateline/{name}" for name in tables if name != "alembic_version" and not tables[name].get("hidden")]
    answers = _get(store_file, *urls, "/dateline/events_flat.json?_shape=objects&type=CONSULT", metadata=metadata)
    for url, answer in zip(urls, answers, strict=False):
        assert answer.status_code == 200, url
    events_page = answers[urls.index("/dateline/events_flat")]
    assert "every actor&#39;s name" in events_page.text or "every actor's name" in events_page.text
    (consult,) = answers[-1].json()["rows"]
    assert (consult["actors"], consult["targets"], consult["outlet"], consult["title"]) == (
        "Turkey", "Russia", "Gazette", "Shelling in Homs")
    assert main(["datasette-metadata", "--db", str(store_file)]) == 0  # stdout
    assert yaml.safe_load(capsys.readouterr().out) == metadata


def test_every_column_of_the_main_tables_is_described_in_exactly_one_place() -> None:
    for table in ("documents", "events", "event_mentions", "event_sources", "claim_links", "entities", "places"):
        described = ds_meta.column_descriptions(table)
        assert set(described) == set(t.metadata.tables[table].columns.keys()), table
    view = ds_meta.column_descriptions(ds_meta.VIEW)
    assert set(view) == set(ds_meta.VIEW_COLUMNS)
    from dateline.export.columns import COLUMNS

    assert view["outlet"] == next(c.meaning for c in COLUMNS if c.name == "outlet")  # from the event table


def test_a_description_written_twice_is_refused_naming_the_column(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = {"tables": {"documents": {"columns": {"seq": "again"}}}}
    monkeypatch.setattr(ds_meta, "load_yaml", lambda _: settings)
    with pytest.raises(ResourceError, match=r"documents\.seq: described in store/tables.py already"):
        ds_meta.datasette_metadata("dateline.db")
    settings["tables"] = {"documents": {"columns": {"colour": "none"}}}
    with pytest.raises(ResourceError, match=r"documents\.colour: no such column"):
        ds_meta.datasette_metadata("dateline.db")


def test_datasette_metadata_refuses_a_postgresql_store() -> None:
    with pytest.raises(UsageError, match="SQLite files only"):
        ds_meta.database_name("postgresql://localhost/dateline")
    assert ds_meta.database_name("sqlite:///tmp/corpus.db") == "corpus"


def test_duckdb_reads_the_store_tables_and_view_with_real_dates(store_file: Path) -> None:
    """DuckDB's SQLite scanner from the package that ships its binary (no download; DuckDB checks the
    binary's signature on LOAD, unsigned extensions stay refused)."""
    duckdb = pytest.importorskip("duckdb")
    scanner = pytest.importorskip("duckdb_extension_sqlite_scanner")
    from importlib.resources import files

    binary = next(p for p in files(scanner.__name__).joinpath("extensions").iterdir()
                  if p.name == f"v{duckdb.__version__}") / "sqlite_scanner.duckdb_extension"
    con = duckdb.connect()
    assert con.execute("SELECT current_setting('allow_unsigned_extensions')").fetchone() == (False,)
    con.execute(f"LOAD '{binary}'")
    con.execute(f"ATTACH '{store_file}' AS store (TYPE sqlite, READ_ONLY)")
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name = 'events'").fetchall())
    assert types["date_earliest"] == "DATE" and types["date_latest"] == "DATE"
    rows = con.execute("SELECT type, earliest, actors, targets, outlet FROM store.events_flat "
                       "WHERE type IS NOT NULL ORDER BY earliest").fetchall()
    assert rows[0] == ("ASSAULT", date(2024, 12, 1), "Rebels", "Army Forces", "AP")
    assert ("CONSULT", date(2024, 12, 5), "Turkey", "Russia", "Gazette") in rows
    n = con.execute("SELECT count(*) FROM store.event_mentions m JOIN store.documents d ON d.id = m.doc_id "
                    "WHERE m.date_precision = 'day'").fetchone()[0]
    assert n >= 3
    con.close()
