"""SemEval-2015 Task 4 "TimeLine: Cross-Document Event Ordering" (Minard et al. 2015): the scorer.

Why our own: the task's scorer turns timelines into TimeML and calls the TempEval-3
toolkit (Python 2, Java for the closure); what it computes is small enough to state and
test here. It is the temporal-awareness measure of UzZaman & Allen (2011) as the task
adapted it, and this module implements exactly this:

1. A timeline file (`read_timeline`): its first line names the target entity; every other
   line is `ORDER<TAB>DATE<TAB>MENTION[<TAB>MENTION ...]`, a mention `DOCID-SENTENCE-WORD`
   (several on one line corefer). Mentions are compared lower-cased (the gold writes the
   word lower-case even where the text capitalises it: "16900-2-pre-orders"); a mention
   listed twice in one timeline keeps its first place.
2. Timeline → relations between intervals (`timeline_relations`). Positions are the
   distinct ORDER numbers, sorted; "consecutive" means next in that sorted list, gaps in
   the numbering do not matter. Within a position its mentions are SIMULTANEOUS (written
   as a chain in file order: the chain has the same closure as all pairs); a mention of a
   position is BEFORE the mentions of the next one (written once, first mention to first
   mention: same closure as all pairs). Each mention with a date is IS_INCLUDED in a
   date node `date:VALUE` — not SIMULTANEOUS, which would make same-day events at
   different positions contradict each other. The date is the DATE column with trailing
   unknown parts dropped ("2008-03-XX" → "2008-03", "2010-XX-XX" → "2010"); one with no
   year ("XXXX-XX-XX", the gold's typo "XXX-XX-XX") gives no date relation. Dates are not
   related to each other: a system earns a date relation only by naming the same value.
   Choice: the task puts undated events at order 0, and by default order 0 is read as
   the format writes it, the first position (`undated="position"`); `undated="unordered"`
   gives order-0 mentions no relation at all.
3. Closure (`TemporalGraph`): each interval is a start and an end point with start < end;
   each relation is its point constraints (Allen's relations through point algebra, as
   the toolkit's Timegraph does); a relation is in the closure when every one of its
   point constraints follows from the graph's (a path with a strict edge for `<`,
   non-strict paths both ways for `=`).
4. Reduced graph (`reduce`): the relations with every one that the others entail removed,
   tried from the last to the first in the order given, so the first-written survive.
   The reduction is not unique (any spanning chain of a SIMULTANEOUS group will do);
   that order is the choice made here, and with the writing order of step 2 a timeline
   reduces to (mentions − positions) SIMULTANEOUS + (positions − 1) BEFORE + one
   IS_INCLUDED per dated position (per date in it).
5. Precision = |system⁻ ∩ gold⁺| / |system⁻|, recall = |gold⁻ ∩ system⁺| / |gold⁻|, where ⁻
   is the reduced graph and ⁺ the closure (the task's scorer used the reduced graph on
   both sides, as UzZaman & Allen define it). An empty side scores 0. The total is
   micro-averaged over timelines, as the task did: the counts are summed over the target
   entities, then P, R and F1 are taken from the sums.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

__all__ = [
    "EXAMPLE", "Counts", "Relation", "TemporalGraph", "Timeline", "TimelineEntry", "add_command", "date_node",
    "format_report", "read_timeline", "read_timelines", "reduce", "report_runs", "run_command", "score",
    "score_timelines", "timeline_relations", "write_timeline",
]

EXAMPLE = "dateline eval timeline ../shared/bench/timeline-trial"

# Each relation as point constraints on (A start, A end, B start, B end): (point, op, point), op "<" or "=".
_A0, _A1, _B0, _B1 = 0, 1, 2, 3
_POINTS: dict[str, tuple[tuple[int, str, int], ...]] = {
    "BEFORE": ((_A1, "<", _B0),),
    "AFTER": ((_B1, "<", _A0),),
    "IBEFORE": ((_A1, "=", _B0),),
    "IAFTER": ((_B1, "=", _A0),),
    "BEGINS": ((_A0, "=", _B0), (_A1, "<", _B1)),
    "BEGUN_BY": ((_A0, "=", _B0), (_B1, "<", _A1)),
    "ENDS": ((_A1, "=", _B1), (_B0, "<", _A0)),
    "ENDED_BY": ((_A1, "=", _B1), (_A0, "<", _B0)),
    "INCLUDES": ((_A0, "<", _B0), (_B1, "<", _A1)),
    "IS_INCLUDED": ((_B0, "<", _A0), (_A1, "<", _B1)),
    "SIMULTANEOUS": ((_A0, "=", _B0), (_A1, "=", _B1)),
}
# the inverse of each relation, so a relation and its inverse count once
_INVERSE = {"AFTER": "BEFORE", "IAFTER": "IBEFORE", "BEGUN_BY": "BEGINS", "ENDED_BY": "ENDS",
            "IS_INCLUDED": "INCLUDES"}
_CANONICAL = ("BEFORE", "IBEFORE", "BEGINS", "ENDS", "INCLUDES", "SIMULTANEOUS")


@dataclass(frozen=True, order=True)
class Relation:
    """`source REL target` between two intervals (event mentions or `date:` nodes)."""

    source: str
    rel: str
    target: str

    def __post_init__(self) -> None:
        if self.rel not in _POINTS:
            raise ValueError(f"unknown temporal relation {self.rel!r}; one of {', '.join(_POINTS)}")

    def normal(self) -> Relation:
        """The same relation written one way only: AFTER as BEFORE reversed, SIMULTANEOUS sorted."""
        if self.rel in _INVERSE:
            return Relation(self.target, _INVERSE[self.rel], self.source)
        if self.rel == "SIMULTANEOUS" and self.target < self.source:
            return Relation(self.target, self.rel, self.source)
        return self


class TemporalGraph:
    """Point-algebra closure of a set of relations: what they entail, whether they agree.

    Why points: every TimeML relation is a conjunction of `<` and `=` between interval
    ends, and entailment in that algebra is path search, exact for these relations.
    """

    def __init__(self, relations: Iterable[Relation]) -> None:
        self.relations = list(dict.fromkeys(r.normal() for r in relations))
        self.nodes = sorted({n for r in self.relations for n in (r.source, r.target)})
        self._index = {n: i for i, n in enumerate(self.nodes)}
        # point 2i: start of node i, 2i + 1: its end; edges (to, strict, relation index; -1: start < end)
        self._edges: list[list[tuple[int, bool, int]]] = [[] for _ in range(2 * len(self.nodes))]
        for i in range(len(self.nodes)):
            self._edges[2 * i].append((2 * i + 1, True, -1))
        for k, r in enumerate(self.relations):
            for p, op, q in self._constraints(r):
                self._edges[p].append((q, op == "<", k))
                if op == "=":
                    self._edges[q].append((p, False, k))
        self._reach: dict[int, tuple[frozenset[int], frozenset[int]]] = {}

    def _constraints(self, r: Relation) -> list[tuple[int, str, int]]:
        a, b = self._index[r.source], self._index[r.target]
        ends = (2 * a, 2 * a + 1, 2 * b, 2 * b + 1)
        return [(ends[p], op, ends[q]) for p, op, q in _POINTS[r.rel]]

    def _search(self, start: int, skipped: frozenset[int] = frozenset()) -> tuple[frozenset[int], frozenset[int]]:
        """(points reachable, points reachable through a strict edge) from `start`, not using the
        relations numbered in `skipped`; memoised for the whole graph."""
        if not skipped and start in self._reach:
            return self._reach[start]
        seen = {(start, False)}
        queue = deque(seen)
        while queue:
            point, strict = queue.popleft()
            for to, edge_strict, k in self._edges[point]:
                if k in skipped:
                    continue
                state = (to, strict or edge_strict)
                if state not in seen:
                    seen.add(state)
                    queue.append(state)
        found = (frozenset(p for p, _ in seen), frozenset(p for p, s in seen if s))
        if not skipped:
            self._reach[start] = found
        return found

    def _holds(self, p: int, op: str, q: int, skipped: frozenset[int]) -> bool:
        reach, strict = self._search(p, skipped)
        if op == "<":
            return q in strict
        return q in reach and q not in strict and p in self._search(q, skipped)[0]

    def entails(self, relation: Relation, skipped: frozenset[int] = frozenset()) -> bool:
        """Whether `relation` is in the closure (of the graph less the relations numbered in `skipped`)."""
        relation = relation.normal()
        if relation.source not in self._index or relation.target not in self._index:
            return False
        return all(self._holds(p, op, q, skipped) for p, op, q in self._constraints(relation))

    def consistent(self) -> bool:
        """No point is before itself (the relations do not contradict each other)."""
        return all(p not in self._search(p)[1] for p in range(len(self._edges)))

    def closure(self) -> set[Relation]:
        """Every relation between two nodes that the graph entails, each written one way (`Relation.normal`)."""
        out: set[Relation] = set()
        for i, a in enumerate(self.nodes):
            for b in self.nodes[i + 1:]:
                for rel in _CANONICAL:
                    for r in {Relation(a, rel, b).normal(), Relation(b, rel, a).normal()}:
                        if self.entails(r):
                            out.add(r)
        return out

    def reduced(self) -> list[Relation]:
        """The relations less those the others entail, tried last-first (module docstring, step 4)."""
        dropped: set[int] = set()
        for k in range(len(self.relations) - 1, -1, -1):
            if self.entails(self.relations[k], frozenset(dropped | {k})):
                dropped.add(k)
        return [r for k, r in enumerate(self.relations) if k not in dropped]


def reduce(relations: Iterable[Relation]) -> list[Relation]:
    """The reduced graph of `relations` (module docstring, step 4)."""
    return TemporalGraph(relations).reduced()


# --- counts ------------------------------------------------------------------------------------


@dataclass
class Counts:
    """The four numbers of temporal awareness; they add up over timelines (micro-average)."""

    system: int = 0  # |system⁻|
    system_right: int = 0  # |system⁻ ∩ gold⁺|
    gold: int = 0  # |gold⁻|
    gold_found: int = 0  # |gold⁻ ∩ system⁺|

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.system + other.system, self.system_right + other.system_right,
                      self.gold + other.gold, self.gold_found + other.gold_found)

    @property
    def precision(self) -> float:
        return self.system_right / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(system: Iterable[Relation], gold: Iterable[Relation]) -> Counts:
    """Temporal awareness of `system` against `gold` (module docstring, step 5)."""
    system_reduced, gold_reduced = reduce(system), reduce(gold)
    system_graph, gold_graph = TemporalGraph(system_reduced), TemporalGraph(gold_reduced)
    return Counts(len(system_reduced), sum(gold_graph.entails(r) for r in system_reduced),
                  len(gold_reduced), sum(system_graph.entails(r) for r in gold_reduced))


# --- timelines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a timeline file: position, date as written, coreferring mentions."""

    order: int
    date: str
    mentions: tuple[str, ...]


