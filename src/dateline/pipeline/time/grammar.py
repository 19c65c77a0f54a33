"""The TIMEX3 grammar: pattern sets, normalization tables and rules, read from data files.

Why data: in HeidelTime's spirit the language lives in `resources/time/<lang>/` and this
module only knows how to read it. `lexicon.tsv` lists words by set (months, numbers,
units ...) with their normalized values; every set becomes a regex pattern set `{set}`.
`patterns.yaml` adds regex-defined sets; `rules.yaml` holds the rules, each with NAMED
groups whose name says how the group is normalized (`month`, `day`, `n`, `unit` ...,
with an optional `_2` suffix when a rule needs the same kind twice). A rule's `value`
is a template over its groups; what cannot be known from the words alone (a missing
year, "yesterday") is left as an underspecified value for `time.resolve` to complete.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dateline.errors import ResourceError
from dateline.pipeline.literals import literal_prefixes
from dateline.resources import compile_regex, load_tsv, load_yaml

__all__ = ["Candidate", "Example", "Grammar", "Rule", "load_grammar"]

TYPES = ("DATE", "TIME", "DURATION", "SET")
RULE_KEYS = {
    "name", "type", "pattern", "value", "mod", "before", "not_before", "after", "not_after",
    "examples", "capitalized", "note", "adverb_only", "anchor",
}
EXAMPLE_KEYS = {"text", "span", "value", "type", "dct", "mod", "absent"}
_SET_REF = re.compile(r"\{(?P<name>[a-z][a-z0-9_]*)\}")
_PLACEHOLDER = re.compile(r"\{(?P<names>[a-z][a-z0-9_|]*)\}")
_GROUP_KIND = re.compile(r"^(?P<kind>[a-z]+(?:_[a-z]+)*?)(?:_\d+)?$")
_CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Example:
    """One executable example of a rule: in `text`, the tagger must find `span` = `value`."""

    text: str
    span: str | None
    value: str | None
    type: str | None = None
    dct: str | None = "2024-12-13"
    mod: str | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    index: int
    type: str
    regex: re.Pattern[str]
    value: str
    mod: str | None = None
    before: re.Pattern[str] | None = None
    not_before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    capitalized: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    adverb_only: bool = False  # with a parse, only an adverb counts ("adjusted quarterly", not "quarterly dividend")
    anchor: re.Pattern[str] | None = None  # every match contains a match of this: scan only near those
    anchor_hint: tuple[str, ...] | None = None  # the anchor's possible literal beginnings (pipeline.literals)
    hint: tuple[str, ...] | None = None  # the rule's own possible literal beginnings, if any


@dataclass
class Candidate:
    """A rule's match before overlap resolution: raw value still underspecified."""

    rule: Rule
    start: int
    end: int
    text: str
    value: str
    mod: str | None
    groups: dict[str, str] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start


