"""The analyst event table's columns: names, types, meanings, and the values derived for them.

Why one list of columns: the table is written as CSV, JSON, JSONL, Parquet and GeoJSON, and
an analyst moving between them (or between dateline and ACLED / GDELT / POLECAT files) must
meet the same names with the same meaning everywhere; `dateline export-schema` prints this
list, so the documentation cannot drift from what is written.

Also here, because they are facts about columns rather than about any format: the date
precision a TIMEX3 value has, what a place's coordinates stand for (`geo_precision`), the
CAMEO root and QuadClass of a PLOVER type (`resources/export/plover_cameo.tsv`), and which
quantities count the dead and the wounded (`resources/export/casualties.yaml`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from dateline.errors import ResourceError
from dateline.resources import load_tsv, load_yaml

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "PRECISIONS",
    "Cameo",
    "Column",
    "cameo_for",
    "casualties",
    "date_precision",
    "export_schema",
    "geo_precision",
    "load_cameo",
]

Kind = Literal["string", "date", "int", "float", "bool", "list"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    meaning: str


# fmt: off
COLUMNS: tuple[Column, ...] = (
    Column("event_id", "string", "corpus event id (ev:...), the same as `dateline show EVENT_ID` takes"),
    Column("date", "date", "the event's TIMEX3 value merged over its mentions (2024-12-05, 2024-W49, 2024-12, "
                           "2024-SU ...); in Parquet a DATE column when every dated row is a calendar day, "
                           "else a string"),
    Column("earliest", "date", "the earliest day it can have happened (from the date or its bounds)"),
    Column("latest", "date", "the latest day it can have happened"),
    Column("date_precision", "string", "day | week | month | quarter | season | year | decade | interval | none, "
                                       "from the value (interval: bounds without a value; none: undated)"),
    Column("date_basis", "string", "how the text gave the date: explicit | anchored | relative | inferred | "
                                   "publication | unknown (the best basis among the mentions with that date)"),
    Column("type", "string", "PLOVER type or news kind (ASSAULT, PROTEST, MOVE, STATEMENT ...); empty when the "
                             "trigger table does not code the event"),
    Column("mode", "string", "PLOVER mode, the sub-type (airstrike, shooting, appeal ...), of the first mention "
                             "that has one"),
    Column("event_class", "string", "TimeML class most mentions have (OCCURRENCE, REPORTING, STATE ...)"),
    Column("actor1", "string", "first actor (who did it): the first named in the first article that names one"),
    Column("actor1_id", "string", "its corpus entity id"),
    Column("actor2", "string", "first target (to whom)"),
    Column("actor2_id", "string", "its corpus entity id"),
    Column("actors", "list", "every actor's name, actor1 first (CSV: joined with '; ')"),
    Column("targets", "list", "every target's name, actor2 first (CSV: joined with '; ')"),
    Column("place", "string", "where it happened: the place most mentions give"),
    Column("country_code", "string", "ISO 3166-1 alpha-2 code of the place's country"),
    Column("admin1", "string", "first-order division (state, province, governorate) where the store has it"),
    Column("admin2", "string", "second-order division (county, district): the place itself when it is one; "
                               "the store keeps no county of a town, so empty otherwise"),
    Column("lat", "float", "latitude of the place (WGS 84)"),
    Column("lon", "float", "longitude of the place (WGS 84)"),
    Column("geo_precision", "string", "what the coordinates stand for, from the place's kind: country | admin1 | "
                                      "admin2 | city (a town's centre) | point (a facility: a building, an "
                                      "airport) | region (an area that is no administrative unit: a sea, an "
                                      "island, a coast) | unknown (the place has no coordinates)"),
    Column("geonameid", "int", "GeoNames id of the place, where the gazetteer has one"),
    Column("certainty", "string", "as the first article reports it: asserted | reported | hedged | unconfirmed | "
                                  "denied | negated | future | claimed"),
    Column("negated", "bool", "the first article says it did not happen"),
    Column("contradicted", "bool", "sources disagree on it (assertion, date, place, casualties); `dateline show`"),
    Column("fatalities", "int", "the dead the mentions count (killed, dead; people of a DEATH event); the lowest "
                                "figure where sources differ, as ACLED does; empty when none is given"),
    Column("injured", "int", "the wounded the mentions count (wounded, injured; people of an INJURY event); "
                             "the lowest figure where sources differ"),
    Column("attribution", "string", "the first article's attribution chain, outermost source first: "
                                    "'Reuters <- more than 10 people familiar' is Reuters citing them; empty: "
                                    "the article itself"),
    Column("n_sources", "int", "independent sources (articles; a near-duplicate copy counts once)"),
    Column("n_articles", "int", "articles that mention it, copies included"),
    Column("n_mentions", "int", "event mentions merged into it"),
    Column("url", "string", "URL of the first article (earliest ingested) that mentions it"),
    Column("title", "string", "its title"),
    Column("outlet", "string", "its outlet (source name)"),
    Column("published", "date", "its publication day"),
    Column("evidence", "string", "the evidence sentence of the first mention"),
    Column("label", "string", "who, trigger, whom: a short readable label"),
    Column("tense", "string", "TimeML tense most mentions have"),
    Column("aspect", "string", "TimeML aspect most mentions have"),
    Column("modality", "string", "the modal that qualifies it (may, would ...)"),
    Column("cameo_root", "string", "CAMEO root code of the type (two digits, as GDELT's EventRootCode), the main "
                                   "one where several fit; empty for kinds CAMEO has no root for "
                                   "(resources/export/plover_cameo.tsv)"),
    Column("cameo_roots", "list", "every CAMEO root code the type covers (ASSAULT: 18, 19, 20)"),
    Column("quad_class", "int", "CAMEO QuadClass of cameo_root: 1 verbal cooperation, 2 material cooperation, "
                                "3 verbal conflict, 4 material conflict"),
)
# fmt: on
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
PRECISIONS = ("day", "week", "month", "quarter", "season", "year", "decade", "interval", "none")

_PARQUET = {"string": "string", "date": "date32", "int": "int64", "float": "double", "bool": "bool",
            "list": "list<string>"}


def export_schema() -> dict[str, Any]:
    """The table's schema as `dateline export-schema` prints it (JSON-ready)."""
    return {
        "title": "dateline event table",
        "description": "one row per corpus event; the same columns in CSV, JSON, JSONL, Parquet and GeoJSON "
                       "(`dateline events --format ...`). CSV joins lists with '; ' and writes booleans as "
                       "true/false; GeoJSON has the columns as each Point feature's properties.",
        "date_precision": list(PRECISIONS),
        "columns": [{"name": c.name, "type": c.kind, "parquet": _PARQUET[c.kind]
                     if c.name != "date" else "date32 or string", "meaning": c.meaning} for c in COLUMNS],
    }


