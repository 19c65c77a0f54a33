"""Answers to the API's reads, kept while the store is unchanged, as ASGI middleware.

Why: an analyst's tools and the web app ask the same few reads again and again (the
timeline, an entity's events, a month), and building a 100-event page costs milliseconds of
SQL and JSON while sending a kept one costs microseconds. On a 2-CPU machine with 50 clients
that is the difference between a p99 of a second and one of milliseconds
(`benchmarks/serve.py`). An answer is only ever served under the store revision it was built
at (`store.revision`): any commit, by this server or by another process writing the same
store, moves the revision and every kept answer is rebuilt on its next request. Nothing is
kept where the store has no revision to give.

Only what cannot differ between two callers is kept: a GET under the API prefix (reads are
open to everyone, `serve.security`), answered 200, its body under `max_body_bytes`, keyed by
path and query string; at most `entries` answers and `max_total_bytes` in all, the least
recently asked dropped first. The answer says `x-dateline-cache: hit` or `miss`.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline.store.revision import RevisionWatch

__all__ = ["ResponseCache"]

_HEADER = b"x-dateline-cache"


@dataclass(frozen=True)
class _Kept:
    revision: str
    start: Message  # http.response.start, with its headers
    body: bytes


class ResponseCache:
    """Keep up to `entries` API answers, each valid under the store revision it was built at."""

    def __init__(self, app: ASGIApp, watch: RevisionWatch, prefix: str, entries: int = 512,
                 max_body_bytes: int = 2 * 1024 * 1024, max_total_bytes: int = 64 * 1024 * 1024) -> None:
        self.app = app
        self.watch = watch
        self.prefix = prefix
        self.entries = entries
        self.max_body_bytes = max_body_bytes  # a bigger answer (a whole export) is not kept
        self.max_total_bytes = max_total_bytes  # the least recently asked go first past this
        self.total = 0
        self.kept: OrderedDict[tuple[str, bytes], _Kept] = OrderedDict()

    def _cacheable(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET":
            return False
        path: str = scope["path"]
        return path.startswith(self.prefix + "/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        revision = self.watch.current()
        if revision is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        kept = self.kept.get(key)
        if kept is not None and kept.revision == revision:
            self.kept.move_to_end(key)
            await send({**kept.start, "headers": [*kept.start["headers"], (_HEADER, b"hit")]})
            await send({"type": "http.response.body", "body": kept.body, "more_body": False})
            return
        await self._build(scope, receive, send, key, revision)

    async def _build(self, scope: Scope, receive: Receive, send: Send, key: tuple[str, bytes],
                     revision: str) -> None:
        """Run the route, pass its answer on as it comes, and keep it when it is whole and 200."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                keep = message["status"] == 200
                start = message
                message = {**message, "headers": [*message.get("headers", []), (_HEADER, b"miss")]}
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                keep = size <= self.max_body_bytes
                chunks.append(body)
                if keep and not message.get("more_body", False) and start is not None:
                    self._keep(key, _Kept(revision, start, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)

    def _keep(self, key: tuple[str, bytes], kept: _Kept) -> None:
        old = self.kept.pop(key, None)
        if old is not None:
            self.total -= len(old.body)
        self.kept[key] = kept
        self.total += len(kept.body)
        while self.kept and (len(self.kept) > self.entries or self.total > self.max_total_bytes):
            _, dropped = self.kept.popitem(last=False)
            self.total -= len(dropped.body)