class Grammar:
    """The compiled rules of one language plus the tables their groups are normalized with."""

    def __init__(self, language: str, lexicon: dict[str, dict[str, str]], rules: list[Rule]) -> None:
        self.language = language
        self.lexicon = lexicon
        self.rules = rules
        self._normalizers = _normalizers(lexicon)
        hints = [h for r in rules for h in (*(r.anchor_hint or ()), *(r.hint or ()))]
        self._hint_chars = frozenset(ch for h in hints for ch in h)
        self._tricky: dict[str, bool] = {}

    def words(self, set_name: str) -> str:
        """A lexicon set as a regex alternation (longest word first), for checks outside rules."""
        return _words_regex(list(self.lexicon.get(set_name, {})))

    def candidates(self, text: str) -> Iterator[Candidate]:
        """Every match of every rule that passes the rule's own context conditions.

        Why windows: scanning the whole text with each of ~70 case-insensitive alternations
        was most of the stage's cost. A rule with an `anchor` (a unit, a month, a weekday)
        is only tried around its anchor's matches, found once per text for all rules sharing it,
        and not at all when none of the anchor's literal beginnings is in the text.
        """
        windows: dict[str, list[tuple[int, int]]] = {}
        lowered = text.lower()
        # Why hint positions: a case-insensitive alternation is tried at every character of
        # the text; trying it only where one of its literal beginnings occurs in the lowered
        # text finds the same matches (finditer's leftmost, non-overlapping ones), provided
        # lowering keeps every offset and no character matches a hint's letter only through
        # the regex engine's extra case equivalences ("ſ" for "s"); else the full scan runs.
        exact = self._lowered_exact(text, lowered)
        for rule in self.rules:
            if rule.anchor is None:
                spans: list[tuple[int, int]] = [(0, len(text))]
            else:
                key = rule.anchor.pattern
                if key not in windows:
                    hint = rule.anchor_hint
                    absent = hint is not None and not any(word in lowered for word in hint)
                    if absent:
                        windows[key] = []
                    elif hint is not None and exact:
                        starts = _hint_starts(lowered, hint, [(0, len(text))])
                        windows[key] = _merge(_matches_at(rule.anchor, text, starts, [(0, len(text))]), len(text))
                    else:
                        windows[key] = _windows(rule.anchor, text)
                spans = windows[key]
            if rule.hint is not None and exact:
                matches: Iterable[re.Match[str]] = _matches_at(
                    rule.regex, text, _hint_starts(lowered, rule.hint, spans), spans)
            else:
                matches = (m for start, end in spans for m in rule.regex.finditer(text, start, end))
            for m in matches:
                if m.end() == m.start() or not _context_ok(rule, text, m.start(), m.end()):
                    continue
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                if not all(_capitalized(groups.get(g, "X")) for g in rule.capitalized):
                    continue
                value, mod = self.render(rule, groups)
                yield Candidate(rule, m.start(), m.end(), m.group(0), value, mod, groups)

    def _lowered_exact(self, text: str, lowered: str) -> bool:
        """Whether a hint found in `lowered` is at the offset, and finds every place, where
        the case-insensitive regex could start on a hint's literal."""
        if len(lowered) != len(text):
            return False
        tricky = self._tricky
        for ch in set(text):
            found = tricky.get(ch)
            if found is None:
                found = tricky[ch] = any(
                    ch.lower() != h and re.fullmatch(re.escape(h), ch, re.IGNORECASE) is not None
                    for h in self._hint_chars
                )
            if found:
                return False
        return True

    def render(self, rule: Rule, groups: dict[str, str]) -> tuple[str, str | None]:
        """The rule's value template filled with normalized groups, and the TIMEX3 mod."""
        normalized = {name: self.normalize(name, raw) for name, raw in groups.items()}

        def fill(m: re.Match[str]) -> str:
            names = m.group("names").split("|")
            for name in names:
                if normalized.get(name):
                    return normalized[name]
            return self.normalize(names[0], None)

        value = _PLACEHOLDER.sub(fill, rule.value)
        approx = next((v for k, v in normalized.items() if _group_kind(k) == "approx" and v), None)
        mod = rule.mod or approx or normalized.get("edge") or None
        return value, mod

    def normalize(self, group: str, raw: str | None) -> str:
        kind = _group_kind(group)
        return self._normalizers[kind](raw) if raw is not None else _MISSING.get(kind, "")


# ---------------------------------------------------------------------------- normalizers

_MISSING = {"year": "UNDEF", "n": "1", "part": "", "dir": "+"}
_TIME_UNITS = {"H", "MIN", "S"}


def _key(raw: str) -> str:
    return " ".join(raw.lower().replace("\u2019", "'").split())


def _table(lexicon: dict[str, dict[str, str]], name: str) -> Callable[[str], str]:
    table = lexicon[name]
    return lambda raw: table.get(_key(raw), table.get(_key(raw).rstrip("."), ""))