@dataclass
class Timeline:
    entity: str
    entries: list[TimelineEntry] = field(default_factory=list)

    def mentions(self) -> list[str]:
        """Every mention once, in file order."""
        return list(dict.fromkeys(m for e in self.entries for m in e.mentions))


_YEAR = re.compile(r"^\d{4}")


def date_node(date: str) -> str | None:
    """The `date:` node of a DATE column, or None when it has no year (module docstring, step 2)."""
    value = date.strip()
    while value.upper().endswith("-XX"):
        value = value[:-3]
    if not _YEAR.match(value) or "X" in value.upper():
        return None
    return f"date:{value}"


def timeline_relations(timeline: Timeline, undated: str = "position") -> list[Relation]:
    """The relations a timeline states (module docstring, step 2), in writing order."""
    if undated not in ("position", "unordered"):
        raise ValueError(f"undated must be 'position' or 'unordered', not {undated!r}")
    seen: set[str] = set()
    positions: dict[int, list[tuple[str, str | None]]] = {}
    for entry in timeline.entries:
        if undated == "unordered" and entry.order == 0:
            continue
        for mention in entry.mentions:
            if mention not in seen:
                seen.add(mention)
                positions.setdefault(entry.order, []).append((mention, date_node(entry.date)))
    ordered = [positions[k] for k in sorted(positions)]
    relations = [Relation(a, "SIMULTANEOUS", b) for group in ordered for (a, _), (b, _) in itertools.pairwise(group)]
    relations += [Relation(mention, "IS_INCLUDED", date) for group in ordered for mention, date in group if date]
    relations += [Relation(before[0][0], "BEFORE", after[0][0]) for before, after in itertools.pairwise(ordered)]
    return relations


