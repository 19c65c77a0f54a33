"""An in-memory gazetteer for tests: a few hand-written entries, same lookup rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from dateline.gazetteer.base import Candidate, name_key, variant_key
from dateline.resources import load_tsv

__all__ = ["FakeGazetteer"]

_SAMPLE = "places/sample_gazetteer.tsv"
_SAMPLE_COLUMNS = (
    "key", "name", "kind", "country_code", "admin1_code", "admin1", "lat", "lon", "population",
    "geonameid", "aliases",
)  # fmt: skip


class FakeGazetteer:
    """Looks names up among `entries`; `aliases` are (extra name, entry key) pairs."""

    def __init__(self, entries: Iterable[Candidate], aliases: Iterable[tuple[str, str]] = ()) -> None:
        self._entries = {c.key: c for c in entries}
        self._exact: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._loose: dict[str, list[str]] = defaultdict(list)
        names = [(c.name, c.key, "name") for c in self._entries.values()]
        names += [(alias, key, "alternate") for alias, key in aliases]
        for name, key, quality in names:
            self._exact[name_key(name)].append((key, quality))
            self._loose[variant_key(name)].append(key)

    @classmethod
    def sample(cls) -> FakeGazetteer:
        """A few dozen real places (Syria, Paris/Texas, Georgia, Jordan ...) for offline tests."""
        entries: list[Candidate] = []
        aliases: list[tuple[str, str]] = []
        for r in load_tsv(_SAMPLE, _SAMPLE_COLUMNS):
            entries.append(Candidate(
                key=r["key"], name=r["name"], kind=r["kind"], country_code=r["country_code"] or None,  # type: ignore[arg-type]
                admin1_code=r["admin1_code"] or None, admin1=r["admin1"] or None,
                lat=float(r["lat"]), lon=float(r["lon"]), population=int(r["population"] or 0),
                geonameid=int(r["geonameid"]) if r["geonameid"] else None,
            ))  # fmt: skip
            aliases.extend((a, r["key"]) for a in r["aliases"].split("|") if a)
        return cls(entries, aliases)

    def lookup(self, name: str) -> list[Candidate]:
        found = {key: quality for key, quality in self._exact.get(name_key(name), [])}
        if not found:
            found = dict.fromkeys(self._loose.get(variant_key(name), []), "variant")
        return [replace(self._entries[key], quality=quality) for key, quality in found.items()]  # type: ignore[arg-type]

    def country(self, country_code: str) -> Candidate | None:
        return next(
            (c for c in self._entries.values() if c.kind == "country" and c.country_code == country_code),
            None,
        )
