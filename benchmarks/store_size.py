"""Store size per 1,000 articles: the article text, the stored record, the whole SQLite file.

Why: the full `Record` the ingest keeps beside the rows (for the API's article view, the
entity timeline's event arguments and the event table's attribution chains) was about 20
times the text it describes. This prints, for a set of real pages analysed with the real
pipeline (or generated articles with `--fake`), the bytes of text, of the record as JSON,
of the record as the store keeps it (`documents.record_z`, zlib-compressed, from migration
0006), of the FTS index and of the whole file, each also per 1,000 articles.

    python benchmarks/store_size.py [--pages ../shared/bench/real-news/pages] [--fake 300]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import tempfile
from pathlib import Path

from dateline.corpus.ingest import ingest
from dateline.corpus.sources import iter_items
from dateline.store import open_store

PAGES = Path(__file__).resolve().parents[2] / "shared" / "bench" / "real-news" / "pages"
GROUPS = [f"{w} {kind}" for w in ("Alpha", "Cedar", "Eagle", "Granite", "Iron", "Kestrel", "North", "River")
          for kind in ("Brigade", "Front", "Militia", "Guard")]
VERBS = ("attacked", "shelled", "captured", "met", "accused", "bombed")


def _fake_dump(n: int, path: Path) -> list[str]:
    """`n` generated articles in the fake analyzer's sentence shape, a few sentences each."""
    from dateline.corpus.fake import PLACES

    rng = random.Random(11)
    rows = []
    for i in range(n):
        sentences = []
        for _ in range(6):
            actor, target = rng.sample(GROUPS, 2)
            sentences.append(f"{actor} {rng.choice(VERBS)} {target} in {rng.choice(list(PLACES))} on 2024-"
                             f"{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}, killing "
                             f"{rng.randrange(1, 40)} people.")
        sentences.append(f"Dispatch {i}: residents said the night was long and the roads were closed.")
        rows.append(json.dumps({"text": " ".join(sentences), "source": f"S{i % 20}"}))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [str(path)]


def _sizes(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    columns = {r[1] for r in con.execute("PRAGMA table_info(documents)")}
    out = {
        "articles": con.execute("SELECT count(*) FROM documents").fetchone()[0],
        "text": con.execute("SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM documents").fetchone()[0],
    }
    if "record_json" in columns:
        out["record stored"] = con.execute(
            "SELECT sum(length(CAST(record_json AS BLOB))) FROM documents").fetchone()[0]
    if "record_z" in columns:
        import zlib

        out["record stored"] = con.execute("SELECT sum(length(record_z)) FROM documents").fetchone()[0]
        out["record as JSON"] = sum(len(zlib.decompress(z)) for (z,) in con.execute(
            "SELECT record_z FROM documents"))
    try:  # dbstat: the bytes of each table and index, where SQLite was built with it
        pages = dict(con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
        out["FTS index"] = sum(v for k, v in pages.items() if "_fts" in k)
        out["documents table"] = pages.get("documents", 0)
    except sqlite3.OperationalError:
        pass
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    out["file"] = db.stat().st_size
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder of HTML pages (the real pipeline)")
    parser.add_argument("--fake", type=int, default=0, help="generated articles through the fake analyzer instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "size.db"
        store = open_store(str(db))
        if args.fake:
            from dateline.corpus.fake import FakeAnalyzer

            paths, make = _fake_dump(args.fake, Path(tmp) / "dump.jsonl"), FakeAnalyzer
        else:
            from dateline.analyzer import Analyzer

            paths, make = [str(args.pages)], Analyzer
        summary = ingest(store, iter_items(paths, max_bytes=10**7), make)
        store.close()
        sizes = _sizes(db)
    n = sizes.pop("articles")
    print(f"{n} articles ({'fake analyzer' if args.fake else args.pages}); {len(summary.failed)} failed")
    print(f"{'what':<18} {'bytes':>12} {'per 1,000 articles':>20} {'× text':>8}")
    for name, value in sizes.items():
        per = value * 1000 / max(n, 1)
        print(f"{name:<18} {value:>12,} {per / 1e6:>17.2f} MB {value / max(sizes['text'], 1):>8.1f}")


if __name__ == "__main__":
    main()