def read_timeline(path: str | Path) -> Timeline:
    """A timeline in the task's file format; a malformed line is an error naming the file and line."""
    from dateline.errors import UsageError

    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    timeline = Timeline(lines[0].strip() if lines else Path(path).stem)
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cells) < 3 or not re.fullmatch(r"-?\d+", cells[0]):
            raise UsageError(f"{path}:{number}: not ORDER<TAB>DATE<TAB>MENTION: {line!r}")
        timeline.entries.append(TimelineEntry(int(cells[0]), cells[1], tuple(c.lower() for c in cells[2:])))
    return timeline


def read_timelines(folder: str | Path) -> dict[str, Timeline]:
    """Every `*.txt` timeline under `folder`, by file stem (the task names them by entity: `steve_jobs`)."""
    return {p.stem: read_timeline(p) for p in sorted(Path(folder).rglob("*.txt"))}


def write_timeline(timeline: Timeline, out: TextIO) -> None:
    """The task's file format: the entity, then one `ORDER<TAB>DATE<TAB>MENTION...` line per entry."""
    out.write(timeline.entity + "\n")
    for e in timeline.entries:
        out.write("\t".join([str(e.order), e.date, *e.mentions]) + "\n")


def score_timelines(system: dict[str, Timeline], gold: dict[str, Timeline],
                    undated: str = "position") -> dict[str, Counts]:
    """Counts per gold timeline (a missing system timeline scores as empty) and `"total"`, their sum."""
    out: dict[str, Counts] = {}
    for key, reference in gold.items():
        hypothesis = system.get(key, Timeline(reference.entity))
        out[key] = score(timeline_relations(hypothesis, undated), timeline_relations(reference, undated))
    out["total"] = sum(out.values(), Counts())
    return out


