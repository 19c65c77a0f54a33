"""Startup: wall time of whole `dateline` processes for help and for the read commands.

Why whole processes: what an analyst waits for is the interpreter start, the imports and
the query together, and the imports dominated (spaCy, thinc, trafilatura, the eval
harnesses were loaded by `dateline --help`). Each command runs as a subprocess, `--runs`
times, and the minimum is printed (the least disturbed run: other work on the machine only
ever adds time). The store is a 10,000-event corpus written through the store's own write
path and merge (`corpus.fake.fill_store`, no spaCy), built once per run of this script in a
temporary directory, or kept at `--store PATH` (built there when absent) so that repeated
runs skip the build. Goal (issue: a CLI analysts can trust): under 1 s for each row; it is
printed beside the figures, not asserted.

    python benchmarks/startup.py [--events 10000] [--runs 3] [--store PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_S = 1.0


def build_store(path: Path, n_events: int) -> float:
    """Fill a new SQLite store at `path` with `n_events` fake events; the seconds it took."""
    from dateline.corpus.fake import fill_store
    from dateline.store.db import open_store

    started = time.perf_counter()
    store = open_store(str(path))
    try:
        fill_store(store, n_events)
    finally:
        store.close()
    return time.perf_counter() - started


def commands(db: str) -> list[list[str]]:
    """The timed command lines, as the user types them (after `dateline`)."""
    return [
        ["--help"],
        ["events", "--help"],
        ["events", "--db", db, "--limit", "20"],
        ["entities", "--db", db],
        ["timeline", "--db", db],
        ["timeline", "--db", db, "--limit", "20"],
    ]


def dateline_executable() -> list[str]:
    """The installed `dateline` script beside this interpreter (else `python -m dateline`)."""
    script = Path(sys.executable).with_name("dateline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dateline"]


def time_command(argv: list[str], runs: int) -> tuple[float, int]:
    """Minimum wall seconds over `runs` runs of `argv`, and the exit code of the last."""
    best, code = float("inf"), 0
    env = {**os.environ, "COLUMNS": "160"}
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
        best = min(best, time.perf_counter() - started)
        code = done.returncode
        if code != 0:
            sys.stderr.write(done.stderr.decode(errors="replace"))
    return best, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=10_000, help="events in the generated store")
    parser.add_argument("--runs", type=int, default=3, help="runs per command; the minimum is printed")
    parser.add_argument("--store", help="keep the store here (built when the file is absent)")
    args = parser.parse_args()

    tmp = None if args.store else tempfile.mkdtemp(prefix="dateline-startup-")
    path = Path(args.store) if args.store else Path(tmp or ".") / "startup.db"
    try:
        if not path.exists():
            built = build_store(path, args.events)
            print(f"store: {args.events} fake events into {path} in {built:.1f} s")
        else:
            print(f"store: {path} (kept)")
        exe = dateline_executable()
        print(f"\n{'command':<52} {'min s':>7} {'exit':>5}  goal < {GOAL_S:.0f} s")
        for argv in commands(str(path)):
            seconds, code = time_command([*exe, *argv], args.runs)
            shown = " ".join(["dateline", *argv]).replace(str(path), "STORE")
            mark = "ok" if seconds < GOAL_S else "over"
            print(f"{shown:<52} {seconds:>7.2f} {code:>5}  {mark}", flush=True)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
