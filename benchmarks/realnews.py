"""dateline on real web pages against our gold timeline events: prints a table per page and totals.

Usage::

    python benchmarks/realnews.py [--gold tests/data/realnews_gold.yaml]
                                  [--shared ../shared/bench/real-news] [--page NAME] [--errors]
                                  [--places]

The pages (``../shared/bench/real-news/pages/``) are read through dateline's own reader, as
``dateline analyze PAGE.html`` reads them; the gold (``tests/data/realnews_gold.yaml``) says,
for each page, the events an analyst would put on a timeline. Figures are given separately
for the ``dev`` pages (tune on these) and the ``heldout`` ones (report these).

A system event matches a gold event when its trigger overlaps the gold trigger at the place
the gold evidence is found in ``document.text`` (whitespace and quote marks normalised), or
one of the gold event's other mentions (``also``). Columns:

- ``gold``: gold events; ``lost``: those whose evidence is not in dateline's extracted text
  (lost by text extraction, so unfindable); ``main``: main events found / main events;
  ``found``: gold events found.
- ``date``: right / matched, the event's ``when.value`` against the gold date at the gold's
  precision (``dateline.eval.dating.date_right``); a gold date of null is right when the
  system gives no date, or gives one inside the range when the gold gives both bounds.
- ``actor`` ``target`` ``place`` ``source``: right / judged, over matched events where the
  gold gives a value or the system claims one (entity or place ids on the event, a source);
  both empty is not counted. Names are compared loosely (case-insensitive, one's words
  contained in the other's) with the names and aliases of the event's entities and places,
  its argument phrases of that role, and ``attribution[0].source``.
- ``junk`` in the totals also leaves STATEMENT events out ("said", "told"), which an analyst
  never puts on a timeline by themselves.
- ``cert``: certainty right / matched.
- ``junk c``: coded system events (``type is not None``) matching no gold event / coded
  events; ``junk all``: the same over all system events (expected high: every TimeML event is
  emitted, and most are not timeline events).
- ``pubday``: the publication-date baseline, every gold event dated with the page's
  publication date: right / gold events. ``pub``: dateline's publication date is the page's.
- ``text F1``: token F1 of ``document.text`` against ``expected-text/NAME.txt`` (15 pages).

``--places`` also prints, per split, why each wrong place is wrong (`place_miss`): the gold
place not recognised in the text at all (the place stage's work), recognised but not linked
to the event, linked with role ``mentioned`` only, another place given instead, or a place
given where the gold has none; and where the gold place is named (the event's sentence, its
paragraph, elsewhere). It counts the system events that have a place (a place id in
``event.places`` or a role other than ``mentioned``), and by which cue inherited ones got it.

Exits 0 with a message when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "realnews_gold.yaml"
SHARED = ROOT.parent / "shared" / "bench" / "real-news"
ROLES = ("actor", "target", "place", "source")
# the cues of a location the event_places stage inherited (from the clause, sentence, paragraph
# or the dateline), not read off the event's own words
INHERITED_CUES = ("clause", "sentence", "paragraph", "dateline")

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})


# --- locating gold evidence -------------------------------------------------------------


def normalise(text: str) -> tuple[str, list[int]]:
    """Whitespace runs -> one space, curly quotes -> straight; with each char's original offset."""
    out: list[str] = []
    index: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                index.append(i)
            in_space = True
            continue
        in_space = False
        out.append(ch.translate(_QUOTES))
        index.append(i)
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def _norm(s: str) -> str:
    return normalise(s)[0]


def locate(text: str, evidence: str, trigger: str, normalised: tuple[str, list[int]] | None = None
           ) -> tuple[int, int] | None:
    """Offsets in `text` of `trigger` inside the first place `evidence` is found, or None."""
    norm, index = normalised or normalise(text)
    ev, trig = _norm(evidence), _norm(trigger)
    at = norm.find(ev)
    if at < 0 or not trig:
        return None
    m = re.search(r"(?<!\w)" + re.escape(trig) + r"(?!\w)", ev) or re.search(re.escape(trig), ev)
    if m is None:
        return None
    start, end = at + m.start(), at + m.end()
    return index[start], index[end - 1] + 1


