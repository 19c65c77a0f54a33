"""Features of one token for the TimeML event detector: what TempEval-3's best systems used.

Why these: ATT-1, ClearTK and NavyTime (TempEval-3 task B) classified each token from its
word, lemma, part of speech, affixes, neighbours and dependency context; the same signals
come from the spaCy parse that every other stage reads, so the detector costs a feature
lookup per token, not another model. Nominal events ("the merger", "talks") are told from
entities and objects by their suffix (-tion, -ment, -al), their determiner, the light verb
they hang under ("held talks") and the preposition after them ("the sale of"); verbs by
their morphology and arguments. The extraction is shared by the training script and the
stage, so the features a model was trained on are the ones it is run with.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from dateline.resources import load_tsv, resource_path

__all__ = ["CANDIDATE_POS", "FEATURE_FILES", "FEATURE_VERSION", "doc_features", "feature_data_digest", "is_candidate",
           "verb_index"]

# bump when the features change: the shipped model records the version it was trained with
FEATURE_VERSION = 3

# parts of speech an event head can have: in TimeBank + AQUAINT 99.7 % of the events are
# verbs, nouns, adjectives or auxiliaries ("is" of a state); names, numbers, prepositions and
# adverbs head 0.3 % (32 of 11,126) while making 43 % of the tokens, so they are not scored
CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ", "AUX"})
# morphological features that tell tense, aspect and form
_MORPH = ("Tense", "VerbForm", "Aspect", "Mood", "Number")


# the lexicons the features read (in resources/events/detector/): a model is only valid with
# the files it was trained with, so the model records their digest
FEATURE_FILES = ("class_cues.tsv", "nominalisations.tsv", "wordnet_senses.tsv")


def feature_data_digest() -> str:
    """A digest of the feature lexicons, recorded in the model so a test can compare them."""
    digest = hashlib.sha256()
    for name in FEATURE_FILES:
        data = Path(resource_path(f"events/detector/{name}")).read_bytes()
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def is_candidate(token: Token) -> bool:
    """Whether a token may head an event at all (punctuation, determiners, pronouns never do)."""
    return token.pos_ in CANDIDATE_POS and not token.is_space and not token.is_punct


@lru_cache(maxsize=1)
def _nominal_suffixes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = load_tsv("events/detector/nominalisations.tsv", ("suffix", "endings"))
    return tuple(
        (r["suffix"], tuple("" if e == "-" else e for e in r["endings"].split(",")))
        for r in sorted(rows, key=lambda r: -len(r["suffix"]))
    )


@lru_cache(maxsize=1)
def _class_cues() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for row in load_tsv("events/detector/class_cues.tsv", ("lemma", "class")):
        out.setdefault(row["lemma"], []).append(row["class"])
    return {lemma: tuple(classes) for lemma, classes in out.items()}


@lru_cache(maxsize=1)
def _supersenses() -> dict[tuple[str, str], tuple[str, ...]]:
    """(lemma, WordNet part of speech) -> the WordNet supersenses of its most frequent senses.

    Built by scripts/build_wordnet_senses.py from WordNet 3.1: what tells a verb of saying
    from one of thinking, and an event noun from a thing, for lemmas TimeBank seldom shows.
    """
    rows = load_tsv("events/detector/wordnet_senses.tsv", ("lemma", "pos", "senses"))
    return {(r["lemma"], r["pos"]): tuple(r["senses"].split(",")) for r in rows}


# spaCy's coarse part of speech -> WordNet's (auxiliaries are verbs; names are looked up as nouns)
_WORDNET_POS = {"VERB": "v", "AUX": "v", "NOUN": "n", "PROPN": "n", "ADJ": "a"}
# clausal complements: what intensional events (I_ACTION, I_STATE) and reports take
_COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp"})


@lru_cache(maxsize=1)
def _coded_heads() -> frozenset[tuple[str, str]]:
    """(lemma, POS) of every head the PLOVER trigger table codes: news events by our own lexicon."""
    from dateline.pipeline.events.lexicon import load_lexicon

    return frozenset((rule.head, rule.pos) for rule in load_lexicon().rules if not rule.is_frame)


def verb_index(nlp: Language) -> frozenset[str]:
    """The verb lemmas the pipeline's lemmatizer knows (its WordNet-derived index), or none.

    Read from the loaded pipeline, not shipped: any English spaCy pipeline with a rule
    lemmatizer has it; without one the deverbal features simply never fire.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(lookups.get_table("lemma_index").get("verb", []))


def _deverbal(lemma: str, verbs: frozenset[str]) -> str | None:
    """The suffix by which `lemma` is a noun made of a verb the index knows, else None."""
    for suffix, endings in _nominal_suffixes():
        if lemma.endswith(suffix) and len(lemma) > len(suffix) + 2:
            stem = lemma[: -len(suffix)]
            for ending in endings:
                if stem + ending in verbs:
                    return suffix
    return None


def _shape(text: str) -> str:
    if text.isalpha():
        return "AA" if text.isupper() and len(text) > 1 else "Aa" if text[0].isupper() else "a"
    if text.isupper() and len(text) > 1:
        return "AA"
    if text[:1].isupper():
        return "Aa"
    return "9" if _DIGIT(text) else "a"


_DIGIT = re.compile(r"\d").search


