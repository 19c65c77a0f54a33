"""Builds the gazetteer's airport table from the airportsdata package's CSV.

    python scripts/build_airports.py            # rewrite src/dateline/resources/places/airports.tsv.gz
    python scripts/build_airports.py --check    # rebuild and compare with the shipped file (exit 1: stale)

Source: `airports.csv` that the PyPI package airportsdata (MIT; it includes data of
mwgg/Airports, MIT) ships: every ICAO-coded aerodrome with its name, city, subdivision,
country and reference point. Only that file is read, found without importing the package.

Which airports: those with an IATA location code (7.9k of 28k). IATA codes go to airports
with airline service (and some stations and heliports, left out by `airport_words.tsv`'s
`excluded` words), so the table holds the airports news names, not the thousands of private
strips named after the town beside them, which would only compete with the towns' names.
A name must also hold an airport word (`airport` role): "Gansner Field" alone reads as a
sports ground or a person. The package gives no size class, so none is kept.

Why a derived table instead of the dependency: the index build needs seven columns of a
fifth of the rows; gzipped (no time stamp) the table is a few hundred kB instead of the
package's 3 MB CSV, and the build stays offline and independent of the package's release
cadence (it publishes a new version every month). `--check` compares the text.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from importlib import resources
from pathlib import Path

from dateline.resources import load_tsv

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gzip_table  # noqa: E402

OUT = ROOT / "src" / "dateline" / "resources" / "places" / "airports.tsv.gz"
COLUMNS = ("iata", "icao", "name", "city", "subd", "country_code", "lat", "lon")
_CSV_COLUMNS = ("iata", "icao", "name", "city", "subd", "country", "lat", "lon")


def airports_csv() -> Path | None:
    """The CSV airportsdata ships, or None when the package is not installed."""
    try:
        path = Path(str(resources.files("airportsdata").joinpath("airports.csv")))
    except ModuleNotFoundError:
        return None
    return path if path.exists() else None


def _phrases(role: str) -> re.Pattern[str]:
    words = [r["phrase"] for r in load_tsv("places/airport_words.tsv", ("phrase", "role")) if r["role"] == role]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def build(csv_path: Path, version: str) -> str:
    """The table's text: a provenance comment, the header, one row per kept airport."""
    airport, excluded = _phrases("airport"), _phrases("excluded")
    out = io.StringIO()
    out.write(
        f"# airportsdata {version} airports.csv (MIT; includes mwgg/Airports, MIT): IATA-coded airports "
        "whose name holds an airport word; built by scripts/build_airports.py\n"
    )
    out.write("\t".join(COLUMNS) + "\n")
    with csv_path.open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: (r["iata"], r["icao"]))
    for row in rows:
        if not row["iata"] or not airport.search(row["name"]) or excluded.search(row["name"]):
            continue
        out.write(gzip_table.tsv_line([row[c].strip() for c in _CSV_COLUMNS], csv_path))
    return out.getvalue()


def read_shipped(path: Path = OUT) -> str:
    return gzip_table.read_shipped(path)


def main(argv: list[str] | None = None) -> int:
    return gzip_table.table_main(
        argv, script="build_airports.py", description=__doc__.split("\n\n")[0], package="airportsdata",
        install="pip install airportsdata", out=OUT, source=airports_csv, build=build, rows="airports")


if __name__ == "__main__":
    sys.exit(main())
