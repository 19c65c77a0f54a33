"""The run order: which steps and sieves run, in which order, read from `time/<lang>/sieves.yaml`.

Why a data file: the order is the policy (CAEVO's sieves run from most to least precise),
and it is chosen by measurement (`dateline eval dating DIR --sieves`), not by editing code.
The file is checked at load: every name must be one the code knows, in its own list, once;
every step must be there (leaving one out would leave events silently undated), while a
sieve may be left out to switch it off.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from dateline.errors import ResourceError
from dateline.pipeline.dating.explicit import EXPLICIT_SIEVES
from dateline.pipeline.dating.links import LINK_SIEVES
from dateline.pipeline.dating.undated import UNDATED_SIEVES
from dateline.resources import load_yaml

__all__ = ["STEPS", "SieveOrder", "load_order", "parse_order", "sieve_order"]

STEPS = ("explicit", "links", "undated", "settle_links", "same_day_timex")
_SECTIONS: dict[str, tuple[str, ...]] = {
    "steps": STEPS,
    "explicit": tuple(EXPLICIT_SIEVES),
    "links": tuple(LINK_SIEVES),
    "undated": tuple(UNDATED_SIEVES),
}
_ENTRY_KEYS = {"name", "description"}


@dataclass(frozen=True)
class SieveOrder:
    steps: tuple[str, ...]
    explicit: tuple[str, ...]
    links: tuple[str, ...]
    undated: tuple[str, ...]

    @property
    def sieves(self) -> tuple[str, ...]:
        """Every sieve, explicit first, then the links, then the undated ones."""
        return self.explicit + self.links + self.undated


@cache
def load_order(language: str) -> SieveOrder:
    """The steps and sieves of `time/<language>/sieves.yaml`, validated (ResourceError names file and sieve)."""
    path = f"time/{language}/sieves.yaml"
    return parse_order(path, load_yaml(path))


def parse_order(path: str, raw: Any) -> SieveOrder:
    """The order a parsed sieves file gives; `path` names the file in every error."""
    if not isinstance(raw, dict):
        raise ResourceError(path, "expected a mapping with " + ", ".join(_SECTIONS))
    unknown = sorted(set(raw) - set(_SECTIONS))
    if unknown:
        raise ResourceError(path, f"unknown key {unknown[0]!r} (known: {', '.join(_SECTIONS)})")
    lists = {section: _names(path, section, raw.get(section), known) for section, known in _SECTIONS.items()}
    missing = [s for s in STEPS if s not in lists["steps"]]
    if missing:
        raise ResourceError(path, f"step {missing[0]!r} is missing from 'steps'")
    return SieveOrder(**lists)


def sieve_order(language: str = "en") -> tuple[str, ...]:
    """The sieve names in run order, as the language's sieves.yaml lists them."""
    return load_order(language).sieves


def _names(path: str, section: str, entries: Any, known: tuple[str, ...]) -> tuple[str, ...]:
    if entries is None:
        raise ResourceError(path, f"the list {section!r} is missing")
    if not isinstance(entries, list):
        raise ResourceError(path, f"{section!r} must be a list of name/description entries")
    kind = "step" if section == "steps" else "sieve"
    names: list[str] = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != _ENTRY_KEYS:
            raise ResourceError(path, f"{section!r}: every entry needs exactly a name and a description, got {entry!r}")
        name, description = entry["name"], entry["description"]
        if not isinstance(description, str) or not description.strip():
            raise ResourceError(path, f"{section!r}: {kind} {name!r} has no description")
        if name not in known:
            raise ResourceError(path, f"unknown {kind} {name!r} in {section!r} (known: {', '.join(known)})")
        if name in names:
            raise ResourceError(path, f"{kind} {name!r} is listed twice in {section!r}")
        names.append(name)
    return tuple(names)
