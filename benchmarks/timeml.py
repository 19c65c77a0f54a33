"""TempEval-3 task A figures of the time stage on the TimeML development data.

    python benchmarks/timeml.py [DIR] [--errors] [--limit N]

DIR defaults to ../shared/bench/timeml/TBAQ-cleaned; the script exits cleanly (status 0,
a message) when the data is absent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "bench" / "timeml" / "TBAQ-cleaned"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", nargs="?", default=str(DEFAULT))
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--no-files", action="store_true", help="omit the per-file table")
    args = parser.parse_args(argv)
    directory = Path(args.directory)
    if not directory.is_dir() or not any(directory.rglob("*.tml")):
        print(f"skipped: no TimeML files under {directory}")
        return 0
    from dateline.eval.timeml import evaluate, format_report

    report = evaluate(directory, errors=args.errors, limit=args.limit)
    print(format_report(report, per_file=not args.no_files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
