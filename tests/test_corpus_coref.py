"""Cross-document event coreference: which mentions in different articles are one event."""

from __future__ import annotations

from datetime import date

from dateline.corpus.coref import (
    INFERRED_SLACK_DAYS,
    Blocker,
    MentionFeatures,
    cluster,
    dates_compatible,
    day_interval,
    pair_score,
)


def _m(key: str, doc: str, *, type_: str = "ASSAULT", trigger: str = "attacked", day: str | None = "2024-12-05",
       explicit: bool = True, actors: tuple[str, ...] = ("GROUP|rebels",), targets: tuple[str, ...] = ("GPE|homs",),
       sentence: str = "Rebels attacked army positions near Homs on Thursday, residents said.") -> MentionFeatures:
    from dateline.corpus.coref import content_words

    return MentionFeatures(key=key, doc=doc, type=type_, trigger=trigger, interval=day_interval(day, None, None),
                           actors=frozenset(actors), targets=frozenset(targets), words=content_words(sentence),
                           date_value=day, date_explicit=explicit)


def test_two_outlets_reporting_the_same_attack_merge() -> None:
    a = _m("a#1", "a")
    b = _m("b#1", "b", trigger="attacks", sentence="Rebel fighters attacked army positions close to Homs on Thursday.")
    assert pair_score(a, b) >= 0.45
    assert cluster([a, b]) == {"a#1": "a#1", "b#1": "a#1"}


def test_same_parties_on_dates_the_text_gives_apart_stay_two_events() -> None:
    a = _m("a#1", "a", day="2024-12-05")
    b = _m("b#1", "b", day="2024-12-09")
    assert not dates_compatible(a, b) and pair_score(a, b) == 0.0
    assert len(set(cluster([a, b]).values())) == 2


def test_a_date_guessed_from_tense_is_widened_not_trusted() -> None:
    a = _m("a#1", "a", day="2024-12-05", explicit=False)
    b = _m("b#1", "b", day="2024-12-07", explicit=True)
    lo, hi = a.interval or (0, 0)
    assert (date.fromordinal(lo), date.fromordinal(hi)) == (
        date.fromordinal(date(2024, 12, 5).toordinal() - INFERRED_SLACK_DAYS),
        date.fromordinal(date(2024, 12, 5).toordinal() + INFERRED_SLACK_DAYS))
    assert dates_compatible(a, b)
    far = _m("c#1", "c", day="2025-01-20", explicit=False)
    assert not dates_compatible(a, far)


def test_different_type_family_never_merges() -> None:
    a = _m("a#1", "a")
    b = _m("b#1", "b", type_="CONSULT", trigger="met")
    assert pair_score(a, b) == 0.0


def test_one_speakers_statements_of_a_day_are_told_apart_by_what_they_say() -> None:
    """ "Jobs announced the iPod ... Jobs announced a new iMac": one speaker, one day, two statements."""
    kw = {"type_": "STATEMENT", "trigger": "announced", "actors": ("PERSON|steve jobs",), "targets": ()}
    ipod = _m("a#1", "a", sentence="Jobs announced the fifth generation iPod with video playback.", **kw)
    imac = _m("a#2", "a", sentence="Later Jobs announced a redesigned iMac with a built-in camera.", **kw)
    assert pair_score(ipod, imac) == 0.0
    assert len(set(cluster([ipod, imac]).values())) == 2
    retold = _m("b#1", "b", sentence="Steve Jobs announced the fifth generation iPod, which plays video.", **kw)
    assert pair_score(ipod, retold) >= 0.45


def test_reversed_roles_weigh_less_than_same_roles() -> None:
    a = _m("a#1", "a", actors=("GPE|russia",), targets=("GPE|ukraine",))
    same = _m("b#1", "b", actors=("GPE|russia",), targets=("GPE|ukraine",))
    reversed_ = _m("c#1", "c", actors=("GPE|ukraine",), targets=("GPE|russia",))
    assert pair_score(a, same) > pair_score(a, reversed_)


def test_blocker_compares_a_mention_with_a_bounded_number_of_others() -> None:
    blocker = Blocker(cap=5, max_candidates=3)
    for i in range(50):
        blocker.file("ASSAULT", ["D1"], ["t:attack"], root=i, index=i)
    assert len(blocker.buckets[("ASSAULT", "D1", "t:attack")]) == 5
    found = blocker.candidates("ASSAULT", ["D1"], ["t:attack"], lambda j: j, own_root=-1)
    assert found == [49, 48, 47], "the most recent first, at most max_candidates"