# --- dates ------------------------------------------------------------------------------------

_PRECISION_PATTERNS = (
    ("day", re.compile(r"^[\dX]{4}-[\dX]{2}-[\dX]{2}(T.*)?$")),
    ("week", re.compile(r"^[\dX]{4}-W[\dX]{2}(-WE)?$")),
    ("month", re.compile(r"^[\dX]{4}-[\dX]{2}$")),
    ("quarter", re.compile(r"^[\dX]{4}-Q[1-4X]$")),
    ("season", re.compile(r"^[\dX]{4}-(SP|SU|FA|WI)$")),
    ("year", re.compile(r"^(\d{4}|XXXX)$")),
    ("decade", re.compile(r"^\d{3}X?$")),
)
CALENDAR_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def date_precision(value: str | None, earliest: str | None = None, latest: str | None = None) -> str:
    """How precise a TIMEX3 date is: "2024-12-05" day, "2024-W49" week, "2024-12" month, "2024-Q4" quarter,
    "2024-SU" season, "2024" year, "202" decade. A value of another form (a half year, PAST_REF) or no
    value, with bounds, is an interval; nothing at all is none."""
    for name, pattern in _PRECISION_PATTERNS:
        if value and pattern.match(value):
            return name
    return "interval" if earliest or latest else "none"


