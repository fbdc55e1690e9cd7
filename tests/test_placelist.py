"""The article view lists each place once, with its mention count and its events."""

from __future__ import annotations

from ledger_support import analysis, event

from newsledger.models import Place
from newsledger.web.placelist import place_summaries


def test_each_place_once_with_mentions_and_events() -> None:
    text = "Iraq said Iran sent buses.\nIraq closed the border with Iran.\nIraq protested in Basra."
    a = analysis(
        text,
        outlet="Tigris Wire",
        published="2026-03-01",
        events=(event(text, "protested", type="PROTEST", place=("Basra", 30.5, 47.8, "IQ")),),
    )
    places: list[Place] = []
    for n, (name, country) in enumerate(
        [
            ("Iraq", "IQ"),
            ("Iran", "IR"),
            ("Iraq", "IQ"),
            ("Iran", "IR"),
            ("Iraq", "IQ"),
            ("Basra", "IQ"),
        ],
        1,
    ):
        start = text.find(name, places[-1].end if places else 0)
        places.append(
            Place(
                id=f"P{n}",
                start=start,
                end=start + len(name),
                text=name,
                name=name,
                country=country,
                lat=1.0,
                lon=2.0,
            )
        )
    a = a.model_copy(update={"places": places})
    summary = place_summaries(a)
    assert [(s.name, s.mentions) for s in summary] == [("Iraq", 3), ("Iran", 2), ("Basra", 1)]
    assert summary[2].events == [("E1", "PROTEST")] and not summary[0].events
