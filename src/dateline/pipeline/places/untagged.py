"""Place names outside the NER's place tags: what a context says is a place.

Why: the small NER model misses many toponyms, and calls others a person or a group
("Daraa", "Borneo"). Each finder here reads one kind of evidence: a cue around the name
(`cues.yaml`: "the island of X", "in X", "X-based"), the office seat inside an official's
name, the town before its state ("Greenwood, W. Va."), the untagged towns of a list, a
dateline, and one sense per discourse (a known place's name elsewhere in the article).
Each claims only names the gazetteer knows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from dateline.gazetteer.cues import cues_at, demonyms, local_offices
from dateline.pipeline.nlp import doc_text
from dateline.pipeline.places.names import (
    _DATELINE,
    _ECHO_LABELS,
    _MAX_PREFIX_WORDS,
    _OVERRULABLE,
    _PARTY,
    _RUN,
    _RUN_BEFORE_COMMA,
    _common_words,
    _drop_stop_words,
    _Found,
    _glued,
    _inside_longer_name,
    _label,
    _strip,
)  # fmt: skip
from dateline.pipeline.places.readings import is_not_place

if TYPE_CHECKING:
    from dateline.pipeline.places.recognise import Recogniser

__all__ = ["cued_runs", "datelines", "echoes", "list_mates", "office_seats", "towns_before_states", "untagged_echoes"]


def cued_runs(
    rec: Recogniser, doc: Doc, ents: list[Span], person_words: set[str], taken: list[tuple[int, int]]
) -> Iterator[_Found]:
    """Capitalised names outside the NER's place spans that a cue marks as places."""
    text = doc_text(doc)
    labels = [(e.start_char, e.end_char, e.label_) for e in ents]
    for m in _RUN.finditer(text):
        start, end = _drop_stop_words(text, m.start(), m.end())
        party = _PARTY.match(text[start:end])  # "DFL-Cook": the home town after the party
        start += party.end() if party else 0
        if start >= end or any(s < end and start < e for s, e in taken):
            continue
        label = _label(text, labels, start, end)
        if label == "":
            continue
        name = text[start:end]
        cues = cues_at(text, start, end)
        strong = any(c.strength == "strong" for c in cues)
        if not cues or (not strong and (name in person_words or name in demonyms())):
            continue
        f = rec.name(text, start, end, label)
        if f is None or not f.candidates:
            continue
        if not strong and label == "PERSON" and not any(c.quality == "name" for c in f.candidates):
            continue
        yield f


def office_seats(rec: Recogniser, text: str, ents: list[Span], found: list[_Found]) -> Iterator[_Found]:
    """The place before an office title inside a person's name: "Anderson County" of
    "Anderson County Sheriff Greg Taylor", tagged as one PERSON by the NER.

    Why: local news names its county and town mostly through their officials; the
    longest known name before a title (`local_offices.tsv`) is the office's seat.
    """
    taken = [(f.start, f.end) for f in found]
    titles = local_offices("title")
    for ent in ents:
        if ent.label_ != "PERSON" or any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        words = list(re.finditer(r"\S+", text[ent.start_char : ent.end_char]))
        for n in range(min(len(words) - 1, _MAX_PREFIX_WORDS), 0, -1):
            if words[n].group().casefold() not in titles:
                continue
            end = ent.start_char + words[n - 1].end()
            candidates = [c for c in rec.gazetteer.lookup(text[ent.start_char : end]) if c.quality == "name"]
            if candidates:
                yield _Found(ent.start_char, end, candidates, None)
                break


def list_mates(
    rec: Recogniser, doc: Doc, ents: list[Span], person_words: set[str], found: list[_Found]
) -> list[_Found]:
    """Untagged names listed with a known place ("Decatur and Avondale Estates",
    "Harwinton, Bantam, Litchfield") that the gazetteer knows by that very name.

    Why: the NER tags the first names of a list and drops the small towns after them,
    and those small towns, being unique, are what tells which Decatur the article means.
    """
    text = doc_text(doc)
    labels = [(e.start_char, e.end_char, e.label_) for e in ents]
    runs = [_drop_stop_words(text, m.start(), m.end()) for m in _RUN.finditer(text)]
    known = [(f.start, f.end) for f in found if f.candidates]
    taken = [(f.start, f.end) for f in found]
    mates: list[_Found] = []
    grown = True
    while grown:  # a list grows name by name from its known end
        grown = False
        for start, end in runs:
            if start >= end or any(s < end and start < e for s, e in taken):
                continue
            if not any(_glued(text, e, start) or _glued(text, end, s) for s, e in known):
                continue
            name, label = text[start:end], _label(text, labels, start, end)
            if label == "" or name in person_words or name in demonyms():
                continue
            if is_not_place(text, start, end) or name.casefold() in STOP_WORDS:
                continue
            candidates = [c for c in rec.gazetteer.lookup(name) if c.quality == "name"]
            if not any(c.kind in {"city", "admin1", "admin2", "country"} for c in candidates):
                continue
            country = any(c.kind == "country" for c in candidates)
            if (label == "PERSON" or (label == "ORG" and " " not in name)) and not country:
                # A person's name is no place, however a town may be called; one word the NER
                # calls a group is the group ("Russia and Wagner"). A country's name in a
                # list is the country either way ("Mali, Niger and Senegal").
                continue
            mates.append(_Found(start, end, candidates, None))
            known.append((start, end))
            taken.append((start, end))
            grown = True
    return mates


