"""Near copies, grouping mentions into incidents, roll-ups and contradictions."""

from __future__ import annotations

from datetime import date

import pytest
from ledger_support import BASRA, MOSUL, NASIRIYAH, ZUBAIR

from newsledger.corroborate.compare import Relation, place_relation, time_relation
from newsledger.corroborate.grouping import group_mentions, pool_siblings
from newsledger.corroborate.rollup import independent_reports, interval, rollup_status
from newsledger.eval import EvalConfig
from newsledger.eval.score_incidents import (
    contradiction_scores,
    gold_analysis,
    gold_pairs,
    group,
    independence_accuracy,
    load_reports,
    predicted_pairs,
    run,
    score,
)
from newsledger.incident import Mention, Quantity
from newsledger.ledger import nearcopy

WIRE = (
    "Gunmen attacked a police checkpoint in Zubair, south-west of Basra, on Sunday, killing three "
    "policemen, security officials said. The attackers opened fire from two cars on the checkpoint "
    "on the main road to the Safwan border crossing and fled, the officials said."
)


def mention(
    article: str,
    *,
    type: str = "ASSAULT",
    place: tuple[str, float, float, str] | None = ZUBAIR,
    day: str | None = "2026-03-01",
    outlet: str | None = None,
    copy_of: str | None = None,
    actor: str | None = None,
    recipient: str | None = None,
    sentence: str = "",
    quantities: tuple[Quantity, ...] = (),
    status: str = "asserted",
    event: str = "E1",
    source: tuple[str, str] | None = None,
    precision: str = "day",
) -> Mention:
    when = date.fromisoformat(day) if day else None
    return Mention(
        article_id=article,
        event_id=event,
        type=type,
        copy_of=copy_of or article,
        outlet=outlet or f"Outlet {article}",
        published="2026-03-02",
        actor=actor,
        recipient=recipient,
        place=place[0] if place else None,
        country=place[3] if place else None,
        lat=place[1] if place else None,
        lon=place[2] if place else None,
        geo_precision="point" if place else None,
        start=when,
        end=when,
        precision=precision,
        dated=when is not None,
        status=status,
        sentence=sentence,
        quantities=quantities,
        source_name=source[0] if source else None,
        source_named=source[1] if source else None,
    )


def groups(mentions: list[Mention]) -> set[frozenset[str]]:
    return {frozenset(a for a, _ in i.events) for i in group_mentions(pool_siblings(mentions))}


# -- near copies -------------------------------------------------------------------------


def test_wire_copy_is_a_near_copy_and_a_rewrite_is_not() -> None:
    copy = "BASRA (Tigris Wire) - " + WIRE.replace("fled", "escaped") + " No group claimed it."
    rewrite = (
        "Three police officers died on Sunday when attackers in two cars shot at a checkpoint "
        "near Zubair, on the road towards Safwan, according to security sources in Basra."
    )
    original = nearcopy.signature(WIRE)
    assert nearcopy.similarity(original, nearcopy.signature(copy)) >= nearcopy.THRESHOLD
    assert nearcopy.similarity(original, nearcopy.signature(rewrite)) < 0.2
    groups_ = nearcopy.copy_groups([("a", WIRE), ("b", rewrite), ("c", copy)])
    assert groups_ == {"a": "a", "b": "b", "c": "a"}


def test_signature_round_trips_through_bytes() -> None:
    sig = nearcopy.signature(WIRE)
    assert nearcopy.similarity(sig, nearcopy.from_bytes(nearcopy.to_bytes(sig))) == 1.0
    assert len(nearcopy.bands(sig)) == nearcopy.BANDS
    assert nearcopy.shingles("") == set()


# -- pairwise relations ------------------------------------------------------------------


