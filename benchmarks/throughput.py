"""Throughput: dateline's `analyze` against the bare spaCy pipeline on the same texts.

Prints both times and their ratio; dateline's own stages should add at most 25% to
spaCy's time. The corpus is built from the bundled demo article and, when present, the
shared example and MEANTIME texts, repeated to N articles. Run:

    python benchmarks/throughput.py [--articles 200] [--model NAME]
"""

from __future__ import annotations

import argparse
import re
import time
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dateline.analyzer import Analyzer, make_document
from dateline.pipeline import clean

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def corpus_texts() -> list[str]:
    texts = [resources.files("dateline.examples").joinpath("rebel-advance-demo.txt").read_text("utf-8")]
    example = SHARED / "examples" / "assad-fled-moscow.txt"
    if example.exists():
        texts.append(example.read_text("utf-8"))
    meantime = SHARED / "bench" / "meantime" / "intra-doc_annotation" / "corpus_apple"
    for path in sorted(meantime.glob("*.xml"))[:30] if meantime.exists() else []:
        tokens = re.findall(r"<token[^>]*>([^<]*)</token>", path.read_text("utf-8"))
        texts.append(" ".join(tokens))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--model", default=None)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best is kept")
    args = parser.parse_args()

    from dateline.settings import Settings

    settings = Settings(model=args.model) if args.model else Settings()
    analyzer = Analyzer(settings)
    base = corpus_texts()
    texts = [base[i % len(base)] for i in range(args.articles)]
    n_chars = sum(len(t) for t in texts)
    analyzer.analyze(texts[0], published="2024-12-13")  # warm up caches and lazy loads

    def bare() -> None:
        for _ in analyzer.nlp.pipe((clean.masked_text(t, clean.find_debris(t)) for t in texts),
                                   batch_size=settings.batch_size):
            pass

    def full() -> None:
        docs = (make_document(t, published="2024-12-13") for t in texts)
        for _ in analyzer.analyze_documents(docs):
            pass

    # CPU seconds of this process: on a shared machine wall time swings with other load,
    # CPU time much less; both are printed, the ratio uses CPU time.
    spacy_wall, spacy_s = min(_timed(bare) for _ in range(args.repeat))
    dateline_wall, dateline_s = min(_timed(full) for _ in range(args.repeat))
    table = Table(title=f"throughput: {len(texts)} articles, {n_chars / 1e6:.2f} M chars, model {settings.model}")
    for col in ("pipeline", "CPU s", "wall s", "articles/s (CPU)", "chars/s (CPU)"):
        table.add_column(col, justify="right")
    table.add_row("spaCy alone", f"{spacy_s:.2f}", f"{spacy_wall:.2f}", f"{len(texts) / spacy_s:.1f}",
                  f"{n_chars / spacy_s:,.0f}")
    table.add_row("dateline analyze", f"{dateline_s:.2f}", f"{dateline_wall:.2f}", f"{len(texts) / dateline_s:.1f}",
                  f"{n_chars / dateline_s:,.0f}")
    console = Console()
    console.print(table)
    console.print(f"ratio dateline / spaCy (CPU) = {dateline_s / spacy_s:.3f} "
                  f"(dateline's own stages add {100 * (dateline_s / spacy_s - 1):.1f}%; goal <= 25%)")
    per_stage = _per_stage(analyzer, texts)
    stage_table = Table(title="CPU time per dateline stage (seconds, same corpus)")
    stage_table.add_column("stage")
    stage_table.add_column("seconds", justify="right")
    for name, secs in per_stage.items():
        stage_table.add_row(name, f"{secs:.3f}")
    console.print(stage_table)


def _timed(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall seconds, CPU seconds of this process) of one call."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def _per_stage(analyzer: Analyzer, texts: list[str]) -> dict[str, float]:
    from dateline.model import Record

    totals = {stage.name: 0.0 for stage in analyzer.stages}
    docs = list(analyzer.nlp.pipe(texts))
    for text, doc in zip(texts, docs, strict=True):
        record = Record(document=make_document(text, published="2024-12-13"))
        for stage in analyzer.stages:
            t0 = time.process_time()
            stage(doc, record)
            totals[stage.name] += time.process_time() - t0
    return totals


if __name__ == "__main__":
    main()
