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

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Token

from dateline.resources import load_tsv

__all__ = ["CANDIDATE_POS", "FEATURE_VERSION", "is_candidate", "token_features", "verb_index"]

# bump when the features change: the shipped model records the version it was trained with
FEATURE_VERSION = 1

# parts of speech an event head can have (TimeML: verbs, nouns, adjectives, and the few
# prepositional and numeral heads of states, which the detector leaves aside)
CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ", "AUX", "PROPN", "ADV", "NUM", "ADP"})
# morphological features that tell tense, aspect and form
_MORPH = ("Tense", "VerbForm", "Aspect", "Mood", "Number")


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
    if text.isupper() and len(text) > 1:
        return "AA"
    if text[:1].isupper():
        return "Aa"
    if any(c.isdigit() for c in text):
        return "9"
    return "a"


def token_features(token: Token, verbs: frozenset[str] = frozenset()) -> list[str]:
    """The feature strings of `token` (a candidate), in a fixed order."""
    lower = token.lower_
    lemma = token.lemma_.lower()
    tag = token.tag_
    head = token.head
    feats = [
        "b",  # bias: every token has it
        f"w={lower}",
        f"l={lemma}",
        f"t={tag}",
        f"u={token.pos_}",
        f"lt={lemma}|{tag}",
        f"d={token.dep_}",
        f"dt={token.dep_}|{token.pos_}",
        f"s={_shape(token.text)}",
        f"s3={lower[-3:]}",
        f"s4={lower[-4:]}",
        f"p3={lower[:3]}",
        f"hl={head.lemma_.lower()}" if head.i != token.i else "hl=ROOT",
        f"ht={head.tag_}",
        f"hd={head.dep_}",
        f"dhl={token.dep_}|{head.lemma_.lower()}",
        f"e={token.ent_type_ or '-'}",
        f"ei={token.ent_iob_}",
    ]
    if token.pos_ in ("NOUN", "PROPN"):
        if lemma in verbs:
            feats.append("nv")  # a noun that is also a verb: "attack", "talk", "blast"
        suffix = _deverbal(lemma, verbs)
        if suffix:
            feats += ["dv", f"dv={suffix}"]
    if (lemma, "NOUN" if token.pos_ in ("NOUN", "PROPN") else "VERB") in _coded_heads():
        feats += ["lx", f"lxu={token.pos_}"]
    for cls in _class_cues().get(lemma, ()):
        feats += [f"k={cls}", f"ku={cls}|{token.pos_}"]
    for name in _MORPH:
        values = token.morph.get(name)
        if values:
            feats.append(f"m{name}={values[0]}")
    doc = token.doc
    for offset in (-2, -1, 1, 2):
        j = token.i + offset
        if 0 <= j < len(doc):
            other = doc[j]
            feats.append(f"t{offset}={other.tag_}")
            if offset in (-1, 1):
                feats.append(f"l{offset}={other.lemma_.lower()}")
                feats.append(f"lt{offset}={other.tag_}|{tag}")
        else:
            feats.append(f"t{offset}=<S>")
    for child in token.children:
        dep = child.dep_
        if dep in ("det", "poss", "nsubj", "nsubjpass", "dobj", "aux", "auxpass", "neg", "prep", "prt",
                   "ccomp", "xcomp", "mark", "nummod", "compound", "amod", "acomp", "attr", "cop"):
            feats.append(f"c={dep}")
        if dep in ("det", "prep", "aux", "prt", "neg"):
            feats.append(f"c{dep}={child.lower_}")
    if head.i != token.i and token.dep_ in ("dobj", "pobj", "attr", "nsubj"):
        grand = head.head if token.dep_ == "pobj" else head
        feats.append(f"gov={token.dep_}|{grand.lemma_.lower()}")
    return feats
