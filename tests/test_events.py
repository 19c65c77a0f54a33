"""events stage: trigger table, argument finding, modality, mapping to entity and place ids."""

from __future__ import annotations

import re

import pytest

from dateline.analyzer import make_document
from dateline.errors import ResourceError
from dateline.model import Entity, Mention, Place, Quantity, Record
from dateline.pipeline import nlp as nlp_module
from dateline.pipeline.events import EventStage
from dateline.pipeline.events.args import repair
from dateline.pipeline.events.lexicon import EVENT_TYPES, _parse_rule, load_lexicon
from dateline.pipeline.events.match import EventMention, find_mentions, open_mention, speech_lemmas
from dateline.pipeline.quotes import find_quotes
from dateline.settings import Settings

LEXICON = load_lexicon()


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_module.load(Settings().model)


def _mentions(nlp, text: str) -> list[EventMention]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    verbs = {q.verb.i for q in find_quotes(doc, speech_lemmas(LEXICON)) if q.verb is not None}
    return [m for sent in doc.sents for m in find_mentions(sent, LEXICON, verbs)]


def _one(mentions: list[EventMention], trigger: str) -> EventMention:
    found = [m for m in mentions if m.tokens[0].doc.text[m.start : m.end] == trigger]
    assert len(found) == 1, [(m.tokens[0].doc.text[m.start : m.end], m.type) for m in mentions]
    return found[0]


# --- the data files -----------------------------------------------------------------------------


def test_events_lexicon_covers_every_type() -> None:
    used = {r.type for r in LEXICON.rules if r.type != "-"}
    assert used == EVENT_TYPES


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"pattern": "flee", "pos": "ADJ", "type": "MOVE"}, "pos must be"),
        ({"pattern": "flee", "pos": "VERB", "type": "ESCAPE"}, "unknown type"),
        ({"pattern": "flee", "pos": "VERB", "type": "MOVE", "flags": "loud"}, "unknown flags"),
        ({"pattern": "flee", "pos": "VERB", "type": "MOVE", "requires": "obj:nothing"}, "unknown word class"),
        ({"pattern": "flee", "pos": "VERB", "type": "MOVE", "requires": "soon"}, "unknown requirement"),
        ({"pattern": "launch", "pos": "VERB", "type": "-"}, "type '-'"),
        ({"pattern": "flee", "pos": "VERB", "type": "MOVE", "example": ""}, "needs an example"),
    ],
)
def test_events_lexicon_rejects_bad_rows(row: dict[str, str], problem: str) -> None:
    full = {"pattern": "", "pos": "", "type": "", "mode": "", "requires": "", "flags": "", "example": "x."}
    full.update(row)
    with pytest.raises(ResourceError, match=problem) as info:
        _parse_rule(full, 7, LEXICON.classes)
    assert "events/triggers.tsv row 7" in str(info.value)


@pytest.mark.model
@pytest.mark.parametrize("rule", LEXICON.rules, ids=lambda r: f"{r.row}-{'_'.join(r.words)}")
def test_events_every_trigger_row_fires_on_its_example(nlp, rule) -> None:  # type: ignore[no-untyped-def]
    mentions = _mentions(nlp, rule.example)
    if rule.is_frame:
        assert any(LEXICON.lemma(m.verb) == rule.head for m in mentions), mentions
    else:
        assert any(m.rule is rule for m in mentions), [(m.rule.words, m.type) for m in mentions]


# --- arguments, passives, coordination, control -------------------------------------------------


