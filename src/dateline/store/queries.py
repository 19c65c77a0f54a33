"""Reading the store: the timeline of corpus events, entities, one event in full.

Why plain dicts out: every output format (table, JSON, CSV, GeoJSON, Parquet) and any
caller in Python take rows as dicts of plain values, the same as the columns a user sees
in Datasette. Filters by entity or place name go through the same normalization as the
merge (aliases included), so `--entity "Bashar al-Assad"` also finds "Assad" events.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import and_, exists, false, func, or_, select, text

from dateline.store import tables as t
from dateline.store.dates import DATE_COLUMNS
from dateline.store.db import Store
from dateline.store.records import unpack_record
from dateline.store.write import norm_name

__all__ = ["EventFilter", "NameMatcher", "document_row", "entity_rows", "entity_timeline", "event_rows", "overlaps",
           "place_rows", "search_documents", "semeval_mention_id", "show_event", "timeline_date"]


@dataclass(frozen=True)
class EventFilter:
    entity: str | None = None
    place: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    min_sources: int = 1
    limit: int | None = None
    event_class: str | None = None  # TimeML class (OCCURRENCE, REPORTING ...)
    coded: bool = False  # only events the PLOVER lexicon codes (type not NULL)
    # keyset paging: only events after this (when_earliest, id) in the listing's order
    after: tuple[str | None, str] | None = None
    documents: tuple[str, ...] | None = None  # only events with a mention in one of these documents
    certainty: str | None = None  # only events with a mention of this certainty (asserted, denied ...)
    # only events whose place lies in (min_lon, min_lat, max_lon, max_lat); west > east crosses 180°
    bbox: tuple[float, float, float, float] | None = None
    # more entities, each of which must take part too (with `entity`: all of them); `dateline events --entity A
    # --entity B`. In `event_rows` each is an actor or target; in `entity_timeline`, each takes part as there.
    entities: tuple[str, ...] = ()


def _entity_ids(conn: Any, name: str) -> list[str]:
    key = norm_name(name)
    ids = {r[0] for r in conn.execute(select(t.entity_aliases.c.entity_id).where(t.entity_aliases.c.alias == key))}
    ids |= {r[0] for r in conn.execute(select(t.entities.c.id).where(t.entities.c.name.ilike(f"%{name}%")))}
    return sorted(ids)


def _place_ids(conn: Any, name: str) -> list[str]:
    return sorted(r[0] for r in conn.execute(select(t.places.c.id).where(t.places.c.name.ilike(f"%{name}%"))))


def event_rows(store: Store, flt: EventFilter = EventFilter()) -> list[dict[str, Any]]:
    """Corpus events matching `flt`, earliest first (undated last), with entity and place names."""
    e, m = t.events, t.event_mentions
    with store.engine.connect() as conn:
        query = select(e).where(e.c.corroboration >= flt.min_sources)
        if flt.type:
            query = query.where(e.c.type == flt.type.upper())
        if flt.coded:
            query = query.where(e.c.type.is_not(None))
        if flt.event_class:
            query = query.where(e.c.event_class == flt.event_class.upper())
        if flt.since:
            query = query.where(e.c.when_latest >= flt.since)
        if flt.until:
            query = query.where(e.c.when_earliest <= flt.until)
        for name in [n for n in (flt.entity, *flt.entities) if n]:  # every named entity: one condition each
            ids = _entity_ids(conn, name)
            query = query.where(or_(false(), *[c.like(f'%"{i}"%') for i in ids for c in (e.c.actors, e.c.targets)]))
        if flt.place:
            ids = _place_ids(conn, flt.place)
            mention_has = exists().where(
                and_(m.c.event_id == e.c.id, or_(false(), *[m.c.places.like(f'%"{i}"%') for i in ids])))
            query = query.where(or_(e.c.place_id.in_(ids), mention_has) if ids else false())
        if flt.certainty:
            query = query.where(exists().where(and_(m.c.event_id == e.c.id, m.c.certainty == flt.certainty)))
        if flt.bbox is not None:
            west, south, east, north = flt.bbox
            across = west > east  # a box over the antimeridian: lon >= west or lon <= east
            lon = or_(e.c.lon >= west, e.c.lon <= east) if across else and_(e.c.lon >= west, e.c.lon <= east)
            query = query.where(and_(e.c.lat.is_not(None), e.c.lat >= south, e.c.lat <= north, lon))
        if flt.documents is not None:
            query = query.where(e.c.id.in_(select(m.c.event_id).where(m.c.doc_id.in_(flt.documents))))
        if flt.after:
            when, last_id = flt.after
            same_when = e.c.when_earliest.is_(None) if when is None else e.c.when_earliest == when
            later_id = and_(same_when, e.c.id > last_id)
            query = query.where(later_id if when is None else or_(
                e.c.when_earliest.is_(None), e.c.when_earliest > when, later_id))
        query = query.order_by(e.c.when_earliest.is_(None), e.c.when_earliest, e.c.id)
        if flt.limit:
            query = query.limit(flt.limit)
        return _named(conn, [dict(r._mapping) for r in conn.execute(query)])


def _named(conn: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event rows with their actors, targets and place by name instead of id, their DATE columns as ISO days."""
    names = dict(conn.execute(select(t.entities.c.id, t.entities.c.name)).all())
    place_names = dict(conn.execute(select(t.places.c.id, t.places.c.name)).all())
    for row in rows:
        row["actors"] = [names.get(i, i) for i in json.loads(row["actors"] or "[]")]
        row["targets"] = [names.get(i, i) for i in json.loads(row["targets"] or "[]")]
        row["place"] = place_names.get(row["place_id"]) if row["place_id"] else None
        row["contradicted"] = bool(row["contradicted"])
        for key in DATE_COLUMNS[:2]:  # ISO text like every other value here (JSON, CSV, the API's caches)
            if row.get(key) is not None:
                row[key] = row[key].isoformat()
    return rows


