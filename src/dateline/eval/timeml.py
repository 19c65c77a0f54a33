"""TempEval-3 task A (timexes) and task B (events) scoring on TimeML (`.tml`) files.

Why our own scorer: the official TempEval-3 toolkit needs Java and token-aligned files;
the figures it reports are simple to state over character offsets. For each file the
raw text is the `<TEXT>` element without tags, gold TIMEX3 spans are offsets into it,
and the DCT is the CREATION_TIME timex. MEANTIME's token XML (`.xml` with `<Markables>`)
is read too: a second news corpus, annotated by other hands than TimeBank's, is the
nearest thing we have to the unseen news the goal is measured on. Its text is the tokens
joined as written, and its dated header is a gold timex. The tagger runs through the
`Analyzer` on that raw text with `published` = the DCT date. Reported, micro-averaged over all files:
strict span P/R/F1 (same offsets), relaxed span P/R/F1 (overlap), and over relaxed
matches the type and value attribute F1 as TempEval-3 defines them (an attribute counts
as correct only on a matched pair; P = correct / system, R = correct / gold).

Task B (event extraction) is scored the same way over EVENT tags: the system events are
every `record.events` of a full `Analyzer` run (the time stage alone finds none; its
timexes are the same in both runs), each at its trigger's span; strict and relaxed span
P/R/F1 and the TimeML class F1 over relaxed matches. The detector was trained on
TBAQ-cleaned with some files held out (`held_out` in its `model.json`): on that corpus the
held-out files are reported apart from the training files, which are no measure. On
MEANTIME the gold is its EVENT_MENTION markables; their classes (SPEECH_COGNITIVE,
GRAMMATICAL, OTHER, MIX) are not TimeML's, so no class F1 is given there.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.eval.tml import (
    GoldEvent,
    GoldTimex,
    TimemlDoc,
    candidates,
    files_under,
    read_documents,
    read_meantime_timexes,
    read_tml,
    tml_files,
)

__all__ = [
    "EXAMPLE", "EventCounts", "FileScore", "GoldEvent", "GoldTimex", "Miss", "Split", "TimemlDoc", "TimemlReport",
    "add_command", "evaluate", "files_under", "format_report", "format_rules", "read_documents",
    "read_meantime_timexes", "read_tml", "run_command", "score_events", "tml_files",
]

EXAMPLE = "dateline eval timeml ../shared/bench/timeml/TBAQ-cleaned --errors"



@dataclass(frozen=True)
class Miss:
    """One disagreement: a missed gold timex or event, a spurious one, a wrong type/value/class."""

    file: str
    kind: str  # "missed", "spurious", "type", "value", "span"; events: "missed", "spurious", "class", "span"
    text: str
    gold: str
    system: str
    context: str


@dataclass
class _Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed_gold: int = 0
    relaxed_system: int = 0

    def add(self, other: _Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def prf(self, correct_system: int, correct_gold: int | None = None) -> tuple[float, float, float]:
        correct_gold = correct_system if correct_gold is None else correct_gold
        p = correct_system / self.system if self.system else 0.0
        r = correct_gold / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def strict_prf(self) -> tuple[float, float, float]:
        return self.prf(self.strict)

    @property
    def relaxed_prf(self) -> tuple[float, float, float]:
        return self.prf(self.relaxed_system, self.relaxed_gold)


@dataclass
class Counts(_Tally):
    """Task A: timex spans, and over the relaxed matches the type and value attributes."""

    type_ok: int = 0
    value_ok: int = 0

    @property
    def type_f1(self) -> float:
        return self.prf(self.type_ok)[2]

    @property
    def value_f1(self) -> float:
        return self.prf(self.value_ok)[2]


@dataclass
class EventCounts(_Tally):
    """Task B: event spans, and over the relaxed matches the TimeML class."""

    class_ok: int = 0

    @property
    def class_prf(self) -> tuple[float, float, float]:
        return self.prf(self.class_ok)


@dataclass
class FileScore:
    name: str
    counts: Counts
    events: EventCounts | None = None


@dataclass
class Split:
    """Task B over a subset of the files (held out from the detector's training, or trained on)."""

    label: str
    files: int
    counts: EventCounts
    measure: bool  # False for files the detector was trained on


@dataclass
class TimemlReport:
    directory: str
    files: list[FileScore] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)
    misses: list[Miss] = field(default_factory=list)
    seconds: float = 0.0
    events: EventCounts | None = None  # task B totals; None when only the time stage ran
    event_misses: list[Miss] = field(default_factory=list)
    event_classes: bool = True  # every gold file carries TimeML classes (class F1 means something)
    splits: list[Split] = field(default_factory=list)
    # time grammar rule -> [system timexes, matched a gold timex (overlap), value right]
    rules: dict[str, list[int]] = field(default_factory=dict)



