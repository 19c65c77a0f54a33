"""SemEval-2015 task 4 scorer (temporal awareness over reduced graph and closure) on hand-worked
cases and properties; the task's trial timelines and documents when ../shared is present."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline import cli
from dateline.eval.timeline import (
    Counts,
    Relation,
    TemporalGraph,
    Timeline,
    TimelineEntry,
    date_node,
    read_timeline,
    read_timelines,
    reduce,
    score,
    score_timelines,
    timeline_relations,
    write_timeline,
)
from dateline.store.queries import NameMatcher, proper_part, timeline_date

TASK = Path(__file__).resolve().parents[1].parent / "shared/bench/timeline-trial"
GOLD = TASK / "TimeLines_trial_data_task4_v1.2"
CORPUS = TASK / "Corpus-trial-data_task4"
R = Relation


def _timeline(*lines: tuple[int, str, str]) -> Timeline:
    """A timeline from (order, date, space-separated mentions)."""
    return Timeline("x", [TimelineEntry(o, d, tuple(m.split())) for o, d, m in lines])


def _prf(counts: Counts) -> tuple[float, float, float]:
    return round(counts.precision, 4), round(counts.recall, 4), round(counts.f1, 4)


# --- closure and reduction, counted by hand ----------------------------------------------------


def test_before_chain_closes_transitively_and_reduces_to_its_links() -> None:
    graph = TemporalGraph([R("a", "BEFORE", "b"), R("b", "BEFORE", "c"), R("a", "BEFORE", "c")])
    assert graph.closure() == {R("a", "BEFORE", "b"), R("b", "BEFORE", "c"), R("a", "BEFORE", "c")}
    assert graph.reduced() == [R("a", "BEFORE", "b"), R("b", "BEFORE", "c")]  # a<c follows from the two


def test_simultaneous_group_inside_a_date() -> None:
    # a=b=c, c inside day t: closure 3 SIMULTANEOUS + 3 INCLUDES; reduced: the chain and one inclusion
    graph = TemporalGraph([R("a", "SIMULTANEOUS", "b"), R("b", "SIMULTANEOUS", "c"), R("a", "SIMULTANEOUS", "c"),
                           R("c", "IS_INCLUDED", "t")])
    closure = graph.closure()
    assert len(closure) == 6
    assert {R("t", "INCLUDES", n) for n in "abc"} <= closure
    # written one way: "c IS_INCLUDED t" as "t INCLUDES c"
    assert graph.reduced() == [R("a", "SIMULTANEOUS", "b"), R("b", "SIMULTANEOUS", "c"), R("t", "INCLUDES", "c")]


def test_mixed_relations_close_through_points() -> None:
    # a < b = c ⊃ d: a<b, a<c, b=c, c⊃d, b⊃d, and a<d (a ends before c starts, which is before d starts)
    graph = TemporalGraph([R("a", "BEFORE", "b"), R("b", "SIMULTANEOUS", "c"), R("c", "INCLUDES", "d")])
    assert graph.closure() == {R("a", "BEFORE", "b"), R("a", "BEFORE", "c"), R("b", "SIMULTANEOUS", "c"),
                               R("c", "INCLUDES", "d"), R("b", "INCLUDES", "d"), R("a", "BEFORE", "d")}
    # meets twice is before: a|b|c gives a<c
    meets = TemporalGraph([R("a", "IBEFORE", "b"), R("b", "IBEFORE", "c")])
    assert meets.closure() == {R("a", "IBEFORE", "b"), R("b", "IBEFORE", "c"), R("a", "BEFORE", "c")}


def test_what_the_points_do_not_decide_is_not_in_the_closure() -> None:
    # a ⊃ c, c < b: a starts before b, but a's end against b is unknown: no relation a–b
    graph = TemporalGraph([R("a", "INCLUDES", "c"), R("c", "BEFORE", "b")])
    assert graph.closure() == {R("a", "INCLUDES", "c"), R("c", "BEFORE", "b")}
    assert not graph.entails(R("a", "BEFORE", "b")) and not graph.entails(R("b", "AFTER", "a"))


def test_inverses_are_one_relation_and_contradictions_are_found() -> None:
    assert R("b", "AFTER", "a").normal() == R("a", "BEFORE", "b")
    assert R("t", "IS_INCLUDED", "s").normal() == R("s", "INCLUDES", "t")
    assert R("b", "SIMULTANEOUS", "a").normal() == R("a", "SIMULTANEOUS", "b")
    assert TemporalGraph([R("a", "BEFORE", "b"), R("b", "AFTER", "a")]).reduced() == [R("a", "BEFORE", "b")]
    assert not TemporalGraph([R("a", "BEFORE", "b"), R("b", "BEFORE", "a")]).consistent()
    assert not TemporalGraph([R("a", "SIMULTANEOUS", "b"), R("a", "BEFORE", "b")]).consistent()
    assert TemporalGraph([R("a", "BEFORE", "b"), R("b", "SIMULTANEOUS", "c")]).consistent()
    with pytest.raises(ValueError, match="unknown temporal relation"):
        R("a", "OVERLAPS", "b")


# --- timelines to relations, and the score --------------------------------------------------


def test_a_timeline_states_chains_one_before_per_step_and_date_inclusions() -> None:
    t = _timeline((1, "2010-06-07", "d1-2-a d1-3-b"), (2, "2010-06-08", "d1-4-c"), (2, "2010-06-08", "d1-5-d"))
    assert timeline_relations(t) == [
        R("d1-2-a", "SIMULTANEOUS", "d1-3-b"), R("d1-4-c", "SIMULTANEOUS", "d1-5-d"),
        R("d1-2-a", "IS_INCLUDED", "date:2010-06-07"), R("d1-3-b", "IS_INCLUDED", "date:2010-06-07"),
        R("d1-4-c", "IS_INCLUDED", "date:2010-06-08"), R("d1-5-d", "IS_INCLUDED", "date:2010-06-08"),
        R("d1-2-a", "BEFORE", "d1-4-c")]
    # reduced: (4 mentions - 2 positions) SIMULTANEOUS + 1 BEFORE + one inclusion per dated position
    assert len(reduce(timeline_relations(t))) == 5


def test_writing_every_pair_gives_the_same_closure_and_reduction_size() -> None:
    t = _timeline((0, "XXXX-XX-XX", "u v"), (1, "2008", "a b c"), (3, "2008-03-XX", "d"), (4, "2009", "e f"))
    compact = timeline_relations(t)
    groups = [["u", "v"], ["a", "b", "c"], ["d"], ["e", "f"]]
    every = [R(x, "SIMULTANEOUS", y) for g in groups for i, x in enumerate(g) for y in g[i + 1:]]
    every += [R(x, "BEFORE", y) for g, h in itertools.pairwise(groups) for x in g for y in h]
    every += [R(x, "IS_INCLUDED", d) for g, d in zip(groups[1:], ["date:2008", "date:2008-03", "date:2009"],
                                                        strict=True) for x in g]
    assert TemporalGraph(every).closure() == TemporalGraph(compact).closure()
    assert len(reduce(every)) == len(reduce(compact)) == (8 - 4) + 3 + 3  # 8 mentions, 4 positions, 3 dated


def test_one_pair_swapped_scores_half() -> None:
    gold = _timeline((1, "XXXX-XX-XX", "x"), (2, "XXXX-XX-XX", "y"), (3, "XXXX-XX-XX", "z"))
    swapped = _timeline((1, "XXXX-XX-XX", "x"), (2, "XXXX-XX-XX", "z"), (3, "XXXX-XX-XX", "y"))
    # gold⁻ {x<y, y<z}, system⁻ {x<z, z<y}: x<z is in gold⁺, x<y in system⁺; the others not
    counts = score(timeline_relations(swapped), timeline_relations(gold))
    assert (counts.system_right, counts.system, counts.gold_found, counts.gold) == (1, 2, 1, 2)
    assert _prf(counts) == (0.5, 0.5, 0.5)


def test_simultaneous_instead_of_before_and_a_missing_date() -> None:
    gold = _timeline((1, "2010-06-07", "a"), (2, "2010-06-08", "b"))
    system = _timeline((1, "2010-06-07", "a b"))
    # gold⁻ {a⊂d7, b⊂d8, a<b}; system⁻ {a=b, a⊂d7}: only a⊂d7 agrees
    counts = score(timeline_relations(system), timeline_relations(gold))
    assert (counts.system_right, counts.system, counts.gold_found, counts.gold) == (1, 2, 1, 3)
    assert _prf(counts) == (0.5, 0.3333, 0.4)


def test_wrong_grouping_can_earn_recall_without_precision() -> None:
    gold = _timeline((1, "XXXX-XX-XX", "a b"), (2, "XXXX-XX-XX", "c"))
    system = _timeline((1, "XXXX-XX-XX", "a"), (2, "XXXX-XX-XX", "b c"))
    # gold⁻ {a=b, a<c}; system⁻ {b=c, a<b}: neither system relation holds in gold; a<c holds in the system
    assert _prf(score(timeline_relations(system), timeline_relations(gold))) == (0.0, 0.5, 0.0)


def test_empty_system_scores_zero_and_totals_are_micro_averaged() -> None:
    gold = {"one": _timeline((1, "2010", "a"), (2, "2011", "b")), "two": _timeline((1, "2010", "c d"))}
    empty = score_timelines({}, gold)
    assert all(_prf(c) == (0.0, 0.0, 0.0) for c in empty.values())
    half = score_timelines({"one": _timeline((1, "2010", "a"), (2, "2011", "b"))}, gold)
    # "one" all right (3 of 3), "two" missing (0 of 2): micro recall 3/5, precision 3/3
    assert _prf(half["one"]) == (1.0, 1.0, 1.0)
    assert (half["total"].gold, half["total"].gold_found, half["total"].system) == (5, 3, 3)
    assert _prf(half["total"]) == (1.0, 0.6, 0.75)


def test_undated_order_zero_is_a_position_unless_asked_otherwise() -> None:
    t = _timeline((0, "XXXX-XX-XX", "u v"), (1, "2010", "a"))
    assert R("u", "BEFORE", "a") in timeline_relations(t)
    assert timeline_relations(t, undated="unordered") == [R("a", "IS_INCLUDED", "date:2010")]
    with pytest.raises(ValueError):
        timeline_relations(t, undated="last")


@pytest.mark.parametrize(("date", "node"), [
    ("2010-06-07", "date:2010-06-07"), ("2008-03-XX", "date:2008-03"), ("2010-XX-XX", "date:2010"),
    ("1968", "date:1968"), ("XXXX-XX-XX", None), ("XXX-XX-XX", None), ("XXXX-06-XX", None), ("", None)])
def test_date_nodes_drop_unknown_trailing_parts(date: str, node: str | None) -> None:
    assert date_node(date) == node


def test_timeline_file_round_trip_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "steve.txt"
    path.write_text("Steve Jobs\n0\tXXXX-XX-XX\t18315-4-said\n\n1\t1955-02-24\t18355-5-Born\t17677-2-born\n",
                    encoding="utf-8")
    t = read_timeline(path)
    assert t.entity == "Steve Jobs"
    assert t.entries[1] == TimelineEntry(1, "1955-02-24", ("18355-5-born", "17677-2-born"))  # lower-cased
    out = io.StringIO()
    write_timeline(t, out)
    assert out.getvalue() == "Steve Jobs\n0\tXXXX-XX-XX\t18315-4-said\n1\t1955-02-24\t18355-5-born\t17677-2-born\n"
    path.write_text("Steve Jobs\nfirst\t2010\t1-1-x\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"steve.txt:2: not ORDER"):
        read_timeline(path)


# --- properties ------------------------------------------------------------------------------

_MENTIONS = st.lists(st.sampled_from([f"d{i}-1-w{i}" for i in range(12)]), min_size=1, max_size=12, unique=True)
_DATES = st.sampled_from(["XXXX-XX-XX", "2010", "2010-06", "2010-06-07", "2010-06-08", "2011"])


@st.composite
def timelines(draw: st.DrawFn) -> Timeline:
    mentions = draw(_MENTIONS)
    orders = draw(st.lists(st.integers(0, 5), min_size=len(mentions), max_size=len(mentions)))
    date_of = {o: draw(_DATES) for o in set(orders)}
    return Timeline("x", [TimelineEntry(o, date_of[o], (m,)) for m, o in sorted(zip(mentions, orders, strict=True),
                                                                               key=lambda p: p[1])])


@settings(max_examples=60, deadline=None)
@given(timelines(), timelines())
def test_properties_of_the_score(gold: Timeline, system: Timeline) -> None:
    relations = timeline_relations(gold)
    assert TemporalGraph(reduce(relations)).closure() == TemporalGraph(relations).closure()
    self_score = score(relations, relations)
    if self_score.gold:
        assert _prf(self_score) == (1.0, 1.0, 1.0)
    counts = score(timeline_relations(system), relations)
    assert 0 <= counts.system_right <= counts.system and 0 <= counts.gold_found <= counts.gold
    assert 0.0 <= counts.f1 <= 1.0


# --- entity names, dates (shared with the store's entity timeline) ----------------------------


def test_names_match_by_words_aliases_acronyms_and_common_nouns() -> None:
    iphone_3g = NameMatcher.for_name("iPhone 3G")
    text = "Apple launched the iPhone 3G. The iPhone 3GS is faster than the iPhone."
    assert [text[s:e] for s, e in iphone_3g.find(text)] == ["iPhone 3G"]
    iphone = NameMatcher.for_name("iPhone")
    assert [text[s:e] for s, e in iphone.find(text)] == ["iPhone"]  # the last one; the others are longer names
    assert proper_part("iTunes store") == "iTunes" and proper_part("iPhone 4") is None
    store = NameMatcher.for_name("iTunes store")
    assert store.names("iTunes Music Store") and store.names("iTunes Store") and not store.names("iTunes Music")
    corps = NameMatcher.for_name("Beatles Apple Corps")
    assert corps.names("Apple Corps") and not corps.names("Apple") and not corps.names("Apple Inc.")
    jobs = NameMatcher.for_name("Steve Jobs")
    assert jobs.names("Jobs", "PERSON") and not jobs.names("Jobs", "ORG")
    assert jobs.names("Steve Paul Jobs") and not jobs.names("Steven Jobs")
    assert NameMatcher.for_name("Jobs").names("Steve Jobs", "PERSON")
    iaea = NameMatcher.for_name("IAEA")
    assert iaea.names("International Atomic Energy Agency") and iaea.names("IAEA")
    assert NameMatcher.for_name("International Atomic Energy Agency").names("IAEA")
    apple = NameMatcher.for_name("Apple").widened([], others=[("apple", "corps")])
    said = "The Beatles' Apple Corps sued Apple, Apple's lawyers said."
    assert [said[s:e] for s, e in apple.find(said)] == ["Apple", "Apple"]
    widened = jobs.widened(["Steve Jobs"], person=True)
    assert [m for m in ("Jobs said", "Jobs Inc said") if widened.find(m)] == ["Jobs said"]


@pytest.mark.parametrize(("when", "date"), [
    (("2010-06-07", None, None), "2010-06-07"), (("2010-06-07T10:00", None, None), "2010-06-07"),
    (("2010-W23", "2010-06-07", "2010-06-13"), "2010-06"), (("2010-SU", "2010-06-21", "2010-09-22"), "2010"),
    ((None, "2010-06-07", "2010-06-07"), "2010-06-07"), ((None, None, None), None),
    (("PRESENT_REF", "2009-12-30", "2010-01-02"), None)])
def test_timeline_dates_are_days_months_or_years(when: tuple[str | None, ...], date: str | None) -> None:
    assert timeline_date(*when) == date


# --- the command -----------------------------------------------------------------------------


def test_cli_skips_when_the_data_is_absent(tmp_path: Path, capsys) -> None:
    assert cli.main(["eval", "timeline", str(tmp_path / "nowhere")]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "skipped" in err and "nowhere" in err


def test_cli_scores_timeline_files(tmp_path: Path, capsys) -> None:
    gold_dir, system_dir = tmp_path / "task" / "TimeLines", tmp_path / "mine"
    gold_dir.mkdir(parents=True)
    system_dir.mkdir()
    (gold_dir / "x.txt").write_text("X\n1\tXXXX-XX-XX\tx\n2\tXXXX-XX-XX\ty\n3\tXXXX-XX-XX\tz\n", encoding="utf-8")
    (system_dir / "x.txt").write_text("X\n1\tXXXX-XX-XX\tx\n2\tXXXX-XX-XX\tz\n3\tXXXX-XX-XX\ty\n", encoding="utf-8")
    assert cli.main(["eval", "timeline", str(tmp_path / "task"), "--system", str(system_dir), "--format",
                     "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["runs"]["system"]
    assert [(r["timeline"], r["P"], r["R"], r["F1"], r["gold_mentions"], r["system_mentions"]) for r in rows] == [
        ("x", 50.0, 50.0, 50.0, 3, 3), ("total", 50.0, 50.0, 50.0, 3, 3)]
    assert cli.main(["eval", "timeline", str(tmp_path / "task"), "--system", str(system_dir)]) == 0
    table = capsys.readouterr().out
    assert "total" in table and "50.00" in table


# --- the task's trial data -------------------------------------------------------------------


def _gold() -> dict[str, Timeline]:
    if not GOLD.is_dir():
        pytest.skip(f"SemEval-2015 task 4 trial data not found at {TASK} (../shared is absent)")
    return read_timelines(GOLD)


@pytest.mark.shared
def test_gold_against_itself_is_100_on_each_trial_timeline() -> None:
    gold = _gold()
    assert sorted(gold) == ["beatles_apple_corps", "iphone_3g", "iphone_4", "ipod", "itunes_store", "steve_jobs"]
    for key, counts in score_timelines(gold, gold).items():
        assert _prf(counts) == (1.0, 1.0, 1.0), key
        assert counts.gold > 0
    assert all(TemporalGraph(timeline_relations(t)).consistent() for t in gold.values())


@pytest.mark.shared
def test_one_pair_swapped_scores_strictly_between_on_each_trial_timeline() -> None:
    for key, timeline in _gold().items():
        entries = list(timeline.entries)
        first, last = entries[0], entries[-1]  # different positions: the first and last lines
        assert first.order != last.order
        entries[0] = TimelineEntry(first.order, first.date, (last.mentions[0], *first.mentions[1:]))
        entries[-1] = TimelineEntry(last.order, last.date, (first.mentions[0], *last.mentions[1:]))
        counts = score(timeline_relations(Timeline(timeline.entity, entries)), timeline_relations(timeline))
        assert 0.0 < counts.f1 < 1.0, key


@pytest.mark.shared
def test_mention_ids_of_the_task_documents() -> None:
    from dateline.eval.timeline_system import make_timeline, read_task_documents

    if not CORPUS.is_dir():
        pytest.skip(f"SemEval-2015 task 4 trial documents not found at {CORPUS}")
    docs = {d.doc_id: d for d in read_task_documents(CORPUS)}
    assert len(docs) == 30
    doc = docs["16844"]
    assert doc.dct == "2010-06-08" and doc.text.startswith("Apple unveils iPhone 4, iOS 4")
    start = doc.text.index("unveiled")
    assert doc.mention_id(start, start + len("unveiled")) == "16844-2-unveiled"  # a gold mention of iphone_4
    pre = docs["16900"].text.index("Pre-orders")
    assert docs["16900"].mention_id(pre, pre + 10) == "16900-2-pre-orders"
    t = make_timeline("X", [("a", "2010-06-07"), ("b", None), ("c", "2010"), ("d", "2010-06-07"), ("a", "2011")])
    assert [(e.order, e.date, e.mentions) for e in t.entries] == [
        (0, "XXXX-XX-XX", ("b",)), (1, "2010", ("c",)), (2, "2010-06-07", ("a",)), (2, "2010-06-07", ("d",))]


@pytest.mark.shared
@pytest.mark.model
def test_dateline_on_the_trial_data_beats_the_sentence_baseline(capsys) -> None:
    _gold()
    assert cli.main(["eval", "timeline", str(TASK), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    runs = report["runs"]
    assert set(runs) == {"dateline", "dateline events at the DCT", "baseline: sentence names it, at the DCT"}
    for rows in runs.values():
        assert [r["timeline"] for r in rows][-1] == "total" and len(rows) == 7
        assert all(0 <= r[k] <= 100 for r in rows for k in ("P", "R", "F1"))
    total = {name: rows[-1] for name, rows in runs.items()}
    assert total["dateline"]["gold_mentions"] == 194
    assert total["dateline"]["F1"] > total["baseline: sentence names it, at the DCT"]["F1"] > 0
