"""One record per event, what is no event, and wire datelines: invented reports only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsledger.extract import Options, context_of
from newsledger.extract.events import Candidate, _decided, propose
from newsledger.extract.events.classifier import NONE, EventModel, keep
from newsledger.extract.events.nonevents import soft_non_events
from newsledger.extract.events.records import join_mentions
from newsledger.ingest import Document
from newsledger.models import AcledType, Actor, Analysis, Event, Location, Span, When

FIXTURES = Path(__file__).parent / "fixtures" / "events"


def _event(
    start: int,
    kind: str = "ASSAULT",
    actor: str | None = "Gunmen",
    place: str | None = None,
    day: str | None = None,
    status: str = "asserted",
) -> Event:
    word = Span(start=start, end=start + 4, text="word")
    return Event(
        id="",
        type=kind,
        trigger=word,
        sentence=word,
        status=status,  # type: ignore[arg-type]
        actor=Actor(text=actor, name=actor) if actor else None,
        location=Location(name=place, country="XX") if place else None,
        when=When(text=day, start=day, end=day) if day else None,
    )


def test_mentions_of_one_attack_join_into_one_record() -> None:
    lead = _event(0, place="Varno", day="2026-03-01")
    quote = _event(50, actor=None)
    later = _event(90, place="Varno")
    (record,) = join_mentions([lead, quote, later], ["ASSAULT:1"] * 3)
    assert [m.trigger.start for m in record.mentions] == [0, 50, 90]
    assert record.location is not None and record.location.name == "Varno"
    assert record.when is not None and record.when.start == "2026-03-01"
    assert record.id == "E1"


def test_different_places_dates_or_statuses_stay_apart() -> None:
    events = [
        _event(0, place="Varno"),
        _event(10, place="Kalo"),
        _event(20, day="2026-01-01"),
        _event(30, day="2026-02-01", place="Varno"),
        _event(40, status="hypothetical"),
        _event(50, kind="PROTEST"),
    ]
    records = join_mentions(events, ["x"] * len(events))
    assert (
        len(records) == 5
    )  # only the first Varno mention and the undated 2026-01-01 one could join
    assert [r.id for r in records] == [f"E{n}" for n in range(1, len(records) + 1)]


def test_without_shared_words_only_named_actors_join() -> None:
    a, b = _event(0, actor=None), _event(10, actor=None)
    assert len(join_mentions([a, b], ["ASSAULT:1", "ASSAULT:2"])) == 2
    assert len(join_mentions([_event(0), _event(10)], ["ASSAULT:1", "ASSAULT:2"])) == 1


def test_model_round_trips_and_drops_what_it_finds_no_event() -> None:
    model = EventModel(
        classes=(NONE, "ASSAULT"),
        index={"lemma=discuss": 0, "lemma=attack": 1},
        weights=((3.0, -3.0), (-3.0, 3.0)),
        bias=(0.0, 0.0),
        threshold=0.7,
    )
    again = EventModel.from_dict(model.to_dict())
    assert again.probabilities(["lemma=attack"]) == pytest.approx(
        model.probabilities(["lemma=attack"])
    )
    assert again.probabilities(["lemma=discuss"])[NONE] > 0.99
    assert keep([0.99, 0.2], 0.7) == [False, True]
    assert keep([0.99, 0.9], 0.7) == [False, True]  # a sentence keeps its likeliest candidate
    assert keep([0.99, 0.98], 0.7) == [False, False]  # unless even that is almost surely none
    assert keep([], 0.7) == []


@pytest.fixture(scope="module")
def non_events(analyze_text: Callable[..., Analysis]) -> Analysis:
    return analyze_text(
        (FIXTURES / "non-events.txt").read_text(encoding="utf-8"), published="2026-04-02"
    )


def _triggers(analysis: Analysis) -> set[str]:
    return {m.trigger.text.lower() for e in analysis.events for m in e.mentions}


def test_declining_to_be_named_is_no_event(non_events: Analysis) -> None:
    assert "declined" not in _triggers(non_events)
    assert "burned" in _triggers(non_events)  # what the anonymous resident reports is


def test_a_speakers_own_talk_and_refusal_in_a_quote_are_no_events(non_events: Analysis) -> None:
    assert not {"discussed", "refusal"} & _triggers(non_events)


def test_reported_speech_is_no_event_but_what_is_reported_is(non_events: Analysis) -> None:
    assert not {"said", "told"} & _triggers(non_events)
    shelled = next(
        e for e in non_events.events if e.type == "ASSAULT" and e.status != "hypothetical"
    )
    assert shelled.status == "reported"


def test_a_threatened_attack_stays_with_its_status(non_events: Analysis) -> None:
    assert any(e.type == "ASSAULT" and e.status == "hypothetical" for e in non_events.events)


@pytest.fixture(scope="module")
def wire(analyze_text: Callable[..., Analysis]) -> Analysis:
    return analyze_text((FIXTURES / "wire-dateline.txt").read_text(encoding="utf-8"))


def test_a_dateline_is_never_an_actor(wire: Analysis) -> None:
    assert all(e.actor is None or "MOSUL" not in e.actor.text for e in wire.events)
    attack = next(e for e in wire.events if e.type == "ASSAULT")
    assert attack.actor is not None and attack.actor.text == "Gunmen"


def test_an_outlet_is_never_a_place(wire: Analysis) -> None:
    assert wire.article.outlet == "Harbor Wire Service"
    assert not any("Harbor" in p.text for p in wire.places)


def test_lead_and_later_mention_of_the_attack_are_one_record(wire: Analysis) -> None:
    attacks = [e for e in wire.events if e.type == "ASSAULT"]
    assert len(attacks) == 1
    assert {m.trigger.text for m in attacks[0].mentions} >= {"attacked", "attack"}
    assert attacks[0].location is not None and attacks[0].location.name == "Tal Afar"
    text = wire.article.text
    assert all(text[m.trigger.start : m.trigger.end] == m.trigger.text for m in attacks[0].mentions)


def _told(
    start: int,
    sentence: str,
    trigger: str,
    kind: str = "PROTEST",
    actor: str | None = "Gunmen",
    place: str | None = None,
    day: str | None = None,
) -> Event:
    """A mention whose trigger and sentence are real spans of an invented text."""
    at = sentence.index(trigger)
    event = _event(start + at, kind=kind, actor=actor, place=place, day=day)
    return event.model_copy(
        update={
            "trigger": Span(start=start + at, end=start + at + len(trigger), text=trigger),
            "sentence": Span(start=start, end=start + len(sentence), text=sentence),
        }
    )


def test_a_mention_pointing_back_to_the_sentence_before_joins_it() -> None:
    first = "Truck drivers protested in Varno on Monday."
    second = "They blocked the main road for hours."
    third = "The rally was called by the drivers' union."
    events = [
        _told(0, first, "protested", actor="Truck drivers", day="2026-03-02"),
        _told(len(first) + 1, second, "blocked", actor="They"),
        _told(len(first) + len(second) + 2, third, "rally", actor="the drivers' union"),
    ]
    (record,) = join_mentions(events, ["PROTEST:1", "PROTEST:2", "PROTEST:3"])
    assert [m.trigger.text for m in record.mentions] == ["protested", "blocked", "rally"]


def test_a_pronoun_further_away_or_a_new_name_does_not_join() -> None:
    first = "Truck drivers protested in Varno on Monday."
    gap = " Prices rose again. "
    later = "They marched in Kalo."
    named = "Teachers rallied in Varno."
    events = [
        _told(0, first, "protested", actor="Truck drivers"),
        _told(len(first) + len(gap), later, "marched", actor="They"),
        _told(len(first) + len(gap) + len(later) + 1, named, "rallied", actor="Teachers"),
    ]
    assert len(join_mentions(events, ["PROTEST:1", "PROTEST:2", "PROTEST:3"])) == 3


def test_mentions_in_one_sentence_join_whatever_each_acts_on() -> None:
    sentence = "Drivers blocked Route 9 to demonstrate against fuel shortages."
    blocked = _told(0, sentence, "blocked", actor="Drivers")
    blocked = blocked.model_copy(update={"recipient": Actor(text="Route 9", name="Route 9")})
    demonstrate = _told(0, sentence, "demonstrate", actor="Drivers")
    demonstrate = demonstrate.model_copy(
        update={"recipient": Actor(text="fuel shortages", name="fuel shortages")}
    )
    assert len(join_mentions([blocked, demonstrate], ["PROTEST:1", "PROTEST:2"])) == 1


def _candidates(nlp, text: str) -> list[Candidate]:  # type: ignore[no-untyped-def]
    document = Document(text=text, origin="invented", published="2026-03-02")
    return propose(context_of(nlp(text), document, "2026-03-02", Options()))


def _words(model: EventModel | None, candidates: list[Candidate]) -> set[str]:
    return {item.event.trigger.text for item in _decided(candidates, model)}


def _one_feature_model(feature: str, label: str, weight: float) -> EventModel:
    """A model that reads one feature (positive weight: `label`, negative: NONE) and finds
    every other candidate almost surely no event."""
    return EventModel(
        classes=(NONE, label),
        index={feature: 0},
        weights=((-weight, weight),),
        bias=(4.0, 0.0),
        threshold=0.6,
    )


def test_a_rejection_that_is_also_a_speech_cue_is_left_to_the_model(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _candidates(nlp, "Kalo rejected calls for a ceasefire, saying the rebels broke it.")
    rejected = next(c for c in found if c.item.event.trigger.text == "rejected")
    assert rejected.non_event is not None and rejected.non_event in soft_non_events()
    assert "rejected" not in _words(None, found)  # the rules alone: reported speech
    assert "rejected" in _words(_one_feature_model("is_cue_rule=REJECT", "REJECT", 3.0), found)
    assert "rejected" not in _words(_one_feature_model("is_cue_rule=REJECT", "REJECT", -3.0), found)


def test_a_negated_word_the_model_finds_almost_surely_no_event_is_dropped(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _candidates(nlp, "The council did not approve the plan despite pressure from Kalo.")
    pressure = next(c for c in found if c.item.event.trigger.text == "pressure")
    assert pressure.item.event.status == "negated"
    # a sentence keeps its likeliest candidate, so another must be likelier than "pressure"
    sure = EventModel(
        classes=(NONE, "REQUEST"),
        index={"lemma=pressure": 0, "lemma=approve": 1},
        weights=((5.0, -5.0), (-5.0, 5.0)),
        bias=(0.0, 0.0),
        threshold=0.6,
    )
    assert "pressure" not in _words(sure, found)
    unsure = EventModel(
        classes=sure.classes,
        index=sure.index,
        weights=((1.0, -1.0), (-5.0, 5.0)),
        bias=sure.bias,
        threshold=0.6,
    )
    assert "pressure" in _words(unsure, found)  # dropped by the threshold, kept as negated


def test_a_time_with_no_date_leaves_the_paragraphs_date(analyze_text) -> None:  # type: ignore[no-untyped-def]
    analysis = analyze_text(
        "On 3 March 2026, in Varno, hundreds of teachers marched to the ministry. "
        "Police arrested two teachers near a recent monument.",
        published="2026-03-05",
    )
    arrest = next(e for e in analysis.events if e.type == "COERCE")
    assert arrest.when is not None and arrest.when.start == "2026-03-03"


def test_a_record_takes_its_date_from_a_mention_that_has_one() -> None:
    first = "Teachers protested in Varno on 3 March."
    second = "Protesters backed a recent law."
    lead = _told(0, first, "protested", actor="Teachers", place="Varno", day="2026-03-03")
    vague = _told(len(first) + 1, second, "Protesters", actor="Protesters", place="Varno")
    vague = vague.model_copy(update={"when": When(text="recent", precision="unknown")})
    vague = vague.model_copy(update={"quantities": ["Q1"]})  # fills more slots than the lead
    (record,) = join_mentions([lead, vague], ["PROTEST:1", "PROTEST:2"])
    assert record.when is not None and record.when.start == "2026-03-03"
    assert record.trigger.text == "protested"  # a mention pointing back is never the best one


def test_mentions_of_different_acled_categories_stay_apart() -> None:
    sentence = "Four soldiers were killed when their truck hit a mine near Varno."
    killed = _told(0, sentence, "killed", kind="ASSAULT", actor=None)
    hit = _told(0, sentence, "hit", kind="ASSAULT", actor=None)
    mine = AcledType(event_type="Explosions/Remote violence", sub_event_type="Remote explosive")
    strike = AcledType(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")
    apart = [killed.model_copy(update={"acled": mine}), hit.model_copy(update={"acled": strike})]
    assert len(join_mentions(apart, ["ASSAULT:1", "ASSAULT:2"])) == 2
    alike = [killed.model_copy(update={"acled": mine}), hit.model_copy(update={"acled": mine})]
    assert len(join_mentions(alike, ["ASSAULT:1", "ASSAULT:2"])) == 1


def test_joined_mentions_keep_what_each_is_about() -> None:
    from newsledger.models import EventContent

    word = Span(start=70, end=75, text="shell")
    first = _event(0, kind="THREATEN").model_copy(
        update={"about": [EventContent(type="ASSAULT", trigger=word, sentence=word)]}
    )
    second = _event(40, kind="THREATEN")
    (record,) = join_mentions([first, second], ["THREATEN:1"] * 2)
    assert [c.trigger.text for c in record.about] == ["shell"]
