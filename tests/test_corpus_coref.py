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
    event_lemma,
    pair_score,
    same_event_in_document,
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
    assert found == [[49], [48], [47]], "the most recent first, at most max_candidates"


def test_blocker_keeps_a_few_mentions_of_each_cluster_across_its_buckets() -> None:
    blocker = Blocker(cap=5, max_candidates=3, members_kept=2)
    for i in range(3):
        blocker.file("ASSAULT", ["D1"], ["t:attack"], root=0, index=i)  # one cluster, three mentions
    blocker.file("ASSAULT", ["P2024-12"], ["t:attack"], root=0, index=7)
    found = blocker.candidates("ASSAULT", ["D1", "P2024-12"], ["t:attack"], lambda j: 0, own_root=-1)
    assert found == [[2, 1, 7]], "one entry per cluster: its last two mentions of D1, then the one of the month"


def test_a_cluster_is_compared_by_its_best_matching_mention() -> None:
    """An article tells one leave in two sentences; another article's sentence meets only the first."""
    kw = {"type_": "MOVE", "trigger": "leave", "actors": (), "targets": ()}
    illness = _m("a#1", "a", sentence="Jobs, who fought pancreatic cancer, takes a medical leave.", day="2011-01-17",
                 **kw)
    email = _m("a#2", "a", sentence="In an internal email to staff, the chief executive announced the leave.",
               day="2011-01-17", **kw)
    retold = _m("b#1", "b", sentence="Jobs has been on medical leave since January, fighting pancreatic cancer.",
                day="2011-01-17", **kw)
    assert pair_score(email, retold) < pair_score(illness, retold)
    merged = cluster([illness, email, retold])
    assert merged["b#1"] == merged["a#1"] == merged["a#2"]


def test_a_year_long_date_meets_a_day_of_that_year_in_another_article() -> None:
    """ "launched the store in 2003" and "launched it on April 28, 2003": dates that meet."""
    kw = {"type_": "RELEASE", "trigger": "launched", "actors": ("ORG|apple",), "targets": ("ORG|itunes store",)}
    year = _m("a#1", "a", sentence="Apple launched the iTunes music store in 2003.", day="2003", **kw)
    day = _m("b#1", "b", sentence="Apple launched its iTunes music store on April 28, 2003.", day="2003-04-28", **kw)
    other_year = _m("c#1", "c", sentence="Apple launched the iTunes music store in 2005.", day="2005-04-28", **kw)
    merged = cluster([year, day, other_year])
    assert merged["b#1"] == merged["a#1"] != merged["c#1"]


# --- uncoded mentions (type None): the word is the family, undated ones stay in their article ---

_MARKET = "Shares of Acme {} sharply on Monday after the merger report, traders in London said."


def _uncoded(key: str, doc: str, word: str, *, day: str | None = "2024-12-02", basis: str = "explicit",
             actors: tuple[str, ...] = ("ORG|acme",)) -> MentionFeatures:
    from dateline.corpus.coref import content_words

    return MentionFeatures(key=key, doc=doc, type=None, trigger=word, interval=day_interval(day, None, None),
                           actors=frozenset(actors), words=content_words(_MARKET.format(word)), date_value=day,
                           date_explicit=basis == "explicit", basis=basis)


def test_uncoded_mentions_of_one_word_and_date_merge_across_articles() -> None:
    a, b = _uncoded("a#1", "a", "fell"), _uncoded("b#1", "b", "Fell")
    assert a.family == b.family == "~fell"
    assert cluster([a, b]) == {"a#1": "a#1", "b#1": "a#1"}


def test_uncoded_mentions_of_different_words_never_merge() -> None:
    """Same actor, day and sentence but for the word: coded mentions this alike would merge."""
    fell, rose = _uncoded("a#1", "a", "fell"), _uncoded("b#1", "b", "rose")
    assert pair_score(fell, rose) == 0.0
    assert len(set(cluster([fell, rose]).values())) == 2
    coded = [_m(k, k[0], type_="ASSAULT", trigger=w, actors=("ORG|acme",), targets=(), sentence=_MARKET.format(w))
             for k, w in (("a#1", "fell"), ("b#1", "rose"))]
    assert len(set(cluster(coded).values())) == 1, "the control: typed alike, the same two merge"


