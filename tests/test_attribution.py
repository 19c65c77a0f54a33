"""attribution and claims: cue examples from the rule files, chains, scope carry-over, certainty,
claims and their links; the hand-written sentence set as an accuracy gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.analyzer import Analyzer
from dateline.errors import ResourceError
from dateline.eval.events import load_sentences, score_sentences
from dateline.model import Record
from dateline.pipeline import claims as claims_module
from dateline.pipeline.attribution.stage import decide_certainty
from dateline.pipeline.claims import load_claim_rules

SENTENCES = Path(__file__).parent / "data" / "events_sentences.yaml"


def _event(record: Record, trigger: str):  # type: ignore[no-untyped-def]
    found = [e for e in record.events if e.trigger.text == trigger]
    assert len(found) == 1, [(e.trigger.text, e.type) for e in record.events]
    return found[0]


def test_attribution_certainty_precedence() -> None:
    assert decide_certainty({"reported", "hedged"}) == "hedged"
    assert decide_certainty({"reported", "unconfirmed", "claimed"}) == "unconfirmed"
    assert decide_certainty({"future", "reported"}) == "future"
    assert decide_certainty(set()) == "asserted"


def test_attribution_claim_rules_load() -> None:
    rules = load_claim_rules()
    assert "military_support" in rules.topics
    assert "REJECT" in rules.opposing and "lie" in rules.lie_lemmas


def test_attribution_claim_rules_reject_unknown_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claims_module, "load_yaml", lambda _path: {"topics": {}})
    load_claim_rules.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"claims/rules\.yaml"):
            load_claim_rules()
    finally:
        monkeypatch.undo()
        load_claim_rules.cache_clear()


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "source", "kind", "certainty"),
    [
        ("According to local officials, the militia seized the airport.", "seized", "local officials",
         "according_to", "reported"),
        ("Officials said the army withdrew from the town.", "withdrew", "Officials", "speech_verb", "reported"),
        ("However, one source said, he managed to fly to Cairo.", "fly", "one source", "speech_verb", "reported"),
        ('"We will hold the city," stressed the commander.', "stressed", "the commander", "quote", "asserted"),
        ("The general reportedly fled to Turkey.", "fled", "article", "article", "hedged"),
        ("Two soldiers were killed, but there is no official confirmation.", "killed", "article", "article",
         "unconfirmed"),
        ("The ministry denied that its jets bombed the hospital.", "bombed", "The ministry", "speech_verb", "denied"),
        ("The rebels said they had captured the town.", "captured", "The rebels", "speech_verb", "claimed"),
    ],
)
def test_attribution_patterns(  # type: ignore[no-untyped-def]
    analyzer: Analyzer, text: str, trigger: str, source: str, kind: str, certainty: str
) -> None:
    event = _event(analyzer.analyze(text, published="2024-01-15"), trigger)
    assert (event.attribution[0].source, event.attribution[0].kind, event.certainty) == (source, kind, certainty)


@pytest.mark.model
def test_attribution_report_scope_and_carry_over(analyzer: Analyzer) -> None:
    """A report sentence covers its neighbours; an "according to" with no event of its own still
    vouches for the next sentence of its paragraph."""
    text = (
        "Rebels seized the airport on Sunday.\n\n"
        "This was reported by Reuters, citing two officials.\n\n"
        "According to a police source, the governor was in Cairo. There, he asked for help."
    )
    record = analyzer.analyze(text, published="2024-01-15")
    seized, asked = _event(record, "seized"), _event(record, "asked for")
    assert [a.source for a in seized.attribution] == ["two officials", "Reuters"]
    assert asked.attribution[0].source == "a police source"
    assert asked.attribution[-1].source == "Reuters"


@pytest.mark.model
def test_attribution_claims_contradicted_by_refusal_and_lie(analyzer: Analyzer) -> None:
    text = (
        "General Omar Haddad assured his officers that French military support would soon arrive.\n\n"
        "Haddad asked for military help, but the French government did not want it.\n\n"
        '"He lied to them," said an opposition leader.'
    )
    record = analyzer.analyze(text, published="2024-01-15")
    assured = _event(record, "assured")
    claim = next(c for c in record.claims if c.statement == assured.id)
    assert "French military support would soon arrive" in claim.content.text
    assert claim.polarity == "positive"
    links = {(link.event, link.relation) for link in record.claim_links if link.claim == claim.id}
    assert (_event(record, "want").id, "contradicts") in links
    assert (_event(record, "lied").id, "contradicts") in links
    assert claim.false_by == [_event(record, "lied").id]


@pytest.mark.model
def test_attribution_claims_in_fact_contradicts(analyzer: Analyzer) -> None:
    text = "Mayor John Ortega told his aides that he was going home, although in fact he went to the airport."
    record = analyzer.analyze(text, published="2024-01-15")
    claim = next(c for c in record.claims if "going home" in c.content.text)
    went = _event(record, "went")
    assert any(link.claim == claim.id and link.event == went.id and link.relation == "contradicts"
               for link in record.claim_links)


@pytest.mark.model
def test_attribution_claims_agreeing_statement_is_not_contradicted(analyzer: Analyzer) -> None:
    """A claim that says no is supported by a refusal, never contradicted by it."""
    text = (
        "He asked Berlin for military help, but the German government did not want it.\n\n"
        '"The answer from Berlin was negative," said his adviser.'
    )
    record = analyzer.analyze(text, published="2024-01-15")
    assert not [link for link in record.claim_links if link.relation == "contradicts"]


@pytest.mark.model
def test_attribution_sentence_set_gate(analyzer: Analyzer) -> None:
    """Floors on the hand-written sentence set (benchmarks/events.py prints the full table);
    raise them when the figures rise, never lower them silently."""
    items = load_sentences(SENTENCES)
    assert len(items) >= 60
    records = [analyzer.analyze(text, published="2024-01-15") for text, _ in items]
    scores = score_sentences((text, golds, rec) for (text, golds), rec in zip(items, records, strict=True))
    assert scores.detection.recall >= 0.95 and scores.detection.precision >= 0.95
    assert sum(pr.tp for pr in scores.types.values()) / (scores.detection.tp + scores.detection.fn) >= 0.95
    assert scores.actor.f1 >= 0.95
    assert scores.target.f1 >= 0.90
    assert scores.source.f1 >= 0.85
    assert scores.certainty_accuracy >= 0.95
