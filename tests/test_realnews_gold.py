"""The real-news gold (tests/data/realnews_gold.yaml) is well-formed and points at real text.

The YAML checks run everywhere; the checks against the pages themselves need
../shared/bench/real-news and are skipped when it is absent.
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
import sys
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "realnews_gold.yaml"
REAL_NEWS = ROOT.parent / "shared" / "bench" / "real-news"

CERTAINTIES = {"asserted", "reported", "hedged", "unconfirmed", "denied", "negated", "future"}
PAGE_KEYS = {"split", "published", "text", "note", "skip", "junk_examples", "events"}
EVENT_KEYS = {"trigger", "evidence", "main", "date", "earliest", "latest", "actor", "target", "place",
              "source", "certainty", "also", "note"}
REQUIRED_EVENT_KEYS = {"trigger", "evidence", "date", "actor", "target", "place", "source", "certainty"}
ROLES = ("actor", "target", "place", "source")
MAX_EVIDENCE_WORDS = 12

_TIMEX = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?|-W(?P<w>\d\d)|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?"
    r"|\d{3}|\d{2}"  # decade, century
)


def _load_realnews() -> Any:
    spec = importlib.util.spec_from_file_location("realnews_bench", ROOT / "benchmarks" / "realnews.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


realnews = _load_realnews()


@cache
def gold() -> dict[str, Any]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


def pages() -> dict[str, dict[str, Any]]:
    return gold()["pages"]


def all_events() -> list[tuple[str, int, dict[str, Any]]]:
    return [(name, i, ev) for name, page in sorted(pages().items()) for i, ev in enumerate(page.get("events") or [])]


def timex_ok(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    m = _TIMEX.fullmatch(value)
    if not m:
        return False
    if m.group("m"):
        month, day = int(m.group("m")), int(m.group("d") or 1)
        try:
            date(int(m.group("y")), month, day)
        except ValueError:
            return False
    return not m.group("w") or 1 <= int(m.group("w")) <= 53


def test_top_level_and_split_rule() -> None:
    data = gold()
    assert set(data) == {"split", "pages"}
    names = sorted(pages())
    expected_heldout = [n for i, n in enumerate(names) if i % 3 == 2]
    assert sorted(data["split"]["heldout"]) == expected_heldout
    for name, page in pages().items():
        assert page["split"] == ("heldout" if name in expected_heldout else "dev"), name


@pytest.mark.parametrize("name", sorted(yaml.safe_load(GOLD.read_text(encoding="utf-8"))["pages"]))
def test_page_fields(name: str) -> None:
    page = pages()[name]
    assert set(page) <= PAGE_KEYS, f"{name}: unknown keys {set(page) - PAGE_KEYS}"
    assert timex_ok(page["published"]) and len(page["published"]) == 10, f"{name}: published {page['published']!r}"
    assert page.get("text", "extracted") in {"extracted", "expected"}
    assert isinstance(page.get("junk_examples", []), list)
    if page.get("skip"):
        assert isinstance(page["skip"], str) and not page.get("events")
    else:
        events = page.get("events")
        assert isinstance(events, list) and events, f"{name}: no events and no skip reason"
        assert any(ev.get("main") for ev in events), f"{name}: no main event"


@pytest.mark.parametrize(("name", "index"), [(n, i) for n, i, _ in all_events()])
def test_event_fields(name: str, index: int) -> None:
    ev = pages()[name]["events"][index]
    where = f"{name}#{index} {ev.get('trigger')!r}"
    assert set(ev) <= EVENT_KEYS, f"{where}: unknown keys {set(ev) - EVENT_KEYS}"
    assert set(ev) >= REQUIRED_EVENT_KEYS, f"{where}: missing {REQUIRED_EVENT_KEYS - set(ev)}"
    assert isinstance(ev["trigger"], str) and ev["trigger"].strip()
    assert isinstance(ev.get("main", False), bool)
    assert ev["certainty"] in CERTAINTIES, f"{where}: certainty {ev['certainty']!r}"
    for key in ("date", "earliest", "latest"):
        if ev.get(key) is not None:
            assert timex_ok(ev[key]), f"{where}: {key} {ev[key]!r} is not a TIMEX3-like value"
    if ev.get("earliest") and ev.get("latest"):
        from dateline.pipeline.time.resolve import period_bounds

        assert period_bounds(ev["earliest"])[0] <= period_bounds(ev["latest"])[1], f"{where}: bounds reversed"
    if ev.get("date") is not None:
        assert ev.get("earliest") is None and ev.get("latest") is None, f"{where}: bounds are for null dates"
    for role in ROLES:
        value = ev[role]
        assert value is None or isinstance(value, str) or (
            isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)
        ), f"{where}: {role} {value!r}"
    for trigger, evidence in realnews.mentions(ev):
        assert isinstance(evidence, str) and evidence.strip()
        assert len(evidence.split()) <= MAX_EVIDENCE_WORDS, f"{where}: evidence over {MAX_EVIDENCE_WORDS} words"
        assert realnews.locate(evidence, evidence, trigger) is not None, f"{where}: trigger {trigger!r} not in evidence"
    for other in ev.get("also") or []:
        assert set(other) == {"trigger", "evidence"}, f"{where}: also {other!r}"


def test_locate_normalises_whitespace_and_quotes() -> None:
    text = "He said   Christie’s\nspeech on Tuesday pushed."
    start, end = realnews.locate(text, "Christie's speech on Tuesday", "speech")
    assert text[start:end] == "speech"
    assert realnews.locate(text, "not there", "there") is None


# --- against the pages in ../shared -------------------------------------------------------


def _need_shared() -> None:
    if not (REAL_NEWS / "pages").is_dir():
        pytest.skip(f"{REAL_NEWS} is absent (../shared is not here)")


@cache
def reference_texts(name: str) -> tuple[str, ...]:
    """The texts the gold may be read in: dateline's extraction, expected-text, trafilatura's default."""
    import trafilatura

    path = REAL_NEWS / "pages" / f"{name}.html"
    texts = []
    with contextlib.suppress(Exception):  # a page dateline cannot read is checked against the others
        texts.append(realnews.read_page(path).text)
    expected = REAL_NEWS / "expected-text" / f"{name}.txt"
    if expected.exists():
        texts.append(expected.read_text(encoding="utf-8"))
    html = path.read_text(encoding="utf-8", errors="replace")
    texts.append(trafilatura.extract(html) or "")
    return tuple(texts)


@pytest.mark.shared
def test_every_page_is_annotated() -> None:
    _need_shared()
    on_disk = {p.stem for p in (REAL_NEWS / "pages").glob("*.html")}
    assert on_disk == set(pages()), f"missing: {on_disk - set(pages())}, unknown: {set(pages()) - on_disk}"


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(yaml.safe_load(GOLD.read_text(encoding="utf-8"))["pages"]))
def test_evidence_is_in_the_page(name: str) -> None:
    _need_shared()
    page = pages()[name]
    if page.get("text") == "expected":
        expected = REAL_NEWS / "expected-text" / f"{name}.txt"
        assert expected.exists(), f"{name}: text: expected, but {expected} is absent"
        texts: tuple[str, ...] = (expected.read_text(encoding="utf-8"),)
    else:
        texts = reference_texts(name)
    normalised = [realnews.normalise(t) for t in texts]
    missing = []
    for ev in page.get("events") or []:
        for trigger, evidence in realnews.mentions(ev):
            if not any(realnews.locate(t, evidence, trigger, n) for t, n in zip(texts, normalised, strict=True)):
                missing.append(f"{trigger!r}: {evidence!r}")
    assert not missing, f"{name}: evidence not found in the page's text:\n" + "\n".join(missing)