def test_uncoded_mentions_without_their_own_date_never_merge_across_articles() -> None:
    undated = [_uncoded(f"{d}#1", d, "fell", day=None, basis="unknown") for d in "abc"]
    published = [_uncoded(f"{d}#1", d, "fell", day="2024-12-02", basis="publication") for d in "de"]
    clusters = cluster(undated + published)
    assert len(set(clusters.values())) == 5
    same_doc = [_uncoded("a#1", "a", "fell", day=None, basis="unknown"),
                _uncoded("a#2", "a", "fell", day=None, basis="unknown")]
    assert len(set(cluster(same_doc).values())) == 1, "inside one article they may still corefer"


def test_uncoded_mentions_are_dated_apart_like_coded_ones() -> None:
    a, b = _uncoded("a#1", "a", "fell", day="2024-12-02"), _uncoded("b#1", "b", "fell", day="2024-12-09")
    assert len(set(cluster([a, b]).values())) == 2


def test_uncoded_undated_mentions_are_never_scored_across_articles(monkeypatch) -> None:
    """Blocking: 300 articles each with an undated "said" cost no comparison at all."""
    from dateline.corpus import coref

    calls = []
    real = coref.pair_score
    monkeypatch.setattr(coref, "pair_score", lambda a, b, **kw: calls.append(1) or real(a, b, **kw))
    said = [_uncoded(f"{i}#1", f"d{i}", "said", day=None, basis="publication") for i in range(300)]
    assert len(set(cluster(said).values())) == 300 and not calls
    dated = [_uncoded(f"{i}#1", f"d{i}", "said", actors=(f"ORG|o{i}",)) for i in range(300)]
    cluster(dated)
    assert 0 < len(calls) <= 300 * coref.MAX_CANDIDATES


def test_contradictions_never_link_uncoded_mentions_of_different_words() -> None:
    from dateline.corpus.contradict import find_contradictions

    fell = _uncoded("a#1", "a", "fell")
    rose = _uncoded("b#1", "b", "rose")
    rose.negative = True
    rose_later = _uncoded("c#1", "c", "rose", day="2024-12-10")
    mentions = [fell, rose, rose_later]
    kinds = {(c.kind, c.left, c.right) for c in find_contradictions(mentions, cluster(mentions))}
    assert not any({"a#1"} & {left, right} for _, left, right in kinds), kinds
    assert ("date", "b#1", "c#1") in kinds, "the control: the same word on dates a week apart conflicts"

    denied = _uncoded("d#1", "d", "fell")
    denied.negative = True
    same = [fell, denied]
    assert [c.kind for c in find_contradictions(same, cluster(same))] == ["assertion"]


def test_claims_about_uncoded_events_link_only_through_their_own_word() -> None:
    from dateline.corpus.claims import ClaimFeatures, link_claims

    told = _uncoded("a#1", "a", "resigned", actors=("PERSON|smith",))
    denied = _uncoded("b#1", "b", "resigned", actors=("PERSON|smith",))
    other = _uncoded("c#1", "c", "remained", actors=("PERSON|smith",))
    denied.negative = other.negative = True
    mentions = [told, denied, other]
    claim = ClaimFeatures(doc="a", local_id="cl1", text="Smith resigned on Monday", positive=True,
                          parties=frozenset({"PERSON|smith"}), topics=frozenset({"support"}), events=("a#1",))
    links = link_claims([claim], mentions, cluster(mentions), {d: d for d in "abc"}, {})
    assert [(x.mention, x.value) for x in links] == [("b#1", "did not happen")]


# --- within one article ---------------------------------------------------------------------------

def _said(key: str, doc: str, lemma: str, *, trigger: str | None = None, type_: str | None = None,
          day: str | None = "2010-06-07", sentence: str = "Apple unveiled the new phone at its conference.",
          people: tuple[str, ...] = ()) -> MentionFeatures:
    from dateline.corpus.coref import content_words

    return MentionFeatures(key=key, doc=doc, type=type_, trigger=trigger or lemma, head_lemma=lemma,
                           interval=day_interval(day, None, None), words=content_words(sentence),
                           people=frozenset(people), actors=frozenset(people), date_value=day, date_explicit=True)


