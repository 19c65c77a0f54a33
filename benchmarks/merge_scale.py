"""How the cross-document merge's cost per mention grows with the corpus: 10^4, 10^5 (10^6) mentions.

Why its own script: the merge rebuilds every corpus event from every stored mention (it is a pure
function of the per-article rows), so its cost per mention must stay flat for a store of a
million events; blocking by date, type and entity is what keeps the pairs compared per mention
bounded. The mentions are generated (`ingest.py`'s `_mentions`: n/3 events told about three
times each over a year, 1 in 10 dated to the month only, 1 in 20 undated), timed in memory
(`cluster` and `find_contradictions`) and as the full `merge_events` over a store holding them
as per-article rows (written in bulk, no analysis). Printed: seconds and µs per mention at
each size, and the growth against the smallest size (1.00 = flat).

    python benchmarks/merge_scale.py [--sizes 10000 100000] [--no-store]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from dateline.corpus.contradict import find_contradictions
from dateline.corpus.coref import cluster
from ingest import _mentions, _store_with


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-store", action="store_true", help="time the merge in memory only")
    args = parser.parse_args()
    from dateline.store.merge import merge_events

    print(f"{'mentions':>9} {'events':>8} {'memory s':>9} {'µs/mention':>11} {'growth':>7} "
          f"{'store s':>8} {'µs/mention':>11} {'growth':>7}", flush=True)
    first: tuple[float, float] | None = None
    for size in args.sizes:
        mentions = _mentions(size, random.Random(size))
        started = time.perf_counter()
        clusters = cluster(mentions)
        find_contradictions(mentions, clusters)
        memory = 1e6 * (time.perf_counter() - started) / size
        store_us = float("nan")
        if not args.no_store:
            with tempfile.TemporaryDirectory() as tmp:
                store = _store_with(mentions, Path(tmp) / "merge.db")
                started = time.perf_counter()
                merge_events(store)
                store_us = 1e6 * (time.perf_counter() - started) / size
                store.close()
        first = first or (memory, store_us)
        print(f"{size:>9} {len(set(clusters.values())):>8} {memory * size / 1e6:>9.2f} {memory:>11.1f} "
              f"{memory / first[0]:>7.2f} {store_us * size / 1e6:>8.2f} {store_us:>11.1f} "
              f"{store_us / first[1]:>7.2f}", flush=True)


if __name__ == "__main__":
    main()
