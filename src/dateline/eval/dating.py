"""Event dates against TimeML's TLINKs: does each event get the date the annotators gave it?

Why this harness: TIMEX3 scores say whether the dates in the text are read right, not
whether each event gets its own (issue 3's second half). TimeBank and AQUAINT link events
to time expressions, the document creation time included; an event that IS_INCLUDED in,
is SIMULTANEOUS with or happens DURING a dated expression (or that expression INCLUDES it)
has that date. Every gold EVENT becomes a dateline event at its span (the finder's own
choices are not scored here), the dating stage dates it, and its `when` is compared with
the gold date at the gold's precision. Two baselines frame the figure: every event on the
publication day (what GDELT does) and every event on the nearest date of its sentence.

A second run scores the pipeline end to end: no gold is forced in, and each gold-dated
EVENT is scored on the event the pipeline itself found over it (trigger overlap), if any.
Beside the same figures over those found events, the end-to-end share: of all gold-dated
events, how many are found AND dated right, against the publication date over all of them.

With `--sieves`, each run also gets a table by dating sieve (`EventWhen.sieve`): the events
it decided, how many of those it dated right, its precision, and the publication date on
the same events, so the order in `resources/time/en/sieves.yaml` is chosen by measurement
(CAEVO's sieves, most precise first) and a sieve that does worse than the DCT shows itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.corpus.coref import day_interval
from dateline.eval.tml import TimemlDoc, read_tml
from dateline.pipeline.time.resolve import period_bounds

__all__ = ["NO_SIEVE", "DatingReport", "date_held", "date_right", "evaluate", "format_report", "format_sieves",
           "gold_event_dates"]

EXAMPLE = "dateline eval dating ../shared/bench/timeml/TBAQ-cleaned"

_TAG = re.compile(r"<(?P<name>TLINK|MAKEINSTANCE)\b(?P<attrs>[^>]*)/?>")
_ATTR = re.compile(r'(?P<key>\w+)="(?P<value>[^"]*)"')
_CONCRETE = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?)?")
# relTypes that put the event inside the time, read from the event's side and from the time's
_EVENT_INSIDE = {"IS_INCLUDED", "SIMULTANEOUS", "DURING", "IDENTITY"}
_TIME_AROUND = {"INCLUDES", "SIMULTANEOUS", "IDENTITY"}
NO_SIEVE = "(no sieve)"  # a 'when' no dating sieve gave (the stage did not run on it)


@dataclass
class DatingReport:
    directory: str
    documents: int = 0
    events: int = 0
    right: int = 0
    held: int = 0
    publication_right: int = 0
    sentence_right: int = 0
    by_basis: Counter[str] = field(default_factory=Counter)
    right_by_basis: Counter[str] = field(default_factory=Counter)
    publication_by_basis: Counter[str] = field(default_factory=Counter)
    sentence_by_basis: Counter[str] = field(default_factory=Counter)
    by_sieve: Counter[str] = field(default_factory=Counter)  # events each sieve decided
    right_by_sieve: Counter[str] = field(default_factory=Counter)
    publication_by_sieve: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    seconds: float = 0.0  # the whole evaluation
    run_seconds: float = 0.0  # this run alone
    gold_dated: int = 0  # every gold EVENT with a gold date (found or not)
    publication_all: int = 0  # of those, how many the publication date gives right
    detected: DatingReport | None = None  # the run on the events the pipeline finds itself


def gold_event_dates(source: str, doc: TimemlDoc) -> dict[str, str]:
    """eid → the finest concrete date a TLINK puts the event in (DCT is the time `t0`)."""
    times = {t.tid: t.value for t in doc.timexes if t.tid}
    dct = re.search(r"<DCT>\s*<TIMEX3[^>]*>", source)
    if dct:
        attrs = dict(_ATTR.findall(dct.group(0)))
        times[attrs.get("tid", "t0")] = attrs.get("value", "")
    instance: dict[str, str] = {}
    links: list[dict[str, str]] = []
    for m in _TAG.finditer(source):
        attrs = dict(_ATTR.findall(m.group("attrs")))
        if m.group("name") == "MAKEINSTANCE":
            instance[attrs.get("eiid", "")] = attrs.get("eventID", "")
        else:
            links.append(attrs)
    dates: dict[str, str] = {}
    for link in links:
        rel = link.get("relType", "")
        if "eventInstanceID" in link and "relatedToTime" in link and rel in _EVENT_INSIDE:
            eiid, tid = link["eventInstanceID"], link["relatedToTime"]
        elif "timeID" in link and "relatedToEventInstance" in link and rel in _TIME_AROUND:
            eiid, tid = link["relatedToEventInstance"], link["timeID"]
        else:
            continue
        eid, value = instance.get(eiid), times.get(tid, "")
        concrete = _CONCRETE.match(value)
        if eid and concrete and len(concrete.group(0)) > len(dates.get(eid, "")):
            dates[eid] = concrete.group(0)
    return dates


def date_right(value: str | None, gold: str) -> bool:
    """Our value gives the gold date at the gold's precision ("2008-03-XX" asks for 2008-03).

    A value of another calendar unit counts when its whole period lies inside the gold's:
    the week 1998-W42 (12-18 October) says October 1998; 1998-W49 (30 November - 6
    December) does not.
    """
    if value is None:
        return False
    precision = len(gold.rstrip("-X"))
    if value[:precision] == gold[:precision]:
        return True
    (first, last), (gold_first, gold_last) = period_bounds(value), period_bounds(gold[:precision])
    if first is None or last is None or gold_first is None or gold_last is None:
        return False
    return gold_first <= first and last <= gold_last


def date_held(when: Any, gold: str) -> bool:
    """The gold's days lie inside the event's interval (or inside its value's period)."""
    ours, gold_days = day_interval(when.value, when.earliest, when.latest), day_interval(gold, None, None)
    return ours is not None and gold_days is not None and ours[0] <= gold_days[0] and gold_days[1] <= ours[1]


def evaluate(directory: str | Path, limit: int | None = None, misses: bool = False,
             detected: bool = True) -> DatingReport:
    """Runs the whole pipeline with the gold events forced in and scores their dates; with
    `detected`, runs it again without them and scores the events it found (`report.detected`)."""
    import time as _clock

    from dateline.analyzer import Analyzer, default_stages, make_document
    from dateline.eval.coref import GoldMention, stages_with_gold_mentions
    from dateline.eval.tml import tml_files
    from dateline.settings import Settings

    started = _clock.perf_counter()
    paths = tml_files(Path(directory))
    paths = paths[:limit] if limit else paths
    docs = [read_tml(p) for p in paths]
    golds = [gold_event_dates(p.read_text(encoding="utf-8"), d) for p, d in zip(paths, docs, strict=True)]
    forced = {
        d.name: [GoldMention(f"{d.name}#{e.eid}", d.name, e.start, e.end, e.text, e.eid)
                 for e in d.events if e.eid in gold]
        for d, gold in zip(docs, golds, strict=True)
    }
    settings = Settings()

    def run(stages: list[Any]) -> DatingReport:
        run_started = _clock.perf_counter()
        documents = (make_document(d.text, published=d.dct, source=d.name) for d in docs)
        report = DatingReport(directory=str(directory), documents=len(docs))
        records = Analyzer(settings, stages).analyze_documents(documents)
        for doc, gold, record in zip(docs, golds, records, strict=True):
            _score_document(report, doc, gold, forced[doc.name], record, misses)
        report.seconds = report.run_seconds = _clock.perf_counter() - run_started
        return report

    report = run(stages_with_gold_mentions(settings, forced))
    if detected:
        report.detected = run(default_stages(settings))
    report.seconds = _clock.perf_counter() - started
    return report


def _score_document(report: DatingReport, doc: TimemlDoc, gold: dict[str, str], mentions: list[Any],
                    record: Any, misses: bool) -> None:
    """Adds one document's gold-dated events to `report`: each is scored on the record's event
    whose trigger overlaps it; one without such an event is counted in `gold_dated` only."""
    for mention in mentions:
        date = gold[mention.cluster]
        report.gold_dated += 1
        report.publication_all += date_right(doc.dct, date)
        event = next((e for e in record.events
                      if e.trigger.start < mention.end and mention.start < e.trigger.end), None)
        if event is None:
            continue
        when = event.when
        sieve = when.sieve or NO_SIEVE
        report.events += 1
        report.by_basis[when.basis] += 1
        report.by_sieve[sieve] += 1
        if date_right(when.value, date):
            report.right += 1
            report.right_by_basis[when.basis] += 1
            report.right_by_sieve[sieve] += 1
        elif misses:
            report.misses.append((doc.name, mention.text, date, f"{when.value} [{when.earliest}..{when.latest}]",
                                  when.basis))
        report.held += date_held(when, date)
        report.publication_right += date_right(doc.dct, date)
        report.publication_by_basis[when.basis] += date_right(doc.dct, date)
        report.publication_by_sieve[sieve] += date_right(doc.dct, date)
        s, e = event.sentence.start, event.sentence.end
        nearest = min((t for t in record.times if s <= t.start < e and _CONCRETE.match(t.value)),
                      key=lambda t: abs(t.start - mention.start), default=None)
        sentence_right = date_right(nearest.value if nearest else doc.dct, date)
        report.sentence_right += sentence_right
        report.sentence_by_basis[when.basis] += sentence_right


def format_report(report: DatingReport, sieves: bool = False) -> str:
    """Both runs: gold events forced in, then (if run) the events the pipeline found itself;
    with `sieves`, each run's table by dating sieve after its figures."""
    lines = [
        f"Event dates against TLINKs: {report.documents} files in {report.directory}, {report.gold_dated} events "
        f"with a gold date, {report.seconds:.1f}s",
        "",
        f"run 1, gold events forced in: {report.events} of them scored ({report.run_seconds:.1f}s)",
        *_format_run(report),
        *(format_sieves(report) if sieves else []),
    ]
    found = report.detected
    if found is not None:
        g = found.gold_dated or 1
        lines += [
            "",
            f"run 2, detected events (nothing forced in): {found.events} of the {found.gold_dated} gold-dated events "
            f"have an event of the pipeline over them ({found.run_seconds:.1f}s)",
            *_format_run(found),
            *(format_sieves(found) if sieves else []),
            "end to end, over all gold-dated events:",
            f"{'  dateline: found and dated right':<52} {found.right:>6}  {100 * found.right / g:5.1f} %  "
            f"(found {found.events}, {100 * found.events / g:.1f} %)",
            f"{'  baseline: the publication date (GDELT)':<52} {found.publication_all:>6}  "
            f"{100 * found.publication_all / g:5.1f} %",
        ]
    if report.misses:
        lines += ["", "run 1 misses:", f"{'file':<24} {'event':<16} {'gold':<12} {'dateline':<36} basis"]
        lines += [f"{f[:24]:<24} {t[:16]:<16} {g:<12} {w[:36]:<36} {b}" for f, t, g, w, b in report.misses]
    if found is not None and found.misses:
        lines += ["", "run 2 misses:", f"{'file':<24} {'event':<16} {'gold':<12} {'dateline':<36} basis"]
        lines += [f"{f[:24]:<24} {t[:16]:<16} {g:<12} {w[:36]:<36} {b}" for f, t, g, w, b in found.misses]
    return "\n".join(lines)


def _format_run(report: DatingReport) -> list[str]:
    """The figures of one run, over the events it scored."""
    n = report.events or 1

    def pct(k: int) -> str:
        return f"{100 * k / n:5.1f} %"

    lines = [
        f"{'dateline: right date (at the gold precision)':<52} {report.right:>6}  {pct(report.right)}",
        f"{'dateline: gold date inside its interval':<52} {report.held:>6}  {pct(report.held)}",
        f"{'baseline: the publication date (GDELT)':<52} {report.publication_right:>6}  "
        f"{pct(report.publication_right)}",
        f"{'baseline: the nearest date of the sentence, else DCT':<52} {report.sentence_right:>6}  "
        f"{pct(report.sentence_right)}",
        f"by basis: {'events':>6} {'dateline':>9} {'publication':>12} {'sentence':>9}",
    ]
    lines += [f"  {basis:<12} {count:>5} {report.right_by_basis[basis]:>9} {report.publication_by_basis[basis]:>12} "
              f"{report.sentence_by_basis[basis]:>9}" for basis, count in report.by_basis.most_common()]
    return lines


def format_sieves(report: DatingReport, language: str = "en") -> list[str]:
    """One run's table by dating sieve, in the order they run (a sieve that decided nothing
    shows 0): events decided, right dates, precision, the publication date on those events."""
    from dateline.pipeline.dating import sieve_order

    order = list(sieve_order(language))
    order += sorted(s for s in report.by_sieve if s not in order)  # NO_SIEVE, or a sieve since removed

    def pct(k: int, n: int) -> str:
        return f"{100 * k / n:5.1f} %" if n else "-"

    lines = [f"{'by sieve:':<18} {'events':>6} {'right':>6} {'precision':>9} {'publication':>18}"]
    for sieve in order:
        n, right, publication = report.by_sieve[sieve], report.right_by_sieve[sieve], report.publication_by_sieve[sieve]
        lines.append(f"  {sieve:<16} {n:>6} {right:>6} {pct(right, n):>9} {publication:>9} {pct(publication, n):>8}")
    return lines


# ---------------------------------------------------------------------------- CLI


def add_command(eval_sub: Any) -> None:
    """Registers `dateline eval dating`."""
    import argparse

    parser = eval_sub.add_parser(
        "dating", help="event dates against TimeML TLINKs (event inside a dated expression or the DCT).",
        description="Forces every TimeML EVENT with a TLINK to a concrete date into the pipeline, lets the "
                    "dating stage date it, and prints how often its date is the annotators' one, beside "
                    "the publication-date and nearest-date baselines; then runs the pipeline alone and "
                    "scores the events it finds over those gold events, and the end-to-end share found "
                    "and dated right.",
        epilog=f"examples:\n  {EXAMPLE}\n  {EXAMPLE} --sieves --forced-only",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("dir", metavar="DIR", help="folder with .tml files (searched recursively)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--errors", action="store_true", help="also list every event dated wrong")
    parser.add_argument("--forced-only", action="store_true", help="only the run with the gold events forced in")
    parser.add_argument("--sieves", action="store_true",
                        help="also a table per dating sieve: events it decided, right, precision, and the "
                             "publication-date baseline on the same events (both runs)")


def run_command(args: Any) -> int:
    import sys

    from dateline.errors import UsageError

    directory = Path(args.dir)
    if not directory.is_dir() or not any(directory.rglob("*.tml")):
        raise UsageError(f"no TimeML (.tml) files under {directory}")
    report = evaluate(directory, limit=args.limit, misses=args.errors, detected=not args.forced_only)
    sys.stdout.write(format_report(report, sieves=args.sieves) + "\n")
    return 0