SystemTimex = tuple[int, int, str, str, str]  # start, end, text, type, value
SystemEvent = tuple[int, int, str, str]  # start, end, text (of the trigger), TimeML class


def score_documents(
    directory: str | Path, docs: Iterable[TimemlDoc], systems: Iterable[list[SystemTimex]], errors: bool = False,
    events: Iterable[list[SystemEvent]] | None = None,
) -> TimemlReport:
    """Scores any tagger's output, one list per document in `docs` order, against the gold.

    With `events` (one list per document too) task B is scored beside task A; on the
    detector's training corpus its held-out files and its training files are split apart.
    """
    report = TimemlReport(directory=str(directory))
    docs = list(docs)
    event_lists: Iterable[list[SystemEvent] | None] = [None] * len(docs) if events is None else events
    if events is not None:
        report.events = EventCounts()
        report.event_classes = all(d.event_classes for d in docs)
    for gold, system, system_events in zip(docs, systems, event_lists, strict=True):
        counts, misses = score_file(gold, system, errors)
        file_score = FileScore(gold.name, counts)
        report.files.append(file_score)
        report.total.add(counts)
        report.misses.extend(misses)
        if system_events is not None and report.events is not None:
            file_score.events, event_misses = score_events(gold, system_events, errors)
            report.events.add(file_score.events)
            report.event_misses.extend(event_misses)
    if report.events is not None:
        report.splits = _detector_splits(Path(directory), docs, report.files)
    return report


def evaluate(directory: str | Path, errors: bool = False, limit: int | None = None,
             events: bool = True) -> TimemlReport:
    """Scores every `.tml` (or MEANTIME `.xml`) file under `directory`, recursively.

    With `events` (task B) the whole default pipeline runs and both tasks are scored from
    the same records (the time stage's output does not depend on the stages around it);
    without, the time stage runs alone (task A only, faster).
    """
    import time as _clock

    from dateline.analyzer import Analyzer, make_document
    from dateline.pipeline.time.stage import TimeStage
    from dateline.settings import Settings

    started = _clock.perf_counter()
    docs = read_documents(directory, limit)
    settings = Settings()
    analyzer = Analyzer(settings) if events else Analyzer(settings, stages=[TimeStage(settings)])
    documents = (make_document(d.text, published=d.dct, doc_id=d.name) for d in docs)
    systems: list[list[SystemTimex]] = []
    system_events: list[list[SystemEvent]] = []
    rules: dict[str, list[int]] = {}
    for gold, record in zip(docs, analyzer.analyze_documents(documents), strict=True):
        systems.append([(t.start, t.end, t.text, t.type, t.value) for t in record.times])
        system_events.append(sorted((e.trigger.start, e.trigger.end, e.trigger.text, e.event_class)
                                    for e in record.events))
        for t in record.times:
            row = rules.setdefault(t.rule or "(no rule)", [0, 0, 0])
            match = next((g for g in gold.timexes if g.start < t.end and t.start < g.end), None)
            row[0] += 1
            row[1] += match is not None
            row[2] += match is not None and match.value == t.value
    report = score_documents(directory, docs, systems, errors, system_events if events else None)
    report.rules = rules
    report.seconds = _clock.perf_counter() - started
    return report


def format_rules(report: TimemlReport) -> str:
    """Each time grammar rule: timexes it gave, how many a gold timex overlaps (span precision),
    how many of those have the gold's value: a rule that helps one corpus and hurts another
    shows itself when both are run."""
    lines = [f"{'rule':<28} {'timexes':>7} {'matched':>7} {'span P':>7} {'value ok':>8} {'value P':>7}"]
    for name, (n, matched, right) in sorted(report.rules.items(), key=lambda kv: -kv[1][0]):
        lines.append(f"{name:<28} {n:>7} {matched:>7} {_pct(matched / n if n else 0):>7} {right:>8} "
                     f"{_pct(right / matched if matched else 0):>7}")
    return "\n".join(lines)


