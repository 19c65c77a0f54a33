"""Places: toponyms resolved to gazetteer entries with coordinates (writes record.places).

Why it runs first among the analysis stages: the entity stage skips every NER span that
overlaps a place mention, so this stage decides what is a place. It claims the NER's
GPE/LOC/FAC spans the gazetteer knows, and also names the NER mislabels or misses
("the city of Daraa", "the provinces of Aleppo and Idlib", "in Idlib") when a context cue
says place; it leaves person and organisation names alone ("Assad", "Reuters", the
Kremlin as an actor). Demonyms ("Syrian rebels") become mentions of kind "demonym" of
their country: they tell an actor's country, not where something happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from dateline.gazetteer.base import Candidate, Gazetteer, name_key
from dateline.gazetteer.cues import Cue, cue_rules, cues_at, demonyms, feature_words, local_offices, not_places
from dateline.gazetteer.resolve import Toponym, Weights, county_short_name, resolve
from dateline.model import Mention, Place, Record
from dateline.pipeline.nlp import doc_text
from dateline.settings import Settings

__all__ = ["PlaceStage"]

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# NER labels a cue may overrule: the NER often calls a little-known town a person or an org.
_OVERRULABLE = {"PERSON", "ORG", "NORP"}
# A run of capitalised words on one line, with Arabic-style "al-" prefixes inside names.
_PREFIX = r"(?:(?:al|el|as|ad|ar|an|ash)-)?"
_RUN = re.compile(rf"(?<![\w'’-]){_PREFIX}[A-Z][\w'’]*(?:(?:[ \t]+|-){_PREFIX}[A-Z][\w'’]*)*")
_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING = re.compile(
    r"^(?:the\s+)?(?:(?:city|town|village|province|governorate|state|region|county|district)\s+of\s+)?",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"\s+(?:province|governorate|state|region|oblast|county|district|city|prefecture|township|twp\.?)$", re.IGNORECASE
)
# "North Texas", "Northeast Georgia", "South Philadelphia": a part of a known place.
_DIRECTION = re.compile(
    r"^(?:(?:north|south)(?:[ -]?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?|central|upper|lower|greater|"
    r"downtown|inner|outer|metro|rural|suburban|[NS]\.\s?[EW]\.|[NSEW]\.)[ -]*(?=[A-Z])",
    re.IGNORECASE,
)
# A legislator's party and home: "Rep. Vicki Lensing, D-Iowa City", "Sen. Tom Bakk, DFL-Cook".
_PARTY = re.compile(r"^(?:[DRI]|DFL)-(?=[A-Z])")
# Up to three capitalised words and a comma right before a name: "Greenwood, " of "Greenwood, W. Va.".
_RUN_BEFORE_COMMA = re.compile(r"(?<![\w'’.-])(?P<run>(?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’.-]*),\s*$")
# What may join two place tags into one known name: "Democratic Republic" | "of the Congo",
# "Newfoundland" | "and Labrador".
_OF_GLUE = re.compile(r",\s*|\s+(?:(?:of(?:\s+the)?|and)\s+)?")
# One capitalised word right after or before a name, joined by a hyphen, a space or a
# Romance particle ("Rio Grande" do "Sul").
_NEXT_WORD = re.compile(r"(?:[ -]|\s+(?:do|da|dos|das|de|del|di|du|des)\s+)[A-Z][\w'’]*")
_PREVIOUS_WORD = re.compile(r"(?<![\w'’-])[A-Z][\w'’]*[ -]$")
# "Columbus East", "Columbus North": a school or district named after its town.
_TRAILING_DIRECTION = re.compile(r"\s+(?:North|South|East|West)$")
# Entities whose names hold a place name that tells the article's area.
_CONTEXT_LABELS = {"ORG", "FAC"}
_MISFILED_LABELS = {"NORP", "PRODUCT"}
_ECHO_LABELS = {"GPE", "LOC"}
_MISFILED_KINDS = {"city", "admin1", "country"}
_MAX_CONTEXT_WORDS = 3
# Words after a place name that make the whole a building, office or body ("Henderson
# County Jail", "Guernsey County Courthouse"): the place inside still counts.
_MAX_PREFIX_WORDS = 4
# What joins the names of a list: "Michigan, Oregon and Indiana", "Benin, Ghana, and Niger".
_LIST_GLUE = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_MAX_GLUE = 12  # characters: list glue is short, so the search never slices the text
# A direction word makes a part of a place ("South Philadelphia") only of a city this big.
_PART_MIN_POPULATION = 50_000
# A dateline: capitals at a line or sentence start, then a dash or ", State —".
# After a byline's date too ("March 30, 2009 NEWARK --"); \x97 is an em dash decoded as Latin-1;
# some papers end the dateline with a colon ("BEIRUT: The body of ...").
_DATELINE = re.compile(
    r"(?:^|\n|[.!?][ \t]+|\b(?:19|20)\d\d[ \t]+)(?P<name>(?:ST\.[ \t])?[A-Z]{3,}(?:[ .'-][A-Z]{2,})*(?:'S)?)"
    r"(?=(?:,[ \t]+[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)?[ \t]*(?:-|–|—|\x97|:|\(\w+\)))"
)
_STREET_WORDS = frozenset(
    [
        "street",
        "st.",
        "st",
        "avenue",
        "ave.",
        "road",
        "rd.",
        "drive",
        "dr.",
        "boulevard",
        "blvd.",
        "lane",
        "way",
        "highway",
        "parkway",
        "trail",
        "court",
        "square",
        "plaza",
        "hall",
        "center",
        "centre",
        "park",
        "ridge",
        "bridge",
    ]
)


@dataclass
class _Found:
    start: int
    end: int
    candidates: list[Candidate]
    label: str | None


class PlaceStage:
    name = "places"

    def __init__(
        self,
        settings: Settings,
        gazetteer: Gazetteer | None = None,
        weights: Weights | None = None,
        demonym_only_places: bool = False,
    ) -> None:
        """`gazetteer` defaults to the GeoNames index, opened (or built) on first use.

        `demonym_only_places`: also create a country place when a country is only named
        by a demonym; off by default, since the record lists places the text names.
        """
        self.settings = settings
        self._gazetteer = gazetteer
        self.weights = weights or Weights()
        self.demonym_only_places = demonym_only_places
        cue_rules(), demonyms(), not_places(), feature_words(), local_offices("body"), local_offices("title")
        self._demonym_re = re.compile(
            r"\b(?:" + "|".join(re.escape(d) for d in sorted(demonyms(), key=len, reverse=True)) + r")\b"
        )

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from dateline.gazetteer.geonames import default_gazetteer

            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def __call__(self, doc: Doc, record: Record) -> None:
        text = doc_text(doc)
        ents = list(doc.ents)  # doc.ents rebuilds its spans on each access: read it once
        found = self._find(doc, ents)
        # Names inside organisations' names vote for the article's area; they are not places.
        context = list(self._context(text, ents, found))
        # The counties the article names in full, by their short names ("DeKalb County" -> "dekalb").
        named = [(t.text, t.candidates) for t in context] + [(text[f.start : f.end], f.candidates) for f in found]
        counties = {county_short_name(name) for name, cands in named if any(c.kind == "admin2" for c in cands)}
        toponyms = []
        for f in found:
            cues = cues_at(text, f.start, f.end)
            in_full = text[f.start : f.end].casefold() in counties
            candidates = _feature_readings(text[f.start : f.end], _county_readings(f.candidates, cues, in_full), cues)
            toponyms.append(Toponym(f.start, f.end, text[f.start : f.end], candidates, cues))
        for i in range(len(toponyms) - 1):
            a, b = toponyms[i], toponyms[i + 1]
            if re.fullmatch(r",\s*", text[a.end : b.start]):
                a.container = i + 1
        _link_lists(text, toponyms)
        demonym_spans = list(self._demonyms(doc, ents, found))
        chosen = resolve(toponyms + context, [cc for _, _, cc in demonym_spans], self.weights)[: len(toponyms)]
        record.places.extend(self._places(text, found, chosen, demonym_spans))

    # -- finding names -------------------------------------------------------------------

    def _find(self, doc: Doc, ents: list[Span]) -> list[_Found]:
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
                f = self._name(text, start, end, label)
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
        found.extend(self._cued_runs(doc, ents, person_words, taken))
        found.extend(self._office_seats(text, ents, found))
        found.extend(self._towns_before_states(text, found))
        found.extend(self._list_mates(doc, ents, person_words, found))
        found.extend(_echoes(text, ents, person_words, found))
        found.extend(_untagged_echoes(doc, ents, person_words, found))
        # A dateline ("ST. PAUL --") wins over an unknown fragment the NER cut from it ("ST").
        lines = list(self._datelines(text, [(f.start, f.end) for f in found if f.candidates]))
        found = [f for f in found if not any(d.start <= f.start and f.end <= d.end for d in lines)] + lines
        return sorted(found, key=lambda f: f.start)

    def _towns_before_states(self, text: str, found: list[_Found]) -> Iterator[_Found]:
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
                candidates = [c for c in self.gazetteer.lookup(text[start:end]) if c.quality != "variant"]
                inside_state = any(c.kind in {"city", "admin2"} and (c.country_code, c.admin1_code) in states
                                   for c in candidates)  # fmt: skip
                inside_country = any(c.kind in {"city", "admin1"} and c.country_code in countries for c in candidates)
                if inside_state or inside_country:
                    taken.append((start, end))
                    yield _Found(start, end, candidates, None)
                    break

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

    def _name(self, text: str, start: int, end: int, label: str | None) -> _Found | None:
        """The name inside a span ("the city of Aleppo's" -> "Aleppo") and its candidates."""
        start, end = _strip(text, start, end)
        if start >= end or text[start:end].casefold() in not_places():
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

    def _cued_runs(
        self, doc: Doc, ents: list[Span], person_words: set[str], taken: list[tuple[int, int]]
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
            f = self._name(text, start, end, label)
            if f is None or not f.candidates:
                continue
            if not strong and label == "PERSON" and not any(c.quality == "name" for c in f.candidates):
                continue
            yield f

    def _office_seats(self, text: str, ents: list[Span], found: list[_Found]) -> Iterator[_Found]:
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
                candidates = [c for c in self.gazetteer.lookup(text[ent.start_char : end]) if c.quality == "name"]
                if candidates:
                    yield _Found(ent.start_char, end, candidates, None)
                    break

    def _list_mates(
        self, doc: Doc, ents: list[Span], person_words: set[str], found: list[_Found]
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
                if name.casefold() in not_places() or name.casefold() in STOP_WORDS:
                    continue
                candidates = [c for c in self.gazetteer.lookup(name) if c.quality == "name"]
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

    def _datelines(self, text: str, taken: list[tuple[int, int]]) -> Iterator[_Found]:
        """The place of a news dateline: "ATLANTA -", "COLUMBUS, Ohio —" at a paragraph or
        sentence start. The NER rarely tags an all-capitals word; the dateline form says place."""
        for m in _DATELINE.finditer(text):
            start, end = m.span("name")
            if any(s < end and start < e for s, e in taken):
                continue
            candidates = [c for c in self.gazetteer.lookup(m.group("name")) if c.quality != "variant"]
            if any(c.kind in {"city", "admin1", "country"} for c in candidates):
                yield _Found(start, end, candidates, None)

    def _context(self, text: str, ents: list[Span], found: list[_Found]) -> Iterator[Toponym]:
        """The place named at the head or tail of an organisation ("Texas Forest Service",
        "Douglas County Sheriff's Office", "University of Minnesota").

        Why: a local paper names its state and county mostly inside the names of its
        agencies; they tell which Athens or Alexandria the article means. The organisation
        stays the entity stage's, so these are evidence for `resolve` only.
        """
        taken = [(f.start, f.end) for f in found]
        for ent in ents:
            if ent.label_ not in _CONTEXT_LABELS or any(s < ent.end_char and ent.start_char < e for s, e in taken):
                continue
            for start, end in _context_names(text, ent.start_char, ent.end_char):
                name = text[start:end]
                if name.casefold() in not_places() or name in demonyms():
                    continue
                # A post-office town of unknown size is too weak a reading to vote from inside
                # an organisation's name ("Interior" Ministry, "United" Way).
                candidates = [c for c in self.gazetteer.lookup(name)
                              if c.quality != "variant" and (c.kind != "city" or c.population)]  # fmt: skip
                if candidates:
                    yield Toponym(start, end, name, candidates, context=True)
                    break

    def _demonyms(self, doc: Doc, ents: list[Span], found: list[_Found]) -> Iterator[tuple[int, int, str]]:
        """Demonyms outside place names and outside other named things ("Syrian Observatory")."""
        table = demonyms()
        blocked = [(f.start, f.end) for f in found]
        blocked += [(e.start_char, e.end_char) for e in ents if e.label_ not in {"NORP", "GPE", "LOC"}]
        for m in self._demonym_re.finditer(doc_text(doc)):
            if not any(s < m.end() and m.start() < e for s, e in blocked):
                yield m.start(), m.end(), table[m.group()]

    # -- building the record -------------------------------------------------------------

    def _places(
        self,
        text: str,
        found: list[_Found],
        chosen: list[Candidate | None],
        demonym_spans: list[tuple[int, int, str]],
    ) -> list[Place]:
        groups: dict[str, tuple[Candidate | None, list[Mention]]] = {}
        common: frozenset[str] | None = None  # read only when an unknown name needs it
        for f, c in zip(found, chosen, strict=True):
            if c is None and f.label in {"GPE", "LOC"} and common is None:
                common = _common_words(text)
            if c is None and (f.label not in {"GPE", "LOC"} or text[f.start : f.end].casefold() in (common or ())):
                continue  # "Movement", "Civil": a common word capitalised in a headline is no place
            key = c.key if c is not None else "unknown:" + name_key(text[f.start : f.end])
            groups.setdefault(key, (c, []))[1].append(
                Mention(start=f.start, end=f.end, text=text[f.start : f.end], kind="name")
            )
        for start, end, cc in demonym_spans:
            key = f"country:{cc}"
            if key not in groups:
                country = self.gazetteer.country(cc) if self.demonym_only_places else None
                if country is None:
                    continue
                key = country.key
                groups.setdefault(key, (country, []))
            groups[key][1].append(Mention(start=start, end=end, text=text[start:end], kind="demonym"))
        ordered = sorted(groups.values(), key=lambda g: min(m.start for m in g[1]))
        return [_place(f"p{i}", c, sorted(ms, key=lambda m: m.start)) for i, (c, ms) in enumerate(ordered, 1)]


@lru_cache(maxsize=2)
def _common_words(text: str) -> frozenset[str]:
    """The words the text also writes in lower case: common words, not names (remembered:
    the echo search and the unknown-name filter both ask for one article)."""
    return frozenset(m.group() for m in re.finditer(r"(?<![\w'’-])[a-z][a-z'’-]+(?![\w'’-])", text))


def _place(pid: str, c: Candidate | None, mentions: list[Mention]) -> Place:
    names = [m.text for m in mentions if m.kind == "name"] or [m.text for m in mentions]
    if c is None:
        return Place(id=pid, name=names[0], kind="unknown", mentions=mentions)
    # GeoNames spells some names with transliteration marks ("Dar‘ā"); the text's form reads better.
    name = c.name if c.name.isascii() or not names else names[0]
    return Place(
        id=pid, name=name, kind=c.kind, country_code=c.country_code,
        admin1=c.admin1 if c.kind in {"city", "admin1"} else None,
        lat=c.lat, lon=c.lon, geonameid=c.geonameid, mentions=mentions,
    )  # fmt: skip


def _context_names(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Leading runs of capitalised words, longest first, then the name after a last "of"."""
    start, end = _drop_stop_words(text, start, end)
    words = [m for m in re.finditer(r"\S+", text[start:end])]
    lead = 0
    while lead < len(words) and lead < _MAX_CONTEXT_WORDS and words[lead].group()[0].isupper():
        lead += 1
    for n in range(min(lead, len(words) - 1), 0, -1):  # "Texas Forest Service": never the whole
        yield start, start + words[n - 1].end()
    m = re.search(r"\bof\s+(?:the\s+)?(?P<tail>[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,2})$", text[start:end])
    if m:
        yield start + m.start("tail"), start + m.end("tail")


