"""Resolution weights, one at a time: prints accuracy@161 km per corpus for each variant.

Usage::

    python benchmarks/geo_weights.py [--set near=1.0 --set cooccur=1.0 ...] [FILE ...]

Why: the place stage's choice is a sum of weighted terms (`dateline.gazetteer.resolve.Weights`);
changing one moves LGL, GeoVirus and our own set in different directions. spaCy's parse is
most of the cost, so the corpora are parsed once and only the place stage runs again for
each variant. Each `--set NAME=VALUE` is a row of its own, compared with the defaults.
The corpora are read from ../shared/bench/geo (skipped when absent) and tests/data.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from dateline.eval.geo import DEFAULT_FILES, GeoReport, read_articles, score_article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench" / "geo"


def _variant(raw: str) -> dict[str, float]:
    from dateline.gazetteer.resolve import Weights

    name, _, value = raw.partition("=")
    fields = {f.name for f in dataclasses.fields(Weights)}
    if name not in fields or not value:
        raise argparse.ArgumentTypeError(f"--set {raw!r}: expected NAME=NUMBER, NAME one of {sorted(fields)}")
    try:
        return {name: float(value)}
    except ValueError:
        raise argparse.ArgumentTypeError(f"--set {raw!r}: {value!r} is not a number") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--set", dest="variants", action="append", type=_variant, default=[],
                        metavar="NAME=VALUE", help="a weight to change (one row per --set)")  # fmt: skip
    args = parser.parse_args(argv)
    paths = args.paths or [SHARED / n for n in DEFAULT_FILES] + [ROOT / "tests" / "data" / "geo_news.yaml"]
    paths = [p for p in paths if p.exists()]
    if not paths:
        print("no corpus found", file=sys.stderr)
        return 1

    from dateline.analyzer import Analyzer, make_document
    from dateline.gazetteer.resolve import Weights
    from dateline.model import Record
    from dateline.pipeline import clean
    from dateline.pipeline.places import PlaceStage
    from dateline.settings import Settings

    nlp = Analyzer(stages=[]).nlp
    t0 = time.perf_counter()
    parsed = []
    for path in paths:
        articles = read_articles(path)
        texts = [clean.masked_text(a.text, clean.find_debris(a.text)) for a in articles]
        parsed.append((path, list(zip(articles, nlp.pipe(texts, batch_size=32), strict=True))))
    print(f"parsed {sum(len(p) for _, p in parsed)} articles in {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    header = f"{'variant':<28}" + "".join(f"{p.name[:12]:>14}" for p in paths)
    print(header)
    for variant in [{}, *args.variants]:
        stage = PlaceStage(Settings(), weights=dataclasses.replace(Weights(), **variant))
        row = f"{', '.join(f'{k}={v:g}' for k, v in variant.items()) or 'defaults':<28}"
        for path, items in parsed:
            report = GeoReport(name=path.name, articles=len(items))
            for article, doc in items:
                record = Record(document=make_document(article.text))
                stage(doc, record)
                predicted = [(m.start, m.end, p) for p in record.places for m in p.mentions if m.kind == "name"]
                score_article(report, article, predicted)
            row += f"{report.accuracy_161:>14.4f}"
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
