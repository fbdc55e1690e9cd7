"""Events from invented reports: types, roles, status, ACLED refinement, linking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsledger.extract.events.status import attribution_of, caveat_status
from newsledger.models import Analysis, Attribution, Caveat, Event, Span

FIXTURES = Path(__file__).parent / "fixtures" / "events"


def events_of(
    analyze_text: Callable[..., Analysis], name: str, published: str = "2024-05-20"
) -> list[Event]:
    return analyze_text(
        (FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), published=published
    ).events


def find(events: list[Event], trigger: str) -> Event:
    """The event record told by a mention with this trigger (the record's own trigger first)."""
    matches = [e for e in events if e.trigger.text == trigger]
    matches += [e for e in events if any(m.trigger.text == trigger for m in e.mentions)]
    assert matches, f"no event with trigger {trigger!r} in {[e.trigger.text for e in events]}"
    return matches[0]


@pytest.fixture(scope="module")
def militia(analyze_text: Callable[..., Analysis]) -> list[Event]:
    return events_of(analyze_text, "militia-deployment")


@pytest.fixture(scope="module")
def protests(analyze_text: Callable[..., Analysis]) -> list[Event]:
    return events_of(analyze_text, "protest-report")


@pytest.fixture(scope="module")
def attacks(analyze_text: Callable[..., Analysis]) -> list[Event]:
    return events_of(analyze_text, "attacks")


def test_ids_in_text_order(militia: list[Event]) -> None:
    assert [e.id for e in militia] == [f"E{n}" for n in range(1, len(militia) + 1)]
    starts = [e.trigger.start for e in militia]
    assert starts == sorted(starts)


def test_offsets_match_text(analyze_text: Callable[..., Analysis]) -> None:
    analysis = analyze_text(
        (FIXTURES / "attacks.txt").read_text(encoding="utf-8"), published="2024-05-20"
    )
    text = analysis.article.text
    for event in analysis.events:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        assert event.sentence.start <= event.trigger.start < event.sentence.end


def test_active_mobilisation(militia: list[Event]) -> None:
    event = find(militia, "recruited")
    assert (event.type, event.mode, event.cameo) == ("MOBILIZE", "militia", "15")
    assert event.actor is not None and event.actor.text == "The Kestrel Brigades"


def test_nominal_event_with_by_agent(militia: list[Event]) -> None:
    event = find(militia, "recruitment")
    assert event.type == "MOBILIZE"
    assert event.actor is not None and event.actor.name == "Kata'ib Hezbollah"
    assert event.actor.kind == "political militia" and event.actor.country == "IQ"
    assert event.recipient is not None and event.recipient.text == "fighters"


def test_negated_event_has_no_acled_category(militia: list[Event]) -> None:
    event = find(militia, "attack")
    assert event.status == "negated"
    assert event.acled is None


def test_future_event(militia: list[Event]) -> None:
    event = find(militia, "deploy")
    assert event.type == "MOBILIZE" and event.status == "future"
    assert event.recipient is not None and event.recipient.text == "troops"


def test_hypothetical_event(militia: list[Event]) -> None:
    conditional = [e for e in militia if e.trigger.text == "attack"][-1]
    assert conditional.status == "hypothetical"


def test_passive_arrest(attacks: list[Event]) -> None:
    event = find(attacks, "arrested")
    assert event.type == "COERCE" and event.mode == "arrest"
    assert event.acled is not None and event.acled.sub_event_type == "Arrests"
    assert (
        event.actor is not None
        and event.actor.text == "police"
        and event.actor.kind == "state forces"
    )
    assert event.recipient is not None and event.recipient.text == "Three journalists"


def test_weapon_refines_attack(attacks: list[Event]) -> None:
    event = find(attacks, "wounded")
    assert event.acled is not None and event.acled.sub_event_type == "Grenade"
    # "A grenade attack ... wounded": the attack noun is the wounding's subject, one event
    assert not any(e.trigger.text in ("grenade", "attack") for e in attacks)


def test_air_strike_by_warplanes(attacks: list[Event]) -> None:
    event = find(attacks, "bombed")
    assert event.acled is not None and event.acled.sub_event_type == "Air/drone strike"
    assert event.actor is not None and event.actor.kind == "state forces"


def test_doer_noun_is_actor_not_event(attacks: list[Event]) -> None:
    assert not any(e.trigger.text == "gunmen" for e in attacks)
    event = find(attacks, "opened fire")
    assert event.actor is not None and event.actor.text == "Unidentified gunmen"


def test_protest_with_intervention(protests: list[Event]) -> None:
    event = find(protests, "marched")
    assert event.type == "PROTEST"
    assert event.acled is not None and event.acled.sub_event_type == "Protest with intervention"
    assert event.when is not None and event.when.start == "2024-05-12"


def test_violent_demonstration(protests: list[Event]) -> None:
    event = find(protests, "blocked")
    assert event.acled is not None and event.acled.sub_event_type == "Violent demonstration"


def test_demanded_killing_does_not_make_protest_violent(protests: list[Event]) -> None:
    event = find(protests, "gathered")
    assert event.acled is not None and event.acled.sub_event_type == "Peaceful protest"


def _span(start: int, end: int) -> Span:
    return Span(start=start, end=end, text="x" * (end - start))


def test_innermost_attribution_wins() -> None:
    outer = Attribution(id="A1", content=_span(0, 100))
    inner = Attribution(id="A2", content=_span(10, 30))
    assert attribution_of(15, [outer, inner]) is inner
    assert attribution_of(50, [outer, inner]) is outer
    assert attribution_of(150, [outer, inner]) is None


def test_caveat_scope_sets_status() -> None:
    caveat = Caveat(
        id="C1", start=200, end=220, text="x" * 20, status="unconfirmed", scope=_span(0, 50)
    )
    assert caveat_status(10, (0, 60), [caveat]) == "unverified"
    assert caveat_status(70, (60, 120), [caveat]) is None
    denied = Caveat(id="C2", start=80, end=90, text="x" * 10, status="denied", scope=None)
    assert caveat_status(70, (60, 120), [denied]) == "denied"


def test_seed_events(seed_analysis: Analysis) -> None:
    events = seed_analysis.events
    recruited = find(events, "recruited")
    assert recruited.type == "MOBILIZE" and recruited.actor is not None
    assert recruited.actor.name == "Kata'ib Hezbollah"
    arrived = find(events, "arrived")
    assert (
        arrived.type == "CONSULT"
        and arrived.actor is not None
        and arrived.actor.name == "Quds Force"
    )
    assert arrived.when is not None and arrived.when.start == "2026-01-07"
    crossed = find(events, "crossed")
    assert (
        crossed.type == "MOBILIZE"
        and crossed.when is not None
        and crossed.when.start == "2026-01-11"
    )
    assert any(e.type == "PROTEST" for e in events)


@pytest.fixture(scope="module")
def statements(analyze_text: Callable[..., Analysis]) -> list[Event]:
    return events_of(analyze_text, "statements")


def test_promise_is_agree_by_the_speaker(statements: list[Event]) -> None:
    event = find(statements, "release")
    assert (event.type, event.mode, event.cameo) == ("AGREE", "retreat", "03")
    assert event.actor is not None and event.actor.text == "The Varnian government"
    assert event.actor.kind == "state forces"
    assert event.status not in ("future", "hypothetical")  # the promise itself was made
    assert event.acled is None


def test_refusal_is_reject(statements: list[Event]) -> None:
    event = find(statements, "meet")
    assert event.type == "REJECT"
    assert event.actor is not None and event.actor.text == "The Kestrel Brigades"


def test_must_is_a_demand(statements: list[Event]) -> None:
    demands = [e for e in statements if e.trigger.text == "release"][1:]
    assert demands and demands[0].type == "REQUEST" and demands[0].cameo == "10"
    # the officials demand; the rebels are the ones who must act
    assert demands[0].actor is not None and demands[0].actor.text == "Officials in Oltavo"
    assert demands[0].recipient is not None and demands[0].recipient.kind == "rebels"
    assert not any(e.trigger.text == "hostages" for e in statements)  # a participant, not an event


def test_threat_and_threatened_act(statements: list[Event]) -> None:
    threat = find(statements, "threatened")
    assert threat.type == "THREATEN" and threat.cameo == "13"
    # the threatened attack is what the threat is about, not an occurrence of its own
    assert not any(e.trigger.text == "attack" for e in statements)
    (attack,) = [c for c in threat.about if c.trigger.text == "attack"]
    assert attack.type == "ASSAULT" and attack.status == "future"
    assert attack.actor is not None and attack.actor.text == "The militia"


def test_doc_without_parse_has_no_events(nlp) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from newsledger.extract.context import Context
    from newsledger.extract.events import extract_events
    from newsledger.models import Article

    doc = nlp.make_doc("Gunmen attacked a police checkpoint in Kirkuk.")
    article = Article(id="x", text=doc.text)
    assert extract_events(Context(doc=doc, article=article, anchor=date(2024, 1, 1))) == []


def test_missing_findings_of_other_extractors_are_tolerated(nlp) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from newsledger.extract.context import Context
    from newsledger.extract.events import extract_events
    from newsledger.models import Article

    doc = nlp("Gunmen attacked a police checkpoint in Kirkuk on Monday, killing three officers.")
    events = extract_events(
        Context(doc=doc, article=Article(id="x", text=doc.text), anchor=date(2024, 1, 1))
    )
    assert events and events[0].type == "ASSAULT"
    assert events[0].acled is not None and events[0].acled.sub_event_type == "Armed clash"
    assert all(e.place is None and e.when is None and e.quantities == [] for e in events)


def test_a_pull_quote_adds_no_second_event(analyze_text) -> None:  # type: ignore[no-untyped-def]
    body = (
        "Rebels shelled the market in Kalemba on Monday, killing four traders.\n\n"
        "\u201cWe watched them shell the market and kill our neighbours,\u201d said Amina Joro, a "
        "trader.\n\n"
        "We watched them shell the market and kill our neighbours\n\n"
        "The army said it would send reinforcements."
    )
    analysis = analyze_text(body, published="2026-03-04")
    pull_start = analysis.article.text.index(
        "We watched them shell the market and kill our neighbours\n"
    )
    assert analysis.events, "the body reports events"
    assert not [
        e
        for e in analysis.events
        if e.trigger.start >= pull_start and e.trigger.start < pull_start + 50
    ]
    in_quote = [
        e for e in analysis.events if e.trigger.start < pull_start and "watched" in e.sentence.text
    ]
    assert in_quote, "the body quote keeps its events"


def test_a_country_level_event_takes_the_paragraph_town_in_that_country(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hassan K. is a customs officer at the border post in Zakho. He said that more than 200 "
        "families had crossed the border between Iraq and Turkey on Sunday."
    )
    analysis = analyze_text(text, published="2026-02-03")
    crossing = [e for e in analysis.events if e.trigger.text == "crossed"]
    assert crossing and crossing[0].location is not None
    location = crossing[0].location
    assert location.precision == "point" and location.country == "IQ"
    assert location.lat is not None and abs(location.lat - 37.14) < 0.2  # Zakho, not Iraq's centre


def test_an_event_at_town_province_is_at_the_town(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On 14 June 2022, in La Paz (Entre Rios), about 40 teachers held a protest outside the "
        "school board to demand higher wages."
    )
    analysis = analyze_text(text, published="2022-06-15")
    protest = [e for e in analysis.events if e.type == "PROTEST"]
    assert protest and protest[0].location is not None
    assert protest[0].location.precision == "point" and protest[0].location.country == "AR"
    assert protest[0].location.lat is not None and abs(protest[0].location.lat + 30.74) < 0.3


@pytest.fixture(scope="module")
def unreal_acts(analyze_text: Callable[..., Analysis]) -> list[Event]:
    return events_of(analyze_text, "unreal-acts")


def test_free_standing_unreal_act_is_its_own_record(unreal_acts: list[Event]) -> None:
    attack = find(unreal_acts, "attack")  # "The army may attack the town": nothing governs it
    assert attack.type == "ASSAULT" and attack.status == "hypothetical" and attack.about == []


def test_threatened_and_demanded_acts_are_what_the_event_is_about(
    unreal_acts: list[Event],
) -> None:
    threat = find(unreal_acts, "threatened")
    assert [(c.type, c.trigger.text, c.status) for c in threat.about] == [
        ("ASSAULT", "shell", "future")
    ]
    demand = find(unreal_acts, "demanded")
    assert demand.type == "REQUEST"
    (withdrawal,) = demand.about  # a subjunctive that-clause: what is demanded has not happened
    assert withdrawal.type == "RETREAT" and withdrawal.status == "hypothetical"
    assert withdrawal.actor is not None and withdrawal.actor.text == "government troops"
    triggers = {e.trigger.text for e in unreal_acts}
    assert "shell" not in triggers and "withdraw" not in triggers


def test_unreal_act_coordinated_with_a_real_one_stays_apart(unreal_acts: list[Event]) -> None:
    # "attacked a checkpoint ... and may strike again": a second, possible act, not the content
    attacked, strike = find(unreal_acts, "attacked"), find(unreal_acts, "strike")
    assert attacked is not strike and attacked.about == []
    assert strike.status == "hypothetical"