def detector_training() -> tuple[frozenset[str], str]:
    """The file names the shipped event detector was never trained on, and the digest of its training files."""
    from dateline.pipeline.events.detect import MODEL_DIR

    meta = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    return frozenset(meta.get("held_out", ())), str(meta.get("training_digest", ""))


def corpus_digest(directory: Path) -> str:
    """The digest `scripts/train_events.py` records for a training folder (names and contents)."""
    digest = hashlib.sha256()
    for path in tml_files(directory):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _detector_splits(directory: Path, docs: list[TimemlDoc], files: list[FileScore]) -> list[Split]:
    """Task B on the files held out from the detector's training and on the others, when any is held out.

    The others are called training files only when `directory` is the very corpus the model
    was trained on (same names and bytes); else they are just the files not held out.
    """
    held_out, training_digest = detector_training()
    tml = [(d, f) for d, f in zip(docs, files, strict=True) if d.name.endswith(".tml") and f.events is not None]
    if not any(d.name in held_out for d, _ in tml):
        return []
    held, rest = EventCounts(), EventCounts()
    n_held = n_rest = 0
    for d, f in tml:
        assert f.events is not None
        if d.name in held_out:
            held.add(f.events)
            n_held += 1
        else:
            rest.add(f.events)
            n_rest += 1
    training = corpus_digest(directory) == training_digest
    rest_label = ("detector's training files (trained on: training data, not a measure)" if training
                  else "files not held out (may have been trained on: not a measure)")
    splits = [Split("held out from the detector's training", n_held, held, True)]
    if n_rest:
        splits.append(Split(rest_label, n_rest, rest, False))
    return splits


def score_file(
    gold: TimemlDoc, system: Iterable[tuple[int, int, str, str, str]], errors: bool = False
) -> tuple[Counts, list[Miss]]:
    """Counts for one file; `system` holds (start, end, text, type, value) tuples."""
    sys_list = list(system)
    counts = Counts(gold=len(gold.timexes), system=len(sys_list))
    misses: list[Miss] = []
    gold_matched: set[int] = set()
    for s_start, s_end, s_text, s_type, s_value in sys_list:
        overlapping = [i for i, g in enumerate(gold.timexes) if g.start < s_end and s_start < g.end]
        if not overlapping:
            if errors:
                misses.append(Miss(gold.name, "spurious", s_text, "", f"{s_type} {s_value}",
                                   _context(gold.text, s_start, s_end)))
            continue
        counts.relaxed_system += 1
        best = min(overlapping, key=lambda i: (i in gold_matched, abs(gold.timexes[i].start - s_start)))
        g = gold.timexes[best]
        if best in gold_matched:
            continue
        gold_matched.add(best)
        counts.strict += (g.start, g.end) == (s_start, s_end)
        counts.type_ok += g.type == s_type
        counts.value_ok += g.value == s_value
        if errors:
            if g.value != s_value:
                misses.append(Miss(gold.name, "value", s_text, f"{g.type} {g.value} [{g.text}]",
                                   f"{s_type} {s_value}", _context(gold.text, s_start, s_end)))
            elif (g.start, g.end) != (s_start, s_end):
                misses.append(Miss(gold.name, "span", s_text, g.text, s_text, _context(gold.text, s_start, s_end)))
    counts.relaxed_gold = len(gold_matched)
    if errors:
        for i, g in enumerate(gold.timexes):
            if i not in gold_matched:
                misses.append(Miss(gold.name, "missed", g.text, f"{g.type} {g.value}", "",
                                   _context(gold.text, g.start, g.end)))
    return counts, misses