# --- geo precision ----------------------------------------------------------------------------

# what an event's coordinates stand for, by its place's kind (`model.Place.kind`): an
# administrative unit or a town is given by its centre, so the coordinates are only as precise
# as the unit; a facility (a building, an airport) is a point; a region that is no
# administrative unit (a sea, an island, a coast) is its centre, coarser than a town and not
# comparable with a country or a state. ACLED's geo_precision says the same in numbers.
_GEO_PRECISION = {"country": "country", "admin1": "admin1", "admin2": "admin2", "city": "city",
                  "facility": "point", "region": "region"}


def geo_precision(kind: str | None, lat: float | None, lon: float | None) -> str | None:
    """What an event's coordinates stand for, from its place's kind; "unknown" for a place
    without coordinates (or of a kind this table does not know), None for no place."""
    if kind is None:
        return None
    if lat is None or lon is None:
        return "unknown"
    return _GEO_PRECISION.get(kind, "unknown")


# --- CAMEO ------------------------------------------------------------------------------------

_CAMEO_FILE = "export/plover_cameo.tsv"
_CAMEO_COLUMNS = ("plover_type", "mode", "cameo_root", "quad_class", "quad_name", "note")
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass(frozen=True)
class Cameo:
    roots: tuple[str, ...]
    quad_class: int | None
    quad_name: str | None


def cameo_quad(root: str) -> int:
    """CAMEO's QuadClass of a root code (GDELT: 01-05 1, 06-08 2, 09-13 3, 14-20 4)."""
    n = int(root)
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


@cache
def load_cameo() -> dict[tuple[str, str], Cameo]:
    """(type, mode) -> its CAMEO roots and QuadClass; mode "" is the type's default. Checked on load:
    two-digit roots 01-20, a QuadClass 1-4 with its name exactly where there are roots, equal to the
    QuadClass of the first root."""
    out: dict[tuple[str, str], Cameo] = {}
    for row in load_tsv(_CAMEO_FILE, _CAMEO_COLUMNS):
        key = (row["plover_type"].upper(), row["mode"].lower())
        where = f"{_CAMEO_FILE}: {key[0]} {key[1]}".strip()
        roots = tuple(r for r in row["cameo_root"].split(";") if r)
        if any(not re.fullmatch(r"\d{2}", r) or not 1 <= int(r) <= 20 for r in roots):
            raise ResourceError(where, f"CAMEO roots are two digits 01-20, not {row['cameo_root']!r}")
        quad = int(row["quad_class"]) if row["quad_class"] else None
        if bool(roots) != (quad is not None):
            raise ResourceError(where, "a QuadClass exactly where there is a CAMEO root")
        if quad is not None and (quad != cameo_quad(roots[0]) or row["quad_name"] != QUAD_NAMES[quad]):
            raise ResourceError(where, f"QuadClass of {roots[0]} is {cameo_quad(roots[0])} "
                                       f"{QUAD_NAMES[cameo_quad(roots[0])]}")
        if key in out:
            raise ResourceError(where, "listed twice")
        out[key] = Cameo(roots, quad, row["quad_name"] or None)
    return out


def cameo_for(type_: str | None, mode: str | None) -> Cameo | None:
    """The CAMEO coding of a type and mode (the mode's own row first); None for an uncoded event or a
    type the file does not list."""
    if not type_:
        return None
    table = load_cameo()
    return table.get((type_.upper(), (mode or "").lower())) or table.get((type_.upper(), ""))


# --- casualties ------------------------------------------------------------------------------

_CASUALTY_FILE = "export/casualties.yaml"
_WORDS = re.compile(r"[\w']+")
_CUE_REACH = 3  # words between a number and a cue that still speaks of it


