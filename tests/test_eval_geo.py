"""The geoparsing scorer: readers, span matching, distance, and the own-set accuracy gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.geo import (
    GeoArticle,
    GeoReport,
    GoldToponym,
    _align,
    format_report,
    km,
    read_articles,
    score_article,
)
from dateline.model import Place

OWN_SET = Path(__file__).parent / "data" / "geo_news.yaml"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench" / "geo"


def test_eval_geo_km_known_distance() -> None:
    # Damascus to Moscow is about 2,480 km.
    assert km(33.51, 36.29, 55.76, 37.62) == pytest.approx(2480, rel=0.02)
    assert km(10, 20, 10, 20) == 0


def test_eval_geo_own_set_reads_and_has_enough_mentions() -> None:
    articles = read_articles(OWN_SET)
    gold = [(a.text[g.start : g.end], g) for a in articles for g in a.gold]
    assert len(gold) >= 150
    assert all("[" not in a.text for a in articles)
    assert gold[0][0] == "Aleppo"


def test_eval_geo_align_fixes_off_by_one_offsets() -> None:
    assert _align(" in Pandi, Bulacan", 5, 10, "Pandi") == (4, 9)
    assert _align(" in Pandi, Bulacan", 4, 9, "Pandi") == (4, 9)


def test_eval_geo_scores_spans_and_distances() -> None:
    text = "From Aleppo to Paris."
    article = GeoArticle(text, [GoldToponym(5, 11, 36.2, 37.16), GoldToponym(15, 20, 48.86, 2.35)])
    aleppo = Place(id="p1", name="Aleppo", kind="city", lat=36.2, lon=37.16)
    paris_tx = Place(id="p2", name="Paris", kind="city", lat=33.66, lon=-95.56)
    report = GeoReport("t")
    score_article(report, article, [(5, 11, aleppo), (15, 20, paris_tx), (0, 4, aleppo)], misses=True)
    assert (report.gold, report.found, report.predicted, report.predicted_hit) == (2, 2, 3, 2)
    assert report.accuracy_161 == 0.5
    assert report.misses[0].text == "Paris"


def test_eval_geo_end_to_end_counts_unfound_toponyms_as_misses() -> None:
    # Three gold toponyms, two found, one of them right: found 2/3, right when found 1/2, end to end 1/3.
    text = "From Aleppo to Paris via Homs."
    gold = [GoldToponym(5, 11, 36.2, 37.16), GoldToponym(15, 20, 48.86, 2.35), GoldToponym(25, 29, 34.73, 36.71)]
    aleppo = Place(id="p1", name="Aleppo", kind="city", lat=36.2, lon=37.16)
    paris_tx = Place(id="p2", name="Paris", kind="city", lat=33.66, lon=-95.56)
    report = GeoReport("t")
    score_article(report, GeoArticle(text, gold), [(5, 11, aleppo), (15, 20, paris_tx)])
    assert (report.recall, report.accuracy_161, report.end_to_end) == pytest.approx((2 / 3, 1 / 2, 1 / 3))
    assert "0.667 / 0.500 / 0.333" in format_report(report)


@pytest.mark.shared
@pytest.mark.parametrize("name", ["GeoVirus.xml", "lgl.xml"])
def test_eval_geo_reads_shared_corpora(name: str) -> None:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    articles = read_articles(path)
    assert len(articles) > 200
    a = next(a for a in articles if a.gold)
    assert all(0 <= g.start < g.end <= len(a.text) for g in a.gold)


def test_eval_geo_cli_skips_absent_file(capsys: pytest.CaptureFixture[str]) -> None:
    from dateline.cli import main

    assert main(["eval", "geo", "/nonexistent/lgl.xml"]) == 0
    assert "skipped" in capsys.readouterr().err


@pytest.mark.model
def test_eval_geo_own_set_accuracy_gate() -> None:
    from dateline.eval.geo import evaluate

    report = evaluate(OWN_SET)
    assert report.recall >= 0.9
    assert report.accuracy_161 >= 0.9


@pytest.mark.model
def test_eval_geo_a_feature_is_placed_not_left_unknown() -> None:
    # "Lake Ontario" was an unknown name until the curated features in regions.tsv; its
    # reading is the lake, not the province called Ontario.
    from dateline.analyzer import Analyzer
    from dateline.pipeline.places import PlaceStage
    from dateline.settings import Settings

    record = Analyzer(stages=[PlaceStage(Settings())]).analyze(
        "A freighter ran aground on Lake Ontario near Rochester, N.Y., on Monday.")
    lake = next(p for p in record.places if p.name == "Lake Ontario")
    assert lake.kind == "region" and km(lake.lat, lake.lon, 43.7, -77.9) < 50


@pytest.mark.model
def test_eval_geo_demonyms_count_only_when_asked(tmp_path: Path) -> None:
    from dateline.eval.geo import evaluate

    own = tmp_path / "demonyms.yaml"
    own.write_text(
        'articles:\n  - text: "[Sudanese] officials met in [Khartoum] on Monday."\n'
        "    places: [[15.5, 32.5], [15.55, 32.53]]\n",
        encoding="utf-8",
    )
    names_only, with_demonyms = evaluate(own), evaluate(own, demonyms=True)
    assert (names_only.found, with_demonyms.found) == (1, 2)
    assert names_only.end_to_end == 0.5 and "with demonyms" in with_demonyms.name
