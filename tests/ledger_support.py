"""Analyses built directly (no spaCy) for the ledger, corroboration and export tests.

Every outlet, person and incident here is invented; places are real towns.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from typing import Any

import pytest

from newsledger.corroborate import open_ledger
from newsledger.ledger import Ledger
from newsledger.models import (
    Actor,
    Analysis,
    Article,
    Attribution,
    Caveat,
    Event,
    EventStatus,
    GeoPrecision,
    Location,
    Precision,
    Quantity,
    Source,
    When,
    span_of,
)

PG_ENV = "NEWSLEDGER_TEST_PG"
BASRA = ("Basra", 30.5085, 47.7804, "IQ")
ZUBAIR = ("Zubair", 30.3892, 47.7018, "IQ")
MOSUL = ("Mosul", 36.335, 43.1189, "IQ")
NASIRIYAH = ("Nasiriyah", 31.0439, 46.2573, "IQ")


def event(
    text: str,
    trigger: str,
    *,
    id: str = "E1",
    type: str = "ASSAULT",
    place: tuple[str, float, float, str] | None = None,
    day: str | None = None,
    precision: Precision = "day",
    actor: str | None = None,
    recipient: str | None = None,
    actor_kind: str | None = None,
    recipient_kind: str | None = None,
    quantities: tuple[str, ...] = (),
    status: EventStatus = "asserted",
    attribution: str | None = None,
    acled: tuple[str, str] | None = None,
    geo: GeoPrecision = "point",
) -> Event:
    """An event whose sentence is the first line holding the trigger."""
    start = text.index(trigger)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    return Event(
        id=id,
        type=type,
        trigger=span_of(text, start, start + len(trigger)),
        sentence=span_of(text, line_start, line_end),
        actor=Actor(text=actor, name=actor, kind=actor_kind, country="IQ") if actor else None,
        recipient=Actor(text=recipient, name=recipient, kind=recipient_kind) if recipient else None,
        location=Location(
            name=place[0], lat=place[1], lon=place[2], country=place[3], precision=geo
        )
        if place
        else None,
        when=When(text=day, start=day, end=day, precision=precision) if day else None,
        quantities=list(quantities),
        status=status,
        attribution=attribution,
        acled={"event_type": acled[0], "sub_event_type": acled[1]} if acled else None,  # type: ignore[arg-type]
    )


def quantity(
    text: str, phrase: str, value: float, unit: str, approx: str = "exact", id: str = "Q1"
) -> Quantity:
    start = text.index(phrase)
    return Quantity(
        id=id,
        start=start,
        end=start + len(phrase),
        text=phrase,
        value=value,
        unit=unit,
        approx=approx,  # type: ignore[arg-type]
    )


def analysis(
    text: str,
    *,
    outlet: str,
    published: str,
    title: str | None = None,
    events: tuple[Event, ...] = (),
    quantities: tuple[Quantity, ...] = (),
    sources: tuple[tuple[str, str, str], ...] = (),
    caveats: int = 0,
) -> Analysis:
    """sources: (source id, name, named); each gets one attribution A<n> over the first line."""
    first = text.split("\n")[0]
    built_sources = [
        Source(id=sid, name=name, named=named, kind="person")  # type: ignore[arg-type]
        for sid, name, named in sources
    ]
    attributions = [
        Attribution(id=f"A{i}", source=s.id, content=span_of(text, 0, len(first)))
        for i, s in enumerate(built_sources, 1)
    ]
    built_caveats = [
        Caveat(id=f"C{i}", start=0, end=len(first), text=first, status="unverified")
        for i in range(1, caveats + 1)
    ]
    article = Article(
        id=hashlib.sha256(text.encode()).hexdigest()[:16],
        title=title,
        outlet=outlet,
        published=published,
        text=text,
    )
    return Analysis(
        article=article,
        events=list(events),
        quantities=list(quantities),
        sources=built_sources,
        attributions=attributions,
        caveats=built_caveats,
    )


def zubair_file(tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    """A SQLite ledger file holding `zubair_reports()` (for tests that open it by path)."""
    path = tmp_path_factory.mktemp(name) / "ledger.db"
    with open_ledger(str(path)) as ledger:
        ledger.add_many(zubair_reports())
    return str(path)


def zubair_reports() -> list[Analysis]:
    """Three outlets on one checkpoint attack (with different tolls) and one Mosul bombing."""
    t1 = (
        "Gunmen attacked a police checkpoint in Zubair on Sunday, killing three policemen, "
        "officials said.\nPolice closed the road."
    )
    t2 = (
        "Four police officers were killed when gunmen attacked a checkpoint in Zubair on Sunday "
        "night, spokesman Ali Mahdi said."
    )
    t3 = "A roadside bomb wounded two soldiers in western Mosul on Sunday, the army said."
    t4 = (
        "Gunmen stormed a checkpoint in Zubair on Sunday and killed police officers there, "
        "according to witnesses."
    )
    return [
        analysis(
            t1,
            outlet="Tigris Wire",
            published="2026-03-01",
            title="Checkpoint attack",
            events=(
                event(
                    t1,
                    "attacked",
                    place=ZUBAIR,
                    day="2026-03-01",
                    actor="gunmen",
                    recipient="police",
                    quantities=("Q1",),
                    status="reported",
                    attribution="A1",
                    acled=("Violence against civilians", "Attack"),
                    actor_kind="political militia",
                    recipient_kind="state forces",
                ),
            ),
            quantities=(quantity(t1, "three policemen", 3, "policeman"),),
            sources=(("S1", "officials", "unnamed"),),
            caveats=1,
        ),
        analysis(
            t2,
            outlet="Basra Daily Times",
            published="2026-03-02",
            events=(
                event(
                    t2,
                    "attacked",
                    place=ZUBAIR,
                    day="2026-03-01",
                    actor="gunmen",
                    recipient="police officers",
                    quantities=("Q1",),
                    status="reported",
                    attribution="A1",
                ),
            ),
            quantities=(quantity(t2, "Four police officers", 4, "policeman"),),
            sources=(("S1", "Ali Mahdi", "named"),),
        ),
        analysis(
            t3,
            outlet="Northern Star Iraq",
            published="2026-03-01",
            events=(event(t3, "wounded", place=MOSUL, day="2026-03-01", recipient="soldiers"),),
        ),
        analysis(
            t4,
            outlet="Euphrates Post",
            published="2026-03-02",
            events=(
                event(
                    t4,
                    "stormed",
                    place=ZUBAIR,
                    day="2026-03-01",
                    actor="gunmen",
                    recipient="police officers",
                    status="reported",
                    attribution="A1",
                ),
            ),
            sources=(("S1", "witnesses", "unnamed"),),
        ),
    ]


def backends() -> list[Any]:
    return [
        "sqlite-memory",
        "sqlite-file",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not os.environ.get(PG_ENV), reason=f"{PG_ENV} not set (run .ci/postgres.sh)"
            ),
        ),
    ]


def reset_postgres(url: str) -> None:
    """An empty public schema, so each test starts from a fresh migration."""
    from sqlalchemy import create_engine, text

    from newsledger.ledger.db import resolve_url

    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def open_backend(name: str, tmp_path: Any) -> Iterator[Ledger]:
    if name == "sqlite-memory":
        ledger = open_ledger("sqlite://")
    elif name == "sqlite-file":
        ledger = open_ledger(str(tmp_path / "ledger.db"))
    else:
        url = os.environ[PG_ENV]
        reset_postgres(url)
        ledger = open_ledger(url)
    try:
        yield ledger
    finally:
        ledger.close()