def _texts(tokens) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.text for t in tokens]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "actors", "targets"),
    [
        ("Gunmen attacked a police station in Kabul.", "attacked", ["Gunmen"], ["station"]),
        ("The convoy was attacked by militants.", "attacked", ["militants"], ["convoy"]),
        ("A patrol was ambushed near the border.", "ambushed", [], ["patrol"]),
        ("Rebels seized the airport and captured two officers.", "captured", ["Rebels"], ["officers"]),
        ("The rebels tried to flee but were captured.", "captured", [], ["rebels"]),
        ("Ehab and Eyad tried to flee to Lebanon.", "flee", ["Ehab", "Eyad"], []),
        ("The president urged soldiers to hold out.", "urged", ["president"], ["soldiers"]),
        ("One of them was shot dead and the other wounded.", "wounded", [], ["them"]),
        ("The hospital received medical supplies from the Red Cross.", "received", ["Cross"], ["hospital"]),
        ("Jets carried out airstrikes on the port.", "carried out airstrikes", ["Jets"], ["port"]),
        ("An attack by insurgents on the base took place at night.", "attack", ["insurgents"], ["base"]),
        (
            "According to officials, when rebels seized the city, Omar and Ali tried to escape.",
            "escape",
            ["Omar", "Ali"],
            [],
        ),
        ("The minister assured the families that the search would continue.", "assured", ["minister"], ["families"]),
    ],
)
def test_events_arguments(nlp, text: str, trigger: str, actors: list[str], targets: list[str]) -> None:  # type: ignore[no-untyped-def]
    mention = _one(_mentions(nlp, text), trigger)
    assert _texts(mention.actors) == actors
    assert _texts(mention.targets) == targets


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "actors", "targets"),
    [
        # the understood subject of a gerund after a preposition: the clause's for an adjunct,
        # the object's for a complement, the passive subject's for a passive's complement
        ("A nurse has been diagnosed with Ebola a day after flying home.", "flying", ["nurse"], []),
        ("Police arrested him without firing a shot.", "firing", ["Police"], []),  # a shot is a munition
        ("She is now accused of orchestrating an attempt to kill him.", "orchestrating", ["She"], ["attempt"]),
        # a clause coordinator the parse hung on a noun: "doctors" opens the new clause
        ("The body was taken to hospital for observation and doctors there discovered a second wound.",
         "discovered", ["doctors"], ["wound"]),
        ("The suspect was arrested and charged on Monday.", "charged", [], ["suspect"]),
        ("The mayor thanked the volunteers for helping the victims.", "helping", ["volunteers"], ["victims"]),
        ("The group made headlines for backing Biden.", "backing", ["group"], ["Biden"]),
        # an event noun: its possessor is the agent, or the one it happens to; "by X" its agent
        ("Christie's speech angered the senator.", "speech", ["Christie"], []),
        ("His arrest shocked the town.", "arrest", [], ["His"]),
        ("The ruling by the court came on Monday.", "ruling", ["court"], []),
        ("The trip by car took hours.", "trip", [], []),
        # a wire dateline is where the story was filed, not who acted
        ("JAKARTA (Reuters) - Countries around Asia on Tuesday stepped up the search.", "stepped",
         ["Countries"], ["search"]),
        # an unaccusative's subject undergoes the event; its transitive use keeps the agent
        ("The plane disappeared over the sea.", "disappeared", [], ["plane"]),
        ("Prices increased sharply.", "increased", [], ["Prices"]),
        ("The firm increased prices.", "increased", ["firm"], ["prices"]),
        ("The governor declined to comment.", "declined", ["governor"], []),
        # a relative clause on a predicate nominal is about the copula's subject
        ("He is the only senator who has agreed to vote.", "agreed", ["He"], []),
        # a support verb's subject is the agent of the event noun it takes (NomBank's support)
        ("House Republicans are lining up a vote.", "vote", ["Republicans"], []),
        ("The company underwent a restructuring.", "restructuring", [], []),
        # a control noun's agent is the understood subject of its infinitive
        ("Iran's attempt to build a bomb failed.", "build", ["Iran"], ["bomb"]),
        ("House Republicans are lining up a vote to extend the program.", "extend", ["Republicans"], ["program"]),
        ("It was a chance to win the title.", "win", [], ["title"]),
    ],
)
def test_events_open_mention_arguments(nlp, text: str, trigger: str, actors: list[str], targets: list[str]) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    mention = open_mention(token, LEXICON, repair(token.sent))
    assert _texts(mention.actors) == actors
    assert _texts(mention.targets) == targets


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "negated", "modality"),
    [
        ("The general did not tell his staff.", "tell", True, None),
        ("The general failed to inform his staff.", "inform", True, None),
        ("The general never visited the front.", "visited", True, None),
        ("The family tried to flee to Jordan.", "flee", False, "attempt"),
        ("The minister managed to fly to Paris.", "fly", False, None),
        ("They would soon receive military aid.", "receive", False, "future"),
        ("The leaders will meet in Paris.", "meet", False, "future"),
        ("The government plans to send troops to the border.", "send", False, "future"),
        ("The suspect may have fled abroad.", "fled", False, "hedged"),
        ("Russia promised the government military assistance.", "promised", False, "future"),
        ("The Kremlin did not want it.", "want", False, None),
        # negation scopes over a disjunction of verb phrases, not over "but" or a new subject
        ("Police did not arrest or detain the man.", "detain", True, None),
        ("The unit did not flee but surrendered.", "surrendered", False, None),
        ("Rebels never shelled the town and they retreated.", "retreated", False, None),
    ],
)
def test_events_negation_and_modality(  # type: ignore[no-untyped-def]
    nlp, text: str, trigger: str, negated: bool, modality: str | None
) -> None:
    mention = _one(_mentions(nlp, text), trigger)
    assert (mention.negated, mention.modality) == (negated, modality)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("His plan to flee the country was discussed.", "flee"),  # a plan, not a flight
        ("The group threatened to attack the city.", "attack"),  # only the threat happened
        ("The ministry accused Iran of supplying weapons.", "supplying"),
        ("Officials said the army withdrew.", "said"),  # plain attribution is not news
        ("The army began an offensive, according to officials who attended the meeting.", "attended"),
        ("Military support was coming.", "coming"),  # no destination: not a movement
        ("The company fired its manager.", "fired"),  # not munitions
        ("The government released a statement.", "released"),  # not captives
    ],
)
def test_events_not_events(nlp, text: str, absent: str) -> None:  # type: ignore[no-untyped-def]
    mentions = _mentions(nlp, text)
    doc_text = text
    assert absent not in [doc_text[m.start : m.end] for m in mentions]


