"""Ingest and merge throughput: articles/s into the store, and how the merge grows with size.

Why the fake analyzer for the store part: spaCy dominates a real ingest, so the store,
hashing, near-duplicate and commit costs are measured on their own (10,000 generated
articles); the real pipeline's articles/s is measured separately on a few articles. The
merge is timed on 1k, 10k and 100k generated mentions, in memory (blocking + scoring +
union-find, then the contradiction passes) and as the full `merge_events` over a store
holding them (rows written in bulk), to show the cost per mention stays flat.

The breakdown ingests N generated articles of wire-story length (`articles.py`) through the real
pipeline and says where the time goes per 1,000 articles: reading, analysis, near-duplicate
check, writing, merge.

    python benchmarks/ingest.py [--breakdown 1000] [--articles 10000] [--real 20] [--sizes 1000 10000 100000]
                                [--no-store-merge]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from dateline.corpus.contradict import find_contradictions
from dateline.corpus.coref import MentionFeatures, cluster
from dateline.corpus.fake import PLACES, FakeAnalyzer
from dateline.corpus.ingest import ingest
from dateline.corpus.sources import iter_items
from dateline.store import open_store

_WORDS = ["Alpha", "Bravo", "Cedar", "Delta", "Eagle", "Falcon", "Granite", "Harbor", "Iron", "Jade", "Kestrel",
          "Lion", "Meadow", "North", "Oak", "Pine", "Quartz", "River", "Stone", "Tiger", "Union", "Valley", "Wolf"]
GROUPS = [f"{w} {kind}" for w in _WORDS for kind in ("Brigade", "Front", "Militia", "Guard")]
VERBS = ["attacked", "shelled", "captured", "met", "accused", "bombed"]


def _article(rng: random.Random, i: int) -> str:
    actor, target = rng.sample(GROUPS, 2)
    place = rng.choice(list(PLACES))
    day = 1 + rng.randrange(28)
    month = 1 + rng.randrange(12)
    return (f"{actor} {rng.choice(VERBS)} {target} in {place} on 2024-{month:02d}-{day:02d}, killing "
            f"{rng.randrange(1, 40)} people. Dispatch {i}: witnesses described the scene in detail "
            f"({rng.random():.6f}).")


def bench_ingest(n: int) -> tuple[float, float]:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.jsonl"
        dump.write_text("\n".join(json.dumps({"text": _article(rng, i), "source": f"S{i % 50}"})
                                  for i in range(n)) + "\n", encoding="utf-8")
        store = open_store(str(Path(tmp) / "bench.db"))
        summary = ingest(store, iter_items([str(dump)], max_bytes=10**6), FakeAnalyzer, merge=False)
        started = time.perf_counter()
        from dateline.store.merge import merge_events

        merge_events(store)
        merge_s = time.perf_counter() - started
        store.close()
    return summary.added / summary.seconds, merge_s


def bench_real(n: int) -> float:
    from dateline.analyzer import Analyzer

    rng = random.Random(3)
    analyzer = Analyzer()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.jsonl"
        dump.write_text("\n".join(json.dumps({"text": _article(rng, i) * 4}) for i in range(n)) + "\n")
        store = open_store(str(Path(tmp) / "real.db"))
        summary = ingest(store, iter_items([str(dump)], max_bytes=10**6), lambda: analyzer, merge=False)
        store.close()
    return summary.added / summary.seconds


def _mentions(n: int, rng: random.Random) -> list[MentionFeatures]:
    """n mentions of n/3 underlying events (each told ~3 times), over a year; 1 in 10 dated to the
    month only, 1 in 20 undated, so every blocking path is exercised."""
    out = []
    for i in range(n):
        event = rng.randrange(max(1, n // 3))
        er = random.Random(event)
        day = 738_886 + er.randrange(365)
        actor, target = er.sample(GROUPS, 2)
        words = frozenset(er.sample(["attack", "city", "night", "troops", "border", "shelling", "civilians",
                                     "hospital", "convoy", "bridge", "village", "drone"], 4))
        when = date.fromordinal(day)
        interval: tuple[int, int] | None = (day, day)
        value = when.isoformat()
        roll = rng.random()
        if roll < 0.05:
            interval, value = None, ""
        elif roll < 0.15:
            first = when.replace(day=1).toordinal()
            interval, value = (first, first + 27), value[:7]
        out.append(MentionFeatures(key=f"{i:09d}", doc=f"d{i}", type=er.choice(["ASSAULT", "DEATH", "CONSULT"]),
                                   trigger=er.choice(VERBS), interval=interval, actors=frozenset([actor]),
                                   targets=frozenset([target]), places=frozenset([er.choice(list(PLACES))]),
                                   words=words, date_value=value or None, date_explicit=bool(value)))
    return out


def _store_with(mentions: list[MentionFeatures], path: Path) -> Any:
    """A store holding `mentions` as per-article rows, written in bulk (no analysis)."""
    from dateline.store import tables as t
    from dateline.store.records import pack_record_json

    store = open_store(str(path))
    with store.engine.begin() as conn:
        conn.execute(t.documents.insert(), [{"id": m.doc, "seq": i + 1, "locator": m.doc, "text": "",
                                             "record_z": pack_record_json("{}"), "source_name": f"S{i % 50}"}
                                            for i, m in enumerate(mentions)])
        conn.execute(t.places.insert(), [{"id": name, "name": name, "lat": lat, "lon": lon}
                                         for name, (lat, lon, _) in PLACES.items()])
        conn.execute(t.event_mentions.insert(), [{
            "doc_id": m.doc, "local_id": "v1", "type": m.type, "trigger": m.trigger, "start": 0, "end": 1,
            "sentence": " ".join(sorted(m.words)), "when_value": m.date_value,
            "when_earliest": date.fromordinal(m.interval[0]).isoformat() if m.interval else None,
            "when_latest": date.fromordinal(m.interval[1]).isoformat() if m.interval else None,
            "when_basis": "explicit" if m.date_explicit else None, "certainty": "asserted", "negated": False,
            "actors": json.dumps(sorted(m.actors)), "targets": json.dumps(sorted(m.targets)),
            "places": json.dumps(sorted(m.places)), "quantities": "[]",
        } for m in mentions])
    return store


def bench_merge(sizes: list[int], with_store: bool) -> None:
    """Per-mention cost of the merge at each size: in memory (cluster, contradictions) and in the store."""
    from dateline.store.merge import merge_events

    print(f"\n{'mentions':>9} {'cluster s':>10} {'contra s':>9} {'µs/mention':>11} {'events':>8} "
          f"{'store merge s':>14} {'µs/mention':>11}")
    for size in sizes:
        mentions = _mentions(size, random.Random(size))
        started = time.perf_counter()
        clusters = cluster(mentions)
        clustered = time.perf_counter() - started
        find_contradictions(mentions, clusters)
        both = time.perf_counter() - started
        store_cells = ""
        if with_store:
            with tempfile.TemporaryDirectory() as tmp:
                store = _store_with(mentions, Path(tmp) / "merge.db")
                started = time.perf_counter()
                merge_events(store)
                took = time.perf_counter() - started
                store.close()
            store_cells = f"{took:>14.2f} {1e6 * took / size:>11.1f}"
        print(f"{size:>9} {clustered:>10.2f} {both - clustered:>9.2f} {1e6 * both / size:>11.1f} "
              f"{len(set(clusters.values())):>8} {store_cells}", flush=True)


class _Parts:
    """Exclusive time per part of the ingest: a timed call nested in another (the near-duplicate match
    inside `store_one`) counts for its own part only."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._stack: list[list[float]] = []

    def wrap(self, part: str, fn: Any, *, consume: bool = False) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._stack.append([time.perf_counter(), 0.0])
            try:
                result = fn(*args, **kwargs)
                return iter(list(result)) if consume else result  # a generator's work is in its iteration
            finally:
                started, inner = self._stack.pop()
                took = time.perf_counter() - started
                self.seconds[part] = self.seconds.get(part, 0.0) + took - inner
                if self._stack:
                    self._stack[-1][1] += took
        return timed

    def items(self, items: Any) -> Any:
        iterator = iter(items)
        while True:
            item = self.wrap("read", next)(iterator, None)
            if item is None:
                return
            yield item


