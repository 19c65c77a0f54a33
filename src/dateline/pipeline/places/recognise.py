"""Recognition: which stretches of the text are place names, with their gazetteer readings.

Why it starts from the NER and goes beyond it: the NER's GPE/LOC/FAC tags are the first
evidence, but it cuts names ("Democratic Republic" | "of the Congo"), tags the building
around a town ("Henderson County Jail") and misses or mislabels names a context says are
places; those come from `untagged.py`. What `not_places.tsv` says is no place is left
("the West" as a bloc, "Ebola"); a name the gazetteer does not know stays a candidate, and
the stage keeps it only where more than the NER says place (`stage._unknown_place`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from dateline.gazetteer.base import Gazetteer
from dateline.gazetteer.cues import cues_at, demonyms, feature_words, local_offices
from dateline.pipeline.nlp import doc_text
from dateline.pipeline.places import untagged
from dateline.pipeline.places.names import (
    _DIRECTION,
    _MAX_PREFIX_WORDS,
    _MISFILED_KINDS,
    _MISFILED_LABELS,
    _NEXT_WORD,
    _OF_GLUE,
    _PART_MIN_POPULATION,
    _PLACE_LABELS,
    _PREVIOUS_WORD,
    _STREET_WORDS,
    _TRAILING,
    _TRAILING_DIRECTION,
    _Found,
    _joined,
    _only_direction,
    _opens_inner_name,
    _own_or_kin_names,
    _parts,
    _person_words,
    _strip,
    _well_known,
)  # fmt: skip
from dateline.pipeline.places.readings import is_not_place

__all__ = ["Recogniser"]


class Recogniser:
    """Finds the place names of one Doc against one gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def find(self, doc: Doc, ents: list[Span]) -> list[_Found]:
        text, found = doc_text(doc), []
        person_words = _person_words(ents)
        surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
        tagged = [e for e in ents if e.label_ in _PLACE_LABELS or self._misfiled_place(e)]
        for first, last in self._joined_tags(text, tagged):
            label = first.label_
            span = self._extend(text, first.start_char, last.end_char)
            parts = list(_parts(text, *span))
            if len(parts) > 1 and self._known_as_written(text[span[0] : span[1]]):
                parts = [span]  # "Washington, D.C." is one known name, not a town and its container
            for start, end in parts if len(parts) > 1 else self._unjoin(text, *span):
                f = self.name(text, start, end, label)
                if f is None or not (f.candidates or label != "FAC") or not text[f.start].isupper():
                    continue
                # "Ripley said": the surname of "Sheriff Bill Ripley", tagged GPE alone.
                if (
                    text[f.start : f.end] in surnames
                    and not _well_known(f.candidates)
                    and not any(c.strength == "strong" for c in cues_at(text, f.start, f.end))
                ):
                    continue
                found.append(f)
        taken = [(f.start, f.end) for f in found]
        found.extend(untagged.cued_runs(self, doc, ents, person_words, taken))
        found.extend(untagged.office_seats(self, text, ents, found))
        found.extend(untagged.towns_before_states(self, text, found))
        found.extend(untagged.list_mates(self, doc, ents, person_words, found))
        found.extend(untagged.echoes(text, ents, person_words, found))
        found.extend(untagged.untagged_echoes(doc, ents, person_words, found))
        # A dateline ("ST. PAUL --") wins over an unknown fragment the NER cut from it ("ST").
        lines = list(untagged.datelines(self, text, [(f.start, f.end) for f in found if f.candidates]))
        found = [f for f in found if not any(d.start <= f.start and f.end <= d.end for d in lines)] + lines
        return sorted(found, key=lambda f: f.start)

    def _joined_tags(self, text: str, tagged: list[Span]) -> Iterator[tuple[Span, Span]]:
        """Each place tag as a (first, last) pair; two tags next to each other, or joined by
        "of (the)", "and" or a comma, are one when together they make a known name: the NER
        cuts "Democratic Republic" from "of the Congo", "the Democratic Republic of the" from
        "Congo", "Newfoundland" from "Labrador" and "Washington" from "D.C."."""
        i = 0
        while i < len(tagged):
            first, last = tagged[i], tagged[i]
            if i + 1 < len(tagged):
                nxt = tagged[i + 1]
                whole = text[first.start_char : nxt.end_char]
                if _OF_GLUE.fullmatch(text, first.end_char, nxt.start_char) and self._known_as_written(whole):
                    last = nxt
                    i += 1
            yield first, last
            i += 1

    def _misfiled_place(self, ent: Span) -> bool:
        """A group or product tag that is a known town's, region's or country's own name.

        Why: the small model files a town it reads as a community under NORP ("the Sochi
        mayoral election", "Greer's city limits") and some under PRODUCT ("from around
        Chattanooga"). Only singular proper nouns count: an adjective ("Arab" states) or a
        plural ("Marines") is the group the tag says. A demonym is not a place name, and a
        post-office town of unknown size is too weak a reading for a tag that says otherwise.
        """
        if ent.label_ not in _MISFILED_LABELS or ent.text in demonyms():
            return False
        if any(t.tag_ != "NNP" for t in ent):  # "Arab states", "Northern", "Marines": adjectives, plurals
            return False
        return any(c.quality == "name" and c.kind in _MISFILED_KINDS and c.population
                   for c in self.gazetteer.lookup(ent.text))  # fmt: skip

    def _extend(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The span grown by one word when that makes a longer known name.

        Why: the tokenizer splits hyphens and the NER often tags only the last word of a
        name it does not know: "Guinea" of "Guinea-Bissau", "Beida" of "Goz Beida".
        """
        right = _NEXT_WORD.match(text, end)
        if right and self._known_name(text[start : right.end()]):
            end = right.end()
        left = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
        word = left.group().strip(" -").casefold() if left else ""
        if left and word not in STOP_WORDS and self._known_name(text[left.start() : end]):
            start = left.start()
        return start, end

    def _known_name(self, name: str) -> bool:
        return any(c.quality == "name" for c in self.gazetteer.lookup(name))

    def _known_as_written(self, name: str) -> bool:
        """Known by this name or an alternate of it, not only by a loose spelling variant."""
        return any(c.quality != "variant" for c in self.gazetteer.lookup(name))

    def _unjoin(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The span itself, or its two halves when only they are known ("Trinidad and Tobago" stays)."""
        halves = _joined(text, start, end)
        if (
            halves
            and not self.gazetteer.lookup(text[start:end])
            and all(self.gazetteer.lookup(text[s:e]) for s, e in halves)
        ):
            return halves
        return [(start, end)]

    def name(self, text: str, start: int, end: int, label: str | None) -> _Found | None:
        """The name inside a span ("the city of Aleppo's" -> "Aleppo") and its candidates."""
        start, end = _strip(text, start, end)
        if start >= end or is_not_place(text, start, end):
            return None
        if label in _PLACE_LABELS and text[start:end] in demonyms():
            return None  # "Sri Lankan" tagged GPE: a demonym, found as such later
        candidates = self.gazetteer.lookup(text[start:end])
        if candidates:
            return _Found(start, end, candidates, label)
        return self._part(text, start, end, label) or _Found(start, end, [], label)

    def _part(self, text: str, start: int, end: int, label: str | None) -> _Found | None:
        """A known place inside an unknown name: "Idlib province", "North Texas", "X County Jail"."""
        m = _TRAILING.search(text[start:end])
        if m and m.start() > 0:
            short = self.gazetteer.lookup(text[start : start + m.start()])
            if short:
                return _Found(start, start + m.start(), short, label)
        m = _DIRECTION.match(text[start:end])
        if m:
            inner = _own_or_kin_names(text[start + m.end() : end], self.gazetteer.lookup(text[start + m.end() : end]))
            # "North Texas", "South Philadelphia": a part of a place big enough to have parts;
            # "East Bank" is a town of its own, not the east of some tiny "Bank".
            if _well_known(inner, _PART_MIN_POPULATION):
                return _Found(start + m.end(), end, inner, label)
        if label not in _PLACE_LABELS:
            return None
        m = _TRAILING_DIRECTION.search(text[start:end])
        if m:
            town = [c for c in self.gazetteer.lookup(text[start : start + m.start()]) if c.kind == "city"]
            if town:
                return _Found(start, start + m.start(), town, label)
        words = list(re.finditer(r"\S+", text[start:end]))
        for n in range(len(words) - 1, max(0, len(words) - 1 - _MAX_PREFIX_WORDS), -1):
            stop = start + words[n - 1].end()
            head, tail = text[start:stop], words[n].group()
            if head.casefold() in STOP_WORDS or _only_direction(head) or head in demonyms():
                break  # the head is no name of its own: "North" of "North Side"
            if tail.casefold() in _STREET_WORDS and not _TRAILING.search(head):
                continue  # "Main Street", "Washington Drive": a street, not the town ("X County Court" is)
            found = [c for c in self.gazetteer.lookup(head) if c.quality != "variant"]
            # One word alone ("Webb" of "Webb Center") is too often a person's name, unless
            # a public body follows ("Greer City Hall", "Paris Police Department").
            rest = {w.group().casefold() for w in words[n:]}
            if found and (n > 1 or any(c.kind in {"country", "admin1"} for c in found) or rest & local_offices("body")):
                return _Found(start, stop, found, label)
        return self._inner_area(text, start, end, label)

    def _inner_area(self, text: str, start: int, end: int, label: str | None) -> _Found | None:
        """A country's or state's own name inside an unknown place name: "United Way of
        America", "Eastern Illinois Area of Special Education", "United Georgia".

        Why: the NER tags such names as places, and the whole is in no gazetteer; the
        country or state is the place the text names. A natural feature's or a street's name
        is left whole ("Lake Vermont" lies in Minnesota), and so is a demonym ("Russian Empire").
        """
        words = list(re.finditer(r"[^\s-]+", text[start:end]))
        if (
            len(words) < 2
            or words[-1].group().casefold() in _STREET_WORDS
            or any(w.group().casefold() in feature_words() for w in words)
        ):
            return None  # "East Washington Street", "Lake Vermont"
        best: _Found | None = None
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                s, e = start + words[i].start(), start + words[j - 1].end()
                if (j - i == len(words)) or (best is not None and e - s <= best.end - best.start):
                    continue
                if not text[s].isupper() or text[s:e].casefold() in STOP_WORDS or not _opens_inner_name(words, i):
                    continue
                name, direction = text[s:e], _DIRECTION.match(text[s:e])
                if _only_direction(name) or (direction and _TRAILING.fullmatch(" " + name[direction.end() :])):
                    continue  # "South" of "South Ossetian", "Central District": no province of Cameroon or Israel
                found = [c for c in self.gazetteer.lookup(text[s:e]) if c.quality != "variant"]
                if any(c.kind == "country" or (c.kind == "admin1" and c.quality == "name") for c in found):
                    best = _Found(s, e, found, label)
        return best
