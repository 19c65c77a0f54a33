"""Entities: people, organisations and groups, each mentioned once or many times, one record.

Why more than spaCy's NER: an analyst needs "Bashar Assad", "Assad", "Bashar al-Assad",
"the Syrian dictator" and "he" as one actor, "Ehab and Eyad Makhlouf" as two people, and
the titles and kinship said of them. The rules here work on any article: names cluster by
their tokens, descriptions become mentions when their head noun was said of exactly one
person, and pronouns go to the nearest person before them. Spans that the places stage
claimed (it knows "Daraa" is a town even when the model says ORG) are never entities.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial

from spacy.tokens import Doc, Span, Token

from dateline.errors import ResourceError
from dateline.model import Description, Entity, EntityRelation, Mention, Record
from dateline.pipeline.gender import agrees, name_gender, word_gender
from dateline.pipeline.nlp import sentence_of
from dateline.pipeline.spans import MentionIndex
from dateline.resources import load_yaml
from dateline.settings import Settings

__all__ = ["EntityLexicon", "EntityStage", "load_lexicon"]

_FILE = "entities/lexicon.yaml"
_KEYS = {
    "ner_labels", "titles", "relations", "groups", "group_modifiers", "unnamed_people", "person_pronouns",
    "plural_pronouns", "name_particles", "leading_words", "collective", "merge_by_class", "speech_lemmas",
    "female_words", "male_words",
}
_ARMED_CLASSES = {"forces", "army", "air-force", "fighters"}


@dataclass(frozen=True)
class EntityLexicon:
    ner_labels: dict[str, str]
    titles: frozenset[str]
    relations: frozenset[str]
    groups: dict[str, str]
    group_modifiers: dict[str, str]
    unnamed_people: frozenset[str]
    person_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    name_particles: frozenset[str]
    leading_words: frozenset[str]
    collective: frozenset[str]
    merge_by_class: frozenset[str]
    speech_lemmas: frozenset[str]
    female_words: frozenset[str]
    male_words: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> EntityLexicon:
    data = load_yaml(_FILE)
    if not isinstance(data, dict):
        raise ResourceError(_FILE, "expected a mapping")
    unknown = set(data) - _KEYS
    missing = _KEYS - set(data)
    if unknown or missing:
        raise ResourceError(_FILE, f"unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    return EntityLexicon(
        ner_labels=dict(data["ner_labels"]),
        titles=frozenset(data["titles"]),
        relations=frozenset(data["relations"]),
        groups=dict(data["groups"]),
        group_modifiers=dict(data["group_modifiers"]),
        unnamed_people=frozenset(data["unnamed_people"]),
        person_pronouns=frozenset(data["person_pronouns"]),
        plural_pronouns=frozenset(data["plural_pronouns"]),
        name_particles=frozenset(data["name_particles"]),
        leading_words=frozenset(data["leading_words"]),
        collective=frozenset(data["collective"]),
        merge_by_class=frozenset(data["merge_by_class"]),
        speech_lemmas=frozenset(data["speech_lemmas"]),
        female_words=frozenset(data["female_words"]),
        male_words=frozenset(data["male_words"]),
    )


@dataclass
class _Cluster:
    type: str
    key: frozenset[str]  # name tokens (people), class (groups) or normalized name (orgs)
    mentions: list[Mention] = field(default_factory=list)
    descriptions: list[Description] = field(default_factory=list)
    relations: list[tuple[str, int, Mention]] = field(default_factory=list)  # (relation, owner offset, evidence)
    place: str | None = None
    full_names: list[str] = field(default_factory=list)

    def best_name(self) -> str:
        names = self.full_names or [m.text for m in self.mentions if m.kind == "name"]
        names = names or [m.text for m in self.mentions]
        return max(names, key=lambda n: (len(n.split()), len(n)))


class EntityStage:
    """Builds `record.entities`; reads `record.places` to leave place names alone."""

    name = "entities"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lex = load_lexicon()

    # -- public entry ---------------------------------------------------------------------------
    def __call__(self, doc: Doc, record: Record) -> None:
        self._reclaim_people(doc, record)
        blocked = [(m.start, m.end) for p in record.places for m in p.mentions]
        blocked += [(s.start, s.end) for s in record.document.ignored]
        clusters: list[_Cluster] = []
        taken: list[tuple[int, int]] = []
        spans = self._name_spans(doc, blocked)
        for i, span in enumerate(spans):
            following = spans[i + 1] if i + 1 < len(spans) else None
            for part in self._split_coordination(span, following):
                self._add_name(clusters, part, taken)
        self._add_name_parts(doc, clusters, blocked + taken)
        self._add_groups(doc, clusters, blocked + taken, MentionIndex.of_places(record))
        self._add_countries(record, clusters)
        self._add_descriptions(doc, clusters)
        names_only = [(m.start, m.end) for p in record.places for m in p.mentions if m.kind != "demonym"]
        names_only += [(s.start, s.end) for s in record.document.ignored]
        self._add_description_mentions(doc, clusters, names_only)  # "the Syrian dictator" is a person
        self._add_pronouns(doc, clusters)
        record.entities = self._to_entities(clusters)

    def _reclaim_people(self, doc: Doc, record: Record) -> None:
        """A name the gazetteer could not resolve and that speaks or holds a role is a person:
        the model tags "Hadi al-Bahra" GPE; the place stage keeps such names as unknown places
        only until this stage sees the role ("the leader of ...") or the speech verb."""
        kept = []
        for place in record.places:
            person = place.kind == "unknown" and all(
                (ent := doc.char_span(m.start, m.end, alignment_mode="expand")) is not None
                and self._acts_as_person(ent, speaking=True)
                for m in place.mentions
            )
            if not person:
                kept.append(place)
        if len(kept) != len(record.places):
            record.places = [p.model_copy(update={"id": f"p{i}"}) for i, p in enumerate(kept, 1)]

    # -- names ----------------------------------------------------------------------------------
    def _name_spans(self, doc: Doc, blocked: list[tuple[int, int]]) -> list[Span]:
        spans = []
        for ent in doc.ents:
            if _overlaps(ent.start_char, ent.end_char, blocked):
                continue
            if ent.label_ in {"GPE", "LOC", "ORG"} and self._acts_as_person(ent, speaking=ent.label_ != "ORG"):
                ent = Span(doc, ent.start, ent.end, label="PERSON")
            if ent.label_ not in self.lex.ner_labels:
                continue
            span = self._trim(ent)
            if span is not None and any(t.is_alpha and t.text[0].isupper() for t in span):
                spans.append(span)
        return spans

    def _acts_as_person(self, ent: Span, speaking: bool) -> bool:
        """A name with a personal role is a person: ", stressed Hadi al-Bahra, the leader of ...",
        "his daughter, Elena" — whatever label the model gave it (places were claimed before)."""
        root = ent.root
        roles = self.lex.titles | self.lex.relations
        has_role = any(c.dep_ == "appos" and c.lemma_.lower() in roles for c in root.children)
        has_role = has_role or (root.dep_ == "appos" and root.head.lemma_.lower() in roles)
        speaks = speaking and root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_.lower() in self.lex.speech_lemmas
        return has_role or speaks

    def _trim(self, span: Span) -> Span | None:
        start, end = span.start, span.end
        while start < end and (span.doc[start].lower_ in self.lex.leading_words or span.doc[start].is_punct):
            start += 1
        while end > start and (span.doc[end - 1].tag_ == "POS" or span.doc[end - 1].is_punct):
            end -= 1
        if start >= end:
            return None
        return Span(span.doc, start, end, label=span.label)

    def _split_coordination(self, span: Span, following: Span | None) -> list[tuple[Span, str, str]]:
        """(span, label, full name): "Ehab and Eyad Makhlouf" gives Ehab Makhlouf and Eyad Makhlouf."""
        doc = span.doc
        if (
            span.label_ == "PERSON" and len(span) == 1 and following is not None
            and following.label_ == "PERSON" and len(following) >= 2 and following.start == span.end + 1
            and doc[span.end].lower_ in {"and", "&"}
        ):
            return [(span, "PERSON", f"{span.text} {following[1:].text}")]
        words = [t for t in span if not t.is_space]
        conj = [t for t in words if t.lower_ in {"and", "&"}]
        if span.label_ == "PERSON" and len(conj) == 1 and len(words) >= 4:
            cut = conj[0].i
            left, right = span.doc[span.start : cut], span.doc[cut + 1 : span.end]
            if len(left) == 1 and len(right) >= 2:
                surname = right[1:].text
                return [(left, "PERSON", f"{left.text} {surname}"), (right, "PERSON", right.text)]
            return [(left, "PERSON", left.text), (right, "PERSON", right.text)]
        return [(span, span.label_, span.text)]

    def _add_name_parts(self, doc: Doc, clusters: list[_Cluster], blocked: list[tuple[int, int]]) -> None:
        """Bare first or last names the model missed ("Ehab and Eyad") when only one person has them."""
        owners: dict[str, set[int]] = {}
        for i, c in enumerate(clusters):
            if c.type == "PERSON" and len(c.key) > 1:
                for part in c.key:
                    owners.setdefault(part, set()).add(i)
        for token in doc:
            if not (token.is_title and token.pos_ == "PROPN"):
                continue
            ids = owners.get(token.lower_, set())
            if len(ids) != 1 or _overlaps(token.idx, token.idx + len(token.text), blocked):
                continue
            cluster = clusters[next(iter(ids))]
            if any(m.start <= token.idx < m.end for m in cluster.mentions):
                continue
            cluster.mentions.append(
                Mention(start=token.idx, end=token.idx + len(token.text), text=token.text, kind="alias")
            )

    def _name_key(self, name: str) -> frozenset[str]:
        tokens = re.split(r"[\s\-‐’']+", name.lower())
        return frozenset(t for t in tokens if t and t not in self.lex.name_particles and t.isalpha())

    def _add_name(self, clusters: list[_Cluster], part: tuple[Span, str, str], taken: list) -> None:
        span, label, full = part
        etype = self.lex.ner_labels[label]
        key = self._name_key(full)
        if not key:
            return
        mention = Mention(start=span.start_char, end=span.end_char, text=span.text, kind="name")
        taken.append((mention.start, mention.end))
        match = self._match_name(clusters, etype, key, span.text)
        if match is None:
            clusters.append(_Cluster(type=etype, key=key, mentions=[mention], full_names=[full]))
            return
        match.full_names.append(full)
        if match.key < key:
            match.key = key
        if mention.text != match.best_name():
            mention.kind = "alias"
        match.mentions.append(mention)

    def _match_name(self, clusters: list[_Cluster], etype: str, key: frozenset[str], text: str) -> _Cluster | None:
        """The one cluster this name can be; None when none or several (a bare "Makhlouf")."""
        if etype != "PERSON" and len(key) == 1:
            # the model often calls a bare surname an ORG: "Maduro later said ..."
            people = [c for c in clusters if c.type == "PERSON" and key < c.key]
            if len(people) == 1:
                return people[0]
        same_type = [c for c in clusters if c.type == etype]
        if etype == "PERSON":
            fits = [c for c in same_type if key <= c.key or c.key <= key]
        else:
            fits = [c for c in same_type if key == c.key or _acronym(text) in {"".join(sorted(c.key))}]
        return fits[0] if len(fits) == 1 else None

    # -- groups ---------------------------------------------------------------------------------
    @staticmethod
    def _country_key(token: Token, places: MentionIndex) -> str:
        """The country a modifier names: "Syria's" and "Syrian" are one key (place id, else a stem)."""
        ids = places.at_token(token)
        return ids[0] if ids else token.lower_[:5]

    def _add_groups(
        self, doc: Doc, clusters: list[_Cluster], blocked: list[tuple[int, int]], places: MentionIndex
    ) -> None:
        for chunk in doc.noun_chunks:
            root = chunk.root
            group = self.lex.groups.get(root.lemma_.lower())
            if group is None or root.ent_type_ in {"PERSON"} or _overlaps(root.idx, root.idx + 1, blocked):
                continue
            lemma = root.lemma_.lower()
            if root.tag_ not in {"NNS", "NNPS"} and lemma not in self.lex.collective \
                    and lemma not in self.lex.unnamed_people:
                continue
            start = chunk.start
            while start < root.i and (doc[start].lower_ in self.lex.leading_words or doc[start].like_num
                                      or doc[start].dep_ in {"advmod", "quantmod", "nummod"}
                                      or doc[start].lower_ in {"about", "around", "some", "than", "more"}):
                start += 1
            if group in _ARMED_CLASSES:
                # "government troops" and "opposition forces" are different sides
                for mod in (t.lemma_.lower() for t in doc[start : root.i]):
                    group = self.lex.group_modifiers.get(mod, group)
            demonyms = frozenset(
                self._country_key(t, places) for t in doc[start : root.i] if t.ent_type_ in {"NORP", "GPE"}
            )
            span = doc[start : root.i + 1]
            mention = Mention(start=span.start_char, end=span.end_char, text=span.text, kind="name")
            if group not in self.lex.merge_by_class:
                group = group + ":" + " ".join(t.lower_ for t in span)
            key = frozenset({"cls:" + group}) | demonyms
            match = next((c for c in clusters if c.type == "GROUP" and _compatible_group(c.key, key)), None)
            if match is None:
                clusters.append(_Cluster(type="GROUP", key=key, mentions=[mention]))
            else:
                match.key = match.key | key
                mention.kind = "alias"
                match.mentions.append(mention)

    def _add_countries(self, record: Record, clusters: list[_Cluster]) -> None:
        """Countries can act ("Russia promised ..."): each named country is also an actor entity."""
        for place in record.places:
            if place.kind != "country":
                continue
            names = [m.model_copy() for m in place.mentions if m.kind == "name"]
            if names:
                clusters.append(_Cluster(type="GPE_ACTOR", key=frozenset({place.id}), mentions=names, place=place.id))

    # -- descriptions, relations ----------------------------------------------------------------
    def _cluster_at(self, clusters: list[_Cluster], token: Token) -> int | None:
        for i, c in enumerate(clusters):
            for m in c.mentions:
                if m.start <= token.idx < m.end:
                    return i
        return None

    def _add_descriptions(self, doc: Doc, clusters: list[_Cluster]) -> None:
        for i, cluster in enumerate(list(clusters)):
            if cluster.type != "PERSON":
                continue
            for mention in list(cluster.mentions):
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is None:
                    continue
                self._title_before(doc, span, cluster)
                self._appositions(doc, span, cluster, i, clusters)

    def _title_before(self, doc: Doc, span: Span, cluster: _Cluster) -> None:
        """"Syrian dictator Bashar Assad": the words before the name that end in a title."""
        j = span.start - 1
        while j >= 0 and doc[j].dep_ in {"compound", "amod"} and j < doc[j].head.i < span.end:
            j -= 1
        words = doc[j + 1 : span.start]
        if words and words[-1].lemma_.lower() in self.lex.titles:
            cluster.descriptions.append(_description(words))

    def _appositions(self, doc: Doc, span: Span, cluster: _Cluster, index: int, clusters: list[_Cluster]) -> None:
        root = span.root
        partners = [t for t in root.children if t.dep_ == "appos"]
        if root.dep_ == "appos":
            partners.append(root.head)
            partners.extend(t for t in root.head.children if t.dep_ == "appos" and t.i > root.i)
        elif root.dep_ == "conj" and root.head.dep_ == "appos":
            partners.append(root.head.head)  # "his cousins, Ehab and Eyad Makhlouf"
        for partner in partners:
            if span.start <= partner.i < span.end or partner.pos_ == "PROPN":
                continue
            phrase = _np_without_appos(doc, partner)
            cluster.descriptions.append(_description(phrase))
            lemma = partner.lemma_.lower()
            if lemma in self.lex.relations:
                owner = next((c for c in partner.children if c.dep_ == "poss"), None)
                if owner is not None:
                    relation = " ".join(t.lower_ for t in phrase if t.dep_ != "poss" and not t.is_punct)
                    cluster.relations.append((relation, owner.idx, _mention(phrase)))

    def _add_description_mentions(self, doc: Doc, clusters: list[_Cluster], blocked: list) -> None:
        """"the dictator" is Assad when "dictator" was said of him and of nobody else."""
        heads: dict[str, set[int]] = {}
        for i, c in enumerate(clusters):
            for d in c.descriptions:
                head = d.text.split(" of ")[0].split()[-1].lower()
                heads.setdefault(head, set()).add(i)
        blocked = blocked + [(d.start, d.end) for c in clusters for d in c.descriptions]
        for chunk in doc.noun_chunks:
            root = chunk.root
            owners = heads.get(root.lemma_.lower(), set())
            if len(owners) != 1 or chunk[0].lower_ != "the" or root.ent_type_:
                continue
            if _overlaps(chunk.start_char, chunk.end_char, blocked) or self._cluster_at(clusters, root) is not None:
                continue
            cluster = clusters[next(iter(owners))]
            cluster.mentions.append(
                Mention(start=chunk.start_char, end=chunk.end_char, text=chunk.text, kind="description")
            )
        # "government of dictator Bashar al-Assad": the title sits in a compound before a name
        for c in clusters:
            c.mentions.sort(key=lambda m: m.start)

    # -- pronouns -------------------------------------------------------------------------------
    def _add_pronouns(self, doc: Doc, clusters: list[_Cluster]) -> None:
        persons = sorted(
            ((m.start, m.end, i) for i, c in enumerate(clusters) if c.type == "PERSON" for m in c.mentions),
        )
        genders = [self._gender(doc, c) for c in clusters]
        for token in doc:
            lower = token.lower_
            target: int | None = None
            if lower in self.lex.person_pronouns and token.pos_ == "PRON":
                target = _speech_subject(token, clusters, self)
                if target is None and lower in {"his", "himself", "her", "herself"}:
                    target = self._clause_subject(token, clusters)
                if target is not None and not agrees(lower, genders[target]):
                    target = None  # "Smith said she ...": she is not Mr. Smith
                if target is None:
                    # the nearest person named before it that it agrees with: "she" skips a man
                    target = _nearest_before(persons, token.idx, partial(_agrees_with, lower, genders))
                    target = self._unless_described_since(doc, clusters, persons, target, token)
            elif lower in self.lex.plural_pronouns and token.pos_ == "PRON":
                target = _speech_subject(token, clusters, self, plural=True)
            if target is None:
                continue
            mention = Mention(start=token.idx, end=token.idx + len(token.text), text=token.text, kind="pronoun")
            # pronouns do not become antecedents: "he" goes to the last person *named*
            clusters[target].mentions.append(mention)
        for c in clusters:
            c.mentions.sort(key=lambda m: m.start)

    def _unless_described_since(
        self, doc: Doc, clusters: list[_Cluster], persons: list[tuple[int, int, int]], target: int | None,
        pronoun: Token,
    ) -> int | None:
        """`target`, unless a person no name stands for is mentioned after its name and before
        the pronoun, in the pronoun's sentence or the one before ("Police spokesman John Smith
        said the man killed two women. He was arrested"): then "he" is more likely that person,
        whom no entity holds, and stays unresolved rather than go to the farther name; a
        description an entity holds ("the gunman") takes the pronoun."""
        named_end = max((end for _start, end, i in persons if i == target and end <= pronoun.idx), default=0)
        sent = sentence_of(pronoun)
        previous = sentence_of(doc[sent.start - 1]) if sent.start > 0 else sent
        for token in reversed(doc[max(previous.start, 0) : pronoun.i]):
            if token.idx < named_end:
                break
            if token.pos_ != "NOUN" or token.tag_ != "NN" or _embedded(token):
                continue
            lemma = token.lemma_.lower()
            gender = word_gender(lemma, self.lex.female_words, self.lex.male_words)
            if gender is None and lemma not in self.lex.unnamed_people:
                continue
            if not agrees(pronoun.lower_, gender):
                continue
            described = token
            if token.dep_ == "appos" or (token.dep_ == "attr" and token.head.lemma_ == "be"):
                # "Avalos, a mother of two" / "Avalos is the mother of ...": the named one
                subject = token.head if token.dep_ == "appos" else next(
                    (c for c in token.head.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    described = subject
            # the entity whose mention holds the description's head ("a gunman"), if one does
            return next((i for i, c in enumerate(clusters) for m in c.mentions
                         if m.start <= described.idx < m.end), None)
        return target

    def _gender(self, doc: Doc, cluster: _Cluster) -> str | None:
        """What the text says of a person's gender (a title before a name, a description), else
        their first name's, else None; both genders said is None too."""
        if cluster.type != "PERSON":
            return None
        text = doc.text
        said: set[str] = set()
        for m in cluster.mentions:
            if m.kind != "name":
                continue
            before = text[max(0, m.start - 12) : m.start].split()
            if before:
                found = word_gender(before[-1], self.lex.female_words, self.lex.male_words)
                if found:
                    said.add(found)
        for d in cluster.descriptions:
            for word in d.text.split():
                found = word_gender(word, self.lex.female_words, self.lex.male_words)
                if found:
                    said.add(found)
        if not said:
            first = cluster.best_name().split()[0]
            found = name_gender(first)
            if found:
                said.add(found)
        return said.pop() if len(said) == 1 else None

    def _clause_subject(self, token: Token, clusters: list[_Cluster]) -> int | None:
        """"Assad did not tell his brother about his plan": a possessive binds to its clause's subject."""
        verb = token.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.i > token.i:
            return None
        index = self._cluster_at(clusters, subject)
        return index if index is not None and clusters[index].type == "PERSON" else None

    # -- output ---------------------------------------------------------------------------------
    def _to_entities(self, clusters: list[_Cluster]) -> list[Entity]:
        order = sorted(range(len(clusters)), key=lambda i: clusters[i].mentions[0].start)
        ids = {ci: f"e{n}" for n, ci in enumerate(order, start=1)}
        entities = []
        for ci in order:
            c = clusters[ci]
            name = c.best_name()
            aliases = sorted({m.text for m in c.mentions if m.kind in {"name", "alias"} and m.text != name})
            relations = []
            for relation, owner, evidence in c.relations:
                other = self._owner_cluster(clusters, owner)
                if other is not None and other != ci:
                    relations.append(
                        EntityRelation(
                            relation=relation,
                            entity=ids[other],
                            evidence=Description(start=evidence.start, end=evidence.end, text=evidence.text),
                        )
                    )
            entities.append(
                Entity(
                    id=ids[ci],
                    name=name,
                    type=c.type,  # type: ignore[arg-type]
                    aliases=aliases,
                    descriptions=_unique(c.descriptions),
                    relations=relations,
                    place=c.place,
                    mentions=c.mentions,
                )
            )
        return entities

    @staticmethod
    def _owner_cluster(clusters: list[_Cluster], offset: int) -> int | None:
        for i, c in enumerate(clusters):
            if any(m.start <= offset < m.end for m in c.mentions):
                return i
        return None


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _acronym(text: str) -> str:
    return "".join(sorted(w[0].lower() for w in text.split() if w))


