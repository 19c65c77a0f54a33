"""Quantities: counts and amounts ("56 settlements", "about 30 army and security chiefs").

Why a stage of its own: casualty figures, numbers of places taken and sizes of forces are
what analysts compare across outlets; each needs its numeric value, what it counts and
whether the text gives it as exact, approximate or a bound ("more than 10").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from dateline.errors import ResourceError
from dateline.model import Quantity, Record
from dateline.resources import load_yaml
from dateline.settings import Settings

__all__ = ["NumberWords", "QuantityStage", "load_numbers", "parse_number"]

_FILE = "quantities/numbers.yaml"
_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}


@dataclass(frozen=True)
class NumberWords:
    units: dict[str, float]
    multipliers: dict[str, float]
    modifiers: dict[str, str]
    vague: frozenset[str]


@lru_cache(maxsize=1)
def load_numbers() -> NumberWords:
    data = load_yaml(_FILE)
    expected = {"units", "multipliers", "modifiers", "vague"}
    if not isinstance(data, dict) or set(data) != expected:
        raise ResourceError(_FILE, f"expected exactly the keys {sorted(expected)}")
    return NumberWords(
        units={str(k): float(v) for k, v in data["units"].items()},
        multipliers={str(k): float(v) for k, v in data["multipliers"].items()},
        modifiers={str(k): str(v) for k, v in data["modifiers"].items()},
        vague=frozenset(data["vague"]),
    )


_NUMERAL = re.compile(r"^(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?P<suffix>k|m|bn)?$", re.I)


def parse_number(words: str, table: NumberWords | None = None) -> float | None:
    """The value of a number written in digits and/or words; None if it is not one."""
    table = table or load_numbers()
    text = words.lower().replace("-", " ").strip()
    if text in table.units:
        return table.units[text]
    total = 0.0
    current: float | None = None
    for word in text.split():
        m = _NUMERAL.match(word)
        if m:
            current = (current or 0) + float(m.group("num").replace(",", ""))
            if m.group("suffix"):
                current *= table.multipliers[m.group("suffix").lower()]
        elif word in table.units:
            current = (current or 0) + table.units[word]
        elif word in table.multipliers and current is not None:
            current *= table.multipliers[word]
            if table.multipliers[word] >= 1000:
                total, current = total + current, None
        elif word == "and":
            continue
        else:
            return None
    if current is None and total == 0:
        return None
    return total + (current or 0)


class QuantityStage:
    """Writes `record.quantities` from the model's number entities, with value, unit and modifier."""

    name = "quantities"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.table = load_numbers()

    def __call__(self, doc: Doc, record: Record) -> None:
        ignored = [(s.start, s.end) for s in record.document.ignored]
        out: list[Quantity] = []
        for ent in doc.ents:
            if ent.label_ not in _LABELS or any(s < ent.end_char and ent.start_char < e for s, e in ignored):
                continue
            quantity = self._quantity(ent, record.document.text)
            if quantity is not None:
                out.append(quantity)
        record.quantities = out

    def _quantity(self, ent: Span, text: str) -> Quantity | None:
        """`text` is the document's text (same offsets as the doc's; `Doc.text` is rebuilt on each access)."""
        mod = "EXACT"
        words = [t for t in ent if not t.is_punct]
        while words:
            for n in (2, 1):
                phrase = " ".join(t.lower_ for t in words[:n])
                if len(words) > n and phrase in self.table.modifiers:
                    mod = self.table.modifiers[phrase]
                    words = words[n:]
                    break
            else:
                break
        number = " ".join(t.text for t in words if t.like_num or t.lower_ in self.table.units
                          or t.lower_ in self.table.multipliers or t.lower_ == "and")
        value = parse_number(number, self.table) if number else None
        if value is None:
            return None
        if number.lower() in self.table.vague and mod == "EXACT":
            mod = "APPROX"
        last = ent[-1]
        unit_token = last.head if last.head.i >= ent.end and last.head.pos_ in {"NOUN", "PROPN"} else None
        if unit_token is None:  # "dozens of protesters", "one of them"
            of = next((c for c in last.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            unit_token = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        unit: str | None
        if ent.label_ == "PERCENT":
            unit = "percent"
        elif ent.label_ == "MONEY":
            unit = "money"
        else:
            unit = _unit_phrase(unit_token) if unit_token is not None else None
        start, end = ent.start_char, ent.end_char
        if unit_token is not None:
            end = max(end, unit_token.idx + len(unit_token.text))
        return Quantity(start=start, end=end, text=text[start:end], value=value, unit=unit,
                        mod=mod)  # type: ignore[arg-type]


def _unit_phrase(token: Token) -> str:
    """What is counted: the head noun with its compound/adjective modifiers ("army and security chiefs")."""
    words = [t for t in token.lefts if t.dep_ in {"compound", "amod", "cc", "conj"} and not t.like_num]
    return " ".join([*(t.text for t in words), token.text])
