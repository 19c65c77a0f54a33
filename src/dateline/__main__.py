"""`python -m dateline`: the `dateline` command where its script is not on PATH (a venv not activated,
a zipapp, `python -m` in a notebook's shell); the same parser, so help and errors name `dateline`."""

import sys

from dateline.cli import main

if __name__ == "__main__":
    sys.exit(main())
