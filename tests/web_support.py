"""Invented fixture articles for the web app tests, built as Analysis objects.

Building analyses directly (instead of through spaCy) pins exactly which
sources, quotes and caveats each page must show. Every outlet, person, group
and town here is invented.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from newsledger.corroborate import open_ledger
from newsledger.ledger import Ledger
from newsledger.models import (
    Actor,
    Analysis,
    Approx,
    Article,
    Attribution,
    AttributionForm,
    Caveat,
    CaveatStatus,
    Event,
    EventStatus,
    Location,
    Place,
    Quantity,
    Source,
    Span,
    Time,
    When,
)


class Builder:
    """Finds spans by substring so fixtures stay readable."""

    def __init__(
        self, text: str, title: str, outlet: str, published: str, url: str | None = None
    ) -> None:
        self.text = text
        article_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        self.article = Article(
            id=article_id,
            title=title,
            outlet=outlet,
            published=published,
            published_source="metadata",
            url=url,
            text=text,
        )
        self.parts: dict[str, list[Any]] = {
            k: []
            for k in (
                "sources",
                "attributions",
                "caveats",
                "events",
                "places",
                "times",
                "quantities",
            )
        }

    def span(self, needle: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(needle, start + 1)
        return Span(start=start, end=start + len(needle), text=needle)

    def source(self, sid: str, name: str, mentions: list[str], **kw: Any) -> Builder:
        self.parts["sources"].append(
            Source(id=sid, name=name, mentions=[self.span(m) for m in mentions], **kw)
        )
        return self

    def quote(
        self, aid: str, content: str, source: str | None, cue: str | None, form: AttributionForm
    ) -> Builder:
        self.parts["attributions"].append(
            Attribution(
                id=aid,
                source=source,
                content=self.span(content),
                cue=self.span(cue) if cue else None,
                form=form,
            )
        )
        return self

    def caveat(
        self, cid: str, phrase: str, status: CaveatStatus, scope: str | None = None
    ) -> Builder:
        s = self.span(phrase)
        self.parts["caveats"].append(
            Caveat(
                id=cid,
                start=s.start,
                end=s.end,
                text=s.text,
                status=status,
                scope=self.span(scope) if scope else None,
            )
        )
        return self

    def place(
        self, pid: str, mention: str, name: str, lat: float, lon: float, country: str
    ) -> Builder:
        s = self.span(mention)
        self.parts["places"].append(
            Place(
                id=pid,
                start=s.start,
                end=s.end,
                text=s.text,
                name=name,
                lat=lat,
                lon=lon,
                country=country,
                feature="city",
            )
        )
        return self

    def time(self, tid: str, mention: str, value: str) -> Builder:
        s = self.span(mention)
        self.parts["times"].append(
            Time(id=tid, start=s.start, end=s.end, text=s.text, value=value, precision="day")
        )
        return self

    def quantity(
        self, qid: str, mention: str, value: float, unit: str, approx: Approx = "exact"
    ) -> Builder:
        s = self.span(mention)
        self.parts["quantities"].append(
            Quantity(
                id=qid, start=s.start, end=s.end, text=s.text, value=value, unit=unit, approx=approx
            )
        )
        return self

    def event(
        self,
        eid: str,
        etype: str,
        trigger: str,
        sentence: str,
        *,
        actor: str | None = None,
        place: str | None = None,
        when: str | None = None,
        status: EventStatus = "asserted",
        quantities: tuple[str, ...] = (),
        attribution: str | None = None,
    ) -> Builder:
        places = {p.id: p for p in self.parts["places"]}
        times = {t.id: t for t in self.parts["times"]}
        p = places.get(place or "")
        t = times.get(when or "")
        self.parts["events"].append(
            Event(
                id=eid,
                type=etype,
                trigger=self.span(trigger),
                sentence=self.span(sentence),
                actor=Actor(text=actor, name=actor, kind="militia") if actor else None,
                place=p.id if p else None,
                location=Location(name=p.name, lat=p.lat, lon=p.lon, country=p.country)
                if p
                else None,
                when=When(text=t.text, start=t.value, end=t.value, precision="day") if t else None,
                quantities=list(quantities),
                attribution=attribution,
                status=status,
            )
        )
        return self

    def build(self) -> Analysis:
        return Analysis.model_validate({"article": self.article, **self.parts})


CONVOY = (
    "Fighters crossed the river near Port Amberly on Monday, March 2, witnesses said.\n\n"
    '"We saw at least 40 trucks moving north," said Karim Velasquez, the mayor of Port Amberly.\n\n'
    "A local official, who declined to give his name because he was not authorised to speak to the "
    "press, "
    "said the convoy belonged to the Red Hand Brigade. The claim could not be independently "
    "verified.\n\n"
    "Reporters counted 12 checkpoints on the road to Lake Sora."
)


def convoy() -> Analysis:
    b = Builder(
        CONVOY, "Convoy crosses the river at Port Amberly", "Northwind Gazette", "2026-03-02"
    )
    b.source(
        "S1",
        "Karim Velasquez",
        ["Karim Velasquez"],
        kind="person",
        named="named",
        descriptors=["the mayor of Port Amberly"],
    )
    b.source(
        "S2",
        "a local official",
        ["A local official"],
        kind="person",
        named="unnamed",
        descriptors=["a local official"],
        anonymity_reason="declined to give his name because he was not authorised to speak "
        "to the press",
    )
    b.quote("A1", "We saw at least 40 trucks moving north,", "S1", "said", "direct")
    b.quote(
        "A2", "the convoy belonged to the Red Hand Brigade", "S2", "said the convoy", "indirect"
    )
    b.caveat(
        "C1",
        "could not be independently verified",
        "unverified",
        "the convoy belonged to the Red Hand Brigade",
    )
    b.place("P1", "Port Amberly", "Port Amberly", 15.6, 32.5, "SD")
    b.place("P2", "Lake Sora", "Lake Sora", 13.2, 30.1, "SD")
    b.time("T1", "Monday, March 2", "2026-03-02")
    b.quantity("Q1", "at least 40 trucks", 40, "truck", "more_than")
    b.event(
        "E1",
        "MOBILIZE",
        "crossed",
        "Fighters crossed the river near Port Amberly on Monday, March 2, witnesses said.",
        actor="Red Hand Brigade",
        place="P1",
        when="T1",
        status="reported",
        quantities=("Q1",),
    )
    return b.build()


RIVAL = (
    "Only 15 trucks carrying Red Hand Brigade fighters crossed near Port Amberly on Monday, March "
    "2, "
    "according to a humanitarian worker in the area.\n\n"
    "The Eastern Courier was not able to confirm the number."
)


def rival() -> Analysis:
    b = Builder(RIVAL, "Fifteen trucks seen at Port Amberly", "Eastern Courier", "2026-03-03")
    b.source(
        "S1",
        "a humanitarian worker",
        ["a humanitarian worker in the area"],
        kind="person",
        named="unnamed",
        descriptors=["a humanitarian worker in the area"],
    )
    b.quote(
        "A1",
        "Only 15 trucks carrying Red Hand Brigade fighters crossed near Port Amberly on Monday, "
        "March 2",
        "S1",
        "according to",
        "according_to",
    )
    b.caveat("C1", "was not able to confirm the number", "unconfirmed")
    b.place("P1", "Port Amberly", "Port Amberly", 15.6, 32.5, "SD")
    b.time("T1", "Monday, March 2", "2026-03-02")
    b.quantity("Q1", "15 trucks", 15, "truck", "exact")
    b.event(
        "E1",
        "MOBILIZE",
        "crossed",
        RIVAL.split("\n")[0],
        actor="Red Hand Brigade",
        place="P1",
        when="T1",
        status="reported",
        quantities=("Q1",),
        attribution="A1",
    )
    return b.build()


MARKET = (
    "Shelling hit the central market in Mirelle on Friday, February 20, killing three people, "
    "the Harbor Times reported.\n\nResidents said the shells came from the hills."
)


def market() -> Analysis:
    b = Builder(MARKET, "Shelling hits Mirelle market", "Harbor Times", "2026-02-21")
    b.source("S1", "residents", ["Residents"], kind="people", named="unnamed")
    b.quote("A1", "the shells came from the hills", "S1", "said", "indirect")
    b.place("P1", "Mirelle", "Mirelle", -1.3, 36.8, "KE")
    b.time("T1", "Friday, February 20", "2026-02-20")
    b.quantity("Q1", "three people", 3, "person")
    b.event(
        "E1",
        "ASSAULT",
        "Shelling",
        MARKET.split("\n")[0],
        place="P1",
        when="T1",
        status="asserted",
        quantities=("Q1",),
    )
    return b.build()


PWN = "window.__pwned"
HUGE = "lorem ipsum " * 5000  # a 60,000-character quote


def hostile() -> Analysis:
    """Markup and script in every field a page shows: it must render as inert text."""
    text = (
        f"<script>{PWN} = 1</script> Officials met in Kestrel Bay on Tuesday, March 3.\n\n"
        f'<img src=x onerror="{PWN} = 2"> said a spokesman for the <b>council</b>: "{HUGE}"\n\n'
        f'"</span><script>{PWN} = 3</script>" he added. <a href="javascript:{PWN}=4">link</a>'
    )
    b = Builder(
        text,
        f"<script>{PWN} = 5</script>Hostile",
        '<i onmouseover="x()">Evil Outlet</i>',
        "2026-03-03",
        url=f"javascript:{PWN}=6",
    )
    b.source(
        "S1",
        f'<svg onload="{PWN}=7">spokesman',
        ["a spokesman for the <b>council</b>"],
        kind="person",
        named="partial",
        descriptors=[f'"><script>{PWN}=8</script>'],
        anonymity_reason=f'<img src=y onerror="{PWN}=9">',
    )
    b.quote("A1", HUGE.strip(), "S1", "said", "direct")
    b.quote("A2", f"</span><script>{PWN} = 3</script>", "S1", "he added", "direct")
    b.caveat("C1", f'<img src=x onerror="{PWN} = 2">', "unverified")
    b.place("P1", "Kestrel Bay", f"<script>{PWN}=10</script>Kestrel Bay", 5.0, 10.0, "CM")
    b.time("T1", "Tuesday, March 3", "2026-03-03")
    b.event(
        "E1",
        "CONSULT",
        "met",
        "Officials met in Kestrel Bay on Tuesday, March 3.",
        place="P1",
        when="T1",
    )
    return b.build()


def all_fixtures() -> list[Analysis]:
    return [convoy(), rival(), market(), hostile()]


def fixture_ledger() -> Iterator[Ledger]:
    """An in-memory ledger of `all_fixtures()`, closed after: a module fixture's body."""
    led = open_ledger("sqlite://")
    led.add_many(all_fixtures())
    yield led
    led.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_in_thread(app: Any, log_level: str = "warning") -> Iterator[str]:
    """The base URL of a real uvicorn server running `app` on a free 127.0.0.1 port in a
    thread of this process (so it serves a ledger object the test built), stopped after."""
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level=log_level, access_log=False)
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


class Client:
    """A small synchronous client over httpx's ASGI transport (no server, no network).

    starlette's TestClient now warns about httpx; the transport is all we need.
    Cookies persist across requests like a browser's.
    """

    def __init__(self, app: Any, base_url: str = "http://127.0.0.1") -> None:
        import httpx

        self.app = app
        self.base_url = base_url
        self.cookies = httpx.Cookies()

    def get(self, url: str, *, follow_redirects: bool = True, **kw: Any) -> Any:
        import asyncio

        return asyncio.run(self._get(url, follow_redirects, **kw))

    async def _get(self, url: str, follow_redirects: bool, **kw: Any) -> Any:
        import httpx

        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(
            transport=transport,
            base_url=self.base_url,
            cookies=self.cookies,
            follow_redirects=follow_redirects,
        ) as client:
            response = await client.get(url, **kw)
            self.cookies.update(client.cookies)
            return response
