"""What the routes share: the open store and one analyzer, loaded on first use.

Why a lock: one spaCy pipeline serves every request (loading it takes seconds), and
`nlp.pipe` is not meant to run in two threads at once; an ingest also holds it so that two
ingests never pick the same document sequence numbers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request

from dateline.corpus.ingest import RecordMaker
from dateline.model import Document, Record
from dateline.store.db import Store

__all__ = ["ServerState", "get_state"]


@dataclass
class ServerState:
    store: Store
    make_analyzer: Callable[[], RecordMaker]
    lock: threading.Lock = field(default_factory=threading.Lock)
    _analyzer: RecordMaker | None = None

    def analyzer(self) -> RecordMaker:
        """The shared analyzer (call with `lock` held)."""
        if self._analyzer is None:
            self._analyzer = self.make_analyzer()
        return self._analyzer

    def analyze(self, document: Document) -> Record:
        with self.lock:
            return next(iter(self.analyzer().analyze_documents([document])))


def get_state(request: Request) -> ServerState:
    """FastAPI dependency: the state `create_app` put on the app."""
    state: ServerState = request.app.state.serve
    return state
