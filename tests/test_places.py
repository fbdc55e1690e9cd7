"""Places: toponyms recognised in text and resolved, on the real spaCy pipeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsledger.extract.context import Context
from newsledger.extract.places import extract_places, location_of
from newsledger.models import Analysis, Article, Place

FIXTURES = Path(__file__).parent / "fixtures" / "geo"


def places_of(nlp, text: str) -> list[Place]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    ctx = Context(doc=doc, article=Article(id="t", text=text), anchor=date(2026, 1, 12))
    return extract_places(ctx)


def by_text(places: list[Place], text: str) -> Place:
    found = [p for p in places if p.text == text]
    assert found, f"{text!r} not among {[p.text for p in places]}"
    return found[0]


@pytest.fixture(scope="module")
def convoy(nlp) -> tuple[str, list[Place]]:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "border_convoy.txt").read_text(encoding="utf-8")
    return text, places_of(nlp, text)


def test_places_are_in_text_order_with_exact_offsets(convoy: tuple[str, list[Place]]) -> None:
    text, places = convoy
    assert [p.id for p in places] == [f"P{i}" for i in range(1, len(places) + 1)]
    assert [p.start for p in places] == sorted(p.start for p in places)
    assert all(text[p.start : p.end] == p.text for p in places)


def test_towns_and_countries_resolve_in_the_article_region(convoy: tuple[str, list[Place]]) -> None:
    _, places = convoy
    for name, country in [
        ("Syria", "SY"),
        ("Zakho", "IQ"),
        ("Basrah", "IQ"),
        ("Baghdad", "IQ"),
        ("Jordan", "JO"),
        ("ERBIL", "IQ"),
    ]:
        place = by_text(places, name)
        assert place.country == country, (name, place)
        assert place.lat is not None and place.lon is not None
    assert by_text(places, "Baghdad").feature == "city"
    assert by_text(places, "Syria").precision == "country"


def test_facilities_keep_their_own_point(convoy: tuple[str, list[Place]]) -> None:
    _, places = convoy
    airport = by_text(places, "Erbil International Airport")
    assert airport.feature == "airport" and airport.precision == "point"
    erbil = by_text(places, "ERBIL")
    assert airport.lat is not None and erbil.lat is not None
    assert abs(airport.lat - erbil.lat) < 0.2


def test_adjectives_of_countries_locate_in_the_country(convoy: tuple[str, list[Place]]) -> None:
    _, places = convoy
    iraqi = by_text(places, "Iraqi")
    assert (iraqi.name, iraqi.country, iraqi.precision) == ("Iraq", "IQ", "country")
    assert by_text(places, "Syrian").country == "SY"
    assert by_text(places, "Turkish").country == "TR"
    region = by_text(places, "Kurdistan Region")
    assert region.country == "IQ" and region.precision == "region"


def test_people_and_organisations_are_not_places(convoy: tuple[str, list[Place]]) -> None:
    _, places = convoy
    texts = {p.text for p in places}
    assert not texts & {"Northbridge Aid Alliance", "Harbor Ledger", "Northbridge", "Harbor"}


def test_a_facility_unknown_to_the_gazetteer_takes_its_town(nlp) -> None:  # type: ignore[no-untyped-def]
    places = places_of(
        nlp, "Flights from Mosul Airport to Erbil resumed on Monday, officials said."
    )
    airport = next(p for p in places if p.text.startswith("Mosul"))
    assert airport.feature == "airport" and airport.country == "IQ"
    assert airport.precision == "region"  # placed at Mosul, not at the runway


def test_a_capital_known_by_an_old_name_does_not_take_a_city_named_so(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "Philadelphia" is also an old name of Amman: a capital's bonus goes with its own name."""
    (place,) = places_of(nlp, "The shooting in Philadelphia killed two people, police said.")
    assert (place.name, place.country) == ("Philadelphia", "US")
    (capital,) = places_of(nlp, "Protesters gathered in Amman on Friday, police said.")
    assert (capital.name, capital.country) == ("Amman", "JO")


def test_nouns_for_people_are_not_places(nlp) -> None:  # type: ignore[no-untyped-def]
    places = places_of(nlp, "Several Iraqis and a 37-year-old Iranian were detained in Kuwait.")
    assert [p.text for p in places] == ["Kuwait"]


def test_location_of_gives_the_event_view(convoy: tuple[str, list[Place]]) -> None:
    _, places = convoy
    location = location_of(by_text(places, "Iraqi"))
    assert location.precision == "country" and location.country == "IQ"


