"""Toponym resolution on GeoVirus (or LGL): prints span recall/precision and accuracy@161 km.

Usage::

    python benchmarks/geo.py [../shared/bench/geo/GeoVirus.xml] [--limit N]

For each gold toponym span, the place mention of kind "name" that overlaps it (if any)
is the prediction; accuracy@161 km is over the gold spans found, as in Gritta et al.
2019 (A Pragmatic Guide to Geoparsing Evaluation). Reads the data from shared/ and
never copies it.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "bench" / "geo" / "GeoVirus.xml"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def read(path: Path) -> list[tuple[str, list[tuple[int, int, float, float]]]]:
    """(text, [(start, end, lat, lon)]) per article; GeoVirus and LGL layouts both work."""
    articles = []
    for art in ET.parse(path).getroot():
        text = art.findtext("text") or ""
        gold = []
        for loc in art.iter("location") if art.find("locations") is not None else art.iter("toponym"):
            lat = loc.findtext("lat") or loc.findtext("gaztag/lat")
            lon = loc.findtext("lon") or loc.findtext("gaztag/lon")
            if lat and lon:
                gold.append((int(loc.findtext("start") or 0), int(loc.findtext("end") or 0), float(lat), float(lon)))
        articles.append((text, gold))
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"skipped: {args.path} is absent", file=sys.stderr)
        return 0
    from dateline.analyzer import Analyzer
    from dateline.pipeline.places import PlaceStage
    from dateline.settings import Settings

    articles = read(args.path)[: args.limit or None]
    analyzer = Analyzer(stages=[PlaceStage(Settings())])
    t0 = time.perf_counter()
    n_gold = n_found = n_pred = n_pred_hit = 0
    errors: list[float] = []
    for text, gold in articles:
        record = analyzer.analyze(text)
        mentions = [(m.start, m.end, p) for p in record.places for m in p.mentions if m.kind == "name"]
        n_pred += len(mentions)
        n_pred_hit += sum(any(s < ge and gs < e for gs, ge, _, _ in gold) for s, e, _ in mentions)
        for gs, ge, lat, lon in gold:
            n_gold += 1
            hit = next((p for s, e, p in mentions if s < ge and gs < e), None)
            if hit is None:
                continue
            n_found += 1
            errors.append(km(lat, lon, hit.lat, hit.lon) if hit.lat is not None else 20038.0)
    elapsed = time.perf_counter() - t0
    acc = sum(e <= 161 for e in errors) / len(errors) if errors else 0.0
    print(f"corpus             {args.path.name} ({len(articles)} articles, {elapsed:.1f} s)")
    print(f"gold toponyms      {n_gold}")
    print(f"span recall        {n_found / max(n_gold, 1):.3f}  ({n_found} found)")
    print(f"span precision     {n_pred_hit / max(n_pred, 1):.3f}  ({n_pred} predicted name mentions)")
    print(f"accuracy@161km     {acc:.3f}  (over found spans)")
    print(f"median error km    {statistics.median(errors) if errors else 0:.0f}")
    print(f"mean error km      {statistics.fmean(errors) if errors else 0:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