def score_events(
    gold: TimemlDoc, system: Iterable[SystemEvent], errors: bool = False
) -> tuple[EventCounts, list[Miss]]:
    """Task B counts for one file; `system` holds (start, end, text, class) tuples, one per event.

    Matching as for timexes: a system event overlapping a gold one is a relaxed match (each
    gold is matched once, the unmatched one nearest in start first); same offsets is strict;
    the class counts on a matched pair only, and only where the gold carries TimeML classes.
    System events with a gold of the very same offsets are paired first, so a longer one
    overlapping the same gold cannot take its strict match away.
    """
    exact = {(g.start, g.end) for g in gold.events}
    sys_list = sorted(system, key=lambda s: ((s[0], s[1]) not in exact, s))
    counts = EventCounts(gold=len(gold.events), system=len(sys_list))
    misses: list[Miss] = []
    gold_matched: set[int] = set()
    for s_start, s_end, s_text, s_cls in sys_list:
        overlapping = [i for i, g in enumerate(gold.events) if g.start < s_end and s_start < g.end]
        if not overlapping:
            if errors:
                misses.append(Miss(gold.name, "spurious", s_text, "", s_cls, _context(gold.text, s_start, s_end)))
            continue
        counts.relaxed_system += 1
        best = min(overlapping, key=lambda i: (i in gold_matched, abs(gold.events[i].start - s_start)))
        if best in gold_matched:
            continue
        gold_matched.add(best)
        g = gold.events[best]
        counts.strict += (g.start, g.end) == (s_start, s_end)
        class_ok = gold.event_classes and g.cls == s_cls
        counts.class_ok += class_ok
        if errors:
            if gold.event_classes and not class_ok:
                misses.append(Miss(gold.name, "class", s_text, f"{g.cls} [{g.text}]", s_cls,
                                   _context(gold.text, s_start, s_end)))
            elif (g.start, g.end) != (s_start, s_end):
                misses.append(Miss(gold.name, "span", s_text, g.text, s_text, _context(gold.text, s_start, s_end)))
    counts.relaxed_gold = len(gold_matched)
    if errors:
        for i, g in enumerate(gold.events):
            if i not in gold_matched:
                misses.append(Miss(gold.name, "missed", g.text, g.cls, "", _context(gold.text, g.start, g.end)))
    return counts, misses


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def _class_cell(counts: EventCounts, classes: bool) -> str:
    return _pct(counts.class_prf[2]) if classes else "  n/a"


def format_report(report: TimemlReport, per_file: bool = True, max_misses: int | None = None) -> str:
    """Plain-text tables: per file, the micro-averaged totals and (if collected) the misses."""
    lines: list[str] = []
    events = report.events
    if per_file:
        header = f"{'file':<32} {'gold':>5} {'sys':>5} {'strictF':>7} {'relaxF':>7} {'typeF':>6} {'valueF':>6}"
        if events is not None:
            header += f" | {'evGold':>6} {'evSys':>5} {'strictF':>7} {'relaxF':>7} {'classF':>6}"
        lines.append(header)
        for f in report.files:
            c = f.counts
            row = (
                f"{f.name[:32]:<32} {c.gold:>5} {c.system:>5} {_pct(c.strict_prf[2]):>7} "
                f"{_pct(c.relaxed_prf[2]):>7} {_pct(c.type_f1):>6} {_pct(c.value_f1):>6}"
            )
            if f.events is not None:
                e = f.events
                row += (f" | {e.gold:>6} {e.system:>5} {_pct(e.strict_prf[2]):>7} {_pct(e.relaxed_prf[2]):>7} "
                        f"{_class_cell(e, report.event_classes):>6}")
            lines.append(row)
        lines.append("")
    t = report.total
    sp, sr, sf = t.strict_prf
    rp, rr, rf = t.relaxed_prf
    lines += [
        f"TimeML TIMEX3 evaluation (TempEval-3 task A) on {len(report.files)} files in {report.directory}",
        f"gold {t.gold}  system {t.system}  time {report.seconds:.1f}s",
        f"{'':<10} {'P':>6} {'R':>6} {'F1':>6}",
        f"{'strict':<10} {_pct(sp):>6} {_pct(sr):>6} {_pct(sf):>6}",
        f"{'relaxed':<10} {_pct(rp):>6} {_pct(rr):>6} {_pct(rf):>6}",
        f"type F1 {_pct(t.type_f1)}   value F1 {_pct(t.value_f1)}",
    ]
    if events is not None:
        lines += ["", *_event_block(report, events)]
    if report.misses:
        shown = report.misses[:max_misses] if max_misses else report.misses
        lines += ["", "task A (TIMEX3) misses:", f"{'kind':<9} {'text':<28} {'gold':<32} {'system':<22} context"]
        lines += [
            f"{m.kind:<9} {m.text[:28]:<28} {m.gold[:32]:<32} {m.system[:22]:<22} {m.context}" for m in shown
        ]
    if report.event_misses:
        shown = report.event_misses[:max_misses] if max_misses else report.event_misses
        lines += ["", "task B (EVENT) misses:", f"{'kind':<9} {'text':<20} {'gold':<28} {'system':<12} context"]
        lines += [
            f"{m.kind:<9} {m.text[:20]:<20} {m.gold[:28]:<28} {m.system[:12]:<12} {m.context}" for m in shown
        ]
    return "\n".join(lines)


