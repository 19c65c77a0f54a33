"""Golden tests of two whole stories written for dateline: a business deal and a court case.

Every event TimeML would mark is in the gold (`tests/data/golden/*.yaml`) with its class and
its date as a reader tells them; the test checks each one dateline finds, its class and its
date. What dateline gets wrong today is written in the gold as `known_miss` with the reason,
so the record of its faults is kept beside the text; a known miss that starts passing fails the
test, so the entry gets removed and the figure rises.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from dateline.analyzer import Analyzer
from dateline.eval.dating import date_right
from dateline.model import Event, Record

pytestmark = pytest.mark.model

GOLDEN = Path(__file__).parent / "data" / "golden"
STORIES = ["business-nordwind", "court-riverton"]
CLASSES = {"OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION"}


def _gold(name: str) -> dict[str, Any]:
    data = yaml.safe_load((GOLDEN / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data["events"]
    return data


def _offset(text: str, word: str, n: int) -> int:
    found = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", text)]
    assert len(found) >= n, f"{word!r} occurs {len(found)} times, gold asks for occurrence {n}"
    return found[n - 1]


def _date_ok(event: Event, gold: dict[str, Any]) -> bool:
    when = event.when
    if gold.get("earliest") or gold.get("latest"):
        lo, hi = gold.get("earliest") or "0000-01-01", gold.get("latest") or "9999-12-31"
        if when.value is not None and date_right(when.value, lo[:4]) and lo <= (when.earliest or "") <= hi:
            return (when.latest or "") <= hi
        return bool(when.earliest and when.latest and lo <= when.earliest and when.latest <= hi)
    if gold.get("date") is None:
        return when.value is None
    return date_right(when.value, str(gold["date"]))


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    analyzer = Analyzer()
    out = {}
    for name in STORIES:
        text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
        out[name] = analyzer.analyze(text, published=_gold(name)["published"])
    return out


@pytest.mark.parametrize("name", STORIES)
def test_golden_story_gold_is_well_formed(name: str) -> None:
    text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    for gold in _gold(name)["events"]:
        assert gold["class"] in CLASSES, gold
        _offset(text, gold["trigger"], gold["n"])
        assert set(gold.get("known_miss") or {}) <= {"found", "class", "date"}, gold


@pytest.mark.parametrize("name", STORIES)
def test_golden_story_every_event_class_and_date(name: str, records: dict[str, Record]) -> None:
    record = records[name]
    text = record.document.text
    faults: list[str] = []
    fixed: list[str] = []
    matched: set[str] = set()
    for gold in _gold(name)["events"]:
        start = _offset(text, gold["trigger"], gold["n"])
        end = start + len(gold["trigger"])
        known = gold.get("known_miss") or {}
        label = f"{gold['trigger']}#{gold['n']}"
        event = next((e for e in record.events if e.trigger.start < end and start < e.trigger.end), None)
        checks = {"found": event is not None}
        if event is not None:
            matched.add(event.id)
            checks["class"] = event.event_class == gold["class"]
            checks["date"] = _date_ok(event, gold)
        for field, ok in checks.items():
            if field in known and ok:
                fixed.append(f"{label}: {field} now right; drop its known_miss")
            elif field not in known and not ok:
                got = "" if event is None else f" (class {event.event_class}, when {event.when.value} " \
                      f"[{event.when.earliest}..{event.when.latest}] {event.when.basis})"
                faults.append(f"{label}: {field} wrong{got}")
    spurious = [f"{e.trigger.text}@{e.trigger.start}" for e in record.events if e.id not in matched]
    assert not faults, faults
    assert not fixed, fixed
    assert not spurious, f"events that are not events of the story: {spurious}"


@pytest.mark.parametrize("name", STORIES)
def test_golden_story_coded_events_keep_their_types(name: str, records: dict[str, Record]) -> None:
    """The PLOVER layer stays on top: coded events have a type, the rest have none."""
    coded = {(e.trigger.text, e.type) for e in records[name].events if e.type is not None}
    expected = {
        "business-nordwind": {("agrees", "AGREE"), ("agreed", "AGREE"), ("buy", "TRADE"), ("acquire", "TRADE")},
        "court-riverton": {("arrested", "COERCE"), ("resigned", "CONCEDE")},
    }[name]
    assert expected <= coded