def test_an_article_naming_its_event_again_with_the_same_lemma_is_one_event() -> None:
    a = _said("d#1", "d", "sell", trigger="sold", sentence="Apple sold a million iPhones in three days.")
    b = _said("d#2", "d", "sell", trigger="sales", sentence="The sales beat every forecast analysts had made.")
    assert same_event_in_document(a, b)
    assert cluster([a, b]) == {"d#1": "d#1", "d#2": "d#1"}


def test_an_event_noun_meets_the_verb_it_is_made_from() -> None:
    assert event_lemma("resignation") == "resign" and event_lemma("death") == "die"
    a = _said("d#1", "d", "resign", sentence="Jobs resigned as chief executive on Wednesday.")
    b = _said("d#2", "d", "resignation", sentence="His resignation surprised the markets.")
    assert cluster([a, b])["d#2"] == "d#1"


def test_within_an_article_what_tells_two_mentions_apart_keeps_them_two() -> None:
    # two sayings are what they say
    a = _said("d#1", "d", "say", sentence="Prices will fall next year, the analyst said.")
    b = _said("d#2", "d", "say", sentence="The chief executive said the company had no plans to move.")
    # different named people as actors; dates that do not meet; a copula
    c = _said("d#3", "d", "leave", people=("PERSON|steve jobs",))
    d = _said("d#4", "d", "leave", people=("PERSON|tim cook",))
    e = _said("d#5", "d", "launch", day="2008-07-11")
    f = _said("d#6", "d", "launch", day="2010-06-24")
    g, h = _said("d#7", "d", "be"), _said("d#8", "d", "be")
    for x, y in ((a, b), (c, d), (e, f), (g, h)):
        assert not same_event_in_document(x, y)
        assert len(set(cluster([x, y]).values())) == 2


def test_a_date_conflict_is_one_to_one_and_says_why() -> None:
    from dateline.corpus.contradict import find_contradictions

    two = [_m("a#1", "a", day="2024-12-05"), _m("b#1", "b", day="2024-12-06")]
    found = find_contradictions(two, cluster(two))
    assert [(c.kind, c.reason) for c in found] == [("date", "date: the sources date it 2024-12-05 and 2024-12-06")]
    # a third look-alike on yet another day: a series of attacks, not two dates for one
    three = [*two, _m("c#1", "c", day="2024-12-09")]
    assert find_contradictions(three, cluster(three)) == []


def test_a_merged_event_takes_the_finer_of_nested_dates_and_the_texts_date_first() -> None:
    from dateline.corpus.coref import merged_date

    keynote = [_m("a#1", "a", day="2010"), _m("b#1", "b", day="2010-06-07"), _m("c#1", "c", day="2010")]
    assert merged_date(keynote) == "2010-06-07"
    guessed = _m("d#1", "d", day="2010-06-09", explicit=False)
    assert merged_date([guessed, _m("e#1", "e", day="2010-06-07")]) == "2010-06-07"
    assert merged_date([guessed]) == "2010-06-09"
    assert merged_date([_m("f#1", "f", day=None)]) is None
    # two dates that do not nest: the one more mentions give
    assert merged_date([_m("g#1", "g", day="2010-06-07"), _m("h#1", "h", day="2010-06-08"),
                        _m("i#1", "i", day="2010-06-08")]) == "2010-06-08"


def test_the_gathering_a_story_is_about_is_one_event_whatever_noun_names_it() -> None:
    from dateline.corpus.coref import event_lemma

    assert event_lemma("conference") == event_lemma("summit") == event_lemma("event") == "gathering"
    assert event_lemma("keynote") == "keynote", "a keynote is given at the conference, a part of it, not it again"
    a = _said("d#1", "d", "conference", sentence="Apple opened its developers conference in San Francisco.")
    b = _said("d#2", "d", "event", sentence="At the event the company showed a new phone.")
    assert cluster([a, b])["d#2"] == "d#1"