# --- the command -----------------------------------------------------------------------------


def _row(name: str, counts: Counts, gold: int, system: int) -> dict[str, Any]:
    return {"timeline": name, "P": round(100 * counts.precision, 2), "R": round(100 * counts.recall, 2),
            "F1": round(100 * counts.f1, 2), "gold_mentions": gold, "system_mentions": system,
            "relations": [counts.system_right, counts.system, counts.gold_found, counts.gold]}


def report_runs(runs: Sequence[tuple[str, dict[str, Timeline]]], gold: dict[str, Timeline],
                undated: str = "position") -> dict[str, Any]:
    """Per run: a row per gold timeline and a total row (P, R, F1 in %, mention counts)."""
    out: dict[str, Any] = {"undated": undated, "timelines": sorted(gold), "runs": {}}
    for name, system in runs:
        counts = score_timelines(system, gold, undated)
        rows = [_row(k, counts[k], len(gold[k].mentions()), len(system[k].mentions()) if k in system else 0)
                for k in sorted(gold)]
        rows.append(_row("total", counts["total"], sum(r["gold_mentions"] for r in rows),
                         sum(r["system_mentions"] for r in rows)))
        out["runs"][name] = rows
    return out


def format_report(report: dict[str, Any]) -> str:
    lines = ["SemEval-2015 task 4 TimeLine, track A: temporal awareness (system⁻ against gold⁺, gold⁻ against "
             f"system⁺), micro-averaged over timelines; undated mentions: {report['undated']}"]
    for name, rows in report["runs"].items():
        lines.append(f"{name}")
        lines.append(f"  {'timeline':<22} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'system':>6}   relations "
                     "(sys right/sys⁻, gold found/gold⁻)")
        for r in rows:
            right, sys_n, found, gold_n = r["relations"]
            lines.append(f"  {r['timeline']:<22} {r['P']:>6.2f} {r['R']:>6.2f} {r['F1']:>6.2f} "
                         f"{r['gold_mentions']:>5} {r['system_mentions']:>6}   {right}/{sys_n}, {found}/{gold_n}")
    for note in report.get("notes", []):
        lines.append(note)
    return "\n".join(lines)