def place_rows(store: Store, country: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Resolved places, those most corpus events happened at first, with their coordinates."""
    p, e = t.places, t.events
    n_events = select(func.count()).select_from(e).where(e.c.place_id == p.c.id).scalar_subquery()
    query = select(p.c.id, p.c.name, p.c.kind, p.c.country_code, p.c.admin1, p.c.lat, p.c.lon, p.c.geonameid,
                   n_events.label("n_events"))
    if country:
        query = query.where(func.upper(p.c.country_code) == country.upper())
    query = query.order_by(n_events.desc(), p.c.name, p.c.id)
    if limit:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def entity_rows(store: Store, type_: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Corpus entities, most widely reported first, with every alias they were seen under."""
    with store.engine.connect() as conn:
        query = select(t.entities).order_by(t.entities.c.n_documents.desc(), t.entities.c.name)
        if type_:
            query = query.where(t.entities.c.type == type_.upper())
        if limit:
            query = query.limit(limit)
        rows = [dict(r._mapping) for r in conn.execute(query)]
        aliases: dict[str, list[str]] = {}
        for alias, entity_id in conn.execute(select(t.entity_aliases.c.alias, t.entity_aliases.c.entity_id)):
            aliases.setdefault(entity_id, []).append(alias)
    for row in rows:
        row["aliases"] = sorted(aliases.get(row["id"], []))
    return rows


def show_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One corpus event with its mentions (evidence sentences), sources and contradictions.

    Each mention carries its `attribution` chain as the article's record has it (nearest
    source first; empty: the article itself), which the row keeps only the nearest of; each
    source (one per article, earliest ingested first) its article's title, outlet, URL,
    locator, publication date and the article it copies, if any. Contradictions include
    claims (of this event, or that this event contradicts) linked across articles: kind
    "claim", the claim on the left, the contradicting report on the right.
    """
    with store.engine.connect() as conn:
        event = conn.execute(select(t.events).where(t.events.c.id == event_id)).first()
        if event is None:
            return None
        d, m = t.documents, t.event_mentions
        mentions = [dict(r._mapping) for r in conn.execute(
            select(m.c.doc_id, m.c.local_id, m.c.type, m.c.event_class, m.c.tense, m.c.aspect, m.c.modality,
                   m.c.trigger, m.c.sentence, m.c.when_value, m.c.when_basis,
                   m.c.certainty, m.c.negated, m.c.source, d.c.title, d.c.url, d.c.published, d.c.source_name,
                   d.c.dup_of)
            .join(d, d.c.id == m.c.doc_id).where(m.c.event_id == event_id).order_by(d.c.seq, m.c.local_id))]
        es = t.event_sources
        sources = [dict(r._mapping) for r in conn.execute(
            select(es.c.event_id, es.c.doc_id, es.c.source_name, es.c.independent, d.c.title, d.c.url, d.c.locator,
                   d.c.published, d.c.dup_of).join(d, d.c.id == es.c.doc_id)
            .where(es.c.event_id == event_id).order_by(d.c.seq))]
        chains = _chains(conn, mentions)
        cl = t.claim_links
        links = [dict(r._mapping) for r in conn.execute(
            select(cl).where(or_(cl.c.event_id == event_id, cl.c.other_event_id == event_id))
            .order_by(cl.c.kind, cl.c.id))]
        summary = _named(conn, [dict(event._mapping)])[0]
    for mention in mentions:
        mention["attribution"] = chains.get((mention["doc_id"], mention["local_id"]), [])
    return {"event": summary, "mentions": mentions, "sources": sources, "contradictions": links}


def _chains(conn: Any, mentions: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Each mention's attribution chain ({source, kind, entity}, nearest first) from its article's record."""
    wanted: dict[str, set[str]] = {}
    for m in mentions:
        wanted.setdefault(m["doc_id"], set()).add(m["local_id"])
    d = t.documents
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for doc_id, record_z in conn.execute(select(d.c.id, d.c.record_z).where(d.c.id.in_(sorted(wanted)))):
        for event in unpack_record(record_z, "").get("events") or []:
            if event.get("id") in wanted[doc_id]:
                out[(doc_id, event["id"])] = [{k: a.get(k) for k in ("source", "kind", "entity")}
                                              for a in event.get("attribution") or []]
    return out


