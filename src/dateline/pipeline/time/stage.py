"""Temporal expressions: TIMEX3 spans with normalized values (writes record.times).

Why this shape: the grammar (`grammar`, rules as data) proposes candidates, this
module decides which survive (longest match, spaCy checks against "May" the verb or
"Sunday Times" the paper) and walks them in text order, so each relative expression is
resolved (`resolve`) against the document creation time or, for narrative ones
("that same day", "two days later"), against the last date the story mentioned.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Token

from dateline.model import Record, Timex
from dateline.pipeline.nlp import sentence_of
from dateline.pipeline.time.grammar import Candidate, Grammar, load_grammar
from dateline.pipeline.time.resolve import Context, granularity, resolve, shift_value
from dateline.pipeline.time.tense import event_anchor_value, tense_at
from dateline.settings import Settings

__all__ = ["TimeStage", "TimeTagger", "parse_dct"]

# Entity labels whose names may contain a weekday or month without being a date.
_NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "LAW", "EVENT", "NORP", "GPE", "LOC"}
_QUARTER_REACH = 3000  # characters after a named quarter within which it frames "a year ago"
# "since 2016", "until May": a boundary of a period, not the time the story has moved to.
_BOUNDARY = re.compile(r"\b(?:since|until|till|through|before|after|from|by)\s+$", re.IGNORECASE)
# Without a parse: "until 9 a.m. Tuesday" is one sentence, the abbreviation ends none.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<![ap]\.m\.)\s+(?=[A-Z\"'(])|\n\s*\n|\n")


@dataclass
class _Chosen:
    cand: Candidate
    sentence: tuple[int, int]
    value: str = ""
    anchor: str | None = None


def parse_dct(published: str | None) -> date | None:
    """The document creation date from `Document.published` (ISO date, maybe with a time)."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


