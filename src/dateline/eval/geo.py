"""Toponym recognition and resolution scores on annotated news (LGL, GeoVirus, our own set).

Why these measures: they are the field's (Gritta et al. 2019, "A Pragmatic Guide to
Geoparsing Evaluation"): precision, recall and F1 of the toponym spans (a predicted
place mention of kind "name" matches a gold span when they overlap), and, over the
matched gold spans, the share resolved within 161 km (100 miles) and the mean error in
km. Three figures sum them up: *found* (recall: the gold toponyms a predicted name
overlaps), *right when found* (accuracy@161 km over those) and *end to end* (the gold
toponyms both found and right, over all gold: found x right when found), since a
geoparser loses accuracy at both steps and either figure alone hides the other.
The data is read where it lies (`../shared/bench/geo/`) and never copied.

Three layouts are read: GeoVirus (`<location>` with `start`/`end`/`lat`/`lon`), LGL
(`<toponym>` with a `<gaztag>`), and our own YAML (`tests/data/geo_news.yaml`), where
each item is a text with toponyms in [brackets] and one `[lat, lon]` per bracket.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from dateline.analyzer import Analyzer

__all__ = [
    "GeoArticle", "GeoReport", "GoldToponym", "add_eval_command", "evaluate", "format_report", "km",
    "place_analyzer", "read_articles", "run_cli", "score_article",
]  # fmt: skip

_BRACKET = re.compile(r"\[(?P<name>[^\[\]]+)\]")
_NO_PLACE_KM = 20038.0  # half the Earth's circumference: a matched span with no coordinates


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    lat: float
    lon: float


@dataclass(frozen=True)
class GeoArticle:
    text: str
    gold: list[GoldToponym]


@dataclass
class Miss:
    """A matched toponym resolved more than 161 km away (for error analysis)."""

    text: str
    context: str
    error_km: float
    chosen: str


@dataclass
class GeoReport:
    name: str
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    predicted_hit: int = 0
    found: int = 0
    errors_km: list[float] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.predicted_hit / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy_161(self) -> float:
        return sum(e <= 161 for e in self.errors_km) / len(self.errors_km) if self.errors_km else 0.0

    @property
    def end_to_end(self) -> float:
        """Gold toponyms found and resolved within 161 km, over all gold toponyms."""
        return sum(e <= 161 for e in self.errors_km) / self.gold if self.gold else 0.0

    @property
    def mean_error_km(self) -> float:
        return sum(self.errors_km) / len(self.errors_km) if self.errors_km else 0.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def read_articles(path: str | Path) -> list[GeoArticle]:
    """Articles with gold toponyms from a GeoVirus or LGL XML file, or our YAML file."""
    path = Path(path)
    if path.suffix in {".yaml", ".yml"}:
        return _read_yaml(path)
    articles = []
    for art in ET.parse(path).getroot():
        text = art.findtext("text") or ""
        gold = []
        for loc in art.iter("location") if art.find("locations") is not None else art.iter("toponym"):
            lat = loc.findtext("lat") or loc.findtext("gaztag/lat")
            lon = loc.findtext("lon") or loc.findtext("gaztag/lon")
            if lat and lon:
                start, end = int(loc.findtext("start") or 0), int(loc.findtext("end") or 0)
                start, end = _align(text, start, end, loc.findtext("name") or loc.findtext("phrase"))
                gold.append(GoldToponym(start, end, float(lat), float(lon)))
        articles.append(GeoArticle(text, gold))
    return articles


def _align(text: str, start: int, end: int, name: str | None) -> tuple[int, int]:
    """GeoVirus offsets are often one character off; the annotated name puts them back."""
    if not name or text[start:end] == name:
        return start, end
    for shift in (-1, 1, -2, 2):
        if text[start + shift : end + shift] == name:
            return start + shift, end + shift
    return start, end


def _read_yaml(path: Path) -> list[GeoArticle]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["articles"]
    articles = []
    for n, item in enumerate(items, 1):
        marked, coords = item["text"], item["places"]
        names = list(_BRACKET.finditer(marked))
        if len(names) != len(coords):
            raise ValueError(f"{path.name} item {n}: {len(names)} [names] but {len(coords)} coordinates")
        text = _BRACKET.sub(lambda m: m.group("name"), marked)
        gold, shift = [], 0
        for m, (lat, lon) in zip(names, coords, strict=True):
            start = m.start() - shift
            gold.append(GoldToponym(start, start + len(m.group("name")), float(lat), float(lon)))
            shift += 2
        articles.append(GeoArticle(text, gold))
    return articles


def evaluate(
    path: str | Path,
    analyzer: Analyzer | None = None,
    limit: int | None = None,
    misses: bool = False,
    demonyms: bool = False,
) -> GeoReport:
    """Runs the place stage (through an `Analyzer`, by default spaCy + places only) and scores it.

    `demonyms`: demonyms ("Sudanese officials") count as predicted toponyms of their country.
    Why an option: the taxonomy of Gritta et al. counts them as associative toponyms and LGL
    annotates them, while GeoVirus and our own set do not; the default scores names only.
    """
    articles = read_articles(path)[: limit or None]
    if analyzer is None:
        analyzer = place_analyzer(demonyms)
    kinds = {"name", "demonym"} if demonyms else {"name"}
    report = GeoReport(name=Path(path).name + (" (with demonyms)" if demonyms else ""), articles=len(articles))
    t0 = time.perf_counter()
    for article in articles:
        record = analyzer.analyze(article.text)
        predicted = [(m.start, m.end, p) for p in record.places for m in p.mentions if m.kind in kinds]
        score_article(report, article, predicted, misses)
    report.seconds = time.perf_counter() - t0
    return report


def place_analyzer(demonyms: bool = False) -> Analyzer:
    """spaCy and the place stage alone; with `demonyms`, a country named only by a demonym is a place."""
    from dateline.analyzer import Analyzer
    from dateline.pipeline.places import PlaceStage
    from dateline.settings import Settings

    return Analyzer(stages=[PlaceStage(Settings(), demonym_only_places=demonyms)])


def score_article(
    report: GeoReport, article: GeoArticle, predicted: Iterable[tuple[int, int, object]], misses: bool = False
) -> None:
    """Adds one article's predicted (start, end, place) mentions to `report`."""
    predicted = list(predicted)
    report.gold += len(article.gold)
    report.predicted += len(predicted)
    report.predicted_hit += sum(any(s < g.end and g.start < e for g in article.gold) for s, e, _ in predicted)
    for g in article.gold:
        hit = next((p for s, e, p in predicted if s < g.end and g.start < e), None)
        if hit is None:
            continue
        report.found += 1
        lat, lon = getattr(hit, "lat", None), getattr(hit, "lon", None)
        error = km(g.lat, g.lon, lat, lon) if lat is not None and lon is not None else _NO_PLACE_KM
        report.errors_km.append(error)
        if misses and error > 161:
            context = article.text[max(0, g.start - 60) : g.end + 40].replace("\n", " ")
            chosen = f"{getattr(hit, 'name', '?')} {getattr(hit, 'kind', '')} {getattr(hit, 'country_code', '')}"
            report.misses.append(Miss(article.text[g.start : g.end], context, error, chosen))


