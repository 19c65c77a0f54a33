"""Events, arguments, sources and certainty: prints precision/recall per type and per field.

Usage::

    python benchmarks/events.py [--sentences tests/data/events_sentences.yaml]
                                [--meantime ../shared/bench/meantime] [--limit N] [--misses]

Two data sets: the short sentences written for dateline (every PLOVER type, passives,
negation, hedges, each attribution pattern; `tests/data/events_sentences.yaml`) and, when
present, MEANTIME's intra-document annotation (event mentions with certainty, polarity and
time). MEANTIME is read from `../shared/bench/` and skipped cleanly when absent.

The sentence set and the first MEANTIME trigger figures score CODED events only (a PLOVER
type or news kind): they are about the coding. Then every event (the TimeML detector's too)
against every MEANTIME event mention of the annotated sentences, and against the mentions
that carry a date (their instance's TIME in `list_instances_apple.csv`, else a TLINK to a
dated timex): found, and found and dated right.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ROOT / "tests" / "data" / "events_sentences.yaml"
MEANTIME = ROOT.parent / "shared" / "bench" / "meantime" / "intra-doc_annotation" / "corpus_apple"
CROSS_DOC = "intra_cross-doc_annotation/corpus_apple"  # relative to the meantime folder
INSTANCES = "list_instances_apple.csv"


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def sentences(path: Path, show_misses: bool) -> None:
    from dateline.analyzer import Analyzer
    from dateline.eval.events import load_sentences, score_sentences

    items = load_sentences(path)
    analyzer = Analyzer()
    t0 = time.perf_counter()
    records = [analyzer.analyze(text, published="2024-01-15") for text, _ in items]
    elapsed = time.perf_counter() - t0
    scores = score_sentences((text, golds, rec) for (text, golds), rec in zip(items, records, strict=True))
    n_gold = sum(len(g) for _, g in items)
    print(f"sentences          {path.name} ({len(items)} items, {n_gold} gold events, {elapsed:.1f} s)")
    print(f"{'':18} {'P':>5} {'R':>5} {'F1':>5}   tp  fp  fn")
    for name in sorted(scores.types):
        pr = scores.types[name]
        print(f"type {name:13} {_pct(pr.precision)} {_pct(pr.recall)} {_pct(pr.f1)}  {pr.tp:3} {pr.fp:3} {pr.fn:3}")
    for label, pr in (
        ("trigger", scores.detection),
        ("actor", scores.actor),
        ("target", scores.target),
        ("source", scores.source),
    ):
        print(f"{label:18} {_pct(pr.precision)} {_pct(pr.recall)} {_pct(pr.f1)}  {pr.tp:3} {pr.fp:3} {pr.fn:3}")
    print(f"certainty accuracy {_pct(scores.certainty_accuracy)}  (over matched triggers)")
    labels = sorted({g for g, _ in scores.certainty} | {s for _, s in scores.certainty})
    for label in labels:
        tp = scores.certainty[(label, label)]
        gold = sum(n for (g, _), n in scores.certainty.items() if g == label)
        said = sum(n for (_, s), n in scores.certainty.items() if s == label)
        p = tp / said if said else 0.0
        r = tp / gold if gold else 0.0
        print(f"  certainty {label:10} P {_pct(p)} R {_pct(r)}  (gold {gold}, system {said})")
    if show_misses:
        for miss in scores.misses:
            print("  -", miss)


def meantime(folder: Path, limit: int | None) -> None:
    if not folder.is_dir():
        print(f"meantime           skipped: {folder} is absent", file=sys.stderr)
        return
    from dateline.analyzer import Analyzer
    from dateline.eval.events import read_meantime, score_meantime, score_meantime_all, score_meantime_dated

    root = folder.parents[1] if len(folder.parents) > 1 else folder
    cross_doc, instances = root / CROSS_DOC, root / INSTANCES
    docs = list(read_meantime(folder, cross_doc if cross_doc.is_dir() else None,
                              instances if instances.exists() else None))[:limit]
    analyzer = Analyzer()
    t0 = time.perf_counter()
    # the DCT as the publication date, so the dating stage can date the events
    records = [analyzer.analyze(doc.text, published=doc.dct) for doc in docs]
    elapsed = time.perf_counter() - t0
    result = score_meantime(zip(docs, records, strict=True))
    det = result["detection"]
    n = max(result["matched"], 1)
    print(f"meantime           {len(docs)} documents, {det.tp + det.fn} gold event mentions, {elapsed:.1f} s")
    found = det.tp + det.fp
    print(f"coded precision    {_pct(det.precision)}  ({det.tp} of {found} coded dateline events are MEANTIME events;"
          " whole text)")
    print(f"coded recall       {_pct(det.recall)}  (MEANTIME marks every event; the coding only news events)")
    for key in ("polarity", "certainty", "time"):
        print(f"{key + ' agreement':18} {_pct(result['agree'][key] / n)}  (over {result['matched']} matched)")
    for (gold, system), count in result["confusion"].most_common(8):
        print(f"  {gold:34} -> {system:11} {count}")
    every = score_meantime_all(zip(docs, records, strict=True))
    print(f"all events         P {_pct(every.precision)}  R {_pct(every.recall)}  F1 {_pct(every.f1)}  "
          f"(tp {every.tp}, fp {every.fp}, fn {every.fn}: every event in the annotated sentences, overlap)")
    dated = score_meantime_dated(zip(docs, records, strict=True))
    g = max(dated["gold"], 1)
    sources = ", ".join(f"{k} {v}" for k, v in sorted(dated["by_source"].items()))
    print(f"dated gold         {dated['gold']} mentions with a gold date ({sources})")
    print(f"  found            {dated['found']:4}  {_pct(dated['found'] / g)} %  (recall over the dated mentions)")
    print(f"  found, dated right {dated['right']:2}  {_pct(dated['right'] / g)} %  "
          f"({_pct(dated['right'] / max(dated['found'], 1)).strip()} % of those found; the publication date "
          f"is right for {_pct(dated['publication_found'] / max(dated['found'], 1)).strip()} % of them)")
    print(f"  baseline: publication date {dated['publication']:3}  {_pct(dated['publication'] / g)} %  "
          "(every dated mention on the DCT)")
    print("  dating sieves on the found ones: events, right, publication date right")
    for name, (n, right, pub) in sorted(dated["by_sieve"].items(), key=lambda kv: -kv[1][0]):
        print(f"    {name:<16} {n:4} {right:4} ({_pct(right / n).strip()} %)  {pub:4} ({_pct(pub / n).strip()} %)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=Path, default=SENTENCES)
    parser.add_argument("--meantime", type=Path, default=MEANTIME)
    parser.add_argument("--limit", type=int, default=None, help="MEANTIME documents to read")
    parser.add_argument("--misses", action="store_true", help="list every disagreement on the sentences")
    args = parser.parse_args(argv)
    if args.sentences.exists():
        sentences(args.sentences, args.misses)
    else:
        print(f"sentences          skipped: {args.sentences} is absent", file=sys.stderr)
    meantime(args.meantime, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