def datelines(rec: Recogniser, text: str, taken: list[tuple[int, int]]) -> Iterator[_Found]:
    """The place of a news dateline: "ATLANTA -", "COLUMBUS, Ohio —" at a paragraph or
    sentence start. The NER rarely tags an all-capitals word; the dateline form says place."""
    for m in _DATELINE.finditer(text):
        start, end = m.span("name")
        if any(s < end and start < e for s, e in taken):
            continue
        candidates = [c for c in rec.gazetteer.lookup(m.group("name")) if c.quality != "variant"]
        if any(c.kind in {"city", "admin1", "country"} for c in candidates):
            yield _Found(start, end, candidates, None)


def towns_before_states(rec: Recogniser, text: str, found: list[_Found]) -> Iterator[_Found]:
    """A town right before ", <its state or country>": "in Greenwood, W. Va.",
    "Krasnodar, Russia".

    Why: the NER often tags the state or country and not the town before it, or calls
    the town a person. The words count only where the gazetteer has a town (or, before a
    country, a province) of that name there.
    """
    taken = [(f.start, f.end) for f in found]
    for f in found:
        states = {(c.country_code, c.admin1_code) for c in f.candidates
                  if c.kind == "admin1" and c.quality != "variant" and c.admin1_code}  # fmt: skip
        countries = {c.country_code for c in f.candidates if c.kind == "country" and c.quality != "variant"}
        if not states and not countries:
            continue
        m = _RUN_BEFORE_COMMA.search(text, max(0, f.start - 60), f.start)
        if m is None:
            continue
        words = list(re.finditer(r"\S+", m.group("run")))
        for w in words:  # longest first: "Glen Carbon", then "Carbon"
            start, end = m.start("run") + w.start(), m.end("run")
            if any(s < end and start < e for s, e in taken):
                continue
            candidates = [c for c in rec.gazetteer.lookup(text[start:end]) if c.quality != "variant"]
            inside_state = any(c.kind in {"city", "admin2"} and (c.country_code, c.admin1_code) in states
                               for c in candidates)  # fmt: skip
            inside_country = any(c.kind in {"city", "admin1"} and c.country_code in countries for c in candidates)
            if inside_state or inside_country:
                taken.append((start, end))
                yield _Found(start, end, candidates, None)
                break


def echoes(text: str, ents: list[Span], person_words: set[str], found: list[_Found]) -> Iterator[_Found]:
    """A known place's name that the NER tags as a person or group elsewhere in the article.

    Why: one sense per discourse. A local story calls its town "Lancaster" throughout; the
    NER reads some mentions as an organisation ("Lancaster approved the budget"). The name
    alone, not part of a longer one and not part of a person's name, is the same place.
    """
    places = {text[f.start : f.end]: f.candidates for f in found if f.candidates}
    taken = [(f.start, f.end) for f in found]
    for ent in ents:
        if ent.label_ not in _OVERRULABLE:
            continue
        start, end = _strip(text, ent.start_char, ent.end_char)
        name = text[start:end]
        if name in places and name not in person_words and not any(s < end and start < e for s, e in taken):
            taken.append((start, end))
            yield _Found(start, end, places[name], None)


def untagged_echoes(doc: Doc, ents: list[Span], person_words: set[str], found: list[_Found]) -> Iterator[_Found]:
    """A known place's name the NER left untagged elsewhere in the article ("Fargo raised its goal").

    Why: one sense per discourse, as in `_echoes`. Only a proper noun outside every entity
    counts: "Mobile phones" and "the Lancaster Bombers" are left alone.
    """
    text = doc_text(doc)
    places = {text[f.start : f.end]: f.candidates for f in found if f.candidates and f.label in _ECHO_LABELS}
    # An all-capitals name ("PA", "TIF") or one the text also writes in lower case ("Union",
    # "State") is too often something else to be echoed.
    names = [n for n in places if n not in person_words and n[:1].isupper() and not n.isupper()]
    common = _common_words(text) if names else frozenset()
    names = [n for n in names if n.casefold() not in common]
    if not names:
        return
    taken = [(f.start, f.end) for f in found] + [(e.start_char, e.end_char) for e in ents]
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])")
    for m in pattern.finditer(text):
        start, end = m.span()
        if any(s < end and start < e for s, e in taken):
            continue
        span = doc.char_span(start, end)
        if span is None or any(t.tag_ != "NNP" for t in span) or _inside_longer_name(span):
            continue
        taken.append((start, end))
        yield _Found(start, end, places[m.group()], None)
