"""The place stage: toponyms resolved to gazetteer entries with coordinates (writes record.places).

Why it runs first among the analysis stages: the entity stage skips every NER span that
overlaps a place mention, so this stage decides what is a place. Recognition
(`recognise.py`, `untagged.py`) finds the names, `readings.py` narrows their readings
from their context, `gazetteer/resolve.py` chooses one entry per name with the whole
article as evidence, and `roles.py` says how each mention is used (literal, metonymic,
modifier, relative). Demonyms ("Syrian rebels") become mentions of kind "demonym" of their
country: they tell an actor's country, not where something happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal, get_args

from spacy.tokens import Doc, Span

from dateline.gazetteer.base import Candidate, Gazetteer, name_key
from dateline.gazetteer.cues import cue_rules, cues_at, demonyms, feature_words, local_offices, not_places
from dateline.gazetteer.resolve import Toponym, Weights, county_short_name, resolve
from dateline.model import Mention, Place, Record
from dateline.pipeline.nlp import doc_text
from dateline.pipeline.places.names import _CONTEXT_LABELS, _common_words, _context_names, _Found
from dateline.pipeline.places.readings import (
    county_readings,
    feature_readings,
    is_not_place,
    link_containers,
    link_lists,
)  # fmt: skip
from dateline.pipeline.places.recognise import Recogniser
from dateline.pipeline.places.roles import mention_role, role_rules
from dateline.settings import Settings

__all__ = ["PlaceStage"]

# The record's kinds (the model's own list, read from it so the two never drift apart).
PlaceKind = Literal["country", "admin1", "admin2", "city", "region", "facility", "unknown"]
_PLACE_KINDS = frozenset(get_args(Place.model_fields["kind"].annotation))
# NER labels whose names the gazetteer does not know still make a place of kind "unknown".
_UNKNOWN_LABELS = frozenset({"GPE", "LOC"})


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
        self._recogniser: Recogniser | None = None
        self.weights = weights or Weights()
        self.demonym_only_places = demonym_only_places
        # Every rule file is read (and checked) now, not in the middle of the first article.
        cue_rules(), demonyms(), not_places(), feature_words(), local_offices("body"), local_offices("title")
        role_rules()
        self._demonym_re = re.compile(
            r"\b(?:" + "|".join(re.escape(d) for d in sorted(demonyms(), key=len, reverse=True)) + r")\b"
        )

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from dateline.gazetteer.geonames import default_gazetteer

            self._gazetteer = default_gazetteer()
        return self._gazetteer

    @property
    def recogniser(self) -> Recogniser:
        if self._recogniser is None:
            self._recogniser = Recogniser(self.gazetteer)
        return self._recogniser

    def __call__(self, doc: Doc, record: Record) -> None:
        text = doc_text(doc)
        ents = list(doc.ents)  # doc.ents rebuilds its spans on each access: read it once
        found = self.recogniser.find(doc, ents)
        # Names inside organisations' names vote for the article's area; they are not places.
        context = list(self._context(text, ents, found))
        # The counties the article names in full, by their short names ("DeKalb County" -> "dekalb").
        named = [(t.text, t.candidates) for t in context] + [(text[f.start : f.end], f.candidates) for f in found]
        counties = {county_short_name(name) for name, cands in named if any(c.kind == "admin2" for c in cands)}
        toponyms = []
        for f in found:
            cues = cues_at(text, f.start, f.end)
            in_full = text[f.start : f.end].casefold() in counties
            candidates = feature_readings(text[f.start : f.end], county_readings(f.candidates, cues, in_full), cues)
            toponyms.append(Toponym(f.start, f.end, text[f.start : f.end], candidates, cues))
        link_containers(text, toponyms)
        link_lists(text, toponyms)
        demonym_spans = list(self._demonyms(doc, ents, found))
        chosen = resolve(toponyms + context, [cc for _, _, cc in demonym_spans], self.weights)[: len(toponyms)]
        record.places.extend(self._places(doc, found, toponyms, chosen, demonym_spans))

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
                if is_not_place(text, start, end) or name in demonyms():
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
        doc: Doc,
        found: list[_Found],
        toponyms: list[Toponym],
        chosen: list[Candidate | None],
        demonym_spans: list[tuple[int, int, str]],
    ) -> list[Place]:
        text = doc_text(doc)
        groups: dict[str, tuple[Candidate | None, list[Mention]]] = {}
        common: frozenset[str] | None = None  # read only when an unknown name needs it
        # One sense per discourse: an unknown name that one mention shows to be a place
        # ("the community of Gamble Heights") is a place in its other mentions too.
        unknown = {name_key(text[f.start : f.end]) for f, t, c in zip(found, toponyms, chosen, strict=True)
                   if c is None and _unknown_place(text, f, t)}  # fmt: skip
        for f, t, c in zip(found, toponyms, chosen, strict=True):
            if c is None and name_key(text[f.start : f.end]) not in unknown:
                continue
            if c is None and common is None:
                common = _common_words(text)
            if c is None and text[f.start : f.end].casefold() in (common or ()):
                continue  # "Movement", "Civil": a common word capitalised in a headline is no place
            key = c.key if c is not None else "unknown:" + name_key(text[f.start : f.end])
            role = mention_role(doc, f.start, f.end, c, t.cues)
            groups.setdefault(key, (c, []))[1].append(
                Mention(start=f.start, end=f.end, text=text[f.start : f.end], kind="name", role=role)
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


def _unknown_place(text: str, f: _Found, t: Toponym) -> bool:
    """Whether a name without a reading is still a place: the NER calls it a place and a
    cue says so too ("the island of Belitung", "in Bethany"), the name is a feature's
    ("Essequibo Coast", "Java Sea") or the text puts it inside another place ("London's
    Heathrow", where the gazetteer's only Heathrow lies in Florida).

    Why the second piece of evidence: the gazetteer knows the towns, regions and countries
    of the news, so an unknown name the NER alone calls a place is more often a company, a
    disease or a person ("AirAsia", "Safran of France", "Ebola", "Hadi Tjahnanto").
    """
    if t.asserted_container:
        return True  # whatever the NER's tag ("London's Heathrow" is a FAC)
    if f.label not in _UNKNOWN_LABELS:
        return False
    words = text[f.start : f.end].split()
    return bool(t.cues) or (len(words) > 1 and any(w.casefold() in feature_words() for w in words))


def _place(pid: str, c: Candidate | None, mentions: list[Mention]) -> Place:
    names = [m.text for m in mentions if m.kind == "name"] or [m.text for m in mentions]
    if c is None:
        return Place(id=pid, name=names[0], kind="unknown", mentions=mentions)
    # GeoNames spells some names with transliteration marks ("Dar‘ā"); the text's form reads better.
    name = c.name if c.name.isascii() or not names else names[0]
    return Place(
        id=pid, name=name, kind=_model_kind(c.kind), country_code=c.country_code,
        admin1=c.admin1 if c.kind in {"city", "admin1"} else None,
        lat=c.lat, lon=c.lon, geonameid=c.geonameid, mentions=mentions,
    )  # fmt: skip


def _model_kind(kind: str) -> PlaceKind:
    """The record's kind of a gazetteer kind: a kind the model does not list (an index may
    file airports, seas or islands under kinds of their own) is a region, or a facility
    when the gazetteer calls it one of its facility kinds."""
    if kind in _PLACE_KINDS:
        return kind  # type: ignore[return-value]  # one of the model's kinds, checked just above
    return "facility" if kind in {"airport", "building", "bridge", "port", "station"} else "region"
