"""`make bench-web`: the web app's latency under load at ledger scale.

    python -m newsledger.bench.web --articles 10000 --requests 200 --concurrency 8

1. Fills a SQLite ledger with generated articles (Analysis objects built
   directly: running spaCy over thousands of texts would measure the wrong
   thing). The file is kept in --db and reused when it already holds them.
2. Starts `python -m newsledger.web.server` on a free 127.0.0.1 port in a
   second process.
3. Drives each endpoint with a bounded number of requests at bounded
   concurrency and prints p50/p99 latency and requests/s per endpoint, then
   checks the target: p99 under 200 ms for the events table and article view.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.models import (
    Actor,
    Analysis,
    Article,
    Attribution,
    Caveat,
    Event,
    Location,
    Place,
    Quantity,
    Source,
    Span,
    Time,
    When,
)

TARGET_MS = 200.0
WARMUP = 20  # requests per endpoint before measuring
TARGETED = ("events table", "events filtered", "article view")
OUTLETS = (
    "Northwind Gazette",
    "Eastern Courier",
    "Harbor Times",
    "Valley Post",
    "Coastal Wire",
    "Frontier Daily",
    "Riverside Herald",
    "Summit Observer",
    "Delta Monitor",
    "Lakeside News",
    "Capital Ledger",
    "Border Report",
)
# Invented towns at real coordinates, so the map has somewhere to put them.
TOWNS = (
    ("Port Amberly", 15.6, 32.5, "SD"),
    ("Mirelle", -1.3, 36.8, "KE"),
    ("Kestrel Bay", 5.0, 10.0, "CM"),
    ("Dalvik Ridge", 33.3, 44.4, "IQ"),
    ("Norra", 36.2, 37.1, "SY"),
    ("Tamsin", 15.4, 44.2, "YE"),
    ("Orvale", 12.6, -8.0, "ML"),
    ("Bellhaven", 9.0, 38.7, "ET"),
    ("Greyport", 31.5, 34.5, "PS"),
    ("Soria Flats", 48.5, 37.9, "UA"),
)
GROUPS = ("Red Hand Brigade", "Northern Front", "River Guard", "the army", "police", "Civic Union")
TYPES = (
    ("ASSAULT", "attacked"),
    ("MOBILIZE", "deployed"),
    ("PROTEST", "protested"),
    ("CONSULT", "met"),
    ("COERCE", "detained"),
    ("THREATEN", "threatened"),
)
SPEAKERS = (
    ("Maria Okonkwo", "named", "the regional governor"),
    ("Ali D.", "partial", "a ministry employee"),
    ("a senior official", "unnamed", "a senior official"),
    ("witnesses", "unnamed", "witnesses"),
    ("Jonas Petrov", "named", "a spokesman for the council"),
)
SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ren",
    "sa",
    "tor",
    "vel",
    "an",
    "dru",
    "pe",
    "qui",
    "zan",
    "bo",
    "lin",
    "gar",
    "shu",
    "ne",
    "ost",
    "ri",
    "fa",
)
# Filler prose of invented words: varied enough that near-copy detection
# (word 4-gram MinHash) sees distinct articles, as it would with real news.
VOCABULARY = tuple(a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("", "n", "s")[:2])


class _Text:
    """Appends pieces and returns their spans (offsets stay exact by construction)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def add(self, piece: str) -> Span:
        start = self.size
        self.parts.append(piece)
        self.size += len(piece)
        return Span(start=start, end=self.size, text=piece)

    def value(self) -> str:
        return "".join(self.parts)

    def mark(self) -> tuple[int, int]:
        return self.size, len(self.parts)

    def since(self, mark: tuple[int, int]) -> Span:
        """The span of everything added after `mark`, trailing spaces excluded."""
        text = "".join(self.parts[mark[1] :]).rstrip()
        return Span(start=mark[0], end=mark[0] + len(text), text=text)


