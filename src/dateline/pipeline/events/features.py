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

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IS_PUNCT, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from dateline.resources import load_tsv, resource_path

__all__ = ["CANDIDATE_POS", "FEATURE_FILES", "FEATURE_VERSION", "doc_features", "feature_data_digest", "is_candidate",
           "noun_senses",
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


def noun_senses(lemma: str) -> tuple[str, ...]:
    """The WordNet supersenses of a noun's most frequent senses ("prize" -> possession, artifact)."""
    return _supersenses().get((lemma, "n"), ())


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


# Per-process memos of feature strings that depend on a few token attributes only: a word
# and its tags recur all over a corpus (Zipf), so most tokens' strings are built once, not
# once per token. Bounded (cleared when full) so a long-running server does not grow them.
_MEMO_LIMIT = 200_000
_LEXICAL: dict[tuple[str, str, str, str, str, str], tuple[str, ...]] = {}
_CONTEXT: dict[tuple[bool, str, str, str, str, str, int], tuple[str, ...]] = {}
_LEMMA: dict[tuple[str, str, frozenset[str]], tuple[str, ...]] = {}
_MORPHS: dict[int, tuple[str, ...]] = {}
_TAGS: dict[tuple[str, str, str, str, str], tuple[str, ...]] = {}
_BEFORE: dict[str, str] = {}
_AFTER: dict[str, str] = {}
_CHILD: dict[tuple[str, str], tuple[str, ...]] = {}
# spaCy string ids -> strings (and lemma ids -> lowered lemmas): an id is a hash of its string,
# the same in every vocabulary, so one map serves every Doc
_NAMES: dict[int, str] = {}
_LOWERED: dict[int, str] = {}
_MEMOS: tuple[dict, ...] = (_LEXICAL, _CONTEXT, _LEMMA, _MORPHS, _TAGS, _BEFORE, _AFTER,  # type: ignore[type-arg]
                            _CHILD, _NAMES, _LOWERED)
_IOB = ("", "I", "O", "B")  # spaCy's ENT_IOB codes, as `Token.ent_iob_` gives them
_COMPLEMENT_TRIGGER_DEPS = _COMPLEMENT_DEPS | {"dobj", "prep"}  # the deps `_complement_features` reads
_ATTRS: list[int | str] = [ORTH, LOWER, TAG, POS, DEP, ENT_TYPE, LEMMA, HEAD, ENT_IOB, MORPH, IS_SPACE, IS_PUNCT]
_N_STRING_ATTRS = 6  # ORTH ... ENT_TYPE: read as strings


def _lexical(text: str, w: str, lem: str, tg: str, u: str, d: str) -> tuple[str, ...]:
    """The features of the word itself, its tags and its dependency label, in model order."""
    return ("b",  # bias: every token has it
            f"w={w}", f"l={lem}", f"t={tg}", f"u={u}", f"lt={lem}|{tg}", f"d={d}", f"dt={d}|{u}",
            f"s={_shape(text)}", f"s3={w[-3:]}", f"s4={w[-4:]}", f"p3={w[:3]}")


def _lemma_features(lem: str, u: str, verbs: frozenset[str]) -> tuple[str, ...]:
    """What the lexicons say of a lemma with this part of speech: deverbal, coded, class cues, WordNet."""
    feats: list[str] = []
    nominal = u in ("NOUN", "PROPN")
    if nominal:
        if lem in verbs:
            feats.append("nv")  # a noun that is also a verb: "attack", "talk", "blast"
        suffix = _deverbal(lem, verbs)
        if suffix:
            feats += ["dv", f"dv={suffix}"]
    if (lem, "NOUN" if nominal else "VERB") in _coded_heads():
        feats += ["lx", f"lxu={u}"]
    for cls in _class_cues().get(lem, ()):
        feats += [f"k={cls}", f"ku={cls}|{u}"]
    senses = _supersenses().get((lem, _WORDNET_POS[u]), ())
    if senses:
        feats += [f"wn1={senses[0]}", f"wn1u={senses[0]}|{u}"] + [f"wn={sense}" for sense in senses]
    return tuple(feats)


def _morph_features(token: Token) -> tuple[str, ...]:
    morph = token.morph.to_dict()
    return tuple(f"m{name}={morph[name].split(',')[0]}" for name in _MORPH if morph.get(name))


def _neighbours(i: int, n: int, tag: list[str], lemma: list[str]) -> list[str]:
    """The neighbour features as the model reads them: tags two either side, lemma and tag
    pair one either side, "<S>" past either end of the document."""
    tg = tag[i]
    feats: list[str] = []
    for offset in (-2, -1, 1, 2):
        j = i + offset
        if 0 <= j < n:
            feats.append(f"t{offset}={tag[j]}")
            if offset in (-1, 1):
                feats.append(f"l{offset}={lemma[j]}")
                feats.append(f"lt{offset}={tag[j]}|{tg}")
        else:
            feats.append(f"t{offset}=<S>")
    return feats


def _strings(ids: list[int], memo: dict[int, str], strings: StringStore, lowered: bool = False) -> list[str]:
    """The strings of spaCy string ids (lowered if asked), through the process-wide memo."""
    try:
        return list(map(memo.__getitem__, ids))
    except KeyError:
        for key in set(ids).difference(memo):
            memo[key] = strings[key].lower() if lowered else strings[key]
        return list(map(memo.__getitem__, ids))


def doc_features(doc: Doc, verbs: frozenset[str] = frozenset()) -> tuple[list[Token], list[list[str]]]:
    """The candidate tokens of `doc` and the feature strings of each, in a fixed order.

    Why this shape: every token's attributes come from one `Doc.to_array` as string ids, mapped
    to strings through a memo, so no `Token` object is built for a token that is not a
    candidate (spaCy builds a new one on each access, and a head or neighbour is read several
    times); the strings themselves come from the memos above, keyed on what they depend on,
    a whole group per lookup. The strings and their order are exactly those of one f-string
    per feature (`_lexical`, `_neighbours`, ... say which).
    """
    n = len(doc)
    if n == 0:
        return [], []
    if sum(map(len, _MEMOS)) > _MEMO_LIMIT:
        for memo in _MEMOS:
            memo.clear()
    strings = doc.vocab.strings
    array = doc.to_array(_ATTRS)
    orth, lower, tag, pos, dep, ent_type = (
        _strings(column, _NAMES, strings) for column in array[:, :_N_STRING_ATTRS].T.tolist())
    lemma = _strings(array[:, 6].tolist(), _LOWERED, strings, lowered=True)
    # HEAD is an offset, stored unsigned: signed again, plus the token's own index
    head = (array[:, 7].view(np.int64) + np.arange(n, dtype=np.int64)).tolist()
    ent_iob, morph_key, space, punct = array[:, 8:].T.tolist()
    children: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(head):
        if h != i:
            children[h].append(i)
    lemma_memo, tags_memo, before, after = _LEMMA, _TAGS, _BEFORE, _AFTER
    out_tokens: list[Token] = []
    out: list[list[str]] = []
    for i in range(n):
        u = pos[i]
        if u not in CANDIDATE_POS or space[i] or punct[i]:
            continue
        token = doc[i]
        w, lem, tg, d, h = lower[i], lemma[i], tag[i], dep[i], head[i]
        key = (orth[i], w, lem, tg, u, d)
        lexical = _LEXICAL.get(key)
        if lexical is None:
            lexical = _LEXICAL[key] = _lexical(*key)
        context_key = (h == i, lemma[h], tag[h], dep[h], d, ent_type[i], ent_iob[i])
        context = _CONTEXT.get(context_key)
        if context is None:
            context = _CONTEXT[context_key] = (
                "hl=ROOT" if h == i else f"hl={lemma[h]}", f"ht={tag[h]}", f"hd={dep[h]}", f"dhl={d}|{lemma[h]}",
                f"e={ent_type[i] or '-'}", f"ei={_IOB[ent_iob[i]]}")
        lemma_key = (lem, u, verbs)
        lexicons = lemma_memo.get(lemma_key)
        if lexicons is None:
            lexicons = lemma_memo[lemma_key] = _lemma_features(lem, u, verbs)
        morph = _MORPHS.get(morph_key[i])
        if morph is None:
            morph = _MORPHS[morph_key[i]] = _morph_features(token)
        feats = [*lexical, *context, *lexicons, *morph]
        if 2 <= i < n - 2:
            # t-2, t-1, l-1, lt-1, t1, l1, lt1, t2: the tags from one memo, the lemmas from two
            tags_key = (tag[i - 2], tag[i - 1], tg, tag[i + 1], tag[i + 2])
            tags = tags_memo.get(tags_key)
            if tags is None:
                tags = tags_memo[tags_key] = (
                    f"t-2={tags_key[0]}", f"t-1={tags_key[1]}", f"lt-1={tags_key[1]}|{tg}",
                    f"t1={tags_key[3]}", f"lt1={tags_key[3]}|{tg}", f"t2={tags_key[4]}")
            lemma_before, lemma_after = lemma[i - 1], lemma[i + 1]
            feature_before = before.get(lemma_before)
            if feature_before is None:
                feature_before = before[lemma_before] = f"l-1={lemma_before}"
            feature_after = after.get(lemma_after)
            if feature_after is None:
                feature_after = after[lemma_after] = f"l1={lemma_after}"
            feats += (tags[0], tags[1], feature_before, tags[2], tags[3], feature_after, tags[4], tags[5])
        else:
            feats += _neighbours(i, n, tag, lemma)
        for c in children[i]:
            cd = dep[c]
            child_key = (cd, lower[c])
            child = _CHILD.get(child_key)
            if child is None:
                child = _CHILD[child_key] = (
                    (f"c={cd}",) * (cd in _CHILD_DEPS) + (f"c{cd}={lower[c]}",) * (cd in _CHILD_WORD_DEPS))
            feats += child
            if cd in _COMPLEMENT_TRIGGER_DEPS:
                feats += _complement_features(c, cd, lem, lemma, lower, pos, dep, tag, children, verbs)
        if h != i and d in _GOVERNED_DEPS:
            grand = head[h] if d == "pobj" else h
            feats.append(f"gov={d}|{lemma[grand]}")
        out_tokens.append(token)
        out.append(feats)
    return out_tokens, out
