"""The shapes of place names in text: the regular expressions and small helpers that cut a
name out of a span ("the city of Aleppo's" -> "Aleppo"), split joined names ("Paris, Texas",
"Abuja to Lagos") and tell a name from a common word.

Why a module of their own: recognition (`recognise.py`, `untagged.py`) and the stage
(`stage.py`) all read names the same way; the helpers here look only at the text and the
spaCy parse, never at the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span

from dateline.gazetteer.base import Candidate, name_key

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


@lru_cache(maxsize=2)
def _common_words(text: str) -> frozenset[str]:
    """The words the text also writes in lower case: common words, not names (remembered:
    the echo search and the unknown-name filter both ask for one article)."""
    return frozenset(m.group() for m in re.finditer(r"(?<![\w'’-])[a-z][a-z'’-]+(?![\w'’-])", text))


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