def generate(index: int, rng: random.Random) -> Analysis:
    """One invented article: a few events, each reported by a source, some with caveats."""
    t = _Text()
    outlet = OUTLETS[index % len(OUTLETS)]
    day = 1 + index % 28
    month = 1 + (index // 28) % 12
    published = f"2025-{month:02d}-{day:02d}"
    parts: dict[str, list[Any]] = {
        k: []
        for k in ("sources", "attributions", "caveats", "events", "places", "times", "quantities")
    }
    t.add(f"Report {index} from {outlet}.\n\n")
    for n in range(1, rng.randint(2, 4) + 1):
        _paragraph(t, parts, n, rng, published)
        t.add(_filler(rng) + "\n\n")
    text = t.value()
    article_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    article = Article(
        id=article_id,
        title=f"Report {index}: events in {parts['places'][0].text}",
        outlet=outlet,
        published=published,
        published_source="metadata",
        text=text,
    )
    return Analysis(article=article, **parts)  # type: ignore[arg-type]


def _filler(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(3, 7)):
        words = rng.choices(VOCABULARY, k=rng.randint(8, 22))
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def _paragraph(
    t: _Text, parts: dict[str, list[Any]], n: int, rng: random.Random, published: str
) -> None:
    town, lat, lon, cc = rng.choice(TOWNS)
    actor = rng.choice(GROUPS)
    etype, verb = rng.choice(TYPES)
    speaker, named, descriptor = rng.choice(SPEAKERS)  # named is a Named literal
    count = rng.randint(2, 90)
    start = t.mark()
    actor_span = t.add(actor)
    t.add(" ")
    trigger = t.add(verb)
    t.add(" positions near ")
    place = t.add(town)
    t.add(" on ")
    when = t.add(published)
    t.add(", leaving ")
    qty = t.add(f"{count} people")
    t.add(" affected, ")
    source_span = t.add(speaker)
    t.add(" ")
    cue = t.add("said")
    t.add(". ")
    sentence = t.since(start)
    t.add('"')
    content = t.add(f"We saw {count} of them near {town},")
    t.add('" the source added. ')
    parts["sources"].append(
        Source(
            id=f"S{n}",
            name=speaker,
            kind="person",
            named=named,  # type: ignore[arg-type]
            descriptors=[descriptor],
            mentions=[source_span],
        )
    )
    parts["attributions"].append(
        Attribution(id=f"A{n}", source=f"S{n}", cue=cue, content=content, form="direct")
    )
    if rng.random() < 0.4:
        caveat = t.add("This could not be independently verified. ")
        parts["caveats"].append(
            Caveat(
                id=f"C{n}",
                start=caveat.start,
                end=caveat.end - 1,
                text=caveat.text[:-1],
                status="unverified",
                scope=content,
            )
        )
    parts["places"].append(
        Place(
            id=f"P{n}",
            start=place.start,
            end=place.end,
            text=town,
            name=town,
            lat=lat,
            lon=lon,
            country=cc,
            feature="city",
        )
    )
    parts["times"].append(
        Time(
            id=f"T{n}",
            start=when.start,
            end=when.end,
            text=when.text,
            value=published,
            precision="day",
        )
    )
    parts["quantities"].append(
        Quantity(
            id=f"Q{n}", start=qty.start, end=qty.end, text=qty.text, value=count, unit="person"
        )
    )
    parts["events"].append(
        Event(
            id=f"E{n}",
            type=etype,
            trigger=trigger,
            sentence=sentence,
            actor=Actor(text=actor_span.text, name=actor, kind="group"),
            place=f"P{n}",
            location=Location(name=town, lat=lat, lon=lon, country=cc),
            when=When(text=published, start=published, end=published, precision="day"),
            quantities=[f"Q{n}"],
            attribution=f"A{n}",
            status=rng.choice(("reported", "unverified", "asserted")),
        )
    )


def analyses(count: int, seed: int = 7) -> Iterator[Analysis]:
    rng = random.Random(seed)
    for index in range(count):
        yield generate(index, rng)


def fill(db: Path, count: int) -> list[str]:
    """A ledger at `db` holding `count` generated articles; returns some article ids."""
    from newsledger.ledger import Ledger

    with Ledger(str(db)) as ledger:
        have = ledger.count_articles()
        if have < count:
            print(
                f"filling {db} with {count - have} generated articles ...",
                file=sys.stderr,
                flush=True,
            )
            start = time.perf_counter()
            todo = (a for i, a in enumerate(analyses(count)) if i >= have)
            ledger.add_many(todo)
            print(f"  done in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
        return [row["id"] for row in ledger.articles(limit=500, offset=0)]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Result:
    name: str
    latencies: list[float]
    errors: int
    seconds: float

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def drive(base: str, name: str, urls: list[str], concurrency: int) -> Result:
    import httpx

    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def one(url: str) -> None:
            nonlocal errors
            async with gate:
                start = time.perf_counter()
                response = await client.get(url)
                latencies.append((time.perf_counter() - start) * 1000)
                errors += response.status_code != 200

        for url in urls[:WARMUP]:  # warm caches and connections, not measured
            await client.get(url)
        start = time.perf_counter()
        await asyncio.gather(*(one(u) for u in urls))
        return Result(name, latencies, errors, time.perf_counter() - start)


def endpoints(ids: list[str], requests: int, rng: random.Random) -> dict[str, list[str]]:
    def pick(make: Callable[[random.Random], str]) -> list[str]:
        return [make(rng) for _ in range(requests)]

    towns = [t[3] for t in TOWNS]
    return {
        "events table": pick(lambda r: f"/events?page={r.randint(1, 20)}"),
        "events filtered": pick(
            lambda r: f"/events?type={r.choice(TYPES)[0]}&country={r.choice(towns)}"
        ),
        "article view": pick(lambda r: f"/articles/{r.choice(ids)}"),
        "api events": pick(lambda r: f"/api/events?status=reported&offset={r.randint(0, 500)}"),
        "api article": pick(lambda r: f"/api/articles/{r.choice(ids)}"),
        "articles list": pick(lambda r: f"/articles?page={r.randint(1, 20)}"),
        "search": pick(lambda r: f"/api/search?q={r.choice(TOWNS)[0].split()[0]}"),
        "outlets": pick(lambda r: "/outlets"),
        "timeline": [
            f"/timeline?country={rng.choice(towns)}&type=ASSAULT"
            for _ in range(max(10, requests // 10))
        ],
    }


def wait_ready(base: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with status {process.returncode}")
        try:
            if httpx.get(base + "/api/outlets", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start within a minute")


def report(results: list[Result], articles: int, concurrency: int, workers: int) -> bool:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nnewsledger web bench: {articles} articles, concurrency {concurrency}, {workers} server "
        f"process(es), {os.cpu_count()} CPUs, load average {load:.1f}"
    )
    print(
        f"{'endpoint':<18} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}"
    )
    ok = True
    for r in results:
        p99 = r.percentile(99)
        flag = ""
        if r.name in TARGETED:
            passed = p99 < TARGET_MS and r.errors == 0
            ok &= passed
            flag = "  ok" if passed else f"  MISSES p99 < {TARGET_MS:.0f} ms"
        print(
            f"{r.name:<18} {len(r.latencies):>8} {r.errors:>6} {r.percentile(50):>8.1f} "
            f"{p99:>8.1f} "
            f"{len(r.latencies) / r.seconds:>8.1f}{flag}"
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument(
        "--db", type=Path, default=None, help="ledger file (default out/bench-web-N.db)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when the p99 target is missed")
    args = parser.parse_args(argv)
    db = args.db or Path("out") / f"bench-web-{args.articles}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    ids = fill(db, args.articles)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsledger.web.server",
            "--db",
            str(db),
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ]
    )
    try:
        wait_ready(base, server)
        results = []
        for name, urls in endpoints(ids, args.requests, random.Random(11)).items():
            results.append(asyncio.run(drive(base, name, urls, args.concurrency)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    ok = report(results, args.articles, args.concurrency, args.workers)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