def _event_block(report: TimemlReport, events: EventCounts) -> list[str]:
    """Task B totals, and the held-out / training split when the detector's corpus is scored."""
    sp, sr, sf = events.strict_prf
    rp, rr, rf = events.relaxed_prf
    cp, cr, cf = events.class_prf
    classes = report.event_classes
    lines = [
        f"TimeML EVENT evaluation (TempEval-3 task B) on {len(report.files)} files: every event of a full run",
        f"gold {events.gold}  system {events.system}",
        f"{'':<10} {'P':>6} {'R':>6} {'F1':>6}",
        f"{'strict':<10} {_pct(sp):>6} {_pct(sr):>6} {_pct(sf):>6}",
        f"{'relaxed':<10} {_pct(rp):>6} {_pct(rr):>6} {_pct(rf):>6}",
        (f"{'class':<10} {_pct(cp):>6} {_pct(cr):>6} {_pct(cf):>6}   (TimeML class right on a relaxed match)"
         if classes else "class F1 n/a (the gold's event classes are not TimeML's)"),
    ]
    for split in report.splits:
        c = split.counts
        lines += [
            "",
            f"task B, {split.label}: {split.files} files, gold {c.gold}  system {c.system}",
            f"  strict P/R/F1 {'/'.join(_pct(x).strip() for x in c.strict_prf)}   "
            f"relaxed P/R/F1 {'/'.join(_pct(x).strip() for x in c.relaxed_prf)}   "
            f"class P/R/F1 {'/'.join(_pct(x).strip() for x in c.class_prf)}",
        ]
    return lines


# ---------------------------------------------------------------------------- CLI


def add_command(eval_sub: Any) -> None:
    """Registers `dateline eval timeml` on the `eval` sub-parsers (each evaluation adds its own)."""
    import argparse

    parser = eval_sub.add_parser(
        "timeml", help="TIMEX3 tagging and normalisation (TempEval-3 task A) and event extraction (task B).",
        description="Runs the pipeline on every .tml file under DIR (DCT from the file, text without tags) "
                    "and prints strict/relaxed span P/R/F1, type and value F1 of the timexes, strict/relaxed "
                    "P/R/F1 and class F1 of the events (held-out and training files of the event detector "
                    "apart) and a per-file table.",
        epilog=f"example:\n  {EXAMPLE}", formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("dir", metavar="DIR",
                        help="folder with .tml files, or MEANTIME .xml files (searched recursively)")
    parser.add_argument("--errors", action="store_true",
                        help="also list every miss (timexes: missed, spurious, value, span; events: missed, "
                             "spurious, class, span)")
    parser.add_argument("--no-events", action="store_true",
                        help="task A only: run the time stage alone (faster; the same task A figures)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--no-files", action="store_true", help="omit the per-file table")
    parser.add_argument("--rules", action="store_true",
                        help="also each time grammar rule's timexes, span precision and value precision")


def run_command(args: Any) -> int:
    """`dateline eval timeml`: prints the report; a missing folder or no .tml files is a usage error."""
    import sys

    from dateline.errors import UsageError

    directory = Path(args.dir)
    if not directory.is_dir() or not candidates(directory):
        raise UsageError(f"no TimeML (.tml) or MEANTIME (.xml) files under {directory}")
    report = evaluate(directory, errors=args.errors, limit=args.limit, events=not args.no_events)
    sys.stdout.write(format_report(report, per_file=not args.no_files) + "\n")
    if getattr(args, "rules", False):
        sys.stdout.write("\n" + format_rules(report) + "\n")
    return 0