class TimeTagger:
    """Finds and normalizes the temporal expressions of one text (usable without spaCy)."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        # "March 6, 12 people": the words after a number that make it no day (lexicon.tsv)
        self._not_a_day = re.compile(r"\s*" + grammar.words("not_a_day_next") + r"(?!\w)", re.IGNORECASE)

    def tag(
        self,
        text: str,
        published: str | None,
        doc: Doc | None = None,
        ignored: list[tuple[int, int]] | None = None,
        first_id: int = 1,
    ) -> list[Timex]:
        dct = parse_dct(published)
        candidates = [c for c in self.grammar.candidates(text) if self._keep(c, doc, ignored or [])]
        candidates += list(_coordinated_days(text, candidates, self._not_a_day))
        chosen = [_Chosen(c, _sentence_of(text, doc, c.start)) for c in _select(candidates)]
        ids = [f"t{first_id + i}" for i in range(len(chosen))]
        self._resolve_all(text, doc, dct, chosen, ids)
        _unresolved_counts_as_durations(candidates, chosen, dct)
        chosen, ids = _clock_joined_to_day(text, chosen, ids)
        return [
            Timex(
                id=ident, start=ch.cand.start, end=ch.cand.end, text=ch.cand.text,
                type=ch.cand.rule.type,  # type: ignore[arg-type]  # validated against TYPES at load
                value=ch.value, mod=ch.cand.mod, anchor=ch.anchor, rule=ch.cand.rule.name,
            )
            for ident, ch in zip(ids, chosen, strict=True)
        ]

    # -------------------------------------------------------------- filtering

    def _keep(self, cand: Candidate, doc: Doc | None, ignored: list[tuple[int, int]]) -> bool:
        if any(s < cand.end and cand.start < e for s, e in ignored):
            return False
        return doc is None or _doc_allows(cand, doc)

    # -------------------------------------------------------------- resolution

    def _resolve_all(
        self, text: str, doc: Doc | None, dct: date | None, chosen: list[_Chosen], ids: list[str]
    ) -> None:
        """Resolves in text order, keeping the last concrete date as the narrative reference.

        Clock times and event-anchored expressions wait for a second pass: they need the
        day named elsewhere in the sentence or the date of the event they point to.
        """
        ref: tuple[str, str] | None = None
        quarter: tuple[str, str, int] | None = None
        written: tuple[int, tuple[int, int], str] | None = None  # the last year written out, its sentence
        story_year = _story_year(text)  # once per text: the year the text is set in, if any
        deferred: list[int] = []
        for i, ch in enumerate(chosen):
            if ch.cand.value.startswith(("time:", "daypart:", "event:")):
                deferred.append(i)
                continue
            tense = tense_at(text, doc, ch.cand.start, ch.cand.end, ch.sentence)
            if quarter is not None and ch.cand.start - quarter[2] > _QUARTER_REACH:
                quarter = None  # a quarter named paragraphs ago no longer frames "a year ago"
            ctx = Context(dct=dct, ref=ref[0] if ref else None, ref_id=ref[1] if ref else None, tense=tense,
                          quarter=quarter[0] if quarter else None, quarter_id=quarter[1] if quarter else None,
                          narrative_year=_narrative_year(text, dct, written, ch, story_year))
            resolved = resolve(ch.cand.value, ctx)
            ch.value, ch.anchor = resolved.value, resolved.anchor
            if _is_reference(ch) and not _BOUNDARY.search(text[max(0, ch.cand.start - 12) : ch.cand.start]):
                ref = (ch.value, ids[i])
            if _WRITTEN_YEAR.search(ch.cand.text) and ch.value[:4].isdigit() and ch.value[:4] in ch.cand.text:
                written = (int(ch.value[:4]), ch.sentence, ids[i])
            if (granularity(ch.value) == "Q" and not ch.cand.value.startswith(("qref:", "qyear:", "shift:"))
                    and not _unfinished(ch.value, dct)):
                # only a quarter the text names: "a year ago" (a quarter back), "the year-ago
                # quarter" or "the 1988 period" must not chain; nor one not over by the DCT
                # ("losses through the third quarter of 1990"): results compare reported ones
                quarter = (ch.value, ids[i], ch.cand.end)
        _deictic_in_apposition(text, chosen, ids)
        for i in deferred:
            ch = chosen[i]
            day = _sentence_day(chosen, i)
            if day is None and ch.cand.value.startswith(("daypart:", "time:")):
                # "in the morning", "at around 11 a.m.": of the day the story is at ("Sunday"
                # named before), not the publication day
                day = _story_day(chosen, i)
            ctx = Context(dct=dct, sentence_day=day)
            if ch.cand.value.startswith("event:"):
                found = event_anchor_value(doc, ch.cand.end, [(c.cand.start, c.cand.end, c.value, ids[j])
                                                              for j, c in enumerate(chosen) if j != i])
                if found:
                    ctx = replace(ctx, event_value=found[0], event_ref_id=found[1])
            resolved = resolve(ch.cand.value, ctx)
            ch.value, ch.anchor = resolved.value, resolved.anchor


# "XXXX", "XXXX-XX-XX", "1987-XX-XX", "1987-WXX": nothing below the year known ("XXXX-12-02" is)
_SAYS_NO_DAY = re.compile(r"X{4}$|(?:\d{4}|X{4})-(?:XX|WXX)\b")


def _unfinished(quarter: str, dct: date | None) -> bool:
    """Whether a quarter had not ended by the DCT (a forecast's, or the one under way)."""
    after = shift_value(quarter, 1, "Q", "D")  # the first day of the next quarter
    return dct is not None and after is not None and after > f"{dct:%Y-%m-%d}"


def _unresolved_counts_as_durations(candidates: list[Candidate], chosen: list[_Chosen], dct: date | None) -> None:
    """ "Two days before the phone launches", with the launch undated: the duration "two days".

    An event-anchored count is a date only when the event's date is known; otherwise
    `XXXX-XX-XX` says nothing, while the count is what the text does say, and TimeML
    annotates it so (the duration, with "before" as its signal). The same holds for "three
    days later" when the story's last date is only a year ("1987-XX-XX" says nothing).
    """
    for ch in chosen:
        counted = ch.cand.value.startswith(("event:", "rel:REF")) and "n" in ch.cand.groups
        if not counted or not _SAYS_NO_DAY.match(ch.value):
            continue
        inner = next((c for c in candidates if c.rule.type == "DURATION" and c.start == ch.cand.start
                      and c.end < ch.cand.end), None)
        if inner is not None:
            ch.cand, ch.anchor = inner, None
            ch.value = resolve(inner.value, Context(dct=dct)).value


# "10 a.m. Friday", "5 p.m. EST, Nov. 6": nothing but a comma between the clock and the day
_CLOCK_DAY_GAP = re.compile(r"\s*,?\s*")


def _clock_joined_to_day(
    text: str, chosen: list[_Chosen], ids: list[str]
) -> tuple[list[_Chosen], list[str]]:
    """A clock time written right before its day is one TIMEX3 of type TIME.

    Why: TimeML annotates "noon Saturday" and "9 a.m. Tuesday" as one expression with the
    day's date and the clock's time; two tags would give the clock the sentence's day,
    which is not always that one. The joined expression keeps the day's id, and anchors
    that pointed at the clock's id follow it.
    """
    out_chosen: list[_Chosen] = []
    out_ids: list[str] = []
    renamed: dict[str, str] = {}
    i = 0
    while i < len(chosen):
        clock, day = chosen[i], chosen[i + 1] if i + 1 < len(chosen) else None
        if (
            day is not None
            and clock.cand.value.startswith("time:")
            and day.cand.rule.type == "DATE"
            and granularity(day.value) == "D"
            and _CLOCK_DAY_GAP.fullmatch(text, clock.cand.end, day.cand.start)
        ):
            start, end = clock.cand.start, day.cand.end
            joined = replace(clock.cand, end=end, text=text[start:end], mod=clock.cand.mod or day.cand.mod,
                             groups={**day.cand.groups, **clock.cand.groups})
            clock_part = clock.value[clock.value.index("T"):] if "T" in clock.value else ""
            out_chosen.append(_Chosen(joined, clock.sentence, day.value[:10] + clock_part, day.anchor))
            out_ids.append(ids[i + 1])
            renamed[ids[i]] = ids[i + 1]
            i += 2
            continue
        out_chosen.append(clock)
        out_ids.append(ids[i])
        i += 1
    for ch in out_chosen:
        if ch.anchor in renamed:
            ch.anchor = renamed[ch.anchor]
    return out_chosen, out_ids


# "April 24 and 25", "May 3, 4 and 5": the days listed after a month and day share the month.
_NEXT_DAY = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?P<day>[1-9]|[12]\d|3[01])(?![\d:.,%]\d|\d|:)")


