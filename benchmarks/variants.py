"""The merge on many variants of one story: different dates and names must stay different events.

Why: a corpus often holds many stories of one shape (a commander orders a withdrawal, drones
strike a power station, a president asks for air defence), told of different people on
different days. Each variant here is the bundled demo story with its people renamed and
its dates moved (publication dates spread over a year), so no event of one variant is an
event of another, except where two variants happen to share the renamed person *and* a
date. The real analyzer reads every variant into a temporary SQLite store and the merge
runs as `dateline ingest` runs it. Printed:

- merged events, and those holding mentions of more than one article;
- events whose mentions name two or more different people as actors (must be 0);
- events joining articles published more than 31 days apart with no date the text gives;
- contradictions: how many, how many without a reason, against the merged events.

    python benchmarks/variants.py [--variants 150] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from sqlalchemy import select

from dateline.corpus.ingest import ingest
from dateline.corpus.sources import iter_items
from dateline.store import open_store
from dateline.store import tables as t

FIRST = ["Viktor", "Marta", "Oleh", "Irina", "Pavel", "Olga", "Taras", "Nadia", "Bohdan", "Sofia", "Yuri", "Lena"]
LAST = ["Lanski", "Ivanenko", "Petrenko", "Koval", "Bondar", "Melnyk", "Shevchuk", "Tkachenko", "Kravets",
        "Oliynyk", "Moroz", "Savchenko", "Rudenko", "Lysenko", "Marchenko", "Hnatyuk"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def variant(story: str, rng: random.Random) -> tuple[str, str]:
    """(text, publication date) of one variant: three people renamed, the story's date moved."""
    published = date(2025, 1, 1) + timedelta(days=rng.randrange(330))
    day = published - timedelta(days=rng.randrange(1, 6))
    people = rng.sample([(f, s) for f in FIRST for s in LAST], 3)
    text = story
    for (old_first, old_last), (first, last) in zip(
            [("Viktor", "Lanski"), ("Marta", "Ivanenko"), ("Oleh", "Petrenko")], people, strict=True):
        text = text.replace(f"{old_first} {old_last}", f"{first} {last}").replace(old_last, last)
    text = text.replace("On March 3,", f"On {MONTHS[day.month - 1]} {day.day},")
    return text, published.isoformat()


def run(n: int, seed: int) -> dict[str, object]:
    from dateline.analyzer import Analyzer

    story = resources.files("dateline.examples").joinpath("rebel-advance-demo.txt").read_text(encoding="utf-8")
    rng = random.Random(seed)
    analyzer = Analyzer()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "variants.jsonl"
        rows = []
        for i in range(n):
            text, published = variant(story, rng)
            rows.append(json.dumps({"text": text, "published": published, "source": f"outlet{i % 7}",
                                    "id": f"v{i}"}))
        dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
        store = open_store(str(Path(tmp) / "variants.db"))
        started = time.perf_counter()
        ingest(store, iter_items([str(dump)], max_bytes=10**6), lambda: analyzer)
        seconds = time.perf_counter() - started
        with store.engine.connect() as conn:
            people = set(conn.execute(select(t.entities.c.id).where(t.entities.c.type == "PERSON")).scalars())
            published = {r.id: r.published for r in conn.execute(select(t.documents.c.id, t.documents.c.published))}
            members: dict[str, list[object]] = defaultdict(list)
            for row in conn.execute(select(t.event_mentions)):
                members[row.event_id].append(row)
            links = conn.execute(select(t.claim_links.c.kind, t.claim_links.c.reason)).all()
        store.close()
    multi = two_people = bridged = 0
    for rows_of in members.values():
        docs = {r.doc_id for r in rows_of}  # type: ignore[attr-defined]
        if len(docs) < 2:
            continue
        multi += 1
        named = {a for r in rows_of for a in json.loads(r.actors or "[]") if a in people}  # type: ignore[attr-defined]
        two_people += len(named) >= 2
        days = sorted(date.fromisoformat(published[d]) for d in docs if published.get(d))
        explicit = any(r.when_basis in ("explicit", "anchored") for r in rows_of)  # type: ignore[attr-defined]
        if days and (days[-1] - days[0]).days > 31 and not explicit:
            bridged += 1
    contradictions = [k for k, _ in links if k != "claim"]
    return {
        "variants": n, "seconds": round(seconds, 1), "mentions": sum(len(v) for v in members.values()),
        "events": len(members), "events_of_several_articles": multi, "events_with_two_named_actors": two_people,
        "undated_events_bridging_a_month": bridged, "contradictions": len(contradictions),
        "contradictions_without_reason": sum(1 for k, r in links if k != "claim" and not r),
        "claim_links": sum(1 for k, _ in links if k == "claim"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variants", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    report = run(args.variants, args.seed)
    width = max(len(k) for k in report)
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