def test_seed_places_resolve(seed_analysis: Analysis) -> None:
    places = seed_analysis.places
    expect = {
        "Basra": "IQ",
        "Ahvaz": "IR",
        "Najaf": "IQ",
        "Tehran": "IR",
        "Mashhad": "IR",
        "Syria": "SY",
        "Lebanon": "LB",
        "Israel": "IL",
        "Iran": "IR",
        "Iraq": "IQ",
    }
    for text, country in expect.items():
        assert by_text(places, text).country == country
    crossing = next(p for p in places if p.text.startswith("Shalamcheh"))
    assert crossing.feature == "border_crossing" and crossing.lat is not None
    assert by_text(places, "Najaf International Airport").feature == "airport"
    assert by_text(places, "Baghdad International Airport").feature == "airport"
    assert by_text(places, "Tehran").feature == "city"


@pytest.fixture(scope="module")
def roundup(nlp) -> list[Place]:  # type: ignore[no-untyped-def]
    return places_of(nlp, (FIXTURES / "conflict_roundup.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text,country",
    [
        ("Sanaa", "YE"),
        ("Khan Younis", "PS"),
        ("Rafah", "PS"),
        ("Tyre", "LB"),
        ("Kharkiv", "UA"),
        ("El Fasher", "SD"),
        ("Deir ez-Zor", "SY"),
        ("Peshawar", "PK"),
        ("Maiduguri", "NG"),
        ("Tbilisi", "GE"),
        ("Georgia", "GE"),
    ],
)
def test_towns_ner_mislabels_or_cuts_short_are_found(
    roundup: list[Place], text: str, country: str
) -> None:
    assert by_text(roundup, text).country == country


def test_divisions_and_parts_of_places_are_regions(roundup: list[Place]) -> None:
    donetsk = by_text(roundup, "Donetsk region")
    assert donetsk.country == "UA" and donetsk.precision == "region"
    darfur = by_text(roundup, "North Darfur")
    assert darfur.country == "SD" and darfur.precision == "region"
    borno = by_text(roundup, "Borno State")
    assert borno.country == "NG" and borno.feature == "region"


def test_politicians_and_seats_of_power_are_not_towns(nlp) -> None:  # type: ignore[no-untyped-def]
    places = places_of(
        nlp,
        "President Barack Obama spoke in Pennsylvania. Critics turned away from "
        "Obama, and the White House said the West would respond.",
    )
    texts = {p.text: p for p in places}
    assert "Obama" not in texts
    white_house = texts["White House"]
    assert white_house.country == "US" and white_house.feature == "facility"
    assert texts.get("West") is None or texts["West"].lat is None


@pytest.mark.parametrize(
    "text, country, admin1",
    [
        ("On 4 March 2026, in Santa Rosa (La Pampa), bakers marched to the town hall.", "AR", "11"),
        (
            "On 4 March 2026, in La Paz (Entre Rios), nurses blocked a bridge over wages.",
            "AR",
            "08",
        ),
        ("On 4 March 2026, in Rawson (District, Chubut), cooks rallied at the port.", "AR", "04"),
        # a town beyond the few largest of its name; an ambiguous province: its largest
        ("On 4 March 2026, in San Lorenzo (Santa Fe), drivers parked on the road.", "AR", "21"),
        ("On 4 March 2026, in San Juan (San Juan), clerks walked out of the office.", "AR", "18"),
        # a small town NER cuts or mislabels, known inside the province named after it
        (
            "On 4 March 2026, in Ingeniero Jacobacci (Rio Negro), farmers met at the depot.",
            "AR",
            "16",
        ),
    ],
)
def test_a_town_takes_the_province_named_after_it(  # type: ignore[no-untyped-def]
    nlp,
    text: str,
    country: str,
    admin1: str,
) -> None:
    from newsledger.geo import default_gazetteer

    town = places_of(nlp, text)[0]
    assert town.lat is not None and town.lon is not None
    near = default_gazetteer().nearest(town.lat, town.lon, 5.0)
    assert (town.country, near and near.admin1) == (country, admin1)


def test_a_neighbourhood_is_not_a_distant_town_of_its_name(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsledger.geo import distance_km

    places = places_of(
        nlp,
        "On 4 March 2026, in Trelew (Chubut), parents marched through "
        "the San Martin neighborhood to demand heating at a school.",
    )
    town = by_text(places, "Trelew")
    hood = next(p for p in places if p.text.startswith("San Martin"))
    assert town.lat is not None and town.lon is not None
    assert hood.lat is None or distance_km(hood.lat, hood.lon or 0.0, town.lat, town.lon) < 250