def _number(lexicon: dict[str, dict[str, str]]) -> Callable[[str], str]:
    numbers, vague = {**lexicon["number"], **lexicon["article_number"]}, lexicon["vague_number"]

    def parse(raw: str) -> str:
        key = _key(raw).replace(",", "")
        if key in vague:
            return "X"
        if re.fullmatch(r"\d+(?:\.\d+)?", key):
            return _num_str(float(key))
        if re.fullmatch(r"\d+ 1/2", key):
            return _num_str(float(key.split()[0]) + 0.5)
        if key in numbers:
            return _num_str(float(numbers[key]))
        total, current = 0.0, 0.0
        for word in re.split(r"[\s-]+", key):
            if word == "and":
                continue
            if word not in numbers:
                return "X"
            n = float(numbers[word])
            if n in (100.0, 1000.0):
                current = max(current, 1.0) * n
                if n == 1000.0:
                    total, current = total + current, 0.0
            else:
                current += n
        return _num_str(total + current)

    return parse


def _num_str(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _two(raw: str, ordinals: dict[str, str]) -> str:
    key = _key(raw)
    digits = re.match(r"\d+", key)
    n = int(digits.group(0)) if digits else int(ordinals.get(key, "0") or 0)
    return f"{n:02d}" if n else "XX"


def _year(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 2:
        # Two-digit years ('98) are rare in current news; HeidelTime maps them by century
        # window, which we keep: 00-39 -> 20xx, 40-99 -> 19xx.
        return ("20" if int(digits) < 40 else "19") + digits
    return digits


def _decade(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 2:
        return ("20" if int(digits) < 40 else "19") + digits[0]
    return digits[:3]


def _century(raw: str, ordinals: dict[str, str]) -> str:
    key = _key(raw)
    digits = re.match(r"\d+", key)
    n = int(digits.group(0)) if digits else int(ordinals.get(key, "0") or 0)
    return f"{n - 1:02d}" if n else "XX"


def _ampm(raw: str) -> str:
    return "pm" if raw.lower().startswith("p") else "am"


def _normalizers(lexicon: dict[str, dict[str, str]]) -> dict[str, Callable[[str], str]]:
    ordinals = lexicon["ordinal"]
    table = {name: _table(lexicon, name) for name in lexicon}
    month = table["month"]
    return {
        **table,
        "year": _year,
        "month": lambda raw: f"{int(raw):02d}" if raw.strip().isdigit() else month(raw),
        "day": lambda raw: _two(raw, ordinals),
        "hour": lambda raw: f"{int(raw):02d}" if raw.isdigit() else table["number"](raw).zfill(2),
        "minute": lambda raw: raw,
        "ampm": _ampm,
        "n": _number(lexicon),
        "unit": lambda raw: table["unit"](raw) or table["period"](raw),
        "part": table["part_of_day"],
        "quarter": table["ordinal_quarter"],
        "decade": _decade,
        "century": lambda raw: _century(raw, ordinals),
        "dayoff": table["deictic_day"],
        "rel": table["rel_word"],
        "dir": table["direction"],
        "wshift": table["weekday_shift"],
        "ref": table["ref_word"],
        "every": table["set_adverb"],
        "lit": lambda raw: raw,
        "year_century": table["year_century"],
    }


_WINDOW = 120  # characters a match may reach before or after its anchor


def _windows(anchor: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Merged [start, end) windows around the anchor's matches."""
    return _merge(anchor.finditer(text), len(text))


def _merge(matches: Iterable[re.Match[str]], length: int) -> list[tuple[int, int]]:
    """`_windows` from matches already found."""
    merged: list[tuple[int, int]] = []
    for m in matches:
        start, end = max(0, m.start() - _WINDOW), min(length, m.end() + _WINDOW)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _hint_starts(lowered: str, hint: tuple[str, ...], spans: list[tuple[int, int]]) -> list[int]:
    """The sorted offsets inside `spans` at which one of the hint's strings begins."""
    found: set[int] = set()
    for lo, hi in spans:
        for word in hint:
            at = lowered.find(word, lo, hi)
            while at >= 0:
                found.add(at)
                at = lowered.find(word, at + 1, hi)
    return sorted(found)


def _matches_at(
    regex: re.Pattern[str], text: str, starts: list[int], spans: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """What `regex.finditer(text, lo, hi)` yields over each span, trying only at `starts`:
    every match begins at one of them (a hint is a literal every match starts with, so no
    match is empty), and finditer's next match is the leftmost one at or after the last end."""
    for lo, hi in spans:
        last = lo
        for i in range(bisect_left(starts, lo), len(starts)):
            at = starts[i]
            if at >= hi:
                break
            if at < last:
                continue
            m = regex.match(text, at, hi)
            if m is not None:
                yield m
                last = m.end()


def _group_kind(group: str) -> str:
    m = _GROUP_KIND.match(group)
    return m.group("kind") if m else group


def _capitalized(raw: str) -> bool:
    return raw[:1].isupper()


def _context_ok(rule: Rule, text: str, start: int, end: int) -> bool:
    left = text[max(0, start - _CONTEXT_CHARS) : start]
    right = text[end : end + _CONTEXT_CHARS]
    if rule.before is not None and not rule.before.search(left):
        return False
    if rule.not_before is not None and rule.not_before.search(left):
        return False
    if rule.after is not None and not rule.after.match(right):
        return False
    return not (rule.not_after is not None and rule.not_after.match(right))


# ---------------------------------------------------------------------------- loading


@lru_cache(maxsize=4)
def load_grammar(language: str = "en") -> Grammar:
    """Reads and validates the language's three files once per process."""
    base = f"time/{language}"
    lexicon = _load_lexicon(f"{base}/lexicon.tsv")
    sets = _pattern_sets(lexicon, load_yaml(f"{base}/patterns.yaml") or {}, f"{base}/patterns.yaml")
    kinds = set(_normalizers(lexicon))
    raw_rules = (load_yaml(f"{base}/rules.yaml") or {}).get("rules")
    if not isinstance(raw_rules, list):
        raise ResourceError(f"{base}/rules.yaml", "expected a top-level 'rules:' list")
    rules = [_rule(entry, i, sets, kinds, f"{base}/rules.yaml") for i, entry in enumerate(raw_rules)]
    names = [r.name for r in rules]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ResourceError(f"{base}/rules.yaml", f"duplicate rule names: {', '.join(dupes)}")
    return Grammar(language, lexicon, rules)


def _load_lexicon(path: str) -> dict[str, dict[str, str]]:
    lexicon: dict[str, dict[str, str]] = {}
    for row in load_tsv(path, ("set", "word", "value")):
        if not row["set"] or not row["word"]:
            raise ResourceError(path, f"row without set or word: {row}")
        lexicon.setdefault(row["set"], {})[_key(row["word"])] = row["value"]
    return lexicon


def _words_regex(words: list[str]) -> str:
    alts = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=lambda w: (-len(w), w))]
    return "(?:" + "|".join(alts) + ")"


def _pattern_sets(lexicon: dict[str, dict[str, str]], defined: dict[str, Any], path: str) -> dict[str, str]:
    sets = {name: _words_regex(list(table)) for name, table in lexicon.items()}
    for name, pattern in defined.items():
        if not isinstance(pattern, str) or not pattern:
            raise ResourceError(f"{path}:{name}", "a pattern set must be a non-empty string")
        if name in sets:
            raise ResourceError(f"{path}:{name}", "name already used by a lexicon set")
        sets[name] = pattern
    expanded: dict[str, str] = {}
    for name in sets:
        expanded[name] = _expand(sets[name], sets, f"{path}:{name}", depth=0)
        compile_regex(expanded[name], f"{path}:{name}")
    return expanded


def _expand(pattern: str, sets: dict[str, str], where: str, depth: int) -> str:
    if depth > 8:
        raise ResourceError(where, "pattern sets refer to each other in a cycle")

    def sub(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in sets:
            raise ResourceError(where, f"unknown pattern set {{{name}}}")
        return "(?:" + _expand(sets[name], sets, where, depth + 1) + ")"

    return _SET_REF.sub(sub, pattern)


def _rule(entry: Any, index: int, sets: dict[str, str], kinds: set[str], path: str) -> Rule:
    if not isinstance(entry, dict) or "name" not in entry:
        raise ResourceError(f"{path}: rule #{index + 1}", "a rule must be a mapping with a name")
    where = f"{path}: rule {entry['name']!r}"
    unknown = set(entry) - RULE_KEYS
    if unknown:
        raise ResourceError(where, f"unknown keys: {', '.join(sorted(unknown))}")
    for key in ("type", "pattern", "value"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise ResourceError(where, f"missing or empty {key!r}")
    if entry["type"] not in TYPES:
        raise ResourceError(where, f"type must be one of {TYPES}")
    body = _expand(entry["pattern"], sets, where, depth=0)
    # Matches must not start or end inside a word, a number or a money amount.
    regex = compile_regex(rf"(?<![\w$£€.-])(?:{body})(?![\w])", where, re.IGNORECASE)
    for group in regex.groupindex:
        if _group_kind(group) not in kinds:
            raise ResourceError(where, f"group {group!r} has no normalizer (known: {sorted(kinds)})")
    for m in _PLACEHOLDER.finditer(entry["value"]):
        missing = [n for n in m.group("names").split("|") if n not in regex.groupindex]
        if missing:
            raise ResourceError(where, f"value uses groups the pattern lacks: {missing}")
    capitalized = entry.get("capitalized", [])
    if not isinstance(capitalized, list) or any(g not in regex.groupindex for g in capitalized):
        raise ResourceError(where, "'capitalized' must list groups of the pattern")
    return Rule(
        name=entry["name"],
        index=index,
        type=entry["type"],
        regex=regex,
        value=entry["value"],
        mod=entry.get("mod"),
        before=_context(entry, "before", where),
        not_before=_context(entry, "not_before", where),
        after=_context(entry, "after", where),
        not_after=_context(entry, "not_after", where),
        capitalized=tuple(capitalized),
        adverb_only=bool(entry.get("adverb_only", False)),
        anchor=(anchor := _anchor(entry, sets, where)),
        anchor_hint=literal_prefixes(anchor.pattern, anchor.flags) if anchor is not None else None,
        hint=literal_prefixes(regex.pattern, regex.flags),
        examples=tuple(_example(e, where) for e in entry.get("examples", [])),
    )


def _anchor(entry: dict[str, Any], sets: dict[str, str], where: str) -> re.Pattern[str] | None:
    pattern = entry.get("anchor")
    if not pattern:
        return None
    body = _expand(pattern, sets, f"{where} (anchor)", depth=0)
    return compile_regex(rf"(?<![\w])(?:{body})(?![\w])", f"{where} (anchor)", re.IGNORECASE)


def _context(entry: dict[str, Any], key: str, where: str) -> re.Pattern[str] | None:
    pattern = entry.get(key)
    return compile_regex(pattern, f"{where} ({key})", re.IGNORECASE) if pattern else None


def _example(raw: Any, where: str) -> Example:
    if not isinstance(raw, dict) or "text" not in raw:
        raise ResourceError(where, f"an example must be a mapping with 'text': {raw!r}")
    unknown = set(raw) - EXAMPLE_KEYS
    if unknown:
        raise ResourceError(where, f"example has unknown keys: {', '.join(sorted(unknown))}")
    if raw.get("absent"):
        return Example(text=raw["text"], span=raw["absent"], value=None, dct=raw.get("dct", "2024-12-13"))
    if "span" not in raw or "value" not in raw:
        raise ResourceError(where, f"an example needs 'span' and 'value': {raw!r}")
    if raw["span"] not in raw["text"]:
        raise ResourceError(where, f"example span {raw['span']!r} is not in its text")
    return Example(
        text=raw["text"], span=raw["span"], value=str(raw["value"]), type=raw.get("type"),
        dct=raw.get("dct", "2024-12-13"), mod=raw.get("mod"),
    )
