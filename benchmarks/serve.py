"""Serving: requests/s and p50 / p99 latency of the REST API over a store of 10,000 events.

The store is filled with generated articles through the store's own write path and merge
(`corpus.fake.fill_store`, no spaCy), in a temporary directory for the run. The app
(`create_app`) runs under uvicorn in a subprocess on 127.0.0.1, twice: as `dateline serve`
runs it, keeping read answers while the store is unchanged (`serve.cache`: "kept"), and with
that off, every request built from the store ("built"); the second is what a request costs
after a write. 50 concurrent clients (aiohttp, keep-alive connections) send the same GET for
`--seconds` per case and every request's latency is kept. Any answer but 200 counts as an
error and is printed. Client and server share this machine's CPUs, so the figures are this
machine's. Goal (issue 17): p99 < 100 ms for the API on SQLite; it is printed beside the
figures, not asserted. Run (aiohttp comes with the `bench` extra):

    python benchmarks/serve.py [--events 10000] [--clients 50] [--seconds 10]

Why aiohttp and not httpx for the load: httpx's async pool spent about 1.4 ms of client CPU
per request, so with 50 clients the load generator saturated its CPU at ~700 req/s and the
latencies measured its own queue, not the server (aiohttp: ~0.06 ms per request).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from rich.console import Console

try:
    import aiohttp
except ImportError:  # pragma: no cover - the message is the point
    raise SystemExit("benchmarks/serve.py needs aiohttp: pip install -e '.[bench]'") from None
from rich.table import Table

from dateline.corpus.fake import fill_store
from dateline.store import open_store

GOAL_P99_MS = 100.0
_SERVER = ("import sys, uvicorn; from dateline.serve.app import create_app; "
           "uvicorn.run(create_app(sys.argv[1], cache=sys.argv[3] == 'kept'), host='127.0.0.1', "
           "port=int(sys.argv[2]), log_level='warning', access_log=False)")
MODES = ("kept", "built")


@dataclass
class CaseResult:
    latencies: list[float] = field(default_factory=list)  # seconds, every request that got an answer
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    client_cpu: float = 0.0
    items: int = 0  # events in one answer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def _count_items(body: dict[str, Any]) -> int:
    if "days" in body:
        return sum(len(day["events"]) for day in body["days"])
    return len(body.get("events", []))


async def _run_case(base: str, path: str, clients: int, seconds: float) -> CaseResult:
    result = CaseResult()
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(base_url=base, connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=60.0)) as client:
        async with client.get(path) as first:  # warm the route and check it answers
            if first.status == 200:
                result.items = _count_items(await first.json())
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    async with client.get(path) as response:
                        body = await response.read()
                        status = response.status
                except (aiohttp.ClientError, TimeoutError) as e:
                    result.errors.append(f"{e.__class__.__name__}: {e}")
                    continue
                result.latencies.append(time.perf_counter() - t0)
                if status != 200:
                    result.errors.append(f"{status}: {body[:200].decode(errors='replace')}")

        started, cpu0 = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker() for _ in range(clients)))
        result.wall = time.perf_counter() - started
        result.client_cpu = time.process_time() - cpu0
    return result


def _wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        try:
            if httpx.get(f"{base}/api/v1/events?limit=1", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000, help="events to generate (the merge joins a few)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each case")
    args = parser.parse_args()
    console = Console(width=None if sys.stdout.isatty() else 150)

    with tempfile.TemporaryDirectory(prefix="dateline-serve-bench-") as tmp:
        db = str(Path(tmp) / "bench.db")
        started = time.perf_counter()
        store = open_store(db)
        merge = fill_store(store, args.events)
        store.close()
        console.print(f"store: {merge.events:,} corpus events from {merge.mentions:,} mentions "
                      f"({merge.multi_source:,} multi-source), built in {time.perf_counter() - started:.1f} s")

        results = []
        for mode in MODES:
            port = _free_port()
            base = f"http://127.0.0.1:{port}"
            server = subprocess.Popen([sys.executable, "-c", _SERVER, db, str(port), mode])
            try:
                _wait_ready(base, server)
                entity = str(httpx.get(f"{base}/api/v1/entities", params={"limit": 1}).json()["entities"][0]["name"])
                month = "since=2024-03-01&until=2024-03-31"
                cases = [
                    ("events, unfiltered", "/api/v1/events"),
                    (f"events, entity={entity}", "/api/v1/events?" + urlencode({"entity": entity})),
                    ("events, place=Aleppo", "/api/v1/events?place=Aleppo"),
                    ("events, one month", f"/api/v1/events?{month}"),
                    ("timeline, unfiltered", "/api/v1/timeline"),
                    ("timeline, one month", f"/api/v1/timeline?{month}"),
                ]
                for name, path in cases:
                    console.print(f"[dim]{mode}: {name}: GET {path} for {args.seconds:g} s ...[/dim]")
                    results.append((name, mode, path, asyncio.run(_run_case(base, path, args.clients, args.seconds))))
            finally:
                server.terminate()
                server.wait(timeout=10)

    table = Table(title=f"GET /api/v1 on SQLite: {merge.events:,} events, {args.clients} concurrent clients, "
                        f"{args.seconds:g} s per case")
    for col in ("case", "answers", "events", "requests", "errors", "req/s", "p50 ms", "p99 ms", "goal p99 ms",
                "client CPU"):
        table.add_column(col, justify="left" if col in ("case", "answers") else "right")
    for name, mode, _path, r in results:
        lat = sorted(r.latencies)
        p99 = 1000 * _percentile(lat, 0.99)
        table.add_row(name, mode, str(r.items), f"{len(lat):,}", str(len(r.errors)), f"{len(lat) / r.wall:,.1f}",
                      f"{1000 * _percentile(lat, 0.50):.1f}",
                      f"[{'green' if p99 < GOAL_P99_MS else 'red'}]{p99:.1f}[/]", f"< {GOAL_P99_MS:.0f}",
                      f"{100 * r.client_cpu / r.wall:.0f}%")
    console.print(table)
    for name, mode, path, r in results:
        for error in sorted(set(r.errors))[:5]:
            console.print(f"[red]error[/red] {name}, {mode} (GET {path}): {error}")
    console.print(f"Figures are from this machine ({os.cpu_count()} CPUs), client and server on it together; "
                  "'client CPU' is the load generator's own share of one CPU; 'events': events in one answer; "
                  "'kept': answers kept while the store is unchanged (as `dateline serve` runs), 'built': "
                  "every answer built from the store (what the first request after a write costs). "
                  "Pages are the routes' defaults (100 events for /events, 500 for /timeline).")


if __name__ == "__main__":
    main()
