"""Trains the TimeML event detector from ../shared/bench and writes the shipped model.

    pip install -e ".[train]"
    python scripts/train_events.py                 # writes src/dateline/resources/events/detector/
    python scripts/train_events.py --check         # trains, compares with the shipped model, writes nothing

Why a script and a config: the model is data that ships in the package; anyone must be able
to rebuild it bit for bit from the same corpus and settings. The config
(`resources/events/detector/config.yaml`) holds the seed, the split and the regulariser; the
model file records the config and a digest of the training files, so a test can tell whether
the shipped weights still match their config.

Data: TimeBank 1.2 and AQUAINT as cleaned for TempEval-3 (TBAQ-cleaned), distributed by the
TempEval-3 organisers for research use. One token is one example: its TimeML class if a gold
EVENT's head is that token, else "O". Every `holdout_every`-th file (sorted by name) is never
trained on, so `dateline eval timeml` can report the detector on files it has not seen.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dateline.eval.tml import read_tml, tml_files  # noqa: E402
from dateline.pipeline.events.detect import (  # noqa: E402
    CONFIG_FILE,
    MODEL_DIR,
    config_digest,
    event_head,
    holdout_names,
    load_config,
)
from dateline.pipeline.events.features import FEATURE_VERSION, doc_features, feature_data_digest, verb_index  # noqa: E402
from dateline.pipeline.nlp import load  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"


def examples(paths: list[Path], model: str) -> tuple[list[list[str]], list[str], list[str]]:
    """(features, label, file name) of every candidate token of every file."""
    nlp = load(model)
    verbs = verb_index(nlp)
    docs = [read_tml(p) for p in paths]
    feats: list[list[str]] = []
    labels: list[str] = []
    names: list[str] = []
    for gold, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        heads: dict[int, str] = {}
        for event in gold.events:
            head = event_head(doc, event.start, event.end)
            if head is not None:
                heads[head.i] = event.cls or "OCCURRENCE"
        tokens, features = doc_features(doc, verbs)
        for token, token_feats in zip(tokens, features, strict=True):
            feats.append(token_feats)
            labels.append(heads.get(token.i, "O"))
            names.append(gold.name)
    return feats, labels, names


def train(config: dict, data_dir: Path) -> tuple[dict, np.ndarray, np.ndarray, dict]:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    paths = tml_files(data_dir)
    held = holdout_names([p.name for p in paths], config)
    feats, labels, names = examples(paths, config["spacy_model"])
    train_rows = [i for i, n in enumerate(names) if n not in held]
    counts = Counter(f for i in train_rows for f in feats[i])
    vocab = {f: j for j, f in enumerate(sorted(f for f, c in counts.items() if c >= config["min_count"]))}
    classes = sorted(set(labels))

    def matrix(rows: list[int]) -> csr_matrix:
        indptr, indices = [0], []
        for i in rows:
            cols = sorted({vocab[f] for f in feats[i] if f in vocab})
            indices.extend(cols)
            indptr.append(len(indices))
        return csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), len(vocab)))

    model = LogisticRegression(C=config["C"], max_iter=config["max_iter"], random_state=config["seed"])
    model.fit(matrix(train_rows), [labels[i] for i in train_rows])
    assert list(model.classes_) == classes, (model.classes_, classes)
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    meta = {
        "classes": classes,
        "features": FEATURE_VERSION,
        "feature_data_digest": feature_data_digest(),
        "config": config,
        "config_digest": config_digest(config),
        "training_digest": digest.hexdigest(),
        "files": len(paths),
        "held_out": sorted(held),
        "examples": len(train_rows),
        "events": sum(labels[i] != "O" for i in train_rows),
    }
    return vocab, model.coef_.T.astype(np.float32), model.intercept_.astype(np.float32), meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None, help="TBAQ-cleaned folder (default: from the config)")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write model.json and weights.npz")
    parser.add_argument("--check", action="store_true", help="train and compare with the shipped model only")
    args = parser.parse_args(argv)
    config = load_config()
    data_dir = args.data or SHARED / config["data"]
    if not data_dir.is_dir():
        print(f"train_events: {data_dir} not found (the training data lives in ../shared/bench)", file=sys.stderr)
        return 2
    vocab, weights, bias, meta = train(config, data_dir)
    if args.check:
        shipped = json.loads((MODEL_DIR / "model.json").read_text())
        keys = ("training_digest", "config_digest", "feature_data_digest", "examples", "events")
        same = {k: shipped.get(k) == meta[k] for k in keys}
        print(json.dumps(same))
        return 0 if all(same.values()) else 1
    args.out.mkdir(parents=True, exist_ok=True)
    features = sorted(vocab, key=vocab.__getitem__)
    # only features with some weight are kept: the file stays small, the scores do not change
    keep = [j for j in range(len(features)) if np.abs(weights[j]).max() >= 1e-4]
    (args.out / "model.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    np.savez_compressed(args.out / "weights.npz", features=np.array([features[j] for j in keep]),
                        weights=weights[keep], bias=bias)
    print(f"{meta['examples']} examples ({meta['events']} events), {len(keep)} features -> {args.out}")
    digests = f"digest {meta['config_digest'][:12]}, training digest {meta['training_digest'][:12]}"
    print(f"config {CONFIG_FILE.name} {digests}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
