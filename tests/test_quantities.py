"""Numbers with units and qualifiers on invented sentences."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsledger.extract.quantities import find_quantities, quantities_in_span
from newsledger.extract.times import find_times
from newsledger.models import Quantity

FIXTURES = Path(__file__).parent / "fixtures" / "times"


def quantities_of(nlp, text: str) -> dict[str, Quantity]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return {q.text: q for q in find_quantities(doc, find_times(doc, date(2025, 3, 14)))}


@pytest.fixture(scope="module")
def flood(nlp) -> dict[str, Quantity]:  # type: ignore[no-untyped-def]
    return quantities_of(nlp, (FIXTURES / "flood_wire.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text, value, unit, approx, per",
    [
        ("more than 3,000 residents", 3000, "resident", "more_than", None),
        ("at least 12 people", 12, "person", "more_than", None),
        ("up to two years", 2, "year", "less_than", None),
        ("$4.5 million a year", 4500000, "USD", "exact", "year"),
        ("nearly 200 volunteers", 200, "volunteer", "less_than", None),
        ("dozens of soldiers", 12, "soldier", "more_than", None),
        ("15 percent", 15, "percent", "exact", None),
    ],
)
def test_flood_story_quantities(
    flood: dict[str, Quantity], text: str, value: int, unit: str, approx: str, per: str | None
) -> None:
    assert text in flood, sorted(flood)
    q = flood[text]
    assert (q.value, q.unit, q.approx, q.per) == (value, unit, approx, per)
    assert isinstance(q.value, int)


def test_dates_are_not_quantities(flood: dict[str, Quantity]) -> None:
    assert not any(q.value in (2025, 2019, 2021, 1998, 10, 17) for q in flood.values())
    assert not any("days later" in q.text for q in flood.values())


def test_seed_style_quantities(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A friend offered him $600 a month. More than 60 buses had crossed the border. Each bus "
        "had "
        "a capacity of 50 people. Thousands of Iraqi Shiites marched, despite hundreds of "
        "thousands "
        "of fighters in the Basij. The regime spent billions of dollars. The number of flights "
        "reached 13 last Monday, compared to only seven scheduled flights."
    )
    got = {q.text: q for q in find_quantities(nlp(text), find_times(nlp(text), date(2026, 1, 12)))}
    assert (got["$600 a month"].value, got["$600 a month"].unit, got["$600 a month"].per) == (
        600,
        "USD",
        "month",
    )
    assert (got["More than 60 buses"].unit, got["More than 60 buses"].approx) == (
        "bus",
        "more_than",
    )
    assert got["50 people"].unit == "person"
    assert (got["Thousands of Iraqi Shiites"].value, got["Thousands of Iraqi Shiites"].approx) == (
        1000,
        "more_than",
    )
    assert got["hundreds of thousands of fighters"].value == 100000
    assert (got["billions of dollars"].value, got["billions of dollars"].unit) == (
        1_000_000_000,
        "USD",
    )
    assert (got["13"].value, got["13"].unit) == (13, "flight")
    assert (
        got["only seven scheduled flights"].value,
        got["only seven scheduled flights"].unit,
    ) == (7, "flight")


def test_casualty_counts_and_number_words(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Some 40 percent of the 1,200 homes were damaged. Two dozen soldiers and a 37-year-old "
        "farmer were among about 300 people arrested. One of the leaders fled. Officers of the "
        "8th Unit said fewer than 20 shops reopened."
    )
    got = quantities_of(nlp, text)
    assert (got["Some 40 percent"].value, got["Some 40 percent"].approx) == (40, "about")
    assert got["1,200 homes"].value == 1200
    assert (got["Two dozen soldiers"].value, got["Two dozen soldiers"].unit) == (24, "soldier")
    assert got["37-year-old"].unit == "age"
    assert (got["about 300 people"].value, got["about 300 people"].approx) == (300, "about")
    assert got["fewer than 20 shops"].approx == "less_than"
    assert not any(q.text.startswith(("One", "8th")) for q in got.values())


def test_ids_offsets_and_span_helper(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "flood_wire.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    found = find_quantities(doc, find_times(doc, date(2025, 3, 14)))
    assert [q.id for q in found] == [f"Q{i}" for i in range(1, len(found) + 1)]
    assert all(text[q.start : q.end] == q.text for q in found)
    first = found[0]
    assert quantities_in_span(found, first.start, first.end) == [first]


def test_seed_article_quantities(seed_analysis) -> None:  # type: ignore[no-untyped-def]
    got = {q.text: q for q in seed_analysis.quantities}
    assert got["more than 60 buses"].value == 60
    assert got["$600 a month"].per == "month"


def test_casualty_and_aid_figures(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "An airstrike killed 12 civilians and wounded dozens more. The death toll rose to 30 by "
        "evening. Eleven were killed in a second raid. The agency said 1.2m people need aid and "
        "the fine was Rs 50,000."
    )
    got = quantities_of(nlp, text)
    assert (got["12 civilians"].value, got["12 civilians"].unit) == (12, "civilian")
    assert (got["dozens"].value, got["dozens"].approx) == (12, "more_than")
    assert (got["30"].value, got["30"].unit) == (30, "death")
    assert got["Eleven"].value == 11
    assert (got["1.2m people"].value, got["1.2m people"].unit) == (1_200_000, "person")
    assert got["Rs 50,000"].unit == "INR"


def test_ranges_keep_both_ends(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Between 50 and 60 people were detained. Officials said 20-25 fighters died, and "
        "2 to 3 million people fled. Twenty-five soldiers and two hundred and fifty civilians left."
    )
    got = quantities_of(nlp, text)
    assert (got["Between 50 and 60 people"].value, got["Between 50 and 60 people"].max_value) == (
        50,
        60,
    )
    assert (got["20-25 fighters"].value, got["20-25 fighters"].max_value) == (20, 25)
    assert got["2 to 3 million people"].value == 2_000_000
    assert got["2 to 3 million people"].max_value == 3_000_000
    assert got["Twenty-five soldiers"].value == 25
    assert got["two hundred and fifty civilians"].value == 250


def test_identifiers_are_not_quantities(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The council adopted Resolution 2334. Flight 17 was shot down. He lives at 10 Downing "
        "Street and flew a Boeing 737 with 150 passengers."
    )
    got = quantities_of(nlp, text)
    assert list(got) == ["150 passengers"]