def add_command(eval_sub: Any) -> None:
    """Registers `dateline eval timeline`."""
    import argparse

    parser = eval_sub.add_parser(
        "timeline", help="SemEval-2015 task 4 TimeLine, track A: entity timelines from raw text (temporal awareness).",
        description="Runs dateline over the task's documents, builds a timeline per target entity (every event "
                    "the entity takes part in, ordered by its date) and scores it against the gold timelines "
                    "with the task's measure (UzZaman & Allen's temporal awareness over reduced graph and "
                    "closure, micro-averaged), beside a baseline: the events of every sentence that names the "
                    "entity, each at its document's creation date. A dev figure on the trial data.",
        epilog=f"examples:\n  {EXAMPLE}\n  {EXAMPLE} --system my_timelines/ --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("dir", metavar="DIR", help="the task's folder: the corpus (.xml) and the gold timelines (.txt)")
    parser.add_argument("--system", metavar="FOLDER", help="score these timeline files instead of running dateline")
    parser.add_argument("--write", metavar="FOLDER", help="also write dateline's timelines there (task format)")
    parser.add_argument("--undated", choices=["position", "unordered"], default="position",
                        help="order 0 (undated) is the first position (default, as the file reads) or unrelated")
    parser.add_argument("--format", choices=["table", "json"], default="table")


def _find(directory: Path) -> tuple[Path | None, Path | None]:
    """(corpus folder, gold folder) under the task's folder."""
    from dateline.eval.tml import is_meantime

    corpus = next((p.parent for p in sorted(directory.rglob("*.xml")) if is_meantime(p)), None)
    gold = next((p.parent for p in sorted(directory.rglob("*.txt")) if _looks_like_timeline(p)), None)
    return corpus, gold


def _looks_like_timeline(path: Path) -> bool:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:3]
    return len(lines) > 1 and re.match(r"^-?\d+\t", lines[1]) is not None


def run_command(args: Any) -> int:
    import json
    import sys

    from dateline.errors import UsageError

    directory = Path(args.dir)
    if not directory.is_dir():
        sys.stderr.write(f"dateline eval timeline: skipped: no SemEval-2015 task 4 data at {directory} "
                         "(../shared/bench is absent?)\n")
        return 0
    corpus, gold_dir = _find(directory)
    if gold_dir is None:
        raise UsageError(f"no gold timelines (ORDER<TAB>DATE<TAB>MENTION .txt files) under {directory}")
    gold = read_timelines(gold_dir)
    if args.system:
        if not Path(args.system).is_dir():
            raise UsageError(f"--system {args.system}: no such folder of timeline files")
        runs = [("system", read_timelines(args.system))]
        notes: list[str] = []
    else:
        if corpus is None:
            raise UsageError(f"no task documents (token .xml) under {directory}")
        from dateline.eval.timeline_system import system_runs

        runs, notes = system_runs(corpus, {k: t.entity for k, t in gold.items()}, gold)
        if args.write:
            folder = Path(args.write)
            folder.mkdir(parents=True, exist_ok=True)
            for key, timeline in runs[0][1].items():
                with (folder / f"{key}.txt").open("w", encoding="utf-8") as handle:
                    write_timeline(timeline, handle)
    report = report_runs(runs, gold, args.undated)
    report["notes"] = notes
    sys.stdout.write((json.dumps(report, indent=2) if args.format == "json" else format_report(report)) + "\n")
    return 0