def test_place_relation_depends_on_distance_and_precision() -> None:
    assert place_relation(mention("a"), mention("b")) is Relation.MATCH
    assert place_relation(mention("a"), mention("b", place=BASRA)) is Relation.WEAK  # 15 km
    assert place_relation(mention("a"), mention("b", place=MOSUL)) is Relation.CONFLICT
    country = mention("b", place=("Iraq", 33.0, 44.0, "IQ"))
    country = Mention(**{**country.__dict__, "geo_precision": "country"})
    assert place_relation(mention("a"), country) is Relation.WEAK  # within a country's radius
    assert place_relation(mention("a", place=None), mention("b", place=None)) is Relation.UNKNOWN


def test_time_relation_allows_a_day_and_uses_precision() -> None:
    assert time_relation(mention("a"), mention("b")) is Relation.MATCH
    assert time_relation(mention("a"), mention("b", day="2026-03-02")) is Relation.WEAK
    assert time_relation(mention("a"), mention("b", day="2026-03-05")) is Relation.CONFLICT
    assert time_relation(mention("a", day=None), mention("b")) is Relation.UNKNOWN


# -- grouping ----------------------------------------------------------------------------


def test_same_place_day_and_type_from_several_outlets_is_one_incident() -> None:
    found = groups(
        [
            mention("a", actor="gunmen"),
            mention("b", actor="gunmen"),
            mention("c"),
            mention("d", place=MOSUL),
            mention("e", type="PROTEST"),
        ]
    )
    assert frozenset("abc") in found
    assert frozenset("d") in found and frozenset("e") in found


def test_next_day_same_town_needs_more_than_the_place() -> None:
    protest = "Protesters blocked the bridge in Nasiriyah over power cuts"
    students = "University students marched in Nasiriyah against the exam timetable"
    found = groups(
        [
            mention("a", type="PROTEST", place=NASIRIYAH, sentence=protest),
            mention("b", type="PROTEST", place=NASIRIYAH, day="2026-03-02", sentence=students),
            mention(
                "c",
                type="PROTEST",
                place=NASIRIYAH,
                day="2026-03-02",
                sentence="Protesters again blocked the bridge in Nasiriyah over the power cuts",
            ),
        ]
    )
    assert frozenset("ac") in found and frozenset("b") in found


def test_incidents_more_than_two_weeks_apart_are_not_merged() -> None:
    found = groups([mention("a", actor="gunmen"), mention("b", actor="gunmen", day="2026-03-20")])
    assert found == {frozenset("a"), frozenset("b")}


def test_a_mispositioned_trigger_is_rescued_by_its_siblings() -> None:
    wrong = mention("a", place=MOSUL, event="E1")
    right = mention("a", place=ZUBAIR, event="E2", day=None)
    other = mention("b", actor="gunmen", sentence="gunmen attacked the checkpoint")
    incidents = group_mentions(pool_siblings([wrong, right, other]))
    joined = next(i for i in incidents if ("b", "E1") in i.events)
    assert ("a", "E2") in joined.events


def test_generic_actor_alone_does_not_group_different_towns_same_day() -> None:
    many = [mention(str(i), type="PROTEST", place=None, actor="protesters") for i in range(6)]
    assert len(groups(many)) == 6


# -- roll-up -----------------------------------------------------------------------------


def test_independent_reports_merge_copies_and_outlets() -> None:
    members = [
        mention("a", outlet="Wire"),
        mention("b", outlet="Herald", copy_of="a"),
        mention("c", outlet="Daily"),
        mention("d", outlet="Daily"),
        mention("e", outlet="Post"),
    ]
    assert independent_reports(members) == 3


def test_status_rollup() -> None:
    assert rollup_status(["reported", "asserted"]) == "asserted"
    assert rollup_status(["reported", "unverified"]) == "reported"
    assert rollup_status(["asserted", "denied"]) == "disputed"
    assert rollup_status(["denied"]) == "denied"
    assert rollup_status(["hypothetical", "hypothetical"]) == "hypothetical"