def search_documents(store: Store, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Full-text search over titles and texts: FTS5 on SQLite, tsvector on PostgreSQL."""
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            sql = text("SELECT d.id, d.title, d.published, d.source_name FROM documents_fts f "
                       "JOIN documents d ON d.rowid = f.rowid WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n")
        else:
            sql = text("SELECT id, title, published, source_name FROM documents WHERE "
                       "to_tsvector('english', coalesce(title, '') || ' ' || text) @@ plainto_tsquery('english', :q) "
                       "ORDER BY seq LIMIT :n")
        return [dict(r._mapping) for r in conn.execute(sql, {"q": query, "n": limit})]


def document_row(store: Store, doc_id: str) -> dict[str, Any] | None:
    """One stored article: its metadata, its text and the record the ingest stored for it."""
    d = t.documents
    with store.engine.connect() as conn:
        row = conn.execute(select(d).where(d.c.id == doc_id)).first()
    if row is None:
        return None
    out = {k: v for k, v in row._mapping.items() if k not in ("minhash", "record_z")}
    out["record"] = unpack_record(row.record_z, row.text)
    return out


# --- entity timelines -------------------------------------------------------------------------
#
# Why name matching beyond `norm_name`: an entity's timeline must find it however the
# articles write it — "the iPhone 3G", "Jobs" for Steve Jobs, "IAEA", "the iTunes Music
# Store" for "iTunes store" — inside an event's argument text as well as among the
# entities the stages resolved, while "iPhone 3GS" is not "iPhone 3G" and "Apple Corps"
# is not "Apple". The rules are general (no list of names); `NameMatcher` holds them.

_WORD = re.compile(r"\w+")
_FUNCTION_WORDS = frozenset({"of", "and", "the", "for", "de", "du", "des", "la", "le", "el", "al", "in", "on", "at"})
_CALENDAR = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T|$)")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


def name_key(name: str) -> tuple[str, ...]:
    """A name's words as `norm_name` compares them (lower case, no accents, no leading "the")."""
    return tuple(norm_name(name).split())


def acronym_of(name: str) -> str | None:
    """The initials of a name of two or more capitalised words ("Worldwide Developers Conference" → "WDC")."""
    words = [w for w in _WORD.findall(name) if w.lower() not in _FUNCTION_WORDS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def proper_part(name: str) -> str | None:
    """A name without the common nouns it ends in ("iTunes store" → "iTunes"): the thing is also called
    by its proper part alone. None when nothing is lower-case at the end or nothing would be left."""
    words = name.split()
    end = len(words)
    while end and words[end - 1].isalpha() and words[end - 1].islower():
        end -= 1
    return " ".join(words[:end]) if 0 < end < len(words) else None


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _in_order(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    words = iter(longer)
    return all(w in words for w in shorter)


@dataclass(frozen=True)
class NameMatcher:
    """The names one entity goes by, and the test of whether a name or a text names it.

    A name names the entity when its words (`name_key`) equal one of `keys`; or, both of
    two words or more, one holds the other ("Apple Corps" in "Beatles Apple Corps"); or
    both start and end with the same word and one's words are the other's in order
    ("iTunes Music Store" for "iTunes store", "Steve Paul Jobs"); or, for a PERSON, one is
    the other's last word (the surname); or it is written as one of `acronyms`, or its
    initials are a one-word key ("International Atomic Energy Agency" for "IAEA"). In a text a
    key must match whole words and not be followed (after a space, not punctuation) by a
    capitalised word or a number, which would make it a longer name ("iPhone 4" is not
    "iPhone"), nor lie inside a longer name of `others` (other entities' keys).
    """

    keys: frozenset[tuple[str, ...]]
    acronyms: frozenset[str] = frozenset()
    others: frozenset[tuple[str, ...]] = field(default=frozenset())

    @classmethod
    def for_name(cls, name: str, aliases: Iterable[str] = ()) -> NameMatcher:
        names = [name, *aliases]
        names += [p for p in map(proper_part, names) if p]
        acronyms = {a for a in map(acronym_of, names) if a} | {n for n in names if _ACRONYM.match(n)}
        return cls(frozenset(k for k in map(name_key, names) if k), frozenset(acronyms))

    def widened(self, names: Iterable[str], person: bool = False,
                others: Iterable[tuple[str, ...]] = ()) -> NameMatcher:
        """This matcher with more names (a matched entity's name and aliases; its surname for a person)."""
        names = list(names)
        keys = {k for k in map(name_key, names) if k}
        if person:
            keys |= {k[-1:] for k in keys if len(k) > 1}
        acronyms = {a for a in map(acronym_of, names) if a} | {n for n in names if _ACRONYM.match(n)}
        mine = self.keys | keys
        return NameMatcher(frozenset(mine), self.acronyms | acronyms,
                           self.others | frozenset(o for o in others if o not in mine))

    def names(self, name: str, type_: str | None = None) -> bool:
        """Whether the entity called `name` (of type `type_`) is this one (see the class docstring)."""
        key = name_key(name)
        if not key:
            return False
        if name in self.acronyms or (acronym_of(name) or "").lower() in {k[0] for k in self.keys if len(k) == 1}:
            return True
        for k in self.keys:
            shorter, longer = sorted((key, k), key=len)
            if key == k or (len(shorter) > 1 and _contains(longer, shorter)):
                return True
            same_ends = shorter[0] == longer[0] and shorter[-1] == longer[-1]
            if len(shorter) > 1 and same_ends and _in_order(longer, shorter):
                return True
            if type_ == "PERSON" and len(shorter) == 1 and len(longer) > 1 and shorter[0] == longer[-1]:
                return True
        return False

    def find(self, text: str) -> list[tuple[int, int]]:
        """Character spans of `text` that name the entity."""
        words = list(_WORD.finditer(text))
        folded = [_fold(w.group()) for w in words]
        spans: list[tuple[int, int]] = []
        for w in words:
            if w.group() in self.acronyms:
                spans.append((w.start(), w.end()))
        for key in self.keys:
            n = len(key)
            for i in range(len(words) - n + 1):
                if tuple(folded[i : i + n]) != key or self._continued(text, words, i + n) or self._inside_other(
                        folded, i, n):
                    continue
                spans.append((words[i].start(), words[i + n - 1].end()))
        return sorted(set(spans))

    @staticmethod
    def _continued(text: str, words: list[re.Match[str]], j: int) -> bool:
        if j >= len(words) or text[words[j - 1].end() : words[j].start()].strip():
            return False
        first = words[j].group()[0]
        return first.isupper() or first.isdigit()

    def _inside_other(self, folded: list[str], i: int, n: int) -> bool:
        for other in self.others:
            m = len(other)
            if m <= n:
                continue
            for a in range(max(0, i + n - m), min(i, len(folded) - m) + 1):
                if tuple(folded[a : a + m]) == other:
                    return True
        return False


def timeline_date(value: str | None, earliest: str | None = None, latest: str | None = None) -> str | None:
    """The calendar date an event sits at on a timeline: its value when it is a day, month or year
    ("2010-06-07T10:00" → "2010-06-07"); else (a week, a season, no value) the longest calendar
    prefix its earliest and latest bounds share, at day, month or year precision; else None."""
    found = _CALENDAR.match(value or "")
    if found:
        return found.group(1)
    if earliest and latest:
        for size in (10, 7, 4):
            if earliest[:size] == latest[:size] and _CALENDAR.match(earliest[:size]):
                return earliest[:size]
    return None


def semeval_mention_id(doc_id: str, start: int, trigger: str) -> str:
    """A stored mention in the SemEval-2015 task 4 id form `DOC-N-WORD`: the document's id (a content
    hash, no "-"), the trigger's character offset where the task has a sentence number (the store
    keeps offsets, not sentence numbers; the offset also tells two same words in one sentence
    apart), and the trigger word lower-cased, spaces as "_" (as the task writes multi-word ones)."""
    return f"{doc_id}-{start}-{'_'.join(trigger.lower().split())}"


_ROLE = {"actor": "actor", "target": "target"}


def entity_timeline(store: Store, name: str, flt: EventFilter = EventFilter()) -> list[dict[str, Any]]:
    """Every corpus event `name` takes part in — as actor, as target, or as a participant argument
    (an event argument that is the entity, or whose text names it) — ordered in time.

    Each row is a corpus event (or a mention, where no merge has run) with `order` (1, 2, ...
    by date, the same number for the same date: simultaneous; 0 for undated, listed last),
    `date` (`timeline_date`), `roles`, `sources` (independent sources), `evidence` (the first
    mention's sentence) and `mentions` (each with its `semeval_mention_id`). `flt`'s type,
    class, coded, since, until, min_sources, place and limit narrow the list; its entity is
    `name`. Entity matching is `NameMatcher`: the name, the stored aliases of the entities it
    names, their acronyms, surnames of persons, and common-noun forms. With `flt.entities`, only
    the events each of those entities takes part in too (each matched the same way), ordered
    among themselves.
    """
    together = [n for n in flt.entities if n and n != name]
    flt = replace(flt, entity=None, entities=())
    d, em, m = t.documents, t.entity_mentions, t.event_mentions
    with store.engine.connect() as conn:
        aliases: dict[str, list[str]] = {}
        for alias, entity_id in conn.execute(select(t.entity_aliases.c.alias, t.entity_aliases.c.entity_id)):
            aliases.setdefault(entity_id, []).append(alias)
        entities = conn.execute(select(t.entities.c.id, t.entities.c.name, t.entities.c.type)).all()
        base = NameMatcher.for_name(name)
        matched = {e.id for e in entities
                   if base.names(e.name, e.type) or any(base.names(a, e.type) for a in aliases.get(e.id, []))}
        matcher = base
        for e in entities:
            if e.id in matched:
                matcher = matcher.widened([e.name, *aliases.get(e.id, [])], person=e.type == "PERSON")
        others = {name_key(a) for e in entities if e.id not in matched for a in [e.name, *aliases.get(e.id, [])]}
        matcher = matcher.widened([], others=[o for o in others if any(_contains(o, k) for k in matcher.keys)])
        docs = {r[0] for r in conn.execute(select(em.c.doc_id).where(em.c.entity_id.in_(sorted(matched))))}
        # documents that may name it: a candidate filter (its longest word), decided exactly by `find` below
        words = {max(k, key=len) for k in matcher.keys} | {a.lower() for a in matcher.acronyms}
        if words:
            docs |= {r[0] for r in conn.execute(select(d.c.id).where(
                or_(*[func.lower(d.c.text).like(f"%{w}%") for w in sorted(words)])))}
        taking_part: dict[tuple[str, str], set[str]] = {}
        mention_rows: list[dict[str, Any]] = []
        for doc_id in sorted(docs):  # one document at a time: its record holds the events' arguments
            local = dict(conn.execute(select(em.c.local_id, em.c.entity_id).where(em.c.doc_id == doc_id)).all())
            text_, record_z = conn.execute(select(d.c.text, d.c.record_z).where(d.c.id == doc_id)).one()
            named = matcher.find(text_)
            found = {}
            for event in unpack_record(record_z, text_).get("events", []):
                roles = _roles(event, local, matched, named)
                if roles:
                    found[event["id"]] = roles
            taking_part.update({(doc_id, local_id): roles for local_id, roles in found.items()})
            if found:
                mention_rows += [dict(r._mapping) for r in conn.execute(
                    select(m, d.c.seq).join(d, d.c.id == m.c.doc_id).where(
                        m.c.doc_id == doc_id, m.c.local_id.in_(sorted(found))))]
        event_ids = sorted({r["event_id"] for r in mention_rows if r["event_id"]})
        events = {r.id: dict(r._mapping) for r in conn.execute(select(t.events).where(t.events.c.id.in_(event_ids)))}
        place_ids = set(_place_ids(conn, flt.place)) if flt.place else None
    rows = _timeline_rows(mention_rows, events, taking_part, place_ids, flt)
    for other in together:  # the events every other entity takes part in too, before they are numbered
        theirs = {r["id"] for r in entity_timeline(store, other, replace(flt, limit=None))}
        rows = [r for r in rows if r["id"] in theirs]
    dates = sorted({r["date"] for r in rows if r["date"]})
    order = {date: i for i, date in enumerate(dates, start=1)}
    for row in rows:
        row["order"] = order.get(row["date"], 0)
    rows.sort(key=lambda r: (r["order"] == 0, r["order"], r["when_earliest"] or "", r["id"]))
    return rows[: flt.limit] if flt.limit else rows


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether `start`..`end` overlaps one of `spans`."""
    return any(s < end and start < e for s, e in spans)


def _roles(event: dict[str, Any], local: dict[str, str], matched: set[str], named: list[tuple[int, int]]) -> set[str]:
    """How the entity takes part in one record event: actor, target, participant (or not at all).

    An argument takes part when it is a matched entity or its span overlaps a place where the
    text names the entity: the text, not the argument's own words, so an argument cut short
    ("the iPhone" of "the iPhone 3G") still counts and one inside a longer name does not."""
    roles = {role for role, key in (("actor", "actors"), ("target", "targets"))
             if any(local.get(i) in matched for i in event.get(key) or [])}
    for argument in event.get("arguments") or []:
        if argument.get("role") in ("place", "time"):
            continue
        if local.get(argument.get("entity") or "") in matched or overlaps(argument["start"], argument["end"], named):
            roles.add(_ROLE.get(argument["role"], "participant"))
    return roles


def _timeline_rows(mention_rows: list[dict[str, Any]], events: dict[str, dict[str, Any]],
                   taking_part: dict[tuple[str, str], set[str]], place_ids: set[str] | None,
                   flt: EventFilter) -> list[dict[str, Any]]:
    grouped: dict[str, dict[str, Any]] = {}
    for r in sorted(mention_rows, key=lambda r: (r["seq"], r["start"])):
        key = r["event_id"] or f"{r['doc_id']}#{r['local_id']}"
        row = grouped.get(key)
        if row is None:
            e = events.get(r["event_id"] or "") or {
                "id": key, "type": r["type"], "event_class": r["event_class"], "label": r["trigger"],
                "when_value": r["when_value"], "when_earliest": r["when_earliest"], "when_latest": r["when_latest"],
                "corroboration": 1, "n_documents": 1, "place_id": None}
            row = grouped[key] = {
                "id": e["id"], "type": e["type"], "event_class": e["event_class"], "label": e["label"],
                "date": timeline_date(e["when_value"], e["when_earliest"], e["when_latest"]),
                "when_value": e["when_value"], "when_earliest": e["when_earliest"], "when_latest": e["when_latest"],
                "sources": e["corroboration"], "n_documents": e["n_documents"], "place_id": e["place_id"],
                "lat": e.get("lat"), "lon": e.get("lon"),
                "roles": set(), "evidence": r["sentence"], "mentions": [], "_places": set()}
        row["roles"] |= taking_part[(r["doc_id"], r["local_id"])]
        row["_places"] |= set(json.loads(r["places"] or "[]"))
        row["mentions"].append({"doc_id": r["doc_id"], "local_id": r["local_id"], "trigger": r["trigger"],
                                "start": r["start"], "sentence": r["sentence"],
                                "mention_id": semeval_mention_id(r["doc_id"], r["start"], r["trigger"])})
    out = []
    for row in grouped.values():
        if not _kept(row, place_ids, flt):
            continue
        row["roles"] = [role for role in ("actor", "target", "participant") if role in row["roles"]]
        del row["_places"]
        out.append(row)
    return out


def _kept(row: dict[str, Any], place_ids: set[str] | None, flt: EventFilter) -> bool:
    if flt.type and (row["type"] or "") != flt.type.upper():
        return False
    if flt.coded and row["type"] is None:
        return False
    if flt.event_class and (row["event_class"] or "") != flt.event_class.upper():
        return False
    if flt.since and not (row["when_latest"] and row["when_latest"] >= flt.since):
        return False
    if flt.until and not (row["when_earliest"] and row["when_earliest"] <= flt.until):
        return False
    if row["sources"] < flt.min_sources:
        return False
    return place_ids is None or bool(({row["place_id"]} | row["_places"]) & place_ids)
