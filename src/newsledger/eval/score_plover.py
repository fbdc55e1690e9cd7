"""`newsledger eval plover`: PLOVER event types and source actors of gold sentences.

Data: `dev.json` from the PLOVER gold standard records (openeventdata/PLOVER).
Older type names in the file are mapped to PLOVER v2: DEMAND = REQUEST,
DISAPPROVE = ACCUSE, INVESTIGATE = ACCUSE (mode investigate), FIGHT = ASSAULT.
Two figures over the sentences:
- type: share of sentences where some event has the gold type;
- actor: share of sentences where such an event's actor text contains the
  gold source actor's text (case-insensitive; any of several gold sources).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsledger.errors import EvalError
from newsledger.eval import EvalConfig, EvalReport, Metric, require
from newsledger.eval.eventsets import analyses, cross_validated, false_positives, limited
from newsledger.extract import Options
from newsledger.models import EVENT_TYPES, UNREAL_STATUSES, Analysis, Event

DEFAULT_DATA = Path("../shared/datasets/plover-gsr")
OLD_NAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
TYPE_TARGET = 85.0
PRECISION_TARGET = 75.0


def data_file(config: EvalConfig) -> Path:
    path = require(config.data or DEFAULT_DATA, "plover")
    if path.is_dir():
        path = path / f"{config.split or 'dev'}.json"
    return require(path, "plover")


def _sources(record: dict[str, Any]) -> list[str]:
    sources = record.get("source") or []
    if isinstance(sources, dict):
        sources = [sources]
    return [
        str(s.get("actorText", "")).strip()
        for s in sources
        if isinstance(s, dict) and s.get("actorText")
    ]


def read_items(path: Path) -> list[tuple[str, str, str, list[str]]]:
    """(id, sentence, PLOVER v2 type, gold source actor texts) for coded sentences."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"plover: cannot read {path}: {exc}") from exc
    items = []
    for record in records:
        event = OLD_NAMES.get(str(record.get("event")), str(record.get("event")))
        text = str(record.get("text") or "").strip()
        if event in EVENT_TYPES and text:
            items.append((str(record.get("id")), text, event, _sources(record)))
    return items


def _norm(text: str) -> str:
    """Lower case, runs of spaces as one (the gold file has doubled spaces)."""
    return " ".join(text.lower().split())


def judge(analysis: Analysis | None, gold_type: str, actors: list[str]) -> tuple[bool, bool]:
    """(some event has the gold type, one such event's actor contains a gold source)."""
    if analysis is None:
        return False, False
    typed = [e for e in analysis.events if e.type == gold_type]
    wanted = [_norm(a) for a in actors]
    actor_ok = any(
        e.actor is not None and any(w in _norm(e.actor.text) for w in wanted) for e in typed
    )
    return bool(typed), actor_ok


@dataclass
class Tally:
    """Counts over scored sentences: recall by sentence, precision by predicted event."""

    sentences: int = 0
    typed: int = 0
    with_actor: int = 0
    actor_ok: int = 0
    events: int = 0
    events_of_gold_type: int = 0
    real_events: int = 0  # not hypothetical, future or negated
    real_of_gold_type: int = 0
    wrong: list[Event] = field(default_factory=list)
    by_type: dict[str, list[int]] = field(default_factory=dict)

    def add(self, analysis: Analysis | None, gold_type: str, actors: list[str]) -> None:
        type_ok, this_actor = judge(analysis, gold_type, actors)
        self.sentences += 1
        self.typed += type_ok
        self.with_actor += bool(actors)
        self.actor_ok += this_actor
        events = analysis.events if analysis is not None else []
        self.events += len(events)
        self.events_of_gold_type += sum(e.type == gold_type for e in events)
        # The gold codes the threat or the promise; the threatened or promised act is a record
        # of its own with that status, so precision is also given without such records.
        real = [e for e in events if e.status not in UNREAL_STATUSES]
        self.real_events += len(real)
        self.real_of_gold_type += sum(e.type == gold_type for e in real)
        self.wrong += [e for e in events if e.type != gold_type]
        tally = self.by_type.setdefault(gold_type, [0, 0])
        tally[0] += type_ok
        tally[1] += 1

    def metrics(self) -> list[Metric]:
        n = self.sentences or 1
        return [
            Metric(
                "Sentences with an event of the gold type", 100 * self.typed / n, target=TYPE_TARGET
            ),
            Metric(
                "Type precision (events of the gold type / events)",
                100 * self.events_of_gold_type / self.events if self.events else 0.0,
                target=PRECISION_TARGET,
            ),
            Metric(
                "... of events that happened or were reported (not hypothetical/future/negated)",
                100 * self.real_of_gold_type / self.real_events if self.real_events else 0.0,
            ),
            Metric("Events per sentence (one gold event each)", self.events / n, unit=""),
            Metric(
                "... whose actor contains the gold source",
                100 * self.actor_ok / self.with_actor if self.with_actor else 0.0,
            ),
        ]


def _tally(items: list[tuple[str, str, str, list[str]]], found: Iterable[Analysis | None]) -> Tally:
    tally = Tally()
    for (_, _, gold_type, actors), analysis in zip(items, found):
        tally.add(analysis, gold_type, actors)
    return tally


def run(config: EvalConfig) -> EvalReport:
    items = limited(read_items(data_file(config)), config.limit)
    cv = _tally(
        items, cross_validated("plover", config, [(i, text, None) for i, text, _, _ in items])
    )
    triples = ((f"plover:{i}", text, None) for i, text, _, _ in items)
    rules = _tally(
        items, analyses(triples, config, Options(event_model="rules", join_events=False))
    )
    metrics = [replace(m, basis="cv") for m in cv.metrics()]
    metrics += [replace(m, name=f"rules alone: {m.name}", target=None) for m in rules.metrics()[:4]]
    return EvalReport(
        dataset="plover",
        items=len(items),
        metrics=metrics,
        notes=[
            (
                "cross-validated: each sentence's events come from a model trained without it "
                "(5 fixed folds; the other event sets whole)"
            ),
            "by gold type (found/all): "
            + ", ".join(f"{t} {a}/{b}" for t, (a, b) in sorted(cv.by_type.items())),
            "false positives by trigger (type:trigger count): " + false_positives(cv.wrong),
        ],
    )