def _coordinated_days(text: str, candidates: list[Candidate], not_a_day: re.Pattern[str]) -> Iterator[Candidate]:
    """The bare day numbers listed after a month and day, each a date of that month.

    Why here and not a rule: the month comes from the expression before, which a rule
    cannot see; each day stays its own TIMEX3, as the annotation guidelines keep them.
    """
    for c in candidates:
        if c.rule.name != "month_day_year" or "year" in c.groups or "day" not in c.groups:
            continue
        month, pos, days = c.value.split("-")[1], c.end, []
        while (m := _NEXT_DAY.match(text, pos)) and not not_a_day.match(text, m.end()):
            days.append(m)
            pos = m.end()
        # A list ends with "and"/"or": "On March 6, 12 died" lists no days.
        if days and re.search(r"\b(?:and|or)\b|&", days[-1].group(0)):
            for m in days:
                day = m.group("day")
                yield replace(c, start=m.start("day"), end=m.end("day"), text=day, mod=None,
                              value=f"UNDEF-{month}-{int(day):02d}", groups={"month": c.groups["month"], "day": day})


_APPOSITION = re.compile(r"\s*[–—,-]{1,2}\s*")


def _deictic_in_apposition(text: str, chosen: list[_Chosen], ids: list[str]) -> None:
    """ "it had to be tonight – Dec. 30": a deictic day set beside a date names that date (the
    writer's "tonight" in a message quoted weeks later), its part of day kept."""
    for i, ch in enumerate(chosen[:-1]):
        nxt = chosen[i + 1]
        if not ch.cand.value.startswith("rel:DCT:") or not ch.value or granularity(nxt.value or "") != "D":
            continue
        if not re.match(r"^(?:UNDEF-|\d{4}-)\d\d-\d\d", nxt.cand.value):
            continue  # a month and day written out, not a weekday ("today, Monday" is the DCT's)
        if not _APPOSITION.fullmatch(text[ch.cand.end : nxt.cand.start]):
            continue
        suffix = ch.value[10:] if re.match(r"^\d{4}-\d\d-\d\d", ch.value) else ""
        ch.value, ch.anchor = nxt.value[:10] + suffix, ids[i + 1]


_WRITTEN_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d\b")


def _narrative_year(text: str, dct: date | None, written: tuple[int, tuple[int, int], str] | None,
                    ch: _Chosen, story_year: int | None) -> int | None:
    """The year a month or day without one belongs to when the story has just left the DCT's
    year: the last year written out, if it is not the DCT's and stands in this sentence or
    the one before it in the same paragraph (no line break between). Farther back the DCT
    is the reference again, as in news it mostly is. Only the year the text is set in
    (`_story_year`)."""
    if written is None or dct is None or written[0] == dct.year or written[0] != story_year:
        return None
    (w_start, w_end), (s_start, _) = written[1], ch.sentence
    if w_start == s_start:
        return written[0]
    if w_end <= s_start and "\n" not in text[w_start:s_start] and not text[w_end:s_start].strip():
        return written[0]
    return None