@dataclass(frozen=True)
class _CasualtyWords:
    fatal: frozenset[str]
    injury: frozenset[str]
    ambiguous: frozenset[str]
    people: frozenset[str]
    fatal_cues: frozenset[str]
    injury_cues: frozenset[str]
    fatal_types: frozenset[str]
    injury_types: frozenset[str]


@cache
def _casualty_words() -> _CasualtyWords:
    data = load_yaml(_CASUALTY_FILE)
    expected = {"fatality_units", "injury_units", "ambiguous_units", "fatality_cues", "injury_cues",
                "fatality_types", "injury_types"}
    if not isinstance(data, dict) or set(data) != expected:
        raise ResourceError(_CASUALTY_FILE, f"expected exactly the keys {sorted(expected)}")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key] or [])

    fatal, injury, ambiguous = words("fatality_units"), words("injury_units"), words("ambiguous_units")
    # the merge's list of units that count people (its casualty comparison reads the same list)
    people = frozenset(str(w).lower() for w in load_yaml("corpus/families.yaml")["casualty_units"])
    return _CasualtyWords(fatal, injury, ambiguous, people - fatal - injury - ambiguous,
                          words("fatality_cues"), words("injury_cues"),
                          frozenset(w.upper() for w in data["fatality_types"]),
                          frozenset(w.upper() for w in data["injury_types"]))


def _cue(sentence: str, quantity: str, words: _CasualtyWords) -> str | None:
    """"dead" or "wounded" from the cue word nearest the quantity's text in the sentence, if one is
    within `_CUE_REACH` words of it (the number's own words apart)."""
    at = sentence.find(quantity) if quantity else -1
    if at < 0:
        return None
    before = [w.lower() for w in _WORDS.findall(sentence[:at])][::-1][:_CUE_REACH]
    after = [w.lower() for w in _WORDS.findall(sentence[at + len(quantity) :])][:_CUE_REACH]
    found = []  # (distance, side, kind) of the nearest cue on each side; before wins a tie
    for side, nearby in enumerate((before, after)):
        for distance, word in enumerate(nearby):
            kind = "dead" if word in words.fatal_cues else "wounded" if word in words.injury_cues else None
            if kind:
                found.append((distance, side, kind))
                break
    return min(found)[2] if found else None


def _kind_of(q: dict[str, Any], type_: str | None, sentence: str, words: _CasualtyWords) -> str | None:
    """"dead", "wounded" or None for one quantity of an event of `type_` told in `sentence`."""
    text = (q.get("unit") or "").lower().strip()
    keys = {text, text.split()[-1]} if text else set()
    if keys & words.ambiguous:
        return None
    if keys & words.fatal:
        return "dead"
    if keys & words.injury:
        return "wounded"
    if text and not keys & words.people:
        return None
    cue = _cue(sentence, str(q.get("text") or ""), words)
    if cue:
        return cue
    if (type_ or "").upper() in words.fatal_types:
        return "dead"
    if (type_ or "").upper() in words.injury_types:
        return "wounded"
    return None


def casualties(mentions: Iterable[tuple[str | None, str | None, str | None]]) -> tuple[int | None, int | None]:
    """(fatalities, injured) of an event from its mentions' (type, quantities JSON, sentence) triples.

    Within a mention the largest figure of each kind counts (as the merge compares casualties:
    "5 people, among them 2 children" is 5); across mentions the lowest, ACLED's rule for
    sources that disagree (the disagreement itself is a contradiction `dateline show` lists).
    """
    words = _casualty_words()
    dead: list[float] = []
    wounded: list[float] = []
    for type_, quantities_json, sentence in mentions:
        found: dict[str, float] = {}
        for q in json.loads(quantities_json or "[]"):
            value = q.get("value")
            kind = _kind_of(q, type_, sentence or "", words) if value is not None else None
            if kind:
                found[kind] = max(found.get(kind, 0.0), float(value))
        if "dead" in found:
            dead.append(found["dead"])
        if "wounded" in found:
            wounded.append(found["wounded"])
    return (round(min(dead)) if dead else None, round(min(wounded)) if wounded else None)