def gold_pages(path: Path = GOLD) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["pages"]


def mentions(event: dict[str, Any]) -> list[tuple[str, str]]:
    """(trigger, evidence) of the gold event's first mention, then of its other mentions."""
    return [(event["trigger"], event["evidence"])] + [(m["trigger"], m["evidence"]) for m in event.get("also") or []]


# --- reading pages ----------------------------------------------------------------------


def read_page(path: Path) -> Any:
    """The `Document` dateline makes of the page (as `dateline analyze PAGE.html` does)."""
    from dateline.pipeline.read import read_source, to_document
    from dateline.settings import Settings

    return to_document(read_source(str(path), Settings().max_bytes))


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in re.findall(r"\w+", text))


def token_f1(ours: str, expected: str) -> float:
    a, b = tokens(ours), tokens(expected)
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * p * r / (p + r)


# --- comparing --------------------------------------------------------------------------


def _words(s: str) -> list[str]:
    s = s.lower().translate(_QUOTES)
    words = re.findall(r"\w+(?:['’.&-]\w+)*", s)
    return [w for w in words if w not in {"the", "a", "an"}] or words


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return n > 0 and any(big[i:i + n] == small for i in range(len(big) - n + 1))


def names_match(gold: str, ours: str) -> bool:
    g, o = _words(gold), _words(ours)
    return _contains(g, o) or _contains(o, g)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def system_names(record: Any, event: Any, role: str) -> tuple[list[str], bool]:
    """The names the system gives for a role of an event, and whether it claims one.

    The event's ids (entities, places) and its source claim the role; its argument
    phrases ("the search", "$4.9 billion") only help match a name the gold gives.
    """
    names: list[str] = []
    if role == "source":
        for link in event.attribution[:1]:
            if link.kind == "article":
                continue
            names.append(link.source)
            if link.entity:
                names += _entity_names(record, link.entity)
        names = [n for n in names if n]
        return names, bool(names)
    if role in ("actor", "target"):
        ids = list(event.actors if role == "actor" else event.targets)
        for eid in ids:
            names += _entity_names(record, eid)
    else:
        ids = list(dict.fromkeys([*event.places, *(r.place for r in event.place_roles if r.role == "location")]))
        places = {p.id: p for p in record.places}
        for pid in ids:
            if pid in places:
                names.append(places[pid].name)
                names += [m.text for m in places[pid].mentions if m.kind in ("name", "alias")]
    names += [a.text for a in event.arguments if a.role == role]
    return [n for n in dict.fromkeys(names) if n], bool(ids)


def _entity_names(record: Any, eid: str) -> list[str]:
    for entity in record.entities:
        if entity.id == eid:
            return [entity.name, *entity.aliases]
    return []


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The line (paragraph: the reader ends each with a line break) holding `start`..`end`."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


def place_miss(record: Any, event: Any, gold_value: Any) -> str:
    """Why the event's place is judged wrong: what the system did with the gold place, and
    where the text names it (the event's sentence, its paragraph, elsewhere).

    Classes (the first that holds): ``gold none`` the system gives a place the gold has not;
    ``not recognised`` no place of the record is named like the gold place (the place
    stage's work); ``mentioned only`` the event has the gold place with role ``mentioned``;
    ``other place`` the event has another place; ``no place`` it has none.
    """
    golds = _as_list(gold_value)
    if not golds:
        return "gold none"
    text = record.document.text
    matching = [p for p in record.places
                if any(names_match(g, n) for g in golds
                       for n in [p.name, *(m.text for m in p.mentions if m.kind in ("name", "alias"))])]
    if not matching:
        return "not recognised"
    ids = {p.id for p in matching}
    s_lo, s_hi = event.sentence.start, event.sentence.end
    p_lo, p_hi = _paragraph(text, s_lo, s_hi)
    starts = [m.start for p in matching for m in p.mentions]
    where = ("sentence" if any(s_lo <= s < s_hi for s in starts)
             else "paragraph" if any(p_lo <= s < p_hi for s in starts) else "elsewhere")
    if any(r.place in ids and r.role == "mentioned" for r in event.place_roles):
        return f"mentioned only, in {where}"
    claimed = set(event.places) | {r.place for r in event.place_roles if r.role != "mentioned"}
    return f"{'other place' if claimed else 'no place'}, gold in {where}"


