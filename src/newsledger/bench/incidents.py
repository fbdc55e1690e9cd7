"""`make bench-incidents`: what grouping an added article costs as the ledger grows.

A ledger file is filled through `Ledger.add` with generated analyses (no NLP:
the cost measured is the ledger's, not spaCy's): reports of generated incidents,
five events each, several reports per incident from different outlets, spread
over three years and a few hundred places. At 10,000, 30,000 and 100,000 stored
events, 100 more reports are added one by one, each followed by the incident
refresh a reader would trigger; the time of that refresh is the grouping cost
per added article. Peak memory is the process's peak resident set.

    python -m newsledger.bench.incidents [--levels 10000,30000,100000] [--db FILE]
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from newsledger.corroborate import open_ledger
from newsledger.ingest.document import article_id
from newsledger.ledger import Ledger
from newsledger.models import Actor, Analysis, Article, Entity, Event, Location, When, span_of

EVENTS_PER_ARTICLE = 5
MEASURED = 100
SEED = 20261204
TYPES = ("ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "ACCUSE", "CONSULT", "AID", "THREATEN")
VERBS = {
    "ASSAULT": "attacked",
    "PROTEST": "protested",
    "COERCE": "arrested",
    "MOBILIZE": "deployed",
    "ACCUSE": "accused",
    "CONSULT": "met",
    "AID": "delivered aid to",
    "THREATEN": "threatened",
}
START = date(2024, 1, 1)
DAYS = 3 * 365


class Generator:
    """Generated reports of generated incidents, reproducible from the seed."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.places = [
            (f"Town{i}", round(self.rng.uniform(-40, 60), 3), round(self.rng.uniform(-20, 120), 3))
            for i in range(400)
        ]
        self.people = [f"Person{i} Name{i % 97}" for i in range(6000)]
        self.groups = [f"Group{i} Brigade" for i in range(800)]
        self.incidents: list[tuple[str, tuple[str, float, float], date, str, str]] = []
        self.count = 0

    def _incident(self) -> tuple[str, tuple[str, float, float], date, str, str]:
        if self.incidents and self.rng.random() < 0.6:
            return self.rng.choice(self.incidents[-2000:])
        found = (
            self.rng.choice(TYPES),
            self.rng.choice(self.places),
            START + timedelta(days=self.rng.randrange(DAYS)),
            self.rng.choice(self.groups),
            self.rng.choice(self.people),
        )
        self.incidents.append(found)
        return found

    def article(self) -> Analysis:
        self.count += 1
        incidents = [self._incident() for _ in range(EVENTS_PER_ARTICLE)]
        lines = [f"Report {self.count} by outlet {self.count % 50}."]
        spans = []
        for type_, (town, _, _), day, group, person in incidents:
            at = sum(len(line) + 1 for line in lines)
            line = f"{group} {VERBS[type_]} people in {town} on {day.isoformat()}, said {person}."
            spans.append(
                (at, at + len(line), at + len(group) + 1, at + len(group) + 1 + len(VERBS[type_]))
            )
            lines.append(line)
        text = "\n".join(lines)
        published = max(day for _, _, day, _, _ in incidents) + timedelta(days=1)
        events, entities = [], []
        for n, ((type_, (town, lat, lon), day, group, person), (s, e, ts, te)) in enumerate(
            zip(incidents, spans), 1
        ):
            events.append(
                Event(
                    id=f"E{n}",
                    type=type_,
                    trigger=span_of(text, ts, te),
                    sentence=span_of(text, s, e),
                    actor=Actor(text=group, name=group, kind="group"),
                    location=Location(name=town, lat=lat, lon=lon, country="XX"),
                    when=When(
                        text=day.isoformat(),
                        start=day.isoformat(),
                        end=day.isoformat(),
                        precision="day",
                    ),
                )
            )
            for name, label in ((group, "ORG"), (town, "GPE"), (person, "PERSON")):
                at = text.index(name, s)
                entities.append(Entity(start=at, end=at + len(name), text=name, label=label))
        article = Article(
            id=article_id(text),
            outlet=f"Outlet {self.count % 50}",
            published=published.isoformat(),
            text=text,
        )
        return Analysis(article=article, events=events, entities=entities)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fill(ledger: Ledger, generator: Generator, events: int) -> float:
    """Add generated reports until the ledger holds `events` events; returns seconds spent."""
    began = time.perf_counter()
    while (stored := ledger.count_events()) < events:
        for _ in range(min(200, (events - stored) // EVENTS_PER_ARTICLE + 1)):
            ledger.add(generator.article())
        ledger.refresh_incidents()
    return time.perf_counter() - began


def measure(ledger: Ledger, generator: Generator) -> tuple[list[float], list[float]]:
    """(store seconds, grouping seconds) for each of MEASURED added reports."""
    stores, groups = [], []
    for _ in range(MEASURED):
        analysis = generator.article()
        began = time.perf_counter()
        ledger.add(analysis)
        stored = time.perf_counter()
        ledger.refresh_incidents()
        stores.append(stored - began)
        groups.append(time.perf_counter() - stored)
    return stores, groups


def main(argv: list[str]) -> int:
    levels = [10_000, 30_000, 100_000]
    if "--levels" in argv:
        levels = [int(v) for v in argv[argv.index("--levels") + 1].split(",")]
    if "--db" in argv:
        path = Path(argv[argv.index("--db") + 1])
    else:
        path = Path(tempfile.mkdtemp(prefix="newsledger-bench-incidents-")) / "bench.db"
    generator = Generator()
    print(
        f"ledger {path}; {EVENTS_PER_ARTICLE} events per generated report; {MEASURED} reports "
        "added at each level, each followed by an incident refresh"
    )
    print(
        f"{'events':>8} {'fill s':>8} {'group ms p50':>13} {'p90':>7} {'max':>7} "
        f"{'store ms p50':>13} "
        f"{'incidents':>10} {'peak MB':>8}"
    )
    with open_ledger(str(path)) as ledger:
        for level in levels:
            filled = fill(ledger, generator, level)
            stores, groups = measure(ledger, generator)
            groups_ms = sorted(1000 * g for g in groups)
            print(
                f"{ledger.count_events():>8} {filled:>8.1f} {statistics.median(groups_ms):>13.1f} "
                f"{groups_ms[int(0.9 * len(groups_ms))]:>7.1f} {groups_ms[-1]:>7.1f} "
                f"{1000 * statistics.median(stores):>13.1f} {ledger.count_incidents():>10} "
                f"{peak_mb():>8.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
