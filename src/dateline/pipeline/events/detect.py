"""The TimeML event detector: which tokens head an event, and its TimeML class.

Why a trained model: TimeML calls an event every verb, event noun and predicative state
that tells something happening or holding ("fell", "the merger", "talks", "is ill"); no
trigger list covers open-domain news. TempEval-3's best systems were classifiers over
lexical, part-of-speech and dependency features; this is one, a multinomial logistic
regression over `features.doc_features`, trained by `scripts/train_events.py` on
TimeBank + AQUAINT (config and seed in `resources/events/detector/config.yaml`). The
weights ship in the package (`weights.npz`); nothing is downloaded. Scoring sums each
candidate token's feature weights (one row per token, a column per class) in one numpy pass.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Token

from dateline.errors import ResourceError
from dateline.pipeline.events.features import FEATURE_VERSION, doc_features, is_candidate
from dateline.resources import load_yaml, resource_path

__all__ = [
    "CONFIG_FILE", "MODEL_DIR", "TIMEML_CLASSES", "Detection", "EventDetector", "config_digest", "event_head",
    "holdout_names", "load_config", "load_detector",
]

_CONFIG = "events/detector/config.yaml"
MODEL_DIR = Path(resource_path("events/detector"))
CONFIG_FILE = Path(resource_path(_CONFIG))
TIMEML_CLASSES = ("OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION")


@dataclass(frozen=True)
class Detection:
    token: Token
    cls: str  # a TimeML class
    probability: float


def load_config() -> dict[str, Any]:
    data = load_yaml(_CONFIG)
    if not isinstance(data, dict):
        raise ResourceError(_CONFIG, "expected a mapping of training settings")
    return dict(data)


def config_digest(config: dict[str, Any]) -> str:
    """A digest of the training settings, recorded in the model so a test can compare them."""
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()


def holdout_names(names: list[str], config: dict[str, Any]) -> set[str]:
    """The files never trained on: every `holdout_every`-th of the sorted names."""
    every, at = int(config["holdout_every"]), int(config["holdout_at"])
    return {name for i, name in enumerate(sorted(set(names))) if i % every == at}


def event_head(doc: Doc, start: int, end: int) -> Token | None:
    """The token a gold or system event span is headed by (TimeML's trigger is one word, mostly)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    candidates = [t for t in span if is_candidate(t)] or list(span)
    # the highest token of the span in the parse: "set up" is "set", "more than tripled" is "tripled"
    return min(candidates, key=lambda t: (sum(1 for _ in t.ancestors if _.i in range(span.start, span.end)), t.i))


class EventDetector:
    """Scores every candidate token of a Doc; a token whose event classes together reach the
    threshold is an event, of its likeliest class."""

    def __init__(self, features: list[str], weights: np.ndarray, bias: np.ndarray, classes: list[str],
                 threshold: float = 0.5) -> None:
        self.index = {f: j for j, f in enumerate(features)}
        self.weights = weights
        self.bias = bias
        self.classes = classes
        self.outside = classes.index("O")
        self.threshold = threshold  # the least probability of the event classes together

    def detect(self, doc: Doc, verbs: frozenset[str] = frozenset()) -> list[Detection]:
        """The events of `doc`; `verbs` is the pipeline's verb index (`features.verb_index`)."""
        tokens, features = doc_features(doc, verbs)
        if not tokens:
            return []
        # Why this shape: per-feature dict lookups and a set per token, in Python, were most of
        # the detector's own cost. `map` does the lookups at C speed over the whole document;
        # a token's distinct known columns (what the set of its feature strings gave: the index
        # maps features one-to-one to columns) come from one sort of (row, column) keys.
        width = len(self.index) + 1  # column + 1: 0 is a feature the model never saw
        lengths = np.fromiter(map(len, features), dtype=np.int64, count=len(features))
        columns = np.array(list(map(self.index.get, chain.from_iterable(features), repeat(-1))), dtype=np.int64)
        keys = np.sort(np.repeat(np.arange(len(features), dtype=np.int64), lengths) * width + (columns + 1))
        keep = keys % width != 0
        keep[1:] &= keys[1:] != keys[:-1]
        keys = keys[keep]
        flat = keys % width - 1
        starts = np.searchsorted(keys // width, np.arange(len(features)))
        # every row holds the bias feature "b", so no row is empty and reduceat is exact
        scores = np.add.reduceat(self.weights[flat], starts, axis=0) + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        # an event when the classes together reach the threshold (against "O"), then the
        # likeliest class: a token split between OCCURRENCE and I_ACTION is still an event
        event = 1.0 - probs[:, self.outside]
        probs[:, self.outside] = -1.0
        best = probs.argmax(axis=1)
        classes = self.classes
        return [
            Detection(tokens[i], classes[int(best[i])], float(event[i]))
            for i in np.flatnonzero(event >= self.threshold).tolist()
        ]


@lru_cache(maxsize=1)
def load_detector(directory: str = str(MODEL_DIR)) -> EventDetector:
    """The shipped model, loaded once per process; a missing or mismatched file is a ResourceError."""
    folder = Path(directory)
    try:
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        with np.load(folder / "weights.npz", allow_pickle=False) as data:
            features = [str(f) for f in data["features"]]
            weights, bias = data["weights"], data["bias"]
    except (OSError, ValueError, KeyError) as e:
        raise ResourceError(str(folder), f"the event detector's model could not be read ({e}); "
                            "rebuild it with scripts/train_events.py") from e
    if meta.get("features") != FEATURE_VERSION:
        raise ResourceError(f"{folder}/model.json", f"trained with features v{meta.get('features')}, "
                            f"the code extracts v{FEATURE_VERSION}; retrain with scripts/train_events.py")
    threshold = float(meta["config"].get("event_threshold", 0.5))
    return EventDetector(features, weights, bias, list(meta["classes"]), threshold)