@pytest.mark.parametrize(
    "approx, expected",
    [
        ("exact", (10, 10)),
        ("about", (8, 12)),
        ("more_than", (10, float("inf"))),
        ("less_than", (0, 10)),
    ],
)
def test_quantity_intervals(approx: str, expected: tuple[float, float]) -> None:
    assert interval(Quantity(text="10", value=10, unit="person", approx=approx)) == expected


def test_contradictions_beyond_stated_approximation() -> None:
    def q(value: float, approx: str = "exact") -> tuple[Quantity, ...]:
        return (Quantity(text=f"{value} policemen", value=value, unit="policemen", approx=approx),)

    members = [
        mention("a", quantities=q(3), source=("officials", "unnamed"), actor="gunmen"),
        mention("b", quantities=q(3), copy_of="a", actor="gunmen"),
        mention("c", quantities=q(5, "more_than"), source=("Ali Mahdi", "named"), actor="gunmen"),
        mention("d", quantities=q(6), day="2026-03-02", actor="gunmen"),
    ]
    incident = next(i for i in group_mentions(members) if len(i.articles) > 1)
    assert incident.articles == ["a", "b", "c", "d"]
    kinds = {c["kind"] for c in incident.contradictions}
    assert kinds == {"quantity", "date"}
    quantity = next(c for c in incident.contradictions if c["kind"] == "quantity")
    assert quantity["unit"] == "policemen" and len(quantity["reports"]) == 4
    assert (incident.named_sources, incident.unnamed_sources) == (1, 1)
    agreeing = group_mentions(
        [
            mention("a", quantities=q(5, "more_than")),
            mention("b", quantities=q(6)),
            mention("c", quantities=q(7, "about")),
        ]
    )
    assert [i.contradictions for i in agreeing] == [[]]


# -- evaluation --------------------------------------------------------------------------


def test_eval_gold_mentions_are_grouped_perfectly_and_copies_found() -> None:
    reports = load_reports(EvalConfig(data=None))
    assert len(reports) >= 20 and len({r["outlet"] for r in reports}) >= 5
    labels, ledger = group(reports, [gold_analysis(r) for r in reports])
    p, r, _ = score(predicted_pairs(labels), gold_pairs(reports, "incident"))
    assert p >= 90 and r >= 90
    assert contradiction_scores(reports, labels, ledger) == (100.0, 100.0)
    assert independence_accuracy(reports, labels, ledger) == 100.0
    ledger.close()


def test_eval_end_to_end_on_a_few_reports(nlp) -> None:  # type: ignore[no-untyped-def]
    report = run(EvalConfig(data=None, limit=6))  # the checkpoint attack: 6 reports, 3 wire copies
    _, recall, _ = report.prf["grouping, end to end"]
    assert report.items == 6 and report.prf["near copies"][2] == 100.0
    assert recall >= 50, report.prf


def test_figures_are_compared_only_when_they_count_the_same_thing() -> None:
    def q(text: str, value: float, unit: str) -> tuple[Quantity, ...]:
        return (Quantity(text=text, value=value, unit=unit, approx="exact"),)

    killed = mention(
        "a",
        actor="gunmen",
        sentence="Gunmen attacked the checkpoint, killing three policemen.",
        quantities=q("three policemen", 3, "policeman"),
    )
    officers = mention(
        "b",
        actor="gunmen",
        sentence="Four police officers were killed when gunmen attacked.",
        quantities=q("Four police officers", 4, "officer"),
    )
    wounded = mention(
        "c",
        actor="gunmen",
        sentence="Gunmen attacked; a second officer was wounded.",
        quantities=q("a second officer", 2, "officer"),
    )
    incident = group_mentions([killed, officers, wounded])[0]
    assert len(incident.articles) == 3
    [contradiction] = incident.contradictions
    assert contradiction["unit"] == "dead"
    assert {r["article_id"] for r in contradiction["reports"]} == {"a", "b"}