def _compatible_group(a: frozenset[str], b: frozenset[str]) -> bool:
    """Same class ("cls:..."); demonyms, when both name some, share one."""
    if {x for x in a if x.startswith("cls:")} != {x for x in b if x.startswith("cls:")}:
        return False
    da, db = {x for x in a if not x.startswith("cls:")}, {x for x in b if not x.startswith("cls:")}
    return not da or not db or bool(da & db)


def _description(span: Span) -> Description:
    return Description(start=span.start_char, end=span.end_char, text=span.text)


def _mention(span: Span) -> Mention:
    return Mention(start=span.start_char, end=span.end_char, text=span.text, kind="description")


def _np_without_appos(doc: Doc, head: Token) -> Span:
    """The noun phrase of `head` without its own appositions and trailing punctuation."""
    tokens = [head]
    # Whatever the parser hung on the head after its apposition belongs to the clause:
    # "his older sister, Leila, about the trip" describes Leila as "his older sister".
    appos_at = min((c.i for c in head.children if c.dep_ == "appos" and c.i > head.i), default=len(doc))
    for child in head.children:
        if child.dep_ in {"appos", "punct", "cc", "conj", "relcl", "acl"} or child.i > appos_at:
            continue
        tokens.extend(child.subtree)
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    return doc[start:end]


