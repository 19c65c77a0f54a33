"""Toponym recognition and resolution on LGL, GeoVirus and our own set: prints the scores.

Usage::

    python benchmarks/geo.py [FILE ...] [--limit N] [--misses N]

Without FILE it scores ../shared/bench/geo/GeoVirus.xml, lgl.xml (skipped when absent)
and tests/data/geo_news.yaml. The same as `dateline eval geo`; the scorer lives in
`dateline.eval.geo` (span P/R/F1, accuracy within 161 km, mean error in km).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dateline.eval.geo import DEFAULT_FILES, run_cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench" / "geo"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles of each file")
    parser.add_argument("--misses", type=int, default=0, help="also list the N worst resolutions")
    args = parser.parse_args(argv)
    if not args.paths:
        args.paths = [SHARED / name for name in DEFAULT_FILES] + [ROOT / "tests" / "data" / "geo_news.yaml"]
    return run_cli(args)


if __name__ == "__main__":
    raise SystemExit(main())