@pytest.mark.model
def test_events_quoted_speech_is_a_statement_only_with_its_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = '"The situation is critical," stressed the minister. The minister stressed the need for calm.'
    found = _mentions(nlp, text)
    assert [(text[m.start : m.end], m.type, m.start) for m in found] == [
        ("stressed", "STATEMENT", text.index("stressed"))
    ]


# --- the stage: ids, places, quantities, offsets ------------------------------------------------


def _record(text: str, entities: dict[str, list[str]], places: dict[str, list[str]]) -> Record:
    """A record whose entity/place stages found the given surface strings (every occurrence)."""

    def mentions(words: list[str]) -> list[Mention]:
        out = []
        for word in words:
            kind = "pronoun" if word.islower() else "name"
            for m in re.finditer(rf"\b{re.escape(word)}\b", text):
                out.append(Mention(start=m.start(), end=m.end(), text=word, kind=kind))
        return out

    record = Record(document=make_document(text))
    record.entities = [
        Entity(id=i, name=words[0], type="PERSON", mentions=mentions(words)) for i, words in entities.items()
    ]
    record.places = [Place(id=i, name=w[0], kind="city", mentions=mentions(w)) for i, w in places.items()]
    return record


@pytest.mark.model
def test_events_stage_maps_phrases_to_ids(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Karimi fled to Baku with his aides. There, he asked for help."
    record = _record(text, {"e1": ["Karimi", "he"]}, {"p1": ["Baku"]})
    EventStage(Settings())(nlp(text), record)
    fled, asked = [e for e in record.events if e.type is not None]
    assert (fled.id, fled.type, fled.actors, fled.places) == ("ev1", "MOVE", ["e1"], ["p1"])
    assert (asked.id, asked.type, asked.actors, asked.places) == ("ev2", "REQUEST", ["e1"], ["p1"])
    for event in record.events:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        assert event.sentence.start <= event.trigger.start < event.sentence.end


@pytest.mark.model
def test_events_stage_demonyms_are_not_places(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Syrian rebels entered Aleppo."
    record = _record(text, {"e1": ["rebels"]}, {"p1": ["Aleppo"]})
    record.places.append(
        Place(id="p2", name="Syria", kind="country", mentions=[Mention(start=0, end=6, text="Syrian", kind="demonym")])
    )
    EventStage(Settings())(nlp(text), record)
    (entered,) = record.events
    assert (entered.actors, entered.places, entered.targets) == (["e1"], ["p1"], [])


@pytest.mark.model
def test_events_stage_links_quantities_in_argument_phrases(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Rebels took control of 56 villages after two days of fighting."
    record = _record(text, {"e1": ["Rebels"]}, {})
    record.quantities = [
        Quantity(start=23, end=34, text="56 villages", value=56, unit="villages"),
        Quantity(start=41, end=49, text="two days", value=2, unit="days"),
    ]
    EventStage(Settings())(nlp(text), record)
    (took,) = [e for e in record.events if e.type is not None]
    assert (took.type, took.trigger.text, took.quantities) == ("SEIZE", "took control", [0])
    # "fighting" is an event too (TimeML), not coded by the PLOVER lexicon
    assert [(e.trigger.text, e.type) for e in record.events if e.type is None] == [("fighting", None)]


@pytest.mark.model
def test_events_stage_skips_ignored_spans(nlp) -> None:  # type: ignore[no-untyped-def]
    from dateline.model import IgnoredSpan

    text = "Rebels seized the town.\nRead more: Army attacked the port"
    record = _record(text, {}, {})
    record.document.ignored = [IgnoredSpan(start=24, end=len(text), text=text[24:], reason="read-more")]
    EventStage(Settings())(nlp(text), record)
    assert [e.trigger.text for e in record.events] == ["seized"]


@pytest.mark.model
def test_events_stage_sets_certainty_from_modality(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The army did not attack the town. The army will attack the port."
    record = _record(text, {}, {})
    EventStage(Settings())(nlp(text), record)
    assert [(e.negated, e.certainty) for e in record.events] == [(True, "negated"), (False, "future")]


@pytest.mark.model
def test_events_coordinated_violent_verbs_share_the_object(analyzer) -> None:  # type: ignore[no-untyped-def]
    record = analyzer.analyze("Police shot and arrested two protesters in the square.", published="2025-01-10")
    names = {e.id: e.name for e in record.entities}
    targets = {e.trigger.text: [names[t] for t in e.targets] for e in record.events if e.type is not None}
    assert targets == {"shot": ["protesters"], "arrested": ["protesters"]}
    # a verb with its own object keeps it
    record = analyzer.analyze("Gunmen attacked a checkpoint and killed two soldiers.", published="2025-01-10")
    names = {e.id: e.name for e in record.entities}
    killed = next(e for e in record.events if e.trigger.text == "killed")
    attacked = next(e for e in record.events if e.trigger.text == "attacked")
    assert [names[t] for t in killed.targets] == ["soldiers"]
    assert "soldiers" not in [names[t] for t in attacked.targets]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Asked if he would run again, Smith said he was undecided.",  # the reporter's question
        "Anyone with information is asked to call police at 555-1234.",  # a routine appeal
        "Operations began in 2002 at the plant.",  # a company's history, not a military operation
        "Sunlight travels to Earth in eight minutes.",  # no one moves
        "As temperatures returned to triple digits, the operator acted.",  # a quantity, no mover
        "It was capping what Jamie Dimon called a record year.",  # naming, not a telephone call
        "The resort would be called Camp Margaritaville.",  # naming
        "Winfrey asked Harry whether they quit as working members.",  # a question, not a request
        "Meghan was asked about stories in the British media.",  # a question
        "Visit Reuters India on your mobile device for the latest news.",  # an instruction to the reader
        "In the US, call the National Suicide Prevention Lifeline at 800-273-8255.",  # the same
        "The proposal was met with disbelief and confusion.",  # how it was received
        "The rebels came to power in 1979.",  # a change of state, no journey
        "The board voted to enter into exclusive negotiations with the developer.",  # a beginning
    ],
)
def test_events_not_news_are_not_coded(analyzer, text: str) -> None:  # type: ignore[no-untyped-def]
    record = analyzer.analyze(text, published="2015-01-14")
    assert [e.trigger.text for e in record.events if e.type is not None] == []


@pytest.mark.model
def test_events_the_same_triggers_are_coded_where_they_are_news(analyzer) -> None:  # type: ignore[no-untyped-def]
    record = analyzer.analyze("A military operation took place in the north. Police asked residents to stay "
                              "indoors. The envoy travelled to Beijing.", published="2015-01-14")
    assert [(e.trigger.text, e.type) for e in record.events if e.type is not None] == [
        ("operation", "ASSAULT"), ("asked", "REQUEST"), ("travelled", "MOVE")]
    record = analyzer.analyze("The president called his French counterpart on Sunday. The ministers met "
                              "with rebel leaders. Rebel fighters entered the town at dawn.", published="2015-01-14")
    assert [(e.trigger.text, e.type) for e in record.events if e.type is not None] == [
        ("called", "CONSULT"), ("met", "CONSULT"), ("entered", "MOVE")]


@pytest.mark.model
def test_events_coded_only_setting_keeps_the_plover_layer(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Rebels took control of 56 villages after two days of fighting."
    record = _record(text, {"e1": ["Rebels"]}, {})
    EventStage(Settings(open_events=False), open_events=False)(nlp(text), record)
    assert [(e.trigger.text, e.type) for e in record.events] == [("took control", "SEIZE")]


def test_settings_events_env(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATELINE_EVENTS", "coded")
    assert Settings().open_events is False
    monkeypatch.setenv("DATELINE_EVENTS", "all")
    assert Settings().open_events is True
