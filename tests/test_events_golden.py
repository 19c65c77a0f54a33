"""The shared example against what an analyst extracts (../shared/examples/*.expected.md).

Checks only what the pipeline can stand behind: per expected event, a trigger of the right
type family with the right actor and nearest source; the shooting unconfirmed; the false
assurance contradicted by the Kremlin's refusal. Skipped when ../shared is absent.
"""

from __future__ import annotations

import pytest

from dateline.model import Event, Record

pytestmark = pytest.mark.model


def _entity(record: Record, name: str) -> str:
    for entity in record.entities:
        if entity.name == name or name in entity.aliases:
            return entity.id
    raise AssertionError(f"no entity {name!r}")


def _event(record: Record, trigger: str, type_: str) -> Event:
    found = [e for e in record.events if trigger in e.trigger.text and e.type == type_]
    assert found, [(e.trigger.text, e.type) for e in record.events]
    return found[0]


# (expected #, trigger, type, actor name or None, words of the nearest source)
EXPECTED = [
    (1, "assured", "STATEMENT", "Bashar al-Assad", "commander"),
    (2, "fled", "MOVE", "Bashar al-Assad", "people familiar"),
    (3, "tell", "STATEMENT", "Bashar al-Assad", "sources"),
    (4, "fly", "MOVE", "Maher", "one source"),
    (5, "inform", "STATEMENT", "Bashar al-Assad", "sources"),
    (6, "flee", "MOVE", "Ehab Makhlouf", "Syrian and Lebanese officials"),
    (7, "shot dead", "DEATH", None, "Syrian and Lebanese officials"),
    (8, "told", "STATEMENT", "Bashar al-Assad", "the source"),
    (9, "called", "CONSULT", "Bashar al-Assad", "the source"),
    (10, "asked for", "REQUEST", "Bashar al-Assad", "Reuters sources"),
    (11, "want", "REJECT", "Kremlin", "Reuters sources"),
    (12, "stressed", "STATEMENT", "Hadi al-Bahra", "Hadi al-Bahra"),
    (13, "offensive", "ASSAULT", "rebels", "article"),
    (14, "took control", "SEIZE", "rebels", "article"),
    (15, "airstrikes", "ASSAULT", None, "article"),
    (16, "promised", "AID", "Russia", "article"),
    (17, "taken control", "SEIZE", "rebels", "Syrian opposition forces"),
]


@pytest.mark.parametrize(("n", "trigger", "type_", "actor", "source"), EXPECTED, ids=[str(e[0]) for e in EXPECTED])
def test_events_golden_expected_event(  # type: ignore[no-untyped-def]
    example_record, n: int, trigger: str, type_: str, actor: str | None, source: str
) -> None:
    event = _event(example_record, trigger, type_)
    if actor is not None:
        assert _entity(example_record, actor) in event.actors
    assert event.attribution and source in event.attribution[0].source


def test_events_golden_certainty(example_record) -> None:  # type: ignore[no-untyped-def]
    record = example_record
    assert _event(record, "shot dead", "DEATH").certainty == "unconfirmed"
    assert _event(record, "wounded", "INJURY").certainty == "unconfirmed"
    assert _event(record, "tell", "STATEMENT").certainty == "negated"
    assert _event(record, "inform", "STATEMENT").certainty == "negated"
    assert _event(record, "promised", "AID").certainty == "future"
    assert _event(record, "taken control", "SEIZE").certainty == "claimed"
    assert _event(record, "stressed", "STATEMENT").certainty == "asserted"


def test_events_golden_arguments(example_record) -> None:  # type: ignore[no-untyped-def]
    record = example_record
    brothers = {_entity(record, "Ehab Makhlouf"), _entity(record, "Eyad Makhlouf")}
    assert set(_event(record, "ambushed", "ASSAULT").targets) == brothers
    assert set(_event(record, "shot dead", "DEATH").targets) == brothers
    assert set(_event(record, "wounded", "INJURY").targets) == brothers
    assert _event(record, "want", "REJECT").targets == [_entity(record, "Bashar al-Assad")]
    assert _event(record, "urged", "REQUEST").targets == [_entity(record, "ground forces")]
    told = _event(record, "told", "STATEMENT")
    assert [a.text for a in told.arguments if a.role == "target"] == ["his office manager"]


def test_events_golden_quantities(example_record) -> None:  # type: ignore[no-untyped-def]
    record = example_record

    def texts(event: Event) -> list[str]:
        return [record.quantities[i].text for i in event.quantities]

    assert texts(_event(record, "assured", "STATEMENT")) == ["about 30 army and security chiefs"]
    assert texts(_event(record, "took control", "SEIZE")) == ["56 settlements"]
    assert texts(_event(record, "shot dead", "DEATH")) == ["One of them"]


def test_events_golden_contradiction(example_record) -> None:  # type: ignore[no-untyped-def]
    """The assurance that Russian support was coming is contradicted by the Kremlin's refusal and
    called a lie; the office-manager story is contradicted by "in fact he went to the airport"."""
    record = example_record
    refusal = _event(record, "want", "REJECT")
    assured = _event(record, "assured", "STATEMENT")
    went = _event(record, "went", "MOVE")
    by_claim = {c.id: c for c in record.claims}
    contradicted = {(by_claim[link.claim].statement, link.event) for link in record.claim_links
                    if link.relation == "contradicts"}
    assert (assured.id, refusal.id) in contradicted
    support = [c for c in record.claims if c.statement == assured.id]
    assert support and "Russian military support" in support[0].content.text
    assert support[0].false_by, "the lede's 'lied' should mark the assurance false"
    home = [c for c in record.claims if "going home" in c.content.text and c.statement]
    assert home and any(link.claim == home[0].id and link.event == went.id for link in record.claim_links)