def placed_events(record: Any) -> Counter[str]:
    """System events by how they have a place: ``all`` events, ``placed`` those with one
    (an id in ``event.places`` or a role other than ``mentioned``), ``located`` those with a
    ``location`` role, and ``cue:X`` for each inherited location (the cue names the scope it
    came from)."""
    out: Counter[str] = Counter()
    for ev in record.events:
        out["all"] += 1
        roles = [r for r in ev.place_roles if r.role != "mentioned"]
        if ev.places or roles:
            out["placed"] += 1
        if any(r.role == "location" for r in roles):
            out["located"] += 1
        for cue in {r.cue for r in roles if r.cue in INHERITED_CUES}:
            out[f"cue:{cue}"] += 1
    return out


def role_verdict(gold_value: Any, ours: list[str], claimed: bool) -> bool | None:
    """True/False when judged, None when neither the gold nor the system gives one."""
    golds = _as_list(gold_value)
    if not golds:
        return False if claimed else None
    return any(names_match(g, o) for g in golds for o in ours)


def date_verdict(value: str | None, gold: dict[str, Any]) -> bool:
    from dateline.eval.dating import date_right
    from dateline.pipeline.time.resolve import period_bounds

    target = gold.get("date")
    if target is not None:
        return date_right(value, str(target))
    if value is None:
        return True
    earliest, latest = gold.get("earliest"), gold.get("latest")
    if earliest is None or latest is None:
        return False
    first, last = period_bounds(value)
    lo, hi = period_bounds(str(earliest))[0], period_bounds(str(latest))[1]
    return None not in (first, last, lo, hi) and lo <= first and last <= hi


# --- scoring ----------------------------------------------------------------------------


