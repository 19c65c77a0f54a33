"""The contract every analysis stage keeps, so each one can be replaced on its own.

A stage is built once (it loads its rule files then) and called once per article with
the parsed spaCy `Doc` and the `Record` filled by the stages before it. It reads what
earlier stages wrote and appends its own part; it never edits another stage's output
except through the model's public fields it is documented to refine.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc

from dateline.model import Record
from dateline.settings import Settings

__all__ = ["Stage", "StageFactory"]


class Stage(Protocol):
    name: str

    def __call__(self, doc: Doc, record: Record) -> None: ...


class StageFactory(Protocol):
    def __call__(self, settings: Settings) -> Stage: ...
