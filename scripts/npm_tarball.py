"""Reads one file out of an npm package tarball, checked against the registry's integrity.

Why npm: the registry is reachable from every machine we build on and pins each release by
a sha512 integrity, so a data file built from a package (the Map page's Natural Earth
outlines, the event detector's WordNet supersenses) is rebuilt from the same bytes anywhere.
The scripts that use this run at build time only; nothing is fetched when dateline runs.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["build_main", "fetch", "read_member"]


def fetch(package: str, version: str, into: Path) -> Path:
    """`npm pack PACKAGE@VERSION` into `into`: the tarball from the npm registry."""
    subprocess.run(["npm", "pack", f"{package}@{version}", "--silent"], cwd=into, check=True, capture_output=True)
    return into / f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"


def read_member(tarball: Path, integrity: str, member: str) -> bytes:
    """The bytes of `member` inside `tarball`, after checking the tarball against `integrity`."""
    data = tarball.read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        raise SystemExit(f"{tarball}: integrity {digest} is not the registry's {integrity}")
    with tarfile.open(tarball) as tar:
        try:
            extracted = tar.extractfile(member)
        except KeyError:
            extracted = None
        if extracted is None:
            raise SystemExit(f"{tarball} has no {member}")
        return extracted.read()


def build_main(argv: list[str] | None, description: str, package: str, version: str, out: Path,
               build: Callable[[Path], str]) -> int:
    """The command line every build script shares: build from a tarball (npm-packed unless
    given), then write the file, or with --check compare it with the shipped one."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--tarball", type=Path, help=f"a {package}-{version}.tgz (default: npm pack it)")
    parser.add_argument("--check", action="store_true", help="compare with the shipped file, write nothing")
    parser.add_argument("--out", type=Path, default=out)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        text = build(args.tarball or fetch(package, version, Path(tmp)))
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'matches' if same else 'DIFFERS from'} the build")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode()):,} bytes)")
    return 0
