"""Mutated real articles through the reader, the analyzer and the store: prints crashes (must be 0).

Why: every input within the documented limits (20 MB, any date the reader accepts) must give
a record or one of dateline's coded errors (`dateline.errors`), never a traceback. This
takes real article texts and pages, breaks them in the ways real input is broken, and runs
each through what `dateline analyze` runs (`parse_published`, `read.to_document`,
`Analyzer.analyze_document`); every `--store-every`-th input also goes through the ingest
into a temporary SQLite store, as `dateline ingest` stores it (an ingest failure coded E099
is a crash: the ingest's own code for a bug).

Mutations: truncation (also inside a UTF-8 sequence), byte flips, huge or odd numbers and
date phrases inserted ("100000000000000000000 years ago", "in the year 99999", "1e30 weeks
ago"), NUL and other control characters, repeated paragraphs, parts in another encoding,
byte order marks that lie, odd line endings, a very long word, the text wrapped in HTML or the
page broken, odd `<meta>` dates; each with a random `--published` (none, the calendar's ends,
any date, or a random string). A record whose spans do not match `document.text` counts as
a bad span.

Printed: mutations run, records, coded errors by code, crashes by kind with the last lines
of the first tracebacks, bad spans, and the store's part.

    python benchmarks/fuzz.py [--seconds 240] [--count 320] [--seed 22] [--store-every 8]

Texts: the bundled example (`src/dateline/examples/*.txt`), `../shared/examples/*.txt` and
`../shared/bench/real-news/` (pages and expected texts) when present.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dateline.errors import DatelineError
from dateline.model import Record, Span

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MAX_BASE_CHARS = 12_000  # a base text is cut here: the mutations, not the length, are under test
MAX_REPEAT_CHARS = 40_000  # repeated paragraphs up to this many characters (the stages' time grows faster)

NUMBERS = ["0", "-5", "1", "99999", "100000000000000000000", "10^20", "1e30", "1.5e308", "-1e400", "inf", "NaN",
           "0000", "10000", "9999999999999999999999999999", "4294967296", "two billion", "a trillion",
           "nine hundred quintillion", "00", "007", "1,000,000,000,000", "3.14159", "½", "٣", "２０２４"]
PHRASES = ["{n} years ago", "{n} days later", "in the year {n}", "{n} weeks ago", "{n} months earlier",
           "{n} decades from now", "in {n}", "on {n} March", "on March {n}, {n}", "{n}/{n}/{n}", "in Q{n} {n}",
           "the {n}th century", "{n} BC", "week {n} of {n}", "at {n} o'clock", "{n} hours later",
           "in the {n}s", "{n} years before that", "the next {n} days", "{n} Mondays ago", "on {n}-{n}-{n}",
           "last {n}", "the summer of {n}", "{n} quarters ago", "in fiscal {n}", "{n} years after the war"]
CONTROL = [chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), 127, 0x85, 0x2028, 0x2029, 0x200B, 0x202E,
                            0xFEFF, 0xFFFE, 0xFFFF, 0xFFFD, 0x0301)]
ENCODINGS = ["cp1252", "latin-1", "cp1251", "koi8-r", "shift_jis", "gb18030", "utf-16-le", "utf-16", "utf-32",
             "cp437", "mac_roman", "iso-8859-2"]
ODD_PUBLISHED = ["0001-01-01", "9999-12-31", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "00010101",
                 "99991231", "0000-01-01", "2024-02-30", "2023-02-29", "2024-13-01", "10000-01-01", "-2024-01-01",
                 "2024-1-1", "", " ", "yesterday", "2024-12-03T25:00", "２０２４-１２-０３", "2024-12-03\x00",
                 "1970-01-01", "2038-01-19T03:14:08Z", "1900-02-28", "2000-02-29"]
META_DATES = ["0001-01-01", "9999-12-31", "99999-01-01", "0000-00-00", "2024-02-30", "tomorrow", "1e30",
              "2024-12-03T10:00:00+25:00", "20241203"]


@dataclass
class Case:
    kind: str
    base: str
    data: bytes
    is_html: bool
    published: str | None


@dataclass
class Tally:
    run: int = 0
    records: int = 0
    coded: Counter[str] = field(default_factory=Counter)
    crashes: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[tuple[str, str]] = field(default_factory=Counter)
    tracebacks: list[str] = field(default_factory=list)
    published_refused: Counter[str] = field(default_factory=Counter)
    bad_spans: int = 0
    bad_span_examples: list[str] = field(default_factory=list)
    store_sent: int = 0
    store_added: int = 0
    store_duplicates: int = 0
    store_failed: Counter[str] = field(default_factory=Counter)
    store_crashes: list[str] = field(default_factory=list)  # the first E099 failures, and an ingest that stopped
    store_stopped: int = 0

    def total_crashes(self) -> int:
        return sum(self.crashes.values()) + self.store_failed.get("E099", 0) + self.store_stopped


# --------------------------------------------------------------------------- base texts


def base_texts() -> list[tuple[str, bytes, bool]]:
    """(name, bytes, is_html) of every real article found, in a stable order."""
    found: list[Path] = sorted((ROOT / "src" / "dateline" / "examples").glob("*.txt"))
    found += sorted((SHARED / "examples").glob("*.txt"))
    news = SHARED / "bench" / "real-news"
    found += sorted((news / "expected-text").glob("*.txt")) + sorted((news / "pages").glob("*.html"))
    bases = []
    for path in found:
        data = path.read_bytes()
        is_html = path.suffix == ".html"
        if not is_html:
            data = data.decode("utf-8", errors="replace")[:MAX_BASE_CHARS].encode("utf-8")
        bases.append((path.name, data, is_html))
    return bases


# --------------------------------------------------------------------------- mutations


def _phrase(rng: random.Random) -> str:
    template = rng.choice(PHRASES)
    while "{n}" in template:
        template = template.replace("{n}", rng.choice(NUMBERS), 1)
    return template


def _insert(rng: random.Random, text: str, piece: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + piece + text[at:]


def m_truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def m_flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 3, 10, 50])):
        if out:
            out[rng.randrange(len(out))] ^= rng.randrange(1, 256)
    return bytes(out)


def m_numbers(rng: random.Random, text: str) -> str:
    for _ in range(rng.randrange(1, 8)):
        text = _insert(rng, text, f" It ended {_phrase(rng)}, officials said. ")
    return text


def m_nul(rng: random.Random, text: str) -> str:
    for _ in range(rng.choice([1, 2, 5])):
        text = _insert(rng, text, "\x00")
    return text


def m_control(rng: random.Random, text: str) -> str:
    for _ in range(rng.randrange(1, 20)):
        text = _insert(rng, text, rng.choice(CONTROL))
    return text


def m_repeat(rng: random.Random, text: str) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()] or [text]
    out = list(paragraphs)
    while sum(map(len, out)) < MAX_REPEAT_CHARS:
        out.insert(rng.randrange(len(out) + 1), rng.choice(paragraphs))
    return "\n\n".join(out)[:MAX_REPEAT_CHARS]


def m_mixed(rng: random.Random, text: str) -> bytes:
    cut = sorted(rng.randrange(len(text) + 1) for _ in range(2))
    middle = text[cut[0] : cut[1]].encode(rng.choice(ENCODINGS), errors="replace")
    return text[: cut[0]].encode() + middle + text[cut[1] :].encode()


def m_bom(rng: random.Random, text: str) -> bytes:
    boms = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
    return rng.choice(boms) + text.encode(rng.choice(["utf-8", "utf-16-le", "cp1252"]), errors="replace")


def m_lines(rng: random.Random, text: str) -> str:
    return text.replace("\n", rng.choice(["\r\n", "\r", "\n\n\n\n", "\u2028", " ", "\x0c"]))


def m_long_word(rng: random.Random, text: str) -> str:
    return _insert(rng, text, " " + "".join(rng.choice("abcdefghij0123456789-") for _ in range(30_000)) + " ")


def m_odd_unicode(rng: random.Random, text: str) -> str:
    pieces = ["\u202eReversed\u202c", "e\u0301\u0301\u0301", "\U0001f525" * 30, "\ufdd0", "\U0010ffff", "\u00ad",
              "ﬁnance", "Ｔｕｅｓｄａｙ", "١٢/٠٣/٢٠٢٤", "\u3000\u3000", "İstanbul", "ǅ"]
    for _ in range(rng.randrange(1, 10)):
        text = _insert(rng, text, rng.choice(pieces))
    return text


def m_wrap_html(rng: random.Random, text: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    meta = f'<meta property="article:published_time" content="{rng.choice(META_DATES)}">'
    return f"<!doctype html><html><head>{meta}<title>T</title></head><body><article>{paragraphs}</article>" \
           f"</body></html>".encode()


def m_break_html(rng: random.Random, data: bytes) -> bytes:
    junk = [b"<", b"</div>", b"<p", b"<!--", b"<script>", b"]]>", b"<![CDATA[", b"&#0;", b"&#xD800;", b"&#99999999;",
            b"<meta charset='utf-16'>", b"<meta charset=x-bogus>", b"\x00", b"<table><tr><td>"]
    out = data
    for _ in range(rng.randrange(1, 12)):
        at = rng.randrange(len(out) + 1)
        out = out[:at] + rng.choice(junk) + out[at:]
    return out


TEXT_MUTATIONS: dict[str, Callable[[random.Random, str], str]] = {
    "numbers": m_numbers, "nul": m_nul, "control": m_control, "repeat": m_repeat, "lines": m_lines,
    "long-word": m_long_word, "unicode": m_odd_unicode,
}
TEXT_TO_BYTES: dict[str, Callable[[random.Random, str], bytes]] = {
    "mixed-encoding": m_mixed, "bom": m_bom, "wrap-html": m_wrap_html,
}
BYTE_MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "truncate": m_truncate, "flip": m_flip, "break-html": m_break_html,
}


def random_published(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.2:
        return None
    if roll < 0.35:
        return rng.choice(["0001-01-01", "9999-12-31"])
    if roll < 0.5:
        return rng.choice(ODD_PUBLISHED)
    if roll < 0.9:
        return (date.min + timedelta(days=rng.randrange((date.max - date.min).days + 1))).isoformat()
    return "".join(rng.choice("0123456789-:TZ+ ") for _ in range(rng.randrange(1, 26)))


def make_case(rng: random.Random, bases: list[tuple[str, bytes, bool]]) -> Case:
    name, data, is_html = rng.choice(bases)
    names = [*TEXT_MUTATIONS, *TEXT_TO_BYTES, *BYTE_MUTATIONS]
    kinds = rng.sample(names, rng.choice([1, 1, 1, 2]))
    wrapped = is_html
    for kind in kinds:
        if kind in BYTE_MUTATIONS:
            data = BYTE_MUTATIONS[kind](rng, data)
            continue
        text = data.decode("utf-8", errors="replace")
        if kind in TEXT_MUTATIONS:
            data = TEXT_MUTATIONS[kind](rng, text).encode("utf-8", errors="surrogatepass")
        else:
            data = TEXT_TO_BYTES[kind](rng, text)
            wrapped = wrapped or kind == "wrap-html"
    return Case("+".join(kinds), name, data, wrapped, random_published(rng))


# --------------------------------------------------------------------------- running


def _last_lines(error: BaseException) -> str:
    lines = traceback.format_exception(error)
    frames = [line.strip().splitlines()[0] for line in lines if line.strip().startswith("File ")]
    return f"{frames[-1] if frames else ''} -> {error.__class__.__name__}: {str(error)[:160]}"


def _spans(record: Record) -> list[Span]:
    spans: list[Span] = list(record.times) + list(record.quantities)
    spans += [e.trigger for e in record.events]
    spans += [m for entity in record.entities for m in entity.mentions]
    spans += [m for place in record.places for m in place.mentions]
    return spans


def check_spans(record: Record, tally: Tally, kind: str) -> None:
    text = record.document.text
    for span in _spans(record):
        if text[span.start : span.end] != span.text:
            tally.bad_spans += 1
            if len(tally.bad_span_examples) < 5:
                tally.bad_span_examples.append(f"{kind}: [{span.start}:{span.end}] {span.text[:40]!r}")
            return


def run_case(case: Case, analyzer: object, tally: Tally) -> object | None:
    """The case through `--published`, the reader and the analyzer; the document if it was read."""
    from dateline.pipeline.read import RawInput, parse_published, to_document

    tally.run += 1
    document = None
    published = None
    try:
        published = parse_published(case.published) if case.published is not None else None
    except DatelineError as e:  # counted, and the text still goes through, undated
        tally.published_refused[e.code] += 1
    try:
        document = to_document(RawInput(f"fuzz-{tally.run}", case.data, case.is_html), published=published)
        record = analyzer.analyze_document(document.model_copy(deep=True))  # type: ignore[attr-defined]
    except DatelineError as e:
        tally.coded[e.code] += 1
        tally.by_kind[(case.kind, e.code)] += 1
        return document
    except Exception as e:  # what this script is for: any other exception is a crash
        tally.crashes[e.__class__.__name__] += 1
        tally.by_kind[(case.kind, "crash")] += 1
        if len(tally.tracebacks) < 8:
            tally.tracebacks.append(f"{case.kind} of {case.base} (published {case.published!r}): {_last_lines(e)}")
        return None
    tally.records += 1
    tally.by_kind[(case.kind, "record")] += 1
    check_spans(record, tally, case.kind)
    return document


def store_sample(cases: list[Case], analyzer: object, tally: Tally) -> None:
    """The sampled cases through the ingest into a temporary SQLite store, as `dateline ingest` does."""
    from dateline.corpus.ingest import ingest
    from dateline.corpus.sources import Article
    from dateline.pipeline.read import RawInput, parse_published
    from dateline.store import open_store

    items = []
    for i, case in enumerate(cases):
        try:
            published = parse_published(case.published) if case.published is not None else None
        except DatelineError:
            published = None
        items.append(Article(f"fuzz:{i}", RawInput(f"fuzz:{i}", case.data, case.is_html), published=published))
    tally.store_sent = len(items)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "fuzz.db"))
        try:
            summary = ingest(store, items, lambda: analyzer)  # type: ignore[arg-type,return-value]
        except Exception as e:
            tally.store_stopped += 1
            tally.store_crashes.append(f"the ingest stopped: {_last_lines(e)}")
            return
        finally:
            store.engine.dispose()
    tally.store_added = summary.added
    tally.store_duplicates = summary.duplicates
    for locator, reason in summary.failed:
        code = reason.rsplit("[", 1)[-1].rstrip("]") if reason.endswith("]") else "?"
        tally.store_failed[code] += 1
        if code == "E099" and len(tally.store_crashes) < 5:
            tally.store_crashes.append(f"{locator}: {reason[:200]}")


def report(tally: Tally, seconds: float, bases: int) -> None:
    print(f"\nfuzz: {tally.run} mutations of {bases} real articles in {seconds:.0f} s")
    print(f"{'':24}{'count':>8}")
    print(f"{'records':24}{tally.records:>8}")
    for code, n in sorted(tally.published_refused.items()):
        print(f"{'--published refused ' + code:24}{n:>8}  (then analysed undated)")
    for code, n in sorted(tally.coded.items()):
        print(f"{'coded ' + code:24}{n:>8}")
    crashes = sum(tally.crashes.values())
    print(f"{'crashes':24}{crashes:>8}")
    for name, n in tally.crashes.most_common():
        print(f"{'  ' + name:24}{n:>8}")
    print(f"{'bad spans':24}{tally.bad_spans:>8}")
    print(f"\nstore (temporary SQLite): sent {tally.store_sent}, added {tally.store_added}, duplicates "
          f"{tally.store_duplicates}, failed by code "
          f"{dict(sorted(tally.store_failed.items())) or '{}'}, E099 (crashes) {tally.store_failed.get('E099', 0)}")
    print(f"\n{'mutation (alone or in a pair)':32}{'record':>7}{'coded':>7}{'crash':>7}")
    outcomes: Counter[tuple[str, str]] = Counter()
    for (kinds, what), n in tally.by_kind.items():
        for kind in kinds.split("+"):
            outcomes[(kind, what if what in ("record", "crash") else "coded")] += n
    for kind in sorted({kind for kind, _ in outcomes}):
        print(f"  {kind:30}{outcomes[(kind, 'record')]:>7}{outcomes[(kind, 'coded')]:>7}{outcomes[(kind, 'crash')]:>7}")
    for line in tally.tracebacks + tally.store_crashes:
        print(f"  crash: {line}")
    for line in tally.bad_span_examples:
        print(f"  bad span: {line}")
    print(f"\ncrashes = {tally.total_crashes()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=240.0, help="stop making mutations after this long")
    parser.add_argument("--count", type=int, default=320, help="at most this many mutations")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--store-every", type=int, default=8, help="every Nth mutation also goes into the store")
    args = parser.parse_args()

    from dateline.analyzer import Analyzer

    bases = base_texts()
    rng = random.Random(args.seed)
    analyzer = Analyzer()
    tally = Tally()
    sample: list[Case] = []
    started = time.perf_counter()
    while tally.run < args.count and time.perf_counter() - started < args.seconds:
        case = make_case(rng, bases)
        run_case(case, analyzer, tally)
        if tally.run % args.store_every == 0:
            sample.append(case)
    store_sample(sample, analyzer, tally)
    report(tally, time.perf_counter() - started, len(bases))
    return 1 if tally.total_crashes() else 0


if __name__ == "__main__":
    raise SystemExit(main())
