"""Rule files and lexicons: data beside the code that reads them, validated at load.

Every loader names the file (and the rule) in the `ResourceError` it raises, so a
linguist editing a TSV or YAML file sees what is wrong without reading Python.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from dateline.errors import ResourceError

__all__ = ["compile_regex", "load_gzip_tsv", "load_tsv", "load_yaml", "resource_path"]

_PACKAGE = "dateline.resources"


def resource_path(relpath: str) -> str:
    return str(resources.files(_PACKAGE).joinpath(relpath))


@cache
def _read(relpath: str) -> str:
    try:
        return resources.files(_PACKAGE).joinpath(relpath).read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise ResourceError(relpath, "resource file is missing") from e


def load_gzip_tsv(relpath: str, columns: tuple[str, ...]) -> list[list[str]]:
    """The rows of a shipped gzipped TSV (tables derived from an installed package by a script
    under scripts/): `#` lines are comments, the first other line must be `columns`, every row
    has as many values. A damaged file is a `ResourceError` naming it."""
    import gzip

    try:
        text = gzip.decompress(resources.files(_PACKAGE).joinpath(relpath).read_bytes()).decode("utf-8")
    except (FileNotFoundError, OSError, EOFError, UnicodeDecodeError) as e:
        raise ResourceError(relpath, f"cannot be read ({e}): reinstall dateline") from e
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise ResourceError(relpath, f"header is {lines[0] if lines else None!r}, expected {columns}")
    rows = []
    for lineno, line in enumerate(lines[1:], start=2):
        values = line.split("\t")
        if len(values) != len(columns):
            raise ResourceError(relpath, f"row {lineno} has {len(values)} columns, expected {len(columns)}")
        rows.append(values)
    return rows


def load_yaml(relpath: str) -> Any:
    """Parsed YAML of a shipped resource file (cached)."""
    try:
        return yaml.safe_load(_read(relpath))
    except yaml.YAMLError as e:
        raise ResourceError(relpath, f"invalid YAML: {e}") from e


def load_tsv(relpath: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a TSV file whose header must be exactly `columns`; '#' lines are comments.

    Trailing empty columns may be left out; a row with more columns than the header fails.
    """
    lines = [ln for ln in _read(relpath).splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise ResourceError(relpath, "empty table")
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = tuple(next(reader))
    if header != columns:
        raise ResourceError(relpath, f"header is {header}, expected {columns}")
    rows = []
    for lineno, row in enumerate(reader, start=2):
        if len(row) > len(columns):
            raise ResourceError(relpath, f"row {lineno} has {len(row)} columns, expected {len(columns)}")
        row = row + [""] * (len(columns) - len(row))
        rows.append(dict(zip(columns, (c.strip() for c in row), strict=True)))
    return rows


def compile_regex(pattern: str, where: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a pattern from a rule file; `where` names file and rule in the error."""
    if not pattern:
        raise ResourceError(where, "empty pattern")
    try:
        return re.compile(pattern, flags)
    except re.error as e:
        raise ResourceError(where, f"bad regular expression {pattern!r}: {e}") from e