_CHILD_DEPS = frozenset({"det", "poss", "nsubj", "nsubjpass", "dobj", "aux", "auxpass", "neg", "prep", "prt",
                         "ccomp", "xcomp", "mark", "nummod", "compound", "amod", "acomp", "attr", "cop"})
_CHILD_WORD_DEPS = frozenset({"det", "prep", "aux", "prt", "neg"})
_GOVERNED_DEPS = frozenset({"dobj", "pobj", "attr", "nsubj"})


def _complement_features(c: int, cd: str, lem: str, lemma: list[str], lower: list[str], pos: list[str],
                         dep: list[str], tag: list[str], children: list[list[int]],
                         verbs: frozenset[str]) -> list[str]:
    """What the complement a token takes says of its class (TimeML 1.2.1, section 2.3.1).

    I_ACTION and I_STATE events introduce another event: a clause ("decided to leave",
    "feared that"), an event noun as object ("ordered an inquiry") or a gerund after a
    preposition ("accused of lying"); the complement's form, not only that there is one.
    """
    out: list[str] = []
    if cd in _COMPLEMENT_DEPS:
        out += [f"cx={cd}|{pos[c]}", f"lcx={lem}|{cd}"]
        grand = children[c]
        if any(dep[g] == "aux" and lower[g] == "to" for g in grand):
            out.append("cto")
        if any(dep[g] == "mark" for g in grand):
            out.append("cmark")
    elif cd == "dobj" and pos[c] == "NOUN" and _deverbal(lemma[c], verbs):
        out.append("cdobj_ev")
    elif cd == "prep" and any(dep[g] == "pcomp" or (dep[g] == "pobj" and tag[g] == "VBG") for g in children[c]):
        out.append(f"cpcomp={lower[c]}")
    return out


def doc_features(doc: Doc, verbs: frozenset[str] = frozenset()) -> tuple[list[Token], list[list[str]]]:
    """The candidate tokens of `doc` and the feature strings of each, in a fixed order.

    One pass reads every token's attributes into lists first: spaCy builds a new Token object
    on each access, and a token's neighbours, head and children are each read several times.
    """
    tokens = list(doc)
    lower = [t.lower_ for t in tokens]
    lemma = [t.lemma_.lower() for t in tokens]
    tag = [t.tag_ for t in tokens]
    pos = [t.pos_ for t in tokens]
    dep = [t.dep_ for t in tokens]
    head = [t.head.i for t in tokens]
    children: list[list[int]] = [[] for _ in tokens]
    for i, h in enumerate(head):
        if h != i:
            children[h].append(i)
    coded, cues, wordnet, n = _coded_heads(), _class_cues(), _supersenses(), len(tokens)
    out_tokens: list[Token] = []
    out: list[list[str]] = []
    for i, token in enumerate(tokens):
        if pos[i] not in CANDIDATE_POS or token.is_space or token.is_punct:
            continue
        w, lem, tg, u, d, h = lower[i], lemma[i], tag[i], pos[i], dep[i], head[i]
        feats = [
            "b",  # bias: every token has it
            f"w={w}", f"l={lem}", f"t={tg}", f"u={u}", f"lt={lem}|{tg}", f"d={d}", f"dt={d}|{u}",
            f"s={_shape(token.text)}", f"s3={w[-3:]}", f"s4={w[-4:]}", f"p3={w[:3]}",
            f"hl={lemma[h]}" if h != i else "hl=ROOT", f"ht={tag[h]}", f"hd={dep[h]}", f"dhl={d}|{lemma[h]}",
            f"e={token.ent_type_ or '-'}", f"ei={token.ent_iob_}",
        ]
        nominal = u in ("NOUN", "PROPN")
        if nominal:
            if lem in verbs:
                feats.append("nv")  # a noun that is also a verb: "attack", "talk", "blast"
            suffix = _deverbal(lem, verbs)
            if suffix:
                feats += ["dv", f"dv={suffix}"]
        if (lem, "NOUN" if nominal else "VERB") in coded:
            feats += ["lx", f"lxu={u}"]
        for cls in cues.get(lem, ()):
            feats += [f"k={cls}", f"ku={cls}|{u}"]
        senses = wordnet.get((lem, _WORDNET_POS[u]), ())
        if senses:
            feats += [f"wn1={senses[0]}", f"wn1u={senses[0]}|{u}"] + [f"wn={sense}" for sense in senses]
        morph = token.morph.to_dict()
        for name in _MORPH:
            value = morph.get(name)
            if value:
                feats.append(f"m{name}={value.split(',')[0]}")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n:
                feats.append(f"t{offset}={tag[j]}")
                if offset in (-1, 1):
                    feats.append(f"l{offset}={lemma[j]}")
                    feats.append(f"lt{offset}={tag[j]}|{tg}")
            else:
                feats.append(f"t{offset}=<S>")
        for c in children[i]:
            cd = dep[c]
            if cd in _CHILD_DEPS:
                feats.append(f"c={cd}")
            if cd in _CHILD_WORD_DEPS:
                feats.append(f"c{cd}={lower[c]}")
            feats += _complement_features(c, cd, lem, lemma, lower, pos, dep, tag, children, verbs)
        if h != i and d in _GOVERNED_DEPS:
            grand = head[h] if d == "pobj" else h
            feats.append(f"gov={d}|{lemma[grand]}")
        out_tokens.append(token)
        out.append(feats)
    return out_tokens, out
