"""Rule-file loaders: errors name the file and the problem."""

from __future__ import annotations

import re

import pytest

from dateline import resources
from dateline.errors import ResourceError


def test_resources_bad_regex_names_file_and_rule() -> None:
    with pytest.raises(ResourceError) as info:
        resources.compile_regex("(?P<x>unclosed", "time/en/rules.yaml: rule 'weekday'")
    assert "time/en/rules.yaml" in str(info.value) and "weekday" in str(info.value)


def test_resources_empty_pattern_is_refused() -> None:
    with pytest.raises(ResourceError, match="empty pattern"):
        resources.compile_regex("", "clean/debris.yaml: rule 'x'")


def test_resources_missing_file_is_named() -> None:
    with pytest.raises(ResourceError, match=re.escape("nope/missing.yaml")):
        resources.load_yaml("nope/missing.yaml")


def test_resources_tsv_header_is_checked(monkeypatch) -> None:
    monkeypatch.setattr(resources, "_read", lambda relpath: "a\tb\n1\t2\t3\n")
    with pytest.raises(ResourceError, match="expected"):
        resources.load_tsv("x.tsv", ("a", "c"))
    with pytest.raises(ResourceError, match="row 2 has 3 columns"):
        resources.load_tsv("x.tsv", ("a", "b"))