def bench_breakdown(n: int) -> None:
    """Where a real ingest's time goes, per 1,000 articles: read (files, JSON, text decoding), analysis,
    near-duplicate check (MinHash signatures, LSH match), write (the rows, the commit), merge; and the
    ingest's articles/s against the analysis alone (goal: >= 0.85x on one worker)."""
    import dateline.corpus.ingest as ingest_module
    from articles import generated_articles
    from dateline.analyzer import Analyzer
    from dateline.corpus.neardup import NearDupIndex

    parts = _Parts()
    analyzer = Analyzer()
    analyzer.analyze_documents = parts.wrap("analysis", analyzer.analyze_documents, consume=True)  # type: ignore[method-assign]
    patched = {"to_document": "read", "minhash": "near-dup", "signature_hex": "near-dup",
               "signature_from_hex": "near-dup", "write_record": "write", "merge_events": "merge"}
    saved = {name: getattr(ingest_module, name) for name in patched}
    saved_index = (NearDupIndex.match, NearDupIndex.add)
    saved_store = ingest_module.IngestRun.store_one
    for name, part in patched.items():
        setattr(ingest_module, name, parts.wrap(part, saved[name]))
    NearDupIndex.match = parts.wrap("near-dup", saved_index[0])  # type: ignore[method-assign]
    NearDupIndex.add = parts.wrap("near-dup", saved_index[1])  # type: ignore[method-assign]
    ingest_module.IngestRun.store_one = parts.wrap("write", saved_store)  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "dump.jsonl"
            dump.write_text("".join(json.dumps({"text": t, "published": p, "source": f"S{i % 40}"}) + "\n"
                                    for i, (t, p) in enumerate(generated_articles(n))), encoding="utf-8")
            store = open_store(str(Path(tmp) / "breakdown.db"))
            started = time.perf_counter()
            summary = ingest(store, parts.items(iter_items([str(dump)], max_bytes=10**7)), lambda: analyzer)
            wall = time.perf_counter() - started
            store.close()
    finally:
        for name in patched:
            setattr(ingest_module, name, saved[name])
        NearDupIndex.match, NearDupIndex.add = saved_index  # type: ignore[method-assign]
        ingest_module.IngestRun.store_one = saved_store  # type: ignore[method-assign]
    per = 1000 / max(1, summary.added)
    print(f"\nwhere ingest time goes: {summary.added} generated articles (400-700 words), one process")
    print(f"{'part':<10} {'s':>8} {'s per 1,000 articles':>21} {'share':>7}")
    accounted = 0.0
    for part in ("read", "analysis", "near-dup", "write", "merge"):
        took = parts.seconds.get(part, 0.0)
        accounted += took
        print(f"{part:<10} {took:>8.2f} {took * per:>21.1f} {100 * took / wall:>6.1f}%")
    print(f"{'other':<10} {wall - accounted:>8.2f} {(wall - accounted) * per:>21.1f} "
          f"{100 * (wall - accounted) / wall:>6.1f}%")
    print(f"{'total':<10} {wall:>8.2f} {wall * per:>21.1f}")
    if summary.merge:
        merge_s = parts.seconds.get("merge", 0.0)
        print(f"merge: {summary.merge.mentions} event mentions into {summary.merge.events} events, "
              f"{1e6 * merge_s / max(1, summary.merge.mentions):.0f} µs per mention")
    analysis_rate = summary.added / parts.seconds["analysis"]
    print(f"ingest {summary.added / wall:.1f} articles/s, analysis alone {analysis_rate:.1f} articles/s: "
          f"{summary.added / wall / analysis_rate:.2f}x (goal >= 0.85x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--real", type=int, default=20)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--no-store-merge", action="store_true", help="time the merge in memory only")
    parser.add_argument("--breakdown", type=int, default=1000, metavar="N",
                        help="real ingest of N generated articles, time per part (0: skip)")
    args = parser.parse_args()

    if args.breakdown:
        bench_breakdown(args.breakdown)

    if args.articles:
        rate, merge_s = bench_ingest(args.articles)
        print(f"store ingest (fake analyzer): {args.articles} articles, {rate:.0f} articles/s; "
              f"merge of the stored events {merge_s:.2f} s")
    if args.real:
        print(f"real pipeline ingest: {args.real} articles, {bench_real(args.real):.1f} articles/s")
    bench_merge(args.sizes, not args.no_store_merge)


if __name__ == "__main__":
    main()
