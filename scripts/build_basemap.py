"""Builds the Map page's offline base map, src/dateline/serve/static/basemap.json, from Natural Earth.

    python scripts/build_basemap.py                          # npm pack world-atlas@2.0.2, convert, write
    python scripts/build_basemap.py --tarball world-atlas-2.0.2.tgz
    python scripts/build_basemap.py --check                  # rebuild and compare with the shipped file

Source: the npm package `world-atlas` 2.0.2 (Mike Bostock, ISC licence), file
`countries-110m.json`: TopoJSON of Natural Earth's 1:110m Admin 0 countries (public domain,
https://www.naturalearthdata.com). Only that file is read. The tarball is checked against the
registry's sha512 integrity, so the same input always gives the same output, byte for byte.

Why pre-projected SVG path data and not GeoJSON: the page draws the map with no library, so
the outlines ship already projected (equirectangular, x = (lon + 180) * 10, y = (90 - lat) * 10,
a viewBox of 3600 x 1800, 0.1 degree a unit) as integer relative path commands: about a third
of the size of the TopoJSON's coordinates as GeoJSON, and the script only sets `d`. The
script's events are placed with the same formula. At 1:110m 0.1 degree (11 km) is below the
data's own precision.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from npm_tarball import build_main, read_member  # noqa: E402

OUT = ROOT / "src" / "dateline" / "serve" / "static" / "basemap.json"
PACKAGE, VERSION, MEMBER = "world-atlas", "2.0.2", "package/countries-110m.json"
# `npm view world-atlas@2.0.2 dist.integrity`
INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
LICENCE = ("Natural Earth 1:110m Admin 0 countries: public domain (naturalearthdata.com); "
           "packaged as TopoJSON by world-atlas, ISC licence, Copyright 2013-2019 Michael Bostock")
SCALE = 10  # map units per degree


def read_topology(tarball: Path) -> tuple[dict[str, Any], str]:
    """The countries TopoJSON inside `tarball`, after checking the tarball's integrity; and the file's sha256."""
    raw = read_member(tarball, INTEGRITY, MEMBER)
    return json.loads(raw), hashlib.sha256(raw).hexdigest()


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as (lon, lat) points: delta-decoded and de-quantized."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    """One ring from its arc indexes (~i is arc i reversed), shared end points once."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring crossing the antimeridian as rings the equirectangular map can fill, each drawn where it shows.

    Each longitude is taken within 180 degrees of the one before, so Chukotka or Fiji runs on
    past 180 instead of across the map; such a ring is drawn twice, once shifted by 360 degrees,
    and the map's edge clips both. A ring round the pole (Antarctica, 360 degrees in all) is
    closed along the pole instead.
    """
    out = [points[0]]
    for lon, lat in points[1:]:
        prev = out[-1][0]
        out.append((lon + 360 * round((prev - lon) / 360), lat))
    span = out[-1][0] - out[0][0]
    if abs(span) > 180:  # round a pole: down to it at the last longitude, back along it to the first
        pole = -90.0 if out[0][1] < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole)]
    lons = [lon for lon, _ in out]
    rings = [out]
    if max(lons) > 180:
        rings.append([(lon - 360, lat) for lon, lat in out])
    if min(lons) < -180:
        rings.append([(lon + 360, lat) for lon, lat in out])
    return rings


def ring_path(points: list[tuple[float, float]]) -> str:
    """A ring as an SVG subpath on the integer grid: an absolute move, then relative lines, closed."""
    grid = [(round((lon + 180) * SCALE), round((90 - lat) * SCALE)) for lon, lat in points]
    (x0, y0), out = grid[0], []
    px, py = x0, y0
    for x, y in grid[1:]:
        if (x, y) != (px, py):
            out.append(f"{x - px} {y - py}".replace(" -", "-"))
            px, py = x, y
    if len(out) < 2:
        return ""  # smaller than the grid: nothing to draw
    return f"M{x0} {y0}l" + " ".join(out).replace(" -", "-") + "z"


def countries(topology: dict[str, Any]) -> list[dict[str, str]]:
    """Each country (name, ISO 3166 numeric id when it has one) with its outline as SVG path data."""
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], [])
        d = "".join(ring_path(part) for polygon in polygons for ring in polygon for part in unwrap(_ring(arcs, ring)))
        if d:
            out.append({"id": str(geometry.get("id", "")), "name": geometry["properties"]["name"], "d": d})
    return sorted(out, key=lambda c: (c["name"], c["id"]))


def build(tarball: Path) -> str:
    """The base map file's text for the world-atlas tarball `tarball`."""
    topology, sha256 = read_topology(tarball)
    header = {"source": f"npm {PACKAGE}@{VERSION}, {MEMBER.removeprefix('package/')} (Natural Earth 1:110m)",
              "package": PACKAGE, "version": VERSION, "integrity": INTEGRITY, "sha256": sha256, "licence": LICENCE,
              "built_by": "scripts/build_basemap.py", "projection": "equirectangular",
              "units_per_degree": SCALE, "viewBox": [0, 0, 360 * SCALE, 180 * SCALE]}
    body = ",\n".join(json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in countries(topology))
    return json.dumps(header, ensure_ascii=False)[:-1] + ',\n"countries":[\n' + body + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    return build_main(argv, __doc__.split("\n")[0], PACKAGE, VERSION, OUT, build)

if __name__ == "__main__":
    sys.exit(main())