def format_report(report: GeoReport, max_misses: int = 0) -> str:
    lines = [
        f"corpus           {report.name} ({report.articles} articles, {report.seconds:.1f} s)",
        f"gold toponyms    {report.gold}",
        f"span P / R / F1  {report.precision:.3f} / {report.recall:.3f} / {report.f1:.3f}"
        f"  ({report.predicted} predicted, {report.found} gold found)",
        f"accuracy@161km   {report.accuracy_161:.3f}  (over {len(report.errors_km)} found spans)",
        f"found / right when found / end to end  {report.recall:.3f} / {report.accuracy_161:.3f} / "
        f"{report.end_to_end:.3f}",
        f"mean error km    {report.mean_error_km:.0f}",
    ]
    for m in sorted(report.misses, key=lambda m: -m.error_km)[:max_misses]:
        lines.append(f"  {m.error_km:7.0f} km  {m.text!r:24} -> {m.chosen:32} | {m.context}")
    return "\n".join(lines)


DEFAULT_FILES = ("GeoVirus.xml", "lgl.xml")
EVAL_EXAMPLE = "dateline eval geo ../shared/bench/geo/GeoVirus.xml tests/data/geo_news.yaml"


def add_eval_command(eval_sub: Any) -> None:
    """Adds `dateline eval geo FILE...` to the CLI's `eval` group."""
    geo = eval_sub.add_parser(
        "geo", help="Toponym spans (P/R/F1) and resolution (accuracy@161 km, mean error) on LGL/GeoVirus/YAML.",
        description="Toponym spans (P/R/F1) and resolution (accuracy@161 km, mean error) on LGL/GeoVirus/YAML.",
        epilog=f"example:\n  {EVAL_EXAMPLE}", formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    geo.add_argument(
        "paths", nargs="+", metavar="FILE", help="LGL or GeoVirus XML, or our YAML; absent files are skipped"
    )
    geo.add_argument("--limit", type=int, default=0, help="only the first N articles of each file")
    geo.add_argument("--misses", type=int, default=0, help="also list the N worst resolutions")
    geo.add_argument(
        "--demonyms", action="store_true", help="also count demonyms as toponyms of their country (LGL marks them)"
    )


def run_cli(args: argparse.Namespace) -> int:
    """Scores each file that exists; a missing file is reported and skipped (exit 0)."""
    analyzer = None
    for path in map(Path, args.paths):
        if not path.exists():
            print(f"skipped: {path} is absent", file=sys.stderr)
            continue
        if analyzer is None:
            analyzer = place_analyzer(args.demonyms)
        report = evaluate(path, analyzer, limit=args.limit or None, misses=args.misses > 0, demonyms=args.demonyms)
        print(format_report(report, max_misses=args.misses), flush=True)
    return 0