def _embedded(token: Token) -> bool:
    """A noun inside another noun's phrase ("the mother of the man's child": the child), less
    salient as an antecedent than the phrase's head (Lappin & Leass 1994)."""
    if token.dep_ in ("poss", "compound", "nmod"):
        return True
    return token.dep_ == "pobj" and token.head.head.pos_ in ("NOUN", "PROPN", "PRON")


def _agrees_with(pronoun: str, genders: list[str | None], index: int) -> bool:
    return agrees(pronoun, genders[index])


def _nearest_before(
    persons: list[tuple[int, int, int]], offset: int, fits: Callable[[int], bool] = lambda _i: True
) -> int | None:
    best = None
    for _start, end, index in persons:
        if end > offset:
            break
        if fits(index):
            best = index
    return best


def _speech_subject(token: Token, clusters: list[_Cluster], stage: EntityStage, plural: bool = False) -> int | None:
    """The subject of the speech verb a pronoun's clause reports: "X announced they had ..."."""
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    verb = token.head
    if verb.dep_ not in {"ccomp"} or verb.head.lemma_ not in stage.lex.speech_lemmas:
        return None
    subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    index = stage._cluster_at(clusters, subject)
    if index is None:
        return None
    if plural != (clusters[index].type == "GROUP"):
        return None
    return index


def _unique(descriptions: list[Description]) -> list[Description]:
    seen: set[tuple[int, int]] = set()
    out = []
    for d in sorted(descriptions, key=lambda d: d.start):
        if (d.start, d.end) not in seen:
            seen.add((d.start, d.end))
            out.append(d)
    return out