def _echoes(text: str, ents: list[Span], person_words: set[str], found: list[_Found]) -> Iterator[_Found]:
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


def _untagged_echoes(doc: Doc, ents: list[Span], person_words: set[str], found: list[_Found]) -> Iterator[_Found]:
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


def _inside_longer_name(span: Span) -> bool:
    """Whether a capitalised word runs on from the span: "Red Bank Road", "Old Alton Edwardsville"."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    return bool(
        (after is not None and after.text[:1].isupper() and not after.is_sent_start)
        or (before is not None and before.text[:1].isupper() and not before.is_sent_start
            and not doc[span.start].is_sent_start)
    )  # fmt: skip


def _glued(text: str, left_end: int, right_start: int) -> bool:
    """Whether list glue alone (", ", " and ", ", or ") lies between two names."""
    return 0 < right_start - left_end <= _MAX_GLUE and _LIST_GLUE.fullmatch(text, left_end, right_start) is not None


def _person_words(ents: list[Span]) -> set[str]:
    """Words of the multi-word person names in the doc ("Bill", "Ripley")."""
    return {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e}


def _link_lists(text: str, toponyms: list[Toponym]) -> None:
    """Marks the names of each list ("Michigan, Oregon and Indiana") as peers of each other.

    Two names joined by a bare comma are a town and its container ("Paris, Texas"), not a
    list; a list has three names or more, or an "and"/"or".
    """
    chain = [0] if toponyms else []
    for i in range(1, len(toponyms) + 1):
        glue = text[toponyms[i - 1].end : toponyms[i].start] if i < len(toponyms) else ""
        if i < len(toponyms) and _LIST_GLUE.fullmatch(glue):
            chain.append(i)
            continue
        joined = [text[toponyms[j - 1].end : toponyms[j].start] for j in chain[1:]]
        if len(chain) >= 3 or (len(chain) == 2 and re.search(r"\b(?:and|or)\b", joined[0])):
            for j in chain:
                toponyms[j].peers = tuple(k for k in chain if k != j)
        chain = [i]


def _county_readings(candidates: list[Candidate], cues: list[Cue], named_in_full: bool) -> list[Candidate]:
    """Without the counties a bare name meets only as their short form ("Texas" of "Texas
    County, Missouri"), unless a county cue follows ("Eastland and Callahan counties") or
    a cue says the name may be a county's ("Boggs, D-Braxton", `counties` in cues.yaml),
    nothing is called exactly this name, or the article names the county in full
    ("DeKalb County" before "unincorporated DeKalb")."""
    if any(c.kind == "admin2" or c.counties for c in cues) or not any(c.quality == "name" for c in candidates):
        return candidates
    if named_in_full:
        return candidates
    return [c for c in candidates if c.kind != "admin2" or c.quality == "name"]


def _feature_readings(name: str, candidates: list[Candidate], cues: list[Cue]) -> list[Candidate]:
    """A water's name ("the Red Sea") is the water, not the province named after it (Egypt's
    and Sudan's Red Sea), unless a cue asks for a province ("Red Sea governorate")."""
    words = name.split()
    if len(words) < 2 or words[-1].casefold() not in feature_words() or any(c.kind == "admin1" for c in cues):
        return candidates
    if not any(c.kind == "region" and c.quality == "name" for c in candidates):
        return candidates
    return [c for c in candidates if c.kind not in {"admin1", "admin2"}]


def _own_or_kin_names(name: str, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates a name is surely meant by: where a place bears the name itself, an
    alternate counts only when it shares a word with its entry's name.

    Why: "Eastern Creek" is no part of Baytown, Texas, whose GeoNames alternates include
    "Creek" (a town in Kentucky is called so); "St. Paul" is still Saint Paul, and an
    abbreviation with no namesake keeps its entry ("Western Mass.", "South L.A.").
    """
    if not any(c.quality == "name" for c in candidates):
        return candidates
    words = set(name_key(name).split())
    return [c for c in candidates if c.quality == "name" or words & set(name_key(c.name).split())]


def _well_known(candidates: list[Candidate], min_population: int = 100_000) -> bool:
    """A country, a first-level region or a big city: not mistaken for a surname."""
    return any(c.kind in {"country", "admin1", "region"} or c.population >= min_population for c in candidates
               if c.quality != "variant")  # fmt: skip


def _opens_inner_name(words: list[re.Match[str]], i: int) -> bool:
    """Word i starts a name of its own: first, or after "of", "the" or a compass word
    ("United Way of America", "Eastern Illinois Area"); after another capitalised word it
    is part of a longer name ("George Washington High School", "Club America")."""
    if i == 0:
        return True
    before = words[i - 1].group()
    return before.casefold() in {"of", "the"} or _only_direction(before)


def _only_direction(name: str) -> bool:
    """The name is a compass or part word and nothing more ("North", "S.E.", "Downtown")."""
    direction = _DIRECTION.match(name + " X")
    return direction is not None and direction.end() > len(name)


def _parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A span "Paris, Texas" is two names; each part keeps its own offsets."""
    pos = start
    for m in re.finditer(r",\s*", text[start:end]):
        yield pos, start + m.start()
        pos = start + m.end()
    yield pos, end


def _joined(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Names joined inside one span ("Abuja to Lagos", "Aleppo and Idlib", "Greenbrier-Pocahontas
    County"): the names either side."""
    m = re.search(r"\s+(?:to|and|or|via|-|–|—)\s+(?=[A-Z])|(?<=[a-z])-(?=[A-Z])", text[start:end])
    if m is None:
        return []
    return [(start, start + m.start()), (start + m.end(), end)]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    m = _POSSESSIVE.search(text[start:end])
    if m and m.start() > 0:
        end = start + m.start()
    party = _PARTY.match(text[start:end])
    if party:
        start += party.end()
    lead = _LEADING.match(text[start:end])
    if lead and lead.end() < end - start:
        start += lead.end()
    return start, end


def _drop_stop_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A capitalised stop word ("In Idlib" at a sentence start) is not part of the name."""
    while start < end:
        m = re.match(r"[\w'’]+[ \t]*", text[start:end])
        if m is None or m.group().strip().casefold() not in STOP_WORDS:
            break
        start += m.end()
    return start, end


def _label(text: str, ents: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The NER label of exactly this span, None when untagged, "" when a cue may not overrule it.

    `ents` is the doc's entities as (start, end, label), read once per doc: `doc.ents`
    rebuilds its spans on every access.
    """
    for e_start, e_end, label in ents:
        if e_start < end and start < e_end:
            exact = _strip(text, e_start, e_end) == (start, end)
            return label if exact and label in _OVERRULABLE else ""
    return None