@dataclass
class PageScore:
    name: str
    split: str
    gold: int = 0
    lost: int = 0
    main: int = 0
    main_found: int = 0
    found: int = 0
    date_right: int = 0
    roles: dict[str, list[int]] = field(default_factory=lambda: {r: [0, 0] for r in ROLES})
    cert_right: int = 0
    coded: int = 0
    coded_junk: int = 0
    coded_ns: int = 0
    coded_ns_junk: int = 0
    events: int = 0
    junk: int = 0
    pub_baseline: int = 0
    pub_right: bool = False
    text_f1: float | None = None
    seconds: float = 0.0
    # sieve name -> [events of the gold it dated, right, right with the publication date]
    sieves: dict[str, list[int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    note: str = ""
    # why a judged place is wrong -> count (`place_miss`); events with a place, by how they got it
    place_misses: Counter[str] = field(default_factory=Counter)
    placed: Counter[str] = field(default_factory=Counter)

    def add(self, other: PageScore) -> None:
        for name in ("gold", "lost", "main", "main_found", "found", "date_right", "cert_right", "coded",
                     "coded_junk", "coded_ns", "coded_ns_junk", "events", "junk", "pub_baseline", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for r in ROLES:
            self.roles[r][0] += other.roles[r][0]
            self.roles[r][1] += other.roles[r][1]
        for name, counts in other.sieves.items():
            mine = self.sieves.setdefault(name, [0, 0, 0])
            for k in range(3):
                mine[k] += counts[k]
        self.place_misses.update(other.place_misses)
        self.placed.update(other.placed)


def _short(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def score_page(name: str, page: dict[str, Any], record: Any | None, shared: Path) -> PageScore:
    score = PageScore(name=name, split=page["split"])
    golds = page.get("events") or []
    score.gold = len(golds)
    score.main = sum(1 for g in golds if g.get("main"))
    published = str(page["published"])
    for g in golds:
        if date_verdict(published, g):
            score.pub_baseline += 1
    expected = shared / "expected-text" / f"{name}.txt"
    if record is None:
        score.lost = score.gold
        score.errors += [f"  lost  {g['trigger']!r}: page not read" for g in golds]
        return score
    doc = record.document
    score.pub_right = doc.published == published
    if not score.pub_right:
        score.errors.append(f"  pub   dateline {doc.published} ({doc.published_from}), page {published}")
    if expected.exists():
        score.text_f1 = token_f1(doc.text, expected.read_text(encoding="utf-8"))
    normalised = normalise(doc.text)
    spans: list[list[tuple[int, int] | None]] = [
        [locate(doc.text, ev, trig, normalised) for trig, ev in mentions(g)] for g in golds
    ]
    matched_events: set[int] = set()
    for g, gspans in zip(golds, spans, strict=True):
        if gspans[0] is None and all(s is None for s in gspans):
            score.lost += 1
            score.errors.append(f"  lost  {g['trigger']!r} — evidence not in document.text: {_short(g['evidence'])}")
            continue
        candidates = []
        for i, ev in enumerate(record.events):
            for rank, span in enumerate(gspans):
                if span and ev.trigger.start < span[1] and span[0] < ev.trigger.end:
                    candidates.append((rank, ev.type is None, ev.trigger.end - ev.trigger.start, i))
                    matched_events.add(i)
        if not candidates:
            main = " (main)" if g.get("main") else ""
            score.errors.append(f"  miss  {g['trigger']!r}{main}: {_short(g['evidence'])}")
            continue
        ev = record.events[min(candidates)[3]]
        score.found += 1
        score.main_found += bool(g.get("main"))
        where = f"{g['trigger']!r} [{ev.type or '-'}]"
        sieve = score.sieves.setdefault(ev.when.sieve or "(no sieve)", [0, 0, 0])
        sieve[0] += 1
        sieve[1] += date_verdict(ev.when.value, g)
        sieve[2] += date_verdict(published, g)
        if date_verdict(ev.when.value, g):
            score.date_right += 1
        else:
            gold_date = g.get("date") or f"null [{g.get('earliest') or ''}..{g.get('latest') or ''}]"
            how = f"{ev.when.basis}, {ev.when.sieve or '-'}"
            score.errors.append(f"  date  {where}: gold {gold_date}, ours {ev.when.value} ({how})")
        for role in ROLES:
            ours, claimed = system_names(record, ev, role)
            verdict = role_verdict(g.get(role), ours, claimed)
            if verdict is None:
                continue
            score.roles[role][1] += 1
            score.roles[role][0] += verdict
            if not verdict:
                why = ""
                if role == "place":
                    why = place_miss(record, ev, g.get("place"))
                    score.place_misses[why] += 1
                    why = f" ({why})"
                score.errors.append(f"  {role:6}{where}: gold {g.get(role)!r}, ours {ours[:4]!r}{why}")
        if ev.places or any(r.role != "mentioned" for r in ev.place_roles):
            score.placed["gold placed"] += 1
        score.placed["gold gives"] += bool(_as_list(g.get("place")))
        score.placed["gold matched"] += 1
        if ev.certainty == g["certainty"]:
            score.cert_right += 1
        else:
            score.errors.append(f"  cert  {where}: gold {g['certainty']}, ours {ev.certainty}")
    score.events = len(record.events)
    for i, ev in enumerate(record.events):
        if i in matched_events:
            continue
        score.junk += 1
        if ev.type is not None:
            score.coded_junk += 1
            score.coded_ns_junk += ev.type != "STATEMENT"
            context = _short(doc.text[max(0, ev.trigger.start - 50): ev.trigger.end + 40], 96)
            score.errors.append(f"  junk  {ev.trigger.text!r} [{ev.type}] {ev.when.value or '-'} | {context}")
    score.coded = sum(1 for ev in record.events if ev.type is not None)
    score.placed.update(placed_events(record))
    score.coded_ns = sum(1 for ev in record.events if ev.type not in (None, "STATEMENT"))
    return score


# --- printing ---------------------------------------------------------------------------


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b}" if b else "-"


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}" if b else "    -"


HEADER = (f"{'page':37} {'gold':>4} {'lost':>4} {'main':>5} {'found':>5} {'date':>5} {'actor':>5} {'target':>6} "
          f"{'place':>5} {'source':>6} {'cert':>5} {'junk c':>7} {'junk all':>8} {'pubday':>6} {'pub':>3} "
          f"{'text F1':>7}")


def row(s: PageScore, label: str | None = None) -> str:
    r = s.roles
    f1 = f"{100 * s.text_f1:7.1f}" if s.text_f1 is not None else f"{'-':>7}"
    return (f"{(label or s.name)[:37]:37} {s.gold:4} {s.lost:4} {_ratio(s.main_found, s.main):>5} "
            f"{s.found:5} {_ratio(s.date_right, s.found):>5} {_ratio(*r['actor']):>5} {_ratio(*r['target']):>6} "
            f"{_ratio(*r['place']):>5} {_ratio(*r['source']):>6} {_ratio(s.cert_right, s.found):>5} "
            f"{_ratio(s.coded_junk, s.coded):>7} {_ratio(s.junk, s.events):>8} {_ratio(s.pub_baseline, s.gold):>6} "
            f"{'yes' if s.pub_right else 'NO':>3} {f1}")


def totals(scores: list[PageScore], label: str) -> list[str]:
    total = PageScore(name=label, split=label)
    for s in scores:
        total.add(s)
    f1s = [s.text_f1 for s in scores if s.text_f1 is not None]
    r = total.roles
    lines = [
        f"{label} totals ({len(scores)} pages, {total.seconds:.1f} s)",
        f"  gold events {total.gold}, lost by text extraction {total.lost} ({_pct(total.lost, total.gold).strip()}%)",
        f"  main events found     {_pct(total.main_found, total.main)}%  ({total.main_found}/{total.main})",
        f"  gold events found     {_pct(total.found, total.gold)}%  ({total.found}/{total.gold})",
        f"  date right            {_pct(total.date_right, total.found)}%  of matched "
        f"({total.date_right}/{total.found}); {_pct(total.date_right, total.gold).strip()}% of all gold",
        f"  publication-date base {_pct(total.pub_baseline, total.gold)}%  of all gold "
        f"({total.pub_baseline}/{total.gold})",
    ]
    for role in ROLES:
        lines.append(f"  {role:21} {_pct(*r[role])}%  ({r[role][0]}/{r[role][1]} judged)")
    lines += [
        f"  certainty right       {_pct(total.cert_right, total.found)}%  ({total.cert_right}/{total.found})",
        f"  junk, coded events    {_pct(total.coded_junk, total.coded)}%  ({total.coded_junk}/{total.coded})",
        f"  junk, coded, no STATEMENT {_pct(total.coded_ns_junk, total.coded_ns)}%  "
        f"({total.coded_ns_junk}/{total.coded_ns}; 'said' and the like left out)",
        f"  junk, all events      {_pct(total.junk, total.events)}%  ({total.junk}/{total.events})",
        f"  publication date right {sum(s.pub_right for s in scores)}/{len(scores)} pages",
    ]
    if f1s:
        mean = 100 * sum(f1s) / len(f1s)
        lines.append(f"  text token F1         {mean:5.1f}  (mean over {len(f1s)} pages with expected text)")
    return lines


def sieve_table(scores: list[PageScore], label: str) -> list[str]:
    """Each dating sieve on the matched gold events: how many it dated, right, and the
    publication date's score on the same events (`dateline eval dating --sieves` on TimeML)."""
    total = PageScore(name=label, split=label)
    for s in scores:
        total.add(s)
    lines = [f"{label}: dating sieves on the matched gold events",
             f"  {'sieve':<16} {'events':>6} {'right':>6} {'prec.':>7}  publication date"]
    for name, (n, right, pub) in sorted(total.sieves.items(), key=lambda kv: -kv[1][0]):
        lines.append(f"  {name:<16} {n:>6} {right:>6} {_pct(right, n):>6}%  {pub} ({_pct(pub, n).strip()}%)")
    return lines


def place_table(scores: list[PageScore], label: str) -> list[str]:
    """Why places are wrong (`place_miss`) and how many system events have a place."""
    total = PageScore(name=label, split=label)
    for s in scores:
        total.add(s)
    lines = [f"{label}: wrong places, by why ({sum(total.place_misses.values())})"]
    lines += [f"  {n:4}  {why}" for why, n in total.place_misses.most_common()]
    placed, every = total.placed["placed"], total.placed["all"]
    located = total.placed["located"]
    lines.append(f"{label}: system events with a place {placed}/{every} ({_pct(placed, every).strip()}%), "
                 f"with a location {located} ({_pct(located, every).strip()}%)")
    lines += [f"  {total.placed[f'cue:{c}']:4}  inherited from the {c}" for c in INHERITED_CUES
              if total.placed[f"cue:{c}"]]
    lines.append(f"{label}: matched gold events with a place {total.placed['gold placed']}/"
                 f"{total.placed['gold matched']} (the gold gives one for {total.placed['gold gives']})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the real-news folder of ../shared/bench")
    parser.add_argument("--page", action="append", help="only this page (file stem); may repeat")
    parser.add_argument("--errors", action="store_true", help="list misses, wrong fields and coded junk per page")
    parser.add_argument("--sieves", action="store_true", help="also each dating sieve's events and precision")
    parser.add_argument("--places", action="store_true",
                        help="also why places are wrong and how many events have a place")
    args = parser.parse_args(argv)
    pages_dir = args.shared / "pages"
    if not pages_dir.is_dir():
        print(f"realnews: skipped: {pages_dir} is absent (../shared is not here)", file=sys.stderr)
        return 0
    gold = gold_pages(args.gold)
    names = sorted(gold)
    if args.page:
        unknown = [p for p in args.page if p not in gold]
        if unknown:
            print(f"realnews: unknown page(s): {', '.join(unknown)}; known: {', '.join(names)}", file=sys.stderr)
            return 2
        names = [n for n in names if n in args.page]

    from dateline.analyzer import Analyzer
    from dateline.errors import DatelineError

    analyzer = Analyzer()
    scores: list[PageScore] = []
    for name in names:
        page = gold[name]
        if page.get("skip"):
            print(f"{name}: skipped in gold ({page['skip']})")
            continue
        t0 = time.perf_counter()
        record = None
        note = ""
        try:
            record = analyzer.analyze_document(read_page(pages_dir / f"{name}.html"))
        except DatelineError as e:
            note = str(e)
        score = score_page(name, page, record, args.shared)
        score.seconds = time.perf_counter() - t0
        score.note = note
        scores.append(score)

    for split in ("dev", "heldout"):
        chosen = [s for s in scores if s.split == split]
        if not chosen:
            continue
        print(f"\n== {split} ==")
        print(HEADER)
        for s in chosen:
            print(row(s) + (f"  ({s.note})" if s.note else ""))
        print()
        print("\n".join(totals(chosen, split)))
        if args.sieves:
            print("\n".join(sieve_table(chosen, split)))
        if args.places:
            print("\n".join(place_table(chosen, split)))
    if args.errors:
        print("\n== errors ==")
        for s in scores:
            if s.errors:
                print(f"{s.name} ({s.split})")
                print("\n".join(s.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