def _story_year(text: str) -> int | None:
    """The year the text is a story set in, not news of the DCT's time: the year written out
    at least three times and more often than every other year together (HeidelTime tells
    narratives from news by document type; here the text's own years say)."""
    years = Counter(_WRITTEN_YEAR.findall(text))
    if not years:
        return None
    year, mine = years.most_common(1)[0]
    return int(year) if mine >= 3 and mine > sum(years.values()) - mine else None


def _is_reference(ch: _Chosen) -> bool:
    """Only concrete calendar dates can anchor "that same day" or "two days later"."""
    concrete = granularity(ch.value) is not None or re.fullmatch(r"XXXX-\d\d-\d\d", ch.value[:10]) is not None
    return ch.cand.rule.type in ("DATE", "TIME") and concrete


def _sentence_day(chosen: list[_Chosen], i: int) -> str | None:
    """The day a clock time falls on: the nearest day-precise date of its sentence."""
    here = chosen[i]
    days = [
        (abs(c.cand.start - here.cand.start), c.value[:10])
        for j, c in enumerate(chosen)
        if j != i and c.sentence == here.sentence and c.value and granularity(c.value) == "D"
    ]
    return min(days)[1] if days else None


def _story_day(chosen: list[_Chosen], i: int) -> str | None:
    """The last day-precise date before expression `i`: where the narrative stands."""
    days = [c.value[:10] for c in chosen[:i] if c.value and granularity(c.value) == "D"]
    return days[-1] if days else None


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest match wins; at equal length the rule listed first. Returned in text order."""
    taken: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (-c.length, c.rule.index, c.start)):
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


def _sentence_of(text: str, doc: Doc | None, offset: int) -> tuple[int, int]:
    if doc is not None and len(doc):
        token = _token_at(doc, offset)
        if token is not None:
            sent = sentence_of(token)
            return sent.start_char, sent.end_char
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, offset):
        start = m.end()
    nxt = _SENTENCE_END.search(text, offset)
    return start, nxt.start() if nxt else len(text)


def _token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _doc_allows(cand: Candidate, doc: Doc) -> bool:
    """spaCy's view vetoes names and verbs that only look like dates."""
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or not len(span):
        return True
    if cand.rule.capitalized and len(span) == 1:
        for ent in doc.ents:
            inside = ent.start_char < cand.end and cand.start < ent.end_char
            wider = ent.start_char < cand.start or ent.end_char > cand.end
            if inside and wider and ent.label_ in _NAME_LABELS and not _ent_is_temporal_tail(ent, cand):
                return False
        if span[0].pos_ in ("VERB", "AUX"):
            return False
    if cand.rule.name == "year" and len(span) == 1:
        token = span[0]
        # "1900 soldiers" counts; "the 1987 crash", "its 1990 invasion" date the noun.
        before = token.i - 1
        while before >= 0 and token.doc[before].tag_ in ("JJ", "JJR", "JJS", "RB", "HYPH", "VBN"):
            before -= 1  # "his unsuccessful 1996 campaign", "its long-awaited 2023 report"
        determined = before >= 0 and token.doc[before].tag_ in ("DT", "PRP$", "POS", "WP$")
        # "1990 BellSouth earnings": a name between them makes the year the earnings' date
        named = any(t.pos_ == "PROPN" for t in token.doc[token.i + 1 : token.head.i])
        counted = token.head.pos_ == "NOUN" and token.head.is_alpha and token.head.i > token.i
        if token.dep_ == "nummod" and counted and not determined and not named:
            return False
    # "a quarterly dividend": an adjective, not a set
    return not (cand.rule.adverb_only and len(span) == 1 and span[0].pos_ != "ADV")


def _ent_is_temporal_tail(ent: object, cand: Candidate) -> bool:
    """spaCy sometimes glues "Damascus on Sunday" into one entity: ignore such tails."""
    text = getattr(ent, "text", "")
    before = text[: max(0, cand.start - getattr(ent, "start_char", 0))]
    return bool(re.search(r"\b(?:on|in|since|until|by|last|next|this)\s*$", before, re.IGNORECASE))


class TimeStage:
    """Pipeline stage: tags `record.document.text` and appends the Timexes to `record.times`."""

    name = "time"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.tagger = TimeTagger(load_grammar(settings.language))

    def __call__(self, doc: Doc, record: Record) -> None:
        document = record.document
        ignored = [(s.start, s.end) for s in document.ignored]
        times = self.tagger.tag(
            document.text, document.published, doc=doc, ignored=ignored, first_id=len(record.times) + 1
        )
        record.times.extend(times)
